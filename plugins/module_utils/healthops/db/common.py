# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machinery shared by the database probes (``oracle_probe``, ``postgres_probe``).

A probe is a *catalogue* of named read-only SQL statements (``Statement``) and a
list of *evaluators* (``Evaluator``): pure functions from the rows of one or
more statements to checks of the result model. The module runs the statements
of the chosen profile, hands the rows to the evaluators through
``run_evaluators`` and adds the run's summary: an overall score and the
differences from the previous run of the same profile.

``scrub_secrets`` (from ``healthops.db.scrub``) takes connection passwords out of
every driver message before it becomes a check's detail, and ``scrub_data`` out of a
whole result. ``postgres_tls`` decides how a PostgreSQL connection uses TLS (verify-full
by default, against the CA file or the system's) and ``tls_status`` how the report
grades it.

Everything here is pure (rows in, checks out) except ``load_state`` and
``save_state``, which read and write the per-target JSON state file the probes
keep on the controller between runs (previous statuses for the diff, the
alert-log position, size samples for growth). These modules only run on the
controller, so they may use Python 3.9+ and the standard library freely.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir
from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    STATUS_SEVERITY,
    WARN,
    count_statuses,
    grade,
    make_check,
    threshold_text,
    worst,
)

# Scrubbing lives in a Python 3.6 file of its own (db_restore_test runs on database hosts); the probes use it from here.
from ansible.module_utils.healthops.db.scrub import MASK, dsn_secrets, scrub_data, scrub_secrets  # noqa: F401

Row = Dict[str, Any]
Check = Dict[str, Any]

PROFILES = ("monthly", "tuning")
STATE_VERSION = 1
# Samples of sizes kept per object for growth estimates (monthly runs: three years).
GROWTH_SAMPLES_KEPT = 40
# Samples older than this are not used for a growth rate.
GROWTH_WINDOW_DAYS = 400
# Status weights of the overall score; INFO checks do not count.
SCORE_WEIGHTS = {PASS: 1.0, WARN: 0.5, ERROR: 0.5, FAIL: 0.0}


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Statement:
    """One named, read-only SQL statement of a catalogue.

    ``binds`` names the bind variables the statement takes (``:name`` for
    Oracle, ``%(name)s`` for PostgreSQL). ``min_version``/``max_version`` gate a
    variant by server version (an integer: PostgreSQL's server_version_num,
    Oracle's major*10000+minor*100); several variants may share a name.
    ``per_database`` (PostgreSQL) runs the statement in every inspected database
    and tags each row with ``datname``. ``timeout_ms`` overrides the probe's
    per-statement timeout.
    """

    name: str
    sql: str
    profiles: Tuple[str, ...] = PROFILES
    binds: Tuple[str, ...] = ()
    min_version: int = 0
    max_version: Optional[int] = None
    per_database: bool = False
    timeout_ms: Optional[int] = None

    def applies(self, version: int) -> bool:
        return version >= self.min_version and (self.max_version is None or version < self.max_version)


@dataclass(frozen=True)
class QueryError:
    """A statement that failed: the server's or driver's code and message."""

    statement: str
    code: str
    message: str

    def text(self) -> str:
        message = (
            self.message if not self.code or self.message.startswith(self.code) else f"{self.code}: {self.message}"
        )
        return f"{message} (statement {self.statement})"


@dataclass(frozen=True)
class Unavailable:
    """A statement with no variant for this server version."""

    statement: str
    reason: str


Result = Union[List[Row], QueryError, Unavailable]


def select_statements(
    catalogue: Sequence[Statement], profile: str, version: int
) -> Dict[str, Union[Statement, Unavailable]]:
    """The statements of a profile, the variant that fits ``version`` for each name."""
    chosen: Dict[str, Union[Statement, Unavailable]] = {}
    for statement in catalogue:
        if profile not in statement.profiles:
            continue
        if statement.applies(version):
            chosen[statement.name] = statement
        elif statement.name not in chosen:
            chosen[statement.name] = Unavailable(statement.name, f"not available on server version {version}")
    return chosen


def statement_names(catalogue: Sequence[Statement]) -> List[str]:
    """Distinct names, in catalogue order."""
    seen: List[str] = []
    for statement in catalogue:
        if statement.name not in seen:
            seen.append(statement.name)
    return seen


