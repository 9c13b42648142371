"""``python -m desktop export``: the roster attachments, and with ``--month`` that month's report;
errors (and unanswered warnings of the month) refuse the whole export with exit 1."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, gazetteer, open_db, say, tell


def add_parser(sub) -> None:
    e = sub.add_parser("export", help="导出正式报表；有错误时不写文件，退出码为 1")
    e.add_argument("--db", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True, metavar="文件夹", help="放导出文件的文件夹（没有时新建）")
    e.add_argument("--month", metavar="YYYY-MM", help="同时导出该月的月报（如 2021-04）")


def print_blockers(plan) -> None:
    for line in plan.blocker_lines():
        say(line)
    from desktop.system.program import command_text

    todo = "、".join(x for x in ("改正错误" if any(f.is_error for f in plan.blockers) else "",
                                 "在窗口的“月报”中为警告填写说明" if any(not f.is_error for f in plan.blockers) else "") if x)
    tell(f"有 {plan.blocker_summary()}，未导出任何文件；请{todo}后再导出（{command_text('check', '--db', '数据库')} 查看全部）")


def run(ns: argparse.Namespace) -> int:
    from desktop.services.export import export, parse_month

    store = open_db(ns.db)
    try:
        month = parse_month(ns.month) if ns.month else None
        outcome = export(store, gazetteer(), ns.out, month)
    finally:
        store.close()
    if outcome.plan.blockers:
        print_blockers(outcome.plan)
        return EXIT_FINDINGS
    for path in outcome.written:
        say(f"已导出 {path}")
    if outcome.note:
        tell(f"提示：{outcome.note}")
    return EXIT_OK
