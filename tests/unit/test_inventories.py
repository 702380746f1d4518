"""The shipped inventories parse and describe the five systems of the README."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.module_utils.healthops.backup_audit.policy import validate_policy
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS, validate_thresholds

SYSTEMS = {
    "petition": "网上信访信息系统",
    "cadre_health": "北京市保健信息系统",
    "occupational_health": "职业卫生监管系统",
    "medical_supplies": "北京市医药物资监测系统",
    "medical_admin": "医政信息管理系统",
}
ROLE_GROUPS = {
    "linux_servers",
    "oracle_servers",
    "postgres_servers",
    "tomcat_servers",
    "web_servers",
    "switches",
    "backup_storage",
}


def inventory(repo: Path, name: str) -> dict:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(repo / "inventories" / name), "--list"],
        check=True,
        capture_output=True,
        text=True,
        cwd=repo,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def example(repo: Path) -> dict:
    return inventory(repo, "example")


def hosts_of(inv: dict, group: str) -> set[str]:
    return set(inv.get(group, {}).get("hosts", []))


def test_every_system_and_role_group_exists(example: dict) -> None:
    assert set(SYSTEMS) | ROLE_GROUPS <= set(example["all"]["children"])
    for group in set(SYSTEMS) | ROLE_GROUPS:
        assert hosts_of(example, group), f"group {group} has no host"


def test_every_host_is_in_exactly_one_system(example: dict) -> None:
    hostvars = example["_meta"]["hostvars"]
    for host in hostvars:
        systems = [s for s in SYSTEMS if host in hosts_of(example, s)]
        assert len(systems) == 1, f"{host} is in systems {systems}"
        assert hostvars[host]["healthops_system"] == systems[0]
        assert hostvars[host]["system_name_zh"] == SYSTEMS[systems[0]]


def test_duty_calendar_follows_the_notices(example: dict) -> None:
    hostvars = example["_meta"]["hostvars"]
    calendar = {s: hostvars[sorted(hosts_of(example, s))[0]]["healthops_calendar"] for s in SYSTEMS}
    assert calendar["medical_supplies"]["inspection"] == "daily"
    for system in ("petition", "cadre_health", "occupational_health", "medical_admin"):
        assert calendar[system]["inspection"] == "weekly"
    assert calendar["petition"]["db_health"] == "monthly"
    assert calendar["petition"]["db_tuning"] == "quarterly"
    assert 30 <= calendar["cadre_health"]["password_rotation_days"] <= 92
    for system in ("occupational_health", "medical_admin"):
        assert calendar[system]["patch_round"] == "semiannual"
        assert calendar[system]["backup_audit"] == "semiannual"
    # Drills at least twice a year: petition, medical_supplies (4 h), medical_admin (8 h, no data lost).
    for system in ("petition", "medical_supplies", "medical_admin"):
        assert calendar[system]["drill"] == "semiannual"
    assert calendar["medical_supplies"]["recovery_time_objective_hours"] == 4
    assert calendar["medical_admin"]["temporary_environment_hours"] == 8


def test_backup_policies_are_valid(example: dict) -> None:
    hostvars = example["_meta"]["hostvars"]
    for system in ("occupational_health", "medical_admin"):
        for host in hosts_of(example, system):
            assert validate_policy(hostvars[host]["backup_audit_policy"], f"{host}.backup_audit_policy") == []
    assert hostvars["yz-db-01"]["backup_audit_policy"]["restore_test_max_age_days"] == 183


def test_system_thresholds_are_valid(example: dict) -> None:
    for host, hv in example["_meta"]["hostvars"].items():
        errors = validate_thresholds(hv.get("healthops_thresholds"), DEFAULT_THRESHOLDS, f"{host}.healthops_thresholds")
        assert errors == []


def test_switches_carry_a_platform(example: dict) -> None:
    hostvars = example["_meta"]["hostvars"]
    for host in hosts_of(example, "switches"):
        assert hostvars[host]["switch_platform"] in {"brocade_fos", "huawei_vrp", "h3c_comware", "cisco_ios"}


def test_lab_inventory_parses_without_a_lab(repo: Path) -> None:
    lab = inventory(repo, "lab")
    assert "localhost" in lab["_meta"]["hostvars"]


@pytest.mark.parametrize("kind", ["group_vars", "host_vars"])
def test_no_vars_file_stands_beside_a_vars_directory_of_the_same_name(repo: Path, kind: str) -> None:
    # Ansible reads group_vars/<group>/ and ignores group_vars/<group>.yml beside it: the lab lost its
    # database host's settings that way once, so a group's variables live in one form only.
    clashes = [
        str(path.relative_to(repo))
        for folder in sorted(repo.glob(f"inventories/*/{kind}"))
        for path in sorted(folder.iterdir())
        if path.suffix in (".yml", ".yaml", ".json") and (folder / path.stem).is_dir()
    ]
    assert clashes == [], "move each into the directory of the same name (e.g. <group>/main.yml)"


# ------------------------------------------------------------------ host keys

# SSH options and settings that would let a host in without checking its key.
UNCHECKED = re.compile(
    r"StrictHostKeyChecking[= ]+(no|off|accept-new)\b"
    r"|UserKnownHostsFile[= ]+/dev/null"
    r"|host_key_checking\s*[=:]\s*(false|no|0)\b",
    re.IGNORECASE,
)


def resolved(repo: Path, inventories: list[Path], host: str, names: list[str]) -> dict[str, str]:
    """Variables of ``host`` as a play sees them (templated), without connecting to it."""
    sources = [arg for path in inventories for arg in ("-i", str(path))]
    msg = {name: f"{{{{ {name} }}}}" for name in names}
    out = subprocess.run(
        [str(Path(sys.executable).with_name("ansible")), host, *sources, "-m", "ansible.builtin.debug"]
        + ["-a", json.dumps({"msg": msg})],
        check=True,
        capture_output=True,
        text=True,
        cwd=repo,
        # No run-ledger line for a look at variables.
        env=dict(
            os.environ,
            ANSIBLE_LOAD_CALLBACK_PLUGINS="1",
            ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json",
            HEALTHOPS_LEDGER=os.devnull,
        ),
    )
    return json.loads(out.stdout)["plays"][0]["tasks"][0]["hosts"][host]["msg"]


def assert_checked_against(args: str, known_hosts: Path) -> None:
    options = shlex.split(args)
    assert f"UserKnownHostsFile={known_hosts}" in options
    assert "StrictHostKeyChecking=yes" in options
    assert "GlobalKnownHostsFile=/dev/null" in options


def test_ansible_cfg_checks_host_keys(repo: Path) -> None:
    cfg = configparser.ConfigParser()
    cfg.read(repo / "ansible.cfg")
    assert cfg.getboolean("defaults", "host_key_checking") is True
    assert not UNCHECKED.search(cfg.get("ssh_connection", "ssh_args"))


def test_example_hosts_are_checked_against_the_inventory_known_hosts(repo: Path) -> None:
    inventory = repo / "inventories" / "example"
    found = resolved(repo, [inventory], "pet-db-01", ["healthops_known_hosts_file", "ansible_ssh_common_args"])
    assert found["healthops_known_hosts_file"] == str(inventory / "known_hosts")
    assert_checked_against(found["ansible_ssh_common_args"], inventory / "known_hosts")
    # The committed file holds no key yet (the addresses are placeholders), only how it is filled.
    text = (inventory / "known_hosts").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.strip() and not line.startswith("#")] == []
    assert "make known-hosts" in text


def test_lab_hosts_are_checked_against_the_known_hosts_lab_sh_writes(repo: Path, tmp_path: Path) -> None:
    # A lab inventory as molecule/shared/lab.sh writes it, apart from the checkout's.
    (tmp_path / "lab_hosts.yml").write_text(
        "all:\n  children:\n    lab:\n      hosts:\n        lab-01: {ansible_port: 22201}\n", encoding="utf-8"
    )
    sources = [repo / "inventories/lab/localhost.yml", tmp_path / "lab_hosts.yml"]
    found = resolved(repo, sources, "lab-01", ["healthops_known_hosts_file", "ansible_ssh_common_args"])
    assert found["healthops_known_hosts_file"] == str(tmp_path / "known_hosts")
    assert_checked_against(found["ansible_ssh_common_args"], tmp_path / "known_hosts")


def test_nothing_turns_host_key_checking_off(repo: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
        text=True,
        cwd=repo,
    ).stdout.split("\n")
    this_file = Path(__file__).resolve().relative_to(repo).as_posix()
    offenders = []
    for name in listed:
        path = repo / name
        if not name or name == this_file or not path.is_file() or path.stat().st_size > 1_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {m.group(0)}" for m in UNCHECKED.finditer(text)]
    assert offenders == []


def test_known_hosts_beside_an_inventory_is_not_read_as_inventory(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(repo / "inventories" / "example", site)
    with (site / "known_hosts").open("a", encoding="utf-8") as fh:
        fh.write(
            "10.10.1.11 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMgEOQoJBqKL4de+Czfj7a+SIb9xwOGQUJm7xKmrLuNp pet-db-01\n"
        )
        fh.write(
            "[10.10.1.12]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMgEOQoJBqKL4de+Czfj7a+SIb9xwOGQUJm7xKmrLuNp x\n"
        )
    out = subprocess.run(
        [str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(site), "--list"],
        check=True,
        capture_output=True,
        text=True,
        cwd=repo,
    )
    assert "known_hosts" not in out.stderr
    assert "10.10.1.11" not in json.loads(out.stdout)["_meta"]["hostvars"]
