"""The printed forms (打印预览, 导出PDF) as HTML for Qt's text layout: the same content and order as the
exported workbooks — 附件N, title, 填报单位（盖章） and 填报时间, the header row (repeated on every page by
the printer), one row per town, 填报说明 at the end; the 月报 as the sheet 月报 of its workbook.
No Qt here: desktop.ui.common.printing lays the HTML out on A4 pages with 第 X 页 共 Y 页."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape
from typing import Any

from desktop.domain.dates import format_cn
from desktop.domain.model import COLUMNS, Level, Roster, Settings, town_type_for_level
from desktop.domain.monthly.report import MonthlyReport

FOOTNOTE_PREFIX = "填报说明"

# Lengths in px (1/96 inch): Qt's rich text ignores pt in padding and in the margin shorthand.
_STYLE = """
<style>
body { font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; margin: 5px 0 11px 0; }
p.title { font-size: 15pt; font-weight: bold; text-align: center; margin: 5px 0 10px 0; }
p.attachment { font-size: 12pt; margin: 0; }
p.unit { margin: 0 0 8px 0; }
table.form { border-collapse: collapse; width: 100%; }
table.form th { background-color: #f0f0f0; font-weight: bold; }
table.form td, table.form th { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
table.fields { margin: 0 0 8px 0; }
table.fields td { padding: 2px 0; }
td.group { background-color: #f2f2f2; font-weight: bold; }
table.form td.sub { padding-left: 24px; }
td.unit { text-align: center; }
td.num { text-align: right; }
span.formula { font-size: 8pt; color: #595959; }
p.note { margin-top: 8pt; }
h2 { font-size: 12pt; margin: 13px 0 5px 0; }
p.heading { font-size: 12pt; font-weight: bold; margin: 13px 0 3px 0; }
p.subheading { font-weight: bold; margin: 5px 0 2px 0; }
p.text { margin-top: 0; margin-bottom: 3px; white-space: pre-wrap; }
</style>
"""
_MONTHLY_WIDTHS = (52, 8, 12, 12, 16)  # 指标 单位 本月 上月 变化, as the workbook's columns
# A heading or a group row stays on the page of what follows it (desktop.ui.common.page_breaks: Qt
# keeps a block's user state).
_KEEP = 'style="-qt-user-state: 1"'


@lru_cache(maxsize=4)
def roster_footnote(level: Level) -> str:
    """The 填报说明 printed in the level's template (the same text as the exported workbook)."""
    from openpyxl import load_workbook

    from desktop.system.paths import templates_dir

    wb = load_workbook(templates_dir() / f"{level.attachment}.xlsx", read_only=True)
    try:
        for row in wb.active.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and value.strip().startswith(FOOTNOTE_PREFIX):
                    return value.strip()
    finally:
        wb.close()
    return ""


def roster_html(roster: Roster, settings: Settings, footnote: str | None = None) -> str:
    """One attachment (附件1/2/3) as it is printed and stamped (盖章)."""
    note = roster_footnote(roster.level) if footnote is None else footnote
    rows = []
    for t in roster.towns:
        cells = (t.city, t.county, t.town, town_type_for_level(t.town_type, roster.level) if t.town_type else "",
                 "、".join(t.village_names), t.note)
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    widths = (9, 11, 13, 11, 44, 12)
    head = "".join(f'<th width="{w}%">{escape(c)}</th>' for c, w in zip(COLUMNS, widths, strict=True))
    return (f"<html><head>{_STYLE}</head><body>"
            f'<p class="attachment">{escape(roster.level.attachment)}</p>'
            f"<h1>{escape(roster.level.title)}</h1>"
            f'<p class="unit">填报单位（盖章）：{escape(settings.unit.display)}'
            f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;填报时间：{escape(format_cn(roster.filled_on))}</p>"
            f'<table class="form" cellspacing="0" cellpadding="3" width="100%">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<p class="note">{escape(note)}</p></body></html>')


def monthly_html(report: MonthlyReport, previous: MonthlyReport | None, indicators,
                 findings: Iterable[Any] | None = None) -> str:
    """The month's report as the exported workbook's sheet 月报 shows it (desktop.exchange.monthly.
    report_sheet), in the same order: the title; 填报单位/报告月份, 填报人/联系电话, 审核人/填报日期; the
    table 指标 单位 本月 上月 变化 with a group per task, then the computed rates (each with its
    formula); the narrative under its headings; 说明 — each answered warning beside its 说明.
    ``findings`` (the report's checks) name the warnings; without them a 说明 is described from its key."""
    from desktop.domain.monthly.rates import compute_rate, format_rate
    from desktop.exchange.monthly.export import effective_explanations
    from desktop.exchange.monthly.format import (
        HEADER_LAYOUT,
        LABEL_COLON,
        NOTES_HEADERS,
        NOTES_HEADING,
        PREVIOUS_HEADER,
        RATE_UNIT,
        RATES_HEADING,
        TABLE_HEADERS,
        clean_cell_text,
        header_value,
        monthly_title,
        number_value,
        task_heading,
    )
    from desktop.exchange.monthly.report_sheet import (
        answered_warnings,
        previous_header,
        rate_change,
        value_change,
    )

    if previous is not None and previous.month >= report.month:
        previous = None  # as the workbook: never compared with a report that is not older
    findings = list(findings) if findings is not None else None
    notes = answered_warnings(report, indicators, effective_explanations(report, None, findings), findings)

    def text(value: object) -> str:
        return escape(clean_cell_text(value)).replace("\n", "<br/>")

    parts = [f"<html><head>{_STYLE}</head><body>",
             f'<p class="title">{text(monthly_title(report.region, report.month))}</p>',
             '<table class="fields" width="100%" cellspacing="0">']
    for pair in HEADER_LAYOUT:
        parts.append("<tr>" + "".join(f'<td width="{w}%">{escape(label)}{LABEL_COLON}{text(header_value(report, attr))}</td>'
                                      for (attr, label), w in zip(pair, (59, 41), strict=True)) + "</tr>")
    parts.append("</table>")

    heads = [previous_header(report, previous) if h == PREVIOUS_HEADER else h for h in TABLE_HEADERS]
    parts.append('<table class="form monthly" cellspacing="0" width="100%"><thead><tr>'
                 + "".join(f'<th width="{w}%">{escape(h)}</th>' for h, w in zip(heads, _MONTHLY_WIDTHS, strict=True))
                 + "</tr></thead><tbody>")
    columns = len(TABLE_HEADERS)
    for index, task in enumerate(indicators.tasks, start=1):
        parts.append(f'<tr><td class="group" colspan="{columns}" {_KEEP}>{text(task_heading(index, task.label))}</td></tr>')
        for ind in indicators.by_task(task.code):
            this = number_value(report.value(ind.code))
            last = number_value(previous.value(ind.code)) if previous is not None else None
            label = "sub" if ind.label.startswith("其中") else "label"
            parts.append(f'<tr><td class="{label}">{text(ind.label)}</td><td class="unit">{text(ind.measure_unit)}</td>'
                         f'<td class="num">{_figure(this, ind.decimals)}</td>'
                         f'<td class="num">{_figure(last, ind.decimals)}</td>'
                         f'<td class="num">{_figure(value_change(ind, this, last), ind.decimals, signed=True)}</td></tr>')
    if indicators.rates:
        parts.append(f'<tr><td class="group" colspan="{columns}" {_KEEP}>{escape(RATES_HEADING)}</td></tr>')
        for rate in indicators.rates:
            this_rate = compute_rate(report, rate)
            last_rate = compute_rate(previous, rate) if previous is not None else None
            parts.append(f'<tr><td class="label">{text(rate.label)}<br/><span class="formula">'
                         f"{text(indicators.formula_text(rate))}</span></td>"
                         f'<td class="unit">{RATE_UNIT}</td><td class="num">{format_rate(this_rate, rate.decimals)}</td>'
                         f'<td class="num">{format_rate(last_rate, rate.decimals) if previous is not None else ""}</td>'
                         f'<td class="num">{text(rate_change(this_rate, last_rate, rate.decimals))}</td></tr>')
    parts.append("</tbody></table>")

    heading_done: str | None = None
    for section in indicators.sections:
        if section.heading and section.heading != heading_done:
            parts.append(f'<p class="heading" {_KEEP}>{text(section.heading)}</p>')
            heading_done = section.heading
        if section.heading:
            parts.append(f'<p class="subheading" {_KEEP}>{text(section.label)}</p>')
        else:
            heading_done = None
            parts.append(f'<p class="heading" {_KEEP}>{text(section.label)}</p>')
        paragraphs = [p for p in clean_cell_text(report.text(section.code)).split("\n") if p.strip()]
        # the first line indented two characters (a left margin would not follow the resolution)
        parts += [f'<p class="text">\u3000\u3000{text(p.strip())}</p>' for p in paragraphs] or ['<p class="text"> </p>']

    if notes:
        parts.append(f'<p class="heading" {_KEEP}>{escape(NOTES_HEADING)}</p>'
                     '<table class="form monthly" cellspacing="0" width="100%"><thead><tr>'
                     + "".join(f'<th width="{w}%">{escape(h)}</th>' for h, w in zip(NOTES_HEADERS, (52, 48), strict=True))
                     + "</tr></thead><tbody>"
                     + "".join(f"<tr><td>{text(message)}</td><td>{text(note)}</td></tr>" for message, note in notes)
                     + "</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _figure(value: int | float | None, decimals: int, signed: bool = False) -> str:
    """A figure as the workbook's number format shows it: 186.5 with one decimal, +540 for a change."""
    if value is None:
        return ""
    shown = f"{abs(value) if signed else value:.{max(decimals, 0)}f}"
    if signed and float(shown) != 0:
        return ("+" if value > 0 else "-") + shown
    return shown


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return escape(str(value))


def score_sheet_html(checklist, scores, result) -> str:
    """One site's 评分表 for print/PDF: the workbook's rows (score_sheet_rows), its 合计 row last."""
    from desktop.exchange.evaluation.export import SCORE_HEADERS, score_sheet_rows

    *items, total = score_sheet_rows(checklist, scores)
    rows = ["<tr>" + "".join(f"<td>{_fmt(c)}</td>" for c in cells) + "</tr>" for cells in items]
    rows.append(f"<tr><td><b>{total[0]}</b></td><td colspan=\"3\">{_fmt(total[3])}</td><td></td>"
                + "".join(f"<td>{_fmt(c)}</td>" for c in total[5:]) + "</tr>")
    head = "".join(f'<th width="{w}%">{h}</th>' for h, w in zip(
        SCORE_HEADERS, (5, 10, 12, 31, 7, 5, 6, 6, 18), strict=True))
    return (f"<html><head>{_STYLE}</head><body><h1>{escape(checklist.marked_title())}</h1>"
            f'<p class="unit">试点：{escape(scores.site.name)}（{escape(scores.site.level)}）&nbsp;&nbsp;'
            f"总分：{_fmt(result.total)}（基本分 {_fmt(result.base)}＋加分 {_fmt(result.bonus)}）&nbsp;&nbsp;"
            f"等级：{escape(result.grade)}</p>"
            f'<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p>未达到的必要条件：{escape('、'.join(result.failed_required) or '无')}</p>"
            f"<p>验收人员（签字）：{escape(scores.evaluators)}&nbsp;&nbsp;&nbsp;&nbsp;被验收单位负责人（签字）："
            f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</p>"
            + (f'<p class="note">{escape(checklist.source)}</p>' if checklist.reference else "")
            + "</body></html>")


def summary_html(checklist, results, unit_name: str) -> str:
    """The 汇总表 for print/PDF: the workbook's rows (summary_rows)."""
    from desktop.exchange.evaluation.export import SUMMARY_NOTE, summary_headers, summary_rows

    rows = ["<tr>" + "".join(f"<td>{_fmt(c)}</td>" for c in cells) + "</tr>" for cells in summary_rows(checklist, results)]
    done = sum(r.done for r in results)
    return (f"<html><head>{_STYLE}</head><body><h1>{escape(checklist.marked_title('（汇总）'))}</h1>"
            f'<p class="unit">汇总单位：{escape(unit_name)}&nbsp;&nbsp;试点 {len(results)} 个，已评完 {done} 个'
            f"&nbsp;&nbsp;{SUMMARY_NOTE}</p>"
            f'<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>'
            + "".join(f"<th>{h}</th>" for h in summary_headers(checklist))
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + (f'<p class="note">{escape(checklist.source)}</p>' if checklist.reference else "")
            + "</body></html>")


def reminder_list_html(upper: str, word: str, board, addresses: dict[str, str]) -> str:
    """The 催报 list to print: each subordinate unit with what it has not sent that is late or falls due
    within a week (deadline, days late), its e-mail address, the 催报 written, and a blank column for
    the phone call's notes. ``board``: desktop.domain.receiving.board.Board."""
    from desktop.domain.dates import format_moment

    today = board.today
    rows = []
    for n, unit in enumerate(board.units_to_remind(), 1):
        cells = board.to_remind(unit)
        missing = "<br/>".join(
            escape(f"{c.item.label}（截止 {format_cn(c.item.deadline)}"
                   + (f"，逾期 {(today - c.item.deadline).days} 天）" if today > c.item.deadline else "）"))
            for c in cells)
        told = sorted({r.at for c in cells for r in c.reminders})
        reminded = "<br/>".join(escape(format_moment(at)) for at in told) or "未催报"
        rows.append(f"<tr><td>{n}</td><td>{escape(unit.name)}</td><td>{missing}</td>"
                    f"<td>{escape(addresses.get(unit.code, '') or '（未填）')}</td><td>{reminded}</td><td></td></tr>")
    head = "".join(f'<th width="{w}%">{h}</th>' for h, w in zip(
        ("序号", "单位", "未收材料（截止日期）", "邮箱", "已催报", "电话催报记录（时间、对方、答复）"),
        (5, 13, 36, 16, 12, 18), strict=True))
    body = (f'<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>" if rows
            else f"<p>各{escape(word)}的材料都已收到，或还没到截止日期前一周，没有需要催报的单位。</p>")
    return (f"<html><head>{_STYLE}</head><body><h1>镇村便民服务试点材料催报清单</h1>"
            f'<p class="unit">催报单位：{escape(upper)}&nbsp;&nbsp;&nbsp;&nbsp;截至 {escape(format_cn(today))}'
            f"&nbsp;&nbsp;&nbsp;&nbsp;需催报 {len(rows)} 个{escape(word)}</p>{body}</body></html>")
