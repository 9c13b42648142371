"""``python -m desktop [--db FILE] [--demo] [FILE…]``: the window's arguments, read before Qt is
loaded (a mistake is one Chinese line and exit 2, as on the command line; argparse speaks Chinese and
names the program as the user runs it, desktop.system), then the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_REFUSED = 2


class LaunchError(Exception):
    """The window cannot be opened with these arguments; the message says why."""


def window_args(args: Sequence[str]) -> tuple[Path | None, bool] | None:
    """The window's usual arguments (none, ``--db FILE``, ``--demo``) read without argparse, which
    takes 3 ms at start looking for translations of its own messages; None for anything else
    (help, version, files, mistakes), which argparse then handles."""
    db, demo, rest = None, False, list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo":
            demo = True
        elif arg == "--db" and rest and rest[0] and not rest[0].startswith("-"):
            db = Path(rest.pop(0))
        elif arg.startswith("--db=") and len(arg) > len("--db="):
            db = Path(arg[len("--db="):])
        else:
            return None
    return db, demo


def parser():
    from desktop.system.about import APP_NAME, __version__
    from desktop.system.argparse_zh import ChineseParser
    from desktop.system.paths import default_db_path
    from desktop.system.program import COMMANDS, program_name

    prog = program_name()
    p = ChineseParser(prog=prog, description=f"{APP_NAME}（{__version__}）：不带命令运行时打开窗口")
    p.add_argument("--db", type=Path, metavar="FILE",
                   help=f"数据库文件（默认 {default_db_path()}；不存在则新建）")
    p.add_argument("--demo", action="store_true", help="打开填好示例名单的演示数据库")
    p.add_argument("--version", action="version", version=__version__, help="显示版本号并退出")
    p.add_argument("files", type=Path, nargs="*", metavar="FILE",
                   help="打开窗口后导入的交换包（.zctb）、工作簿或邮件（.eml）（双击 .zctb 文件时由系统传入）")
    p.epilog = f"命令：{'、'.join(COMMANDS)}（用“{prog} 命令 --help”查看用法）"
    return p


def _demo_database(db: Path) -> None:
    """Fill an empty demo database with the demo data (what ``python -m desktop demo`` writes)."""
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.services.demo import write_demo
    from desktop.store.database import DatabaseError, StoreError, open_store
    from desktop.store.failures import failure_text

    try:
        store = open_store(db, create=True)
    except DatabaseError as exc:
        raise LaunchError(str(exc)) from exc
    try:
        if not store.counts()["towns"] and not store.read_only:
            print(write_demo(store, load_gazetteer()).summary())
    except (StoreError, OSError) as exc:  # busy, a full disk: the real cause, no traceback
        raise LaunchError(failure_text(exc, db)) from exc
    finally:
        store.close()


def _not_a_file(path: Path) -> str:
    """A word that is no file: most likely a command typed wrong (chek), else a file that is not there."""
    import difflib

    from desktop.system.program import COMMANDS, command_text

    word = str(path)
    if not path.suffix and len(path.parts) == 1:
        close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
        hint = f"是要用“{command_text(close[0])}”吗？" if close else f"命令有：{'、'.join(COMMANDS)}。"
        return f"没有“{word}”这个命令，也没有名为“{word}”的文件：{hint}（{command_text('--help')} 查看用法）"
    return f"找不到要打开的文件“{path}”，请检查路径"


def main(args: Sequence[str]) -> int:
    """Open the window (the exit code of the window, or 2 when the arguments are refused)."""
    from desktop.system.paths import default_data_dir, default_db_path

    try:
        quick = window_args(args)
        if quick is None:
            ns = parser().parse_args(list(args))
            db, demo, files = ns.db, ns.demo, list(ns.files)
        else:
            (db, demo), files = quick, []
        if db is not None and db.is_dir():
            raise LaunchError(f"“{db}”是一个文件夹，不是数据库文件：请写数据库文件的路径，如“{db / '填报数据.sqlite'}”")
        for path in files:
            if not path.is_file():
                raise LaunchError(_not_a_file(path))
        if demo:
            db = db or default_data_dir() / "演示数据.sqlite"
            _demo_database(db)
    except LaunchError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    from desktop.ui.app import run_app

    return run_app(db or default_db_path(), demo=demo, open_files=[p.resolve() for p in files])
