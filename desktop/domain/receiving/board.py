"""The 收件情况 board: each subordinate unit × each due item → 已收 / 未收 / 逾期 / 收到后对方又更新,
with what came (file, e-mail, date, SHA-256) and the 催报 sent; and the 催报 of one unit (what is
missing, by when), its e-mail's subject and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop.domain.dates import format_cn, format_moment
from desktop.domain.names import compact
from desktop.domain.places.subordinates import Subordinate
from desktop.domain.receiving.due import DueItem
from desktop.domain.receiving.receipts import Receipt

RECEIVED, NOT_RECEIVED, OVERDUE, UPDATED = "已收", "未收", "逾期", "收到后对方又更新"
STATUSES: tuple[str, ...] = (RECEIVED, UPDATED, NOT_RECEIVED, OVERDUE)
SHORT = {RECEIVED: "已收", UPDATED: "又更新", NOT_RECEIVED: "未收", OVERDUE: "逾期"}
REMIND_AHEAD = timedelta(days=7)  # a 催报 names what is late and what falls due within a week


@dataclass(frozen=True)
class Reminder:
    """A 催报 written: when, to which unit and address, naming which items (their keys)."""

    at: str  # ISO seconds
    region: str
    code: str
    address: str
    items: tuple[str, ...]
    file: str = ""
    user: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Cell:
    unit: Subordinate
    item: DueItem
    status: str
    receipts: tuple[Receipt, ...] = ()  # oldest first
    reminders: tuple[Reminder, ...] = ()  # those that named this item

    @property
    def shown(self) -> Receipt:
        """The receipt a cell names: the first (已收: when it came), the last (又更新: the newest version)."""
        return self.receipts[-1] if self.status == UPDATED else self.receipts[0]

    @property
    def missing(self) -> bool:
        return self.status in (NOT_RECEIVED, OVERDUE)

    def text(self) -> str:
        """The cell: 已收 4月19日 / 又更新 5月19日 (when the last came) / 未收 / 逾期, and ·已催报 when a 催报
        named it."""
        if self.receipts:
            day = _day(self.shown.when)
            return SHORT[self.status] + (f" {day.month}月{day.day}日" if day else "")
        return SHORT[self.status] + ("·已催报" if self.reminders else "")

    def summary(self, today: date, *, unit: bool = True) -> str:
        """One line: 合江县 2021年4月月报：已收（2021年4月19日，文件“…”） (without the unit's name: ``unit``)."""
        head = (f"{self.unit.name} " if unit else "") + f"{self.item.label}：{self.status}"
        if self.receipts:
            shown = self.shown
            day = format_moment(shown.when) if shown.when else ""
            late = _late_days(self.receipts[0], self.item.deadline)  # the first came late
            first = "首次收到" if len(self.receipts) > 1 else ""
            return f"{head}（{day}，{shown.source_text()}" + (f"，{first}晚于截止日期 {late} 天" if late > 0 else "") + "）"
        days = (today - self.item.deadline).days
        if self.status == OVERDUE:
            return f"{head}（截止 {format_cn(self.item.deadline)}，已逾期 {days} 天）"
        return f"{head}（截止 {format_cn(self.item.deadline)}）"

    def detail(self, today: date) -> list[str]:
        """What came and from where, every receipt; the 催报 sent."""
        lines = [self.summary(today), f"截止日期：{format_cn(self.item.deadline)}"]
        if self.status == UPDATED:
            lines.append("收到后对方又发来不同的版本：以最后收到的为准，如已汇总请重新汇总")
        lines += [f"{i}. {r.line()}" for i, r in enumerate(self.receipts, 1)]
        if not self.receipts:
            lines.append("还没有收到：导入对方发来的邮件（.eml）、交换包或工作簿后这里会显示")
        lines += [f"已催报：{format_moment(r.at)}，发往 {r.address or '（未填地址）'}" for r in self.reminders]
        return lines


def _day(moment: str) -> date | None:
    try:
        return datetime.fromisoformat(moment).date() if moment else None
    except ValueError:
        return None


def _late_days(receipt: Receipt, deadline: date) -> int:
    """How many days after the deadline it was sent (the e-mail's date) or else imported."""
    day = _day(receipt.when)
    return (day - deadline).days if day is not None else 0


def cell_status(item: DueItem, receipts: list[Receipt], today: date) -> str:
    """已收; 收到后对方又更新 when a later receipt of the same part (the same list of the rosters)
    differs from the first; 逾期 after the deadline with nothing received; else 未收."""
    if receipts:
        parts: dict[str, set[str]] = {}
        for r in receipts:
            parts.setdefault(r.part, set()).add(r.content)
        return UPDATED if any(len(contents) > 1 for contents in parts.values()) else RECEIVED
    return OVERDUE if today > item.deadline else NOT_RECEIVED


def belongs(receipt: Receipt | Reminder, unit: Subordinate) -> bool:
    return (bool(receipt.code) and receipt.code == unit.code) or compact(receipt.region) == unit.name


@dataclass
class Board:
    units: list[Subordinate]
    items: list[DueItem]
    today: date
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (unit code, item key) → cell

    def cell(self, unit: Subordinate, item: DueItem) -> Cell:
        return self.cells[(unit.code, item.key)]

    def row(self, unit: Subordinate) -> list[Cell]:
        return [self.cell(unit, item) for item in self.items]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for cell in self.cells.values():
            out[cell.status] += 1
        return out

    def to_remind(self, unit: Subordinate) -> list[Cell]:
        """What a 催报 to ``unit`` names: items not received that are late or fall due within a week."""
        return [c for c in self.row(unit) if c.missing and c.item.deadline <= self.today + REMIND_AHEAD]

    def units_to_remind(self) -> list[Subordinate]:
        return [u for u in self.units if self.to_remind(u)]


def build_board(units: list[Subordinate], items: list[DueItem], receipts: list[Receipt],
                reminders: list[Reminder], today: date) -> Board:
    board = Board(units, items, today)
    for unit in units:
        mine = sorted((r for r in receipts if belongs(r, unit)), key=lambda r: (r.received_at, r.id or 0))
        told = [r for r in reminders if belongs(r, unit)]
        for item in items:
            got = [r for r in mine if r.item == item.key]
            board.cells[(unit.code, item.key)] = Cell(unit, item, cell_status(item, got, today), tuple(got),
                                                      tuple(r for r in told if item.key in r.items))
    return board


# -- the 催报 e-mail -----------------------------------------------------------------------------------
def reminder_subject(upper: str, unit: Subordinate, cells: list[Cell]) -> str:
    """泸州市政务服务管理局催报：请合江县报送2021年4月月报等 2 项材料"""
    first = cells[0].item.label
    more = f"等 {len(cells)} 项材料" if len(cells) > 1 else ""
    return f"{upper or '上级单位'}催报：请{unit.name}报送{first}{more}"


def reminder_text(upper: str, unit: Subordinate, cells: list[Cell], today: date) -> str:
    """The 催报's text: what is missing, each with its deadline (and how late), and how to send it."""
    lines = [f"{unit.name}：", "", f"截至{format_cn(today)}，我单位尚未收到贵单位报送的以下材料："]
    for i, cell in enumerate(cells, 1):
        days = (today - cell.item.deadline).days
        late = f"，已逾期 {days} 天" if days > 0 else ("，今天截止" if days == 0 else "")
        lines.append(f"{i}. {cell.item.label}（截止 {format_cn(cell.item.deadline)}{late}）")
    lines += ["", "请尽快报送。用“镇村便民服务试点填报”软件的“文件 → 报送…”可一次导出文件并写好邮件；"
              "如已报送，请忽略本邮件。", "", upper, format_cn(today)]
    return "\n".join(lines) + "\n"
