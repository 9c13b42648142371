"""The one place for the command line's exit codes, its errors and its output.

Exit codes of every command: 0 done; 1 findings (checking commands only: check, export, submit,
evaluation without changes, receiving when something is 逾期); 2 refused, with one Chinese line on stderr saying why and what to do.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store

EXIT_OK, EXIT_FINDINGS, EXIT_REFUSED = 0, 1, 2

# The checking commands, and what exit code 1 means for each; any other command ends 0 or 2.
FINDINGS = {
    "check": "有错误",
    "export": "有错误或月报有未说明的警告，没有写出任何文件",
    "submit": "有错误或月报有未说明的警告，没有导出、没有报送",
    "evaluation": "列出得分时发现错误（逐条列出）",
    "receiving": "列出收件情况时有逾期的（逐项列出）",
}


def exit_codes_help(command: str) -> str:
    """The exit codes of ``command`` as its --help states them ('' for the command line as a whole)."""
    if command:
        one = f"1={FINDINGS[command]}；" if command in FINDINGS else ""
    else:
        one = f"1=检查发现问题（仅{'、'.join(FINDINGS)}）；"
    return f"退出码：0=完成；{one}2=拒绝执行（如找不到数据库、参数有误；原因和处理办法写在标准错误输出中）"


class CliError(Exception):
    """A refusal reported as one Chinese line on stderr, exit code 2."""


def say(line: str = "") -> None:
    """One line of the command's output (stdout)."""
    print(line)


def tell(line: str) -> None:
    """A summary or a note on stderr (what a script reading stdout does not parse)."""
    print(line, file=sys.stderr)


def open_db(path: Path, *, create: bool = False, write: bool = False) -> Store:
    """The database at ``path``; CliError when it cannot be used (or, for ``write``, a window holds it
    or it is read-only: refused before anything is done)."""
    from desktop.store.database import DatabaseError, open_store

    if write:
        from desktop.system.lockinfo import window_holding

        busy = window_holding(path)
        if busy:
            raise CliError(busy)
    try:
        store = open_store(path, create=create)
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc
    if write and store.read_only:
        from desktop.store.failures import read_only_text

        store.close()
        raise CliError(read_only_text(path, store.read_only))
    return store


def existing_db(path: Path, what: str = "") -> Path:
    if not path.exists():
        raise CliError(f"找不到数据库“{path}”，请检查路径{what}")
    return path


def gazetteer() -> Gazetteer:
    from desktop.domain.places.gazetteer import load_gazetteer

    return load_gazetteer()


def path_value(text: str) -> Path:
    """A path option's value (argparse ``type``): "" is refused, not taken as the current folder."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("后面没有写路径，请写文件或文件夹的路径")
    return Path(text)


def out_path(text: str) -> tuple[Path, bool]:
    """An ``--out`` that may name a folder (argparse ``type``): (the path, whether it is written as a
    folder — 备份/ or 备份\\ — made when missing). An existing folder is one too."""
    return path_value(text), text.endswith(("/", "\\"))
