"""``python -m desktop backup``: a consistent copy of the database (no need to close the window), or
``--restore FILE``: the database replaced by a backup, after a 恢复前 copy of what it held."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, CliError, open_db, out_path, say


def add_parser(sub) -> None:
    b = sub.add_parser("backup", help="备份数据库（一致的副本；不必关闭程序），或用 --restore 从备份恢复")
    b.add_argument("--db", type=Path, required=True)
    what = b.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=out_path, metavar="路径", help="备份文件路径，或一个文件夹（以 / 或 \\ 结尾，没有时新建）")
    what.add_argument("--restore", type=Path, metavar="备份文件",
                      help="用这个备份替换数据库中的全部数据（先把当前数据备份为“恢复前”，恢复也可以撤回）")
    b.add_argument("--replace", action="store_true", help="--out 的文件已存在时覆盖它（默认不覆盖，报错退出）")


def run(ns: argparse.Namespace) -> int:
    if ns.restore is not None:
        return _restore(ns.db, ns.restore)
    from desktop.services.backup import backup

    out, folder = ns.out
    store = open_db(ns.db)
    try:
        path = backup(store, out, folder=folder, replace=ns.replace)
        counts = store.counts()
    finally:
        store.close()
    say(f"已备份到 {path}（{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区））")
    return EXIT_OK


def _restore(db: Path, source: Path) -> int:
    from desktop.services.backup import restore_database
    from desktop.system.lockinfo import window_holding

    busy = window_holding(db)
    if busy:
        raise CliError(busy)
    done = restore_database(db, source)
    say(f"已用备份“{source.name}”恢复数据库“{db.name}”（{done.counts['towns']} 个乡镇（街道），"
        f"{done.counts['villages']} 个村（社区））")
    if done.safety is not None:
        say(f"恢复前的数据已备份到 {done.safety}；如果恢复错了，可以再用它恢复")
    if done.aside is not None:
        say(f"原来的数据库文件已改名保留为 {done.aside}")
    return EXIT_OK