# --------------------------------------------------------------------------- evaluation


@dataclass
class EvalContext:
    """What an evaluator may read besides rows, and where it leaves memory for the next run.

    ``thresholds`` is the merged catalogue; ``state`` the previous state file
    (``{}`` on a first run); ``memory`` collects what this run wants remembered
    (merged into the state file's ``memory`` by the module); ``options`` holds
    module options evaluators need (parameter recommendations and the like).
    """

    thresholds: Mapping[str, Mapping[str, Any]]
    now: dt.datetime
    state: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    version: int = 0
    prefix: str = "db"
    memory: Dict[str, Any] = field(default_factory=dict)

    def remembered(self, key: str, default: Any = None) -> Any:
        return (self.state.get("memory") or {}).get(key, default)


EvalFn = Callable[[Mapping[str, List[Row]], EvalContext], List[Check]]


@dataclass(frozen=True)
class Evaluator:
    """Turns the rows of ``statements`` into checks.

    ``check_id`` (without the engine prefix), ``category`` and titles describe
    the ERROR or INFO check emitted in the evaluator's place when one of its
    statements failed or is not available on the server.
    """

    check_id: str
    category: str
    title: str
    title_zh: str
    statements: Tuple[str, ...]
    fn: EvalFn
    profiles: Tuple[str, ...] = PROFILES


def run_evaluators(
    evaluators: Sequence[Evaluator], results: Mapping[str, Result], ctx: EvalContext, profile: str
) -> List[Check]:
    """Checks of every evaluator of ``profile``; a failed statement gives ERROR, never an exception."""
    checks: List[Check] = []
    for ev in evaluators:
        if profile not in ev.profiles:
            continue
        cid = f"{ctx.prefix}.{ev.check_id}"
        inputs = [results.get(name, Unavailable(name, "statement not run")) for name in ev.statements]
        errors = [r for r in inputs if isinstance(r, QueryError)]
        if errors:
            codes = ", ".join(sorted({e.code for e in errors if e.code})) or None
            checks.append(
                make_check(
                    cid, ev.category, ev.title, ev.title_zh, ERROR, codes, None, "", "; ".join(e.text() for e in errors)
                )
            )
            continue
        missing = [r for r in inputs if isinstance(r, Unavailable)]
        if missing:
            checks.append(
                make_check(
                    cid,
                    ev.category,
                    ev.title,
                    ev.title_zh,
                    INFO,
                    None,
                    None,
                    "",
                    "; ".join(f"{m.statement}: {m.reason}" for m in missing),
                )
            )
            continue
        rows = dict(zip(ev.statements, inputs))
        try:
            checks.extend(ev.fn(rows, ctx))  # type: ignore[arg-type]
        except Exception as exc:
            checks.append(
                make_check(
                    cid,
                    ev.category,
                    ev.title,
                    ev.title_zh,
                    ERROR,
                    None,
                    None,
                    "",
                    f"evaluation failed: {type(exc).__name__}: {exc}",
                )
            )
    return checks


# --------------------------------------------------------------------------- grading helpers


def threshold_spec(ctx: EvalContext, tid: str) -> Mapping[str, Any]:
    return ctx.thresholds[tid]


def graded(
    ctx: EvalContext,
    check_id: str,
    category: str,
    title: str,
    title_zh: str,
    value: Optional[float],
    tid: str,
    detail: str = "",
    unit: Optional[str] = None,
) -> Check:
    """A check graded against threshold ``tid`` of the merged catalogue."""
    spec = ctx.thresholds[tid]
    higher = spec.get("higher_is_worse", True)
    unit = spec.get("unit", "") if unit is None else unit
    status = grade(value, spec.get("warn"), spec.get("fail"), higher_is_worse=higher)
    if value is None and not detail:
        detail = "no value"
    return make_check(
        f"{ctx.prefix}.{check_id}",
        category,
        title,
        title_zh,
        status,
        round_value(value),
        threshold_text(spec.get("warn"), spec.get("fail"), higher, unit),
        unit,
        detail,
    )


