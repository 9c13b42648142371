"""``python -m desktop demo``: the demo data (rosters, 月报, 四个一 records, 验收评估) written into a database."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, gazetteer, open_db, say


def add_parser(sub) -> None:
    d = sub.add_parser("demo", help="把演示数据写入数据库")
    d.add_argument("--db", type=Path, required=True)


def run(ns: argparse.Namespace) -> int:
    from desktop.services.demo import write_demo

    store = open_db(ns.db, create=True, write=True)
    try:
        done = write_demo(store, gazetteer())
    finally:
        store.close()
    if done.kept:
        say(f"原有数据已备份到 {done.kept}")
    say(done.summary())
    return EXIT_OK
