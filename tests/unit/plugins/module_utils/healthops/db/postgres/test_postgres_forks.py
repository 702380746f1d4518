"""PostgreSQL-derived servers recognised by version() (recorded strings), their table of what they lack,
and checks not run there reported as not checked without raising the score."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS
from ansible.module_utils.healthops.common.thresholds import merge_thresholds
from ansible.module_utils.healthops.db.catalogue import Statement, Unavailable, select_statements
from ansible.module_utils.healthops.db.context import EvalContext, run_evaluators
from ansible.module_utils.healthops.db.postgres import evaluate as ev
from ansible.module_utils.healthops.db.postgres import forks
from ansible.module_utils.healthops.db.postgres.sql import CATALOGUE
from ansible.module_utils.healthops.db.summary import overall_score
from healthops_testlib import load_library_module

FIXTURES = Path(__file__).parents[5] / "fixtures" / "db" / "postgres_versions"
NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)
probe = load_library_module("postgres_probe")


def recorded(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(
    ("text", "fork"),
    [
        (recorded("opengauss.txt"), "opengauss"),
        (recorded("kingbasees.txt"), "kingbase"),
        ("PostgreSQL 9.2.4 (GaussDB Kernel V500R002C00 build fab4f5ea) compiled at 2021-10-24", "opengauss"),
        ("HighGo Database 3.1.4 Linux 64-bit", "highgo"),
        (
            "PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc 12.2.0, 64-bit",
            "postgresql",
        ),
        (None, "postgresql"),
    ],
)
def test_the_fork_is_recognised_by_version_text(text: Any, fork: str) -> None:
    assert forks.recognise_fork(text) == fork


def test_opengauss_statements_it_lacks_are_not_run_and_say_why() -> None:
    chosen = forks.fork_statements(select_statements(CATALOGUE, "monthly", 90204), "opengauss")
    assert isinstance(chosen["xid_age"], Unavailable)
    assert chosen["xid_age"].reason == (
        "not on openGauss/GaussDB: openGauss uses 64-bit transaction IDs, which do not wrap around"
    )
    assert isinstance(chosen["prepared_xacts"], Statement)
    same = forks.fork_statements(select_statements(CATALOGUE, "monthly", 150004), "postgresql")
    assert all(isinstance(s, Statement) for s in same.values())


def test_the_fork_table_names_only_catalogue_statements() -> None:
    names = {s.name for s in CATALOGUE}
    assert {fork for fork, _name, _words in forks.FORKS} == set(forks.FORK_LACKS)
    for lacks in forks.FORK_LACKS.values():
        assert set(lacks) <= names


def test_a_check_not_run_is_flagged_and_never_raises_the_score() -> None:
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, prefix="pg")
    results: dict[str, Any] = {
        "xid_age": Unavailable("xid_age", "not on openGauss/GaussDB: 64-bit"),
        "oldest_tables": [],
    }
    wrap = [e for e in ev.EVALUATORS if e.check_id == "xid_wraparound"]
    checks = run_evaluators(wrap, results, ctx, "monthly")
    forks.mark_not_checked(checks, wrap, results, "pg")
    (check,) = checks
    assert (check["status"], check["not_checked"]) == (INFO, True)
    assert check["detail"] == "not checked: xid_age: not on openGauss/GaussDB: 64-bit"
    passing = [{"id": "pg.a", "status": PASS}]
    failing = [{"id": "pg.a", "status": FAIL}]
    assert overall_score(passing + checks) == 75  # all passing but one unknown: not 100
    assert overall_score(failing + checks) == 0  # never raised by what was not checked
    assert overall_score(passing + [{"id": "pg.b", "status": INFO}]) == 100


def test_an_opengauss_server_reports_its_fork_and_what_was_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    server_row = {
        "server_version": "9.2.4",
        "server_version_num": 90204,
        "version_text": recorded("opengauss.txt"),
        "uptime_seconds": 3600,
        "in_recovery": False,
        "started": "2025-06-30 11:00:00+00",
    }

    def execute(_conn: Any, statement: Statement, _binds: Any) -> Any:
        return [server_row] if statement.name == "server" else []

    monkeypatch.setattr(probe, "execute", execute)
    ctx = EvalContext(merge_thresholds(ev.POSTGRES_THRESHOLDS, {}), NOW, prefix="pg")
    server: dict[str, Any] = {}
    opts = {"profile": "monthly", "databases": ["postgres"], "login_db": "postgres"}
    checks = {c["id"]: c for c in probe._probe(object(), opts, ctx, server)}
    assert server["fork"] == "opengauss"
    assert checks["pg.uptime"]["detail"].startswith("openGauss/GaussDB (reports PostgreSQL 9.2.4) primary")
    wrap = checks["pg.xid_wraparound"]
    assert wrap["not_checked"] is True
    assert "64-bit transaction IDs" in wrap["detail"]
    not_checked = {i for i, c in checks.items() if c.get("not_checked")}
    assert {"pg.xid_wraparound", "pg.sessions", "pg.archiver"} <= not_checked
    assert all(
        c["status"] == INFO and c["detail"].startswith("not checked: ") for i, c in checks.items() if i in not_checked
    )
