"""The role's round on patching-dnf, through a real dnf (4, with dnf-plugins-core) and rpm database: the
proposal from `dnf check-update` and `dnf updateinfo list --security`, a security-only round (hotest-kern 2.0
is the repository's only security update), the hold version-locked, the reboot from `dnf needs-restarting -r`
(hotest-kern 2.0 names itself in needs-restarting.d, as the kernel is named), the second run changing nothing,
and the package versions compared before and after check mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from test_patching import runs

if TYPE_CHECKING:
    from testinfra.host import Host

testinfra_hosts = ["patching-dnf"]
VERSION_1 = ["hotest-a=1.0-1", "hotest-held=1.0-1", "hotest-kern=1.0-1"]


def versions(host: Host) -> dict[str, str]:
    out = host.check_output("rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}\\n' hotest-a hotest-held hotest-kern")
    return dict(line.split() for line in out.splitlines())


def test_check_mode_changed_nothing_on_dnf() -> None:
    check, converge, _again = runs("patching-dnf")
    assert (check["check_mode"], converge["check_mode"]) == (True, False)
    assert check["before"] == converge["before"] == VERSION_1


def test_the_security_only_proposal_is_what_dnf_changed() -> None:
    check, converge, _again = runs("patching-dnf")
    proposed = {p["name"]: (p["old"], p["new"]) for p in check["result"]["planned"]}
    changed = {c["name"]: (c["old"], c["new"]) for c in converge["result"]["changes"]}
    assert proposed == changed == {"hotest-kern": ("1.0-1", "2.0-1")}
    skipped = {s["name"]: s["reason"] for s in check["result"]["skipped"]}
    assert skipped == {"hotest-a": "not a security update", "hotest-held": "held"}
    rows = {c["id"]: c for c in check["result"]["checks"]}
    assert rows["patch.reboot"]["value"] == "yes"


def test_dnf_upgraded_the_security_update_and_locked_the_hold(host: Host) -> None:
    assert versions(host) == {"hotest-a": "1.0-1", "hotest-held": "1.0-1", "hotest-kern": "2.0-1"}
    assert "hotest-held-0:1.0-1.*" in host.check_output("dnf -q versionlock list").split()
    # The lock outlasts the round: dnf itself refuses hotest-held 2.0.
    assert "hotest-held" not in host.run("dnf -q check-update").stdout


def test_dnf_needs_restarting_asked_for_the_one_reboot(host: Host) -> None:
    _check, converge, again = runs("patching-dnf")
    assert converge["result"]["reboot"] is True
    rows = {c["id"]: c for c in converge["result"]["checks"]}
    assert rows["patch.reboot"]["detail"] == "rebooted"
    assert rows["package.hotest-kern"]["value"] == "1.0-1 -> 2.0-1"
    assert (rows["patch.result"]["status"], rows["patch.result"]["value"]) == ("PASS", "upgraded")
    assert len(host.file("/var/lib/healthops-test/reboots").content_string.split()) == 1
    # The hook stood in for the reboot: dnf no longer asks for one.
    assert host.run("dnf -q needs-restarting -r").rc == 0
    assert again["result"]["reboot"] is False


def test_the_second_dnf_run_changed_nothing() -> None:
    _check, _converge, again = runs("patching-dnf")
    assert again["before"] == ["hotest-a=1.0-1", "hotest-held=1.0-1", "hotest-kern=2.0-1"]
    assert again["result"]["planned"] == []
    assert again["result"]["changes"] == []
