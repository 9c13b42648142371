"""Export, run alike by the window and ``python -m desktop export``: check, write the roster
attachments and (with a month) that month's report, lock the report, keep it all in the 报送记录.

Three steps, so that the window can write off the GUI thread: ``plan_export`` reads the store and
checks (errors and unanswered warnings are the plan's ``blockers``: nothing may be written),
``write_export`` writes the files (no store), ``finish_export`` locks the report and records.
``export`` runs the three. The files are recorded or none are left: a database that another program
is writing refuses before anything is written, and a failed record removes what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.findings import Finding
from desktop.domain.model import Roster, Settings
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.services.common import (
    NothingToDo,
    ServiceError,
    ensure_writable,
    files_in,
    finish_or_remove,
    remove_new,
    writing_into,
)

if TYPE_CHECKING:
    from desktop.domain.monthly.indicators import IndicatorSet
    from desktop.domain.monthly.trend import Trend
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store


@dataclass
class MonthPart:
    """One month's report of the own unit, with what its workbook needs."""

    report: MonthlyReport
    previous: MonthlyReport | None
    findings: list[Finding]
    breakdown: list[MonthlyReport] = field(default_factory=list)  # the subordinate units' reports (分县明细)
    trend: Trend | None = None  # the last 12 months up to this one, own and subordinate units (趋势)


@dataclass
class ExportPlan:
    settings: Settings
    indicators: IndicatorSet
    rosters: list[Roster]  # the lists to write: only those with towns
    month: MonthPart | None
    blockers: list[Finding]  # errors and unanswered warnings: nothing may be written
    existing: frozenset[Path] = frozenset()  # the files in the folder before writing: never removed

    @property
    def reports(self) -> list[MonthlyReport]:
        return [self.month.report] if self.month else []

    def file_names(self) -> list[str]:
        """The workbooks it writes, by name: the lists (附件1→3), then the month's report."""
        from desktop.exchange.roster.export import export_filename

        return [export_filename(r.level, self.settings) for r in self.rosters] + (
            [monthly_path(self.month, Path()).name] if self.month else [])

    def blocker_lines(self) -> list[str]:
        return [f.line() for f in self.blockers]  # each 月报 warning says 请核对或填写说明 itself

    def blocker_summary(self) -> str:
        errors = sum(f.is_error for f in self.blockers)
        unanswered = len(self.blockers) - errors
        return "、".join(x for x in (f"{errors} 个错误" if errors else "",
                                    f"{unanswered} 个警告未填写说明" if unanswered else "") if x)


def month_part(store: Store, month: YearMonth, rosters: list[Roster], settings: Settings,
               indicators: IndicatorSet) -> MonthPart:
    from desktop.domain.monthly.all_checks import check_reports, previous_of

    reports = store.reports()
    own = settings.region
    report = next((r for r in reports if r.region == own and r.month == month), None)
    if report is None:
        raise ServiceError(f"没有{own or '本单位'}{month.label}的月报，请先在“月报”中填写")
    findings = check_reports(reports, rosters, settings, indicators)[report.id]
    breakdown = breakdown_of(settings, [r for r in reports if r.month == month], rosters)
    order = trend_order(settings, reports) or [r.region for r in breakdown]
    return MonthPart(report, previous_of(report, reports), findings, breakdown,
                     month_trend(reports, own, month, indicators, order))


def trend_order(settings: Settings, reports: list[MonthlyReport]) -> list[str]:
    """The direct subordinates of the own unit that have reports, in the gazetteer's order, as the
    window's 趋势 shows them: also one that reported in earlier months but not in the exported one."""
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.domain.places.subordinates import subordinates

    present = sorted({r.region for r in reports})
    return [s.name for s in subordinates(load_gazetteer(), settings.unit, present) if s.name != settings.region]


def month_trend(reports: list[MonthlyReport], own: str, month: YearMonth, indicators: IndicatorSet,
                order: list[str]) -> Trend:
    """The 趋势 of an export: the last MAX_MONTHS months up to ``month``, the own unit first, then its
    direct subordinates (``order``: those with reports are shown)."""
    from desktop.domain.monthly.trend import MAX_MONTHS, build_trend

    subordinate = set(order)
    return build_trend([r for r in reports if r.region == own or r.region in subordinate], own, indicators,
                       until=month, last=MAX_MONTHS, order=order)


def breakdown_of(settings: Settings, month: list[MonthlyReport], rosters: list[Roster]) -> list[MonthlyReport]:
    """The 分县明细 of the own report: its direct subordinates' reports of the month only (a city's
    counties; the province's cities, never a county beside its city)."""
    from desktop.domain.monthly.compile import compile_sources
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.domain.places.subordinates import subordinates

    gaz = load_gazetteer()
    present = [r.region for r in month] + [t.town for r in rosters for t in r.towns]
    return compile_sources(gaz, settings.unit, subordinates(gaz, settings.unit, present), month).used


