"""Reading the visible sheet of a monthly report workbook (月报) as a person sees it: the title, the
header block (填报单位：泸州市 in one cell, or the label and the value beside it), the indicator
table (rows matched by the labels of the indicator file, however typed) and the narrative sections
under their headings. The 说明 block is only counted: without the data sheet its rows cannot be
matched to the checks' warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.monthly.indicators import Indicator, IndicatorSet
from desktop.domain.monthly.report import YearMonth
from desktop.domain.names import clean_text, compact
from desktop.exchange.monthly.cell_reader import CellReader
from desktop.exchange.monthly.format import (
    HEADER_LABELS,
    NOTES_HEADERS,
    NOTES_HEADING,
    RATES_HEADING,
    TABLE_HEADERS,
    clean_cell_text,
    task_heading,
)
from desktop.exchange.xlsx.cells import cell_text

HEADER_SCAN_ROWS = 20  # the table's column headers must be within the first rows

_HEADER_LABEL = re.compile(
    r"^(" + "|".join(HEADER_LABELS.values()) + r")\s*(?:[（(][^）)]*[）)])?\s*[：:]?\s*(.*)$", re.S)
_TITLE = re.compile(r"^(.*?)(\d{4})年(\d{1,2})月.*(工作进展情况|月报)")
_LABEL_OF = {label: attr for attr, label in HEADER_LABELS.items()}
_KEY_FOLD = str.maketrans({"(": "（", ")": "）", "“": None, "”": None, '"': None, "'": None, "‘": None,
                           "’": None, ":": "：", ",": "，", ";": "；"})


@dataclass
class VisibleSheet:
    """What the visible sheet shows."""

    sheet: str
    header: dict[str, Any] = field(default_factory=dict)  # attr → found value (str / YearMonth / date | None)
    values: dict[str, int | float | None] = field(default_factory=dict)  # rows found
    texts: dict[str, str] = field(default_factory=dict)  # sections found
    unknown: list[str] = field(default_factory=list)  # labels not in the indicator file
    notes: int = 0  # rows of the 说明 block


def label_key(text: object) -> str:
    """A label as typed for matching: no spaces, brackets full-width, quotes dropped."""
    return compact(text).translate(_KEY_FOLD)


class Labels:
    """Texts of the indicator file, compacted, for finding rows and headings."""

    def __init__(self, indicators: IndicatorSet) -> None:
        self.indicators: dict[str, Indicator] = {}
        names: dict[str, list[Indicator]] = {}
        for ind in indicators.indicators:
            self.indicators[label_key(ind.label)] = ind
            names.setdefault(label_key(ind.name), []).append(ind)
        for key, inds in names.items():
            if len(inds) == 1 and key not in self.indicators:
                self.indicators[key] = inds[0]
        self.rates = {label_key(r.label) for r in indicators.rates}
        self.tasks = set()
        for i, task in enumerate(indicators.tasks, start=1):
            self.tasks |= {label_key(task.label), label_key(task_heading(i, task.label))}
        self.groups = {label_key(RATES_HEADING)}
        self.headings: dict[str, str | None] = {}  # top-level text → section code (None: a heading with parts)
        self.parts: dict[tuple[str, str], str] = {}  # (heading, part label) → code
        self.any_part: dict[str, list[str]] = {}
        for s in indicators.sections:
            if s.heading:
                self.headings.setdefault(label_key(s.heading), None)
                self.parts[(label_key(s.heading), label_key(s.label))] = s.code
                self.any_part.setdefault(label_key(s.label), []).append(s.code)
                self.headings[label_key(s.title)] = s.code
            else:
                self.headings[label_key(s.label)] = s.code
        self.notes = label_key(NOTES_HEADING)


def _first_text(row: tuple) -> tuple[int, object]:
    for i, value in enumerate(row):
        if value is not None and cell_text(value).strip():
            return i, value
    return -1, None


def _find_table(row: tuple) -> tuple[int, int] | None:
    """(指标 column, 本月 column) when ``row`` is the table's header row."""
    texts = {label_key(cell_text(v)): i for i, v in reversed(list(enumerate(row))) if v is not None}
    label = texts.get(label_key(TABLE_HEADERS[0]))
    value = texts.get(label_key(TABLE_HEADERS[2]))
    if label is None or value is None or value <= label:
        return None
    return label, value


