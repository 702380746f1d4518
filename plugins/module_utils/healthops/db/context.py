# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluation: what an evaluator reads besides rows, the evaluator registry entry and check helpers.

An *evaluator* (``Evaluator``) is a pure function from the rows of one or more
statements to checks of the result model; ``run_evaluators`` hands it the rows
and turns a failed or missing statement into an ERROR or INFO check in its place.
``graded``/``check`` build checks with the engine prefix; the ``fmt_*`` helpers
write the values into details.
Standard library only, Python >= 3.6: the probes run on the controller by default (delegated to
localhost), but a module's code is target-side and may run on a managed host's interpreter.
"""

import datetime as dt
import math
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    STATUS_SEVERITY,
    grade,
    make_check,
    threshold_text,
    worst,
)
from ansible.module_utils.healthops.db.catalogue import PROFILES, QueryError, Result, Row, Unavailable
from ansible.module_utils.healthops.db.compat import FrozenRecord, Record

Check = Dict[str, Any]


class EvalContext(Record):
    """What an evaluator may read besides rows, and where it leaves memory for the next run.

    ``thresholds`` is the merged catalogue; ``state`` the previous state file
    (``{}`` on a first run); ``memory`` collects what this run wants remembered
    (merged into the state file's ``memory`` by the module); ``options`` holds
    module options evaluators need (parameter recommendations and the like).
    """

    _fields = ("thresholds", "now", "state", "options", "version", "prefix", "memory")
    thresholds: Mapping[str, Mapping[str, Any]]
    now: dt.datetime
    state: Mapping[str, Any]
    options: Mapping[str, Any]
    version: int
    prefix: str
    memory: Dict[str, Any]

    def __init__(
        self,
        thresholds: Mapping[str, Mapping[str, Any]],
        now: dt.datetime,
        state: Optional[Mapping[str, Any]] = None,
        options: Optional[Mapping[str, Any]] = None,
        version: int = 0,
        prefix: str = "db",
        memory: Optional[Dict[str, Any]] = None,
    ) -> None:
        # a fresh dict per instance where none is given, as field(default_factory=dict)
        self.thresholds = thresholds
        self.now = now
        self.state = {} if state is None else state
        self.options = {} if options is None else options
        self.version = version
        self.prefix = prefix
        self.memory = {} if memory is None else memory

    def remembered(self, key: str, default: Any = None) -> Any:
        return (self.state.get("memory") or {}).get(key, default)


EvalFn = Callable[[Mapping[str, List[Row]], EvalContext], List[Check]]


class Evaluator(FrozenRecord):
    """Turns the rows of ``statements`` into checks.

    ``check_id`` (without the engine prefix), ``category`` and titles describe
    the ERROR or INFO check emitted in the evaluator's place when one of its
    statements failed or is not available on the server.
    """

    _fields = ("check_id", "category", "title", "title_zh", "statements", "fn", "profiles")
    check_id: str
    category: str
    title: str
    title_zh: str
    statements: Tuple[str, ...]
    fn: EvalFn
    profiles: Tuple[str, ...]

    def __init__(
        self,
        check_id: str,
        category: str,
        title: str,
        title_zh: str,
        statements: Tuple[str, ...],
        fn: EvalFn,
        profiles: Tuple[str, ...] = PROFILES,
    ) -> None:
        self._set(
            check_id=check_id,
            category=category,
            title=title,
            title_zh=title_zh,
            statements=statements,
            fn=fn,
            profiles=profiles,
        )


def run_evaluators(
    evaluators: Sequence[Evaluator], results: Mapping[str, Result], ctx: EvalContext, profile: str
) -> List[Check]:
    """Checks of every evaluator of ``profile``; a failed statement gives ERROR, never an exception."""
    checks: List[Check] = []
    for ev in evaluators:
        if profile in ev.profiles:
            checks.extend(_evaluate(ev, results, ctx))
    return checks


def _evaluate(ev: Evaluator, results: Mapping[str, Result], ctx: EvalContext) -> List[Check]:
    inputs = [results.get(name, Unavailable(name, "statement not run")) for name in ev.statements]
    errors = [r for r in inputs if isinstance(r, QueryError)]
    if errors:
        codes = ", ".join(sorted({e.code for e in errors if e.code})) or None
        return [_stand_in(ev, ctx, ERROR, "; ".join(e.text() for e in errors), codes)]
    missing = [r for r in inputs if isinstance(r, Unavailable)]
    if missing:
        return [_stand_in(ev, ctx, INFO, "; ".join(f"{m.statement}: {m.reason}" for m in missing))]
    try:
        return ev.fn(dict(zip(ev.statements, inputs)), ctx)  # type: ignore[arg-type]
    except Exception as exc:
        return [_stand_in(ev, ctx, ERROR, f"evaluation failed: {type(exc).__name__}: {exc}")]


def _stand_in(ev: Evaluator, ctx: EvalContext, status: str, detail: str, value: Any = None) -> Check:
    """The check in an evaluator's place when its statements failed, are missing, or it raised."""
    return make_check(
        check_id=f"{ctx.prefix}.{ev.check_id}",
        category=ev.category,
        title=ev.title,
        title_zh=ev.title_zh,
        status=status,
        value=value,
        detail=detail,
    )


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
    threshold = threshold_text(spec.get("warn"), spec.get("fail"), higher, unit)
    return check(ctx, check_id, category, title, title_zh, status, value, threshold, unit, detail)


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
        check_id=f"{ctx.prefix}.{check_id}",
        category=category,
        title=title,
        title_zh=title_zh,
        status=status,
        value=round_value(value),
        threshold=threshold,
        unit=unit,
        detail=detail,
    )


