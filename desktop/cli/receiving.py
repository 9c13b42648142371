"""``python -m desktop receiving``: the 收件情况 of an upper unit — each subordinate unit against what
is due (exit 1 when something is 逾期); set a unit's e-mail address; write the 催报 drafts."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, CliError, existing_db, gazetteer, open_db, say, tell
from desktop.services.common import NothingToDo


def add_parser(sub) -> None:
    r = sub.add_parser("receiving", help="收件情况：各下级单位的名单、材料、月报和验收评分收到没有；写催报邮件草稿")
    r.add_argument("--db", type=Path, required=True)
    r.add_argument("--year", type=int, metavar="年份", help="哪一年（默认今年）")
    r.add_argument("--remind", action="store_true", help="给未收或逾期的单位各写一封催报邮件草稿（.eml），记入催报记录")
    r.add_argument("--out", type=Path, metavar="文件夹", help="放催报邮件草稿的文件夹（--remind 时必填）")
    r.add_argument("--unit", action="append", metavar="名称", help="只催报这些单位（可写多次）")
    r.add_argument("--address", action="append", metavar="单位=邮箱", help="设置下级单位的邮箱（邮箱留空则清除）")


def run(ns: argparse.Namespace) -> int:
    from desktop.services import receiving as service

    if ns.remind and ns.out is None:
        raise CliError("--remind 要用 --out 指定放催报邮件草稿的文件夹")
    store = open_db(existing_db(ns.db), write=bool(ns.remind or ns.address))
    today = date.today()
    try:
        gaz = gazetteer()
        for pair in ns.address or []:
            name, sep, address = pair.partition("=")
            if not sep:
                raise CliError(f"“{pair}”应写成 单位=邮箱，如 合江县=hjzw@example.gov.cn")
            sub = service.set_address(store, gaz, today, name.strip(), address)
            say(f"已设置{sub.name}的邮箱：{address.strip() or '（已清除）'}")
        if ns.remind:
            try:
                drafts = service.remind(store, gaz, ns.out, today, ns.unit, ns.year)
            except NothingToDo as exc:
                say(str(exc))
                return EXIT_OK
            for d in drafts:
                items = "、".join(c.item.label for c in d.cells)
                say(f"已写出催报邮件草稿 {d.path}（{d.unit.name}，收件人 {d.address or '未填，请在邮件中填写'}）：{items}")
            tell(f"共 {len(drafts)} 封催报邮件草稿，已记入催报记录")
            return EXIT_OK
        if ns.address:
            return EXIT_OK
        view = service.receiving(store, gaz, today, ns.year)
    finally:
        store.close()
    return _print(view, today)


def _print(view, today: date) -> int:
    from desktop.domain.receiving.board import OVERDUE, STATUSES

    board = view.board
    say(f"收件情况：{view.unit.display} {view.year}年，下属 {len(board.units)} 个{view.word}")
    for unit in board.units:
        address = view.address(unit)
        say(f"{unit.name}（邮箱 {address or '未设置'}）")
        for cell in board.row(unit):
            reminded = f"；已催报 {len(cell.reminders)} 次" if cell.reminders and cell.missing else ""
            say(f"  {cell.summary(today, unit=False)}{reminded}")
    counts = board.counts()
    tell("，".join(f"{status} {counts[status]} 项" for status in STATUSES))
    return EXIT_FINDINGS if counts[OVERDUE] else EXIT_OK
