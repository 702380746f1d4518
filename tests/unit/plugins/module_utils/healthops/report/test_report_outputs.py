"""plugins/module_utils/healthops/report/{model,html,xlsx}.py: report.json, report.html and report.xlsx agree.

The HTML is read back with html.parser and the workbook with openpyxl, and both are
compared with counts written down by hand from the sample below, so a renderer
that miscounts, drops a host or reorders rows fails here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import STATUS_EN, STATUS_ORDER, STATUS_ZH, make_check
from ansible.module_utils.healthops.report import html as report_html
from ansible.module_utils.healthops.report import model, xlsx
from healthops_testlib import REPO
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

SCHEMA = json.loads((REPO / "roles" / "report" / "files" / "report.schema.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
SCRIPT = "<script>alert('x')</script>"

PETITION = {"system": "petition", "system_name_zh": "网上信访信息系统"}
CADRE = {"system": "cadre_health", "system_name_zh": "北京市保健信息系统"}


def _check(check_id: str, status: str, value: Any = None, detail: str = "", unit: str = "") -> dict[str, Any]:
    return make_check(
        check_id, "memory", f"Title {check_id}", f"标题{check_id}", status, value, ">=85/95%", unit, detail
    )


def sample_hosts() -> list[dict[str, Any]]:
    """Two systems; one host unreachable, one whose probe failed, one never probed."""
    return [
        # Given in no particular order: the report sorts by system, then host.
        {
            "host": "pet-app-01",
            "ip": "10.10.1.21",
            **PETITION,
            "checks": [
                _check("load", "PASS", 0.2),
                _check("mem", "WARN", 88.123, "清理缓存", "%"),
                _check("fs", "FAIL", 93.2, SCRIPT, "%"),
                _check("formula", "PASS", "=1+1"),
            ],
        },
        {"host": "bj-app-01", "ip": "10.10.2.21", **CADRE, "failed": True, "msg": "probe crashed: no /proc"},
        {"host": "pet-web-01", "ip": "10.10.1.31", **PETITION, "unreachable": True, "msg": "ssh: connect timed out"},
        {
            "host": "bj-ora-01",
            "ip": "10.10.2.11",
            **CADRE,
            "checks": [_check("ts", "WARN", 86), _check("fra", "FAIL", 91), _check("sess", "PASS", 10)],
        },
        {"host": "pet-db-01", "ip": "10.10.1.11", **PETITION, "checks": [_check("clock", "INFO", 0.01, unit="s")]},
        {
            "host": "bj-fcsw-01",
            "ip": "10.10.2.251",
            **CADRE,
            "kind": "device",
            "checks": [_check("port", "PASS", 0), _check("log", "WARN", 3)],
        },
        {"host": "pet-bak-01", **PETITION},
    ]


# Written down by hand from sample_hosts(): what every file must show.
EXPECTED_COUNTS = {"PASS": 4, "WARN": 3, "FAIL": 2, "INFO": 1, "ERROR": 3}
EXPECTED_SYSTEMS = {
    "cadre_health": {"PASS": 2, "WARN": 2, "FAIL": 1, "INFO": 0, "ERROR": 1},
    "petition": {"PASS": 2, "WARN": 1, "FAIL": 1, "INFO": 1, "ERROR": 2},
}
META = {
    "run_id": "20250106T083000-inspect",
    "duty": "inspect",
    "started": "2025-01-06T08:30:00+08:00",
    "generated": "2025-01-06T08:41:07+08:00",
    "operator": "张三",
    "controller": "ops-ctl-01",
    "cycle": "每周",
    "ansible_version": "2.19.14",
}


@pytest.fixture
def report() -> dict[str, Any]:
    return model.build_report(sample_hosts(), META)


def english() -> dict[str, Any]:
    return model.build_report(sample_hosts(), {**META, "lang": "en"})


# --------------------------------------------------------------------------- report.json


def test_report_validates_against_the_schema(report: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    errors = list(Draft202012Validator(SCHEMA).iter_errors(json.loads(model.to_json(report))))
    assert errors == []


def test_schema_refuses_a_bad_status(report: dict[str, Any]) -> None:
    broken = json.loads(model.to_json(report))
    broken["hosts"][0]["checks"][0]["status"] = "OK"
    assert not Draft202012Validator(SCHEMA).is_valid(broken)


@pytest.mark.parametrize(
    ("lang", "cycle", "expected"),
    [
        ("zh", ["weekly", "daily", "weekly"], "每周、每日"),
        ("en", ["semiannual", "on_change"], "twice a year, on change"),
        ("zh", ["fortnightly"], "fortnightly"),
        ("zh", [], None),
        ("zh", "每周", "每周"),
    ],
)
def test_cycle_from_calendar_entries_is_named_in_the_report_language(lang: str, cycle: Any, expected: Any) -> None:
    """The role passes the hosts' calendar entries; labels.py names them, once, distinct ones joined."""
    report = model.build_report(sample_hosts(), {**META, "lang": lang, "cycle": cycle})
    assert report["run"]["cycle"] == expected


