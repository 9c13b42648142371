"""``python -m desktop backup``: a consistent copy of the database (no need to close the window), or
``--restore FILE``: the database replaced by a backup, after a 恢复前 copy of what it held."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from desktop.cli.common import EXIT_OK, CliError, open_db, out_path, say


def add_parser(sub) -> None:
    b = sub.add_parser("backup", help="备份数据库（一致的副本；不必关闭程序），或用 --restore 从备份恢复")
    b.add_argument("--db", type=Path, required=True)
    what = b.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", metavar="路径", help="备份文件路径，或一个文件夹（以 / 或 \\ 结尾，没有时新建）")
    what.add_argument("--restore", metavar="备份文件",
                      help="用这个备份替换数据库中的全部数据（先把当前数据备份为“恢复前”，恢复也可以撤回）")


def run(ns: argparse.Namespace) -> int:
    if ns.restore is not None:
        return _restore(ns.db, ns.restore)
    from desktop.store.backup import backup_to
    from desktop.store.database import StoreError
    from desktop.store.failures import cause_text

    db, (out, folder) = ns.db, out_path(ns.out)
    store = open_db(db)
    try:
        if folder:
            out.mkdir(parents=True, exist_ok=True)
            out = out / f"{db.stem}-备份-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
        elif not out.suffix:  # a file without its extension: a database file
            out = out.with_name(out.name + ".sqlite")
        if out.resolve() == db.resolve():
            raise CliError("备份文件不能与数据库是同一个文件，请换一个路径")
        try:
            backup_to(store.conn, out)
        except (OSError, StoreError) as exc:
            raise CliError(f"无法写入备份“{out}”（{cause_text(exc)}），没有留下不完整的文件；"
                           "请清理磁盘空间或换一个路径后重试") from exc
        counts = store.counts()
    finally:
        store.close()
    say(f"已备份到 {out}（{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区））")
    return EXIT_OK


def _restore(db: Path, source: str) -> int:
    from desktop.services.backup import restore_database
    from desktop.services.common import ServiceError
    from desktop.system.lockinfo import window_holding

    if not source.strip():  # Path("") is the current folder: never meant
        raise CliError("--restore 后面没有写备份文件：请写要恢复的备份文件的路径，数据库没有改动")

    busy = window_holding(db)
    if busy:
        raise CliError(busy)
    try:
        done = restore_database(db, Path(source))
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    say(f"已用备份“{Path(source).name}”恢复数据库“{db.name}”（{done.counts['towns']} 个乡镇（街道），"
        f"{done.counts['villages']} 个村（社区））")
    if done.safety is not None:
        say(f"恢复前的数据已备份到 {done.safety}；如果恢复错了，可以再用它恢复")
    if done.aside is not None:
        say(f"原来的数据库文件已改名保留为 {done.aside}")
    return EXIT_OK
