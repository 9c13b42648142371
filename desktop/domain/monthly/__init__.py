"""The monthly report (月报) of notice 川政公〔2021〕7号 四、（二）: indicators declared in
``resources/indicators.json``, checks, rates, a city's compilation of its counties, deadlines and
the 四个一 rhythm (五、（二））. Pure Python: no Qt, no SQL, no spreadsheet library.

Names are imported from their modules on first use (PEP 562), so importing one module of the
package (``desktop.domain.monthly.report``) does not load the others and the window starts faster."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compile import start_report, sum_reports
    from .deadline import BOARD_STATUSES, board_status, days_left, deadline_for
    from .findings import MonthlyFinding, finding_key
    from .indicators import (
        Indicator,
        IndicatorFileError,
        IndicatorSet,
        Rate,
        Rule,
        Section,
        Task,
        load_indicators,
        parse_indicators,
    )
    from .phone import is_valid_phone, normalize_phone
    from .rates import compute_rate, compute_rates, format_rate
    from .report import HEADER_FIELDS, MonthlyReport, RosterCounts, YearMonth, char_count, parse_number
    from .rhythm import RHYTHM, DueEvent, Period, RhythmEvent, due_events, missed_events, period_of
    from .rules import can_export, check_report, obsolete_explanations, unanswered_warnings

_MODULES: dict[str, tuple[str, ...]] = {
    "compile": ("start_report", "sum_reports"),
    "deadline": ("BOARD_STATUSES", "board_status", "days_left", "deadline_for"),
    "findings": ("MonthlyFinding", "finding_key"),
    "indicators": (
        "Indicator", "IndicatorFileError", "IndicatorSet", "Rate", "Rule", "Section", "Task", "load_indicators",
        "parse_indicators",
    ),
    "phone": ("is_valid_phone", "normalize_phone"),
    "rates": ("compute_rate", "compute_rates", "format_rate"),
    "report": ("HEADER_FIELDS", "MonthlyReport", "RosterCounts", "YearMonth", "char_count", "parse_number"),
    "rhythm": ("RHYTHM", "DueEvent", "Period", "RhythmEvent", "due_events", "missed_events", "period_of"),
    "rules": ("can_export", "check_report", "obsolete_explanations", "unanswered_warnings"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BOARD_STATUSES", "HEADER_FIELDS", "RHYTHM",
    "DueEvent", "Indicator", "Period", "IndicatorFileError", "IndicatorSet", "MonthlyFinding", "MonthlyReport", "Rate",
    "RhythmEvent", "RosterCounts", "Rule", "Section", "Task", "YearMonth",
    "board_status", "can_export", "char_count", "check_report", "compute_rate", "compute_rates", "days_left",
    "deadline_for", "due_events", "finding_key", "format_rate", "is_valid_phone", "load_indicators",
    "missed_events", "normalize_phone", "obsolete_explanations", "parse_indicators", "parse_number", "period_of",
    "start_report", "sum_reports", "unanswered_warnings",
]
