"""The printed forms (打印预览, 导出PDF) as HTML for Qt's text layout: the same content and order as the
exported workbooks — 附件N, title, 填报单位（盖章） and 填报时间, the header row (repeated on every page by
the printer), one row per town, 填报说明 at the end; the 月报 with its figures, rates and texts.
No Qt here: desktop.ui.common.printing lays the HTML out on A4 pages with 第 X 页 共 Y 页."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from desktop.domain.dates import format_cn
from desktop.domain.model import COLUMNS, Level, Roster, Settings, town_type_for_level
from desktop.domain.monthly.report import MonthlyReport

FOOTNOTE_PREFIX = "填报说明"

_STYLE = """
<style>
body { font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; margin: 4pt 0 8pt 0; }
p.attachment { font-size: 12pt; margin: 0; }
p.unit { margin: 0 0 6pt 0; }
table.form { border-collapse: collapse; width: 100%; }
table.form th { background: #f0f0f0; font-weight: bold; }
table.form td, table.form th { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
p.note { margin-top: 8pt; }
h2 { font-size: 12pt; margin: 10pt 0 4pt 0; }
</style>
"""


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


def monthly_html(report: MonthlyReport, previous: MonthlyReport | None, indicators, unit_display: str) -> str:
    """The month's report: header, each task's figures with last month's, the rates, the texts, 说明."""
    from desktop.domain.monthly.rates import compute_rates, format_rate

    parts = [f"<html><head>{_STYLE}</head><body>",
             f"<h1>{escape(report.region)}{escape(report.month.label)}{escape(indicators.title)}</h1>",
             f'<p class="unit">填报单位（盖章）：{escape(unit_display)}&nbsp;&nbsp;&nbsp;填报人：{escape(report.reporter)}'
             f"&nbsp;&nbsp;&nbsp;联系电话：{escape(report.phone)}&nbsp;&nbsp;&nbsp;审核人：{escape(report.reviewer)}"
             f"&nbsp;&nbsp;&nbsp;填报日期：{escape(format_cn(report.filled_on))}</p>"]
    rates = compute_rates(report, indicators)
    for task in indicators.tasks:
        parts.append(f"<h2>{escape(task.label)}</h2>")
        rows = []
        for ind in indicators.by_task(task.code):
            now = report.values.get(ind.code)
            before = previous.values.get(ind.code) if previous is not None else None
            rows.append(f"<tr><td>{escape(ind.label)}</td><td align=\"right\">{_fmt(now)}</td>"
                        f"<td>{escape(ind.measure_unit)}</td><td align=\"right\">{_fmt(before)}</td></tr>")
        parts.append('<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>'
                     '<th width="55%">指标</th><th width="15%">本月</th><th width="10%">单位</th>'
                     '<th width="20%">上月</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")
        task_rates = indicators.rates_of(task.code)
        if task_rates:
            text = "　".join(f"{escape(r.label)} {format_rate(rates.get(r.code))}" for r in task_rates)
            parts.append(f"<p>比率（自动计算）：{text}</p>")
        for section in indicators.sections:
            if section.task == task.code:
                parts.append(f"<p><b>{escape(section.title)}</b>：{escape(report.texts.get(section.code, ''))}</p>")
    for section in indicators.sections:
        if not section.task:
            parts.append(f"<h2>{escape(section.title)}</h2><p>{escape(report.texts.get(section.code, ''))}</p>")
    if report.explanations:
        parts.append("<h2>说明</h2>" + "".join(f"<p>{escape(v)}</p>" for v in report.explanations.values() if v))
    parts.append("</body></html>")
    return "".join(parts)


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return escape(str(value))


def score_sheet_html(checklist, scores, result) -> str:
    """One site's 评分表 for print/PDF (the same content as the workbook)."""
    from desktop.domain.evaluation.scoring import ItemScore

    mark = "（参考方案）" if checklist.reference else ""
    rows = []
    for item in checklist.items_for(scores.site.kind):
        s = scores.items.get(item.code, ItemScore())
        heading = item.heading + ("（必要条件）" if item.required else "") + ("（加分项）" if item.bonus else "")
        cells = (checklist.task_label(item.task), heading, item.standard, item.method, _fmt(item.points),
                 _fmt(s.self_score), _fmt(s.accept_score), s.reason)
        rows.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    head = "".join(f'<th width="{w}%">{h}</th>' for h, w in zip(
        ("一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因"),
        (10, 12, 34, 7, 5, 6, 6, 20), strict=True))
    return (f"<html><head>{_STYLE}</head><body><h1>{escape(checklist.title)}{mark}</h1>"
            f'<p class="unit">试点：{escape(scores.site.name)}（{escape(scores.site.level)}）&nbsp;&nbsp;'
            f"总分：{_fmt(result.total)}（加分 {_fmt(result.bonus)}）&nbsp;&nbsp;等级：{escape(result.grade)}</p>"
            f'<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p>未达到的必要条件：{escape('、'.join(result.failed_required) or '无')}</p>"
            f"<p>验收人员（签字）：{escape(scores.evaluators)}&nbsp;&nbsp;&nbsp;&nbsp;被验收单位负责人（签字）："
            f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</p>"
            + (f'<p class="note">{escape(checklist.source)}</p>' if checklist.reference else "")
            + "</body></html>")


def summary_html(checklist, results, unit_name: str) -> str:
    """The 汇总表 for print/PDF."""
    from desktop.domain.evaluation.scoring import ranking

    mark = "（参考方案）" if checklist.reference else ""
    heads = ["排名", "试点", "类型", *[label for _, label in checklist.tasks], "加分", "总分", "等级", "未达到的必要条件"]
    rows = []
    for rank, r in ranking(results):
        cells = [str(rank), r.site.name, "县（市、区）" if r.site.kind == "county" else r.site.level,
                 *[_fmt(r.by_task.get(code, 0.0)) for code, _ in checklist.tasks], _fmt(r.bonus), _fmt(r.total),
                 r.grade, "、".join(r.failed_required)]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return (f"<html><head>{_STYLE}</head><body><h1>{escape(checklist.title)}（汇总）{mark}</h1>"
            f'<p class="unit">汇总单位：{escape(unit_name)}&nbsp;&nbsp;试点 {len(results)} 个</p>'
            f'<table class="form" cellspacing="0" cellpadding="3" width="100%"><thead><tr>'
            + "".join(f"<th>{h}</th>" for h in heads) + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
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
