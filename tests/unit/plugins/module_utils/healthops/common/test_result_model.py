"""The shared result model and threshold validation."""

from __future__ import annotations

import pytest
from ansible.module_utils.healthops.common import result as r
from ansible.module_utils.healthops.common import thresholds as t


def test_make_check_has_every_field() -> None:
    check = r.make_check("mem.used", "memory", "Memory used", "内存使用率", r.WARN, 88.1, ">=85/95%", "%")
    assert tuple(check) == r.CHECK_FIELDS
    assert r.validate_check(check) == []


def test_make_check_refuses_unknown_status() -> None:
    with pytest.raises(ValueError, match="OK"):
        r.make_check("x", "c", "t", "t", "OK")


@pytest.mark.parametrize(
    ("value", "higher", "expected"),
    [
        (79.9, True, r.PASS),
        (80, True, r.WARN),
        (90, True, r.FAIL),
        (None, True, r.ERROR),
        (31, False, r.PASS),
        (30, False, r.WARN),
        (7, False, r.FAIL),
        (0, False, r.FAIL),
    ],
)
def test_grade(value: float | None, higher: bool, expected: str) -> None:
    warn, fail = (80, 90) if higher else (30, 7)
    assert r.grade(value, warn, fail, higher_is_worse=higher) == expected


def test_worst_and_sort() -> None:
    assert r.worst([]) == r.PASS
    assert r.worst([r.PASS, r.INFO, r.WARN]) == r.WARN
    assert r.worst([r.WARN, r.ERROR]) == r.ERROR
    assert r.worst([r.ERROR, r.FAIL, r.PASS]) == r.FAIL
    checks = [r.make_check(str(i), "c", "t", "t", s) for i, s in enumerate([r.PASS, r.WARN, r.FAIL, r.INFO, r.ERROR])]
    assert [c["status"] for c in r.sort_checks(checks)] == [r.FAIL, r.ERROR, r.WARN, r.INFO, r.PASS]
    assert r.count_statuses(checks) == dict.fromkeys(r.STATUSES, 1)


def test_threshold_text() -> None:
    assert r.threshold_text(80, 90, True, "%") == ">=80/90%"
    assert r.threshold_text(30, 7, False, "d") == "<=30/7 d"
    assert r.threshold_text(None, None) == ""


def test_valid_overrides_pass() -> None:
    assert (
        t.validate_thresholds(
            {"fs_space": {"warn": 70}, "fs_days_to_full": {"warn": 60, "fail": 10}}, t.DEFAULT_THRESHOLDS
        )
        == []
    )
    assert t.validate_thresholds(None, t.DEFAULT_THRESHOLDS) == []


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"fs_space": {"warn": -1}}, "inspection_thresholds.fs_space.warn must not be negative"),
        ({"fs_space": {"warn": 95}}, "inspection_thresholds.fs_space: warn (95) must not be above fail (90)"),
        ({"fs_days_to_full": {"warn": 3}}, "must not be below fail"),
        ({"no_such": {"warn": 1}}, "inspection_thresholds.no_such: unknown threshold id"),
        ({"memory_used": {"warn": 120, "fail": 130}}, "must not exceed 100"),
        ({"memory_used": {"warm": 10}}, "unknown key(s) warm"),
        ({"memory_used": {"warn": "high"}}, "must be a number"),
        ({"memory_used": 5}, "must be a mapping"),
        ([1], "must be a mapping of threshold id"),
    ],
)
def test_invalid_overrides_name_the_variable(overrides: object, fragment: str) -> None:
    errors = t.validate_thresholds(overrides, t.DEFAULT_THRESHOLDS, name="inspection_thresholds")
    assert any(fragment in e for e in errors), errors


def test_merge_is_layered_and_pure() -> None:
    merged = t.merge_thresholds(t.DEFAULT_THRESHOLDS, {"fs_space": {"warn": 70}}, {"fs_space": {"fail": 85}})
    assert merged["fs_space"]["warn"] == 70
    assert merged["fs_space"]["fail"] == 85
    assert t.DEFAULT_THRESHOLDS["fs_space"]["warn"] == 80


def test_order_check_can_wait_for_the_merge() -> None:
    layer = {"fs_space": {"fail": 70}}
    assert t.validate_thresholds(layer, t.DEFAULT_THRESHOLDS, check_order=False) == []
    assert t.validate_thresholds(layer, t.DEFAULT_THRESHOLDS) != []
