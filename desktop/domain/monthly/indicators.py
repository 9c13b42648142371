"""The declarative indicator list of the monthly report (``resources/indicators.json``).

The form, the checks, the city compilation and the export are all generated from this file, so next
year's indicators are a data change. The loader validates the file itself: an unknown key, task,
kind, rule or a code that a rule or a rate refers to but that is not declared raises
:class:`IndicatorFileError` with a message naming the file and the entry.

File layout (keys starting with ``_`` are comments and ignored)::

    title, year, deadline_days {city, county}, month_on_month {ratio, min_change},
    tasks [{code, label}],
    indicators [{code, label, unit, task, kind, decimals=0, required=true, rules=[], aggregate="sum",
                 weight=null, month_on_month=true, min_change=null, hint=""}],
    rates [{code, label, task, numerator, denominator, decimals=1, hint=""}],
    sections [{code, label, heading=null, task=null, required=true, hint=""}]

Indicator rules (one key each; the severity is fixed by the rule type):

    {"le": "code"} / {"le": ["a", "b"]}    error   value ≤ the other value (or the sum of the others)
    {"ge": "code"} / {"ge": [...]}         error   value ≥ the other value (or sum)
    {"roster": "towns" | "villages"}       error   value = the roster's count (when a roster is given)
    {"le_roster": "towns" | "villages"}    error   value ≤ the roster's count
    {"min": 3, "per": "code"?}             warning value ≥ 3 (× the per indicator when it is above 0)
    {"le_with_backlog": "code"}            warning value ≤ other + last month's backlog
                                                   (last month's other − value, floored at 0)

Rates are ``numerator ÷ denominator`` where each side is codes joined by ``+``/``-``
(``"reviews - reviews_bad"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.numbers import is_number

KINDS: tuple[str, ...] = ("累计", "当月", "存量")
CUMULATIVE, FLOW, STOCK = KINDS
ROSTER_KINDS: dict[str, str] = {"towns": "乡镇（街道）", "villages": "村（社区）"}
AGGREGATES: tuple[str, ...] = ("sum", "mean")
ERROR_RULES: tuple[str, ...] = ("le", "ge", "roster", "le_roster")
WARNING_RULES: tuple[str, ...] = ("min", "le_with_backlog")
RULE_TYPES: tuple[str, ...] = ERROR_RULES + WARNING_RULES
REPORTER_LEVELS: tuple[str, ...] = ("city", "county")

DEFAULT_FILE_NAME = "indicators.json"

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_TERM = re.compile(r"\s*([+-])?\s*([a-z][a-z0-9_]*)\s*")


class IndicatorFileError(ValueError):
    """The indicator file is malformed or refers to something it does not declare."""


@dataclass(frozen=True)
class Task:
    code: str
    label: str


@dataclass(frozen=True)
class Rule:
    """One declared rule of an indicator; see the module docstring for the types."""

    type: str
    refs: tuple[str, ...] = ()  # le / ge / le_with_backlog: the other codes; min: the optional per code
    roster: str | None = None  # roster / le_roster: "towns" or "villages"
    value: float | None = None  # min: the minimum (per unit of ``refs[0]`` when given)

    @property
    def is_warning(self) -> bool:
        return self.type in WARNING_RULES


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    measure_unit: str  # 个, 件, %, 平方米
    task: str
    kind: str  # 累计 / 当月 / 存量
    decimals: int = 0
    required: bool = True
    rules: tuple[Rule, ...] = ()
    aggregate: str = "sum"  # how a city compiles its counties: "sum" or "mean"
    weight: str | None = None  # for "mean": the indicator weighting the mean (None → plain mean)
    month_on_month: bool = True  # warn on a change of more than the file's ratio
    min_change: float | None = None  # overrides the file's month_on_month.min_change
    hint: str = ""

    @property
    def is_integer(self) -> bool:
        return self.decimals == 0

    @property
    def name(self) -> str:
        """The label without a leading 其中, as messages and formulas name the figure."""
        return self.label.removeprefix("其中") or self.label

    @property
    def roster(self) -> str | None:
        """"towns"/"villages" when this figure must equal a roster count."""
        for rule in self.rules:
            if rule.type == "roster":
                return rule.roster
        return None

    def format(self, value: object) -> str:
        """A value as printed in messages and the export: 120, 85.5; "" for None."""
        if value is None:
            return ""
        if not is_number(value):
            return str(value)
        if isinstance(value, int) or (self.decimals == 0 and value.is_integer()):
            return str(int(value))
        if round(value, self.decimals) == value:
            return f"{value:.{self.decimals}f}"
        return repr(value)  # more decimals than declared: show them all, the check reports it


@dataclass(frozen=True)
class Rate:
    """A computed rate: Σ numerator ÷ Σ denominator (terms are (sign, code))."""

    code: str
    label: str
    task: str
    numerator: tuple[tuple[int, str], ...]
    denominator: tuple[tuple[int, str], ...]
    decimals: int = 1  # percent decimals for display
    hint: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for _sign, code in self.numerator + self.denominator)


@dataclass(frozen=True)
class Section:
    """A narrative part of the report. ``heading`` groups parts (一、工作开展情况 →（一）…（五）)."""

    code: str
    label: str
    heading: str | None = None
    task: str | None = None
    required: bool = True
    hint: str = ""

    @property
    def title(self) -> str:
        """一、工作开展情况（一）优化整合平台, or 二、存在问题."""
        return f"{self.heading}{self.label}" if self.heading else self.label


@dataclass(frozen=True)
class IndicatorSet:
    title: str
    tasks: tuple[Task, ...]
    indicators: tuple[Indicator, ...]
    rates: tuple[Rate, ...] = ()
    sections: tuple[Section, ...] = ()
    year: int | None = None
    deadline_days: dict[str, int] = field(default_factory=lambda: {"city": 25, "county": 20})
    change_ratio: float = 0.5
    min_change: float = 10

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    def task(self, code: str) -> Task:
        for task in self.tasks:
            if task.code == code:
                return task
        raise KeyError(code)

    def rate(self, code: str) -> Rate:
        for rate in self.rates:
            if rate.code == code:
                return rate
        raise KeyError(code)

    def section(self, code: str) -> Section:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(ind.code for ind in self.indicators)

    def by_task(self, task: str) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.task == task]

    def rates_of(self, task: str) -> list[Rate]:
        return [rate for rate in self.rates if rate.task == task]

    def task_label(self, code: str) -> str:
        return self.task(code).label

    def min_change_of(self, ind: Indicator) -> float:
        return self.min_change if ind.min_change is None else ind.min_change

    def formula_text(self, rate: Rate) -> str:
        """（好差评评价数 − 其中差评数）÷ 好差评评价数 — for tooltips and the export's notes."""

        def side(terms: tuple[tuple[int, str], ...]) -> str:
            text = ""
            for i, (sign, code) in enumerate(terms):
                label = self.indicator(code).name
                if i == 0:
                    text = label if sign > 0 else f"−{label}"
                else:
                    text += f" {'+' if sign > 0 else '−'} {label}"
            return f"（{text}）" if len(terms) > 1 else text

        return f"{side(rate.numerator)} ÷ {side(rate.denominator)}"


def default_path() -> Path:
    """The shipped ``resources/indicators.json``."""
    from desktop.system.paths import resources_dir

    return resources_dir() / DEFAULT_FILE_NAME

