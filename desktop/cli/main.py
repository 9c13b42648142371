"""The command line: ``python -m desktop COMMAND …`` (``zhencun.exe COMMAND …`` on Windows).

    demo --db FILE                         write the demo data into FILE
    import --db FILE [--dry-run] PATH...   import workbooks and exchange packages
    check --db FILE                        print every finding; exit 1 on errors
    export --db FILE --out DIR [--month M] write the official workbooks; exit 1 on errors
    backup --db FILE --out PATH            a consistent copy of the database
    backup --db FILE --restore FILE        replace the data with a backup (a 恢复前 copy first)
    package --db FILE --out PATH [--scope NAME]  write an exchange package (.zctb)
    settings, submit, history, evaluation, receiving  see ``COMMAND --help``

Commands need no display and never load Qt. Exit codes: desktop.cli.common.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from desktop.cli.common import COMMANDS, EXIT_REFUSED, CliError, tell
from desktop.store.database import StoreError
from desktop.store.failures import failure_text
from desktop.system.oserrors import os_error_text


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
    p = argparse.ArgumentParser(prog="python -m desktop")
    sub = p.add_subparsers(dest="command", required=True)
    for module in _modules().values():
        module.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``argv[0]`` is its name); returns the exit code."""
    from desktop.system.about import start_collecting

    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    ns = None
    try:
        start_collecting()  # a command may build much garbage (big workbooks)
        ns = parser().parse_args(args)
        return _modules()[ns.command].run(ns)
    except CliError as exc:
        tell(f"错误：{exc}")
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


__all__ = ["COMMANDS", "main", "parser"]
