"""报送, run alike by the window and ``python -m desktop submit``: check, export the chosen files,
write the e-mail draft (.eml) beside them and keep a record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError, ensure_writable, files_in, finish_or_remove, writing_into
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
    exported: tuple[Path, ...] = ()  # the workbooks written
    documents: tuple[Path, ...] = ()  # the documents copied beside the draft
    subject: str = ""
    body: str = ""
    recipient: str = ""
    record_id: int | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.plan.blockers)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every attachment of the draft: the workbooks, then the documents."""
        return self.exported + self.documents


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", text).strip()[:120] or "报送"


def read_documents(documents: Sequence[tuple[Path, str | None]]) -> list[tuple[str | None, str, bytes]]:
    """(kind, the name it is attached under, bytes) of each document to attach; ServiceError naming
    one that cannot be read. ``kind`` None: as its name says (research, plan, application, or other)."""
    from desktop.domain.receiving.due import document_kind
    from desktop.domain.submission import document_name
    from desktop.exchange.documents import DocumentError, read_document

    out = []
    for path, kind in documents:
        try:
            doc = read_document(path)
        except DocumentError as exc:
            raise ServiceError(str(exc)) from exc
        kind = kind or document_kind(doc.name)
        out.append((kind, document_name(doc.name, kind), doc.data))
    names = [n for _k, n, _d in out]
    if len(set(names)) != len(names):
        raise ServiceError("附加的材料中有同名文件：请改名后再附加，每个材料一个文件名")
    return out


def submit(store: Store, gaz: Gazetteer, out: Path, recipient: str, *, month: YearMonth | None = None,
           rosters: bool = True, documents: Sequence[tuple[Path, str | None]] = ()) -> SubmitResult:
    """Check and export (errors and unanswered warnings refuse everything: the result is ``blocked``),
    then write the draft and record it. ``documents``: Word or PDF files to attach (专题调研报告、实施方案、
    申报省级试点情况), with their kind (None: as the name says); they are copied beside the draft and kept
    in the 报送记录 with their SHA-256. Raises ServiceError when nothing can be sent."""
    from desktop.domain.submission import Sending
    from desktop.exchange.eml import build_eml
    from desktop.exchange.safe_write import atomic_write_bytes
    from desktop.services.export import lock_and_record, plan_export, write_files

    problem = address_problem(recipient)
    if problem:
        raise ServiceError(problem)
    recipient = recipient.strip()
    settings = store.settings()
    if not settings.unit.display:
        raise ServiceError("填报单位未设置：报送的邮件要写明单位，请先在“设置 → 填报单位”中填写")
    if not rosters and month is None and not documents:
        raise ServiceError("没有要报送的内容：请选择名单、某个月的月报或要附加的材料")
    docs = read_documents(documents)
    if rosters or month is not None:
        plan = plan_export(store, gaz, month, rosters=rosters)
    else:
        from desktop.domain.monthly.indicators_file import load_indicators

        plan = ExportPlan(settings, load_indicators(), [], None, [])  # documents only
    if plan.blockers:
        return SubmitResult(plan)
    ensure_writable(store)  # the 报送 is recorded, or nothing is written
    before = files_in(out)  # what was there: never removed when this 报送 is undone
    written = write_files(plan, out) if plan.rosters or plan.month else []
    sending = Sending.of(settings.unit.display, bool(plan.rosters), (r.month for r in plan.reports),
                         (k for k, _n, _d in docs))
    made = list(written)  # what this 报送 writes: removed again when it cannot be finished
    attachments = [(p.name, p.read_bytes()) for p in written] + [(n, d) for _k, n, d in docs]
    body = sending.cover_text([n for n, _ in attachments], date.today())
    eml = build_eml(recipient, sending.subject(), body, attachments)
    with writing_into(out, made, before):
        for _k, name, data in docs:
            made.append(out / name if _holds(out / name, data) else atomic_write_bytes(out / name, data))
        copies = made[len(written):]
        draft = atomic_write_bytes(out / f"{safe_name(sending.subject())}.eml", eml)
    sid = finish_or_remove(store, [*made, draft], lambda: lock_and_record(
        store, plan, written, "报送", recipient=recipient, subject=sending.subject(), extra=[(draft.name, eml)],
        documents=docs), before)
    return SubmitResult(plan, draft, tuple(written), tuple(copies), sending.subject(), body, recipient, sid)


def _holds(path: Path, data: bytes) -> bool:
    """``path`` already holds ``data`` (the document was chosen from the output folder itself): it is not
    copied onto itself."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