def check(
    ctx: EvalContext,
    check_id: str,
    category: str,
    title: str,
    title_zh: str,
    status: str,
    value: Any = None,
    threshold: Any = None,
    unit: str = "",
    detail: str = "",
) -> Check:
    """``make_check`` with the engine prefix on the id."""
    return make_check(
        f"{ctx.prefix}.{check_id}", category, title, title_zh, status, round_value(value), threshold, unit, detail
    )


def round_value(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 2)
    return value


def to_float(value: Any) -> Optional[float]:
    """A number from a driver value (int, float, Decimal, numeric string); None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return number


def pct(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    if part is None or whole is None or whole <= 0:
        return None
    return 100.0 * part / whole


def fmt_bytes(value: Optional[float]) -> str:
    if value is None:
        return "?"
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover


def fmt_seconds(value: Optional[float]) -> str:
    if value is None:
        return "?"
    seconds = float(value)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def join_limited(items: Iterable[str], limit: int = 10) -> str:
    """'a, b, c' with at most ``limit`` items and '(+n more)' for the rest."""
    listed = list(items)
    shown = ", ".join(listed[:limit])
    if len(listed) > limit:
        shown += f" (+{len(listed) - limit} more)"
    return shown


# --------------------------------------------------------------------------- quantities and parameters

_SIZE_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
    "t": 1024**4,
    "tb": 1024**4,
}
_TIME_UNITS = {"us": 0.001, "ms": 1, "s": 1000, "min": 60000, "h": 3600000, "d": 86400000}
_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_quantity(text: Any) -> Optional[Tuple[float, str]]:
    """(number, kind) for '2G', '128MB', '5min', '300'; kind is 'bytes', 'ms' or ''.

    Size suffixes are binary (K=1024) as both Oracle and PostgreSQL use them.
    A bare number has kind ''. Returns None for text that is not a quantity.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text), ""
    match = _QUANTITY.match(str(text))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "":
        return number, ""
    if unit in _TIME_UNITS:
        return number * _TIME_UNITS[unit], "ms"
    if unit.lower() in _SIZE_UNITS:
        return number * _SIZE_UNITS[unit.lower()], "bytes"
    return None


RECOMMENDATION_KEYS = ("equals", "not", "one_of", "min", "max", "severity", "note")


def validate_recommendations(recommendations: Any, name: str = "parameter_recommendations") -> List[str]:
    """Messages for a malformed recommendation mapping (empty when valid)."""
    errors: List[str] = []
    if recommendations is None:
        return errors
    if not isinstance(recommendations, dict):
        return [f"{name} must be a mapping of parameter name to rule, got {type(recommendations).__name__}"]
    for param, rule in sorted(recommendations.items()):
        where = f"{name}.{param}"
        if not isinstance(rule, dict):
            errors.append(f"{where} must be a mapping with one of equals, not, one_of, min, max; got {rule!r}")
            continue
        unknown = sorted(set(rule) - set(RECOMMENDATION_KEYS))
        if unknown:
            errors.append(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(RECOMMENDATION_KEYS)})")
        if not any(k in rule for k in ("equals", "not", "one_of", "min", "max")):
            errors.append(f"{where} needs one of equals, not, one_of, min, max")
        for bound in ("min", "max"):
            if bound in rule and parse_quantity(rule[bound]) is None:
                errors.append(f"{where}.{bound} must be a number or a quantity such as 2G or 5min, got {rule[bound]!r}")
        if "one_of" in rule and not isinstance(rule["one_of"], list):
            errors.append(f"{where}.one_of must be a list")
        if rule.get("severity", WARN) not in (WARN, FAIL, INFO):
            errors.append(f"{where}.severity must be WARN, FAIL or INFO, got {rule.get('severity')!r}")
    return errors


def _same(current: Any, wanted: Any) -> bool:
    cq, wq = parse_quantity(current), parse_quantity(wanted)
    if cq is not None and wq is not None and (cq[1] == wq[1] or "" in (cq[1], wq[1])):
        return abs(cq[0] - wq[0]) < 1e-9
    booleans = {"on": "true", "yes": "true", "1": "true", "off": "false", "no": "false", "0": "false"}
    c, w = str(current).strip().lower(), str(wanted).strip().lower()
    return booleans.get(c, c) == booleans.get(w, w)


