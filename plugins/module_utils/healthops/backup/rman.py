# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Oracle RMAN: the level of a run and what its log says. Pure.

Part of healthops.backup (see sets.py): standard library only, Python >= 3.6; imports inside the
package are relative, so it runs both as ansible.module_utils and installed beside the backup job.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, Optional

__metaclass__ = type


# Messages that RMAN prints as warnings, not failures (crosscheck and archivelog deletion notes).
RMAN_WARNING_CODES = frozenset(
    ["RMAN-06207", "RMAN-06208", "RMAN-06210", "RMAN-06211", "RMAN-06212", "RMAN-06213", "RMAN-06214"]
    + ["RMAN-08120", "RMAN-08137", "RMAN-08138", "RMAN-08591", "RMAN-06820", "RMAN-06821"]
)
# The frame around an error stack, not errors themselves.
RMAN_BANNER_CODES = frozenset(["RMAN-00571", "RMAN-00569"])
_RMAN_MSG = re.compile(r"^\s*((?:RMAN|ORA)-\d{5}):\s*(.*)$")
_RMAN_PIECE = re.compile(r"piece handle=(\S+)")
_RMAN_FILE_ROW = re.compile(r"^\s*(\d+)\s+(OK|FAILED)\s+(\d+)\s+")
_RMAN_CTL_ROW = re.compile(r"^\s*(SPFILE|Control File)\s+(OK|FAILED)\s+(\d+)\s+")


def rman_level(weekday: int, level0_weekday: int) -> int:
    """Incremental level for a day (ISO weekday 1 = Monday .. 7 = Sunday): 0 on ``level0_weekday``, else 1."""
    return 0 if int(weekday) == int(level0_weekday) else 1


def parse_rman_log(text: str, exit_status: Optional[int] = None) -> Dict[str, Any]:
    """An RMAN log -> ``{"ok", "completed", "errors", "warnings", "pieces", "validate"}``.

    ``errors``/``warnings`` are ``{"code", "message", "line"}``; ``validate`` lists the
    ``BACKUP VALIDATE`` rows that are not OK (``{"file", "status", "marked_corrupt"}``).
    ``ok`` needs RMAN to have completed, no error message, no failed validation row, and a
    zero exit status when one is given.
    """
    errors = []  # type: List[Dict[str, Any]]
    warnings = []  # type: List[Dict[str, Any]]
    pieces = []  # type: List[str]
    validate = []  # type: List[Dict[str, Any]]
    completed = False
    for number, line in enumerate((text or "").splitlines(), 1):
        stripped = line.strip()
        if stripped == "Recovery Manager complete.":
            completed = True
        match = _RMAN_MSG.match(line)
        if match:
            code, message = match.group(1), match.group(2).strip()
            if code in RMAN_BANNER_CODES:
                continue
            entry = {"code": code, "message": message, "line": number}
            if code in RMAN_WARNING_CODES or message.upper().startswith("WARNING"):
                warnings.append(entry)
            else:
                errors.append(entry)
            continue
        piece = _RMAN_PIECE.search(line)
        if piece:
            pieces.append(piece.group(1))
            continue
        row = _RMAN_FILE_ROW.match(line) or _RMAN_CTL_ROW.match(line)
        if row and (row.group(2) == "FAILED" or int(row.group(3)) > 0):
            validate.append(
                {"file": row.group(1), "status": row.group(2), "marked_corrupt": int(row.group(3)), "line": number}
            )
    ok = completed and not errors and not validate and (exit_status in (None, 0))
    return {
        "ok": ok,
        "completed": completed,
        "errors": errors,
        "warnings": warnings,
        "pieces": pieces,
        "validate": validate,
    }


def describe_rman(parsed: Dict[str, Any], exit_status: Optional[int] = None) -> str:
    """One line for the status file: the first errors, failed validation rows, or why not complete."""
    parts = []
    for error in parsed.get("errors", [])[:3]:
        parts.append("%s: %s" % (error["code"], error["message"]))
    for row in parsed.get("validate", [])[:3]:
        parts.append("validate: file %s %s (%d marked corrupt)" % (row["file"], row["status"], row["marked_corrupt"]))
    if not parsed.get("completed"):
        parts.append("RMAN did not complete")
    if exit_status not in (None, 0):
        parts.append("rman exit status %s" % exit_status)
    return "; ".join(parts)
