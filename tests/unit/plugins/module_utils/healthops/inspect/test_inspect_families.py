"""The distribution families on their recorded outputs: os-release -> family and version in system.os, and the
family-specific readings (package log or database, chrony or ntpd, systemd, SELinux) the inspection makes on them.

Fixtures are under tests/unit/fixtures/inspect/families/<distribution>-<version>/; SOURCES.md there names where
each file was recorded.
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.inspect import base as hi
from ansible.module_utils.healthops.inspect import collect_system
from ansible.module_utils.healthops.inspect import system as sy
from ansible.module_utils.healthops.inspect.hostio import CmdResult, HostIO
from ansible.module_utils.healthops.inspect.inspection import Inspection
from ansible.module_utils.healthops.inspect.sec import eval_mac
from healthops_testlib import FIXTURES_DIR

FAMILIES = FIXTURES_DIR / "inspect" / "families"
TH = hi.resolve_thresholds(None)
NOW = 1714521600.0
Uname = namedtuple("Uname", "release version machine")

# directory -> (family, ID as written, VERSION_ID, PRETTY_NAME)
OS_RELEASES = {
    "kylin-v10": ("redhat", "kylin", "V10", "Kylin Linux Advanced Server V10 (Sword)"),
    "uos-20-fou": ("debian", "UOS", "20", "UnionTech OS Server 20"),
    "uos-20-uel20": ("redhat", "uos", "20", "UOS Server 20"),
    "uos-20-uelc20": ("redhat", "uos", "20", "UOS Server 20"),
    "openeuler-20.03": ("redhat", "openEuler", "20.03", "openEuler 20.03 (LTS)"),
    "anolis-7.9": ("redhat", "anolis", "7.9", "Anolis OS 7.9"),
    "anolis-8.8": ("redhat", "anolis", "8.8", "Anolis OS 8.8"),
    "rocky-8.3": ("redhat", "rocky", "8.3", "Rocky Linux 8.3"),
    "rocky-9.3": ("redhat", "rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)"),
    "almalinux-8.3": ("redhat", "almalinux", "8.3", "AlmaLinux 8.3 Beta (Purple Manul)"),
    "centos-7": ("redhat", "centos", "7", "CentOS Linux 7 (Core)"),
    "centos-8": ("redhat", "centos", "8", "CentOS Linux 8 (Core)"),
    "centos-stream-8": ("redhat", "centos", "8", "CentOS Stream 8"),
    "rhel-7.7": ("redhat", "rhel", "7.7", "Red Hat Enterprise Linux Server 7.7 (Maipo)"),
    "debian-10": ("debian", "debian", "10", "Debian GNU/Linux 10 (buster)"),
    "debian-12": ("debian", "debian", "12", "Debian GNU/Linux 12 (bookworm)"),
    "debian-13": ("debian", "debian", "13", "Debian GNU/Linux 13 (trixie)"),
    "ubuntu-18.04": ("debian", "ubuntu", "18.04", "Ubuntu 18.04.3 LTS"),
}


# directory -> the full version its recorded release file gives (/etc/<name>-release or /etc/debian_version)
FULL_VERSIONS = {
    "centos-7": "7.1.1503",
    "centos-8": "8.1.1911",
    "rhel-7.7": "7.7",
    "rocky-8.3": "8.3",
    "rocky-9.3": "9.3",
    "almalinux-8.3": "8.3",
    "kylin-v10": "V10",
    "openeuler-20.03": "20.03",
    "debian-10": "10.11",
    "debian-12": "12.11",
    "debian-13": "13.1",
}
RELEASE_FILE_NAMES = ("debian_version", "*-release")


def recorded(directory: str, name: str) -> str:
    return (FAMILIES / directory / name).read_text()


# ---------------------------------------------------------------- os-release


@pytest.mark.parametrize("directory", sorted(OS_RELEASES))
def test_os_check_gives_family_and_version(directory: str) -> None:
    family, os_id, version, pretty = OS_RELEASES[directory]
    release = sy.parse_os_release(recorded(directory, "os-release"))
    assert sy.os_family(release) == family
    check = sy.eval_os(release)
    assert check["status"] == "INFO"
    assert check["value"] == pretty
    assert check["detail"] == f"ID={os_id} VERSION_ID={version} family={family}"


@pytest.mark.parametrize("directory", sorted(OS_RELEASES))
def test_os_check_adds_the_release_files_full_version(tmp_path: Path, directory: str) -> None:
    family, os_id, version, _ = OS_RELEASES[directory]
    files = {
        "/etc/" + p.name: p.read_text()
        for pattern in RELEASE_FILE_NAMES
        for p in (FAMILIES / directory).glob(pattern)
        if p.name != "os-release"
    }
    run = host(tmp_path, directory, files)
    check = sy.eval_os(run.os_release, collect_system.full_version(run))
    full = FULL_VERSIONS.get(directory)
    expected = f"ID={os_id} VERSION_ID={version} family={family}" + (f" version={full}" if full else "")
    assert check["detail"] == expected


def test_every_release_file_is_read_by_its_family() -> None:
    on_disk = {
        p.parent.name for pattern in RELEASE_FILE_NAMES for p in FAMILIES.glob("*/" + pattern) if p.name != "os-release"
    }
    assert on_disk == set(FULL_VERSIONS)


def test_release_file_parsing() -> None:
    # CentOS 7's file ends in a space before the newline; Debian testing says a codename, not a number.
    assert sy.release_version("/etc/centos-release", recorded("centos-7", "centos-release")) == "7.1.1503"
    assert sy.release_version("/etc/redhat-release", recorded("almalinux-8.3", "redhat-release")) == "8.3"
    assert sy.release_version("/etc/debian_version", "trixie/sid\n") == ""
    # Ubuntu's /etc/debian_version names its Debian base, so it is never read.
    assert sy.release_files(sy.parse_os_release(recorded("ubuntu-18.04", "os-release"))) == []
    kylin = sy.release_files(sy.parse_os_release(recorded("kylin-v10", "os-release")))
    assert kylin == ["/etc/kylin-release", "/etc/redhat-release", "/etc/system-release"]


def test_every_recorded_os_release_is_checked_and_sourced() -> None:
    on_disk = {p.parent.name for p in FAMILIES.glob("*/os-release")}
    assert on_disk == set(OS_RELEASES)
    sources = (FAMILIES / "SOURCES.md").read_text()
    for path in sorted(FAMILIES.glob("*/*")):
        name = f"{path.parent.name}/{path.name}"
        assert f"`{name}`" in sources, f"{name} has no source in SOURCES.md"


def test_uos_edition_is_told_by_platform_id_not_by_id() -> None:
    # Same ID=uos: the Debian-based "a" edition has no PLATFORM_ID, the openEuler/Anolis-based "e" editions do.
    assert sy.os_family(sy.parse_os_release(recorded("uos-20-fou", "os-release"))) == "debian"
    assert sy.os_family(sy.parse_os_release(recorded("uos-20-uel20", "os-release"))) == "redhat"
    assert sy.os_family(sy.parse_os_release('ID=uos\nPLATFORM_ID="platform:uelc20"\n')) == "redhat"


# ---------------------------------------------------------------- the host, through the collectors


class RecordedHost(HostIO):
    """HostIO over a temporary root holding one family's recorded files; commands come from ``commands``."""

    def __init__(self, root: Path, commands: dict[str, tuple[int, str]]) -> None:
        super().__init__(root=str(root))
        self.commands = commands
        self.calls: list[str] = []

    def run(self, argv: list[str], timeout: float) -> Any:
        self.calls.append(argv[0])
        if argv[0] not in self.commands:
            return CmdResult(None, "", "", f"{argv[0]} not installed")
        rc, out = self.commands[argv[0]]
        return CmdResult(rc, out, "", "")

    def which(self, name: str) -> str | None:
        return "/usr/bin/" + name if name in self.commands else None

    def now(self) -> float:
        return NOW

    def uname(self) -> Uname:
        return Uname("3.10.0-1160.el7.x86_64", "#1 SMP", "x86_64")

    def comm(self, pid: int) -> str:
        return "init"


