"""报送记录: every export, package and 报送 kept with its files (SHA-256) and a frozen copy of the
data; a past version compared with today's data or another version, its files saved again."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.model import Roster
from desktop.domain.monthly.report import MonthlyReport
from desktop.services.common import ServiceError, writing_into
from desktop.store.database import Store
from desktop.store.submissions import Submission


def record_sent(store: Store, kind: str, rosters: list[Roster], reports: list[MonthlyReport], files: list[Path], *,
                recipient: str = "", subject: str = "", extra: list[tuple[str, bytes]] = (),
                documents: list[tuple[str | None, str, bytes]] = ()) -> int:
    """Keep what was written (the files' bytes and a frozen copy of the data) as one record;
    ``documents`` (kind, name, bytes) attached to a 报送 are kept with their SHA-256 and listed in
    the snapshot."""
    import hashlib

    from desktop.domain.submission import Sending, snapshot_of

    settings = store.settings()
    sending = Sending.of(settings.unit.display, bool(rosters), (r.month for r in reports), (k for k, _n, _d in documents))
    snapshot = snapshot_of(rosters, reports)
    if documents:
        snapshot["documents"] = [{"kind": k or "", "name": n, "sha256": hashlib.sha256(d).hexdigest()}
                                 for k, n, d in documents]
    return store.record_submission(kind, unit_name=settings.unit.display, what=sending.what,
                                   snapshot=snapshot,
                                   files=[(p.name, p.read_bytes()) for p in files]
                                   + [(n, d) for _k, n, d in documents] + list(extra),
                                   recipient=recipient, subject=subject or sending.subject())


def submission(store: Store, sid: int) -> Submission:
    record = store.submission(sid)
    if record is None:
        from desktop.system.program import command_text

        raise ServiceError(f"没有编号为 {sid} 的报送记录，请用 {command_text('history')} 查看编号")
    return record


def compare(store: Store, record: Submission, other: Submission | None = None) -> tuple[str, str, list[str]]:
    """``record`` against ``other`` (another record) or today's data (which holds everything): what both
    versions hold and is compared (名单、2021年4月月报), '' or why nothing can be compared (the two hold
    different things), and what changed, one line each."""
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.submission import (
        NOTHING_HELD,
        compared_parts,
        diff_snapshots,
        held_parts,
        snapshot_of,
    )

    against = other.snapshot if other is not None else snapshot_of(store.load_rosters(), store.reports(), whole=True)
    parts = compared_parts(record.snapshot, against)
    if parts:
        labels = {i.code: i.label for i in load_indicators().indicators}
        return parts, "", diff_snapshots(record.snapshot, against, labels)
    if other is None:
        held = held_parts(record.snapshot)
        if held == NOTHING_HELD:  # a 报送 of documents only
            return "", f"#{record.id} 只报送了材料，没有名单或月报数据可比较（它报送的文件仍可按原样取回）", []
        return "", f"#{record.id} 没有可比较的数据（{held}）", []
    return "", (f"两个版本没有共同的内容，无法比较（#{record.id}：{held_parts(record.snapshot)}；"
                f"#{other.id}：{held_parts(other.snapshot)}）"), []


def save_files(record: Submission, folder: Path) -> list[Path]:
    """The record's files saved again byte for byte into ``folder``."""
    from desktop.exchange.safe_write import atomic_write_bytes

    with writing_into(folder):
        return [atomic_write_bytes(folder / f.name, f.content) for f in record.files]
