"""Checks of a monthly report, generated from the indicator file. Each finding has a stable key.

Messages name the month, the task and the indicator, give the numbers and say what to do, e.g.
``2021年4月月报 提升服务能力 · 办结件数（120）大于受理件数（100），请核对或填写说明``.

Errors (block export):
    header field empty (``required:<field>``), invalid 联系电话 (``phone``),
    required indicator empty (``required:<code>``), not a number (``number:<code>``),
    negative (``negative:<code>``), not an integer (``integer:<code>``), more decimals than declared
    (``decimals:<code>``), a ``le``/``ge`` rule broken (``le:<code>:<ref>[+<ref>…]``,
    ``ge:…``), a roster count differing (``roster:<code>``) or exceeded (``le_roster:<code>``),
    a required narrative section empty (``required:<section>``).

Warnings (export once each has a 说明 in ``report.explanations[key]``):
    ``late:filled_on``  填报日期 after the deadline (deadline_day of the report month, clamped);
    ``drop:<code>``     a 累计 figure lower than last month's;
    ``change:<code>``   a figure that changed by more than the file's ratio (50%) since last month.
                        Skipped when last month's figure is empty or 0 (no base to compare with —
                        0 → n is the normal start of a pilot), when the absolute change is below
                        the file's ``min_change`` (default 10, per indicator overridable: 2 → 4
                        towns is not worth a question), for indicators declared
                        ``"month_on_month": false`` (the roster-linked counts, checked against the
                        roster instead) and when the drop warning already fired;
    ``min:<code>``      below a declared minimum; with ``per`` the minimum is per unit of the per
                        indicator (在编专职 ≥ 3 per pilot town; skipped when that count is 0/empty);
    ``backlog:<code>``  办结 more than 受理 plus last month's backlog (last month's 受理 − 办结,
                        floored at 0; 0 when there is no report of the month before).

``previous`` is used for 上月 comparisons only when it is the report of the month before; an older
report is compared by name (“比2021年2月”) and gives no backlog.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.dates import format_cn
from desktop.domain.findings import Finding, Severity
from desktop.domain.monthly.deadline import deadline_for
from desktop.domain.monthly.findings import (
    MonthlyFinding,
    answer_of,
    finding_key,
    monthly_error,
    monthly_warning,
)
from desktop.domain.monthly.indicators import CUMULATIVE, ROSTER_KINDS, Indicator, IndicatorSet, Rule
from desktop.domain.monthly.phone import is_valid_phone
from desktop.domain.monthly.report import HEADER_FIELDS, MonthlyReport, RosterCounts

DEFAULT_DEADLINE_DAY = 25
_EPS = 1e-9


def _num(value: float) -> str:
    """A computed number for a message: 15, 12.5."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _decimals_ok(value: float, decimals: int) -> bool:
    scaled = value * 10**decimals
    return abs(scaled - round(scaled)) <= 1e-6 * max(1.0, abs(scaled))