def test_counts_come_from_the_checks(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert summary["counts"] == EXPECTED_COUNTS
    assert {name: s["counts"] for name, s in summary["systems"].items()} == EXPECTED_SYSTEMS
    assert summary["totals"] == {"systems": 2, "hosts": 6, "devices": 1, "unreachable": 1, "checks": 13}
    assert summary["worst"] == "FAIL"
    assert summary["hosts"]["pet-app-01"]["counts"] == {"PASS": 2, "WARN": 1, "FAIL": 1, "INFO": 0, "ERROR": 0}
    assert summary["hosts"]["pet-db-01"]["worst"] == "PASS"  # INFO alone is not a problem
    assert summary["hosts_by_status"] == {"PASS": 1, "WARN": 1, "FAIL": 2, "INFO": 0, "ERROR": 3}
    # The summary agrees with the host entries it was computed from.
    for entry in report["hosts"]:
        assert sum(summary["hosts"][entry["host"]]["counts"].values()) == len(entry["checks"])


def test_hosts_sorted_by_system_then_host_and_checks_fail_first(report: dict[str, Any]) -> None:
    names = [(h["system"], h["host"]) for h in report["hosts"]]
    assert names == sorted(names)
    assert names[0] == ("cadre_health", "bj-app-01")
    app = next(h for h in report["hosts"] if h["host"] == "pet-app-01")
    assert [c["status"] for c in app["checks"]] == ["FAIL", "WARN", "PASS", "PASS"]


def test_unreachable_failed_and_missing_hosts_are_error_and_kept(report: dict[str, Any]) -> None:
    hosts = {h["host"]: h for h in report["hosts"]}
    assert len(hosts) == len(sample_hosts())

    web = hosts["pet-web-01"]
    assert (web["reachable"], web["outcome"], web["status"]) == (False, "unreachable", "ERROR")
    assert web["checks"] == [
        {
            "id": "host.reachable",
            "category": "host",
            "title": "Host reachable",
            "title_zh": "主机可达性",
            "status": "ERROR",
            "value": None,
            "threshold": None,
            "unit": "",
            "detail": "ssh: connect timed out",
            "recommendation": web["checks"][0]["recommendation"],
            "recommendation_zh": "恢复连接：确认主机已开机、网络与防火墙可达、sshd 正常运行，并核对清单中的地址。",
            "detail_zh": "主机不可达：ssh: connect timed out",  # ssh's own words kept after the Chinese
        }
    ]
    app = hosts["bj-app-01"]
    assert (app["reachable"], app["outcome"], app["status"]) == (True, "failed", "ERROR")
    assert [(c["id"], c["status"], c["detail"]) for c in app["checks"]] == [
        ("probe.run", "ERROR", "probe crashed: no /proc")
    ]
    bak = hosts["pet-bak-01"]
    assert (bak["reachable"], bak["outcome"], bak["status"], bak["ip"]) == (None, "missing", "ERROR", "pet-bak-01")
    assert bak["checks"][0]["detail"] == "no result: host was not probed"


def test_failed_probe_with_partial_checks_keeps_them_and_adds_error() -> None:
    entry = model.normalise_host({"host": "h", "checks": [_check("a", "PASS")], "failed": True, "msg": "timeout"})
    assert [(c["id"], c["status"]) for c in entry["checks"]] == [("probe.run", "ERROR"), ("a", "PASS")]


def test_malformed_check_becomes_error_not_a_crash() -> None:
    entry = model.normalise_host({"host": "h", "checks": [{"id": "x", "status": "GREEN"}, "junk"]})
    assert [c["status"] for c in entry["checks"]] == ["ERROR", "ERROR"]
    assert "GREEN" in entry["checks"][0]["detail"]


def test_skipped_and_empty_probes() -> None:
    skipped = model.normalise_host({"host": "h", "skipped": True, "msg": "Conditional result was False"})
    assert skipped["status"] == "ERROR"
    assert "Conditional result was False" in skipped["checks"][0]["detail"]
    empty = model.normalise_host({"host": "h", "checks": []})
    assert [(c["id"], c["status"]) for c in empty["checks"]] == [("probe.run", "INFO")]


@pytest.mark.parametrize(
    ("hosts", "meta", "fragment"),
    [
        ([{"host": "a", "check": []}], {"run_id": "r"}, "hosts[0]: unknown key(s) check"),
        ([{"ip": "10.0.0.1"}], {"run_id": "r"}, "hosts[0].host must be a non-empty string"),
        ([{"host": "a", "kind": "router"}], {"run_id": "r"}, "hosts[0] (a).kind must be one of host, device"),
        ([{"host": "a", "checks": "x"}], {"run_id": "r"}, "hosts[0] (a).checks must be a list"),
        ([{"host": "a"}, {"host": "a"}], {"run_id": "r"}, "'a' appears more than once"),
        ([], {"run_id": "../etc"}, "run_id must be"),
        ([], {"run_id": "r", "lang": "fr"}, "lang must be one of zh, en"),
        ([], {"run_id": "r", "colour": "red"}, "meta: unknown key(s) colour"),
    ],
)
def test_bad_input_names_the_item(hosts: list[Any], meta: dict[str, Any], fragment: str) -> None:
    with pytest.raises(model.ReportInputError) as caught:
        model.build_report(hosts, meta)
    assert fragment in str(caught.value)


def test_digest_ignores_generation_time_only(report: dict[str, Any]) -> None:
    later = model.build_report(sample_hosts(), {**META, "generated": "2025-01-07T00:00:00+08:00"})
    assert model.report_digest(later) == model.report_digest(report)
    other = sample_hosts()
    other[0]["checks"][0]["value"] = 0.3
    assert model.report_digest(model.build_report(other, META)) != model.report_digest(report)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (88.123, "%", "88.12%"),
        (12, "d", "12 d"),
        (0.0004, "s", "0.0004 s"),
        (3.0, "", "3"),
        (None, "%", ""),
        (True, "", "是"),
        (["a", 1], "", "a, 1"),
    ],
)
def test_format_value(value: Any, unit: str, text: str) -> None:
    assert model.format_value(value, unit, "zh") == text


