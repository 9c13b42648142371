"""Read a monthly report workbook (月报) — a county's export, read by its city.

Two sources in one file, both written by desktop/exchange/monthly_export.py:

* the hidden sheet ``_数据`` (code, value rows): exact figures and texts, the warnings' 说明 by key;
* the visible sheet 月报: the title, the header block, the indicator table (matched by the labels
  of the indicator file) and the narrative sections under their headings.

The data sheet is read first. The visible sheet is read too and wins where the two differ (someone
corrected a figure in Excel after the export: the printed, signed-off page is what the sender
means); each difference is reported. Without a data sheet the visible layout alone is read.
Anything that is not a monthly report is refused with an ImportFileError whose Chinese message
names the file (and sheet and cell) and says what to do.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

from ..domain.dates import format_cn, parse_date
from ..domain.monthly.indicators import Indicator, IndicatorSet
from ..domain.monthly.report import MonthlyReport, YearMonth, parse_number
from ..domain.names import clean_text, compact
from . import monthly_export as mx
from .errors import ImportFileError
from .sheet_text import cell_text as _cell_text
from .xlsx_open import MAX_WORKBOOK_BYTES, Expected, refuse_non_xlsx, unreadable
from .xlsx_scan import scan_workbook

MAX_ROWS = 5_000  # rows read on the visible sheet: a report has about 100
MAX_DATA_ROWS = 20_000  # rows read on the _数据 sheet
MAX_COLS = 40  # columns read per row
HEADER_SCAN_ROWS = 20  # the table's column headers must be within the first rows
MAX_FILE_BYTES = MAX_WORKBOOK_BYTES
MAX_SECONDS = 30.0  # per sheet: openpyxl parses every cell of a row, however wide
SNIFF_BYTES = 256 * 1024
MAX_CONFLICTS_LISTED = 20

SOURCE_DATA = "data"  # the program's _数据 sheet (checked against the visible sheet)
SOURCE_LAYOUT = "layout"  # the visible sheet only

CHOOSE = "请确认选择的是本程序导出的月报文件（如“泸州市2021年4月镇村便民服务“三化”试点工作进展情况.xlsx”）"

_HEADER_LABEL = re.compile(
    r"^(" + "|".join(mx.HEADER_LABELS.values()) + r")\s*(?:[（(][^）)]*[）)])?\s*[：:]?\s*(.*)$", re.S)
_TITLE = re.compile(r"^(.*?)(\d{4})年(\d{1,2})月.*(工作进展情况|月报)")
_LABEL_OF = {label: attr for attr, label in mx.HEADER_LABELS.items()}


@dataclass
class MonthlyImport:
    """One monthly report read from a file."""

    report: MonthlyReport
    sha256: str  # of the file's bytes, to recognise the same file imported twice
    file_name: str
    messages: list[str] = field(default_factory=list)  # what was noticed, for the import summary
    source: str = SOURCE_DATA  # SOURCE_DATA or SOURCE_LAYOUT


@dataclass
class ParsedWorkbook:
    report: MonthlyReport
    source: str
    messages: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # visible sheet and data sheet disagree


@dataclass
class _Data:
    version: int
    header: dict[str, Any] = field(default_factory=dict)  # attr → str / YearMonth / date | None
    values: dict[str, int | float | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


@dataclass
class _Visible:
    sheet: str
    header: dict[str, Any] = field(default_factory=dict)  # attr → found value (str / YearMonth / date | None)
    values: dict[str, int | float | None] = field(default_factory=dict)  # rows found
    texts: dict[str, str] = field(default_factory=dict)  # sections found
    unknown: list[str] = field(default_factory=list)  # labels not in the indicator file
    notes: int = 0  # rows of the 说明 block


# -- cells -------------------------------------------------------------------------------------------
def _coord(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


class _Reader:
    """Where we are (file, sheet) for the messages, and the row and time caps."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet = ""

    def fail(self, row: int | None, col: int | None, what: str) -> ImportFileError:
        cell = f" {_coord(row, col)} 单元格" if row is not None and col is not None else ""
        return ImportFileError(f"文件“{self.file}”的工作表“{self.sheet}”{cell}{what}", sheet=self.sheet)

    def rows(self, ws: Any, cap: int, max_col: int = MAX_COLS) -> Any:
        self.sheet = ws.title
        try:
            ws.reset_dimensions()  # WPS declares wrong dimensions; read what is really there
        except AttributeError:
            pass
        deadline = time.monotonic() + MAX_SECONDS
        for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
            if number > cap:
                raise self.fail(None, None, f"超过 {cap} 行，已停止读取。月报不会有这么多行，请删去多余的行后再导入")
            if time.monotonic() > deadline:
                raise self.fail(None, None, f"内容过多（读到第 {number} 行已超过 {MAX_SECONDS:.0f} 秒），已停止读取。"
                                            f"请删去多余的行和列后再导入")
            yield number, tuple(row)

    def number(self, raw: object, ind: Indicator, row: int, col: int, what: str) -> int | float | None:
        """A cell → figure; ImportFileError naming the cell when it is not a number."""
        if raw is None:
            return None
        bad = f"（{ind.label}{what}）“{_cell_text(raw)}”不是数字，请改正为数字（没有的填 0）后再导入"
        if isinstance(raw, bool) or isinstance(raw, (datetime, date, dtime)):
            raise self.fail(row, col, bad)
        if isinstance(raw, (int, float)):
            if isinstance(raw, float) and not math.isfinite(raw):
                raise self.fail(row, col, bad)
            if isinstance(raw, float) and ind.is_integer and raw.is_integer():
                return int(raw)
            return raw
        try:
            value = parse_number(str(raw))
        except ValueError:
            raise self.fail(row, col, bad) from None
        if isinstance(value, float) and ind.is_integer and value.is_integer():
            return int(value)
        return value

    def month(self, raw: object, row: int, col: int, label: str) -> YearMonth:
        if isinstance(raw, (datetime, date)):
            return YearMonth(raw.year, raw.month)
        try:
            return YearMonth.parse(_cell_text(raw))
        except ValueError:
            raise self.fail(row, col, f"的{label}“{_cell_text(raw)}”无法识别，应如“2021年4月”，请改正后再导入") from None

    def day(self, raw: object, row: int, col: int) -> date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, (datetime, date)):
            return raw.date() if isinstance(raw, datetime) else raw
        parsed = parse_date(clean_text(_cell_text(raw)))
        if parsed is None:
            raise self.fail(row, col, f"的填报日期“{_cell_text(raw)}”无法识别，应如“2021年4月23日”，请改正后再导入")
        return parsed


