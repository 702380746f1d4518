# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tomcat: the checks of tomcat_probe, from what it read on the host to checks of the result model.

The attribute catalogue is healthops.tomcat.catalogue, the validation of tuning values
healthops.tomcat.settings, the HTTP and manager fetching healthops.tomcat.fetch.
Parsing and evaluation are pure functions; the only I/O here is reading a log file from an offset
and, where a configured log is absent, looking for the one Tomcat writes (find_tomcat_log).
Standard library only, Python >= 3.6 (it runs on the Tomcat host).
"""

from __future__ import absolute_import, division, print_function

import errno
import os
import re
import xml.etree.ElementTree as ET
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible.module_utils.healthops.common.result import (
    ERROR,
    FAIL,
    INFO,
    PASS,
    WARN,
    grade,
    make_check,
    threshold_text,
)
from ansible.module_utils.healthops.common.thresholds import DEFAULT_THRESHOLDS, merge_thresholds, validate_thresholds
from ansible.module_utils.healthops.tomcat.catalogue import int_option_error

__metaclass__ = type

# ------------------------------------------------------------------ checks of the result model


def probe_option_errors(params: Dict[str, Any]) -> List[str]:
    """Numeric options of tomcat_probe: an argument error naming the option, never a check about Tomcat."""
    errors = [
        int_option_error("timeout", params.get("timeout"), 1, 3600),
        int_option_error("max_log_bytes", params.get("max_log_bytes"), 1),
    ]
    return [e for e in errors if e]


TOMCAT_ONLY_THRESHOLDS = {
    "tomcat_response_ms": {"warn": 1000, "fail": 5000, "unit": "ms", "higher_is_worse": True},
    "tomcat_heap_used": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "tomcat_severe_lines": {"warn": 1, "fail": 20, "unit": "", "higher_is_worse": True},
}
# Every shared default (thread pools and open files use resource_limit) plus the Tomcat-only ids.
TOMCAT_THRESHOLDS = merge_thresholds(DEFAULT_THRESHOLDS, TOMCAT_ONLY_THRESHOLDS)

CATEGORY = "tomcat"
CHECKS = {
    "tomcat.process": ("Tomcat process", "Tomcat 进程"),
    "tomcat.http": ("HTTP response time", "HTTP 响应时间"),
    "tomcat.threads": ("Busy threads of maxThreads", "线程池繁忙线程占比"),
    "tomcat.open_files": ("Open files of limit", "打开文件数占比"),
    "tomcat.heap_used": ("JVM heap used", "JVM 堆内存使用率"),
    "tomcat.log_severe": ("SEVERE lines since last run", "SEVERE 错误日志(自上次检查)"),
    "tomcat.oom": ("OutOfMemoryError since last run", "内存溢出 OutOfMemoryError(自上次检查)"),
    "tomcat.heap_dumps": ("Heap dumps", "堆转储文件"),
    "tomcat.app": ("Application running", "应用运行状态"),
    "tomcat.apps": ("Deployed applications", "已部署应用"),
}


def tomcat_check(
    check_id: str, status: str, value: Any = None, threshold: Any = None, unit: str = "", detail: str = ""
):
    base, _sep, item = check_id.partition(":")
    title, title_zh = CHECKS[base]
    if item:
        title, title_zh = "%s %s" % (title, item), "%s %s" % (title_zh, item)
    return make_check(
        check_id=check_id,
        category=CATEGORY,
        title=title,
        title_zh=title_zh,
        status=status,
        value=value,
        threshold=threshold,
        unit=unit,
        detail=detail,
    )


def graded(check_id: str, value: Optional[float], thresholds: Dict[str, Any], threshold_id: str, detail: str = ""):
    spec = thresholds[threshold_id]
    warn, fail, higher = spec.get("warn"), spec.get("fail"), spec.get("higher_is_worse", True)
    unit = spec.get("unit", "")
    status = grade(value, warn, fail, higher_is_worse=higher)
    return tomcat_check(check_id, status, value, threshold_text(warn, fail, higher, unit), unit, detail)


def effective_thresholds(overrides: Optional[Dict[str, Any]]) -> Tuple[Dict[str, Any], List[str]]:
    """Catalogue with the overrides this probe knows applied -> (thresholds, errors). Ids of other
    probes are ignored, so one system-wide mapping serves every probe."""
    mine = {k: v for k, v in (overrides or {}).items() if k in TOMCAT_THRESHOLDS}
    errors = validate_thresholds(mine, TOMCAT_THRESHOLDS, name="thresholds")
    return merge_thresholds(TOMCAT_THRESHOLDS, mine), errors


def _pct(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


# ---- process


def is_tomcat_cmdline(argv: List[str], base: Optional[str]) -> bool:
    """A running Tomcat (Bootstrap start) of CATALINA_BASE ``base`` (any base when None)."""
    if "org.apache.catalina.startup.Bootstrap" not in argv or not argv or argv[-1] != "start":
        return False
    if not base:
        return True
    bases = [a.split("=", 1)[1] for a in argv if a.startswith("-Dcatalina.base=")]
    return any(os.path.normpath(b) == os.path.normpath(base) for b in bases)


def eval_process(pids: List[int], base: Optional[str], uptime_s: Optional[float], user: Optional[str]):
    where = "CATALINA_BASE %s" % base if base else "any CATALINA_BASE"
    if not pids:
        return tomcat_check("tomcat.process", FAIL, 0, ">=1", "", "no Tomcat process (Bootstrap start) of %s" % where)
    detail = "pid %s" % ", ".join(str(p) for p in pids)
    if user:
        detail += ", user %s" % user
    if uptime_s is not None:
        detail += ", up %s" % human_duration(uptime_s)
    if len(pids) > 1:
        return tomcat_check(
            "tomcat.process", WARN, len(pids), "1", "", "%d Tomcat processes of %s: %s" % (len(pids), where, detail)
        )
    return tomcat_check("tomcat.process", PASS, 1, "1", "", detail)


def human_duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return "%dd %dh" % (days, hours)
    return "%dh %dm" % (hours, rest // 60) if hours else "%dm %ds" % divmod(rest, 60)


# ---- HTTP


def eval_http(url: str, status: Optional[int], elapsed_ms: Optional[float], error: Optional[str], thresholds):
    if error is not None or status is None:
        return tomcat_check("tomcat.http", FAIL, None, None, "ms", "%s: no HTTP answer (%s)" % (url, error or "?"))
    value = round(elapsed_ms or 0.0, 1)
    check = graded("tomcat.http", value, thresholds, "tomcat_response_ms", "%s answered HTTP %d" % (url, status))
    if status >= 500:
        check["status"] = FAIL
        check["detail"] += " (server error)"
    return check


# ---- manager status and application list


def parse_status_xml(text: str) -> Dict[str, Any]:
    """The manager's ``/status?XML=true`` -> {jvm: {free, total, max}, connectors: {name: {...}}}."""
    root = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)  # noqa: S314
    result = {"jvm": {}, "connectors": {}}  # type: Dict[str, Any]
    memory = root.find("jvm/memory")
    if memory is not None:
        result["jvm"] = {k: _num(memory.get(k)) for k in ("free", "total", "max")}
    for connector in root.findall("connector"):
        name = (connector.get("name") or "").strip("\"'")
        info = connector.find("threadInfo")
        requests = connector.find("requestInfo")
        entry = {"port": _port_of(name)}  # type: Dict[str, Any]
        if info is not None:
            for key in ("maxThreads", "currentThreadCount", "currentThreadsBusy"):
                entry[key] = _num(info.get(key))
        if requests is not None:
            for key in ("requestCount", "errorCount", "maxTime", "processingTime"):
                entry[key] = _num(requests.get(key))
        result["connectors"][name] = entry
    return result


