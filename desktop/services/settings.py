"""Settings, changed alike by the 填报单位 dialog and ``python -m desktop settings``: the reporting
unit, the roster deadline, the 月报 day and the 报送收件人, validated by one set of rules and saved
as one undoable action."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from desktop.domain.model import Level, Settings
from desktop.services.common import ServiceError

if TYPE_CHECKING:
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.domain.places.units import SettingsChange
    from desktop.store.database import Store

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def address_problem(text: str) -> str:
    """'' for a usable 报送收件人 address, else what is wrong with it."""
    value = (text or "").strip()
    if not value:
        from desktop.system.program import command_text

        return ("未设置收件人：请先在“设置 → 填报单位”中填写报送邮件的收件人（或用 "
                f"{command_text('settings', '--db', '数据库', '--recipient', '地址')}），设置一次即可。没有导出任何文件")
    from desktop.domain.text_rules import text_problem

    problem = text_problem(value, "address")  # control characters, direction overrides, length
    if problem is not None:
        return f"收件人地址{problem.what}，{problem.fix}"
    if not _ADDRESS.match(value):
        return f"收件人地址“{value}”格式不正确，请写成 name@example.gov.cn 这样的电子邮件地址"
    return ""


def checked_recipient(text: str) -> str:
    """The address to keep ('' clears it); ServiceError when it is not an e-mail address."""
    value = (text or "").strip()
    if value:
        problem = address_problem(value)
        if problem:
            raise ServiceError(problem)
    return value


def deadline_days() -> dict[str, int]:
    from desktop.domain.monthly.indicators_file import load_indicators

    return dict(load_indicators().deadline_days)


def change_settings(store: Store, gaz: Gazetteer, change: SettingsChange,
                    recipient: str | None = None) -> Settings:
    """Apply ``change`` (and the recipient, when given) with the dialog's validation; nothing is
    saved when a value is wrong (ServiceError naming the field, ending with （设置没有改动））."""
    from desktop.domain.places.units import SettingsInputError, apply_settings_change

    try:
        new = apply_settings_change(gaz, store.settings(), change)
        address = checked_recipient(recipient) if recipient is not None else None
    except (SettingsInputError, ServiceError) as exc:
        raise ServiceError(f"{exc}（设置没有改动）") from exc
    store.save_settings(new, address)
    return new


def save_settings(store: Store, settings: Settings, recipient: str | None = None) -> None:
    """Save settings already validated (the dialog's), with the recipient when it changed."""
    address = checked_recipient(recipient) if recipient is not None else None
    if address is not None and address == store.recipient():
        address = None
    store.save_settings(settings, address)


def read_filled_on(texts: list[str]) -> list[tuple[Level, date | None]]:
    """Each ``附件N=日期`` of ``texts`` read (nothing saved): ServiceError ending with （设置没有改动）."""
    from desktop.domain.roster.filled_on import parse_filled_on

    try:
        return [parse_filled_on(text) for text in texts]
    except ValueError as exc:
        raise ServiceError(f"{exc}（设置没有改动）") from exc


def set_filled_on(store: Store, changes: list[tuple[Level, date | None]]) -> None:
    """Each list's 填报时间 as read by read_filled_on (one undoable action each)."""
    for level, value in changes:
        store.set_filled_on(level, value)