class _Checker:
    def __init__(self, report: MonthlyReport, previous: MonthlyReport | None, roster: RosterCounts | None,
                 indicators: IndicatorSet, deadline_day: int, region_label: str = "") -> None:
        self.report = report
        self.roster = roster
        self.ind = indicators
        self.deadline_day = deadline_day
        self.prefix = f"{region_label}{report.title}"
        self.previous = previous
        self.prev_label = "上月"
        self.immediate = False
        if previous is not None:
            if previous.month >= report.month:
                raise ValueError(f"上期月报（{previous.month.label}）应早于本期（{report.month.label}）")
            self.immediate = previous.month == report.month.prev()
            if not self.immediate:
                self.prev_label = previous.month.label
        self.valid: dict[str, float] = {}
        self.out: list[MonthlyFinding] = []

    # ------------------------------------------------------------------ helpers

    def where(self, ind: Indicator) -> str:
        return f"{self.prefix} {self.ind.task_label(ind.task)} · {ind.name}"

    def error(self, key: str, field: str | None, message: str) -> None:
        self.out.append(monthly_error(key, field, message))

    def warning(self, key: str, field: str | None, message: str) -> None:
        self.out.append(monthly_warning(key, field, message))

    def prev_value(self, code: str) -> float | None:
        if self.previous is None:
            return None
        value = self.previous.value(code)
        return None if value is None or value < 0 else value

    # ------------------------------------------------------------------ header

    def header(self) -> None:
        r = self.report
        for attr, label in HEADER_FIELDS:
            value = getattr(r, attr)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.error(f"required:{attr}", attr, f"{self.prefix} {label}未填写，请填写")
        if r.phone.strip() and not is_valid_phone(r.phone):
            self.error("phone", "phone", f"{self.prefix} 联系电话“{r.phone.strip()}”格式不正确，"
                                         f"请填写 11 位手机号码或带区号的固定电话（如 0830-1234567）")
        if r.filled_on is not None:
            deadline = deadline_for(r.month, self.deadline_day)
            if r.filled_on > deadline:
                self.warning("late:filled_on", "filled_on",
                             f"{self.prefix} 填报日期 {format_cn(r.filled_on)} 晚于报送截止日期 "
                             f"{format_cn(deadline)}，请核对或填写说明")

    # ------------------------------------------------------------------ one value

    def value(self, ind: Indicator) -> None:
        raw = self.report.values.get(ind.code)
        where = self.where(ind)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if ind.required:
                self.error(f"required:{ind.code}", ind.code, f"{where}未填写，请填写（没有的填 0）")
            return
        if self.report.value(ind.code) is None:  # a string, a bool, NaN or infinity
            self.error(f"number:{ind.code}", ind.code, f"{where}“{raw}”不是数字，请重新填写")
            return
        value = self.report.value(ind.code)
        assert value is not None
        text = ind.format(value)
        ok = True
        if value < 0:
            self.error(f"negative:{ind.code}", ind.code, f"{where}（{text}）不能为负数，请改正")
            ok = False
        if ind.is_integer and not float(value).is_integer():
            self.error(f"integer:{ind.code}", ind.code, f"{where}（{text}）应为整数，请改正")
            ok = False
        elif not ind.is_integer and not _decimals_ok(value, ind.decimals):
            self.error(f"decimals:{ind.code}", ind.code,
                       f"{where}（{text}）最多保留 {ind.decimals} 位小数，请改正")
            ok = False
        if ok:
            self.valid[ind.code] = value

    # ------------------------------------------------------------------ declared rules

    def refs(self, rule: Rule) -> tuple[float, str, str] | None:
        """(sum of the referenced values, their label, the sum as text) or None if one is missing."""
        values = [self.valid.get(code) for code in rule.refs]
        if any(v is None for v in values):
            return None
        total = float(sum(v for v in values if v is not None))
        labels = [self.ind.indicator(code).name for code in rule.refs]
        if len(labels) == 1:
            ref = self.ind.indicator(rule.refs[0])
            return total, labels[0], ref.format(values[0])
        return total, "与".join(labels) + "之和", _num(total)

    def rules(self, ind: Indicator) -> None:
        value = self.valid.get(ind.code)
        if value is None:
            return
        where = self.where(ind)
        text = ind.format(value)
        exceeded = False  # one "larger than" message per figure: the roster's is left out after a part-whole one
        for rule in ind.rules:
            if rule.type in ("le", "ge"):
                ref = self.refs(rule)
                if ref is None:
                    continue
                total, label, total_text = ref
                key = f"{rule.type}:{ind.code}:{'+'.join(rule.refs)}"
                if rule.type == "le" and value > total + _EPS:
                    self.error(key, ind.code, f"{where}（{text}）大于{label}（{total_text}），请核对")
                    exceeded = True
                elif rule.type == "ge" and value < total - _EPS:
                    self.error(key, ind.code, f"{where}（{text}）小于{label}（{total_text}），请核对")
            elif rule.type in ("roster", "le_roster") and self.roster is not None:
                assert rule.roster is not None
                count = self.roster.get(rule.roster)
                noun = ROSTER_KINDS[rule.roster]
                if rule.type == "roster" and value != count:
                    self.error(f"roster:{ind.code}", ind.code,
                               f"{where}（{text}）与试点名单中的{noun}数（{count}）不一致，"
                               f"请按名单改正或先更新试点名单")
                elif rule.type == "le_roster" and value > count and not exceeded:
                    self.error(f"le_roster:{ind.code}", ind.code,
                               f"{where}（{text}）大于试点名单中的{noun}数（{count}），请核对")
            elif rule.type == "min":
                self.minimum(ind, rule, value, where, text)
            elif rule.type == "le_with_backlog":
                self.backlog(ind, rule, value, where, text)

    def minimum(self, ind: Indicator, rule: Rule, value: float, where: str, text: str) -> None:
        assert rule.value is not None
        key = f"min:{ind.code}"
        unit = ind.measure_unit
        if rule.refs:
            per = self.ind.indicator(rule.refs[0])
            count = self.valid.get(per.code)
            if not count:
                return
            threshold = rule.value * count
            if value < threshold - _EPS:
                noun = per.name.removesuffix("数")
                self.warning(key, ind.code,
                             f"{where}（{text}）少于 {_num(threshold)} {unit}（{noun} {per.format(count)} {per.measure_unit}，"
                             f"每个不少于 {_num(rule.value)} {unit}），请核对或填写说明")
        elif value < rule.value - _EPS:
            self.warning(key, ind.code, f"{where}（{text}）少于 {_num(rule.value)} {unit}，请核对或填写说明")

    def backlog(self, ind: Indicator, rule: Rule, value: float, where: str, text: str) -> None:
        other = self.ind.indicator(rule.refs[0])
        received = self.valid.get(other.code)
        if received is None:
            return
        carried = 0.0
        if self.immediate:
            prev_received = self.prev_value(other.code)
            prev_done = self.prev_value(ind.code)
            if prev_received is not None and prev_done is not None:
                carried = max(0.0, prev_received - prev_done)
        if value > received + carried + _EPS:
            if carried:
                message = (f"{where}（{text}）大于{other.name}（{other.format(received)}）"
                           f"与上月未办结件数（{_num(carried)}）之和，请核对或填写说明")
            else:
                message = f"{where}（{text}）大于{other.name}（{other.format(received)}），请核对或填写说明"
            self.warning(f"backlog:{ind.code}", ind.code, message)

    # ------------------------------------------------------------------ month on month

    def month_on_month(self, ind: Indicator) -> None:
        value = self.valid.get(ind.code)
        prev = self.prev_value(ind.code)
        if value is None or prev is None:
            return
        where = self.where(ind)
        text, prev_text = ind.format(value), ind.format(prev)
        if ind.kind == CUMULATIVE and value < prev - _EPS:
            self.warning(f"drop:{ind.code}", ind.code,
                         f"{where}（{text}）少于{self.prev_label}（{prev_text}），累计数不应减少，请核对或填写说明")
            return
        if not ind.month_on_month or prev == 0:
            return
        change = value - prev
        if abs(change) > self.ind.change_ratio * prev + _EPS and abs(change) >= self.ind.min_change_of(ind) - _EPS:
            verb = "增加" if change > 0 else "减少"
            self.warning(f"change:{ind.code}", ind.code,
                         f"{where}（{text}）比{self.prev_label}（{prev_text}）{verb} {_pct(abs(change) / prev * 100)}%，"
                         f"请核对或填写说明")

    # ------------------------------------------------------------------ narrative

    def sections(self) -> None:
        for section in self.ind.sections:
            if section.required and not self.report.text(section.code).strip():
                todo = "请填写本月该项任务的工作开展情况" if section.task else "请填写（没有的写“无”）"
                self.error(f"required:{section.code}", section.code, f"{self.prefix} {section.title}未填写，{todo}")

    def run(self) -> list[MonthlyFinding]:
        self.header()
        for ind in self.ind.indicators:
            self.value(ind)
        for ind in self.ind.indicators:
            self.rules(ind)
            self.month_on_month(ind)
        self.sections()
        return self.out


