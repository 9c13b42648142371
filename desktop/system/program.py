"""What the user types to run the program: argparse's ``prog`` and every message that tells the user to
run a command (``请用 zhencun.exe history 查看编号``) use it, so that the advice can be followed as written.

* the Windows build (frozen by PyInstaller): ``zhencun.exe``, the console program beside the window's
  ``zhencun-tianbao.exe`` (the window has no console; commands are run with ``zhencun.exe``);
* another frozen build (the Linux bundle): the bundle's executable, ``zhencun-tianbao``;
* the console script pip installs: ``zhencun``;
* from source: ``python -m desktop``.
"""

from __future__ import annotations

import sys
from pathlib import Path

WINDOWS_CONSOLE_EXE = "zhencun.exe"
CONSOLE_SCRIPT = "zhencun"
FROM_SOURCE = "python -m desktop"


def program_name() -> str:
    """The command the user runs this program with (see the module's docstring)."""
    if getattr(sys, "frozen", False):
        if sys.platform == "win32":
            return WINDOWS_CONSOLE_EXE
        return Path(sys.executable).name
    started = sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if sys.argv and sys.argv[0] else ""
    for tail in ("-script.pyw", "-script.py", ".exe"):  # pip's launchers on Windows
        started = started.removesuffix(tail)
    return CONSOLE_SCRIPT if started == CONSOLE_SCRIPT else FROM_SOURCE


def command_text(*words: str) -> str:
    """A command as the user types it: ``command_text("history")`` → ``zhencun.exe history``."""
    return " ".join((program_name(), *words))


# The command-line commands (desktop/cli/): the entry sends these to the command line and anything else
# to the window, which names them when a word on its command line is neither a command nor a file.
COMMANDS = ("demo", "import", "check", "export", "backup", "package", "settings", "submit", "history",
            "evaluation", "receiving")