def host(
    tmp_path: Path, directory: str, files: dict[str, str], commands: dict[str, tuple[int, str]] | None = None
) -> Inspection:
    tree = dict(files, **{"/etc/os-release": recorded(directory, "os-release")})
    for path, content in tree.items():
        target = tmp_path / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    run = Inspection({}, RecordedHost(tmp_path, commands or {}))
    run.facts()
    return run


def test_el7_without_dnf_log_reads_the_rpm_database(tmp_path: Path) -> None:
    # CentOS 7 has yum, not dnf: no dnf.rpm.log, so the rpm database's last change answers.
    run = host(tmp_path, "centos-7", {"/var/lib/rpm/Packages": "", "/var/log/dpkg.log": ""})
    os.utime(tmp_path / "var/lib/rpm/Packages", (NOW - 10 * 86400, NOW - 10 * 86400))
    assert run.family == "redhat"
    check = collect_system.days_since_update(run)
    assert check["value"] == 10.0
    assert check["detail"].endswith("(/var/lib/rpm/Packages modified)")


# Each host has both logs (a dpkg.log left by alien, an rpm installed on Debian): only its own family's counts.
DNF_LOG = "2024-04-20T02:30:45+0800 SUBDEBUG Upgrade: openssl-libs-1:1.1.1f-31.oe1.x86_64\n"
DPKG_LOG = "2024-04-20 02:30:45 upgrade libc6:amd64 2.36-9+deb12u4 2.36-9+deb12u7\n"
STRAY = {"/var/log/dpkg.log": "2024-04-29 08:00:00 install alien:all 8.95.6 <none>\n"}
STRAY["/var/log/dnf.rpm.log"] = "2024-04-29T08:00:00+0000 SUBDEBUG Installed: rpm-4.18.0-1.x86_64\n"


