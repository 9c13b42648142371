"""Import, run alike by 文件 → 导入… (and files dropped or opened with the window) and
``python -m desktop import``: read every file first (a bad one changes nothing), compare with the
database (the preview), then write what was chosen as one undoable action after a backup.

An e-mail (.eml) stands for its attachments: packages and workbooks are read like files given
directly (their source names the e-mail: sender, date, subject); Word and PDF attachments named as
the March documents (专题调研报告、实施方案、申报省级试点情况) are noted as received. What came from
whom is kept for the 收件情况 board (``record_received``).

The 填报单位 is decided once, in the domain (desktop.domain.places.units.unit_decision, carried by
the preview and the plan), and written by the store inside the same action.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError

if TYPE_CHECKING:
    from desktop.domain.merge.plan import Choice, Plan
    from desktop.domain.merge.types import Incoming, LocalState, Preview
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.domain.receiving.mail import Mail
    from desktop.store.database import Store

IMPORTABLE = (".xlsx", ".xlsm", ".zctb", ".zip", ".eml")
_DATA = (".xlsx", ".xlsm", ".xls", ".zctb", ".zip")  # an e-mail's attachments read as files given directly


@dataclass
class Files:
    paths: list[Path]
    notes: list[str] = field(default_factory=list)  # what a folder stood for


def expand_folders(paths: Sequence[Path]) -> Files:
    """Files as given; a folder stands for the workbooks and packages directly inside it."""
    out = Files([])
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMPORTABLE
                            and not p.name.startswith(("~$", ".~")))
            if not inside:
                raise ServiceError(f"文件夹“{path}”中没有可导入的文件（.xlsx 工作簿、.zctb 交换包或 .eml 邮件），"
                                   "请检查路径")
            out.notes.append(f"文件夹“{path}”：导入其中的 {len(inside)} 个文件")
            out.paths.extend(inside)
        else:
            from desktop.exchange.files import file_problem

            problem = file_problem(path, "要导入的文件")
            if problem is not None:
                raise ServiceError(problem if path.exists() else f"找不到文件“{path}”，请检查路径")
            out.paths.append(path)
    return out


@dataclass(frozen=True)
class Document:
    """A Word or PDF attachment of an e-mail that is one of the March documents."""

    kind: str  # research, plan, application (desktop.domain.receiving.due.DOCUMENT_KINDS)
    name: str
    sha256: str
    mail: Mail


@dataclass
class Reading:
    incoming: list[Incoming]
    messages: list[str]  # what the readers noticed (a sheet skipped, a package's warnings)
    documents: list[Document] = field(default_factory=list)  # the March documents attached to e-mails
    mails: list[Mail] = field(default_factory=list)  # the e-mails read


def read_files(paths: Sequence[Path], gaz: Gazetteer) -> Reading:
    """Read every file (no store: may run off the GUI thread); an e-mail's attachments are read from
    a temporary folder, removed afterwards. ServiceError names the file at fault."""
    import tempfile
    from dataclasses import replace

    from desktop.exchange.errors import ImportFileError
    from desktop.exchange.incoming import read_incoming

    with tempfile.TemporaryDirectory(prefix="zctb-mail-", ignore_cleanup_errors=True) as tmp:
        try:
            files, documents, mails, notes = _unpack(list(paths), Path(tmp))
            incoming, messages = read_incoming([path for path, _mail in files], gaz)
        except ImportFileError as exc:
            raise ServiceError(str(exc)) from exc
    for item, (_path, mail) in zip(incoming, files, strict=True):
        if mail is not None:
            item.source = replace(item.source, mail=mail)
    return Reading(incoming, notes + messages, documents, mails)


def _unpack(paths: list[Path], tmp: Path) -> tuple[list[tuple[Path, Mail | None]], list[Document], list[Mail],
                                                  list[str]]:
    """Files to read (an e-mail's packages and workbooks written into ``tmp``), each with its e-mail;
    the March documents; the e-mails; what was noticed."""
    import hashlib

    from desktop.exchange.files import is_eml

    files: list[tuple[Path, Mail | None]] = []
    documents: list[Document] = []
    mails: list[Mail] = []
    notes: list[str] = []
    for path in paths:
        if not is_eml(path):
            files.append((path, None))
            continue
        from desktop.domain.receiving.due import DOCUMENT_SUFFIXES, document_kind
        from desktop.exchange.eml_reader import read_eml

        read = read_eml(path)
        mails.append(read.mail)
        taken = 0
        for attachment in read.attachments:
            suffix = Path(attachment.name).suffix.lower()
            kind = document_kind(attachment.name)
            if suffix in _DATA:
                folder = tmp / str(len(files))
                folder.mkdir()
                target = folder / attachment.name
                target.write_bytes(attachment.data)
                files.append((target, attachment.mail))
            elif kind is not None:
                documents.append(Document(kind, attachment.name, hashlib.sha256(attachment.data).hexdigest(),
                                          attachment.mail))
            elif suffix in DOCUMENT_SUFFIXES:
                notes.append(f"邮件“{path.name}”的附件“{attachment.name}”看不出是哪项材料（文件名中没有“调研”、“方案”或"
                             "“申报”），没有记入收件情况")
                continue
            else:
                notes.append(f"邮件“{path.name}”的附件“{attachment.name}”不是交换包、工作簿或材料，没有导入")
                continue
            taken += 1
        notes.append(f"“{path.name}”是{read.mail.describe()}：导入其中 {taken} 个附件"
                     if taken else f"“{path.name}”是{read.mail.describe()}：其中没有交换包、工作簿或材料附件，已跳过")
    return files, documents, mails, notes


def preview(local: LocalState, reading: Reading, gaz: Gazetteer) -> Preview:
    from desktop.domain.merge.preview import build_preview

    return build_preview(local, reading.incoming, gaz)


def dry_run_state(db: Path) -> LocalState:
    """The database's state read from a throw-away copy: a dry run never writes to the file
    (an empty state when the database does not exist yet)."""
    from desktop.domain.merge.types import LocalState
    from desktop.store.database import DatabaseError
    from desktop.store.snapshot import snapshot_store

    if not db.exists():
        return LocalState()
    try:
        with snapshot_store(db) as store:
            return store.local_state()
    except DatabaseError as exc:
        raise ServiceError(str(exc)) from exc


def apply(store: Store, chosen: Preview, choice: Choice | None = None, description: str = "导入") -> Plan:
    """Write the chosen changes (default: all but conflicts) in one undoable action, after a backup.
    ServiceError when the database refused the write (nothing was written)."""
    from desktop.store.database import StoreError
    from desktop.store.failures import failure_text

    if store.read_only:
        raise ServiceError(store.write_problem() or "")
    try:
        return store.apply_import(chosen, choice, description)
    except (StoreError, OSError) as exc:  # OSError: the backup before it could not be written
        raise ServiceError(f"本次导入没有写入任何内容：{failure_text(exc, store.path)}") from exc


def describe_files(paths: Sequence[Path]) -> str:
    """导入“a.xlsx”等 3 个文件: the action's name in the history and the status bar."""
    return f"导入“{paths[0].name}”" + (f"等 {len(paths)} 个文件" if len(paths) > 1 else "")
