# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet overview, first page of a multi-system run: systems by check categories, worst status and count.

Pure: reads the report's hosts and checks; report.html and report.xlsx draw the same table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.common.result import CATEGORY_ZH, STATUSES, worst
from ansible.module_utils.healthops.report.labels import category_label, status_word

# Categories in the order of the result model's list (hosts first, then services, databases, network).
_ORDER = {name: index for index, name in enumerate(CATEGORY_ZH)}


def is_fleet(report: Mapping[str, Any]) -> bool:
    """Whether the run covers several systems (a single system's record needs no overview)."""
    return len(report["summary"]["systems"]) > 1


def categories(report: Mapping[str, Any]) -> list[str]:
    found = {str(c.get("category") or "") for h in report["hosts"] for c in h["checks"]}
    return sorted(found, key=lambda name: (_ORDER.get(name, len(_ORDER)), name))


def cells(report: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """system -> category -> {worst, count (checks of the worst status), counts (per status)}."""
    table: dict[str, dict[str, dict[str, Any]]] = {system: {} for system in report["summary"]["systems"]}
    for host in report["hosts"]:
        for check in host["checks"]:
            cell = table[host["system"]].setdefault(
                str(check.get("category") or ""), {"counts": dict.fromkeys(STATUSES, 0)}
            )
            cell["counts"][check["status"]] += 1
    for row in table.values():
        for cell in row.values():
            cell["worst"] = worst(s for s, n in cell["counts"].items() if n)
            cell["count"] = cell["counts"][cell["worst"]]
    return table


def heading(category: str, lang: str) -> str:
    return category_label(category, lang) or "-"


def cell_text(cell: Mapping[str, Any] | None, lang: str) -> str:
    """'异常 2': the worst status and how many checks have it ('' when the system has none of the category)."""
    if not cell:
        return ""
    return f"{status_word(cell['worst'], lang)} {cell['count']}"
