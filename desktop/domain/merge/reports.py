"""What an incoming monthly report changes in the one already stored (for the import preview)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.dates import format_cn
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import MonthlyReport, char_count

_HEADER = (("reporter", "填报人"), ("phone", "联系电话"), ("reviewer", "审核人"), ("filled_on", "填报日期"))
_EMPTY = "（空）"


@dataclass(frozen=True)
class ReportFieldChange:
    field: str  # header field, indicator code or section code
    label: str
    old_text: str
    new_text: str


@lru_cache(maxsize=1)
def _shipped() -> IndicatorSet:
    return load_indicators()


def report_field_changes(current: MonthlyReport, incoming: MonthlyReport,
                         indicators: IndicatorSet | None = None) -> list[ReportFieldChange]:
    """Header fields, then figures in the indicator file's order, then narrative sections, then 说明."""
    ind = indicators or _shipped()
    out: list[ReportFieldChange] = []
    for name, label in _HEADER:
        old, new = getattr(current, name), getattr(incoming, name)
        if old != new:
            show = format_cn if name == "filled_on" else str
            out.append(ReportFieldChange(name, label, show(old) if old else _EMPTY, show(new) if new else _EMPTY))
    for indicator in ind.indicators:
        old, new = current.value(indicator.code), incoming.value(indicator.code)
        if old != new:
            out.append(ReportFieldChange(
                indicator.code, indicator.label,
                _EMPTY if old is None else f"{indicator.format(old)} {indicator.measure_unit}".strip(),
                _EMPTY if new is None else f"{indicator.format(new)} {indicator.measure_unit}".strip()))
    for section in ind.sections:
        old, new = current.text(section.code), incoming.text(section.code)
        if old.strip() != new.strip():
            out.append(ReportFieldChange(section.code, section.title,
                                         f"{char_count(old)} 字" if old.strip() else _EMPTY,
                                         f"{char_count(new)} 字（内容不同）" if new.strip() else _EMPTY))
    old_n = sum(1 for t in current.explanations.values() if t.strip())
    new_n = sum(1 for t in incoming.explanations.values() if t.strip())
    if dict(current.explanations) != dict(incoming.explanations):
        out.append(ReportFieldChange("explanations", "警告说明", f"{old_n} 条", f"{new_n} 条（内容不同）"))
    return out
