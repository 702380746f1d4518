"""Issue 16 (10): cache, parse and sort ratios per interval, from the previous run's counters in the state file.

The rows are V$SYSSTAT / V$LIBRARYCACHE / V$ROWCACHE as the catalogue selects them (cumulative since startup).
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.healthops.common.result import FAIL, PASS
from ansible.module_utils.healthops.db.oracle import evaluate as ev
from ansible.module_utils.healthops.db.oracle.ratios import MEMORY_KEY
from test_oracle_evaluate import by_id, ctx, instance


def stats(
    physical: int, logical: int, parses: int, hard: int, pins: int, pinhits: int, sorts: int = 10_000
) -> dict[str, Any]:
    return {
        "instance": [instance()],
        "sysstat": [
            {"name": "physical reads cache", "value": physical},
            {"name": "consistent gets from cache", "value": logical - 1000},
            {"name": "db block gets from cache", "value": 1000},
            {"name": "parse count (total)", "value": parses},
            {"name": "parse count (hard)", "value": hard},
            {"name": "sorts (memory)", "value": sorts},
            {"name": "sorts (disk)", "value": 2},
        ],
        "library_cache": [{"pins": pins, "pinhits": pinhits, "reloads": 5, "invalidations": 0}],
        "dictionary_cache": [{"gets": 50_000, "getmisses": 100}],
    }


# Two weeks of good work since startup on 2025-03-19 (the recorded instance row's STARTUP_TIME).
EARLIER = stats(physical=10_000, logical=10_000_000, parses=100_000, hard=2_000, pins=1_000_000, pinhits=999_000)
# The week since then: 50% physical reads, 60% hard parses; since startup it still averages above the thresholds.
NOW = stats(
    physical=510_000, logical=11_000_000, parses=110_000, hard=8_000, pins=1_100_000, pinhits=1_098_000, sorts=20_000
)


def sample(rows: dict[str, Any], startup: str = "2025-03-19 08:00:00", when: str = "2025-03-24T08:00:00+00:00"):
    first_run = ctx()
    ev.ev_ratios(rows, first_run)
    kept = dict(first_run.memory[MEMORY_KEY], time=when, startup_time=startup)
    return {"memory": {MEMORY_KEY: kept}}


def test_ratios_are_graded_over_the_interval_since_the_previous_run() -> None:
    checks = by_id(ev.ev_ratios(NOW, ctx(state=sample(EARLIER))))
    buffer = checks["oracle.buffer_cache_hit"]
    # 500 000 physical of 1 000 000 logical reads this week: 50%, though 95.4% since startup.
    assert (buffer["status"], buffer["value"]) == (FAIL, 50.0)
    assert "over the 7.0 d since the previous run (2025-03-24T08:00)" in buffer["detail"]
    soft = checks["oracle.soft_parse"]
    assert (soft["status"], soft["value"]) == (FAIL, 40.0)
    assert checks["oracle.library_cache_hit"]["value"] == 99.0
    assert checks["oracle.memory_sort"]["status"] == PASS


def test_a_first_run_grades_the_figures_since_startup_and_says_so() -> None:
    first_run = ctx()
    checks = by_id(ev.ev_ratios(NOW, first_run))
    buffer = checks["oracle.buffer_cache_hit"]
    assert buffer["status"] == PASS
    assert buffer["value"] == 95.36
    assert "since instance startup 2025-03-19 08:00:00 (first run" in buffer["detail"]
    kept = first_run.memory[MEMORY_KEY]
    assert kept["startup_time"] == "2025-03-19 08:00:00"
    assert kept["counters"]["physical reads cache"] == 510_000
    assert kept["counters"]["library pins"] == 1_100_000


def test_a_restart_since_the_sample_falls_back_to_since_startup() -> None:
    # Counters start again from zero at STARTUP: a difference to a sample from before would be meaningless.
    state = sample(EARLIER, startup="2025-03-01 06:00:00")
    buffer = by_id(ev.ev_ratios(NOW, ctx(state=state)))["oracle.buffer_cache_hit"]
    assert buffer["value"] == 95.36
    assert "restarted" in buffer["detail"]


def test_counters_that_went_back_are_not_differenced() -> None:
    state = sample(NOW)
    buffer = by_id(ev.ev_ratios(EARLIER, ctx(state=state)))["oracle.buffer_cache_hit"]
    assert buffer["value"] == 99.9
    assert "since instance startup" in buffer["detail"]
