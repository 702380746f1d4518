# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""RMAN ``SHOW ALL`` output: parsed, and judged against the backup policy. Pure, Python >= 3.6.

``SHOW ALL`` prints one ``CONFIGURE ...;`` line per setting, ``# default`` after those never
changed (Oracle Database Backup and Recovery Reference, SHOW). The audit needs three of them:
the retention policy, control file autobackup and the archived log deletion policy.
"""

from __future__ import absolute_import, division, print_function

import re
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.backup_audit.local import Item
from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN

__metaclass__ = type

CONFIGURE_RE = re.compile(r"^\s*CONFIGURE\s+(.*?)\s*;\s*(#\s*default)?\s*$", re.IGNORECASE)
RETENTION_RE = re.compile(
    r"^RETENTION POLICY TO (?:(NONE)|REDUNDANCY (\d+)|RECOVERY WINDOW OF (\d+) DAYS)$", re.IGNORECASE
)
UNIQUE_NAME_RE = re.compile(r"db_unique_name (\S+) are:", re.IGNORECASE)


def parse_show_all(text: str) -> Dict[str, Any]:
    """The settings of a ``SHOW ALL`` output.

    ``{"db_unique_name", "settings": {line without CONFIGURE: is_default}, "retention": {"kind":
    none|redundancy|window, "value"}, "controlfile_autobackup": bool|None, "archivelog_deletion":
    text|None, "encryption": bool|None}``; a setting missing from the output is None.
    """
    settings = {}  # type: Dict[str, bool]
    name = None
    for line in (text or "").splitlines():
        match = UNIQUE_NAME_RE.search(line)
        if match:
            name = match.group(1)
        match = CONFIGURE_RE.match(line)
        if match:
            settings[" ".join(match.group(1).split())] = bool(match.group(2))
    result = {
        "db_unique_name": name,
        "settings": settings,
        "retention": None,
        "controlfile_autobackup": None,
        "archivelog_deletion": None,
        "encryption": None,
    }  # type: Dict[str, Any]
    for setting in settings:
        upper = setting.upper()
        retention = RETENTION_RE.match(setting)
        if retention:
            if retention.group(1):
                result["retention"] = {"kind": "none", "value": None}
            elif retention.group(2):
                result["retention"] = {"kind": "redundancy", "value": int(retention.group(2))}
            else:
                result["retention"] = {"kind": "window", "value": int(retention.group(3))}
        elif upper in ("CONTROLFILE AUTOBACKUP ON", "CONTROLFILE AUTOBACKUP OFF"):
            result["controlfile_autobackup"] = upper.endswith(" ON")
        elif upper.startswith("ARCHIVELOG DELETION POLICY TO "):
            result["archivelog_deletion"] = setting[len("ARCHIVELOG DELETION POLICY TO ") :]
        elif upper in ("ENCRYPTION FOR DATABASE ON", "ENCRYPTION FOR DATABASE OFF"):
            result["encryption"] = upper.endswith(" ON")
    return result


def _retention_check(parsed: Dict[str, Any], policy: Dict[str, Any]) -> Dict[str, Any]:
    retention = parsed["retention"]
    want = policy["rman_recovery_window_days"]
    command = "CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF %d DAYS;" % int(want + 0.999)
    item = Item(
        "backup_audit.rman.retention",
        "RMAN retention policy",
        "RMAN 保留策略",
        threshold="RECOVERY WINDOW >= %g DAYS" % want,
        advice=command,
    )
    if retention is None:
        return item(WARN, detail="SHOW ALL printed no retention policy")
    if retention["kind"] == "window":
        value = "RECOVERY WINDOW OF %d DAYS" % retention["value"]
        if retention["value"] >= want:
            return item(PASS, value=value)
        return item(FAIL, value=value, detail="the recovery window is shorter than the policy's %g days" % want)
    value = "NONE" if retention["kind"] == "none" else "REDUNDANCY %d" % retention["value"]
    # REDUNDANCY n keeps n backups whatever their age: with one daily level 0 it is n days, no window.
    status = WARN if retention["kind"] == "redundancy" and retention["value"] >= 2 else FAIL
    detail = (
        "backups are kept by count, not by a recovery window: a point in time %g days back may not be recoverable"
        % want
    )
    return item(status, value=value, detail=detail)


def rman_checks(text: Optional[str], policy: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The RMAN configuration checks of one Oracle host from its ``SHOW ALL`` output (None: not read)."""
    if not text or not text.strip():
        detail = "SHOW ALL output not read (backup_audit_rman_show_all false or not an Oracle host)"
        return [Item("backup_audit.rman", "RMAN configuration", "RMAN 配置")(INFO, detail=detail)]
    parsed = parse_show_all(text)
    checks = [_retention_check(parsed, policy)]
    autobackup = parsed["controlfile_autobackup"]
    want = policy["rman_controlfile_autobackup"]
    good = autobackup is True or not want
    item = Item(
        "backup_audit.rman.controlfile_autobackup",
        "RMAN control file autobackup",
        "RMAN 控制文件自动备份",
        threshold="ON" if want else None,
        advice="CONFIGURE CONTROLFILE AUTOBACKUP ON;",
    )
    value = {True: "ON", False: "OFF", None: None}[autobackup]
    lost = "without it a lost control file cannot be restored from the backups alone"
    checks.append(item(PASS, value=value) if good else item(FAIL, value=value, detail=lost))
    deletion = parsed["archivelog_deletion"]
    want = policy["rman_archivelog_deletion_policy"]
    good = not want or (deletion is not None and deletion.upper() != "NONE")
    item = Item(
        "backup_audit.rman.archivelog_deletion",
        "RMAN archived log deletion policy",
        "RMAN 归档日志删除策略",
        threshold="BACKED UP n TIMES / APPLIED ON STANDBY" if want else None,
        advice="CONFIGURE ARCHIVELOG DELETION POLICY TO BACKED UP 1 TIMES TO DEVICE TYPE DISK;",
    )
    early = "archived logs may be deleted before they are backed up"
    checks.append(item(PASS, value=deletion) if good else item(FAIL, value=deletion, detail=early))
    return checks