def rule_text(rule: Mapping[str, Any]) -> str:
    parts = []
    if "equals" in rule:
        parts.append(f"= {rule['equals']}")
    if "not" in rule:
        parts.append(f"!= {rule['not']}")
    if "one_of" in rule:
        parts.append("one of " + ", ".join(str(v) for v in rule["one_of"]))
    if "min" in rule:
        parts.append(f">= {rule['min']}")
    if "max" in rule:
        parts.append(f"<= {rule['max']}")
    return "; ".join(parts)


def evaluate_rule(
    current: Any, current_quantity: Optional[Tuple[float, str]], rule: Mapping[str, Any]
) -> Optional[str]:
    """Why ``current`` breaks ``rule``, or None when it complies."""
    if "equals" in rule and not _same(current, rule["equals"]):
        return f"is {current}, recommended {rule['equals']}"
    if "not" in rule and _same(current, rule["not"]):
        return f"is {current}, which is advised against"
    if "one_of" in rule and not any(_same(current, v) for v in rule["one_of"]):
        return f"is {current}, recommended one of {', '.join(str(v) for v in rule['one_of'])}"
    for bound in ("min", "max"):
        if bound not in rule:
            continue
        limit = parse_quantity(rule[bound])
        if current_quantity is None or limit is None:
            return f"is {current}, not comparable with {bound} {rule[bound]}"
        if limit[1] and current_quantity[1] and limit[1] != current_quantity[1]:
            return f"is {current}, not comparable with {bound} {rule[bound]}"
        if bound == "min" and current_quantity[0] < limit[0]:
            return f"is {current}, below the recommended minimum {rule[bound]}"
        if bound == "max" and current_quantity[0] > limit[0]:
            return f"is {current}, above the recommended maximum {rule[bound]}"
    return None


def review_parameters(
    ctx: EvalContext,
    settings: Mapping[str, Tuple[Any, Optional[Tuple[float, str]]]],
    recommendations: Optional[Mapping[str, Mapping[str, Any]]],
    nondefault: Sequence[str],
) -> List[Check]:
    """One check per recommended parameter, plus an INFO list of parameters changed from their defaults.

    ``settings`` maps a lower-case parameter name to (display value, quantity
    in base units or None).
    """
    checks: List[Check] = []
    for name in sorted(recommendations or {}):
        rule = recommendations[name]  # type: ignore[index]
        key = name.lower()
        title = f"Parameter {key}"
        title_zh = f"参数 {key}"
        note = rule.get("note", "")
        if key not in settings:
            checks.append(
                check(
                    ctx,
                    f"parameter.{key}",
                    "configuration",
                    title,
                    title_zh,
                    INFO,
                    None,
                    rule_text(rule),
                    "",
                    "parameter not present on this server",
                )
            )
            continue
        display, quantity = settings[key]
        problem = evaluate_rule(display, quantity, rule)
        status = PASS if problem is None else rule.get("severity", WARN)
        detail = problem or "as recommended"
        if note:
            detail = f"{detail} ({note})"
        checks.append(
            check(
                ctx, f"parameter.{key}", "configuration", title, title_zh, status, display, rule_text(rule), "", detail
            )
        )
    if not recommendations:
        checks.append(
            check(
                ctx,
                "parameters",
                "configuration",
                "Parameter review",
                "参数评审",
                INFO,
                None,
                None,
                "",
                "no parameter recommendations configured",
            )
        )
    checks.append(
        check(
            ctx,
            "parameters_nondefault",
            "configuration",
            "Parameters changed from default",
            "非默认参数",
            INFO,
            len(nondefault),
            None,
            "",
            join_limited(sorted(nondefault), 40),
        )
    )
    return checks


# --------------------------------------------------------------------------- growth


def parse_time(text: Any) -> Optional[dt.datetime]:
    if isinstance(text, dt.datetime):
        return text if text.tzinfo else text.replace(tzinfo=dt.timezone.utc)
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def add_sample(samples: Sequence[Sequence[Any]], now: dt.datetime, used: float) -> List[List[Any]]:
    """Append (time, used) to a sample list, keeping the newest GROWTH_SAMPLES_KEPT."""
    kept = [list(s) for s in samples if isinstance(s, (list, tuple)) and len(s) == 2]
    kept.append([now.isoformat(), used])
    return kept[-GROWTH_SAMPLES_KEPT:]


