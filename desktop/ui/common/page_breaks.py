"""The pages of a printed form, chosen here rather than by Qt's text layout.

The form is laid out once as one long page; a page then is a slice of it, cut only where nothing
is cut: above a line of text, or between two table rows. A table's header rows are drawn again at
the top of each page the table continues on, and a page inside a table ends under the bottom line
of its last row (Qt's own pagination leaves the table open at the foot, stretches the last row to
it and may split a two-line row over two pages). A block or a table cell whose first block has the
user state KEEP_STATE (HTML ``style="-qt-user-state: 1"``: a heading, a group row) stays on the
page of what follows it. Only a table row taller than a whole page is cut inside, between lines.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextTable, QTextTableCell

KEEP_STATE = 1  # the block user state that keeps a heading or a table row with what follows it


@dataclass(frozen=True)
class Cut:
    """A place a page may end and the next begin: its height in the long layout, the table it is
    inside of (whose header then repeats), and whether a page may end there."""

    y: float
    table: int | None = None
    allowed: bool = True


@dataclass(frozen=True)
class Page:
    """A slice ``top``–``bottom`` of the long layout, under a repeated table header (``header``)."""

    top: float
    bottom: float
    header: tuple[float, float] | None = None


class _Form:
    """Where the lines, rows and tables of a laid-out document are, and where it may be cut."""

    def __init__(self, doc: QTextDocument) -> None:
        self.doc = doc
        self.layout = doc.documentLayout()
        device = self.layout.paintDevice()
        self.px = (device.logicalDpiY() if device is not None else 96) / 96  # CSS px → layout units
        self.cuts: list[Cut] = []
        self.lines: list[tuple[float, float]] = []  # every line of text, (top, bottom)
        self.headers: list[tuple[float, float]] = []  # each table's header rows
        self.bodies: list[tuple[float, float]] = []  # each table's rows below its header
        keep = False
        seen: set[int] = set()
        block = doc.begin()
        while block.isValid():
            table = QTextCursor(block).currentTable()
            if table is None:
                keep = self._block(block, keep)
            elif table.firstPosition() not in seen:
                seen.add(table.firstPosition())
                keep = self._table(table, keep)
            block = block.next()
        self.cuts.sort(key=lambda c: c.y)
        self.lines.sort()

    def _lines_of(self, block: QTextBlock) -> list[tuple[float, float]]:
        """Top and bottom of each line a paragraph is laid out in, on the page."""
        text = block.layout()
        top = self.layout.blockBoundingRect(block).top() - text.boundingRect().top()
        return [(top + (line := text.lineAt(i)).y(), top + line.y() + line.height()) for i in range(text.lineCount())]

    def _block(self, block: QTextBlock, keep: bool) -> bool:
        for i, (y, bottom) in enumerate(self._lines_of(block)):
            self.cuts.append(Cut(y, allowed=not (keep and i == 0)))
            self.lines.append((y, bottom))
        if not block.text().strip() and block.userState() != KEEP_STATE:
            return keep  # an empty paragraph (Qt puts one after each table) changes nothing
        return block.userState() == KEEP_STATE

    def _cell_lines(self, cell: QTextTableCell) -> list[tuple[float, float]]:
        out = []
        block = cell.firstCursorPosition().block()
        last = cell.lastCursorPosition().block()
        while block.isValid():
            out += self._lines_of(block)
            if block == last:
                break
            block = block.next()
        return out

    def _row(self, table: QTextTable, row: int) -> tuple[float, list[tuple[float, float]], bool]:
        """The row's top edge (under the line above it: a page may end there with the row above
        closed), its lines, and whether it keeps with the next."""
        tops, lines, keep = [], [], False
        for col in range(table.columns()):
            cell = table.cellAt(row, col)
            if cell.row() != row or cell.column() != col:
                continue
            cell_lines = self._cell_lines(cell)
            fmt = cell.format().toTableCellFormat()
            padding = fmt.topPadding() if fmt.hasProperty(fmt.Property.TableCellTopPadding) \
                else table.format().cellPadding()
            if cell_lines:
                tops.append(cell_lines[0][0] - padding * self.px)
            lines += cell_lines
            keep = keep or cell.firstCursorPosition().block().userState() == KEEP_STATE
        return min(tops) if tops else 0.0, lines, keep

    def _table(self, table: QTextTable, keep: bool) -> bool:
        index = len(self.headers)
        frame = self.layout.frameBoundingRect(table)
        rows = [self._row(table, r) for r in range(table.rows())]
        header = min(table.format().headerRowCount(), table.rows() - 1)
        first_body = rows[header][0] if rows else frame.bottom()
        edge = (rows[0][0] if rows else frame.top()) - 1.5 * self.px  # above the table's top line (1px)
        self.headers.append((edge, first_body) if header > 0 else (edge, edge))
        self.bodies.append((first_body, frame.bottom()))
        self.cuts.append(Cut(edge, allowed=not keep))
        for r, (top, lines, _keep) in enumerate(rows):
            self.lines += lines
            if r > header:
                self.cuts.append(Cut(top, index, allowed=not rows[r - 1][2]))
        return bool(rows) and rows[-1][2]

    def table_at(self, y: float) -> int | None:
        """The table whose rows below its header run on past ``y``."""
        for index, (top, bottom) in enumerate(self.bodies):
            if top < y < bottom:
                return index
        return None

    def clear_of_lines(self, y: float, floor: float) -> float:
        """The nearest height at or above ``y`` (and above ``floor``) that cuts no line; ``y`` if none."""
        tops = [t for t, _b in self.lines]
        found = y
        moved = True
        while moved:
            moved = False
            for top, bottom in self.lines[:bisect_right(tops, found)]:
                if top < found < bottom and top > floor:
                    found, moved = top, True
        return found


def paginate(doc: QTextDocument, page_height: float) -> list[Page]:
    """The pages of ``doc`` (laid out as one long page) at most ``page_height`` high each."""
    form = _Form(doc)
    end = doc.size().height()
    pages: list[Page] = []
    top, header = 0.0, None
    ys = [c.y for c in form.cuts]
    while True:
        if header is not None and header[1] - header[0] > page_height / 2:
            header = None  # a header that leaves no room is not repeated
        room = page_height - (header[1] - header[0] if header else 0.0)
        if end - top <= room:
            pages.append(Page(top, end, header))
            return pages
        limit = top + room
        fit = [c for c in form.cuts[:bisect_right(ys, limit)] if c.y > top + 1 and c.allowed]
        if fit:
            cut = fit[-1]
        else:  # a row taller than the page: cut it between lines
            y = form.clear_of_lines(limit, top + 1)
            cut = Cut(y, form.table_at(y))
        pages.append(Page(top, cut.y, header))
        top = cut.y
        header = form.headers[cut.table] if cut.table is not None else None
        if header is not None and header[1] <= header[0]:
            header = None
