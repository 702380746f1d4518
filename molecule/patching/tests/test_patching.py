"""A full patch round on the apt host: check mode changed nothing and proposed exactly what the round
then changed, the hold held, the reboot happened once (the hook) because hotest-kern 2.0 marked it,
and the second run changed nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from testinfra.host import Host

EPHEMERAL = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent"))
VERSION_1 = ["hotest-a=1.0", "hotest-held=1.0", "hotest-kern=1.0"]
testinfra_hosts = ["patching-host"]


def runs(name: str = "patching-host") -> list[dict]:
    """The host's saved runs in order: the check step, converge, idempotence."""
    found = sorted(EPHEMERAL.glob(f"result-{name}-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(found) == 3, f"check, converge and idempotence should have saved three results, found {found}"
    return [json.loads(p.read_text(encoding="utf-8")) for p in found]


def versions(host: Host) -> dict[str, str]:
    out = host.check_output("dpkg-query -W -f='${Package} ${Version}\\n' hotest-a hotest-held hotest-kern")
    return dict(line.split() for line in out.splitlines())


def test_check_mode_changed_nothing() -> None:
    check, converge, _again = runs()
    assert check["check_mode"] is True
    assert converge["check_mode"] is False
    # What the converge run started from is what prepare installed: the check step changed nothing.
    assert check["before"] == converge["before"] == VERSION_1


def test_the_proposal_is_what_the_round_changed() -> None:
    check, converge, _again = runs()
    proposed = {p["name"]: (p["old"], p["new"]) for p in check["result"]["planned"]}
    changed = {c["name"]: (c["old"], c["new"]) for c in converge["result"]["changes"]}
    assert proposed == changed == {"hotest-a": ("1.0", "2.0"), "hotest-kern": ("1.0", "2.0")}
    assert check["result"]["result"] == "proposed"
    assert [s["name"] for s in check["result"]["skipped"]] == ["hotest-held"]
    assert check["result"]["skipped"][0]["reason"] == "held"


def test_the_proposal_states_the_reboot_the_holds_and_the_window() -> None:
    check, converge, _again = runs()
    rows = {c["id"]: c for c in check["result"]["checks"]}
    # hotest-kern is in patching_reboot_packages: the proposal expects the reboot the round then made.
    assert (rows["patch.reboot"]["value"], rows["patch.reboot"]["detail"]) == ("yes", "expected: updates hotest-kern")
    assert converge["result"]["reboot"] is True
    assert (rows["patch.holds"]["value"], rows["patch.holds"]["status"]) == ("hotest-held", "INFO")
    assert rows["patch.holds"]["detail"].endswith("updates held back: hotest-held 1.0")
    # Written outside the window: stated, not enforced.
    assert (rows["patch.window"]["status"], rows["patch.window"]["value"]) == ("INFO", "mon 00:00-00:01")
    assert "patch.batch" not in rows  # the role on its own is not batched


def test_the_round_upgraded_and_held(host: Host) -> None:
    assert versions(host) == {"hotest-a": "2.0", "hotest-held": "1.0", "hotest-kern": "2.0"}
    assert "hotest-held" in host.check_output("apt-mark showhold").split()


def test_the_report_rows_name_old_and_new_versions() -> None:
    _check, converge, _again = runs()
    rows = {c["id"]: c for c in converge["result"]["checks"]}
    assert rows["package.hotest-a"]["status"] == "PASS"
    assert rows["package.hotest-a"]["value"] == "1.0 -> 2.0"
    assert rows["package.hotest-held"]["detail"] == "not updated: held"
    assert rows["patch.backup"]["status"] == "PASS"
    assert rows["patch.window"]["status"] in ("INFO", "PASS")
    assert rows["patch.control_node"]["status"] == "PASS"
    assert rows["patch.service:ssh"]["status"] == "PASS"
    assert rows["patch.port:22"]["status"] == "PASS"
    assert rows["patch.reboot"]["detail"] == "rebooted"
    assert converge["result"]["result"] == "upgraded"
    assert rows["package.hotest-a"]["detail"] == "installed as planned"
    assert (rows["patch.result"]["status"], rows["patch.result"]["value"]) == ("PASS", "upgraded")
    assert "2 package(s) changed" in rows["patch.result"]["detail"]


def test_rebooted_once_because_the_upgrade_marked_it(host: Host) -> None:
    assert len(host.file("/var/lib/healthops-test/reboots").content_string.split()) == 1
    assert not host.file("/var/run/reboot-required").exists


def test_the_second_run_changed_nothing() -> None:
    _check, converge, again = runs()
    assert again["before"] == ["hotest-a=2.0", "hotest-held=1.0", "hotest-kern=2.0"]
    assert again["result"]["planned"] == []
    assert again["result"]["changes"] == []
    assert again["result"]["reboot"] is False
    assert converge["result"]["reboot"] is True