def growth_per_day(samples: Sequence[Sequence[Any]], now: dt.datetime, used_now: float) -> Optional[float]:
    """Least-squares growth per day over the samples (and now); None with less than a day of history."""
    points: List[Tuple[float, float]] = []
    for when, used in samples:
        moment, amount = parse_time(when), to_float(used)
        if moment is None or amount is None:
            continue
        age = (now - moment).total_seconds() / 86400
        if 0 < age <= GROWTH_WINDOW_DAYS:
            points.append((-age, amount))
    if not points or max(-p[0] for p in points) < 1:
        return None
    points.append((0.0, used_now))
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    if sxx == 0:
        return None
    return sum((p[0] - mean_x) * (p[1] - mean_y) for p in points) / sxx


def days_until_full(used: Optional[float], capacity: Optional[float], per_day: Optional[float]) -> Optional[float]:
    """Days until ``used`` reaches ``capacity`` at ``per_day``; inf when not growing, None when unknown."""
    if used is None or capacity is None or per_day is None:
        return None
    if per_day <= 0:
        return math.inf
    return max(0.0, (capacity - used) / per_day)


# --------------------------------------------------------------------------- TLS to PostgreSQL

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
VERIFYING_SSL_MODES = ("verify-ca", "verify-full")
# Safe by default: the server's certificate and its name are checked. Anything weaker is an opt-out
# the operator writes down, and every run reports it.
DEFAULT_SSL_MODE = "verify-full"
# The system's trusted CAs, where the distributions the estates run keep them (Debian, Ubuntu, Kylin
# and UOS; RHEL/CentOS 7-9; SUSE; others). Preferred to libpq's sslrootcert=system (libpq 16+), which
# follows the OpenSSL that libpq was built with: a wheel's bundled OpenSSL may look elsewhere.
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
)
LIBPQ_SYSTEM_ROOTCERT = 160000
OPT_OUT_HINT = "set ssl_mode verify-full and the CA file that signed the server's certificate (ca_cert) to verify it"


@dataclass(frozen=True)
class TlsPlan:
    """How a PostgreSQL connection uses TLS: the libpq parameters and what the report says about them.

    ``verified``: the server's certificate is checked against ``ca`` (with verify-full also its name).
    ``error``: why the connection must not be tried as asked (no CA to verify with). ``local``: a Unix
    socket, where libpq does not use TLS.
    """

    ssl_mode: str
    params: Dict[str, str]
    verified: bool
    ca: str = ""
    error: Optional[str] = None
    local: bool = False


def postgres_tls(
    ssl_mode: Optional[str],
    ca_cert: Optional[str],
    libpq_version: int,
    system_bundle: Optional[str],
    local: bool = False,
) -> TlsPlan:
    """The TLS plan of a connection: ``ssl_mode`` (default verify-full) and where the trusted CAs come from.

    A CA file given is used as is. Without one, a verifying mode uses the system's CA bundle
    (``system_bundle``, found by ``find_ca_bundle``), else libpq's ``sslrootcert=system`` (libpq 16+,
    verify-full only); with neither, the plan is an error that tells the operator what to set, and
    nothing connects: a default must never silently accept any certificate.
    """
    mode = ssl_mode or DEFAULT_SSL_MODE
    if mode not in SSL_MODES:
        return TlsPlan(mode, {}, False, error=f"ssl_mode {mode!r} is not one of {', '.join(SSL_MODES)}")
    if local:
        return TlsPlan(mode, {}, False, local=True)
    params = {"sslmode": mode}
    if ca_cert:
        params["sslrootcert"] = ca_cert
        return TlsPlan(mode, params, mode in VERIFYING_SSL_MODES, f"CA file {ca_cert}")
    if mode not in VERIFYING_SSL_MODES:
        return TlsPlan(mode, params, False)
    if system_bundle:
        params["sslrootcert"] = system_bundle
        return TlsPlan(mode, params, True, f"the system CA bundle {system_bundle}")
    if mode == "verify-full" and libpq_version >= LIBPQ_SYSTEM_ROOTCERT:
        params["sslrootcert"] = "system"
        return TlsPlan(mode, params, True, "the system CA store")
    return TlsPlan(
        mode,
        params,
        False,
        error=(
            f"ssl_mode {mode} needs CA certificates to verify the server with: no CA file is set (ca_cert) and "
            "no system CA bundle was found; set the CA file that signed the server's certificate, or opt out "
            "explicitly with ssl_mode require (encrypted, not verified) or disable"
        ),
    )


