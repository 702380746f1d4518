# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Trends: the figures that predict trouble, per host, over the stored history of the duty.

Pure: takes the current report and the earlier ones (healthops.report.history reads
them, oldest first) and returns the ``trends`` block of report.json, which report.html
draws as inline SVG (healthops.report.svg) and report.xlsx as native charts. A series is
one check of one host (``fs.space:/data``, ``oracle.tablespace.USERS``...) with a number
in at least one run; its WARN and FAIL limits come from the check's threshold text
(``>=80/90%``). A series that fills up (file systems, tablespaces, recovery area) gets
the date it would reach 100 % at the rate of its samples (least squares), if it grows.
"""

from __future__ import annotations

import datetime
import fnmatch
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ansible.module_utils.healthops.report.advice import canonical

# Check ids charted, and whether the figure is a share that can reach 100 % (a date of full).
CHARTED = (
    ("fs.space:*", True),
    ("fs.inodes:*", True),
    ("cpu.load_per_core", False),
    ("memory.used", False),
    ("memory.swap_used", False),
    ("oracle.tablespace.*", True),
    ("oracle.temp.*", False),
    ("oracle.undo.*", False),
    ("oracle.fra", True),
    ("oracle.asm_diskgroup.*", True),
    ("oracle.sessions", False),
    ("oracle.processes", False),
    ("postgres.connections", False),
    ("postgres.database_size", False),
    ("backup.age", False),
    ("backup.size", False),
    ("backup.duration", False),
    ("oracle.backup_age", False),
    ("tomcat.heap_used", False),
    ("tomcat.threads", False),
)
RUNS = 12  # samples per series: the current run and the 11 before it
# What one sample stands for: every run, or the last run of each ISO week or calendar month, so a daily
# duty's charts can span 12 weeks or 12 months instead of 12 days.
PERIODS = ("run", "week", "month")
# auto: from the duty's calendar cycle (the report's meta.cycle) - a duty run more than once a week
# samples by week, so its 12 samples span 12 weeks; a weekly or rarer one samples every run (12 weeks,
# 12 months or more).
AUTO = "auto"
BY_WEEK = ("hourly", "daily", "workdays", "twice_weekly", "每日", "每天")


def period_for(period: str, cycle: Any) -> str:
    """The sample period: ``period`` itself, or for ``auto`` the one the duty's cycle (calendar entries) calls for."""
    if period != AUTO:
        return period
    entries = [cycle] if isinstance(cycle, str) else list(cycle or [])
    return "week" if any(str(e).strip().lower() in BY_WEEK for e in entries) else "run"


_THRESHOLD = re.compile(r"^\s*(>=|<=)\s*(-?[\d.]+)(?:\s*/\s*(-?[\d.]+))?")


def charted(check_id: str) -> tuple[bool, bool]:
    """(whether the check is charted, whether it can fill up)."""
    check_id = canonical(check_id)  # the PostgreSQL probe's pg.connections is postgres.connections here
    for pattern, fills in CHARTED:
        if fnmatch.fnmatchcase(check_id, pattern):
            return True, fills
    return False, False


def limits(threshold: Any) -> tuple[float | None, float | None]:
    """(warn, fail) from a threshold text such as '>=80/90%' (None where it has none)."""
    match = _THRESHOLD.match(str(threshold or ""))
    if not match:
        return None, None
    warn = float(match.group(2))
    return warn, float(match.group(3)) if match.group(3) else None


def _when(report: Mapping[str, Any]) -> str:
    run = report.get("run") or {}
    return str(run.get("started") or run.get("generated") or "")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _days(stamp: str) -> float:
    when = datetime.datetime.fromisoformat(stamp)
    when = when if when.tzinfo else when.astimezone()
    return when.timestamp() / 86400


def projected_full(points: Sequence[Sequence[Any]]) -> str | None:
    """The date a share reaches 100 % at the least-squares rate of its points; None unless it grows."""
    if len(points) < 2:
        return None
    try:
        xs = [_days(str(p[0])) for p in points]
    except ValueError:
        return None
    ys = [float(p[1]) for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread <= 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    if slope <= 0:
        return None
    if ys[-1] >= 100:
        return str(points[-1][0])[:10]
    full = xs[-1] + (100 - ys[-1]) / slope
    if full - xs[-1] > 3650:  # beyond ten years says nothing
        return None
    return datetime.datetime.fromtimestamp(full * 86400, tz=datetime.timezone.utc).date().isoformat()


def _series_of(report: Mapping[str, Any], host: str) -> dict[str, Mapping[str, Any]]:
    for entry in report.get("hosts") or []:
        if entry.get("host") == host:
            return {str(c.get("id")): c for c in entry.get("checks") or [] if charted(str(c.get("id")))[0]}
    return {}


def _host_trends(host: Mapping[str, Any], runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    name = str(host["host"])
    by_run = [(_when(r), _series_of(r, name)) for r in runs]
    samples = sum(1 for _when_, checks in by_run if checks)
    series = []
    for check_id, check in sorted(by_run[-1][1].items()):
        values = [(when, _number(checks[check_id].get("value"))) for when, checks in by_run if check_id in checks]
        points = [[when, value] for when, value in values if value is not None]
        if not points:
            continue
        warn, fail = limits(check.get("threshold"))
        fills = charted(check_id)[1]
        series.append(
            {
                "id": check_id,
                "title": check.get("title") or check_id,
                "title_zh": check.get("title_zh") or check.get("title") or check_id,
                "unit": check.get("unit") or "",
                "warn": warn,
                "fail": fail,
                "points": points,
                "projected_full": projected_full(points) if fills else None,
            }
        )
    return {"system": host.get("system"), "samples": samples, "series": series}


def _period_of(report: Mapping[str, Any], period: str) -> str:
    """The week (2025-W03) or month (2025-01) a run belongs to; a run without a readable time is its own."""
    stamp = _when(report)
    try:
        when = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return f"?{id(report)}"
    if period == "week":
        year, week, _day = when.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{when.year}-{when.month:02d}"


def window(
    current: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], runs: int = RUNS, period: str = "run"
) -> list[Mapping[str, Any]]:
    """The runs the charts cover, oldest first, the current one last: the last ``runs`` runs, or with a
    ``period`` of week or month the last run of each of the last ``runs`` periods."""
    chosen = [*earlier, current]
    if period != "run":
        last = {_period_of(r, period): id(r) for r in chosen}  # later runs of a period replace earlier ones
        chosen = [r for r in chosen if last[_period_of(r, period)] == id(r)]
    return chosen[-runs:] if runs > 1 else [current]


def collect(
    current: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], runs: int = RUNS, period: str = "run"
) -> dict[str, Any]:
    """The ``trends`` block: per host of the current run, its charted series over :func:`window`."""
    covered = window(current, earlier, runs, period)
    hosts = {}
    for host in current["hosts"]:
        trend = _host_trends(host, covered)
        if trend["series"]:
            hosts[host["host"]] = trend
    return {"runs": len(covered), "period": period, "hosts": hosts}


def span_note(block: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The line above the charts: what they cover (the last 12 runs, weeks or months) and how to read them."""
    span = labels[f"trends_span_{block.get('period') or 'run'}"].format(runs=block["runs"])
    return labels["trends_note"].format(span=span)


def chartable(series: Mapping[str, Any]) -> bool:
    """Whether a series has enough samples to draw (two or more)."""
    return len(series.get("points") or []) >= 2