def plan_export(store: Store, gaz: Gazetteer | None, month: YearMonth | None = None, *,
                rosters: bool = True) -> ExportPlan:
    """What an export would write, checked. Raises ServiceError when there is nothing to export
    (no list with towns and no month, or no report for the month). ``gaz`` may be None without rosters."""
    from desktop.domain.monthly.all_checks import blocking
    from desktop.domain.monthly.indicators_file import load_indicators

    all_rosters, settings = store.load_rosters(), store.settings()
    indicators = load_indicators()
    part = month_part(store, month, all_rosters, settings, indicators) if month is not None else None
    blockers: list[Finding] = []
    chosen: list[Roster] = []
    if rosters:
        from desktop.domain.roster.rules import check_all

        assert gaz is not None, "the roster check needs the gazetteer"
        blockers = [f for f in check_all(all_rosters, gaz, settings) if f.is_error]
        chosen = [r for r in all_rosters if r.towns]
    if part is not None:
        blockers += blocking(part.findings, part.report)
    if not chosen and part is None and not blockers:
        raise NothingToDo("数据库中还没有名单数据，没有可导出的内容")
    return ExportPlan(settings, indicators, chosen, part, blockers)


def monthly_path(part: MonthPart, out: Path) -> Path:
    from desktop.exchange.monthly.export import monthly_filename

    return out / monthly_filename(part.report)


def write_export(plan: ExportPlan, out: Path) -> list[Path]:
    """Write the plan's files into ``out`` (no store: may run off the GUI thread). Raises
    ExportError or OSError; what it writes is written all or nothing."""
    from desktop.exchange.roster.export import export_rosters

    assert not plan.blockers, "an export with errors or unanswered warnings writes nothing"
    out.mkdir(parents=True, exist_ok=True)
    plan.existing = files_in(out)
    written = export_rosters(plan.rosters, plan.settings, out) if plan.rosters else []
    if plan.month is not None:
        from desktop.exchange.monthly.export import write_monthly_workbook

        part = plan.month
        try:
            written.append(write_monthly_workbook(part.report, part.previous, plan.indicators, monthly_path(part, out),
                                                  explanations=dict(part.report.explanations),
                                                  findings=part.findings, breakdown=part.breakdown or None,
                                                  trend=part.trend))
        except BaseException:
            remove_new(written, plan.existing)  # the lists written with it: all or nothing
            raise
    return written


def finish_export(store: Store, plan: ExportPlan, written: list[Path]) -> str:
    """Lock the exported month (a copy of its workbook kept with it) and keep the export in the 报送记录,
    in one transaction. When the database refuses (busy, a full disk) the written files are removed and
    ServiceError names the cause. A read-only database keeps nothing: the note returned says so ('' when
    all was kept)."""
    if store.read_only:
        return (f"数据库“{store.path.name}”只读，这次导出没有记入报送记录"
                + ("，月报也没有锁定" if plan.month is not None else "") + f"（{store.read_only}）")
    finish_or_remove(store, written, lambda: lock_and_record(store, plan, written, "导出"), plan.existing)
    return ""


def lock_and_record(store: Store, plan: ExportPlan, written: list[Path], kind: str, **sent) -> int:
    """One action: the month locked (its workbook is written last) and the record of ``kind`` (导出,
    报送) kept; returns the record's id."""
    from desktop.services.records import record_sent

    with store.action("导出月报并锁定" if plan.month is not None else kind):
        if plan.month is not None and written:
            report, path = plan.month.report, written[-1]  # the month's workbook is written last
            if not report.locked:
                store.lock_report(report.id, path.name, path.read_bytes())
        reports = [store.report_by_id(r.id) for r in plan.reports]  # as locked
        return record_sent(store, kind, plan.rosters, reports, written, **sent)


@dataclass
class ExportOutcome:
    plan: ExportPlan
    written: list[Path]  # empty when the plan had blockers
    note: str = ""  # what was not kept (a read-only database)


def write_files(plan: ExportPlan, out: Path) -> list[Path]:
    """``write_export`` with its failures as ServiceError."""
    with writing_into(out):
        return write_export(plan, out)


def export(store: Store, gaz: Gazetteer | None, out: Path, month: YearMonth | None = None) -> ExportOutcome:
    """Check, then write, lock and record (for the command line). Blockers write nothing (the outcome
    lists them); refused before anything is written when the database could not keep the export
    (another program writing); failures as ServiceError."""
    plan = plan_export(store, gaz, month)
    if plan.blockers:
        return ExportOutcome(plan, [])
    if not store.read_only:
        ensure_writable(store)
    written = write_files(plan, out)
    return ExportOutcome(plan, written, finish_export(store, plan, written))


def parse_month(text: str) -> YearMonth:
    """A month as the user types it (2021-04); ServiceError when it is not one."""
    try:
        return YearMonth.parse(text)
    except ValueError as exc:
        raise ServiceError(f"月份“{text}”的格式不对，请写成 2021-04") from exc