# -- the hidden _数据 sheet -----------------------------------------------------------------------------
def _read_data(ws: Any, reader: _Reader, indicators: IndicatorSet) -> _Data | None:
    codes = {ind.code: ind for ind in indicators.indicators}
    sections = {s.code for s in indicators.sections}
    data: _Data | None = None
    for r, row in reader.rows(ws, MAX_DATA_ROWS, max_col=3):
        kind, code, value = (tuple(row) + (None, None, None))[:3]
        kind, code = clean_text(_cell_text(kind)), clean_text(_cell_text(code))
        if r == 1 or not kind:
            continue
        if data is None:
            if kind != mx.DATA_KIND_FORMAT or code != mx.DATA_FORMAT:
                return None  # a sheet of this name that the program did not write
            try:
                version = int(str(value).strip())
            except ValueError:
                raise reader.fail(r, 3, f"的格式版本“{_cell_text(value)}”无法识别，文件已损坏，请向报送单位重新索取") from None
            if version > mx.DATA_VERSION:
                raise reader.fail(r, 3, f"：该文件由较新版本的程序导出（格式版本 {version}），"
                                        f"请升级本程序后再导入")
            data = _Data(version)
            continue
        if kind == mx.DATA_KIND_HEADER:
            if code == "month":
                data.header[code] = reader.month(value, r, 3, "报告月份")
            elif code == "filled_on":
                data.header[code] = reader.day(value, r, 3)
            elif code in mx.DATA_HEADER_FIELDS:
                data.header[code] = "" if value is None else str(value)
        elif kind == mx.DATA_KIND_VALUE:
            if code in codes:
                data.values[code] = reader.number(value, codes[code], r, 3, "")
            else:
                data.unknown.append(code)
        elif kind == mx.DATA_KIND_TEXT:
            if code in sections:
                data.texts[code] = "" if value is None else mx.clean_cell_text(value)
            else:
                data.unknown.append(code)
        elif kind == mx.DATA_KIND_EXPLANATION and code:
            text = "" if value is None else mx.clean_cell_text(value)
            if text.strip():
                data.explanations[code] = text
    if data is not None and "month" not in data.header:
        raise reader.fail(None, None, "缺少报告月份，文件已损坏，请向报送单位重新索取")
    return data


