"""``python -m desktop settings``: print the settings, or change them with the dialog's validation."""

from __future__ import annotations

import argparse

from desktop.cli.main import EXIT_OK, CliError, _gazetteer, _open
from desktop.domain.places.units import (
    SettingsChange,
    SettingsInputError,
    apply_settings_change,
    describe_settings,
)


def _deadline_days() -> dict[str, int]:
    from desktop.domain.monthly.indicators import load_indicators

    return dict(load_indicators().deadline_days)


def cmd_settings(ns: argparse.Namespace) -> int:
    change = SettingsChange(region=ns.region, office=ns.office, deadline=ns.deadline, report_day=ns.report_day)
    changing = any(v is not None for v in (ns.region, ns.office, ns.deadline, ns.report_day, ns.recipient))
    if not changing:
        if not ns.db.exists():
            raise CliError(f"找不到数据库“{ns.db}”，请检查路径（修改设置时会新建数据库）")
        store = _open(ns.db)
        try:
            settings = store.settings()
            recipient = store.get_meta("recipient")
        finally:
            store.close()
        for line in describe_settings(settings, _deadline_days()):
            print(line)
        print(f"报送收件人：{recipient or '（未设置）'}")
        return EXIT_OK
    gaz = _gazetteer()
    store = _open(ns.db, create=True, write=True)
    try:
        try:
            new = apply_settings_change(gaz, store.settings(), change)
        except SettingsInputError as exc:
            raise CliError(f"{exc}（设置没有改动）") from exc
        recipient = store.get_meta("recipient")
        if ns.recipient is not None:
            from desktop.cli.submit import check_address

            try:
                recipient = check_address(ns.recipient) if ns.recipient.strip() else ""
            except CliError as exc:
                raise CliError(f"{exc}（设置没有改动）") from exc
        store.save_settings(new)
        if ns.recipient is not None:
            store.set_meta({"recipient": recipient}, "修改收件人")
    finally:
        store.close()
    print("设置已保存：")
    for line in describe_settings(new, _deadline_days()):
        print(line)
    print(f"报送收件人：{recipient or '（未设置）'}")
    return EXIT_OK
