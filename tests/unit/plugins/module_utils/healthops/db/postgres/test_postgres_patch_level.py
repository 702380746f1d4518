"""The minor release of a PostgreSQL-family server against the required baseline (pg.patch_level).

Version texts: the Debian 12 one is PostgreSQL 15 as Debian packages it (the server the live tests start);
KingbaseES and openGauss are the recorded strings of tests/unit/fixtures/db/postgres_versions (SOURCES.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.context import EvalContext
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres import patching
from ansible.module_utils.healthops.report.advice import entry_for
from healthops_testlib import load_library_module

FIXTURES = Path(__file__).parents[5] / "fixtures" / "db" / "postgres_versions"
NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
DEBIAN = "PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc 12.2.0, 64-bit"
probe = load_library_module("postgres_probe")


def recorded(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").strip()


def grade(server: dict[str, Any], baseline: dict[str, str]) -> dict[str, Any]:
    ctx = EvalContext(
        merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, prefix="pg", options={"required_patch_level": baseline}
    )
    (check,) = patching.ev_patch_level({"server": [server]}, ctx)
    return check


@pytest.mark.parametrize(
    ("num", "major", "level"),
    [(150014, "15", "15.14"), (170002, "17", "17.2"), (100023, "10", "10.23"), (90624, "9.6", "9.6.24")],
)
def test_release_comes_from_server_version_num(num: int, major: str, level: str) -> None:
    assert patching.postgres_level(num) == (major, level)
    assert patching.postgres_level(str(num)) == (major, level)


def test_an_unreadable_version_number_is_no_release() -> None:
    assert patching.postgres_level(None) == (None, None)
    assert patching.postgres_level("15.4") == (None, None)


@pytest.mark.parametrize(("required", "status"), [("15.14", PASS), ("15.9", PASS), ("15.15", FAIL), ("15.14.0", PASS)])
def test_postgresql_against_its_major_versions_baseline(required: str, status: str) -> None:
    check = grade({"server_version_num": 150014, "version_text": DEBIAN}, {"15": required, "16": "16.99"})
    assert (check["id"], check["status"], check["value"]) == ("pg.patch_level", status, "15.14")
    assert check["threshold"] == f">={required}"
    if status == FAIL:
        assert "install the latest minor release of 15" in check["detail"]


def test_packagers_suffix_in_server_version_does_not_count() -> None:
    """Debian's '15.14 (Debian 15.14-0+deb12u1)' must not read as 15.14.0.12.1."""
    check = grade(
        {"server_version": "15.14 (Debian 15.14-0+deb12u1)", "server_version_num": 150014, "version_text": DEBIAN},
        {"15": "15.14.1"},
    )
    assert check["status"] == FAIL


def test_a_major_version_without_an_entry_is_info_showing_its_release() -> None:
    check = grade({"server_version_num": 160006, "version_text": "PostgreSQL 16.6"}, {"15": "15.10"})
    assert check["status"] == INFO
    assert check["detail"] == "PostgreSQL 16.6; no required level for 16 in required_patch_level"


def test_kingbase_is_graded_by_its_own_release_not_the_postgresql_it_reports() -> None:
    server = {"server_version_num": 120001, "version_text": recorded("kingbasees.txt")}
    assert patching.server_level(server) == ("KingbaseES", "kingbase", "V008R006C009B0014")
    assert grade(server, {"kingbase": "V008R006C009B0014"})["status"] == PASS
    assert grade(server, {"kingbase": "V008R006C010B0001"})["status"] == FAIL
    # PostgreSQL 12's baseline says nothing about a KingbaseES server.
    assert grade(server, {"12": "12.99"})["status"] == INFO


def test_opengauss_without_a_readable_release_is_not_graded() -> None:
    """The documented example prints 'openGauss x.x.x': no release to compare, so INFO, never PASS."""
    server = {"server_version_num": 90204, "version_text": recorded("opengauss.txt")}
    check = grade(server, {"opengauss": "5.0.1", "9.2": "9.2.24"})
    assert check["status"] == INFO
    assert "could not be read" in check["detail"]
    # Written in the shape of the recorded example, with a release in place of x.x.x.
    text = "PostgreSQL 9.2.4 (openGauss 5.0.1 build 33b035fd) compiled at 2023-11-23 on x86_64-unknown-linux-gnu"
    assert patching.fork_level(text) == "5.0.1"
    assert grade({"server_version_num": 90204, "version_text": text}, {"opengauss": "5.0.2"})["status"] == FAIL


def test_the_check_runs_in_the_monthly_profile_and_has_a_chinese_recommendation() -> None:
    evaluator = next(e for e in ev.EVALUATORS if e.check_id == "patch_level")
    assert evaluator.profiles == ("monthly",)
    assert evaluator.statements == ("server",)
    advice = entry_for("postgres.patch_level", FAIL)  # the report names PostgreSQL checks postgres.*
    assert advice is not None
    assert "小版本" in advice[1]


@pytest.mark.parametrize(
    "baseline",
    [{"15": "latest"}, {"fifteen": "15.4"}, {"kingbasees": "V8R6"}, {"150": "15.4"}],
)
def test_unusable_baselines_are_refused_before_connecting(baseline: dict[str, str]) -> None:
    errors = probe.validate_options({"required_patch_level": baseline, "thresholds": {}})
    assert any(e.startswith(f"required_patch_level: {next(iter(baseline))!r}") for e in errors), errors


def test_usable_baselines_pass_validation() -> None:
    baseline = {"16": "16.6", "9.6": "9.6.24", "kingbase": "V008R006C009B0014", "opengauss": "5.0.1"}
    assert patching.baseline_errors(baseline) == []
