"""收件情况 and 催报 of an upper unit, run alike by the window and ``python -m desktop receiving``: the
board of its subordinate units against what is due; what an import received (kept after the import);
each unit's e-mail address (typed, or learned from its e-mails); the 催报 drafts (.eml, X-Unsent),
recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import (
    NothingToDo,
    ServiceError,
    ensure_writable,
    files_in,
    finish_or_remove,
    writing_into,
)

if TYPE_CHECKING:
    from desktop.domain.model import ReportingUnit
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.domain.places.subordinates import Subordinate
    from desktop.domain.places.units import Role
    from desktop.domain.receiving.board import Board, Cell
    from desktop.domain.receiving.receipts import Receipt
    from desktop.services.importing import Reading
    from desktop.store.database import Store


@dataclass
class Receiving:
    unit: ReportingUnit
    role: Role
    word: str  # what the subordinates are: 县（市、区）
    year: int
    board: Board
    contacts: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (address, learned from)

    def address(self, sub: Subordinate) -> str:
        return self.contacts.get(sub.code, ("", ""))[0]

    def address_source(self, sub: Subordinate) -> str:
        """'' (typed), else the e-mail the address was learned from."""
        return self.contacts.get(sub.code, ("", ""))[1]

    def find(self, name: str) -> Subordinate:
        """A subordinate unit by name or code; ServiceError naming the units there are."""
        from desktop.domain.names import compact

        key = compact(name)
        for sub in self.board.units:
            if key in (sub.name, sub.code):
                return sub
        names = "、".join(s.name for s in self.board.units[:30])
        raise ServiceError(f"“{name}”不是本单位下属的{self.word}，请写其中之一：{names}")


def no_subordinates(unit: ReportingUnit) -> str:
    """Why a unit has no board: no unit set, a town, a county that takes no township packages yet."""
    from desktop.domain.places.units import Role, role_of

    role = role_of(unit)
    if role is Role.NONE:
        return "尚未设置填报单位：收件情况按本单位的下级单位列出，请先在“设置 → 填报单位”中填写（市、州或省）"
    if role is Role.TOWN:
        return f"{unit.display}是乡镇（街道），没有下级单位报送材料，收件情况只对县、市（州）和省有用"
    return (f"{unit.display}还没有乡镇（街道）的交换包或名单：县的收件情况列出报送交换包的乡镇（街道），"
            "导入乡镇发来的交换包后这里会列出它们")


def receiving(store: Store, gaz: Gazetteer, today: date, year: int | None = None) -> Receiving:
    """The board of the unit's subordinates for ``year`` (default: this year). NothingToDo when the
    unit has no subordinate units (its message says why)."""
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.report import YearMonth
    from desktop.domain.places.subordinates import subordinate_role, subordinate_word, subordinates
    from desktop.domain.places.units import default_report_day, role_of
    from desktop.domain.receiving.board import build_board
    from desktop.domain.receiving.due import due_items, year_problem

    problem = year_problem(year, today) if year is not None else ""
    if problem:
        raise ServiceError(problem)
    settings = store.settings()
    role = role_of(settings.unit)
    below = subordinate_role(role)
    receipts = _receipts(store)
    reports = store.reports()
    present = [r.region for r in receipts] + [r.region for r in reports] + [
        t.town for roster in store.load_rosters() for t in roster.towns]
    subs = subordinates(gaz, settings.unit, present)
    if below is None or not subs:
        raise NothingToDo(no_subordinates(settings.unit))
    year = year or today.year
    held = [YearMonth.parse(r.item[6:]) for r in receipts if r.item.startswith("month:")] + [r.month for r in reports]
    in_year = [m for m in held if m.year == year]
    first = min(in_year) if in_year else (YearMonth.of(today) if year == today.year else None)
    day = default_report_day(below, load_indicators().deadline_days)
    items = due_items(role, year, today, day, roster_deadline=settings.deadline, first_month=first)
    board = build_board(subs, items, receipts, store.reminders(), today)
    return Receiving(settings.unit, role, subordinate_word(role), year, board, store.contacts())


def _receipts(store: Store) -> list[Receipt]:
    """The receipts kept, and each imported 月报 that has none (imported before receipts were kept)."""
    from desktop.domain.monthly.report import YearMonth
    from desktop.domain.receiving.due import month_key
    from desktop.domain.receiving.receipts import Receipt

    kept = store.receipts()
    have = {(r.region, r.item) for r in kept}
    older = []
    for region, month, name, sha, at in store.imported_report_sources():
        key = month_key(YearMonth.parse(month))
        if (region, key) not in have:
            older.append(Receipt(region, "", region, key, name, sha, sha, received_at=at))
    return older + kept


# -- what an import received --------------------------------------------------------------------------
def note_received(store: Store, reading: Reading, gaz: Gazetteer) -> tuple[int, str]:
    """``record_received`` after an import that is already written: a refusal of the database (busy, a
    full disk) is not the import's failure — (0, why the note is missing) instead of an error."""
    from desktop.store.database import StoreError
    from desktop.store.failures import failure_text

    try:
        return record_received(store, reading, gaz), ""
    except StoreError as exc:
        return 0, f"导入已完成，但没能在收件情况中记下收到的材料（{failure_text(exc, store.path)}）"


