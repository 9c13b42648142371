"""The command line: ``python -m desktop COMMAND …`` (``zhencun.exe COMMAND …`` on Windows; the name
the user runs is ``desktop.system.program.program_name``, argparse speaks Chinese: system.argparse_zh).

    demo --db FILE                         write the demo data into FILE
    import --db FILE [--dry-run] PATH...   import workbooks and exchange packages
    check --db FILE                        print every finding; exit 1 on errors
    export --db FILE --out DIR [--month M] write the official workbooks; exit 1 on errors
    backup --db FILE --out PATH            a consistent copy of the database
    backup --db FILE --restore FILE        replace the data with a backup (a 恢复前 copy first)
    package --db FILE --out PATH [--scope NAME]  write an exchange package (.zctb)
    settings, submit, history, evaluation, receiving  see ``COMMAND --help``

Commands need no display and never load Qt. Exit codes: desktop.cli.common; every command's --help
states them, and its ``--db`` has a help text, both added here to whatever the command module declares.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from desktop.cli.common import EXIT_REFUSED, CliError, exit_codes_help, path_value, tell
from desktop.services.common import ExistingFile, ServiceError
from desktop.store.database import StoreError
from desktop.store.failures import failure_text
from desktop.system.argparse_zh import ChineseParser
from desktop.system.oserrors import os_error_text
from desktop.system.program import COMMANDS, program_name


def _modules() -> dict[str, ModuleType]:
    from desktop.cli import (
        backup,
        check,
        demo,
        evaluation,
        export,
        history,
        importing,
        package,
        receiving,
        settings,
        submit,
    )

    return {"demo": demo, "import": importing, "check": check, "export": export, "backup": backup,
            "package": package, "settings": settings, "submit": submit, "history": history,
            "evaluation": evaluation, "receiving": receiving}


def parser() -> argparse.ArgumentParser:
    from desktop.system.about import APP_NAME, __version__

    prog = program_name()
    p = ChineseParser(prog=prog, description=f"{APP_NAME}（{__version__}）的命令行",
                      epilog=f"{exit_codes_help('')}。用“{prog} 命令 --help”查看一个命令的用法；不带命令运行则打开窗口")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    for module in _modules().values():
        module.add_parser(sub)
    for name, command in sub.choices.items():
        _complete(name, command)
    return p


def _complete(name: str, command: argparse.ArgumentParser) -> None:
    """What every command's --help says: its exit codes, and what ``--db`` is."""
    from desktop.system.paths import default_db_path

    codes = exit_codes_help(name)
    command.epilog = f"{command.epilog} {codes}" if command.epilog else codes
    for action in command._actions:
        if action.type is Path:  # "" would be the current folder: refused as no path at all
            action.type = path_value
        if "--db" in action.option_strings:
            action.metavar = action.metavar or "FILE"
            action.help = action.help or f"数据库文件（窗口默认使用的是 {default_db_path()}）"


def _parse(args: list[str]) -> argparse.Namespace:
    """The arguments; a mistake after the command's name is reported by that command's parser (its
    usage, its --help)."""
    p = parser()
    ns, extra = p.parse_known_args(args)
    if extra:
        commands = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        commands.choices[ns.command].error(f"无法识别的参数 {' '.join(extra)}")
    return ns


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``argv[0]`` is its name); returns the exit code."""
    from desktop.system.about import collector_off

    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    ns = None
    try:
        ns = _parse(args)
        with collector_off():
            return _modules()[ns.command].run(ns)
    except (CliError, ServiceError) as exc:  # refused: what the command or the service said
        tell(f"错误：{exc}" + ("；要覆盖它请加上 --replace" if isinstance(exc, ExistingFile) else ""))
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        return EXIT_REFUSED
    except StoreError as exc:  # the database refused (busy, read-only, a full disk): the real cause
        tell(f"错误：{failure_text(exc, getattr(ns, 'db', None))}")
        return EXIT_REFUSED
    except OSError as exc:  # a last resort: never a traceback, never the system's English text
        where = f"“{exc.filename}”" if getattr(exc, "filename", None) else ""
        tell(f"错误：无法读写{where}（{os_error_text(exc)}），请检查路径和权限后重试")
        return EXIT_REFUSED
    except Exception as exc:  # a fault of the program: still exit 2 (not 1, "findings"), and say where
        tell(f"错误：程序内部出错，命令没有完成（{_where(exc)}）；请把这条信息和所用的命令告诉维护人员")
        return EXIT_REFUSED


def _where(exc: Exception) -> str:
    """``ValueError：…，位于 desktop/services/x.py 第 12 行`` — what a maintainer needs to find a fault."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    text = f"{type(exc).__name__}：{exc}" if str(exc) else type(exc).__name__
    if not frames:
        return text
    last = frames[-1]
    root = Path(__file__).resolve().parents[2].as_posix() + "/"  # the project (from source)
    path = last.filename.replace("\\", "/").removeprefix(root)
    return f"{text}，位于 {path} 第 {last.lineno} 行"


__all__ = ["COMMANDS", "main", "parser"]
