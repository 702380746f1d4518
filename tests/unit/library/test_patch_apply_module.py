"""library/patch_apply.py: check mode runs nothing that changes the host, holds are asserted before and
after the upgrade, the upgrade is non-interactive and pinned to the planned versions.

main() runs in-process; AnsibleModule.run_command is replaced by a fake dpkg/apt that records each
command and answers from a small package table.
"""

from __future__ import annotations

from typing import Any

import pytest
from ansible.module_utils import basic
from ansible.module_utils.healthops.patching.hostio import reboot_pending
from healthops_testlib import load_library_module
from module_args import run_module

patch_apply = load_library_module("patch_apply")
PLAN = [{"name": "hotest-a", "old": "1.0", "new": "2.0", "action": "upgrade"}]


class FakeApt:
    def __init__(self, reboot_after: bool = False) -> None:
        self.versions = {"hotest-a": "1.0", "tomcat9": "9.0.70-2"}
        self.held: set[str] = set()
        self.commands: list[tuple[list[str], dict[str, str]]] = []

    def __call__(self, _module: Any, args: list[str], **kwargs: Any) -> tuple[int, str, str]:
        self.commands.append((list(args), dict(kwargs.get("environ_update") or {})))
        if args[0] == "dpkg-query":
            return 0, "".join(f"{n}\t{v}\tii \n" for n, v in self.versions.items()), ""
        if args[:2] == ["apt-mark", "showhold"]:
            return 0, "".join(f"{n}\n" for n in sorted(self.held)), ""
        if args[:2] == ["apt-mark", "hold"]:
            self.held.update(args[2:])
            return 0, "", ""
        if args[:2] == ["apt-get", "install"]:
            for spec in (a for a in args if "=" in a and not a.startswith("Dpkg")):
                name, version = spec.split("=")
                self.versions[name] = version
            self.held.clear()  # as an upgrade mode that clears holds would
            return 0, "", ""
        raise AssertionError(f"unexpected command {args}")

    def ran(self, *prefix: str) -> list[list[str]]:
        return [c for c, _env in self.commands if c[: len(prefix)] == list(prefix)]


@pytest.fixture
def apt(monkeypatch: pytest.MonkeyPatch) -> FakeApt:
    fake = FakeApt()

    def run_command(self: Any, args: list[str], **kwargs: Any) -> tuple[int, str, str]:
        return fake(self, args, **kwargs)  # a method, bound to the module as run_command is

    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    monkeypatch.setattr(patch_apply, "reboot_pending", lambda _m, _f: False)
    return fake


def run(monkeypatch: pytest.MonkeyPatch, check_mode: bool = False, **args: Any) -> dict[str, Any]:
    args = {"family": "apt", "packages": PLAN, "holds": ["tomcat*"], **args}
    if check_mode:
        args["_ansible_check_mode"] = True
    result, failed = run_module(monkeypatch, patch_apply.main, args)
    assert not failed, result
    return result


def test_check_mode_changes_nothing_and_lists_the_plan(monkeypatch: pytest.MonkeyPatch, apt: FakeApt) -> None:
    result = run(monkeypatch, check_mode=True)
    assert result["changed"] is True
    assert result["diff"]["before"] == "hotest-a 1.0\n"
    assert result["diff"]["after"] == "hotest-a 2.0\n"
    assert result["holds_added"] == ["tomcat9"]
    assert apt.ran("apt-get") == []
    assert apt.ran("apt-mark", "hold") == []
    assert apt.versions["hotest-a"] == "1.0"


def test_the_upgrade_is_pinned_and_non_interactive(monkeypatch: pytest.MonkeyPatch, apt: FakeApt) -> None:
    result = run(monkeypatch)
    [(install, env)] = [(c, e) for c, e in apt.commands if c[:2] == ["apt-get", "install"]]
    assert "hotest-a=2.0" in install
    assert "--only-upgrade" in install
    assert "Dpkg::Options::=--force-confdef" in install
    assert "Dpkg::Options::=--force-confold" in install
    assert not any("allow-change-held" in a for a in install)
    assert env["DEBIAN_FRONTEND"] == "noninteractive"
    assert env["NEEDRESTART_MODE"] == "l"
    assert result["changes"] == [{"name": "hotest-a", "old": "1.0", "new": "2.0"}]
    assert result["checks"][0]["value"] == "1.0 -> 2.0"


def test_holds_are_asserted_again_after_an_upgrade_cleared_them(monkeypatch: pytest.MonkeyPatch, apt: FakeApt) -> None:
    run(monkeypatch)
    assert apt.ran("apt-mark", "hold") == [["apt-mark", "hold", "tomcat9"]] * 2
    assert apt.held == {"tomcat9"}


def test_nothing_to_do_changes_nothing(monkeypatch: pytest.MonkeyPatch, apt: FakeApt) -> None:
    apt.held.add("tomcat9")
    result = run(monkeypatch, packages=[])
    assert result["changed"] is False
    assert result["changes"] == []
    assert apt.ran("apt-get") == []