def record_received(store: Store, reading: Reading, gaz: Gazetteer) -> int:
    """After an import: keep what came from whom (receipts, the March documents of e-mails) and learn
    the e-mail address of each unit below ours that sent an e-mail. Returns how many receipts were new."""
    from desktop.domain.model import ReportingUnit
    from desktop.domain.places.units import unit_from_office
    from desktop.domain.receiving.receipts import document_receipt, receipts_of, sender_of

    own = store.settings().unit.region_code or ""
    receipts: list[Receipt] = []
    by_mail: dict[tuple[str, str, str], ReportingUnit] = {}
    for incoming in reading.incoming:
        receipts += receipts_of(incoming)
        mail = incoming.source.mail
        unit = sender_of(incoming)
        if mail is not None and unit.region_code:
            by_mail.setdefault((mail.file, mail.subject, mail.sender), unit)
            code = unit.region_code
            if mail.address and own and code != own and code.startswith(own):
                store.set_contact(code, unit.region_name, mail.address, learned=mail.describe())
    contacts = {address: code for code, (address, _learned) in store.contacts().items()}
    for doc in reading.documents:
        mail = doc.mail
        unit = by_mail.get((mail.file, mail.subject, mail.sender))
        if unit is None:
            named = unit_from_office(gaz, mail.subject)
            unit = ReportingUnit(named.region_code, named.region_name) if named.region_code else None
        if unit is None and mail.address in contacts:
            place = gaz.get(contacts[mail.address])
            unit = ReportingUnit(place.code, place.name) if place is not None else None
        if unit is not None:
            receipts.append(document_receipt(doc.kind, doc.name, doc.sha256, unit, mail))
    # the unit's own files (its export read back in) are not something it received
    return store.record_receipts([r for r in receipts if not (own and r.code == own)])


# -- addresses ---------------------------------------------------------------------------------------
def set_address(store: Store, gaz: Gazetteer, today: date, name: str, address: str) -> Subordinate:
    """Keep the e-mail address of a subordinate unit ('' clears it); a typed address is never replaced
    by one learned from e-mails. ServiceError for another unit or an address that is not one."""
    from desktop.services.settings import address_problem

    view = receiving(store, gaz, today)
    sub = view.find(name)
    value = (address or "").strip()
    if value and address_problem(value):
        from desktop.domain.names import shown_text

        raise ServiceError(f"{sub.name}的邮箱“{shown_text(value, 60)}”格式不正确，请写成 name@example.gov.cn 这样的电子邮件地址")
    from desktop.store.database import StoreError
    from desktop.store.failures import failure_text

    try:
        store.set_contact(sub.code, sub.name, value)
    except StoreError as exc:
        raise ServiceError(f"{failure_text(exc, store.path)}（{sub.name}的邮箱没有改动）") from exc
    return sub


# -- 催报 -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReminderDraft:
    unit: Subordinate
    path: Path
    address: str
    subject: str
    cells: tuple[Cell, ...]


def nothing_to_remind(word: str) -> str:
    return f"没有需要催报的{word}：各项材料都已收到，或还没到截止日期前一周"


def remind(store: Store, gaz: Gazetteer, out: Path, today: date, names: list[str] | None = None,
           year: int | None = None) -> list[ReminderDraft]:
    """One e-mail draft per unit with items 未收 or 逾期 (late, or due within a week) — to its address,
    naming each item and its deadline — written into ``out`` and recorded (shown on the board).
    ``names``: only these units. NothingToDo when no unit has anything missing."""
    from desktop.domain.receiving.board import reminder_subject, reminder_text
    from desktop.exchange.eml import build_eml
    from desktop.exchange.safe_write import atomic_write_bytes
    from desktop.services.submit import safe_name

    view = receiving(store, gaz, today, year)
    units = [view.find(n) for n in names] if names else view.board.units_to_remind()
    chosen = [(u, view.board.to_remind(u)) for u in units]
    chosen = [(u, cells) for u, cells in chosen if cells]
    if not chosen:
        raise NothingToDo(nothing_to_remind(view.word))
    upper = view.unit.display
    drafts: list[ReminderDraft] = []
    ensure_writable(store)  # the 催报 are recorded, or no draft is left behind
    before = files_in(out)  # a draft of the same name written earlier today stays when this run is undone
    made: list[Path] = []
    with writing_into(out, made, before):
        for unit, cells in chosen:
            address = view.address(unit)
            subject = reminder_subject(upper, unit, cells)
            eml = build_eml(address, subject, reminder_text(upper, unit, cells, today), [])
            made.append(atomic_write_bytes(out / f"{safe_name(f'催报-{unit.name}-{today:%Y%m%d}')}.eml", eml))
            drafts.append(ReminderDraft(unit, made[-1], address, subject, tuple(cells)))
    finish_or_remove(store, made, lambda: store.record_reminders(
        [(d.unit.name, d.unit.code, d.address, [c.item.key for c in d.cells], d.path.name) for d in drafts]), before)
    return drafts
