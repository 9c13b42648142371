"""``python -m desktop check``: every finding of the rosters and the 月报; exit 1 when there are errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, gazetteer, open_db, say, tell


def add_parser(sub) -> None:
    c = sub.add_parser("check", help="列出全部校验结果；有错误时退出码为 1")
    c.add_argument("--db", type=Path, required=True)


def run(ns: argparse.Namespace) -> int:
    from desktop.services.check import check_database

    store = open_db(ns.db)
    try:
        checked = check_database(store, gazetteer())
    finally:
        store.close()
    for c in checked:
        say(f"{c.finding.line()}\t（已说明：{c.answer}）" if c.answer else c.finding.line())
    errors = sum(c.finding.is_error for c in checked)
    answered = sum(bool(c.answer) for c in checked)
    tail = f"（其中 {answered} 个已说明）" if answered else ""
    tell(f"共 {errors} 个错误，{len(checked) - errors} 个警告{tail}")
    return EXIT_FINDINGS if errors else EXIT_OK
