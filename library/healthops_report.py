#!/usr/bin/python
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a run's report.json, report.html and report.xlsx on the controller."""

from __future__ import annotations

import json
import os
import socket
import traceback
from typing import Any

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.healthops.common.fileio import atomic_write, ensure_dir

try:
    import openpyxl  # noqa: F401 - presence check; healthops_report imports it where it writes

    HAS_OPENPYXL = True
    OPENPYXL_ERROR = None
except ImportError:
    HAS_OPENPYXL = False
    OPENPYXL_ERROR = traceback.format_exc()

from ansible.module_utils.healthops.report.changes import compare
from ansible.module_utils.healthops.report.history import earlier_reports
from ansible.module_utils.healthops.report.html import html_digest, render_html
from ansible.module_utils.healthops.report.labels import LANGS
from ansible.module_utils.healthops.report.model import (
    FORMATS,
    ReportInputError,
    build_report,
    now_iso,
    report_digest,
    to_json,
)
from ansible.module_utils.healthops.report.trends import AUTO as TREND_AUTO
from ansible.module_utils.healthops.report.trends import PERIODS as TREND_PERIODS
from ansible.module_utils.healthops.report.trends import RUNS as TREND_RUNS
from ansible.module_utils.healthops.report.trends import collect as collect_trends
from ansible.module_utils.healthops.report.trends import period_for
from ansible.module_utils.healthops.report.xlsx import xlsx_bytes, xlsx_digest

DOCUMENTATION = r"""
---
module: healthops_report
short_description: Write a run's report (JSON, HTML, XLSX) on the controller
description:
  - Turns every host's probe outcome into one report of the run and writes it as
    C(<report_dir>/<run_id>/report.json) (the machine-readable contract),
    C(report.html) (for people, Chinese headings by default) and C(report.xlsx)
    (the inspection record, 巡检记录, that the client signs).
  - A host that was unreachable, whose probe failed or that has no result at all
    appears with status C(ERROR); no expected host is ever left out.
  - Files are written atomically (temporary file in the same directory, then
    rename) with mode 0640, and the run directory is created with mode 0750 when
    missing; a stricter umask wins. A symlink in place of a report file or the run
    directory is refused, not followed.
  - Idempotent. A file is rewritten only when the report's content differs from
    what the file holds (the time of generation aside), so a second call with the
    same outcome returns C(changed=false) and writes nothing.
  - "Runs on the controller: use it with C(delegate_to: localhost) and
    C(run_once: true), or in a play on C(localhost)."
version_added: "1.0.0"
author:
  - healthops contributors
options:
  hosts:
    description:
      - One entry per host expected in the report.
      - >-
        Each entry has C(host) and optionally C(ip), C(system) (the system's
        inventory group, such as C(petition)), C(system_name_zh), C(kind)
        (C(host) or C(device)) and the probe's outcome. The outcome is either
        C(checks) (the list of checks the probe returned), or C(unreachable=true)
        with C(msg), or C(failed=true) with C(msg), or C(skipped=true) with
        C(msg). An entry with no outcome at all becomes an C(ERROR) check
        C(probe.run) with detail C(no result: host was not probed).
      - Other keys are refused, naming the entry. An empty list is refused.
    type: list
    elements: dict
    required: true
  report_dir:
    description:
      - Directory that holds one subdirectory per run.
    type: path
    required: true
  run_id:
    description:
      - Identifier of the run and name of its subdirectory.
      - 1 to 128 letters, digits, C(.), C(_) or C(-), starting with a letter or digit.
    type: str
    required: true
  meta:
    description:
      - Metadata of the run that the report carries in its C(run) block.
      - Keys C(duty) (such as C(inspect)), C(title), C(started) (ISO 8601),
        C(operator) (巡检人), C(controller), C(cycle) (巡检周期, as text such as C(每周),
        or a list of calendar entries such as C([weekly]), which the report names in
        its language and joins), C(ansible_version). C(controller) defaults to this
        machine's host name.
      - Without C(started), the start of an earlier report of the same C(run_id)
        (from its report.json) is kept, else the time of this call is used, so
        reporting the same run again is idempotent.
      - Other keys are refused.
    type: dict
    default: {}
  lang:
    description:
      - Language of the headings of the HTML and XLSX files.
    type: str
    choices: [zh, en]
    default: zh
  history:
    description:
      - >-
        Compare the run with the earlier reports of the same duty under O(report_dir)
        (their C(report.json) files). The report then carries C(changes), what is new,
        resolved and still open since the previous run of each system, with the date a
        finding was first seen, and hosts added or gone. The HTML shows it at the top,
        the XLSX in a sheet of its own.
      - >-
        It also carries C(trends): per host, the figures that predict trouble (file
        system and tablespace use with the projected date of full, load, memory,
        sessions against the limit, backup age) over the last O(trend_runs) runs,
        drawn as inline SVG in the HTML and as native charts in the XLSX, with the
        WARN and FAIL limits as lines. A host with one sample says so and has no chart.
      - C(false) compares with nothing (the report has no C(changes) and no C(trends)).
    type: bool
    default: true
  trend_runs:
    description:
      - How many samples, this one included, the trend charts cover (at least 2).
    type: int
    default: 12
  trend_period:
    description:
      - What one sample of the trend charts is. C(run) every run, so O(trend_runs=12) covers the last 12 runs;
        C(week) or C(month) the last run of each ISO week or calendar month, so a daily duty's charts can span
        the last 12 weeks or 12 months.
      - >-
        C(auto) derives it from the duty's calendar cycle (O(meta.cycle), the hosts' C(healthops_calendar) entries):
        a duty run daily (or more often) samples by C(week), so its charts span the last 12 weeks; a weekly or
        rarer duty samples every C(run) (12 weeks, 12 months or more).
    type: str
    choices: [run, week, month, auto]
    default: auto
  formats:
    description:
      - Which files to write.
    type: list
    elements: str
    choices: [json, html, xlsx]
    default: [json, html, xlsx]
requirements:
  - openpyxl (on the controller, for C(xlsx))
notes:
  - Check mode writes nothing and reports in RV(written) which files would be written.
  - The report's counts are computed once from the checks; the three files show the same numbers.
  - The schema of report.json is C(roles/report/files/report.schema.json); C(roles/report/README.md) explains it.
"""

