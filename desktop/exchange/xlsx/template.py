"""The shipped templates (templates_xlsx/) opened for writing: one message for a template missing or
damaged, which is an installation problem (the user is told to reinstall)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from desktop.exchange.errors import ExportError
from desktop.system.paths import templates_dir

if TYPE_CHECKING:
    from openpyxl import Workbook


def open_template(name: str, *, sheets: Iterable[str] = (), styles: Iterable[str] = ()) -> Workbook:
    """templates_xlsx/``name`` loaded; ExportError when it is missing, unreadable or lacks one of
    ``sheets`` or the named ``styles``."""
    from openpyxl import load_workbook

    template = templates_dir() / name
    if not template.is_file():
        raise ExportError(f"找不到报表模板“{template.name}”，程序安装不完整，请重新安装本程序")
    try:
        wb = load_workbook(template)
    except Exception as exc:  # a damaged template is an installation problem
        raise ExportError(f"报表模板“{template.name}”无法读取（{exc}），请重新安装本程序") from exc
    missing = [s for s in sheets if s not in wb.sheetnames] + [s for s in styles if s not in wb.named_styles]
    if missing:
        raise ExportError(f"报表模板“{template.name}”已损坏（缺少 {'、'.join(missing)}），请重新安装本程序")
    return wb
