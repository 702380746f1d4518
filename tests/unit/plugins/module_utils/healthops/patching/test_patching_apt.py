"""plugins/module_utils/healthops/patching/apt.py: the simulation, apt list, dpkg-query and holds.

SIMULATE_LAB is apt-get -s dist-upgrade as the lab image (Debian 12) printed it for the Molecule
scenario's repository; SIMULATE_SECURITY follows apt's documented line format with a security
origin, a new kernel package and a removal.
"""

from __future__ import annotations

from ansible.module_utils.healthops.patching.apt import parse_dpkg_query, parse_holds, parse_simulate, parse_upgradable

SIMULATE_LAB = """Reading package lists...
Building dependency tree...
Reading state information...
Calculating upgrade...
The following packages have been kept back:
  hotest-b
The following packages will be upgraded:
  hotest-a
1 upgraded, 0 newly installed, 0 to remove and 1 not upgraded.
Inst hotest-a [1.0] (2.0 localhost [all])
Conf hotest-a (2.0 localhost [all])
"""

SIMULATE_SECURITY = """Inst libc6 [2.36-9+deb12u4] (2.36-9+deb12u7 Debian-Security:12/stable-security [amd64]) []
Inst linux-image-6.1.0-23-amd64 (6.1.99-1 Debian-Security:12/stable-security [amd64])
Inst vim [2:9.0.1378-2] (2:9.0.1378-2+deb12u1 Debian:12.6/stable [amd64])
Remv oldlib [1.0]
Conf libc6 (2.36-9+deb12u7 Debian-Security:12/stable-security [amd64])
"""


def test_the_lab_simulation() -> None:
    assert parse_simulate(SIMULATE_LAB) == [
        {
            "name": "hotest-a",
            "old": "1.0",
            "new": "2.0",
            "arch": "all",
            "origin": "localhost",
            "security": False,
            "action": "upgrade",
        }
    ]


def test_security_origins_new_packages_and_removals() -> None:
    rows = {r["name"]: r for r in parse_simulate(SIMULATE_SECURITY)}
    assert rows["libc6"]["security"] is True
    assert rows["libc6"]["origin"] == "Debian-Security:12/stable-security"
    assert (rows["linux-image-6.1.0-23-amd64"]["old"], rows["linux-image-6.1.0-23-amd64"]["action"]) == (
        None,
        "install",
    )
    assert rows["vim"]["security"] is False
    assert rows["vim"]["new"] == "2:9.0.1378-2+deb12u1"
    assert rows["oldlib"] == {
        "name": "oldlib",
        "old": "1.0",
        "new": None,
        "arch": "",
        "origin": "",
        "security": False,
        "action": "remove",
    }


def test_apt_list_upgradable() -> None:
    text = (
        "Listing...\n"
        "hotest-a/unknown 2.0 all [upgradable from: 1.0]\n"
        "libc6/stable-security 2.36-9+deb12u7 amd64 [upgradable from: 2.36-9+deb12u4]\n"
    )
    rows = parse_upgradable(text)
    assert [(r["name"], r["old"], r["new"], r["security"]) for r in rows] == [
        ("hotest-a", "1.0", "2.0", False),
        ("libc6", "2.36-9+deb12u4", "2.36-9+deb12u7", True),
    ]


def test_dpkg_query_keeps_installed_and_held_only() -> None:
    text = "hotest-a\t2.0\tii \nhotest-held\t1.0\thi \nold-conf\t0.9\trc \nlibc6:amd64\t2.36-9\tii \n"
    assert parse_dpkg_query(text) == {"hotest-a": "2.0", "hotest-held": "1.0", "libc6": "2.36-9"}


def test_holds() -> None:
    assert parse_holds("tomcat9\nlibc6:amd64\n\n") == ["libc6", "tomcat9"]
