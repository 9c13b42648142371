"""报送, run alike by the window and ``python -m desktop submit``: check, export the chosen files,
write the e-mail draft (.eml) beside them and keep a record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError
from desktop.services.export import ExportPlan
from desktop.services.settings import address_problem

if TYPE_CHECKING:
    from desktop.domain.monthly.report import YearMonth
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store


@dataclass(frozen=True)
class SubmitResult:
    plan: ExportPlan  # with blockers: nothing was written
    draft: Path | None = None
    files: tuple[Path, ...] = ()
    subject: str = ""
    body: str = ""
    recipient: str = ""
    record_id: int | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.plan.blockers)


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", text).strip()[:120] or "报送"


def submit(store: Store, gaz: Gazetteer, out: Path, recipient: str, *, month: YearMonth | None = None,
           rosters: bool = True) -> SubmitResult:
    """Check and export (errors and unanswered warnings refuse everything: the result is ``blocked``),
    then write the draft and record it. Raises ServiceError when nothing can be sent."""
    from desktop.domain.submission import Sending
    from desktop.exchange.eml import build_eml
    from desktop.exchange.errors import ExportError
    from desktop.exchange.safe_write import atomic_write_bytes
    from desktop.services.export import plan_export, write_and_finish
    from desktop.services.records import record_sent

    problem = address_problem(recipient)
    if problem:
        raise ServiceError(problem)
    recipient = recipient.strip()
    settings = store.settings()
    if not settings.unit.display:
        raise ServiceError("填报单位未设置：报送的邮件要写明单位，请先在“设置 → 填报单位”中填写")
    if not rosters and month is None:
        raise ServiceError("没有要报送的内容：请选择名单或某个月的月报")
    plan = plan_export(store, gaz, month, rosters=rosters)
    if plan.blockers:
        return SubmitResult(plan)
    written = write_and_finish(store, plan, out, record=False)
    sent_reports = [store.report_by_id(r.id) for r in plan.reports]
    sending = Sending(settings.unit.display, rosters=bool(plan.rosters),
                      month_label=sent_reports[0].month.label if sent_reports else "")
    attachments = [(p.name, p.read_bytes()) for p in written]
    body = sending.cover_text([n for n, _ in attachments], date.today())
    eml = build_eml(recipient, sending.subject(), body, attachments)
    try:
        draft = atomic_write_bytes(out / f"{safe_name(sending.subject())}.eml", eml)
    except ExportError as exc:
        raise ServiceError(str(exc)) from exc
    sid = record_sent(store, "报送", plan.rosters, sent_reports, written, recipient=recipient,
                      subject=sending.subject(), extra=[(draft.name, eml)])
    return SubmitResult(plan, draft, tuple(written), sending.subject(), body, recipient, sid)
