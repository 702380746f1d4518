# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-target JSON state file the probes keep on the controller between runs.

It holds the previous statuses for the diff, the alert-log position and size samples
for growth. ``finish_run`` adds the summary checks to a run and builds the state to
save; ``save_state_checks`` turns a write error into an ERROR check.
"""

import datetime as dt
import json
import os
import re
from typing import Any, Dict, List, Mapping, Sequence, Tuple

from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir
from ansible.module_utils.healthops.common.result import ERROR
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject
from ansible.module_utils.healthops.db.summary import overall_score, run_diff, summary_checks

STATE_VERSION = 1


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
            Subject(ctx, "state", "summary", "State kept for the next run", "保存本次状态").check(ERROR, detail=detail)
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
