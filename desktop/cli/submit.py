"""``python -m desktop submit`` (报送: check, export, an e-mail draft with the files, a record)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, CliError, gazetteer, open_db, say


def add_parser(sub) -> None:
    s = sub.add_parser("submit", help="报送：检查、导出文件并写出电子邮件草稿（.eml），记入报送记录")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True, metavar="文件夹", help="放导出文件和邮件草稿的文件夹")
    s.add_argument("--month", metavar="YYYY-MM", help="同时报送该月的月报（如 2021-04）")
    s.add_argument("--no-rosters", action="store_true", help="只报送月报，不附名单")
    s.add_argument("--to", metavar="邮箱", help="收件人地址（默认用设置中的收件人）")
    s.add_argument("--attach", action="append", metavar="[材料=]文件",
                   help="附加材料（Word 或 PDF），如 --attach 实施方案.docx 或 --attach 实施方案=方案定稿.pdf；"
                        "材料：专题调研报告、实施方案、申报省级试点情况；可写多次")


def empty_to(saved: str) -> str:
    """--to given without an address: never read as 未设置收件人 when one is set."""
    if saved:
        return (f"--to 后面没有写收件人地址。设置中的收件人是“{saved}”：要发给它，请去掉 --to；"
                "要发给别人，请在 --to 后写上地址。没有导出任何文件")
    from desktop.system.program import command_text

    return ("--to 后面没有写收件人地址，设置中也没有收件人：请在 --to 后写上地址（或用 "
            f"{command_text('settings', '--db', '数据库', '--recipient', '地址')} 设置一次）。没有导出任何文件")


def run(ns: argparse.Namespace) -> int:
    from desktop.cli.export import print_blockers
    from desktop.services.export import parse_month
    from desktop.services.submit import submit

    if ns.no_rosters and not ns.month and not ns.attach:
        raise CliError("没有要报送的内容：--no-rosters 时请用 --month 指定月报，或用 --attach 附加材料")
    documents = [_document(text) for text in ns.attach or []]
    store = open_db(ns.db)
    try:
        recipient = ns.to if ns.to is not None else store.recipient()
        if ns.to is not None and not ns.to.strip():
            raise CliError(empty_to(store.recipient()))
        result = submit(store, gazetteer(), ns.out, recipient, month=parse_month(ns.month) if ns.month else None,
                        rosters=not ns.no_rosters, documents=documents)
    finally:
        store.close()
    if result.blocked:
        print_blockers(result.plan)
        return EXIT_FINDINGS
    for path in result.files:  # the workbooks exported, then the documents copied beside the draft
        say(f"{'已附上材料' if path in result.documents else '已导出'} {path}")
    say(f"已写出邮件草稿 {result.draft}（收件人 {result.recipient}，{len(result.files)} 个附件）")
    say(f"主题：{result.subject}")
    from desktop.system.program import command_text

    say(f"已记入报送记录 #{result.record_id}（{command_text('history')} 查看）")
    return EXIT_OK


def _document(text: str) -> tuple[Path, str | None]:
    """--attach FILE or --attach 材料=FILE → (path, kind)."""
    from desktop.domain.receiving.due import DOCUMENT_KIND_OF as kinds

    label, sep, rest = text.partition("=")
    if sep and label.strip() in kinds:
        return Path(rest), kinds[label.strip()]
    if sep and not Path(text).exists():
        raise CliError(f"“{label}”不是报送材料的名称：请写 {'、'.join(kinds)} 之一，如 --attach 实施方案=方案.pdf")
    return Path(text), None