# -- the visible sheet ----------------------------------------------------------------------------------
_KEY_FOLD = str.maketrans({"(": "（", ")": "）", "“": None, "”": None, '"': None, "'": None, "‘": None,
                           "’": None, ":": "：", ",": "，", ";": "；"})


def _key(text: object) -> str:
    """A label as typed for matching: no spaces, brackets full-width, quotes dropped."""
    return compact(text).translate(_KEY_FOLD)


class _Labels:
    """Texts of the indicator file, compacted, for finding rows and headings."""

    def __init__(self, indicators: IndicatorSet) -> None:
        self.indicators: dict[str, Indicator] = {}
        names: dict[str, list[Indicator]] = {}
        for ind in indicators.indicators:
            self.indicators[_key(ind.label)] = ind
            names.setdefault(_key(ind.name), []).append(ind)
        for key, inds in names.items():
            if len(inds) == 1 and key not in self.indicators:
                self.indicators[key] = inds[0]
        self.rates = {_key(r.label) for r in indicators.rates}
        self.tasks = set()
        for i, task in enumerate(indicators.tasks, start=1):
            self.tasks |= {_key(task.label), _key(mx.task_heading(i, task.label))}
        self.groups = {_key(mx.RATES_HEADING)}
        self.headings: dict[str, str | None] = {}  # top-level text → section code (None: a heading with parts)
        self.parts: dict[tuple[str, str], str] = {}  # (heading, part label) → code
        self.any_part: dict[str, list[str]] = {}
        for s in indicators.sections:
            if s.heading:
                self.headings.setdefault(_key(s.heading), None)
                self.parts[(_key(s.heading), _key(s.label))] = s.code
                self.any_part.setdefault(_key(s.label), []).append(s.code)
                self.headings[_key(s.title)] = s.code
            else:
                self.headings[_key(s.label)] = s.code
        self.notes = _key(mx.NOTES_HEADING)


def _first_text(row: tuple) -> tuple[int, object]:
    for i, value in enumerate(row):
        if value is not None and _cell_text(value).strip():
            return i, value
    return -1, None


def _find_table(row: tuple) -> tuple[int, int] | None:
    """(指标 column, 本月 column) when ``row`` is the table's header row."""
    texts = {_key(_cell_text(v)): i for i, v in reversed(list(enumerate(row))) if v is not None}
    label = texts.get(_key(mx.TABLE_HEADERS[0]))
    value = texts.get(_key(mx.TABLE_HEADERS[2]))
    if label is None or value is None or value <= label:
        return None
    return label, value


