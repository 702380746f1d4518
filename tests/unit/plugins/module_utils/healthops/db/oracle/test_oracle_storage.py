"""Issue 16 (ASM, DB_FILES): ASM disk groups graded on usable free space against their redundancy, offline disks
FAIL; rows as V$ASM_DISKGROUP_STAT returns them in a database instance (sizes in MB)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.sql import CATALOGUE
from sqlglot import exp
from test_oracle_evaluate import by_id, ctx


def diskgroup(
    name: str = "DATA",
    kind: str = "NORMAL",
    total: int = 2_048_000,
    free: int = 400_000,
    required: int = 512_000,
    usable: int | None = None,
    offline: int = 0,
    state: str = "CONNECTED",
) -> dict[str, Any]:
    copies = {"EXTERN": 1, "NORMAL": 2, "HIGH": 3}.get(kind, 2)
    return {
        "name": name,
        "state": state,
        "type": kind,
        "total_mb": total,
        "free_mb": free,
        "required_mirror_free_mb": required,
        # As ASM computes it: (FREE_MB - REQUIRED_MIRROR_FREE_MB) / copies.
        "usable_file_mb": (free - required) // copies if usable is None else usable,
        "offline_disks": offline,
    }


def test_free_raw_space_below_what_redundancy_needs_fails() -> None:
    # Four 500 GiB disks, NORMAL redundancy: 400 000 MB free raw (20%) looks fine, but 512 000 MB must stay free
    # to re-mirror after losing a disk: USABLE_FILE_MB is negative.
    check = by_id(ev.ev_asm({"asm_diskgroups": [diskgroup()]}, ctx()))["oracle.asm_diskgroup.DATA"]
    assert check["status"] == FAIL
    assert "USABLE_FILE_MB is negative" in check["detail"]


@pytest.mark.parametrize(
    ("kind", "free", "status", "value"),
    [
        ("NORMAL", 1_536_000, PASS, 33.33),  # usable 512 000 of 768 000
        ("NORMAL", 640_000, WARN, 91.67),  # usable 64 000 of 768 000
        ("EXTERN", 100_000, WARN, 90.0),  # external redundancy: one copy, 100 000 of 1 000 000 free
    ],
)
def test_usable_free_is_graded_against_the_usable_capacity(kind: str, free: int, status: str, value: float) -> None:
    required = 0 if kind == "EXTERN" else 512_000
    total = 1_000_000 if kind == "EXTERN" else 2_048_000
    check = by_id(
        ev.ev_asm({"asm_diskgroups": [diskgroup(kind=kind, free=free, required=required, total=total)]}, ctx())
    )["oracle.asm_diskgroup.DATA"]
    assert (check["status"], check["value"]) == (status, value)


def test_an_offline_disk_fails_whatever_the_space() -> None:
    row = diskgroup(free=1_536_000, offline=1)
    check = by_id(ev.ev_asm({"asm_diskgroups": [row]}, ctx()))["oracle.asm_diskgroup.DATA"]
    assert (check["status"], check["value"]) == (FAIL, 1)
    assert "1 disk(s) OFFLINE" in check["detail"]


def test_a_broken_disk_group_fails_and_no_asm_is_info() -> None:
    row = diskgroup(free=1_536_000, state="BROKEN")
    assert ev.ev_asm({"asm_diskgroups": [row]}, ctx())[0]["status"] == FAIL
    checks = by_id(ev.ev_asm({"asm_diskgroups": []}, ctx()))
    assert checks["oracle.asm_diskgroup"]["status"] == INFO


def test_a_flex_disk_group_says_what_it_assumed() -> None:
    row = diskgroup(kind="FLEX", free=1_536_000)
    check = ev.ev_asm({"asm_diskgroups": [row]}, ctx())[0]
    assert check["status"] == PASS
    assert "2 copies assumed" in check["detail"]


def test_asm_is_read_without_disk_discovery_on_every_release() -> None:
    for version in (110204, 120100, 190000, 230000):
        found = [s for s in CATALOGUE if s.name == "asm_diskgroups" and s.applies(version)]
        assert len(found) == 1
        tree = sqlglot.parse_one(found[0].sql, read="oracle")
        assert {t.name.lower() for t in tree.find_all(exp.Table)} == {"v$asm_diskgroup_stat"}
        columns = {c.name.lower() for c in tree.find_all(exp.Column)}
        assert {"usable_file_mb", "required_mirror_free_mb", "offline_disks", "type"} <= columns
