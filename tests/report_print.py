"""report.html in the distribution's headless Chromium: printed to PDF, with its network log (report tests).

.ci/bootstrap installs chromium, poppler-utils (pdfinfo, pdftotext) and a Chinese font. Chromium runs
with every host name resolving to nowhere, so nothing can leave the machine; its network log shows
whether the page itself asked for anything (the browser's own traffic has no initiating origin).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AVAILABLE = bool(CHROMIUM and shutil.which("pdfinfo") and shutil.which("pdftotext"))
MISSING = "needs chromium and poppler-utils (.ci/bootstrap installs them)"
SIGN_OFF = ("签字确认", "运维方签字", "用户方确认", "日期")
# A4 landscape as pdfinfo states it: 842 x 595 points.
A4_LANDSCAPE = re.compile(r"841\.\d+ x 59[45]\.\d+ pts \(A4\)")


def print_pdf(page: Path, out: Path) -> tuple[Path, Path]:
    """Print page to out/report.pdf with headless Chromium; return (the PDF, Chromium's network log)."""
    pdf, netlog = out / "report.pdf", out / "netlog.json"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        f"--user-data-dir={out / 'profile'}", "--disable-extensions", "--disable-sync",
        "--disable-background-networking", "--disable-component-update",
        # Nothing may leave the machine: every host name resolves to nowhere.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return pdf, netlog


def page_requests(netlog: Path) -> list[str]:
    """URLs of the requests a document started (the browser's own traffic has initiator 'not an origin')."""
    data = json.loads(netlog.read_text(encoding="utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in data["events"]
        if e["type"] == start and "url" in (e.get("params") or {}) and e["params"].get("initiator") != "not an origin"
    ]


def pdf_pages(pdf: Path) -> tuple[str, list[str]]:
    """(pdfinfo's page size line, the text of each page)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)  # type: ignore[union-attr]
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, count + 1)
    ]
    return size, texts


def sign_off_only_on_last_page(texts: list[str]) -> bool:
    """Whether the whole sign-off block is on the last page and on no other."""
    return all(word in texts[-1] for word in SIGN_OFF) and not any(
        "运维方签字" in text or "用户方确认" in text for text in texts[:-1]
    )
