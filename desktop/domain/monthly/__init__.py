"""The monthly report (月报) of notice 川政公〔2021〕7号 四、（二）: indicators declared in
``resources/indicators.json``, checks, rates, a city's compilation of its counties, deadlines and
the 四个一 rhythm (五、（二））. Pure Python: no Qt, no SQL, no spreadsheet library."""

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

__all__ = [
    "BOARD_STATUSES", "HEADER_FIELDS", "RHYTHM",
    "DueEvent", "Indicator", "Period", "IndicatorFileError", "IndicatorSet", "MonthlyFinding", "MonthlyReport", "Rate",
    "RhythmEvent", "RosterCounts", "Rule", "Section", "Task", "YearMonth",
    "board_status", "can_export", "char_count", "check_report", "compute_rate", "compute_rates", "days_left",
    "deadline_for", "due_events", "finding_key", "format_rate", "is_valid_phone", "load_indicators",
    "missed_events", "normalize_phone", "obsolete_explanations", "parse_indicators", "parse_number", "period_of",
    "start_report", "sum_reports", "unanswered_warnings",
]
