"""``python -m desktop import``: workbooks, monthly report workbooks and exchange packages — every
file read first (a bad one changes nothing, exit 2), the preview printed, then all but conflicts
written as one action."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, gazetteer, open_db, say, tell


def add_parser(sub) -> None:
    i = sub.add_parser("import", help="导入名单工作簿（.xlsx）、月报工作簿、交换包（.zctb）和邮件（.eml）")
    i.add_argument("--db", type=Path, required=True)
    i.add_argument("--dry-run", action="store_true", help="只列出将新增、修改、跳过和冲突的记录，不改动数据库")
    i.add_argument("paths", type=Path, nargs="+", metavar="文件",
                   help="要导入的 .xlsx 名单或月报、.zctb 交换包、.eml 邮件，或放着它们的文件夹（可写多个）")


def run(ns: argparse.Namespace) -> int:
    from desktop.domain.merge.text import render_outcome, render_preview
    from desktop.services import importing
    from desktop.services.receiving import note_received

    files = importing.expand_folders(ns.paths)
    for note in files.notes:
        say(note)
    gaz = gazetteer()
    reading = importing.read_files(files.paths, gaz)
    for line in reading.messages:
        say(line)
    if ns.dry_run:
        for line in render_preview(importing.preview(importing.dry_run_state(ns.db), reading, gaz)):
            say(line)
        say("（试运行：数据库没有任何改动）")
        return EXIT_OK
    store = open_db(ns.db, create=True, write=True)
    try:
        preview = importing.preview(store.local_state(), reading, gaz)
        for line in render_preview(preview):
            say(line)
        plan = importing.apply(store, preview)
        received, missing = note_received(store, reading, gaz)  # the import is done: a refusal is warned
        if missing:
            tell(f"注意：{missing}")
    finally:
        store.close()
    for line in render_outcome(plan):
        say(line)
    if received:
        from desktop.system.program import command_text

        say(f"收件情况：记下 {received} 项收到的材料（{command_text('receiving', '--db', '数据库')} 查看）")
    return EXIT_OK

