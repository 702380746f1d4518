"""report.html in headless Chromium: nothing requested from outside the file, printed as A4 with the sign-off last.

A lab-style record (two systems, a dozen hosts, an unreachable one, a second weekly run
so the changes and trend charts are there) is written by the healthops_report module,
opened by the distribution's chromium (.ci/bootstrap installs it, with poppler-utils and
a Chinese font) and printed to PDF. Chromium's network log must show no request started
by the page (its own background traffic has no initiating origin); pdfinfo must say A4,
and pdftotext must find the whole sign-off block on the last page and on no other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ansible.module_utils.healthops.common.result import make_check
from healthops_testlib import load_library_module
from report_print import A4_LANDSCAPE, AVAILABLE, MISSING, SIGN_OFF, page_requests, pdf_pages, print_pdf

pytestmark = pytest.mark.skipif(not AVAILABLE, reason=MISSING)
report_module = load_library_module("healthops_report")
SYSTEMS = {"petition": "网上信访信息系统", "cadre_health": "北京市保健信息系统"}


def lab_hosts(week: int) -> list[dict[str, Any]]:
    hosts: list[dict[str, Any]] = []
    for system, name_zh in SYSTEMS.items():
        for index in range(6):
            data = 70.0 + 5 * week + index
            checks = [
                make_check("fs.space:/data", "fs", "File system space /data", "文件系统空间使用率 /data",
                           "WARN" if data >= 80 else "PASS", data, ">=80/90%", "%", "/dev/sdb1 " * 12),
                make_check("memory.used", "memory", "Memory used", "内存使用率", "PASS", 60.0 + week, ">=85/95%", "%"),
                make_check("service.cron", "service", "Cron daemon", "计划任务服务", "WARN" if index == 2 else "PASS",
                           detail="no cron daemon (cron, crond) running: scheduled jobs will not run"),
                make_check("time.ntp_sync", "time", "Clock synchronised", "时钟同步状态", "ERROR",
                           detail="no NTP client tool answered: chronyc: chronyc not installed; ntpq: not installed"),
            ]  # fmt: skip
            hosts.append({"host": f"{system}-{index:02d}", "ip": f"192.0.2.{index + 10}", "system": system,
                          "system_name_zh": name_zh, "checks": checks})  # fmt: skip
    down = {"unreachable": True, "msg": "ssh: connect to host 192.0.2.99 port 22: Connection timed out"}
    hosts.append({"host": "petition-db", "system": "petition", "system_name_zh": SYSTEMS["petition"], **down})
    return hosts


def write_record(report_dir: Path, lang: str = "zh") -> Path:
    result: dict[str, Any] = {}
    for week, day in enumerate(("06", "13")):
        params = {
            "hosts": lab_hosts(week),
            "report_dir": str(report_dir),
            "run_id": f"202501{day}T083000-inspect",
            "meta": {"duty": "inspect", "operator": "张三", "started": f"2025-01-{day}T08:30:00+08:00"},
            "lang": lang,
            "formats": ["json", "html"],
            "history": True,
            "trend_runs": 12,
        }
        result = report_module.execute(params, check_mode=False)
    return Path(result["files"]["html"])


def test_record_prints_a4_with_the_sign_off_on_the_last_page(tmp_path: Path) -> None:
    page = write_record(tmp_path / "reports")
    pdf, netlog = print_pdf(page, tmp_path)
    assert page_requests(netlog) == []
    size, texts = pdf_pages(pdf)
    # A4 landscape: 842 x 595 points.
    assert A4_LANDSCAPE.match(size), size
    assert len(texts) > 2
    assert all(word in texts[-1] for word in SIGN_OFF), texts[-1]
    assert not any("运维方签字" in text or "用户方确认" in text for text in texts[:-1])
    # The record as printed: the overview first, the Chinese recommendation beside the diagnosis, in Chinese too.
    assert "总览" in texts[0]
    assert any("安装并启动计划任务服务" in text for text in texts)
    assert any("没有运行中的计划任务守护进程" in text for text in texts)
    assert not any("no cron daemon" in text or "no NTP client tool answered" in text for text in texts)


def test_a_page_request_from_the_record_would_be_seen(tmp_path: Path) -> None:
    """The network check can fail: an image from a (resolving-to-nowhere) host is a request the page started."""
    page = write_record(tmp_path / "reports")
    planted = page.with_name("planted.html")
    planted.write_text(
        page.read_text(encoding="utf-8").replace("</body>", '<img src="http://example.invalid/x.png"></body>'),
        encoding="utf-8",
    )
    _pdf, netlog = print_pdf(planted, tmp_path)
    assert page_requests(netlog) == ["http://example.invalid/x.png"]