@pytest.mark.parametrize(
    ("directory", "log"),
    [
        ("kylin-v10", "/var/log/dnf.rpm.log"),
        ("openeuler-20.03", "/var/log/dnf.rpm.log"),
        ("uos-20-uel20", "/var/log/dnf.rpm.log"),
        ("anolis-8.8", "/var/log/dnf.rpm.log"),
        ("uos-20-fou", "/var/log/dpkg.log"),
        ("debian-12", "/var/log/dpkg.log"),
        ("ubuntu-18.04", "/var/log/dpkg.log"),
    ],
)
def test_each_family_reads_its_own_package_log(tmp_path: Path, directory: str, log: str) -> None:
    own = DNF_LOG if log.endswith("dnf.rpm.log") else DPKG_LOG
    run = host(tmp_path, directory, dict(STRAY, **{log: own}))
    check = collect_system.days_since_update(run)
    assert check["detail"].endswith(f"({log})")


def test_chrony_hosts_report_chronyc_tracking(tmp_path: Path) -> None:
    run = host(tmp_path, "openeuler-20.03", {}, {"chronyc": (0, recorded("chrony", "chronyc_tracking.out"))})
    sync, offset = sy.eval_time(collect_system.clock(run), TH)
    assert (sync["status"], sync["value"]) == ("PASS", True)
    assert "reference CB00710F (ntp1.example.net), stratum 3, leap status Normal" in sync["detail"]
    assert offset["value"] == 7e-06  # graded in whole microseconds
    assert offset["detail"] == "chronyc: -0.000007 s"


def test_ntpd_hosts_fall_back_to_ntpq(tmp_path: Path) -> None:
    # RHEL/CentOS 7 hosts often still run ntpd: chronyc is absent and ntpq -pn answers.
    run = host(tmp_path, "rhel-7.7", {}, {"ntpq": (0, recorded("rhel-7.7", "ntpq_pn.out"))})
    sync, offset = sy.eval_time(collect_system.clock(run), TH)
    assert sync["status"] == "PASS"
    assert "system peer 2001:388:608c:8" in sync["detail"]
    assert "chronyc: chronyc not installed" in sync["detail"]
    assert offset["value"] == 0.001939
    assert run.io.calls[:2] == ["chronyc", "ntpq"]


def test_ntpd_still_starting_is_not_synchronised(tmp_path: Path) -> None:
    run = host(tmp_path, "centos-7", {}, {"ntpq": (0, recorded("rhel-7.7", "ntpq_pn_init.out"))})
    sync, _ = sy.eval_time(collect_system.clock(run), TH)
    assert sync["status"] == "FAIL"
    assert "no system peer selected" in sync["detail"]


def test_systemd_show_of_el7_parses_unit_by_unit() -> None:
    units = sy.parse_systemctl_show(recorded("rhel-7.7", "systemctl_show_targets.out"))
    names = ["network.target", "swap.target", "paths.target", "sockets.target"]
    assert [u["Id"] for u in units] == names
    checks = sy.eval_services(names, units)
    assert [c["status"] for c in checks] == ["PASS"] * 4
    assert checks[0]["detail"] == "network.target is active (active)"


def test_no_systemd_is_named_for_every_expected_service(tmp_path: Path) -> None:
    run = host(tmp_path, "centos-7", {})
    run.p = {"expected_services": ["sshd"]}
    run.procs = []
    checks = collect_system.services(run)
    assert checks[0]["status"] == "ERROR"
    assert checks[0]["detail"] == "cannot check: systemd is not running (PID 1 is init)"
    assert "systemctl" not in run.io.calls


def test_selinux_on_the_rhel_family() -> None:
    config = recorded("rhel-7.7", "selinux_config")
    enforcing = eval_mac("1", config, None, None)
    assert enforcing["value"] == "SELinux enforcing"
    assert enforcing["detail"] == "SELinux enforcing; configured SELINUX=enforcing"
    # setenforce 0 at run time: the kernel says 0 while the file still says enforcing
    assert eval_mac("0", config, None, None)["detail"] == "SELinux permissive; configured SELINUX=enforcing"
    # no selinuxfs mounted: SELinux is off whatever the file says (it takes effect at the next boot)
    assert eval_mac(None, config, None, None)["value"] == "SELinux disabled"


def test_apparmor_on_the_debian_family() -> None:
    check = eval_mac(None, None, "Y\n", 42)
    assert check["value"] == "AppArmor enabled"
    assert check["detail"] == "AppArmor enabled, 42 profiles loaded"
