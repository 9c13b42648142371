"""``python -m desktop history``: the 报送记录 — list every export and 报送, compare a version with
today's data or another version, save a version's files again byte for byte."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, CliError, existing_db, open_db, say
from desktop.domain.dates import format_moment


def add_parser(sub) -> None:
    h = sub.add_parser("history", help="报送记录：列出每次导出和报送；比较版本；重新保存当时的文件")
    h.add_argument("--db", type=Path, required=True)
    h.add_argument("--diff", type=int, nargs="+", metavar="ID", help="与今天的数据比较（给两个编号则两版比较）")
    h.add_argument("--save", type=int, metavar="ID", help="把该次的文件按原样保存到 --out")
    h.add_argument("--out", type=Path, metavar="文件夹", help="与 --save 一起：保存到这个文件夹（没有时新建）")


def run(ns: argparse.Namespace) -> int:
    if ns.diff and len(ns.diff) > 2:
        raise CliError(f"--diff 最多给两个编号（给了 {len(ns.diff)} 个）：一个编号与今天的数据比较，两个编号则两版比较")
    if ns.save is not None and ns.diff:
        raise CliError("--save 与 --diff 不能一起用：先用 --diff 比较，再用 --save 编号 --out 文件夹 保存")
    if ns.out is not None and ns.save is None:
        raise CliError("--out 要与 --save 一起用：--save 编号 --out 文件夹（把该次的文件按原样保存到那里）")
    store = open_db(existing_db(ns.db))
    try:
        if ns.save is not None:
            return _save(store, ns.save, ns.out)
        if ns.diff:
            return _diff(store, ns.diff)
        _list(store)
        return EXIT_OK
    finally:
        store.close()


def _list(store) -> None:
    records = store.submissions()
    if not records:
        say("还没有导出或报送记录")
    for r in records:
        to = f" → {r.recipient}" if r.recipient else ""
        say(f"#{r.id}\t{format_moment(r.at)}\t{r.kind}\t{r.user}{to}\t{r.subject}")
        for f in r.files:
            say(f"\t\t{f.name}\tSHA-256 {f.sha256}")


def _diff(store, ids: list[int]) -> int:
    from desktop.services.records import compare, submission

    old = submission(store, ids[0])
    other = submission(store, ids[1]) if len(ids) > 1 else None
    against = f"#{ids[1]}" if other is not None else "今天的数据"
    parts, why_not, lines = compare(store, old, other)
    if why_not:
        say(f"#{old.id}（{format_moment(old.at)} {old.kind}）→ {against}：{why_not}")
        return EXIT_OK
    say(f"#{old.id}（{format_moment(old.at)} {old.kind}）→ {against}（比较{parts}）：" +
        (f"{len(lines)} 处改动" if lines else "没有改动"))
    for line in lines:
        say(f"  {line}")
    return EXIT_OK


def _save(store, sid: int, out: Path | None) -> int:
    from desktop.services.records import save_files, submission

    if out is None:
        raise CliError("请用 --out 指定保存文件的文件夹")
    record = submission(store, sid)
    for path, f in zip(save_files(record, out), record.files, strict=True):
        say(f"已保存 {path}（SHA-256 {f.sha256}）")
    return EXIT_OK
