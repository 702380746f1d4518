# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The result model's check per compared table (pure): a table's comparison result
(:func:`healthops.db.compare.engine.compare_tables`) -> ERROR, FAIL naming the differing keys,
INFO for rows changed after the backup only, or PASS.
"""

from __future__ import absolute_import, division, print_function

from typing import Any, Dict, List, Tuple

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, make_check

__metaclass__ = type


def table_check(result: Dict[str, Any], label: str = "", shown: int = 10) -> Dict[str, Any]:
    """One check of the result model per compared table."""
    name = "%s.%s" % (label, result["name"]) if label else result["name"]
    status, value, detail = table_outcome(result, shown)
    return make_check(
        check_id="db_compare:%s" % name,
        category="consistency",
        title="Consistency of %s" % name,
        title_zh="数据一致性 %s" % name,
        status=status,
        value=value,
        threshold="0",
        unit="rows",
        detail=detail,
    )


def table_outcome(result: Dict[str, Any], shown: int) -> Tuple[str, Any, str]:
    """Status, value and detail of a table's check: ERROR, FAIL naming the keys, INFO for later changes only, PASS."""
    if result.get("error"):
        return ERROR, None, result["error"]
    counts = "rows source %s, target %s" % (result.get("rows_source"), result.get("rows_target"))
    noun = "row" if result.get("strategy") == "rowhash" else "key"
    parts = []
    for kind, words in (
        ("missing_in_target", "missing in target"),
        ("extra_in_target", "extra in target"),
        ("changed", "changed"),
    ):
        total = result.get(kind + "_total", 0)
        if total:
            parts.append("%d %s (%s %s)" % (total, words, noun, shown_keys(result[kind], total, shown)))
    later = result.get("later_changes_total", 0)
    later_text = ""
    if later:
        later_text = "%d changed after the backup per %s (key %s)" % (
            later,
            result.get("change_column", "change column"),
            shown_keys(result["later_changes"], later, shown),
        )
    mismatches = result.get("mismatches", 0)
    if mismatches:
        return FAIL, mismatches, "; ".join(parts + ([later_text] if later_text else [])) + "; " + counts
    if later:
        return INFO, 0, later_text + "; " + counts
    return PASS, 0, "identical; " + counts


def shown_keys(keys: List[Any], total: int, shown: int) -> str:
    """The first ``shown`` keys, with an ellipsis when there are more."""
    more = " …" if total > min(shown, len(keys)) else ""
    return ", ".join(str(k) for k in keys[:shown]) + more
