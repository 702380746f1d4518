"""The shipped inventories parse and describe the five systems of DESIGN.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.module_utils.healthops_thresholds import DEFAULT_THRESHOLDS, validate_thresholds

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
