"""Small pieces shared by the 月报 widgets: board colours, the reading context, message helpers."""

from __future__ import annotations

from desktop.domain.findings import Finding
from desktop.domain.model import Roster, Settings
from desktop.domain.monthly import deadline as _deadline
from desktop.domain.monthly.all_checks import check_reports, deadline_day, previous_of
from desktop.domain.monthly.deadline import BOARD_STATUSES
from desktop.domain.monthly.findings import answer_of
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, RosterCounts
from desktop.domain.monthly.roster_link import roster_counts
from desktop.store.database import Store
from desktop.ui.common.theme import ERROR_COLOR, ERROR_TINT, FINDING_STYLE, MUTED_COLOR

NOT_FILLED, DRAFT, CHECKED, EXPORTED, OVERDUE = BOARD_STATUSES
UNLOCKED = _deadline.UNLOCKED

# Board cell colours as (text, background).
STATUS_COLORS: dict[str, tuple[str, str]] = {
    NOT_FILLED: (MUTED_COLOR, "#f3f3f3"),
    DRAFT: ("#1f5fa8", "#e7effa"),
    CHECKED: ("#00695c", "#dff2ef"),
    EXPORTED: ("#1b5e20", "#cdeccf"),
    OVERDUE: (ERROR_COLOR, ERROR_TINT),
    UNLOCKED: ("#8a5300", "#fdf0d5"),
}
OK_COLOR = "#2e7d32"
READ_ONLY_BACKGROUND = "#f1f1f1"
# The inline finding marks, plus a grey ground for fields that cannot be edited (locked, imported).
PAGE_STYLE = FINDING_STYLE + f"""
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"], QDateEdit[readOnly="true"] {{
    background: {READ_ONLY_BACKGROUND};
}}
"""
MAX_LINES = 10
_NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十; larger numbers stay digits."""
    return _NUMERALS[n - 1] if 1 <= n <= len(_NUMERALS) else str(n)


def lines(items: list[str], limit: int = MAX_LINES) -> str:
    shown = items[:limit]
    more = f"\n……另有 {len(items) - limit} 条" if len(items) > limit else ""
    return "\n".join(f"· {s}" for s in shown) + more


def short_message(finding: Finding, report: MonthlyReport) -> str:
    """The message without “2021年4月月报 任务 · ” — for the line under the field itself."""
    text = finding.message.removeprefix(report.title).strip()
    return text.split(" · ", 1)[1] if " · " in text else text


def is_answered(finding: Finding, report: MonthlyReport) -> bool:
    """A warning with a 说明 stored under its key."""
    return bool(answer_of(finding, report))


class Context:
    """What the page reads from the store for the checks: settings, rosters and the own region."""

    def __init__(self, store: Store, indicators: IndicatorSet) -> None:
        self.store = store
        self.indicators = indicators
        self.settings = Settings()
        self._rosters: list[Roster] | None = None
        self.reload()

    def reload(self) -> None:
        self.settings = self.store.settings()
        self._rosters = None  # read again when a check needs them (not for the board)

    @property
    def rosters(self) -> list[Roster]:
        if self._rosters is None:
            self._rosters = self.store.load_rosters()
        return self._rosters

    @property
    def own_region(self) -> str:
        return self.settings.region

    @property
    def is_city(self) -> bool:
        """A region that compiles the reports of the regions below it: a city (its counties) or the
        province (its cities); also a database with no region yet."""
        from desktop.domain.places.units import Role, role_of

        return role_of(self.settings.unit) in (Role.CITY, Role.PROVINCE, Role.NONE)

    @property
    def deadline_day(self) -> int:
        return deadline_day(self.settings, self.indicators)

    def day_for(self, region: str) -> int:
        """The own region's deadline day; another region's the day of its level (a city's counties
        by the county day of the file, the province's cities by the city day)."""
        if region == self.own_region:
            return self.deadline_day
        from desktop.domain.monthly.all_checks import region_day
        from desktop.domain.places.gazetteer import load_gazetteer

        return region_day(load_gazetteer(), region, self.settings, self.indicators)

    def subordinates(self, regions: list[str]) -> list:
        """The direct subordinate units of the own unit (desktop.domain.places.subordinates);
        ``regions``: the regions whose reports are held, which name a county's towns."""
        from desktop.domain.places.gazetteer import load_gazetteer
        from desktop.domain.places.subordinates import subordinates

        return subordinates(load_gazetteer(), self.settings.unit, regions)

    def roster_link(self) -> RosterCounts | None:
        if not any(r.towns for r in self.rosters):
            return None
        return roster_counts(self.rosters, self.settings.unit)

    def findings(self, report: MonthlyReport) -> list[Finding]:
        """The findings of one stored report, in the context check_reports gives it."""
        reports = self.store.reports(region=report.region)
        if report.region == self.own_region:  # its summed figures are compared with its subordinates'
            reports += [r for r in self.store.reports(month=report.month) if r.region != report.region]
        return check_reports(reports, self.rosters, self.settings, self.indicators).get(report.id, [])

    def previous(self, report: MonthlyReport) -> MonthlyReport | None:
        return previous_of(report, self.store.reports(region=report.region))