# --------------------------------------------------------------------------- report.html


class PageReader(HTMLParser):
    """Reads back what a person sees in report.html."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.attrs: set[str] = set()
        self.headings: list[str] = []
        self.badges: dict[str, int] = {}
        self.sections: dict[str, list[list[str]]] = {}  # system -> detail rows (cell texts)
        self.row_status: dict[str, list[str]] = {}  # system -> data-status of each detail row
        self.system_rows: dict[str, list[str]] = {}  # summary per system -> cell texts
        self.cell_texts: list[str] = []
        self._stack: list[str] = []
        self._system: str | None = None
        self._table: str | None = None
        self._row: list[str] | None = None
        self._row_key: str | None = None
        self._text: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] += 1
        self.attrs.update(a)
        if tag == "section":
            self._system = a.get("data-system")
        if tag == "table":
            self._table = a.get("class")
        if tag in {"h1", "h2", "h3", "th"}:
            self._in_heading, self._text = True, []
        if tag == "span" and a.get("data-status") and "badge" in (a.get("class") or ""):
            self.badges[a["data-status"] or ""] = int(a.get("data-count") or -1)
        if tag == "tr":
            self._row = []
            self._row_key = a.get("data-system")
            if self._table == "checks" and self._system and a.get("data-status"):
                self.row_status.setdefault(self._system, []).append(a.get("data-status") or "")
        if tag == "td":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._text).strip()
        if tag in {"h1", "h2", "h3", "th"}:
            self.headings.append(text)
            self._in_heading = False
        if tag == "td" and self._row is not None:
            self._row.append(text)
            self.cell_texts.append(text)
        if tag == "tr" and self._row is not None:
            if self._table == "checks" and self._system and self._row:
                self.sections.setdefault(self._system, []).append(self._row)
            if self._table == "summary-systems" and self._row_key:
                self.system_rows[self._row_key] = self._row
            self._row = None
        if tag == "section":
            self._system = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def read_page(text: str) -> PageReader:
    page = PageReader()
    page.feed(text)
    page.close()
    return page


def test_html_counts_agree_with_json(report: dict[str, Any]) -> None:
    page = read_page(report_html.render_html(report))
    assert page.badges == EXPECTED_COUNTS
    # A row per check per host, in each system's table.
    for system, counts in EXPECTED_SYSTEMS.items():
        assert Counter(page.row_status[system]) == Counter({s: n for s, n in counts.items() if n})
        status_words = Counter(row[6] for row in page.sections[system])
        assert status_words == Counter({STATUS_ZH[s]: n for s, n in counts.items() if n})
    assert sum(len(rows) for rows in page.sections.values()) == report["summary"]["totals"]["checks"]
    # The per-system summary table: hosts, checks, then the counts FAIL, ERROR, WARN, INFO, PASS.
    petition = page.system_rows["petition"]
    assert petition[:4] == ["petition", "网上信访信息系统", "4", "7"]
    assert petition[4:9] == ["1", "2", "1", "1", "2"]


def test_html_rows_fail_and_warn_first(report: dict[str, Any]) -> None:
    page = read_page(report_html.render_html(report))
    for system, statuses in page.row_status.items():
        ranks = [STATUS_ORDER[s] for s in statuses]
        assert ranks == sorted(ranks), system
    assert page.row_status["cadre_health"] == ["FAIL", "ERROR", "WARN", "WARN", "PASS", "PASS"]
    first = page.sections["petition"][0]
    assert first[:7] == ["pet-app-01", "10.10.1.21", "内存", "标题fs", "93.2%", ">=85/95%", "异常"]
    assert first[8] == SCRIPT


def test_html_shows_unreachable_host(report: dict[str, Any]) -> None:
    page = read_page(report_html.render_html(report))
    rows = {row[0]: row for row in page.sections["petition"]}
    advice = "恢复连接：确认主机已开机、网络与防火墙可达、sshd 正常运行，并核对清单中的地址。"
    assert rows["pet-web-01"][3:] == ["主机可达性", "", "", "无法检查", advice, "主机不可达：ssh: connect timed out"]
    # The report's own words are in Chinese (detail_zh); report.json keeps the English detail as well.
    assert rows["pet-bak-01"][6:] == ["无法检查", rows["pet-bak-01"][7], "无结果：该主机未被巡检"]
    en = read_page(report_html.render_html(report, lang="en"))
    assert {row[0]: row for row in en.sections["petition"]}["pet-bak-01"][8] == "no result: host was not probed"
    assert rows["pet-bak-01"][7].startswith("巡检未完成")


def test_html_escapes_and_is_self_contained(report: dict[str, Any]) -> None:
    text = report_html.render_html(report)
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    page = read_page(text)
    assert any(SCRIPT in t for t in page.cell_texts)
    assert page.tags["script"] == 0
    assert not {"link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert not {"src", "href"} & page.attrs
    assert "http" not in text
    assert page.tags["style"] == 1


def test_html_headings_are_chinese_by_default_and_english_on_request(report: dict[str, Any]) -> None:
    zh = read_page(report_html.render_html(report))
    expected = [
        "巡检结论",
        "按系统汇总",
        "按主机汇总",
        "主机名",
        "巡检项",
        "当前值",
        "阈值",
        "处理建议",
        "说明（检查原文）",
        "签字确认",
    ]
    assert [h for h in expected if h not in zh.headings] == []

    en_report = english()
    en = read_page(report_html.render_html(en_report, lang="en"))
    assert [h for h in en.headings if CJK.search(h)] == []
    for heading in ("Summary", "By system", "Host", "Check", "Value", "Threshold", "Status"):
        assert heading in en.headings
    assert Counter(row[6] for row in en.sections["petition"]) == Counter(
        {STATUS_EN[s]: n for s, n in EXPECTED_SYSTEMS["petition"].items() if n}
    )
    assert en.badges == EXPECTED_COUNTS


def test_html_refuses_unknown_language(report: dict[str, Any]) -> None:
    with pytest.raises(model.ReportInputError):
        report_html.render_html(report, lang="fr")


# --------------------------------------------------------------------------- report.xlsx


def status_column(ws: Any) -> list[str]:
    header = [c.value for c in ws[1]]
    col = header.index("状态") if "状态" in header else header.index("Status")
    return [row[col] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_xlsx_counts_agree_with_json_and_html(report: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    xlsx.write_xlsx(report, str(path))
    wb = load_workbook(path)
    assert wb.sheetnames == ["总览", "封面", "汇总", "北京市保健信息系统", "网上信访信息系统"]
    word_to_status = {v: k for k, v in STATUS_ZH.items()}

    total: Counter[str] = Counter()
    for system, sheet in (("cadre_health", "北京市保健信息系统"), ("petition", "网上信访信息系统")):
        ws = wb[sheet]
        heads = ["主机名", "IP", "类别", "巡检项", "当前值", "阈值", "状态", "处理建议", "说明（检查原文）"]
        assert [c.value for c in ws[1]] == heads
        statuses = [word_to_status[w] for w in status_column(ws)]
        assert Counter(statuses) == Counter({s: n for s, n in EXPECTED_SYSTEMS[system].items() if n})
        ranks = [STATUS_ORDER[s] for s in statuses]
        assert ranks == sorted(ranks)  # FAIL, ERROR, WARN first
        total.update(statuses)
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:I{ws.max_row}"
        assert ws.column_dimensions["H"].width >= 40
    assert dict(total) == {s: n for s, n in EXPECTED_COUNTS.items() if n}

    # The cover: the fields the client signs, and the same counts.
    cover = wb["封面"]
    fields = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row[0]}
    assert fields["系统名称"] == "北京市保健信息系统、网上信访信息系统"
    assert fields["巡检周期"] == "每周"
    assert fields["巡检日期"] == "2025-01-06"
    assert fields["巡检人"] == "张三"
    assert fields["巡检范围"].startswith("主机 6 台，网络设备 1 台")
    for host in ("bj-fcsw-01", "pet-bak-01"):
        assert host in fields["巡检范围"]
    for found in ("异常 2 项", "无法检查 3 项", "警告 3 项"):
        assert found in fields["结论"]
    assert {s: fields[STATUS_ZH[s]] for s in EXPECTED_COUNTS} == EXPECTED_COUNTS
    for label in ("运维方签字", "用户方确认"):
        assert label in fields
        assert fields[label] is None  # left blank for the signature
    assert [r[2] for r in cover.iter_rows(values_only=True) if r[0] in ("运维方签字", "用户方确认")] == ["日期", "日期"]

    # The summary sheet: per-system counts in FAIL, ERROR, WARN, INFO, PASS order.
    summary_rows = {r[0]: r for r in wb["汇总"].iter_rows(values_only=True) if r[0] in EXPECTED_SYSTEMS}
    assert summary_rows["cadre_health"][2:9] == (3, 6, 1, 1, 2, 0, 2)


def test_xlsx_colours_rows_that_need_action(report: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    xlsx.write_xlsx(report, str(path))
    ws = load_workbook(path)["网上信访信息系统"]
    fills = {}
    for row in ws.iter_rows(min_row=2):
        fills.setdefault(row[6].value, row[0].fill)
    assert fills["异常"].fill_type == "solid"
    assert fills["警告"].fill_type == "solid"
    assert fills["异常"].fgColor.rgb != fills["警告"].fgColor.rgb
    assert fills["正常"].fill_type is None  # passing rows stay plain


def test_xlsx_keeps_formulas_and_control_characters_inert(tmp_path: Path) -> None:
    hosts = [{"host": "h", **PETITION, "checks": [_check("f", "FAIL", '=HYPERLINK("x")', "bad \x1b[31mred\x1b[0m")]}]
    path = tmp_path / "report.xlsx"
    xlsx.write_xlsx(model.build_report(hosts, META), str(path))
    ws = load_workbook(path)["网上信访信息系统"]
    value, detail = ws.cell(row=2, column=5), ws.cell(row=2, column=9)
    assert (value.value, value.data_type) == ('=HYPERLINK("x")', "s")
    assert detail.value == "bad [31mred[0m"


def test_xlsx_in_english(report: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    xlsx.write_xlsx(english(), str(path), lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Overview", "Cover", "Summary", "cadre_health", "petition"]
    heads = [
        "Host",
        "IP",
        "Category",
        "Check",
        "Value",
        "Threshold",
        "Status",
        "Recommended action",
        "Detail (as found)",
    ]
    assert [c.value for c in wb["petition"][1]] == heads
    labels = [row[0] for row in wb["Cover"].iter_rows(values_only=True) if isinstance(row[0], str)]
    assert [label for label in labels if CJK.search(label)] == []
    assert Counter(status_column(wb["petition"]))[STATUS_EN["ERROR"]] == 2


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("a/b:c*d?e[f]g\\h", set(), "a_b_c_d_e_f_g_h"),
        ("x" * 40, set(), "x" * 31),
        ("汇总", {"汇总"}, "汇总 (2)"),
        ("History", set(), "History (2)"),
        ("'quoted'", set(), "quoted"),
        ("", set(), "Sheet"),
        ("y" * 31, {"y" * 31}, "y" * 27 + " (2)"),
    ],
)
def test_sheet_names_are_valid_excel_names(name: str, taken: set[str], expected: str) -> None:
    used = {t.lower() for t in taken}
    got = xlsx.sheet_name(name, used)
    assert got == expected
    assert len(got) <= 31
    assert not set("[]:*?/\\") & set(got)
    assert got.lower() in used


def test_xlsx_sheet_names_stay_unique_for_clashing_systems(tmp_path: Path) -> None:
    long_name = "一个名字非常非常非常长的信息系统用于测试工作表名称的截断规则是否正确"
    hosts = [
        {"host": "a", "system": "s1", "system_name_zh": long_name, "checks": [_check("x", "PASS")]},
        {"host": "b", "system": "s2", "system_name_zh": long_name, "checks": [_check("x", "PASS")]},
        {"host": "c", "system": "s3", "system_name_zh": "汇总", "checks": [_check("x", "PASS")]},
    ]
    path = tmp_path / "r.xlsx"
    xlsx.write_xlsx(model.build_report(hosts, META), str(path))
    names = load_workbook(path).sheetnames
    assert len(names) == len({n.lower() for n in names}) == 6
    assert all(len(n) <= 31 for n in names)
    assert names[3:] == [long_name[:31], long_name[:27] + " (2)", "汇总 (2)"]


def test_probe_failure_kept_only_in_msg_is_an_error_with_the_message() -> None:
    # A probe task with failed_when: false leaves no `failed` flag, only the module's msg.
    entry = model.normalise_host({"host": "h", "msg": "MODULE FAILURE: /usr/bin/python3: not found"})
    assert (entry["outcome"], entry["status"]) == ("failed", "ERROR")
    assert entry["checks"][0]["detail"] == "MODULE FAILURE: /usr/bin/python3: not found"
