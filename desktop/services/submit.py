"""报送, shared by the window and ``python -m desktop submit``: check, export the chosen files, write
the e-mail draft (.eml) beside them and keep a record. No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class SubmitError(Exception):
    """Nothing was sent; the message says why and what to do."""


@dataclass(frozen=True)
class SubmitResult:
    draft: Path
    files: list[Path]
    subject: str
    body: str
    recipient: str
    record_id: int


def address_problem(text: str) -> str:
    value = (text or "").strip()
    if not value:
        return ("未设置收件人：请先在“设置 → 填报单位”中填写报送邮件的收件人（或用 python -m desktop settings "
                "--db 数据库 --recipient 地址），设置一次即可。没有导出任何文件")
    if not _ADDRESS.match(value):
        return f"收件人地址“{value}”格式不正确，请写成 name@example.gov.cn 这样的电子邮件地址"
    return ""


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", text).strip()[:120] or "报送"


def submit(store, gaz, out: Path, recipient: str, *, month: str | None = None, rosters: bool = True
           ) -> SubmitResult | None:
    """Check and export (errors and unanswered warnings refuse everything: None, the findings printed),
    then write the draft and record it. Raises SubmitError when nothing can be sent."""
    from desktop.domain.roster.rules import check_all
    from desktop.domain.submission import Sending
    from desktop.exchange.eml import build_eml
    from desktop.exchange.errors import ExportError
    from desktop.exchange.safe_write import atomic_write_bytes
    from desktop.services.export import ExportRefused, record_sent, run_export

    problem = address_problem(recipient)
    if problem:
        raise SubmitError(problem)
    recipient = recipient.strip()
    settings = store.settings()
    if not settings.unit.display:
        raise SubmitError("填报单位未设置：报送的邮件要写明单位，请先在“设置 → 填报单位”中填写")
    if not rosters and not month:
        raise SubmitError("没有要报送的内容：请选择名单或某个月的月报")
    written: list[Path] = []
    try:
        code = run_export(store, out, month, check_all(store.load_rosters(), gaz, settings),
                          include_rosters=rosters, written_out=written, record=False)
    except (ExportRefused, ExportError) as exc:
        raise SubmitError(str(exc)) from exc
    except OSError as exc:
        from desktop.system.oserrors import os_error_text

        raise SubmitError(f"无法写入文件夹“{out}”（{os_error_text(exc)}），请换一个文件夹") from exc
    if code != 0:
        return None
    sent_reports = [r for r in store.reports() if month and r.unit == settings.report_unit and r.month.iso == month]
    sent_rosters = [r for r in store.load_rosters() if r.towns] if rosters else []
    sending = Sending(settings.unit.display, rosters=bool(sent_rosters),
                      month_label=sent_reports[0].month.label if sent_reports else "")
    attachments = [(p.name, p.read_bytes()) for p in written]
    body = sending.cover_text([n for n, _ in attachments], date.today())
    eml = build_eml(recipient, sending.subject(), body, attachments)
    try:
        draft = atomic_write_bytes(out / f"{safe_name(sending.subject())}.eml", eml)
    except ExportError as exc:
        raise SubmitError(str(exc)) from exc
    sid = record_sent(store, "报送", sent_rosters, sent_reports, written, recipient=recipient,
                      subject=sending.subject(), extra=[(draft.name, eml)])
    return SubmitResult(draft, written, sending.subject(), body, recipient, sid)