def check_report(report: MonthlyReport, previous: MonthlyReport | None, roster: RosterCounts | None,
                 indicators: IndicatorSet, deadline_day: int = DEFAULT_DEADLINE_DAY, *,
                 region_label: str = "") -> list[MonthlyFinding]:
    """Every check of one monthly report: header, then indicators in file order, then sections.

    ``previous`` is the unit's report of an earlier month (normally the month before) or None;
    ``roster`` the pilot roster's counts for the unit, or None to skip the roster checks;
    ``deadline_day`` 25 for a city, the city's earlier day for a county
    (``indicators.deadline_days``); ``region_label`` names the unit before the month in every message
    (合江县 for a county's report checked in its city's database; '' for the unit's own).
    """
    return _Checker(report, previous, roster, indicators, deadline_day, region_label).run()


def unanswered_warnings(findings: Iterable[Finding], report: MonthlyReport) -> list[Finding]:
    """Warnings without a 说明 in ``report.explanations`` (a plain Finding has no key: unanswered)."""
    return [f for f in findings if f.severity is Severity.WARNING and not answer_of(f, report)]


def can_export(findings: Iterable[Finding], report: MonthlyReport) -> bool:
    """No error and every warning answered."""
    findings = list(findings)
    return not any(f.is_error for f in findings) and not unanswered_warnings(findings, report)


def obsolete_explanations(findings: Iterable[Finding], report: MonthlyReport) -> list[str]:
    """Keys of stored 说明 whose warning no longer fires (the figure was corrected)."""
    live = {finding_key(f) for f in findings if f.severity is Severity.WARNING}
    return [key for key in report.explanations if key not in live]

