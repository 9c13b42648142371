"""Receipts: what came from which unit, in which file (and e-mail), for which due item — made from the
files of an import (``Incoming``) and the documents attached to the e-mails, kept by the store."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.dates import format_moment
from desktop.domain.merge.provenance import digest, report_hash
from desktop.domain.merge.types import Incoming
from desktop.domain.model import ReportingUnit
from desktop.domain.receiving.due import DOCUMENT_LABELS, EVALUATION, ROSTERS, document_key, month_key
from desktop.domain.receiving.mail import Mail


@dataclass(frozen=True)
class Receipt:
    region: str  # the unit's region (the name its reports are filed under): 合江县
    code: str  # its region code ('' when the file does not say)
    sender: str  # the unit as the file names it: 合江县政务服务管理局
    item: str  # the due item's key: rosters, doc:plan, month:2021-04, evaluation
    file: str  # the file's name (an e-mail's attachment: the attachment's name)
    sha256: str  # of the file
    content: str  # a hash of what came for this item: a later receipt that differs is an update
    mail: Mail | None = None
    part: str = ""  # the part of the item (the rosters: the list, 1–3): parts are compared apart
    received_at: str = ""  # when it was imported (ISO seconds; set by the store)
    id: int | None = None

    @property
    def when(self) -> str:
        """When it was sent: the e-mail's date where there is one, else when it was imported (ISO)."""
        return (self.mail.sent_at if self.mail is not None and self.mail.sent_at else "") or self.received_at

    def source_text(self) -> str:
        """文件“…”，来自邮件“…”（发件人 …，…）"""
        return f"文件“{self.file}”" + (f"，来自{self.mail.describe()}" if self.mail is not None else "")

    def line(self) -> str:
        """One line of the detail: when it was imported, from where, the file's SHA-256."""
        when = format_moment(self.received_at) if self.received_at else "本次导入"
        return f"{when} 导入 {self.source_text()}；SHA-256 {self.sha256 or '（未记录）'}"


def sender_of(incoming: Incoming) -> ReportingUnit:
    """The unit that sent a file: a package's maker, a workbook's 填报单位, a 月报's region."""
    source = incoming.source
    if source.unit is not None and source.unit.region:
        return source.unit
    if source.kind == "monthly" and incoming.reports:
        return ReportingUnit(None, incoming.reports[0].region, source.office)
    return ReportingUnit(None, "", source.office)


def receipts_of(incoming: Incoming) -> list[Receipt]:
    """What one file brings, item by item: the rosters (from its sender), each 月报 (from the unit it
    is of: a city's package carries its counties' too), the 验收评分 (from its sender)."""
    source = incoming.source
    unit = sender_of(incoming)
    region = unit.region
    code = unit.region_code or ""
    sha = source.sha256 or ""
    out: list[Receipt] = []
    levels = {row.entry.level for row in incoming.rows} | set(incoming.filled_on)
    for level in sorted(levels, key=lambda lv: lv.value) if region else ():
        day = incoming.filled_on.get(level)
        content = digest([sorted(row.content_hash for row in incoming.rows if row.entry.level is level),
                           day.isoformat() if day else None])
        out.append(Receipt(region, code, unit.display, ROSTERS, source.file, sha, content, source.mail,
                           part=str(level.value)))
    for report in incoming.reports:
        own = report.region == region
        out.append(Receipt(report.region, code if own else "", unit.display if own else report.region,
                           month_key(report.month), source.file, sha, report_hash(report), source.mail))
    if region and incoming.evaluation.get("scores"):
        out.append(Receipt(region, code, unit.display, EVALUATION, source.file, sha, digest(incoming.evaluation),
                           source.mail))
    return out


def document_receipt(kind: str, name: str, sha256: str, unit: ReportingUnit, mail: Mail | None) -> Receipt:
    """A March document (a Word or PDF file attached to an e-mail) received from ``unit``."""
    assert kind in DOCUMENT_LABELS
    return Receipt(unit.region, unit.region_code or "", unit.display, document_key(kind), name,
                   sha256, sha256, mail)
