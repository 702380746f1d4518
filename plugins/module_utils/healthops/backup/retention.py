# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which backup sets to keep. Pure.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, Iterable

__metaclass__ = type


def select_retention(sets: Iterable[Dict[str, Any]], keep_days: float, keep_count: int, now: float) -> Dict[str, Any]:
    """Which sets to delete. Each set is ``{"name", "time" (epoch or None), "good" (bool)}``.

    Rules, in order:
      1. Nothing is deleted while the newest set is not good (failed, incomplete, unverified).
      2. The newest good set is always kept (it is the newest set, by rule 1).
      3. A set is kept when younger than ``keep_days`` days, or when it is one of the
         ``keep_count`` newest good sets; every other set is deleted (bad ones too).
      4. A set whose time is unknown is never touched.

    Returns ``{"delete": [names, oldest first], "keep": [names, newest first], "reason": str}``.
    """
    items = list(sets)
    known = [s for s in items if s.get("time") is not None]
    unknown = [s["name"] for s in items if s.get("time") is None]
    ordered = sorted(known, key=lambda s: (s["time"], s["name"]), reverse=True)
    if not ordered:
        return {"delete": [], "keep": unknown, "reason": "no backup set"}
    newest = ordered[0]
    if not newest.get("good"):
        return {
            "delete": [],
            "keep": [s["name"] for s in ordered] + unknown,
            "reason": "newest backup set %s is not good: nothing is deleted" % newest["name"],
        }
    keep_count = max(1, int(keep_count))
    horizon = now - float(keep_days) * 86400.0
    keep, delete, good_rank = [], [], 0
    for item in ordered:
        if item.get("good"):
            good_rank += 1
        if item is newest or (item.get("good") and good_rank <= keep_count) or item["time"] > horizon:
            keep.append(item["name"])
        else:
            delete.append(item["name"])
    reason = "keep %d day(s) and the %d newest good set(s)" % (keep_days, keep_count) if delete else "nothing expired"
    return {"delete": list(reversed(delete)), "keep": keep + unknown, "reason": reason}
