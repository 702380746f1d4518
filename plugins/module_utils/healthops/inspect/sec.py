# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: accounts, passwords, SELinux/AppArmor, backup status file.

Pure parsing and evaluation on recorded text. Standard library only, Python >= 3.6.

The backup status file (written by the backup job, read here) is JSON::

    {
      "status": "success",                          # latest run: success | failed | running
      "finished": "2024-05-01T02:13:00+08:00",      # end of the latest run (ISO 8601 or epoch seconds)
      "last_success": "2024-05-01T02:13:00+08:00",  # end of the latest successful run
      "started": "...", "job": "...", "target": "...", "size_bytes": 0, "message": "...",  # optional
      "deadline": "..."   # optional, while running: later than this, the run died (a FAIL)
    }

``last_success`` may be left out when ``status`` is success (``finished`` is then the last success).
A time without a zone is the host's local time.
"""

from __future__ import absolute_import, division, print_function

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from ansible.module_utils.healthops.common.result import ERROR, FAIL, INFO, PASS, threshold_text
from ansible.module_utils.healthops.inspect.base import error_check, graded_check, new_check, round_value

__metaclass__ = type

NOLOGIN_SHELLS = (
    "/usr/sbin/nologin",
    "/sbin/nologin",
    "/bin/false",
    "/usr/bin/false",
    "/bin/sync",
    "/sbin/shutdown",
    "/sbin/halt",
)
# PASS_MAX_DAYS at or above this means "never expires" (shadow's customary 99999).
NO_MAX_DAYS = 10000
# Password states of parse_shadow.
PW_SET, PW_LOCKED, PW_EMPTY = "set", "locked", "empty"

# ---------------------------------------------------------------- accounts


def parse_passwd(text: str) -> List[Dict[str, Any]]:
    accounts = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "+", "-")):
            continue
        fields = line.split(":")
        if len(fields) < 7:
            continue
        try:
            uid = int(fields[2])
        except ValueError:
            uid = -1
        accounts.append({"name": fields[0], "uid": uid, "shell": fields[6].strip()})
    return accounts


def _int_or_none(field: str) -> Optional[int]:
    field = field.strip()
    try:
        return int(field) if field else None
    except ValueError:
        return None


def parse_shadow(text: str) -> Dict[str, Dict[str, Any]]:
    """/etc/shadow -> {name: {password: set|locked|empty, last_change, max_days}} (days since the epoch).

    '!' or '*' at the start of the hash field means locked (no password login); an empty field means
    no password at all. An empty last-change field means ageing is off; 0 means change forced at next login.
    """
    result = {}
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 5 or not fields[0]:
            continue
        pw = fields[1]
        if pw == "":
            state = PW_EMPTY
        elif pw.startswith(("!", "*")):
            state = PW_LOCKED
        else:
            state = PW_SET
        result[fields[0]] = {
            "password": state,
            "last_change": _int_or_none(fields[2]),
            "max_days": _int_or_none(fields[4]),
        }
    return result


def eval_uid0(accounts: List[Dict[str, Any]]) -> Dict[str, Any]:
    others = [a["name"] for a in accounts if a["uid"] == 0 and a["name"] != "root"]
    if others:
        return new_check(
            "security.uid0_accounts", FAIL, len(others), "0", "", "UID 0 besides root: " + ", ".join(others)
        )
    return new_check("security.uid0_accounts", PASS, 0, "0", "", "only root has UID 0")


def is_login_shell(shell: str) -> bool:
    return bool(shell) and shell not in NOLOGIN_SHELLS


def eval_empty_passwords(accounts: List[Dict[str, Any]], shadow: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    empty = [
        a["name"]
        for a in accounts
        if is_login_shell(a["shell"]) and shadow.get(a["name"], {}).get("password") == PW_EMPTY
    ]
    if empty:
        return new_check("security.empty_passwords", FAIL, len(empty), "0", "", "no password: " + ", ".join(empty))
    return new_check("security.empty_passwords", PASS, 0, "0", "", "no login account without a password")


def eval_password_age(
    accounts: List[Dict[str, Any]], shadow: Dict[str, Dict[str, Any]], today: int, thresholds: Dict[str, Any]
) -> Dict[str, Any]:
    """Worst password age of login accounts (login shell and a usable password) as % of its PASS_MAX_DAYS.

    ``today`` is days since 1970-01-01. Accounts without a maximum or with ageing off are listed, not graded.
    """
    graded = []  # (percent, text)
    notes = []
    for account in accounts:
        entry = shadow.get(account["name"])
        if not entry or entry["password"] != PW_SET or not is_login_shell(account["shell"]):
            continue
        name, last, max_days = account["name"], entry["last_change"], entry["max_days"]
        if last == 0:
            graded.append((100.0, "%s must change password at next login" % name))
        elif last is None:
            notes.append("%s: ageing off" % name)
        elif max_days is None or max_days >= NO_MAX_DAYS or max_days <= 0:
            notes.append("%s: no maximum (%d d old)" % (name, max(0, today - last)))
        else:
            age = max(0, today - last)
            graded.append((age * 100.0 / max_days, "%s %d/%d d" % (name, age, max_days)))
    if not graded:
        detail = "; ".join(notes) if notes else "no login account with a password"
        return new_check("security.password_age", INFO, None, None, "%", detail)
    graded.sort(key=lambda g: -g[0])
    worst = graded[0][0]
    detail = "; ".join("%s (%.0f%%)" % (text, pct) for pct, text in graded[:8])
    if notes:
        detail += "; not graded: " + "; ".join(notes[:8])
    return graded_check("security.password_age", round_value(worst), thresholds, detail)


def eval_mac(
    selinux_enforce: Optional[str],
    selinux_config: Optional[str],
    apparmor_enabled: Optional[str],
    apparmor_profiles: Optional[int],
) -> Dict[str, Any]:
    """SELinux mode (runtime /sys/fs/selinux/enforce, configured SELINUX= in /etc/selinux/config) and
    AppArmor state (/sys/module/apparmor/parameters/enabled). INFO only."""
    parts = []
    value = "none"
    if selinux_enforce is not None:
        mode = "enforcing" if selinux_enforce.strip() == "1" else "permissive"
        value = "SELinux " + mode
        parts.append("SELinux %s" % mode)
    configured = None
    for line in (selinux_config or "").splitlines():
        if line.strip().startswith("SELINUX="):
            configured = line.split("=", 1)[1].strip()
    if configured:
        parts.append("configured SELINUX=%s" % configured)
        if selinux_enforce is None:
            value = "SELinux disabled"
    if apparmor_enabled is not None and apparmor_enabled.strip().upper().startswith("Y"):
        value = "AppArmor enabled" if value == "none" else value + ", AppArmor enabled"
        parts.append(
            "AppArmor enabled" + (", %d profiles loaded" % apparmor_profiles if apparmor_profiles is not None else "")
        )
    if not parts:
        parts.append("neither SELinux nor AppArmor active")
    return new_check("security.mac", INFO, value, None, "", "; ".join(parts))


# ---------------------------------------------------------------- backup status

_TZ = re.compile(r"([+-])(\d\d):?(\d\d)$")


def parse_time(value: Any) -> Optional[float]:
    """ISO 8601 (``2024-05-01T02:13:00+08:00``, ``...Z``, ``...+0800``, space separator) or epoch seconds
    -> epoch seconds. A time without a zone is local time. None when not a time."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.match(r"^\d+(\.\d+)?$", text):
        return float(text)
    tz = None
    if text.endswith(("Z", "z")):
        tz, text = timezone.utc, text[:-1]
    else:
        match = _TZ.search(text)
        if match and ("T" in text or " " in text) and match.start() > 10:
            sign = 1 if match.group(1) == "+" else -1
            tz = timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
            text = text[: match.start()]
    text = text.replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        return None
    if tz is None:
        return parsed.timestamp()  # naive: local time
    return parsed.replace(tzinfo=tz).timestamp()


