"""The run both probe modules share: state kept only after a real connection, secrets scrubbed, first row."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ansible.module_utils.healthops.common.result import ERROR, PASS
from ansible.module_utils.healthops.db import probe
from ansible.module_utils.healthops.db.catalogue import QueryError
from ansible.module_utils.healthops.db.context import Check, EvalContext, check

NOW = dt.datetime(2025, 3, 31, 8, 0, tzinfo=dt.UTC)
CATALOGUE = {"t_connect": {"warn": 1, "fail": 5, "unit": "s", "higher_is_worse": True}}
SECRET = "s3cret-Pw"


def options(**overrides: Any) -> dict[str, Any]:
    return {"profile": "monthly", "thresholds": {}, "state_dir": None, **overrides}


def inspector(connected: bool) -> Any:
    def inspect(ctx: EvalContext, started: float, server: dict[str, Any]) -> tuple[bool, list[Check]]:
        server["banner"] = f"login with {SECRET}"
        return connected, [
            check(ctx, "x", category="availability", title="X", title_zh="X", status=PASS, detail=SECRET)
        ]

    return inspect


def run(tmp_path: Path, connected: bool = True, check_mode: bool = False) -> dict[str, Any]:
    return probe.run_probe(
        options(state_dir=str(tmp_path)),
        "t",
        "t",
        CATALOGUE,
        "db1",
        {},
        [SECRET],
        inspector(connected),
        check_mode,
        NOW,
    )


def test_state_is_kept_after_a_real_connection_only(tmp_path: Path) -> None:
    failed = run(tmp_path, connected=False)
    assert not Path(failed["state_file"]).exists()
    assert not Path(run(tmp_path, check_mode=True)["state_file"]).exists()
    result = run(tmp_path)
    state = json.loads(Path(result["state_file"]).read_text())
    assert state["runs"]["monthly"]["statuses"] == {"t.x": PASS}
    assert result["score"] == 100
    assert result["summary"][PASS] == 1


def test_secrets_are_scrubbed_from_checks_and_server(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert SECRET not in json.dumps(result["checks"])
    assert SECRET not in json.dumps(result["server"])
    assert SECRET not in Path(result["state_file"]).read_text()


def test_first_row_or_the_error_that_stands_in_for_it() -> None:
    ctx = EvalContext(thresholds={}, now=NOW, prefix="t")
    error = QueryError("instance", "ORA-00942", "table or view does not exist")
    assert probe.first_row(ctx, [{"a": 1}, {"a": 2}], "i", "I", "I") == ({"a": 1}, [])
    row, [with_code] = probe.first_row(ctx, error, "i", "I", "I", with_code=True)
    assert row is None
    assert with_code["status"] == ERROR
    assert with_code["value"] == "ORA-00942"
    assert "ORA-00942" in with_code["detail"]
    assert with_code["id"] == "t.i"
    _, [without_code] = probe.first_row(ctx, error, "i", "I", "I")
    assert without_code["value"] is None
    _, [empty] = probe.first_row(ctx, [], "i", "I", "I")
    assert empty["status"] == ERROR
    assert empty["detail"] == "no row"


def test_option_errors_name_each_bad_option() -> None:
    errors = probe.option_errors(
        {"thresholds": {"nope": {"warn": 1}}, "parameter_recommendations": {"p": {}}, "timeout": 0},
        CATALOGUE,
        ("timeout",),
    )
    assert any("nope" in e for e in errors)
    assert any("parameter_recommendations.p" in e for e in errors)
    assert any(e.startswith("timeout must be a positive number") for e in errors)
