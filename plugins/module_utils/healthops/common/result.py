# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The result model shared by every probe and report (the README, "The result model").

Every probe returns ``checks``: a list of dicts with the keys of CHECK_FIELDS and
``status`` one of STATUSES. This file is imported by modules that run on managed
hosts, so it uses only Python's standard library and runs on Python 3.6 and later
(tests/unit/test_target_python.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CHECK_FIELDS = ("id", "category", "title", "title_zh", "status", "value", "threshold", "unit", "detail")

PASS = "PASS"  # noqa: S105 - a status word, not a password
WARN = "WARN"
FAIL = "FAIL"
INFO = "INFO"
ERROR = "ERROR"
STATUSES = (PASS, WARN, FAIL, INFO, ERROR)

# Order in which reports list rows: what needs action first.
STATUS_ORDER = {FAIL: 0, ERROR: 1, WARN: 2, INFO: 3, PASS: 4}
# Worst-of ranking used to fold several statuses into one.
STATUS_SEVERITY = {PASS: 0, INFO: 0, WARN: 1, ERROR: 2, FAIL: 3}

STATUS_ZH = {PASS: "正常", WARN: "警告", FAIL: "异常", INFO: "信息", ERROR: "无法检查"}
# Chinese names of check categories, for every probe and report.
CATEGORY_ZH = {
    "host": "主机",
    "probe": "巡检执行",
    "system": "系统",
    "os": "操作系统",
    "cpu": "CPU",
    "load": "负载",
    "memory": "内存",
    "swap": "交换分区",
    "filesystem": "文件系统",
    "disk": "磁盘",
    "storage": "存储",
    "network": "网络",
    "time": "时间同步",
    "service": "服务",
    "process": "进程",
    "log": "日志",
    "security": "安全",
    "account": "账号",
    "password": "密码",
    "patch": "补丁",
    "package": "软件包",
    "hardware": "硬件",
    "database": "数据库",
    "oracle": "Oracle",
    "postgres": "PostgreSQL",
    "tablespace": "表空间",
    "session": "会话",
    "backup": "备份",
    "restore": "恢复",
    "certificate": "证书",
    "web": "Web",
    "tomcat": "Tomcat",
    "application": "应用",
    "exchange": "数据交换",
    "switch": "交换机",
    "port": "端口",
    "snmp": "SNMP",
    "fs": "文件系统",
    "net": "网络",
    "kernel": "内核",
    "availability": "可用性",
    "capacity": "容量",
    "configuration": "配置",
    "integrity": "完整性",
    "locks": "锁",
    "performance": "性能",
}

STATUS_EN = {PASS: "OK", WARN: "Warning", FAIL: "Fault", INFO: "Info", ERROR: "Not checked"}


def make_check(check_id, category, title, title_zh, status, value=None, threshold=None, unit="", detail=""):
    """Build one check, refusing a status outside the model."""
    if status not in STATUSES:
        raise ValueError("status %r of check %r is not one of %s" % (status, check_id, ", ".join(STATUSES)))
    return {
        "id": check_id,
        "category": category,
        "title": title,
        "title_zh": title_zh,
        "status": status,
        "value": value,
        "threshold": threshold,
        "unit": unit or "",
        "detail": detail or "",
    }


def grade(value, warn, fail, higher_is_worse=True):
    """Grade a number against a WARN and a FAIL limit.

    ``higher_is_worse=False`` is for figures such as days until full or days to
    certificate expiry, where a small number is the problem. A limit of None is
    not applied. A value of None cannot be graded and gives ERROR.
    """
    if value is None:
        return ERROR
    if higher_is_worse:
        if fail is not None and value >= fail:
            return FAIL
        if warn is not None and value >= warn:
            return WARN
        return PASS
    if fail is not None and value <= fail:
        return FAIL
    if warn is not None and value <= warn:
        return WARN
    return PASS


def threshold_text(warn, fail, higher_is_worse=True, unit=""):
    """How a threshold reads in a report: '>=80/90%' or '<=30/7 d'."""
    sign = ">=" if higher_is_worse else "<="
    parts = [("%g" % x) if isinstance(x, (int, float)) else str(x) for x in (warn, fail) if x is not None]
    if not parts:
        return ""
    return "%s%s%s" % (sign, "/".join(parts), (" " + unit) if unit and unit != "%" else unit)


def worst(statuses):
    """The most severe of several statuses (PASS for none)."""
    result = PASS
    for status in statuses:
        if STATUS_SEVERITY[status] > STATUS_SEVERITY[result]:
            result = status
    return result


def count_statuses(checks):
    """Counts per status, every status present (zero where none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for check in checks:
        counts[check["status"]] += 1
    return counts


def sort_checks(checks):
    """FAIL, ERROR, WARN, INFO, PASS; stable within a status."""
    return sorted(checks, key=lambda c: STATUS_ORDER[c["status"]])


def validate_check(check):
    """Return a list of problems with one check dict (empty when it is well formed)."""
    problems = []
    if not isinstance(check, dict):
        return ["check is not a mapping: %r" % (check,)]
    missing = [f for f in CHECK_FIELDS if f not in check]
    if missing:
        problems.append("check %r lacks %s" % (check.get("id"), ", ".join(missing)))
    if check.get("status") not in STATUSES:
        problems.append("check %r has status %r" % (check.get("id"), check.get("status")))
    return problems
