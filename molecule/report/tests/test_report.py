"""The report role wrote JSON, HTML and XLSX that agree, with the silent host as ERROR."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest

RUN = Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent")) / "reports" / "molecule"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((RUN / "report.json").read_text(encoding="utf-8"))


def test_every_expected_host_is_reported(report: dict) -> None:
    hosts = {h["host"]: h for h in report["hosts"]}
    assert set(hosts) == {"report-host", "pet-ghost-01"}
    assert hosts["pet-ghost-01"]["status"] == "ERROR"
    assert hosts["report-host"]["status"] == "FAIL"
    assert report["summary"]["counts"] == {"PASS": 1, "WARN": 1, "FAIL": 1, "INFO": 0, "ERROR": 1}


def test_html_and_xlsx_agree_with_json(report: dict) -> None:
    html = (RUN / "report.html").read_text(encoding="utf-8")
    assert "巡检" in html
    assert "pet-ghost-01" in html
    book = openpyxl.load_workbook(RUN / "report.xlsx", read_only=True)
    rows = [
        row
        for sheet in book.worksheets
        if sheet.title not in (book.worksheets[0].title,)
        for row in sheet.iter_rows(values_only=True)
        if row and "report-host" in row
    ]
    assert rows, "the XLSX has no row for report-host"