EXAMPLES = r"""
- name: Write | render the report files
  ansible.legacy.healthops_report:
    report_dir: "{{ healthops_report_dir }}"
    run_id: "20250106T083000-inspect"
    lang: zh
    meta:
      duty: inspect
      operator: 张三
      cycle: 每周
      started: "2025-01-06T08:30:00+08:00"
    hosts:
      - host: xf-app-01
        ip: 192.0.2.11
        system: petition
        system_name_zh: 网上信访信息系统
        checks:
          - {id: mem.used, category: memory, title: Memory used, title_zh: 内存使用率,
             status: WARN, value: 88.1, threshold: ">=85/95%", unit: "%", detail: ""}
      - host: xf-db-01
        ip: 192.0.2.12
        system: petition
        system_name_zh: 网上信访信息系统
        unreachable: true
        msg: "ssh: connect to host 192.0.2.12 port 22: Connection timed out"
  delegate_to: localhost
  run_once: true
  register: report_written
"""

RETURN = r"""
report_dir:
  description: The run's directory, C(<report_dir>/<run_id>).
  returned: always
  type: str
  sample: /srv/healthops/reports/20250106T083000-inspect
files:
  description: Path of each requested file, by format.
  returned: always
  type: dict
  sample:
    json: /srv/healthops/reports/20250106T083000-inspect/report.json
    html: /srv/healthops/reports/20250106T083000-inspect/report.html
    xlsx: /srv/healthops/reports/20250106T083000-inspect/report.xlsx
written:
  description: Formats written by this call (or that would be written, in check mode).
  returned: always
  type: list
  elements: str
  sample: [json, html, xlsx]
summary:
  description:
    - The report's C(summary) block, as in report.json.
    - C(totals) (systems, hosts, devices, unreachable, checks), C(counts) per
      status, C(worst), C(hosts_by_status), C(systems) and C(hosts) keyed by name.
  returned: always
  type: dict
  sample:
    totals: {systems: 1, hosts: 2, devices: 0, unreachable: 1, checks: 2}
    counts: {PASS: 0, WARN: 1, FAIL: 0, INFO: 0, ERROR: 1}
    worst: ERROR
worst:
  description: The most severe status of the run (C(PASS) when every check passed).
  returned: always
  type: str
  sample: ERROR
digest:
  description: SHA-256 of the report's content without its time of generation.
  returned: always
  type: str
  sample: 3f1c0e0d1d4bb3a8c0f7d2e1a7b3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4
"""

FILE_NAMES = {fmt: f"report.{fmt}" for fmt in FORMATS}
# Reports name hosts, addresses and findings: readable by the operators' group, not by everyone.
REPORT_FILE_MODE = 0o640
REPORT_DIR_MODE = 0o750


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _existing_report(path: str) -> dict[str, Any] | None:
    text = _read_text(path)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("run"), dict) else None


def _is_current(fmt: str, path: str, digest: str, json_text: str) -> bool:
    """Whether the file at path already holds this report."""
    if not os.path.isfile(path):
        return False
    if fmt == "json":
        return _read_text(path) == json_text
    if fmt == "html":
        return html_digest(_read_text(path) or "") == digest
    return xlsx_digest(path) == digest


