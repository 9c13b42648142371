"""``python -m desktop`` (and ``zhencun``/``zhencun.exe``): a command (demo, import, check, export, …)
when the first argument names one, else the window."""

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the program itself (a caller in the same process keeps its collector as it is)
        # Start-up makes many objects that live as long as the program (modules, classes, the Qt enums
        # PySide6 builds) and almost no garbage: the cyclic collector would run about 50 times for
        # nothing (6 ms). desktop.system.about.start_collecting() turns it back on before the window is
        # shown; a command runs without it (desktop.system.about.collector_off).
        gc.disable()
    args = list(sys.argv[1:] if argv is None else argv)
    from desktop.system.program import COMMANDS

    if args and args[0] in COMMANDS:
        from desktop.cli.main import main as run_command

        if argv is None:  # the program itself, not a caller in the same process
            sys.unraisablehook = _quiet_unraisable
        code = run_command(args)
        if argv is None:
            _leave(code)
        return code
    from desktop.ui.launch import main as open_window

    return open_window(args)


def _leave(code: int) -> None:
    """End the program after a command, without Python tearing down what it made: the command has closed
    its database and files, and freeing the province's rows, the gazetteer and every module one by one
    (about 30 ms after an import of the province's 附件3) would only keep the user waiting. Output that
    cannot be written out (a full disk, a pipe closed early) ends it with 120, as Python itself would."""
    import atexit
    import os

    getattr(atexit, "_run_exitfuncs", lambda: None)()  # what was registered to run at exit still runs
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console (the windowed program, closed descriptors): nothing to write out
            continue
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - whatever the stream raises, the output is lost: say so by the code
            code = 120
    os._exit(code)


def _quiet_unraisable(unraisable) -> None:
    """A file that failed to be written (a full disk) may fail again when its object is collected (a zip
    closed by its finaliser, at exit): the command has already said why in Chinese, so no traceback."""
    if isinstance(unraisable.exc_value, OSError):
        return
    sys.__unraisablehook__(unraisable)


if __name__ == "__main__":
    sys.exit(main())