def parse_backup_status(text: str) -> Dict[str, Any]:
    """The status file's JSON -> mapping; raises ValueError with a readable reason."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError("not valid JSON: %s" % exc) from None
    if not isinstance(data, dict):
        raise ValueError("top level must be a JSON object")
    return data


def _backup_last_run(data: Dict[str, Any], status: str, path: str, now: float) -> Dict[str, Any]:
    """backup.last_run from the parsed status file."""
    finished = parse_time(data.get("finished"))
    job = (" job %s" % data["job"]) if data.get("job") else ""
    when = datetime.fromtimestamp(finished).strftime("%Y-%m-%d %H:%M") if finished else "?"
    message = (": %s" % str(data["message"])[:200]) if data.get("message") else ""
    if status in ("success", "ok", "succeeded"):
        return new_check(
            "backup.last_run", PASS, status, "success", "", "latest%s finished %s%s" % (job, when, message)
        )
    if status in ("failed", "failure", "error"):
        return new_check("backup.last_run", FAIL, status, "success", "", "latest%s failed %s%s" % (job, when, message))
    if status == "running" and (parse_time(data.get("deadline")) or now) < now:
        # Past the job's own timeout: it died (killed, host crash) without writing its end.
        why = "%s started %s still says running after its deadline %s: the run ended without writing its status" % (
            job.strip() or "backup",
            data.get("started", "?"),
            data.get("deadline"),
        )
        return new_check("backup.last_run", FAIL, status, "success", "", why)
    if status == "running":
        why = "%s running%s" % (job.strip() or "backup", message)
        return new_check("backup.last_run", INFO, status, "success", "", why)
    why = "%s: unknown status %r" % (path, data.get("status"))
    return new_check("backup.last_run", ERROR, status or None, "success", "", why)


def eval_backup(
    path: str,
    text: Optional[str],
    read_error: str,
    configured: bool,
    expected: bool,
    now: float,
    thresholds: Dict[str, Any],
) -> List[Dict[str, Any]]:
    """backup.last_run and backup.age from the status file's text (None when the file is absent); after a
    successful run also its size and duration (backup.size, backup.duration).

    Absent file: FAIL when the file was configured or a backup is expected, else no check at all.
    """
    spec = thresholds["backup_age"]
    limit = threshold_text(spec.get("warn"), spec.get("fail"), spec.get("higher_is_worse", True), "h")
    if text is None:
        if read_error:
            return [
                error_check("backup.last_run", "%s: %s" % (path, read_error)),
                error_check("backup.age", read_error),
            ]
        if configured or expected:
            why = "backup status file %s not found: no backup has reported on this host" % path
            return [
                new_check("backup.last_run", FAIL, None, "success", "", why),
                new_check("backup.age", FAIL, None, limit, "h", why),
            ]
        return []
    try:
        data = parse_backup_status(text)
    except ValueError as exc:
        why = "%s: %s" % (path, exc)
        return [new_check("backup.last_run", ERROR, None, "success", "", why), error_check("backup.age", why)]
    status = str(data.get("status", "")).lower()
    finished = parse_time(data.get("finished"))
    last_success = parse_time(data.get("last_success"))
    if last_success is None and status in ("success", "ok", "succeeded") and finished is not None:
        last_success = finished
    checks = [_backup_last_run(data, status, path, now)]
    if last_success is None:
        why = "no successful backup recorded in %s" % path
        checks.append(new_check("backup.age", FAIL, None, limit, "h", why))
    else:
        hours = max(0.0, (now - last_success) / 3600.0)
        stamp = datetime.fromtimestamp(last_success).strftime("%Y-%m-%d %H:%M")
        checks.append(graded_check("backup.age", round_value(hours), thresholds, "last success %s" % stamp))
    if status in ("success", "ok", "succeeded"):
        checks.extend(_backup_figures(data))
    return checks


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _backup_figures(data: Dict[str, Any]) -> List[Dict[str, Any]]:
    """backup.size and backup.duration (INFO) of a successful latest run: the report charts them over the runs."""
    where = ("set %s" % data["set"]) if data.get("set") else ""
    checks = []
    size = _number(data.get("size_bytes"))
    if size is not None and size >= 0:
        checks.append(new_check("backup.size", INFO, round_value(size / 1073741824.0, 3), None, "GiB", where))
    seconds = _number(data.get("duration_seconds"))
    if seconds is not None and seconds >= 0:
        checks.append(new_check("backup.duration", INFO, round_value(seconds / 60.0, 1), None, "min", where))
    return checks