def _num(value: Optional[str]) -> Optional[int]:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _port_of(name: str) -> Optional[int]:
    match = re.search(r"-(\d+)$", name)
    return int(match.group(1)) if match else None


def parse_manager_list(text: str) -> List[Dict[str, Any]]:
    """``/manager/text/list`` -> [{path, state, sessions, name}]; raises ValueError unless it starts with OK."""
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("OK"):
        raise ValueError(lines[0] if lines else "empty answer")
    apps = []
    for line in lines[1:]:
        parts = line.strip().split(":", 3)
        if len(parts) == 4:
            apps.append({"path": parts[0], "state": parts[1], "sessions": _num(parts[2]), "name": parts[3]})
    return apps


def eval_heap(jvm: Dict[str, Any], thresholds) -> Dict[str, Any]:
    total, free, maximum = jvm.get("total"), jvm.get("free"), jvm.get("max")
    if total is None or free is None or not maximum:
        return tomcat_check("tomcat.heap_used", ERROR, None, None, "%", "the status page has no JVM memory figures")
    used = total - free
    detail = "%d MiB used of %d MiB maximum (committed %d MiB)" % (used >> 20, maximum >> 20, total >> 20)
    return graded("tomcat.heap_used", _pct(used, maximum), thresholds, "tomcat_heap_used", detail)


