"""``python -m desktop package``: an exchange package (.zctb) of the whole database or one scope."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, gazetteer, open_db, out_path, say, tell


def add_parser(sub) -> None:
    k = sub.add_parser("package", help="写出交换包（.zctb），交给县（市、区）或市（州）汇总")
    k.add_argument("--db", type=Path, required=True)
    k.add_argument("--out", type=out_path, metavar="路径", required=True,
                   help="交换包文件路径，或一个文件夹（以 / 或 \\ 结尾，没有时新建）")
    k.add_argument("--scope", "--unit", dest="scope", default="", metavar="名称",
                   help="只打包一个县（市、区）或乡镇（街道）（名称）；默认整个数据库")
    k.add_argument("--replace", action="store_true", help="--out 的文件已存在时覆盖它（默认不覆盖，报错退出）")


def run(ns: argparse.Namespace) -> int:
    from desktop.services.package import counts_text, drafts_note, errors_note, make_package, package_errors

    store = open_db(ns.db)
    try:
        out, folder = ns.out
        plan, path, package = make_package(store, out, ns.scope, folder=folder, replace=ns.replace)
        errors = package_errors(store, gazetteer(), plan)
    finally:
        store.close()
    say(f"已写出交换包 {path}：{counts_text(package)}；"
        f"制作单位 {package.made_by}，文件的校验码（SHA-256）{package.sha256[:16]}…（与报送记录中的一致）")
    note = drafts_note(plan)
    if note:
        say(f"提示：{note}")
    if errors:
        tell(f"注意：{errors_note(errors)}")
    return EXIT_OK
