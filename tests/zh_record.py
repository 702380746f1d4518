"""What a probe's findings read like in the Chinese record (the report's 处理建议 and 说明 columns).

A probe test on recorded output passes its checks here: every WARN, FAIL and ERROR must come out of
healthops.report.model with a Chinese recommendation and a Chinese 说明 (detail_zh), so a new English
text in a probe fails its own test until the catalogues (report/advice_texts*, report/detail_texts*)
know it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import healthops_testlib  # noqa: F401 - makes ansible.module_utils.healthops importable
from ansible.module_utils.healthops.report.model import build_report

HAN = re.compile(r"[\u4e00-\u9fff]")
FINDINGS = ("WARN", "FAIL", "ERROR")
# English prose: two lowercase words in a row, not a key=value pair (values such as os-release stay).
PROSE = re.compile(r"(?<![=\w])[a-z]{2,} [a-z]{2,}\b(?!=)")


def english_findings(checks: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """(check id, what is not Chinese, the English) of each finding the zh record would show in English."""
    report = build_report([{"host": "recorded", "checks": list(checks)}], {"run_id": "zh"})
    missing = []
    for check in report["hosts"][0]["checks"]:
        if check["status"] not in FINDINGS:
            continue
        for key, english in (("recommendation_zh", "recommendation"), ("detail_zh", "detail")):
            if not HAN.search(check.get(key) or ""):
                missing.append((check["id"], key, str(check.get(english) or "")))
    return missing


def english_lines(checks: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(check id, detail) of every line, whatever its status, the zh record would show as English prose."""
    report = build_report([{"host": "recorded", "checks": list(checks)}], {"run_id": "zh"})
    return [
        (c["id"], c["detail"])
        for c in report["hosts"][0]["checks"]
        if not c.get("detail_zh") and PROSE.search(c["detail"])
    ]
