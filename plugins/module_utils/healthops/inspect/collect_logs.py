# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host inspection: the log probes (application logs since the last run, the kernel log) through a HostIO."""

from __future__ import absolute_import, division, print_function

from ansible.module_utils.healthops.inspect.base import (
    DEFAULT_KERNEL_PATTERNS,
    DEFAULT_LOG_MAX_BYTES,
    DEFAULT_LOG_MAX_LINES,
    DEFAULT_LOG_PATTERNS,
    error_check,
    is_skipped,
)
from ansible.module_utils.healthops.inspect.hostio import first_line
from ansible.module_utils.healthops.inspect.logs import (
    compile_patterns,
    eval_kernel_journal,
    eval_kernel_kmsg,
    parse_journal,
    parse_kmsg,
    scan_log,
)

__metaclass__ = type


def logs(run):
    checks = []
    prev = run.prev_part("logs")
    for entry in run.p.get("log_files") or []:
        pattern = entry["path"]
        paths = run.io.glob(pattern) if any(c in pattern for c in "*?[") else [pattern]
        if not paths:
            checks.append(error_check("log.errors:" + pattern, "no file matches %s" % pattern))
            continue
        for path in paths:
            if is_skipped("log.errors:" + path, run.skip):
                continue
            limits = {"warn": entry.get("warn"), "fail": entry.get("fail")}
            check, state = scan_log(
                path,
                entry.get("patterns") or DEFAULT_LOG_PATTERNS,
                prev.get(path),
                entry.get("max_lines") if entry.get("max_lines") is not None else DEFAULT_LOG_MAX_LINES,
                entry.get("max_bytes") or DEFAULT_LOG_MAX_BYTES,
                run.th,
                limits,
                run.now,
            )
            checks.append(check)
            if state is not None:
                run.state["logs"][path] = state
    return checks


def kernel_log(run):
    patterns = run.p.get("kernel_log_patterns") or DEFAULT_KERNEL_PATTERNS
    regex = compile_patterns(patterns)
    prev = run.prev_part("kernel_log")
    try:
        records = parse_kmsg(run.io.kmsg())
        check, run.state["kernel_log"] = eval_kernel_kmsg(
            records, regex, prev, run.state["boot_id"], DEFAULT_LOG_MAX_LINES, run.th
        )
        return check
    except OSError as exc:
        kmsg_error = "/dev/kmsg: %s" % (exc.strerror or exc)
    argv = ["journalctl", "-k", "-q", "--no-pager", "-o", "short-monotonic", "--show-cursor"]
    cursor = prev.get("cursor") if prev.get("source") == "journal" else None
    argv += ["--after-cursor", cursor] if cursor else ["-b"]
    res = run.io.run(argv, run.timeout)
    if res.rc != 0:
        return error_check("kernel.log_errors", "%s; journalctl: %s" % (kmsg_error, res.error or first_line(res.err)))
    lines, new_cursor = parse_journal(res.out)
    check, run.state["kernel_log"] = eval_kernel_journal(
        lines, new_cursor, regex, prev, DEFAULT_LOG_MAX_LINES, run.th, kmsg_error + " (used journalctl)"
    )
    return check
