"""``python -m desktop export``: the roster attachments, and with ``--month`` that month's report."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK, EXIT_FINDINGS = 0, 1


class ExportRefused(Exception):
    """Nothing can be exported (no data, no report for the month); the message says why."""


@dataclass
class MonthPlan:
    report: object
    previous: object
    findings: list
    counties: list = field(default_factory=list)


def _month_plan(store, month_text: str, rosters, settings, indicators) -> MonthPlan:
    from desktop.domain.monthly.all_checks import check_reports, previous_of
    from desktop.domain.monthly.report import YearMonth

    try:
        month = YearMonth.parse(month_text)
    except ValueError as exc:
        raise ExportRefused(f"月份“{month_text}”的格式不对，请写成 2021-04") from exc
    reports = store.reports()
    own = settings.report_unit
    report = next((r for r in reports if r.unit == own and r.month == month), None)
    if report is None:
        raise ExportRefused(f"没有{own or '本单位'}{month.label}的月报，请先在“月报”中填写")
    findings = check_reports(reports, rosters, settings, indicators)[report.id]
    counties = [r for r in reports if r.month == month and r.unit != own]
    return MonthPlan(report, previous_of(report, reports), findings, counties)


def run_export(store, out: Path, month_text: str | None, roster_findings: list, *, include_rosters: bool = True,
               written_out: list[Path] | None = None, record: bool = True) -> int:
    """Check, then write. Roster errors, or (with a month) that report's errors and unanswered
    warnings, refuse the whole export: exit 1 and nothing written."""
    from desktop.domain.monthly.all_checks import blocking
    from desktop.domain.monthly.indicators import load_indicators

    rosters, settings = store.load_rosters(), store.settings()
    indicators = load_indicators()
    plan = _month_plan(store, month_text, rosters, settings, indicators) if month_text else None
    if not include_rosters:
        rosters = [type(r)(r.level, r.filled_on, []) for r in rosters]
    blockers = [f for f in roster_findings if f.is_error] if include_rosters else []
    if plan is not None:
        blockers += blocking(plan.findings, plan.report)
    if blockers:
        for f in blockers:
            print(f.line() if f.is_error else f"{f.line()}（请填写说明）")
        errors = sum(f.is_error for f in blockers)
        what = "、".join(x for x in (f"{errors} 个错误" if errors else "",
                                     f"{len(blockers) - errors} 个警告未填写说明" if len(blockers) > errors else "") if x)
        print(f"有 {what}，未导出任何文件；请改正后再导出（python -m desktop check 查看全部）", file=sys.stderr)
        return EXIT_FINDINGS
    has_rosters = any(r.towns for r in rosters)
    if not has_rosters and plan is None:
        raise ExportRefused("数据库中还没有名单数据，没有可导出的内容")

    from desktop.exchange.roster.export import export_rosters

    out.mkdir(parents=True, exist_ok=True)
    written = export_rosters(rosters, settings, out) if has_rosters else []
    if plan is not None:
        written.append(_write_month(store, plan, indicators, out))
    for path in written:
        print(f"已导出 {path}")
    if written_out is not None:
        written_out.extend(written)
    if record:  # every export is kept in the 报送记录 (python -m desktop history)
        record_sent(store, "导出", rosters if has_rosters else [], [plan.report] if plan else [], written)
    return EXIT_OK


def record_sent(store, kind: str, rosters, reports, files: list[Path], *, recipient: str = "",
                subject: str = "", extra: list[tuple[str, bytes]] = ()) -> int:
    """Keep what was written (the files' bytes and a frozen copy of the data) as one record."""
    from desktop.domain.submission import Sending, snapshot_of

    settings = store.settings()
    month = reports[0].month.label if reports else ""
    sending = Sending(settings.unit.display, rosters=bool(rosters), month_label=month)
    return store.record_submission(kind, unit=settings.unit.display, what=sending.what,
                                   snapshot=snapshot_of(rosters, reports),
                                   files=[(p.name, p.read_bytes()) for p in files] + list(extra),
                                   recipient=recipient, subject=subject or sending.subject())


def _write_month(store, plan: MonthPlan, indicators, out: Path) -> Path:
    from desktop.exchange.monthly.export import monthly_filename, write_monthly_workbook

    report = plan.report
    path = write_monthly_workbook(report, plan.previous, indicators, out / monthly_filename(report),
                                  explanations=dict(report.explanations), findings=plan.findings,
                                  breakdown=plan.counties or None)
    if not report.locked:
        store.lock_report(report.id, path.name, path.read_bytes())
    return path