def eval_apps(apps: Optional[List[Dict[str, Any]]], expected: List[str], probes: Dict[str, Any]):
    """Applications: from the manager's list when available, else by HTTP answers of the expected ones.

    ``probes`` maps an expected context path to (status code or None, error) of a GET without the manager.
    """
    checks = []
    if apps is not None:
        by_path = {a["path"]: a for a in apps}
        for path in sorted(set(by_path) | set(expected)):
            app = by_path.get(path)
            if app is None:
                checks.append(tomcat_check("tomcat.app:" + path, FAIL, "absent", "running", "", "not deployed"))
                continue
            status = PASS if app["state"] == "running" else FAIL
            detail = "%s, %s session(s)" % (app["name"], app["sessions"] if app["sessions"] is not None else "?")
            checks.append(tomcat_check("tomcat.app:" + path, status, app["state"], "running", "", detail))
        return checks
    if not expected:
        return [
            tomcat_check(
                "tomcat.apps",
                INFO,
                None,
                None,
                "",
                "set tomcat_status_user (manager-script role) or tomcat_expected_apps to check the applications",
            )
        ]
    for path in expected:
        code, error = probes.get(path, (None, "not probed"))
        if code is None:
            checks.append(tomcat_check("tomcat.app:" + path, FAIL, None, "running", "", "no HTTP answer: %s" % error))
        elif code == 404 or code >= 500:
            checks.append(tomcat_check("tomcat.app:" + path, FAIL, code, "running", "", "HTTP %d" % code))
        else:
            checks.append(tomcat_check("tomcat.app:" + path, PASS, code, "running", "", "HTTP %d (no manager)" % code))
    return checks


# ---- threads and open files


def count_threads(comms: Iterable[str], prefix: str) -> int:
    """Threads whose name starts with ``prefix``; Linux keeps 15 characters of a thread's name."""
    cut = prefix[:15]
    return sum(1 for c in comms if c.startswith(cut))