class FakeDnf:
    """rpm and dnf with the versionlock plugin (or without it: ``plugin=False``)."""

    def __init__(self, plugin: bool = True) -> None:
        self.versions = {"bash": "5.1.8-6.el9_1", "tomcat": "1:9.0.87-1.el9"}
        self.locked: set[str] = set()
        self.plugin = plugin
        self.commands: list[list[str]] = []

    def __call__(self, _module: Any, args: list[str], **_kwargs: Any) -> tuple[int, str, str]:
        self.commands.append(list(args))
        if args[0] == "rpm":
            return 0, "".join(f"{n}\t{v if ':' in v else '0:' + v}\n" for n, v in self.versions.items()), ""
        if args[:3] == ["dnf", "-q", "versionlock"]:
            if not self.plugin:
                return 1, "", "No such command: versionlock."
            if args[3] == "list":
                return 0, "".join(f"{n}-{self.versions[n]}.*\n" for n in sorted(self.locked)), ""
            self.locked.update(args[4:])
            return 0, "", ""
        if args[:4] == ["dnf", "-y", "-q", "upgrade"]:
            for spec in (a for a in args[4:] if not a.startswith("--")):
                self.versions["bash"] = spec.split("-", 1)[1]
            return 0, "", ""
        raise AssertionError(f"unexpected command {args}")


def run_dnf(monkeypatch: pytest.MonkeyPatch, fake: FakeDnf, check_mode: bool = False, **extra: Any) -> dict[str, Any]:
    def run_command(self: Any, args: list[str], **kwargs: Any) -> tuple[int, str, str]:
        return fake(self, args, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    monkeypatch.setattr(patch_apply, "reboot_pending", lambda _m, _f: None)
    plan = [{"name": "bash", "old": "5.1.8-6.el9_1", "new": "5.1.8-9.el9", "action": "upgrade"}]
    args: dict[str, Any] = {"family": "dnf", "packages": plan, "holds": ["tomcat*"], **extra}
    if check_mode:
        args["_ansible_check_mode"] = True
    result, failed = run_module(monkeypatch, patch_apply.main, args)
    assert not failed, result
    return result


def test_dnf_holds_are_version_locked_so_they_outlast_the_round(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeDnf()
    result = run_dnf(monkeypatch, fake)
    assert result["holds_added"] == ["tomcat"]
    assert fake.locked == {"tomcat"}
    [upgrade] = [c for c in fake.commands if c[:4] == ["dnf", "-y", "-q", "upgrade"]]
    assert upgrade[4:] == ["--exclude=tomcat*", "bash-5.1.8-9.el9"]
    assert result["changes"] == [{"name": "bash", "old": "5.1.8-6.el9_1", "new": "5.1.8-9.el9"}]
    # The next round finds the lock in place and adds nothing.
    again = run_dnf(monkeypatch, fake)
    assert again["holds_added"] == []


def test_dnf_check_mode_locks_nothing_and_no_plugin_still_excludes(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeDnf()
    assert run_dnf(monkeypatch, fake, check_mode=True)["holds_added"] == ["tomcat"]
    assert fake.locked == set()
    bare = FakeDnf(plugin=False)
    warnings: list[str] = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda _self, text: warnings.append(text))
    result = run_dnf(monkeypatch, bare)
    assert result["holds_added"] == []
    assert len(warnings) == 1
    assert "no versionlock plugin" in warnings[0]
    assert ["dnf", "-y", "-q", "upgrade", "--exclude=tomcat*", "bash-5.1.8-9.el9"] in bare.commands


def test_without_needs_restarting_what_changed_decides_the_reboot(monkeypatch: pytest.MonkeyPatch) -> None:
    # reboot_pending is None here (nothing on the host can tell): bash needs no reboot, unless the inventory says so.
    assert run_dnf(monkeypatch, FakeDnf())["reboot_required"] is False
    assert run_dnf(monkeypatch, FakeDnf(), reboot_packages=["bash"])["reboot_required"] is True


class FakeHost:
    """get_bin_path and run_command of a dnf host without the needs-restarting binary."""

    def __init__(self, rc: int) -> None:
        self.rc = rc
        self.commands: list[list[str]] = []

    def get_bin_path(self, _name: str) -> None:
        return None

    def run_command(self, args: list[str], **_kwargs: Any) -> tuple[int, str, str]:
        self.commands.append(list(args))
        return self.rc, "Reboot is required to fully utilize these updates.\n" if self.rc == 1 else "", ""


def test_dnf_s_own_needs_restarting_when_the_binary_is_missing() -> None:
    host = FakeHost(rc=1)
    assert reboot_pending(host, "dnf") is True
    assert host.commands == [["dnf", "-q", "needs-restarting", "-r"]]
    assert reboot_pending(FakeHost(rc=0), "dnf") is False
    # yum has no such subcommand: unknown.
    yum = FakeHost(rc=0)
    assert reboot_pending(yum, "yum") is None
    assert yum.commands == []
