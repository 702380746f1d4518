"""security.firewall on recorded rule sets: firewalld on EL7 (iptables backend) and EL8 (nftables backend), iptables
legacy on EL6/EL7, nftables and iptables-nft on Debian 12, and the units that load rules at boot.

Rule sets are under tests/unit/fixtures/inspect/families/firewall/ (SOURCES.md names where each was recorded).
The ``systemctl show`` unit states are written inline: KEY=value lines, one blank-line-separated block per unit, as
``systemctl show --property=...`` prints them (tests/unit/fixtures/inspect/families/rhel-7.7/systemctl_show_targets.out
is a recorded example of the format).
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import collect_sec
from ansible.module_utils.healthops.inspect import firewall as fw
from ansible.module_utils.healthops.inspect.hostio import CmdResult
from healthops_testlib import FIXTURES_DIR

RECORDED = FIXTURES_DIR / "inspect" / "families" / "firewall"


def recorded(name: str) -> str:
    return (RECORDED / name).read_text()


def unit_text(**states: str) -> str:
    """unit_text(firewalld="active enabled", nftables="inactive enabled"); every other firewall unit not-found."""
    blocks = []
    for unit in fw.FIREWALL_UNITS:
        name = unit.split(".")[0].replace("-", "_")
        if name in states:
            active, enabled = states[name].split()
            blocks.append(f"Id={unit}\nLoadState=loaded\nActiveState={active}\nUnitFileState={enabled}\n")
        else:
            blocks.append(f"Id={unit}\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n")
    return "\n".join(blocks)


def units(**states: str) -> dict[str, dict[str, str]]:
    return fw.parse_unit_states(unit_text(**states))


def facts(**extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"units": units(), "units_error": "", "firewalld_state": None, "firewalld_conf": None}
    values.update(extra)
    return values


# ---------------------------------------------------------------- parsing the recorded rule sets


def test_el6_iptables_legacy_rules() -> None:
    parsed = fw.parse_iptables_save(recorded("el6_iptables_save.out"))
    assert parsed["backend"] == "legacy"  # iptables 1.4 had no other
    assert set(parsed["tables"]) == {"filter", "mangle", "nat"}
    summary = fw.summarise_iptables(parsed)
    assert (summary["rules"], summary["input_policy"], summary["blocks"]) == (8, "ACCEPT", True)
    assert summary["user_chains"] == ["REJECT-LOG"]


def test_el7_firewalld_chains_in_ip6tables_save() -> None:
    summary = fw.summarise_iptables(fw.parse_iptables_save(recorded("el7_firewalld_ip6tables_save.out")))
    assert summary["backend"] == "legacy"
    assert summary["rules"] == 14
    assert "INPUT_direct" in summary["user_chains"]


def test_iptables_nft_backend_is_named_in_the_header() -> None:
    parsed = fw.parse_iptables_save(recorded("debian12_podman_iptables_save.out"))
    assert parsed["backend"] == "nf_tables"
    summary = fw.summarise_iptables(parsed)
    assert summary["active"] is True
    assert summary["blocks"] is False  # the container network's rules accept and jump, never drop


def test_el8_nft_ruleset_of_firewalld_and_iptables_nft_has_no_native_table() -> None:
    tables = fw.parse_nft_ruleset(recorded("el8_firewalld_nft_list_ruleset.out"))
    assert len(tables) == 15
    firewalld = next(t for t in tables if (t["family"], t["name"]) == ("inet", "firewalld"))
    filter_input = next(c for c in firewalld["chains"] if c["name"] == "filter_INPUT")
    assert (filter_input["hook"], filter_input["policy"], filter_input["rules"]) == ("input", "accept", 6)
    assert filter_input["blocks"] is True  # "ct state invalid drop", "reject with icmpx type admin-prohibited"
    summary = fw.summarise_nft(tables)
    assert summary["tables"] == []
    assert {"inet firewalld", "ip filter", "bridge nat"} <= set(summary["others"])
    assert summary["active"] is False


def test_debian_default_nftables_conf_loads_empty_accept_chains() -> None:
    summary = fw.summarise_nft(fw.parse_nft_ruleset(recorded("debian12_nft_list_ruleset_default.out")))
    assert (summary["tables"], summary["chains"], summary["rules"]) == (["inet filter"], 3, 0)
    assert (summary["input_policy"], summary["active"]) == ("accept", False)


def test_debian_workstation_example_filters() -> None:
    summary = fw.summarise_nft(fw.parse_nft_ruleset(recorded("debian12_nft_list_ruleset_workstation.out")))
    assert (summary["rules"], summary["blocks"], summary["active"]) == (5, True, True)


def test_iptables_nft_tables_are_not_native_nftables() -> None:
    summary = fw.summarise_nft(fw.parse_nft_ruleset(recorded("debian12_podman_nft_list_ruleset.out")))
    assert summary["tables"] == []
    assert summary["others"] == ["ip nat", "ip filter", "ip6 nat"]


def test_firewalld_conf_default_zone_and_backend() -> None:
    assert fw.parse_firewalld_conf(recorded("el7_firewalld.conf"))["DefaultZone"] == "public"
    upstream = fw.parse_firewalld_conf(recorded("firewalld.conf"))
    assert (upstream["DefaultZone"], upstream["FirewallBackend"]) == ("public", "nftables")


# ---------------------------------------------------------------- grading


def test_el8_firewalld_alone_is_info_with_zone_and_backend() -> None:
    check = fw.eval_firewall(
        facts(units=units(firewalld="active enabled"), firewalld_conf=recorded("firewalld.conf")), required=True
    )
    assert (check["status"], check["value"], check["threshold"]) == ("INFO", "firewalld", "active")
    assert check["detail"] == "firewalld running, default zone public, backend nftables"
    assert check["title_zh"] == "防火墙状态"


@pytest.mark.parametrize("other", ["nftables", "iptables", "ip6tables", "netfilter_persistent"])
def test_firewalld_with_another_managers_unit_enabled_warns(other: str) -> None:
    check = fw.eval_firewall(facts(units=units(firewalld="active enabled", **{other: "inactive enabled"})), False)
    assert check["status"] == "WARN"
    assert check["value"] in ("firewalld+nftables", "firewalld+iptables")
    assert "manage the rules at once and overwrite each other" in check["detail"]


def test_firewalld_enabled_but_stopped_is_not_a_second_manager() -> None:
    text = recorded("el6_iptables_save.out")
    check = fw.eval_firewall(
        facts(
            units=units(firewalld="inactive enabled", iptables="active enabled"), nft=(None, ""), iptables=(text, "")
        ),
        False,
    )
    assert (check["status"], check["value"]) == ("INFO", "iptables")
    assert check["detail"] == "iptables (legacy): 8 rule(s), INPUT policy ACCEPT, chains REJECT-LOG"


def test_nftables_and_iptables_services_both_on_warn() -> None:
    check = fw.eval_firewall(
        facts(units=units(nftables="active enabled", iptables="inactive enabled"), nft=("", ""), iptables=("", "")),
        False,
    )
    assert check["status"] == "WARN"
    assert check["value"] == "nftables+iptables"


def test_debian_nftables_ruleset_is_info() -> None:
    text = recorded("debian12_nft_list_ruleset_workstation.out")
    check = fw.eval_firewall(facts(units=units(nftables="active enabled"), nft=(text, ""), iptables=(None, "")), True)
    assert (check["status"], check["value"]) == ("INFO", "nftables")
    assert check["detail"] == "nftables: inet filter, 1 chain(s), 5 rule(s), input policy accept"


def test_debian_default_nftables_service_filters_nothing() -> None:
    text = recorded("debian12_nft_list_ruleset_default.out")
    args = facts(units=units(nftables="active enabled"), nft=(text, ""), iptables=(None, ""))
    check = fw.eval_firewall(args, False)
    assert (check["status"], check["value"]) == ("INFO", "nftables")
    assert check["detail"] == (
        "nftables.service active, no rule loaded; no rule drops or rejects a packet: nothing is filtered"
    )
    assert fw.eval_firewall(args, True)["status"] == "WARN"


def test_container_rules_alone_are_not_a_firewall_when_one_is_required() -> None:
    nft, ipt = recorded("debian12_podman_nft_list_ruleset.out"), recorded("debian12_podman_iptables_save.out")
    check = fw.eval_firewall(facts(nft=(nft, ""), iptables=(ipt, "")), False)
    assert (check["status"], check["value"]) == ("INFO", "iptables")
    assert check["detail"].startswith("iptables (nf_tables): 189 rule(s), INPUT policy ACCEPT, chains CNI-")
    assert check["detail"].endswith("; no rule drops or rejects a packet: nothing is filtered")
    assert fw.eval_firewall(facts(nft=(nft, ""), iptables=(ipt, "")), True)["status"] == "WARN"


def test_no_firewall_is_info_unless_required() -> None:
    # A fresh network namespace on Debian 12: both tools print nothing.
    empty = facts(nft=("", ""), iptables=("", ""))
    check = fw.eval_firewall(empty, False)
    assert (check["status"], check["value"], check["threshold"]) == ("INFO", "none", None)
    assert check["detail"] == "no firewall: firewalld not running, no nftables or iptables rules"
    required = fw.eval_firewall(empty, True)
    assert (required["status"], required["threshold"]) == ("WARN", "active")
    # Neither tool installed: nothing can load rules either.
    assert fw.eval_firewall(facts(nft=(None, ""), iptables=(None, "")), True)["status"] == "WARN"


def test_unreadable_rules_are_an_error_only_when_nothing_is_known() -> None:
    denied = facts(nft=(None, "Operation not permitted"), iptables=(None, "Permission denied (you must be root)"))
    check = fw.eval_firewall(denied, False)
    assert (check["status"], check["value"]) == ("ERROR", None)
    assert check["detail"].startswith("cannot tell which firewall is active: nft: Operation not permitted; ")
    assert check["detail"].endswith("(run with become)")
    # firewalld's unit state needs no root: known running, the rule sets are not needed.
    known = dict(denied, units=units(firewalld="active enabled"))
    assert fw.eval_firewall(known, False)["status"] == "INFO"
    # one rule set read is enough when it shows a firewall
    half = dict(denied, iptables=(recorded("el6_iptables_save.out"), ""))
    assert fw.eval_firewall(half, False)["value"] == "iptables"


# ---------------------------------------------------------------- the collector


Uname = namedtuple("Uname", "release version machine")


class Run:
    """What collect_sec.firewall uses of an Inspection: io, read, timeout, p."""

    def __init__(self, commands: dict[str, tuple[int | None, str]], systemd: bool = True) -> None:
        self.commands = commands
        self.calls: list[list[str]] = []
        self.systemd = systemd
        self.io = self
        self.timeout = 5
        self.p = {"firewall_required": True}

    def isdir(self, path: str) -> bool:
        return self.systemd and path == "/run/systemd/system"

    def run(self, argv: list[str], timeout: float) -> CmdResult:
        self.calls.append(argv)
        if argv[0] not in self.commands:
            return CmdResult(None, "", "", f"{argv[0]} not installed")
        rc, out = self.commands[argv[0]]
        return CmdResult(rc, out if rc == 0 else "", "" if rc == 0 else out, "")

    def read(self, path: str) -> str | None:
        return recorded("firewalld.conf") if path == "/etc/firewalld/firewalld.conf" else None


def test_collector_asks_systemd_once_and_skips_the_rules_when_firewalld_runs() -> None:
    run = Run({"systemctl": (0, unit_text(firewalld="active enabled", nftables="inactive enabled"))})
    check = collect_sec.firewall(run)
    assert [argv[0] for argv in run.calls] == ["systemctl"]
    assert run.calls[0][-6:] == ["--", *fw.FIREWALL_UNITS]
    assert check["status"] == "WARN"  # nftables.service enabled beside it
    assert check["value"] == "firewalld+nftables"


def test_collector_without_systemd_asks_firewall_cmd() -> None:
    run = Run({"firewall-cmd": (0, "running\n")}, systemd=False)
    check = collect_sec.firewall(run)
    assert run.calls == [["firewall-cmd", "--state"]]
    assert check["value"] == "firewalld"
    stopped = Run({"firewall-cmd": (252, "not running\n"), "nft": (0, ""), "iptables-save": (0, "")}, systemd=False)
    assert collect_sec.firewall(stopped)["status"] == "WARN"  # required, none active
    assert [argv[0] for argv in stopped.calls] == ["firewall-cmd", "nft", "iptables-save"]


def test_collector_reports_a_denied_rule_read() -> None:
    run = Run(
        {"systemctl": (0, unit_text(firewalld="inactive disabled")), "nft": (1, "Error: Operation not permitted\n")}
    )
    check = collect_sec.firewall(run)
    assert check["status"] == "ERROR"
    assert check["detail"] == (
        "cannot tell which firewall is active: nft: Error: Operation not permitted (run with become)"
    )


def test_firewall_required_must_be_a_boolean() -> None:
    assert hi.validate_inspection_options({"firewall_required": True}) == []
    assert hi.validate_inspection_options({"firewall_required": "yes"}, prefix="inspection_") == [
        "inspection_firewall_required must be a boolean, got 'yes'"
    ]