def find_ca_bundle(candidates: Sequence[str] = SYSTEM_CA_BUNDLES) -> Optional[str]:
    """The first system CA bundle that exists on this machine."""
    return next((path for path in candidates if os.path.isfile(path)), None)


def tls_status(plan: TlsPlan, in_use: Optional[bool], protocol: Optional[str]) -> Tuple[str, str]:
    """(status, detail) of the connection's TLS for the report; an opt-out is a WARN that says so."""
    proto = protocol or "TLS"
    if plan.local:
        return INFO, "local Unix socket: TLS does not apply"
    if plan.verified and in_use:
        if plan.ssl_mode == "verify-full":
            return PASS, f"{proto}, server certificate verified against {plan.ca} and its name matched (verify-full)"
        return WARN, (
            f"{proto}, server certificate verified against {plan.ca} but not its name (ssl_mode verify-ca given "
            "explicitly): any server holding a certificate from that CA is accepted"
        )
    if plan.verified:
        return ERROR, f"ssl_mode {plan.ssl_mode} but the connection does not use TLS"
    if in_use:
        return WARN, (
            f"not verified: {proto} in use, but the server's certificate is not checked (ssl_mode {plan.ssl_mode} "
            f"given explicitly); {OPT_OUT_HINT}"
        )
    return WARN, (
        f"not verified and not encrypted (ssl_mode {plan.ssl_mode} given explicitly): credentials and data cross "
        f"the network in clear text; {OPT_OUT_HINT}"
    )


# libpq's words for a failed TLS set-up, and what the operator should do about each.
_TLS_CAUSES = (
    (
        ("certificate verify failed",),
        "TLS verification failed: the server's certificate is not signed by the CA in use; set the CA file that "
        "signed it (ca_cert), or opt out explicitly with ssl_mode require",
    ),
    (
        ("does not match host name",),
        "TLS verification failed: the server's certificate names another host; connect by a name the certificate "
        "carries, or opt out of the name check explicitly with ssl_mode verify-ca",
    ),
    (
        ("server does not support ssl", "ssl was required", "ssl is not enabled on the server"),
        "the server does not offer TLS: give it a certificate (ssl = on), or opt out explicitly with ssl_mode disable",
    ),
    (
        ("root certificate file", "could not read root certificate", "could not load root certificate"),
        "TLS CA file missing or unreadable: set ca_cert to a readable CA file, or opt out explicitly with "
        "ssl_mode require",
    ),
)


def tls_error_cause(message: str) -> Optional[str]:
    """The likely TLS cause of a failed connection and the fix, or None when it is not about TLS."""
    lower = message.lower()
    return next((cause for needles, cause in _TLS_CAUSES if any(n in lower for n in needles)), None)


# --------------------------------------------------------------------------- summary, diff, state


def overall_score(checks: Sequence[Check]) -> Optional[int]:
    """0-100: PASS 1, WARN and ERROR 0.5, FAIL 0, INFO not counted; None with nothing graded."""
    weights = [SCORE_WEIGHTS[c["status"]] for c in checks if c["status"] in SCORE_WEIGHTS]
    if not weights:
        return None
    return round(100 * sum(weights) / len(weights))


def run_diff(previous: Optional[Mapping[str, Any]], checks: Sequence[Check]) -> Dict[str, Any]:
    """What changed since the previous run of the same profile.

    ``new_fail``: FAIL now, not FAIL before (including checks new to this run);
    ``new_warn``: WARN now, PASS/INFO (or absent) before; ``resolved``: FAIL or
    WARN before, PASS or INFO now; ``still_failing``: FAIL both times.
    """
    before: Mapping[str, str] = (previous or {}).get("statuses") or {}
    now = {c["id"]: c["status"] for c in checks}
    bad = (FAIL, WARN)
    good = (PASS, INFO)
    return {
        "previous_run": (previous or {}).get("time"),
        "new_fail": sorted(i for i, s in now.items() if s == FAIL and before.get(i) != FAIL),
        "new_warn": sorted(i for i, s in now.items() if s == WARN and before.get(i, PASS) in good),
        "resolved": sorted(i for i, s in before.items() if s in bad and now.get(i) in good),
        "still_failing": sorted(i for i, s in now.items() if s == FAIL and before.get(i) == FAIL),
    }


