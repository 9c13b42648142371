"""``python -m desktop settings``: print the settings, or change them with the dialog's validation."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, existing_db, gazetteer, open_db, say, tell


def add_parser(sub) -> None:
    s = sub.add_parser("settings", help="显示或修改设置：填报单位、名单截止日期、月报截止日")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--region", metavar="地区", help="地区：市（州）、县（市、区）、乡镇（街道）的名称或代码，或“四川省”；写空字符串清除")
    s.add_argument("--office", metavar="单位名称", help="单位名称，如“泸州市政务服务管理局”")
    s.add_argument("--deadline", metavar="日期", help="名单截止日期，如 2021-03-31；写空字符串清除")
    s.add_argument("--report-day", metavar="日", help="月报截止日（每月几日，1-28；0 为默认）")
    s.add_argument("--recipient", metavar="邮箱", help="报送邮件的收件人地址（如上级单位的邮箱）；写空字符串清除")
    s.add_argument("--filled-on", action="append", metavar="附件N=日期",
                   help="名单的填报时间，如 --filled-on 附件1=2021-03-26；写 附件1= 清除；可写多次")


def _print(settings, recipient: str) -> None:
    from desktop.domain.places.units import describe_settings
    from desktop.services.settings import deadline_days

    for line in describe_settings(settings, deadline_days()):
        say(line)
    say(f"报送收件人：{recipient or '（未设置）'}")


def run(ns: argparse.Namespace) -> int:
    from desktop.domain.dates import format_cn
    from desktop.domain.places.units import SettingsChange, office_mismatch
    from desktop.services.settings import change_settings, read_filled_on, set_filled_on

    change = SettingsChange(region=ns.region, office=ns.office, deadline=ns.deadline, report_day=ns.report_day)
    changing = any(v is not None for v in (ns.region, ns.office, ns.deadline, ns.report_day, ns.recipient,
                                           ns.filled_on))
    if not changing:
        store = open_db(existing_db(ns.db, "（修改设置时会新建数据库）"))
        try:
            settings, recipient = store.settings(), store.recipient()
        finally:
            store.close()
        _print(settings, recipient)
        return EXIT_OK
    gaz = gazetteer()
    store = open_db(ns.db, create=True, write=True)
    try:
        filled = read_filled_on(ns.filled_on or [])  # read first: a wrong date saves nothing
        new = change_settings(store, gaz, change, ns.recipient)
        set_filled_on(store, filled)
        recipient = store.recipient()
    finally:
        store.close()
    say("设置已保存：")
    _print(new, recipient)
    for level, value in filled:
        say(f"{level.attachment}填报时间：{format_cn(value) if value else '（已清除）'}")
    warning = office_mismatch(gaz, new.unit) if ns.region is not None or ns.office is not None else ""
    if warning:
        tell(f"注意：{warning}（设置已保存；如有误，请用 --region 或 --office 改正）")
    return EXIT_OK