def _write_atomic(path: str, fmt: str, report: dict[str, Any], lang: str, text: str) -> None:
    """Write one file with the shared atomic writer: 0640 (or stricter, by umask), never through a symlink."""
    atomic_write(path, xlsx_bytes(report, lang) if fmt == "xlsx" else text, mode=REPORT_FILE_MODE)


class ModuleError(Exception):
    """A failure to report with fail_json, with extra result keys."""

    def __init__(self, msg: str, **extra: Any) -> None:
        super().__init__(msg)
        self.extra = extra


ARGUMENT_SPEC: dict[str, Any] = {
    "hosts": {"type": "list", "elements": "dict", "required": True},
    "report_dir": {"type": "path", "required": True},
    "run_id": {"type": "str", "required": True},
    "meta": {"type": "dict", "default": {}},
    "lang": {"type": "str", "choices": list(LANGS), "default": "zh"},
    "history": {"type": "bool", "default": True},
    "trend_runs": {"type": "int", "default": TREND_RUNS},
    "trend_period": {"type": "str", "choices": [*TREND_PERIODS, TREND_AUTO], "default": TREND_AUTO},
    "formats": {
        "type": "list",
        "elements": "str",
        "choices": list(FORMATS),
        "default": list(FORMATS),
    },
}


def execute(params: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    """Build and write the report; the module and its in-process action plugin both call this."""
    formats = [fmt for fmt in FORMATS if fmt in params["formats"]]
    if not formats:
        raise ModuleError("formats must name at least one of json, html, xlsx")
    if not params["hosts"]:
        raise ModuleError("hosts is empty: a report needs at least one expected host")
    if "xlsx" in formats and not HAS_OPENPYXL:
        raise ModuleError(missing_required_lib("openpyxl"), exception=OPENPYXL_ERROR)

    meta = dict(params["meta"] or {})
    for key in ("run_id", "lang", "generated"):
        if key in meta:
            raise ModuleError(f"meta.{key} is set by the module; pass it as an option (or not at all)")
    meta["run_id"] = params["run_id"]
    meta["lang"] = params["lang"]
    meta.setdefault("controller", socket.gethostname())
    run_dir = os.path.join(os.path.abspath(params["report_dir"]), params["run_id"])
    paths = {fmt: os.path.join(run_dir, FILE_NAMES[fmt]) for fmt in formats}
    existing = _existing_report(os.path.join(run_dir, FILE_NAMES["json"]))
    if not meta.get("started"):
        # A run that is reported again keeps its start; a new run starts now.
        meta["started"] = (existing or {}).get("run", {}).get("started") or now_iso()
    try:
        report = build_report(params["hosts"], meta)
    except ReportInputError as exc:
        raise ModuleError(str(exc)) from exc
    if params.get("history", True):
        earlier = earlier_reports(os.path.abspath(params["report_dir"]), report)
        report["changes"] = compare(report, earlier)
        runs = max(2, params.get("trend_runs") or TREND_RUNS)
        report["trends"] = collect_trends(
            report, earlier, runs, period_for(params.get("trend_period") or TREND_AUTO, meta.get("cycle"))
        )
    digest = report_digest(report)

    # The same content keeps the time it was first generated, so nothing needs rewriting.
    if existing is not None and report_digest(existing) == digest and existing["run"].get("generated"):
        report["run"]["generated"] = existing["run"]["generated"]

    json_text = to_json(report)
    texts = {"json": json_text, "html": render_html(report, params["lang"]) if "html" in formats else ""}
    written = [fmt for fmt in formats if not _is_current(fmt, paths[fmt], digest, json_text)]

    result: dict[str, Any] = {
        "changed": bool(written),
        "report_dir": run_dir,
        "files": paths,
        "written": written,
        "summary": report["summary"],
        "worst": report["summary"]["worst"],
        "digest": digest,
    }
    if written and not check_mode:
        try:
            ensure_dir(run_dir, mode=REPORT_DIR_MODE)
            # JSON last: once it is in place, the run's other files are already current.
            for fmt in sorted(written, key=lambda f: f == "json"):
                _write_atomic(paths[fmt], fmt, report, params["lang"], texts.get(fmt, ""))
        except OSError as exc:
            raise ModuleError(f"cannot write the report in {run_dir}: {exc}", **result) from exc
    return result


def run_module() -> None:
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        module.exit_json(**execute(module.params, module.check_mode))
    except ModuleError as exc:
        module.fail_json(msg=str(exc), **exc.extra)


def main() -> None:
    run_module()


if __name__ == "__main__":
    main()
