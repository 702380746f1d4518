"""Shared machinery of the database probes: score, diff, state, growth, parameter rules."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, WARN, make_check
from ansible.module_utils.healthops.db.catalogue import Statement, Unavailable, select_statements
from ansible.module_utils.healthops.db.context import EvalContext, fmt_bytes, fmt_seconds, join_limited, round_value
from ansible.module_utils.healthops.db.growth import GROWTH_SAMPLES_KEPT, add_sample, days_until_full, growth_per_day
from ansible.module_utils.healthops.db.parameters import (
    evaluate_rule,
    parse_quantity,
    review_parameters,
    validate_recommendations,
)
from ansible.module_utils.healthops.db.state import finish_run, load_state, save_state, state_path
from ansible.module_utils.healthops.db.summary import overall_score, run_diff, summary_checks
from ansible.module_utils.healthops.db.tls import find_ca_bundle, postgres_tls, tls_status

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


def checks_of(**statuses: str) -> list[dict]:
    return [make_check(cid, "c", "t", "t", status) for cid, status in statuses.items()]


def test_score_weights_and_ignores_info() -> None:
    assert overall_score(checks_of(a=PASS, b=PASS, c=INFO)) == 100
    assert overall_score(checks_of(a=PASS, b=FAIL)) == 50
    assert overall_score(checks_of(a=PASS, b=WARN, c=ERROR, d=FAIL)) == 50
    assert overall_score(checks_of(a=INFO)) is None


def test_diff_new_fails_and_resolved() -> None:
    previous = {
        "time": "2025-05-31T12:00:00+00:00",
        "statuses": {"a": FAIL, "b": WARN, "c": PASS, "d": FAIL, "gone": FAIL},
    }
    now = checks_of(a=FAIL, b=PASS, c=FAIL, d=INFO, e=FAIL, f=WARN)
    diff = run_diff(previous, now)
    assert diff["previous_run"] == "2025-05-31T12:00:00+00:00"
    assert diff["new_fail"] == ["c", "e"]
    assert diff["new_warn"] == ["f"]
    assert diff["resolved"] == ["b", "d"]
    assert diff["still_failing"] == ["a"]


def test_first_run_has_nothing_to_compare() -> None:
    diff = run_diff(None, checks_of(a=FAIL))
    assert diff["previous_run"] is None
    ctx = EvalContext(thresholds={}, now=NOW, prefix="pg")
    summary = {c["id"]: c for c in summary_checks(ctx, checks_of(a=FAIL), diff)}
    assert summary["pg.changes"]["detail"].startswith("first run")
    assert summary["pg.score"]["value"] == 0


def test_finish_run_keeps_both_profiles_and_memory(tmp_path: Path) -> None:
    path = state_path(str(tmp_path / "state"), "postgres", "pg-01:5432/app db")
    assert Path(path).name == "postgres_pg-01_5432_app_db.json"
    ctx = EvalContext(thresholds={}, now=NOW, prefix="pg", state={})
    ctx.memory["x"] = 1
    checks, diff, state = finish_run(ctx, "postgres", "k", "monthly", checks_of(**{"pg.a": FAIL}))
    assert [c["id"] for c in checks] == ["pg.a", "pg.score", "pg.changes"]
    save_state(path, state)
    assert oct(Path(path).stat().st_mode & 0o777) == "0o600"
    loaded = load_state(path)
    assert loaded["runs"]["monthly"]["statuses"] == {"pg.a": FAIL}
    later = EvalContext(thresholds={}, now=NOW + dt.timedelta(days=90), prefix="pg", state=loaded)
    later.memory["y"] = 2
    _, diff, state2 = finish_run(later, "postgres", "k", "tuning", checks_of(**{"pg.b": PASS}))
    assert diff["previous_run"] is None  # a different profile
    assert set(state2["runs"]) == {"monthly", "tuning"}
    assert state2["memory"] == {"x": 1, "y": 2}


@pytest.mark.parametrize("content", ["not json", json.dumps([1, 2]), json.dumps({"version": 99})])
def test_unreadable_state_is_a_first_run(tmp_path: Path, content: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    assert load_state(str(path)) == {}
    assert load_state(str(tmp_path / "missing.json")) == {}


def test_growth_per_day_by_least_squares() -> None:
    samples = [[(NOW - dt.timedelta(days=d)).isoformat(), 1000 - 10 * d] for d in (60, 30)]
    assert growth_per_day(samples, NOW, 1000) == pytest.approx(10.0)
    # Less than a day of history, or unreadable samples: unknown.
    assert growth_per_day([[(NOW - dt.timedelta(hours=2)).isoformat(), 1]], NOW, 5) is None
    assert growth_per_day([["garbage", "x"]], NOW, 5) is None
    assert days_until_full(1000, 1300, 10.0) == 30.0
    assert math.isinf(days_until_full(1000, 1300, -1.0))
    assert days_until_full(None, 1300, 1.0) is None


def test_samples_are_bounded() -> None:
    samples: list = []
    for i in range(GROWTH_SAMPLES_KEPT + 5):
        samples = add_sample(samples, NOW + dt.timedelta(days=i), i)
    assert len(samples) == GROWTH_SAMPLES_KEPT
    assert samples[-1][1] == GROWTH_SAMPLES_KEPT + 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2G", (2 * 1024**3, "bytes")),
        ("128MB", (128 * 1024**2, "bytes")),
        ("5min", (300000, "ms")),
        ("300", (300.0, "")),
        (0.9, (0.9, "")),
        ("-1", (-1.0, "")),
        ("on", None),
        ("12 parsecs", None),
        (True, None),
    ],
)
def test_parse_quantity(text: object, expected: object) -> None:
    assert parse_quantity(text) == expected


def test_recommendation_rules() -> None:
    assert evaluate_rule("EXCLUSIVE", None, {"equals": "exclusive"}) is None
    assert evaluate_rule("on", None, {"equals": True}) is None
    assert evaluate_rule("NONE", None, {"not": "none"}) is not None
    assert evaluate_rule("TYPICAL", None, {"one_of": ["TYPICAL", "ALL"]}) is None
    gb = (1024.0**3, "bytes")
    assert evaluate_rule("1GB", gb, {"min": "2G"}).startswith("is 1GB, below")
    assert evaluate_rule("1GB", gb, {"max": "512MB"}).startswith("is 1GB, above")
    assert evaluate_rule("1GB", gb, {"min": "1024MB", "max": "1G"}) is None
    assert "not comparable" in evaluate_rule("1GB", gb, {"min": "5min"})
    assert "not comparable" in evaluate_rule("abc", None, {"min": 3})


def test_recommendation_validation_names_the_key() -> None:
    assert validate_recommendations({"processes": {"min": 300, "note": "x"}}) == []
    errors = validate_recommendations(
        {"a": {"minimum": 1}, "b": "300", "c": {"min": "lots"}, "d": {"equals": 1, "severity": "BAD"}}
    )
    assert any(e.startswith("parameter_recommendations.a: unknown key(s) minimum") for e in errors)
    assert any(e.startswith("parameter_recommendations.b must be a mapping") for e in errors)
    assert any(e.startswith("parameter_recommendations.c.min must be a number") for e in errors)
    assert any(e.startswith("parameter_recommendations.d.severity") for e in errors)
    assert validate_recommendations([1]) != []


def test_select_statements_picks_the_variant_and_marks_the_rest_unavailable() -> None:
    catalogue = [
        Statement("a", "SELECT 1", ("monthly",), min_version=100000),
        Statement("a", "SELECT 2", ("monthly",), max_version=100000),
        Statement("b", "SELECT 3", ("monthly",), min_version=170000),
        Statement("c", "SELECT 4", ("tuning",)),
    ]
    chosen = select_statements(catalogue, "monthly", 150000)
    assert chosen["a"].sql == "SELECT 1"
    assert isinstance(chosen["b"], Unavailable)
    assert "c" not in chosen
    assert select_statements(catalogue, "monthly", 90600)["a"].sql == "SELECT 2"


def test_review_parameters_without_recommendations_is_info() -> None:
    ctx = EvalContext(thresholds={}, now=NOW, prefix="pg")
    checks = review_parameters(ctx, {"x": ("1", (1.0, ""))}, {}, ["x"])
    assert [(c["id"], c["status"]) for c in checks] == [("pg.parameters", INFO), ("pg.parameters_nondefault", INFO)]


def test_join_limited_and_formatting() -> None:
    assert join_limited(["a", "b", "c"], 2) == "a, b (+1 more)"
    assert fmt_bytes(1536) == "1.5 KiB"
    assert fmt_bytes(None) == "?"
    assert fmt_seconds(90) == "90 s"
    assert fmt_seconds(7200 * 30) == "2.5 d"
    assert round_value(float("nan")) is None


# --------------------------------------------------------------------------- TLS to PostgreSQL

BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


@pytest.mark.parametrize(
    ("ssl_mode", "ca_cert", "libpq", "bundle", "params", "verified", "ca"),
    [
        # Default: verify-full, against the CA file given ...
        (
            None,
            "/inv/ca.crt",
            150000,
            BUNDLE,
            {"sslmode": "verify-full", "sslrootcert": "/inv/ca.crt"},
            True,
            "CA file",
        ),
        # ... or, without one, the system bundle (whatever libpq's version) ...
        (None, None, 150000, BUNDLE, {"sslmode": "verify-full", "sslrootcert": BUNDLE}, True, "system CA bundle"),
        (None, None, 180000, BUNDLE, {"sslmode": "verify-full", "sslrootcert": BUNDLE}, True, "system CA bundle"),
        # ... or, without a bundle, libpq 16's system store.
        (None, None, 160000, None, {"sslmode": "verify-full", "sslrootcert": "system"}, True, "system CA store"),
        ("verify-ca", "/inv/ca.crt", 150000, None, {"sslmode": "verify-ca", "sslrootcert": "/inv/ca.crt"}, True, "CA"),
        # Opt-outs: what was asked, nothing verified.
        ("require", None, 180000, BUNDLE, {"sslmode": "require"}, False, ""),
        ("prefer", None, 180000, BUNDLE, {"sslmode": "prefer"}, False, ""),
        ("disable", None, 180000, BUNDLE, {"sslmode": "disable"}, False, ""),
        # require with a CA file: libpq then checks the chain as verify-ca would, but the name is not checked.
        ("require", "/inv/ca.crt", 150000, None, {"sslmode": "require", "sslrootcert": "/inv/ca.crt"}, False, "CA"),
    ],
)
def test_tls_plan_verifies_by_default(
    ssl_mode: str | None,
    ca_cert: str | None,
    libpq: int,
    bundle: str | None,
    params: dict[str, str],
    verified: bool,
    ca: str,
) -> None:
    plan = postgres_tls(ssl_mode, ca_cert, libpq, bundle)
    assert plan.error is None
    assert plan.params == params
    assert plan.verified is verified
    assert ca in plan.ca
    assert plan.ssl_mode == (ssl_mode or "verify-full")


@pytest.mark.parametrize("ssl_mode", [None, "verify-full", "verify-ca"])
def test_no_ca_to_verify_with_is_an_error_naming_both_ways_out(ssl_mode: str | None) -> None:
    # An old libpq (no sslrootcert=system) on a machine without a CA bundle; verify-ca never uses "system".
    plan = postgres_tls(ssl_mode, None, 150000 if ssl_mode != "verify-ca" else 180000, None)
    assert plan.error is not None
    assert "no CA file is set (ca_cert)" in plan.error
    assert "opt out explicitly with ssl_mode require" in plan.error
    assert plan.verified is False


def test_a_unix_socket_has_no_tls_and_needs_no_ca() -> None:
    plan = postgres_tls("verify-full", None, 150000, None, local=True)
    assert (plan.error, plan.params, plan.local) == (None, {}, True)
    assert tls_status(plan, False, None) == (INFO, "local Unix socket: TLS does not apply")


def test_tls_status_passes_only_a_verified_connection() -> None:
    full = postgres_tls("verify-full", "/ca.crt", 180000, None)
    assert tls_status(full, True, "TLSv1.3")[0] == PASS
    assert tls_status(full, False, None)[0] == ERROR  # cannot happen with libpq, never a PASS
    status, detail = tls_status(postgres_tls("verify-ca", "/ca.crt", 180000, None), True, "TLSv1.3")
    assert status == WARN
    assert "not its name (ssl_mode verify-ca given explicitly)" in detail
    status, detail = tls_status(postgres_tls("require", None, 180000, BUNDLE), True, "TLSv1.2")
    assert status == WARN
    assert detail.startswith("not verified: TLSv1.2 in use, but the server's certificate is not checked")
    status, detail = tls_status(postgres_tls("disable", None, 180000, BUNDLE), False, None)
    assert status == WARN
    assert detail.startswith("not verified and not encrypted (ssl_mode disable given explicitly)")


def test_find_ca_bundle_takes_the_first_existing_file(tmp_path: Path) -> None:
    second = tmp_path / "bundle.pem"
    second.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    assert find_ca_bundle([str(tmp_path / "missing.pem"), str(second)]) == str(second)
    assert find_ca_bundle([str(tmp_path / "missing.pem")]) is None