class Subject:
    """One check's identity (id without the engine prefix, category, titles), named once by an evaluator
    whose branches end in different statuses: ``check`` with a status, ``graded`` against a threshold,
    ``none_allowed`` (a count that must be zero) or ``nothing_found`` (PASS, with the threshold it would
    have been graded by).
    """

    def __init__(self, ctx: EvalContext, check_id: str, category: str, title: str, title_zh: str) -> None:
        self.ctx = ctx
        self.check_id = check_id
        self.category = category
        self.title = title
        self.title_zh = title_zh

    def check(self, status: str, value: Any = None, threshold: Any = None, unit: str = "", detail: str = "") -> Check:
        return check(
            self.ctx, self.check_id, self.category, self.title, self.title_zh, status, value, threshold, unit, detail
        )

    def graded(self, value: Optional[float], tid: str, detail: str = "", unit: Optional[str] = None) -> Check:
        return graded(self.ctx, self.check_id, self.category, self.title, self.title_zh, value, tid, detail, unit)

    def none_allowed(self, found: bool, value: Any, detail: str, unit: str = "") -> Check:
        """FAIL when anything was found where nothing may be (threshold 0), PASS otherwise."""
        return self.check(FAIL if found else PASS, value=value, threshold="0", unit=unit, detail=detail)

    def nothing_found(self, tid: str, unit: str, value: Any, detail: str) -> Check:
        """PASS for a query that found nothing to grade, with the threshold it would have been graded by."""
        spec = self.ctx.thresholds[tid]
        threshold = threshold_text(spec.get("warn"), spec.get("fail"), True, unit)
        return self.check(PASS, value=value, threshold=threshold, unit=unit, detail=detail)


def connect_time_check(ctx: EvalContext, seconds: float, detail: str) -> Check:
    """Seconds the connection took, graded against the engine's ``<prefix>_connect_time`` threshold."""
    return graded(
        ctx,
        check_id="connect_time",
        category="availability",
        title="Connection time",
        title_zh="连接耗时",
        value=seconds,
        tid=f"{ctx.prefix}_connect_time",
        detail=detail,
    )


def connection_error_check(ctx: EvalContext, detail: str, code: Optional[str] = None) -> Check:
    """ERROR for a connection that failed: ``detail`` says why, ``code`` is the driver's error code if any."""
    return check(
        ctx,
        check_id="connect",
        category="availability",
        title="Connection",
        title_zh="数据库连接",
        status=ERROR,
        value=code or None,
        detail=detail,
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


def worst_status(checks: Sequence[Check]) -> str:
    return worst(c["status"] for c in checks)


def severity(status: str) -> int:
    return STATUS_SEVERITY[status]