def summary_checks(ctx: EvalContext, checks: Sequence[Check], diff: Mapping[str, Any]) -> List[Check]:
    """The score and the diff as INFO checks, so reports show them beside the rest."""
    score = overall_score(checks)
    counts = count_statuses(checks)
    score_detail = ", ".join(f"{s} {counts[s]}" for s in (FAIL, ERROR, WARN, PASS, INFO))
    if diff.get("previous_run"):
        parts = []
        for key, label in (
            ("new_fail", "new FAIL"),
            ("new_warn", "new WARN"),
            ("resolved", "resolved"),
            ("still_failing", "still FAIL"),
        ):
            if diff[key]:
                parts.append(f"{label}: {join_limited(diff[key], 8)}")
        diff_detail = f"since {diff['previous_run']}: " + ("; ".join(parts) if parts else "no change in findings")
        diff_value = len(diff["new_fail"])
    else:
        diff_detail = "first run of this profile: nothing to compare"
        diff_value = None
    return [
        check(
            ctx,
            "score",
            "summary",
            "Overall health score",
            "综合健康评分",
            INFO,
            score,
            "100 = every check PASS",
            "",
            score_detail,
        ),
        check(
            ctx,
            "changes",
            "summary",
            "Changes since the previous run",
            "与上次检查相比的变化",
            INFO,
            diff_value,
            None,
            "",
            diff_detail,
        ),
    ]


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def state_path(state_dir: str, engine: str, key: str) -> str:
    """``<state_dir>/<engine>_<key>.json`` with the key made safe for a file name."""
    safe = _SAFE.sub("_", key).strip("._") or "default"
    return os.path.join(state_dir, f"{engine}_{safe}.json")


def load_state(path: str) -> Dict[str, Any]:
    """The previous state, or {} when there is none or it cannot be read (a probe must not fail on it)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == STATE_VERSION else {}


def new_state(
    previous: Mapping[str, Any],
    engine: str,
    key: str,
    profile: str,
    checks: Sequence[Check],
    now: dt.datetime,
    memory: Mapping[str, Any],
) -> Dict[str, Any]:
    runs = dict(previous.get("runs") or {})
    runs[profile] = {
        "time": now.isoformat(),
        "statuses": {c["id"]: c["status"] for c in checks},
        "score": overall_score(checks),
    }
    merged_memory = dict(previous.get("memory") or {})
    merged_memory.update(memory)
    return {"version": STATE_VERSION, "engine": engine, "target": key, "runs": runs, "memory": merged_memory}


def save_state(path: str, state: Mapping[str, Any]) -> None:
    """Write with the shared atomic writer: mode 0600 in a 0700 directory, never through a symlink."""
    ensure_dir(os.path.dirname(path) or ".", mode=0o700)
    atomic_write(path, json.dumps(state, indent=1, sort_keys=True, default=str), mode=0o600)


def save_state_checks(ctx: EvalContext, path: str, state: Mapping[str, Any]) -> List[Check]:
    """Save the state; a write error (disk full, read-only, a refused symlink) is an ERROR row, not a lost run."""
    try:
        save_state(path, state)
    except OSError as exc:
        detail = f"state file {path} not written ({exc}): the next run cannot compare with this one"
        return [
            check(ctx, "state", "summary", "State kept for the next run", "保存本次状态", ERROR, None, None, "", detail)
        ]
    return []


def finish_run(
    ctx: EvalContext, engine: str, key: str, profile: str, checks: List[Check]
) -> Tuple[List[Check], Dict[str, Any], Dict[str, Any]]:
    """Add the summary checks; return (checks, diff, state to save)."""
    previous = (ctx.state.get("runs") or {}).get(profile)
    diff = run_diff(previous, checks)
    all_checks = list(checks) + summary_checks(ctx, checks, diff)
    state = new_state(ctx.state, engine, key, profile, checks, ctx.now, ctx.memory)
    return all_checks, diff, state


def worst_status(checks: Sequence[Check]) -> str:
    return worst(c["status"] for c in checks)


def severity(status: str) -> int:
    return STATUS_SEVERITY[status]