def _read_top(rows: list[tuple[int, tuple]], reader: _Reader, visible: _Visible) -> None:
    """Title and header block: 填报单位：泸州市 in one cell, or the label and the value beside it."""
    title: tuple[int, int, str] | None = None
    for r, row in rows:
        for i, value in enumerate(row):
            text = clean_text(_cell_text(value))
            if not text:
                continue
            flat = _key(text)
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
                    other = clean_text(_cell_text(row[j]))
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
                visible.header[attr] = "" if raw is None else clean_text(_cell_text(raw))
    if title is not None:
        r, c, flat = title
        m = _TITLE.match(flat)
        assert m is not None
        if not visible.header.get("unit") and m.group(1):
            visible.header["unit"] = m.group(1)
        if visible.header.get("month") is None:
            try:
                visible.header["month"] = YearMonth(int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise reader.fail(r, c, f"的标题中的月份“{m.group(2)}年{m.group(3)}月”不正确，"
                                        f"请改正后再导入") from None


def _read_visible(ws: Any, reader: _Reader, indicators: IndicatorSet, labels: _Labels) -> _Visible | None:
    visible = _Visible(ws.title)
    rows = reader.rows(ws, MAX_ROWS)
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
        text = _cell_text(first)
        key = _key(text)
        if phase == "table":
            if key in labels.headings or key == labels.notes:
                phase = "text"
            else:
                raw_label = row[label_col] if label_col < len(row) else None
                label = _key(_cell_text(raw_label))
                if not label or label in labels.tasks or label in labels.groups or _find_table(row):
                    continue  # a group heading, or the column headers repeated on a new page
                if _key(_cell_text(raw_label).split("\n")[0]) in labels.rates:
                    continue
                ind = labels.indicators.get(label)
                if ind is None:
                    visible.unknown.append(clean_text(_cell_text(raw_label)))
                    continue
                if ind.code in visible.values:
                    continue
                raw = row[value_col] if value_col < len(row) else None
                visible.values[ind.code] = reader.number(raw, ind, r, value_col + 1, "，本月")
                continue
        if phase == "notes":
            if key not in (_key(mx.NOTES_HEADERS[0]),):
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
            parts[current].append(text if isinstance(first, str) else _cell_text(first))
    for code, pieces in parts.items():
        visible.texts[code] = mx.clean_cell_text("\n".join(pieces))
    return visible


# -- both together -------------------------------------------------------------------------------------
def _show(value: object) -> str:
    if isinstance(value, YearMonth):
        return value.label
    if isinstance(value, date):
        return format_cn(value)
    if value is None or value == "":
        return "（空）"
    return str(value)


def _same_number(a: int | float | None, b: int | float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _same_header(attr: str, a: object, b: object) -> bool:
    if attr in ("month", "filled_on"):
        return a == b
    return compact(_cell_text(a)) == compact(_cell_text(b))


def parse_workbook(wb: Any, file_name: str, indicators: IndicatorSet, reader: _Reader | None = None) -> ParsedWorkbook:
    """The report in an opened workbook (openpyxl, read-only is fine). Raises ImportFileError."""
    reader = reader or _Reader(file_name)
    labels = _Labels(indicators)
    names = list(wb.sheetnames)
    data = _read_data(wb[mx.SHEET_DATA], reader, indicators) if mx.SHEET_DATA in names else None
    visible: _Visible | None = None
    order = [n for n in names if n == mx.SHEET_REPORT] + [
        n for n in names if n not in (mx.SHEET_REPORT, mx.SHEET_DATA, mx.SHEET_BREAKDOWN)]
    for name in order:
        visible = _read_visible(wb[name], reader, indicators, labels)
        if visible is not None:
            break
    if data is None and visible is None:
        listed = "、".join(f"“{n}”" for n in names) or "（没有工作表）"
        raise ImportFileError(
            f"文件“{file_name}”不是月报（已查看工作表：{listed}）：没有找到“……试点工作进展情况”标题和"
            f"“{'、'.join(mx.TABLE_HEADERS[:3])}”表头。{CHOOSE}")

    messages: list[str] = []
    conflicts: list[str] = []
    header: dict[str, Any] = {}
    values: dict[str, int | float | None] = {code: None for code in indicators.codes}
    texts: dict[str, str] = {}
    explanations: dict[str, str] = {}
    where = f"“{file_name}”"
    if data is not None:
        header.update(data.header)
        values.update(data.values)
        texts.update(data.texts)
        explanations.update(data.explanations)
        if data.unknown:
            messages.append(f"{where}中有 {len(data.unknown)} 项不在本程序的指标文件中，未导入："
                            f"{'、'.join(data.unknown[:10])}{'等' if len(data.unknown) > 10 else ''}")
        source = SOURCE_DATA
        if visible is None:
            messages.append(f"{where}的月报表格版式已被改动、无法识别，已按程序写入的数据页导入，请核对")
        else:
            def differ(what: str, shown: object, stored: object) -> None:
                conflicts.append(f"{where}：{what}在表格中为“{_show(shown)}”，程序数据页中为“{_show(stored)}”"
                                 f"（可能导出后在 Excel 或 WPS 中改过），已按表格中显示的内容导入，请核对")

            for attr, shown in visible.header.items():
                stored = data.header.get(attr)
                if (attr == "month" and shown is None) or _same_header(attr, shown, stored):
                    continue
                differ(mx.HEADER_LABELS[attr], shown, stored)
                header[attr] = shown
            for code, shown_value in visible.values.items():
                if not _same_number(shown_value, data.values.get(code)):
                    ind = indicators.indicator(code)
                    differ(ind.label, ind.format(shown_value), ind.format(data.values.get(code)))
                    values[code] = shown_value
            for code, shown_text in visible.texts.items():
                if compact(shown_text) != compact(data.texts.get(code, "")):
                    differ(indicators.section(code).title, shown_text[:30] + ("…" if len(shown_text) > 30 else ""),
                           data.texts.get(code, "")[:30])
                    texts[code] = shown_text
    else:
        assert visible is not None
        source = SOURCE_LAYOUT
        header.update(visible.header)
        values.update(visible.values)
        texts.update(visible.texts)
        messages.append(f"{where}中没有本程序写入的数据页，已按工作表“{visible.sheet}”中的表格内容读取，请核对")
        missing = [ind.label for ind in indicators.indicators if ind.code not in visible.values]
        if missing:
            messages.append(f"{where}的表格中没有这些指标，导入后为空：{'、'.join(missing[:10])}"
                            f"{'等' if len(missing) > 10 else ''}")
        if visible.notes:
            messages.append(f"{where}中的 {visible.notes} 条说明无法与校验提示对应，未导入；请导入后按提示重新填写说明")
    if visible is not None and visible.unknown:
        messages.append(f"{where}的表格中有 {len(visible.unknown)} 行指标不在本年度指标文件中，未导入："
                        f"{'、'.join(visible.unknown[:10])}{'等' if len(visible.unknown) > 10 else ''}")
    if len(conflicts) > MAX_CONFLICTS_LISTED:
        extra = len(conflicts) - MAX_CONFLICTS_LISTED
        conflicts = conflicts[:MAX_CONFLICTS_LISTED] + [f"{where}：另有 {extra} 处不一致，均已按表格中显示的内容导入"]

    month = header.get("month")
    if not isinstance(month, YearMonth):
        sheet = visible.sheet if visible is not None else mx.SHEET_DATA
        raise ImportFileError(f"文件“{file_name}”的工作表“{sheet}”中没有报告月份（应如“报告月份：2021年4月”），"
                              f"请补上后再导入", sheet=sheet)
    unit = str(header.get("unit") or "")
    if not unit.strip():
        messages.append(f"{where}中没有填报单位，请导入后核对")
    filled = header.get("filled_on")
    report = MonthlyReport(
        unit=unit,
        month=month,
        reporter=str(header.get("reporter") or ""),
        phone=str(header.get("phone") or ""),
        reviewer=str(header.get("reviewer") or ""),
        filled_on=filled if isinstance(filled, date) else None,
        values=values,
        texts={code: text for code, text in texts.items() if text},
        explanations=explanations,
    )
    return ParsedWorkbook(report, source, messages, conflicts)


# -- files -----------------------------------------------------------------------------------------------
EXPECTED = Expected(noun="月报文件", what="月报", choose=CHOOSE, too_big=CHOOSE, empty="请向报送单位重新索取")


def read_monthly_workbook(path: Path, indicators: IndicatorSet) -> MonthlyImport:
    """Read one monthly report workbook; raises ImportFileError (Chinese, naming the file) on a bad file.

    ``messages`` of the result say what was noticed: a figure changed in Excel after the export
    (the visible value is taken), labels not in this year's indicator file, a file without the
    data sheet (read from the visible layout; its 说明 cannot be matched to warnings).
    """
    from openpyxl import load_workbook

    path = Path(path)
    refuse_non_xlsx(path, EXPECTED)
    scan_workbook(path)  # zip bombs, XML entities: refused before openpyxl parses anything
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件“{path.name}”（{exc.strerror or exc}）。如果它正在 Excel 或 WPS 中"
                              f"打开，请关闭后重试", path) from exc
    digest = hashlib.sha256(content).hexdigest()
    reader = _Reader(path.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                parsed = parse_workbook(wb, path.name, indicators, reader)
            finally:
                wb.close()
    except ImportFileError as exc:
        exc.path = path
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise unreadable(path, reader.sheet, exc) from exc
    return MonthlyImport(parsed.report, digest, path.name, parsed.messages + parsed.conflicts, parsed.source)


def is_monthly_workbook(path: Path) -> bool:
    """A cheap look (no openpyxl) whether ``path`` is a monthly report rather than a roster.

    True for a workbook with the program's _数据 sheet or whose first sheet holds the title
    “…工作进展情况” and the column 本月; for a file that cannot be opened as a zip the name
    decides (月报 / 工作进展情况), so its error message comes from the monthly import.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return False
            with zf.open("xl/workbook.xml") as fh:
                book = fh.read(SNIFF_BYTES).decode("utf-8", "replace")
            if f'"{mx.SHEET_DATA}"' in book:
                return True
            text = ""
            for part in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                if part in names:
                    with zf.open(part) as fh:
                        text += fh.read(SNIFF_BYTES).decode("utf-8", "replace")
            return "工作进展情况" in text and mx.TABLE_HEADERS[2] in text
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        name = path.name
        return "月报" in name or "工作进展情况" in name
