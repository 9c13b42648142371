"""Import, run alike by 文件 → 导入… (and files dropped or opened with the window) and
``python -m desktop import``: read every file first (a bad one changes nothing), compare with the
database (the preview), then write what was chosen as one undoable action after a backup.

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
    from desktop.store.database import Store

IMPORTABLE = (".xlsx", ".xlsm", ".zctb", ".zip")


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
                raise ServiceError(f"文件夹“{path}”中没有可导入的文件（.xlsx 工作簿或 .zctb 交换包），请检查路径")
            out.notes.append(f"文件夹“{path}”：导入其中的 {len(inside)} 个文件")
            out.paths.extend(inside)
        elif path.is_file():
            out.paths.append(path)
        else:
            raise ServiceError(f"找不到文件“{path}”，请检查路径")
    return out


@dataclass
class Reading:
    incoming: list[Incoming]
    messages: list[str]  # what the readers noticed (a sheet skipped, a package's warnings)


def read_files(paths: Sequence[Path], gaz: Gazetteer) -> Reading:
    """Read every file (no store: may run off the GUI thread). ServiceError names the file at fault."""
    from desktop.exchange.errors import ImportFileError
    from desktop.exchange.incoming import read_incoming

    try:
        incoming, messages = read_incoming(list(paths), gaz)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from exc
    return Reading(incoming, messages)


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

    try:
        return store.apply_import(chosen, choice, description)
    except StoreError as exc:
        raise ServiceError(f"导入时数据库出错，本次导入没有写入任何内容（{exc}）") from exc


def describe_files(paths: Sequence[Path]) -> str:
    """导入“a.xlsx”等 3 个文件: the action's name in the history and the status bar."""
    return f"导入“{paths[0].name}”" + (f"等 {len(paths)} 个文件" if len(paths) > 1 else "")
