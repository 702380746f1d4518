# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html: one self-contained page (inline CSS, no scripts, no external assets).

Reads a report built by healthops.report.model; counts come from its ``summary``,
rows from :func:`~healthops.report.model.system_rows`, words from healthops.report.labels.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from ansible.module_utils.healthops.report import changes as report_changes
from ansible.module_utils.healthops.report import fleet, model, trends
from ansible.module_utils.healthops.report.labels import LABELS, reachable_word, status_word
from ansible.module_utils.healthops.report.model import (
    DISPLAY_ORDER,
    STATUS_COLOURS,
    TINTED,
    check_lang,
    conclusion_text,
    cover_rows,
    report_digest,
    report_title,
    row_cells,
    row_headings,
    run_rows,
    system_label,
    system_name_zh,
    system_rows,
)
from ansible.module_utils.healthops.report.svg import series_svg

_CSS = """
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
"Helvetica Neue",Arial,sans-serif;color:#202124;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #dadce0}
h3{font-size:15px;margin:20px 0 6px}
.sub{color:#5f6368;margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #dadce0;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600;white-space:nowrap}
table.meta{width:auto;min-width:50%}
table.meta th{width:9em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#bdc1c6}
td.nowrap{white-space:nowrap}
td.advice{min-width:16em;max-width:30em}
td.detail{white-space:pre-wrap;word-break:break-word;max-width:36em;font-size:12px;
color:#5f6368;font-family:"DejaVu Sans Mono",Consolas,monospace}
.badges{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}
.badge{display:inline-block;padding:4px 12px;border-radius:14px;color:#fff;font-weight:600}
.badge b{font-size:16px;margin-left:6px}
.status{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;
white-space:nowrap}
.conclusion{font-size:15px;padding:8px 12px;border-left:4px solid #5f6368;background:#f8f9fa}
table.signoff{width:auto;min-width:60%}
table.signoff td{height:48px;min-width:12em}
footer{margin-top:32px;color:#80868b;font-size:12px}
table.fleet td.fleet-cell{text-align:center;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;break-inside:avoid}figcaption{font-size:12px;color:#5f6368;max-width:360px}
svg.trend text{font-family:inherit}
tr.change-new td{background:#FDE2E1}tr.change-resolved td{background:#E6F4EA}tr.change-open td{background:#FFF4CE}
tr.change-host_added td,tr.change-host_gone td{background:#E3F0FD}
@page{size:A4 landscape;margin:12mm 10mm}
@media print{
body{padding:0;font-size:11px}
h1{font-size:20px}h2{font-size:15px;margin-top:16px}h2,h3{break-after:avoid;page-break-after:avoid}
table{width:100%}thead{display:table-header-group}tfoot{display:table-footer-group}
tr,figure,.trend-host h3{break-inside:avoid;page-break-inside:avoid}
td.detail,td.advice{max-width:none}
section.system,#trends{break-before:page;page-break-before:always}
#signoff{break-inside:avoid;page-break-inside:avoid}
#signoff table{min-width:80%}
footer{margin-top:8px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def _status_css() -> str:
    rules = []
    for status, colour in STATUS_COLOURS.items():
        rules.append(f".badge-{status},.status-{status}{{background:#{colour['badge']}}}")
        rules.append(f".conclusion.worst-{status}{{border-left-color:#{colour['badge']}}}")
        if status in TINTED:
            rules.append(f"tr.row-{status} td{{background:#{colour['fill']};color:#{colour['text']}}}")
        rules.append(f"td.cell-{status}{{background:#{colour['fill']};color:#{colour['text']};font-weight:600}}")
    return "\n".join(rules)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _counts_cells(counts: Mapping[str, int]) -> str:
    return "".join(
        f'<td class="num{" zero" if not counts[s] else ""}" data-status="{s}">{counts[s]}</td>' for s in DISPLAY_ORDER
    )


def _status_span(status: str, lang: str) -> str:
    return f'<span class="status status-{status}">{_e(status_word(status, lang))}</span>'


def _th(*labels: str, num: bool = False) -> str:
    css = ' class="num"' if num else ""
    return "".join(f"<th{css}>{_e(label)}</th>" for label in labels)


def _html_summary(report: Mapping[str, Any], lang: str) -> list[str]:
    labels = LABELS[lang]
    summary = report["summary"]
    status_heads = _th(*(status_word(s, lang) for s in DISPLAY_ORDER), num=True)
    worst_status = summary["worst"]
    out = [
        f'<section id="summary"><h2>{_e(labels["summary"])}</h2>',
        f'<p class="conclusion worst-{worst_status}" data-worst="{worst_status}">'
        f"{_e(conclusion_text(report, lang))}</p>",
        '<div class="badges">',
    ]
    for status in DISPLAY_ORDER:
        count = summary["counts"][status]
        out.append(
            f'<span class="badge badge-{status}" data-status="{status}" data-count="{count}">'
            f"{_e(status_word(status, lang))}<b>{count}</b></span>"
        )
    out.append("</div>")

    out.append(f"<h3>{_e(labels['by_system'])}</h3>")
    out.append(
        '<table class="summary-systems"><thead><tr>'
        f"{_th(labels['system'], labels['system_name'])}{_th(labels['hosts'], labels['checks'], num=True)}"
        f"{status_heads}{_th(labels['overall'])}</tr></thead><tbody>"
    )
    for name, system in summary["systems"].items():
        out.append(
            f'<tr data-system="{_e(name)}"><td>{_e(name)}</td><td>{_e(system_name_zh(report, name, lang))}</td>'
            f'<td class="num">{system["hosts"] + system["devices"]}</td><td class="num">{system["checks"]}</td>'
            f"{_counts_cells(system['counts'])}<td>{_status_span(system['worst'], lang)}</td></tr>"
        )
    out.append("</tbody></table>")

    out.append(f"<h3>{_e(labels['by_host'])}</h3>")
    out.append(
        '<table class="summary-hosts"><thead><tr>'
        f"{_th(labels['system'], labels['host'], labels['ip'], labels['reachable'])}{_th(labels['checks'], num=True)}"
        f"{status_heads}{_th(labels['status'])}</tr></thead><tbody>"
    )
    for name, host in summary["hosts"].items():
        out.append(
            f'<tr data-host="{_e(name)}"><td>{_e(system_label(report, host["system"], lang))}</td>'
            f"<td>{_e(name)}</td><td>{_e(host['ip'])}</td><td>{_e(reachable_word(host['reachable'], lang))}</td>"
            f'<td class="num">{host["checks"]}</td>{_counts_cells(host["counts"])}'
            f"<td>{_status_span(host['worst'], lang)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _html_system(report: Mapping[str, Any], name: str, index: int, lang: str) -> list[str]:
    labels = LABELS[lang]
    system = report["summary"]["systems"][name]
    counts_line = " · ".join(f"{status_word(s, lang)} {system['counts'][s]}" for s in DISPLAY_ORDER)
    other_name = name if lang == "zh" else system_name_zh(report, name, lang)
    out = [
        f'<section class="system" id="system-{index}" data-system="{_e(name)}">',
        f"<h2>{_e(labels['details'])}: {_e(system_label(report, name, lang))}</h2>",
        f'<p class="sub">{_e(other_name)} · {_e(counts_line)}</p>',
        f'<table class="checks"><thead><tr>{_th(*row_headings(lang))}</tr></thead><tbody>',
    ]
    for host, check in system_rows(report, name):
        cells = row_cells(host, check, lang)
        status = check["status"]
        tds = "".join(f'<td class="nowrap">{_e(c)}</td>' for c in cells[:3])
        tds += "".join(f"<td>{_e(c)}</td>" for c in cells[3:6])
        out.append(
            f'<tr class="row row-{status}" data-status="{status}" data-host="{_e(host["host"])}" '
            f'data-check="{_e(check["id"])}">{tds}<td>{_status_span(status, lang)}</td>'
            f'<td class="advice">{_e(cells[7])}</td><td class="detail">{_e(cells[8])}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return out


def _html_fleet(report: Mapping[str, Any], lang: str) -> list[str]:
    """总览: one row per system, one column per check category, each cell its worst status and count."""
    labels = LABELS[lang]
    names = fleet.categories(report)
    table = fleet.cells(report)
    heads = _th(labels["system"], *(fleet.heading(c, lang) for c in names))
    out = [
        f'<section id="fleet"><h2>{_e(labels["fleet"])}</h2><p class="sub">{_e(labels["fleet_note"])}</p>',
        f'<table class="fleet"><thead><tr>{heads}</tr></thead><tbody>',
    ]
    for system, row in table.items():
        tds = []
        for category in names:
            cell = row.get(category)
            if cell:
                tds.append(
                    f'<td class="fleet-cell cell-{cell["worst"]}" data-category="{_e(category)}" '
                    f'data-status="{cell["worst"]}" data-count="{cell["count"]}">{_e(fleet.cell_text(cell, lang))}</td>'
                )
            else:
                tds.append(f'<td class="fleet-cell" data-category="{_e(category)}"></td>')
        out.append(
            f'<tr data-system="{_e(system)}"><th>{_e(system_label(report, system, lang))}</th>{"".join(tds)}</tr>'
        )
    out.append("</tbody></table></section>")
    return out


def _html_trends(report: Mapping[str, Any], lang: str) -> list[str]:
    """趋势: per host, one inline SVG per series with two samples or more; a host with one sample says so."""
    labels = LABELS[lang]
    block = report["trends"]
    out = [
        f'<section id="trends"><h2>{_e(labels["trends"])}</h2>',
        f'<p class="sub">{_e(trends.span_note(block, labels))}</p>',
    ]
    for host, trend in block["hosts"].items():
        out.append(f'<div class="trend-host" data-host="{_e(host)}"><h3>{_e(host)}</h3>')
        drawn = [s for s in trend["series"] if trends.chartable(s)]
        if not drawn:
            out.append(f'<p class="sub one-sample">{_e(labels["one_sample"])}</p></div>')
            continue
        out.append('<div class="charts">')
        for series in drawn:
            title = series["title_zh"] if lang == "zh" else series["title"]
            notes = [labels["latest"].format(value=model.format_value(series["points"][-1][1], series["unit"], lang))]
            if series.get("projected_full"):
                notes.append(labels["projected_full"].format(date=series["projected_full"]))
            out.append(
                f"<figure>{series_svg(series, title)}<figcaption><b>{_e(title)}</b> · {_e(' · '.join(notes))}"
                "</figcaption></figure>"
            )
        out.append("</div></div>")
    out.append("</section>")
    return out


def _html_changes(report: Mapping[str, Any], lang: str) -> list[str]:
    """与上次巡检相比的变化: new, still open (first seen), resolved; hosts added and gone."""
    labels = LABELS[lang]
    out = [f'<section id="changes"><h2>{_e(labels["changes"])}</h2>']
    out += [f'<p class="sub">{_e(line)}</p>' for line in report_changes.summary_lines(report, lang)]
    rows = report_changes.change_rows(report, lang)
    if rows:
        heads = _th(*report_changes.change_headings(lang))
        out.append(f'<table class="changes"><thead><tr>{heads}</tr></thead><tbody>')
        for kind, cells in rows:
            tds = "".join(f"<td>{_e(c)}</td>" for c in cells)
            out.append(f'<tr class="change change-{kind}" data-change="{kind}">{tds}</tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def render_html(report: Mapping[str, Any], lang: str = "zh") -> str:
    """report.html: one self-contained page (inline CSS, no scripts, no external assets)."""
    labels = LABELS[check_lang(lang)]
    run = report["run"]
    title = report_title(report, lang)
    cover = cover_rows(report, lang)
    subtitle = " · ".join(value for _, value in cover[:3] if value)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="healthops">',
        f'<meta name="healthops-report-digest" content="{report_digest(report)}">',
        f"<title>{_e(title)} - {_e(run['run_id'])}</title>",
        f"<style>{_CSS}{_status_css()}\n</style>",
        "</head>",
        "<body>",
        f'<header><h1>{_e(title)}</h1><p class="sub">{_e(subtitle)}</p></header>',
        *(_html_fleet(report, lang) if fleet.is_fleet(report) else []),
        *(_html_changes(report, lang) if "changes" in report else []),
        f'<section id="overview"><h2>{_e(labels["basic"])}</h2><table class="meta"><tbody>',
    ]
    for label, value in cover[:5] + run_rows(report, lang):
        out.append(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>")
    out.append("</tbody></table></section>")
    out.extend(_html_summary(report, lang))
    if report.get("trends", {}).get("hosts"):
        out.extend(_html_trends(report, lang))
    for index, name in enumerate(report["summary"]["systems"], 1):
        out.extend(_html_system(report, name, index, lang))
    out.append(f'<section id="signoff"><h2>{_e(labels["signoff"])}</h2><table class="signoff"><tbody>')
    for who in ("sign_ops", "sign_client"):
        out.append(f"<tr><th>{_e(labels[who])}</th><td></td><th>{_e(labels['sign_date'])}</th><td></td></tr>")
    # The footer is part of the unbreakable sign-off block: printed, it never lands on a page of its own.
    out.append("</tbody></table>")
    out.append(f"<footer>{_e(labels['footer'])} · {_e(run['run_id'])} · {_e(run['generated'])}</footer></section>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


_HTML_DIGEST = re.compile(r'<meta name="healthops-report-digest" content="([0-9a-f]{64})">')


def html_digest(text: str) -> str | None:
    """The report digest an existing report.html was rendered from (None if it has none)."""
    match = _HTML_DIGEST.search(text[:4096])
    return match.group(1) if match else None
