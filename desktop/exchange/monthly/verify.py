"""The read-back check of a written monthly report workbook: every cell the writer put is read
back from the file as written (texts as texts, numbers as numbers), and the file is imported as
another office would import it and compared with the report.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport
from desktop.exchange.errors import ImportFileError
from desktop.exchange.monthly.format import HEADER_LABELS, clean_cell_text, header_value, number_value
from desktop.exchange.monthly.reader import parse_workbook
from desktop.exchange.xlsx.cells import column_letter


def same_value(got: object, want: object) -> bool:
    """A cell read back is what was written: a text as that text, a number as that number."""
    if isinstance(want, str):
        return isinstance(got, str) and got == want
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and got == want
    return got is None


def check_written(path: Path, name: str, report: MonthlyReport, indicators: IndicatorSet,
                  explanations: dict[str, str], expected: dict[str, dict[tuple[int, int], Any]]) -> str | None:
    """Read the written file back; None when it matches, else what differs (for the message)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    try:
        for sheet, cells in expected.items():
            if sheet not in wb.sheetnames:
                return f"缺少工作表“{sheet}”"
            ws = wb[sheet]
            max_row = max((r for r, _c in cells), default=1)
            max_col = max((c for _r, c in cells), default=1)
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
                for c, cell in enumerate(row, start=1):
                    want = cells.get((r, c))
                    got = getattr(cell, "value", None)
                    if want is None:
                        continue
                    if not same_value(got, want) or (isinstance(want, str) and getattr(cell, "data_type", "s") != "s"):
                        return f"工作表“{sheet}”{column_letter(c)}{r} 单元格读出“{got}”"
        try:
            result = parse_workbook(wb, name, indicators)
        except ImportFileError as exc:
            return str(exc)
    finally:
        wb.close()
    if result.conflicts:
        return result.conflicts[0]
    got = result.report
    for attr, label in HEADER_LABELS.items():
        if header_value(got, attr) != header_value(report, attr):
            return f"{label}为“{header_value(got, attr)}”"
    for ind in indicators.indicators:
        if not same_value(got.values.get(ind.code), number_value(report.value(ind.code))):
            return f"{ind.label}为“{got.values.get(ind.code)}”"
    for section in indicators.sections:
        if got.text(section.code) != clean_cell_text(report.text(section.code)):
            return f"{section.title}的内容不一致"
    want_notes = {clean_cell_text(k): clean_cell_text(v) for k, v in explanations.items()}
    if got.explanations != want_notes:
        return "说明不一致"
    return None