def _read_top(rows: list[tuple[int, tuple]], reader: CellReader, visible: VisibleSheet) -> None:
    """Title and header block: 填报单位：泸州市 in one cell, or the label and the value beside it."""
    title: tuple[int, int, str] | None = None
    for r, row in rows:
        for i, value in enumerate(row):
            text = clean_text(cell_text(value))
            if not text:
                continue
            flat = label_key(text)
            if title is None and _TITLE.match(flat) and "工作进展情况" in flat:
                title = (r, i + 1, flat)
                continue
            m = _HEADER_LABEL.match(text)
            if not m:
                continue
            attr = _LABEL_OF[m.group(1)]
            raw: object = m.group(2).strip()
            col = i + 1
            if raw == "":
                raw = None
                for j in range(i + 1, len(row)):
                    other = clean_text(cell_text(row[j]))
                    if other:
                        if not _HEADER_LABEL.match(other):
                            raw, col = row[j], j + 1
                        break
            if attr in visible.header:
                continue
            if attr == "month":
                visible.header[attr] = reader.month(raw, r, col, "报告月份") if raw not in (None, "") else None
            elif attr == "filled_on":
                visible.header[attr] = reader.day(raw, r, col)
            else:
                visible.header[attr] = "" if raw is None else clean_text(cell_text(raw))
    if title is not None:
        r, c, flat = title
        m = _TITLE.match(flat)
        assert m is not None
        if not visible.header.get("region") and m.group(1):
            visible.header["region"] = m.group(1)
        if visible.header.get("month") is None:
            try:
                visible.header["month"] = YearMonth(int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise reader.fail(r, c, f"的标题中的月份“{m.group(2)}年{m.group(3)}月”不正确，"
                                        f"请改正后再导入") from None


def read_visible(ws: Any, reader: CellReader, labels: Labels, cap: int) -> VisibleSheet | None:
    """The report as the sheet ``ws`` shows it (at most ``cap`` rows read); None when the sheet has
    no indicator table near its top. Raises ImportFileError on a cell that cannot be read."""
    visible = VisibleSheet(ws.title)
    rows = reader.rows(ws, cap)
    top: list[tuple[int, tuple]] = []
    table: tuple[int, int] | None = None
    for r, row in rows:
        table = _find_table(row)
        if table is not None:
            break
        top.append((r, row))
        if len(top) >= HEADER_SCAN_ROWS:
            return None
    if table is None:
        return None
    _read_top(top, reader, visible)
    label_col, value_col = table
    phase = "table"
    heading: str | None = None
    current: str | None = None
    parts: dict[str, list[str]] = {}
    for r, row in rows:
        i, first = _first_text(row)
        if first is None:
            continue
        text = cell_text(first)
        key = label_key(text)
        if phase == "table":
            if key in labels.headings or key == labels.notes:
                phase = "text"
            else:
                raw_label = row[label_col] if label_col < len(row) else None
                label = label_key(cell_text(raw_label))
                if not label or label in labels.tasks or label in labels.groups or _find_table(row):
                    continue  # a group heading, or the column headers repeated on a new page
                if label_key(cell_text(raw_label).split("\n")[0]) in labels.rates:
                    continue
                ind = labels.indicators.get(label)
                if ind is None:
                    visible.unknown.append(clean_text(cell_text(raw_label)))
                    continue
                if ind.code in visible.values:
                    continue
                raw = row[value_col] if value_col < len(row) else None
                visible.values[ind.code] = reader.number(raw, ind, r, value_col + 1, "，本月")
                continue
        if phase == "notes":
            if key not in (label_key(NOTES_HEADERS[0]),):
                visible.notes += 1
            continue
        if key == labels.notes:
            phase = "notes"
            continue
        if key in labels.headings:
            code = labels.headings[key]
            if code is None:
                heading, current = key, None
            else:
                heading, current = None, code
                parts.setdefault(code, [])
            continue
        part = labels.parts.get((heading, key)) if heading else None
        if part is None and heading is not None and len(labels.any_part.get(key, [])) == 1:
            part = labels.any_part[key][0]
        if part is not None:
            current = part
            parts.setdefault(part, [])
            continue
        if current is not None:
            parts[current].append(text if isinstance(first, str) else cell_text(first))
    for code, pieces in parts.items():
        visible.texts[code] = clean_cell_text("\n".join(pieces))
    return visible
