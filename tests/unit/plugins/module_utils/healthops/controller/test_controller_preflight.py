"""healthops.controller.preflight: the preflight's reading of one shell command's output.

The outputs are as PROBE_COMMAND prints them over ssh -tt (CRLF line
ends); the os-release lines are those the distributions ship (CentOS 7, Rocky 8, Kylin V10, Debian 12).
"""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.controller import preflight as pf

CENTOS7 = """NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
"""
ROCKY8 = """NAME="Rocky Linux"
VERSION="8.9 (Green Obsidian)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.9"
PRETTY_NAME="Rocky Linux 8.9 (Green Obsidian)"
"""
KYLIN10 = """NAME="Kylin Linux Advanced Server"
VERSION="V10 (Sword)"
ID="kylin"
VERSION_ID="V10"
PRETTY_NAME="Kylin Linux Advanced Server V10 (Sword)"
"""
DEBIAN12 = """PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian"""


def raw(os_release: str, *pythons: str) -> str:
    lines = [f"os|{line}" for line in os_release.splitlines()] + [f"py|{p}" for p in pythons]
    return "\r\n".join(lines) + "\r\n"


def test_parse_raw_lists_each_interpreter_once_under_its_first_name() -> None:
    out = raw(
        DEBIAN12,
        "python3.11|/usr/bin/python3.11|/usr/bin/python3.11|3.11.2",
        "python3|/usr/bin/python3|/usr/bin/python3.11|3.11.2",
        "garbage line",
    )
    parsed = pf.parse_raw(out + "Shared connection to 127.0.0.1 closed.\r\n")
    assert parsed["os"]["ID"] == "debian"
    assert parsed["os"]["VERSION_ID"] == "12"
    assert parsed["pythons"] == [
        {
            "name": "python3.11",
            "path": "/usr/bin/python3.11",
            "real": "/usr/bin/python3.11",
            "version": "3.11.2",
            "aliases": ["/usr/bin/python3"],
        }
    ]
    # An interpreter declared by another of its names is the same one.
    record = pf.preflight(out, "h", "/usr/bin/python3", "3.8")
    assert (record["failed"], record["interpreter"], record["interpreter_version"]) == (
        False,
        "/usr/bin/python3",
        "3.11.2",
    )


def test_the_minimum_is_the_installed_ansible_cores() -> None:
    from ansible.module_utils.basic import _PY_MIN

    assert pf.installed_minimum() == ".".join(map(str, _PY_MIN))


def test_a_usable_host_gets_its_newest_interpreter() -> None:
    out = raw(
        ROCKY8,
        "python3.11|/usr/bin/python3.11|/usr/bin/python3.11|3.11.5",
        "/usr/libexec/platform-python|/usr/libexec/platform-python|/usr/libexec/platform-python3.6|3.6.8",
    )
    record = pf.preflight(out, "yw-app-01", "auto_silent", "3.8")
    assert record["failed"] is False
    assert (record["interpreter"], record["interpreter_version"]) == ("/usr/bin/python3.11", "3.11.5")
    assert record["os"] == "Rocky Linux 8.9 (Green Obsidian)"
    assert (record["os_id"], record["os_version"], record["family"]) == ("rocky", "8.9", "redhat")
    assert record["declared"] is False
    # On the 2.16 line (3.6 targets) the newest still wins.
    assert pf.preflight(out, "yw-app-01", None, "3.6")["interpreter"] == "/usr/bin/python3.11"


def test_el8_with_only_platform_python_is_stopped_naming_appstream() -> None:
    out = raw(
        ROCKY8,
        "/usr/libexec/platform-python|/usr/libexec/platform-python|/usr/libexec/platform-python3.6|3.6.8",
    )
    record = pf.preflight(out, "yw-db-01", "auto_silent", "3.8")
    assert record["failed"] is True
    msg = record["msg"]
    assert msg.startswith(
        "preflight: yw-db-01 (Rocky Linux 8.9 (Green Obsidian)) has /usr/libexec/platform-python (3.6.8)"
    )
    assert "Python 3.8 or later" in msg
    assert "dnf install python3.11 (AppStream" in msg
    assert "never installs" in msg
    # Where 3.6 is enough, platform-python is picked.
    assert pf.preflight(out, "yw-db-01", "auto", "3.6")["interpreter"] == "/usr/libexec/platform-python"


@pytest.mark.parametrize(
    ("os_release", "minimum", "remedy"),
    [
        (CENTOS7, "3.6", "yum install python3 (base repository)"),
        (CENTOS7, "3.8", "ships Python 3.6 at most"),
        (KYLIN10, "3.6", "dnf install python3 (Kylin V10 base repository)"),
        (KYLIN10, "3.8", "ships Python 3.7 at most"),
        (DEBIAN12, "3.8", "apt-get install python3"),
        ("ID=slackware\nVERSION_ID=15.0", "3.8", "install Python 3.8 or later from the distribution's own repository"),
    ],
)
def test_a_host_without_python_gets_its_releases_remedy(os_release: str, minimum: str, remedy: str) -> None:
    record = pf.preflight(raw(os_release), "h1", None, minimum)
    assert record["failed"] is True
    assert "has no Python interpreter" in record["msg"]
    assert remedy in record["msg"].split("Remedy: ", 1)[1]
    assert record["interpreter"] == ""


def test_centos7_python2_and_36_are_named_with_their_versions() -> None:
    out = raw(
        CENTOS7,
        "python3|/usr/bin/python3|/usr/bin/python3.6|3.6.8",
        "python|/usr/bin/python|/usr/bin/python2.7|2.7.5",
    )
    record = pf.preflight(out, "bj-ora-01", None, "3.8")
    assert record["failed"] is True
    assert "has /usr/bin/python3 (3.6.8), /usr/bin/python (2.7.5);" in record["msg"]


def test_an_explicit_interpreter_is_checked_not_replaced() -> None:
    out = raw(
        ROCKY8,
        "python3.11|/usr/bin/python3.11|/usr/bin/python3.11|3.11.5",
        "/usr/libexec/platform-python|/usr/libexec/platform-python|/usr/libexec/platform-python3.6|3.6.8",
    )
    ok = pf.preflight(out, "h", "/usr/bin/python3.11", "3.8")
    assert (ok["failed"], ok["declared"], ok["interpreter"]) == (False, True, "/usr/bin/python3.11")
    old = pf.preflight(out, "h", "/usr/libexec/platform-python", "3.8")
    assert old["failed"] is True
    assert "its ansible_python_interpreter /usr/libexec/platform-python is Python 3.6.8" in old["msg"]
    assert "Remedy: set it to /usr/bin/python3.11." in old["msg"]
    missing = pf.preflight(out, "h", "/opt/python3.12/bin/python3", "3.8")
    assert "/opt/python3.12/bin/python3 is not on the host" in missing["msg"]


def test_no_os_release_and_an_interpreter_that_does_not_answer() -> None:
    record = pf.preflight("py|python3|/usr/bin/python3|/usr/bin/python3|\r\n", "h", None, "3.8")
    assert record["os"] == "unknown (no /etc/os-release)"
    assert record["failed"] is True
    assert "/usr/bin/python3 (did not answer)" in record["msg"]
