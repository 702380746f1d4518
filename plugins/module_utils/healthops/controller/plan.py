# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Change review: what a change playbook's ``--check --diff`` run would change, per host (pure).

Input is the output of the ``ansible.posix.json`` stdout callback; out come a summary short enough
to paste into a merge request (one line per host, the changing tasks named) and the full unified
diff, saved beside it. Exit codes: 0 nothing would change, 2 something would, 1 the preview itself
failed (a host failed or was unreachable: the plan is incomplete).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

NOTHING, CHANGES, INCOMPLETE = 0, 2, 1


@dataclass
class HostPlan:
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unreachable: bool = False


def _diffs(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    diff = result.get("diff")
    if isinstance(diff, Mapping):
        return [diff]
    return [d for d in diff or [] if isinstance(d, Mapping)]


def _unified(diff: Mapping[str, Any], host: str, task: str) -> str:
    if "prepared" in diff:
        return str(diff["prepared"]).rstrip("\n") + "\n"
    before, after = diff.get("before", ""), diff.get("after", "")
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        before, after = _state(before), _state(after)
    lines = difflib.unified_diff(
        str(before).splitlines(keepends=True),
        str(after).splitlines(keepends=True),
        fromfile=str(diff.get("before_header") or f"{host}: before"),
        tofile=str(diff.get("after_header") or f"{host}: after ({task})"),
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _state(value: Any) -> str:
    if isinstance(value, Mapping):
        return "".join(f"{k}: {v}\n" for k, v in sorted(value.items()))
    return str(value)


def read(output: Mapping[str, Any], playbook: str) -> tuple[dict[str, HostPlan], str]:
    """Per-host plan and the full diff text of one playbook's JSON callback output."""
    hosts: dict[str, HostPlan] = {}
    diff_text: list[str] = []
    for play in output.get("plays", []):
        for task in play.get("tasks", []):
            name = str(task.get("task", {}).get("name") or "unnamed task")
            for host, result in (task.get("hosts") or {}).items():
                plan = hosts.setdefault(host, HostPlan())
                if result.get("unreachable"):
                    plan.unreachable = True
                elif result.get("failed") and not result.get("ignore_errors"):
                    plan.failed.append(name)
                elif result.get("changed"):
                    plan.changed.append(name)
                    for diff in _diffs(result):
                        text = _unified(diff, host, name)
                        if text:
                            diff_text.append(f"# {playbook} | {host} | {name}\n{text}")
    for host, counts in (output.get("stats") or {}).items():
        plan = hosts.setdefault(host, HostPlan())
        plan.unreachable = plan.unreachable or bool(counts.get("unreachable"))
    return hosts, "".join(diff_text)


def summary(plans: Mapping[str, Mapping[str, HostPlan]], diff_path: str, limit: int = 5) -> tuple[str, int]:
    """The paste-able summary of every playbook's plan and the exit code (0, 1 or 2)."""
    lines, code = [], NOTHING
    for playbook, hosts in plans.items():
        lines.append(f"## {playbook}")
        if not hosts:
            lines.append("- no host matched")
        for host, plan in sorted(hosts.items()):
            if plan.unreachable or plan.failed:
                code = INCOMPLETE
                what = "UNREACHABLE" if plan.unreachable else f"FAILED in {_names(plan.failed, limit)}"
                lines.append(f"- {host}: {what} (plan incomplete)")
            elif plan.changed:
                code = CHANGES if code == NOTHING else code
                lines.append(f"- {host}: {len(plan.changed)} change(s): {_names(plan.changed, limit)}")
            else:
                lines.append(f"- {host}: no change")
    verdict = {NOTHING: "nothing would change", CHANGES: "changes pending", INCOMPLETE: "plan incomplete"}[code]
    lines.append(f"\nResult: {verdict}. Full diff: {diff_path}")
    return "\n".join(lines) + "\n", code


def _names(names: Iterable[str], limit: int) -> str:
    unique = list(dict.fromkeys(names))
    shown = "; ".join(unique[:limit])
    return shown + (f"; … {len(unique) - limit} more" if len(unique) > limit else "")