def _live(status: Optional[Dict[str, Any]], conn: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The manager status of ``conn`` (by family and port), None without one."""
    if status is None:
        return None
    connectors = status.get("connectors", {}).items()
    return next((v for k, v in connectors if v.get("port") == conn["port"] and k.startswith(conn["family"])), None)


def eval_threads(
    connectors: List[Dict[str, Any]],
    status: Optional[Dict[str, Any]],
    comms: Optional[List[str]],
    thresholds: Dict[str, Any],
) -> List[Dict[str, Any]]:
    """One check per plain connector: busy threads (manager status) or worker threads started (from /proc) of
    maxThreads. Connectors that share an executor are one pool: it is reported once."""
    checks = []
    seen_pools = set()
    for conn in connectors:
        if conn.get("family") not in ("http", "ajp"):
            continue
        pool = conn["executor"] or conn["name"]
        if pool in seen_pools:
            continue
        seen_pools.add(pool)
        check_id = "tomcat.threads:" + (conn["executor"] or conn["name"])
        maximum = conn["maxThreads"]
        placeholder = (conn.get("placeholders") or {}).get("maxThreads")
        live = _live(status, conn)
        if live is not None and live.get("currentThreadsBusy") is not None and (live.get("maxThreads") or 0) > 0:
            # A connector on a shared executor reports maxThreads -1: the executor's own value applies.
            maximum = live["maxThreads"]
        if maximum is None:
            # maxThreads="${maxThreads}": Tomcat resolves it at start; guessing its default would grade wrongly.
            checks.append(
                tomcat_check(
                    check_id, INFO, None, None, "%",
                    "maxThreads is %s in server.xml (resolved by Tomcat); set tomcat_status_user to read the "
                    "value in use" % placeholder,
                )
            )  # fmt: skip
            continue
        if live is not None and live.get("currentThreadsBusy") is not None:
            busy = live["currentThreadsBusy"]
            detail = "%d busy of maxThreads %d (%s threads in the pool), from the manager status" % (
                busy,
                maximum,
                live.get("currentThreadCount"),
            )
            checks.append(graded(check_id, _pct(busy, maximum), thresholds, "resource_limit", detail))
        elif comms is not None:
            started = count_threads(comms, conn["thread_prefix"])
            detail = (
                "%d worker threads started (%s*) of maxThreads %d; the pool only grows under load, so this bounds the "
                "busy threads from above (set tomcat_status_user for the exact count)"
                % (started, conn["thread_prefix"], maximum)
            )
            checks.append(graded(check_id, _pct(started, maximum), thresholds, "resource_limit", detail))
        else:
            checks.append(tomcat_check(check_id, ERROR, None, None, "%", "no Tomcat process to read threads from"))
    return checks


def parse_nofile_limit(limits_text: str) -> Optional[int]:
    """Soft "Max open files" of /proc/PID/limits (None for unlimited or absent)."""
    for line in limits_text.splitlines():
        if line.startswith("Max open files"):
            soft = line[len("Max open files") :].split()[0]
            return int(soft) if soft.isdigit() else None
    return None


def eval_open_files(count: Optional[int], limit: Optional[int], thresholds: Dict[str, Any], error: str = ""):
    if count is None:
        return tomcat_check("tomcat.open_files", ERROR, None, None, "%", error or "cannot read the process's files")
    if not limit:
        return tomcat_check("tomcat.open_files", INFO, count, None, "", "%d open, no limit" % count)
    detail = "%d open of LimitNOFILE %d" % (count, limit)
    return graded("tomcat.open_files", _pct(count, limit), thresholds, "resource_limit", detail)


# ---- heap dumps


def eval_heap_dumps(directory: str, dumps: Optional[List[Tuple[str, float, int]]], since: Optional[float]):
    """``dumps``: (name, mtime, size) of *.hprof files; None when the directory is missing. A dump newer than
    the previous run is FAIL (an OutOfMemoryError happened), older ones WARN (evidence, disk space)."""
    if dumps is None:
        return tomcat_check("tomcat.heap_dumps", PASS, 0, "0", "", "%s does not exist (no dump written)" % directory)
    if not dumps:
        return tomcat_check("tomcat.heap_dumps", PASS, 0, "0", "", "none in %s" % directory)
    newest = max(dumps, key=lambda d: d[1])
    size = sum(d[2] for d in dumps)
    fresh = [d for d in dumps if since is not None and d[1] > since]
    detail = "%d in %s (%d MiB), newest %s" % (len(dumps), directory, size >> 20, newest[0])
    if fresh:
        return tomcat_check(
            "tomcat.heap_dumps", FAIL, len(dumps), "0", "", "%d new since the last run; %s" % (len(fresh), detail)
        )
    return tomcat_check("tomcat.heap_dumps", WARN, len(dumps), "0", "", detail + "; analyse and remove them")


# ---- logs since the previous run

SEVERE = re.compile(r"\bSEVERE\b")
OOM = re.compile(r"java\.lang\.OutOfMemoryError")
MAX_SAMPLES = 3
MAX_SAMPLE_CHARS = 200


def read_new(path: str, prev: Optional[Dict[str, Any]], max_bytes: int) -> Tuple[str, Dict[str, Any], List[str]]:
    """Text appended to ``path`` since ``prev`` ({inode, offset}) -> (text, new state, notes).

    A new inode (rotated) or a smaller file (truncated by copytruncate) is read from its start; the first
    run reads the last ``max_bytes``. Only complete lines are consumed. Raises OSError.
    """
    st = os.stat(path)
    notes = []
    start = 0
    if isinstance(prev, dict) and isinstance(prev.get("offset"), int) and prev.get("inode") == st.st_ino:
        if st.st_size >= prev["offset"]:
            start = prev["offset"]
        else:
            notes.append("truncated since the last run: read from the start")
    elif isinstance(prev, dict) and prev.get("inode") is not None:
        notes.append("rotated since the last run: new file read from the start")
    else:
        notes.append("first run: last %d KiB read" % (max_bytes >> 10))
        start = max(0, st.st_size - max_bytes)
    if st.st_size - start > max_bytes:
        notes.append("%d KiB skipped (over max_bytes)" % ((st.st_size - start - max_bytes) >> 10))
        start = st.st_size - max_bytes
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(st.st_size - start)
    data = data[: data.rfind(b"\n") + 1]
    return data.decode("utf-8", "replace"), {"inode": st.st_ino, "offset": start + len(data)}, notes


def scan_lines(text: str, regex: "re.Pattern[str]") -> Tuple[int, List[str]]:
    count, samples = 0, []
    for line in text.splitlines():
        if regex.search(line):
            count += 1
            if len(samples) < MAX_SAMPLES:
                samples.append(line.strip()[:MAX_SAMPLE_CHARS])
    return count, samples


def eval_log(path: str, text: str, notes: List[str], thresholds: Dict[str, Any]) -> List[Dict[str, Any]]:
    severe, severe_samples = scan_lines(text, SEVERE)
    ooms, oom_samples = scan_lines(text, OOM)
    tail = "; ".join(notes + ["%d KiB scanned" % (len(text.encode("utf-8")) >> 10)])
    detail = ("%s | %s" % (" | ".join(severe_samples), tail)) if severe_samples else tail
    checks = [graded("tomcat.log_severe:" + path, severe, thresholds, "tomcat_severe_lines", detail)]
    if ooms:
        checks.append(
            tomcat_check("tomcat.oom:" + path, FAIL, ooms, "0", "", "%s | %s" % (" | ".join(oom_samples), tail))
        )
    else:
        checks.append(tomcat_check("tomcat.oom:" + path, PASS, 0, "0", "", tail))
    return checks


# Tomcat's own log (JULI's 1catalina handler): catalina.<yyyy-MM-dd>.log, or catalina.log with rotatable="false".
DAILY_LOG = re.compile(r"^catalina(\.\d{4}-\d{2}-\d{2})?\.log$")


def console_reason(console: Dict[str, Any]) -> str:
    """Where the Tomcat's console (stdout) goes, as far as the probe could tell ("" when it could not)."""
    stdout = console.get("stdout") or ""
    if stdout.startswith("socket:"):
        return "Tomcat's stdout is %s (the journal under systemd)" % stdout
    if stdout:
        return "Tomcat's stdout is %s" % stdout
    if console.get("pid") is None:
        return "no Tomcat process to tell where its console goes"
    return ""


def _newest_daily_log(directories: List[str]) -> Optional[str]:
    found = []
    for directory in directories:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            path = os.path.join(directory, name)
            if DAILY_LOG.match(name) and os.path.isfile(path):
                found.append((os.path.getmtime(path), name, path))
    return max(found)[2] if found else None


def find_tomcat_log(path: str, console: Dict[str, Any]) -> Tuple[Optional[str], str]:
    """Where Tomcat logs when the configured ``path`` (catalina.out) is absent: (the file to read, why), or
    (None, why none could be read; "" when the probe cannot tell).

    ``console``: ``pid``, ``stdout`` (the target of /proc/PID/fd/1), ``catalina_out`` and its ``source``
    (the process's environment or setenv.sh), ``base`` (CATALINA_BASE). A Tomcat under systemd sends its
    console to the journal (Debian's and RHEL's packages); its own log is then logs/catalina.<date>.log.
    """
    stdout = console.get("stdout") or ""
    if stdout.startswith("/") and not stdout.startswith("/dev/") and os.path.isfile(stdout):
        return stdout, "Tomcat's stdout is %s" % stdout
    catalina_out = console.get("catalina_out") or ""
    if catalina_out.startswith("/") and os.path.isfile(catalina_out):
        return catalina_out, "CATALINA_OUT is %s in %s" % (catalina_out, console.get("source") or "setenv.sh")
    why = console_reason(console)
    directories = [os.path.dirname(path)]
    if console.get("base"):
        directories.append(os.path.join(console["base"], "logs"))
    directories = [d for i, d in enumerate(directories) if d and d not in directories[:i]]
    daily = _newest_daily_log(directories)
    if daily:
        return daily, why or "Tomcat's own log"
    if not why:
        return None, ""
    return None, "%s; no catalina.<date>.log in %s" % (why, ", ".join(directories))


def _absent(path: str) -> bool:
    """Whether ``path`` does not exist (a file the probe may not see is not absent: its error is reported)."""
    try:
        os.lstat(path)
    except OSError as exc:
        return exc.errno == errno.ENOENT
    return False


def log_checks(
    paths: List[str],
    prev_logs: Dict[str, Any],
    thresholds: Dict[str, Any],
    max_bytes: int,
    console: Optional[Dict[str, Any]] = None,
) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """Checks of every log since the previous run and the positions to keep for the next run.

    A configured log that does not exist is looked for where Tomcat writes (``console``, see
    find_tomcat_log): the file found is read under the configured path's check id and state; where
    none is found but the reason is known (the console goes to the journal), the check is INFO.
    """
    checks, state = [], {}
    for path in paths:
        prev = (prev_logs or {}).get(path)
        read, notes = path, []
        if console is not None and _absent(path):
            found, why = find_tomcat_log(path, console)
            if found:
                read, notes = found, ["%s not found, read %s instead: %s" % (path, found, why)]
            elif why:
                if isinstance(prev, dict):
                    state[path] = prev
                detail = "%s not found: %s" % (path, why)
                checks.append(tomcat_check("tomcat.log_severe:" + path, INFO, None, None, "", detail))
                continue
        try:
            text, state[path], read_notes = read_new(read, prev, max_bytes)
        except OSError as exc:
            if isinstance(prev, dict):
                state[path] = prev
            reason = "not found" if getattr(exc, "errno", None) == 2 else (exc.strerror or str(exc))
            checks.append(tomcat_check("tomcat.log_severe:" + path, ERROR, None, None, "", "%s: %s" % (read, reason)))
            continue
        checks.extend(eval_log(path, text, notes + read_notes, thresholds))
    return checks, state
