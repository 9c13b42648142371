"""``python -m desktop backup``: a consistent copy of the database (no need to close the window)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from desktop.cli.common import EXIT_OK, CliError, open_db, say


def add_parser(sub) -> None:
    b = sub.add_parser("backup", help="备份数据库（一致的副本；不必关闭程序）")
    b.add_argument("--db", type=Path, required=True)
    b.add_argument("--out", type=Path, required=True, help="备份文件路径，或一个文件夹")


def run(ns: argparse.Namespace) -> int:
    from desktop.store.backup import backup_to
    from desktop.system.oserrors import os_error_text

    db, out = ns.db, ns.out
    store = open_db(db)
    try:
        if out.is_dir():
            out = out / f"{db.stem}-备份-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
        if out.resolve() == db.resolve():
            raise CliError("备份文件不能与数据库是同一个文件，请换一个路径")
        try:
            backup_to(store.conn, out)
        except OSError as exc:
            raise CliError(f"无法写入备份“{out}”（{os_error_text(exc)}），请换一个路径") from exc
        counts = store.counts()
    finally:
        store.close()
    say(f"已备份到 {out}（{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区））")
    return EXIT_OK
