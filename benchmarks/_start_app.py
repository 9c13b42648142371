"""Child process of benchmarks/province.py: start the window, print markers once it is shown and ready, quit.

    python benchmarks/_start_app.py app --db FILE   the app, through desktop.cli.main (as python -m desktop)
    python benchmarks/_start_app.py floor           a bare QApplication with an empty QMainWindow

The hook lives only here: MainWindow in desktop.ui.main_window is replaced by a subclass whose first
show schedules the marker. run_app imports MainWindow inside a function, so it picks up the subclass;
nothing else in the app changes. ``SHOWN`` is printed after the first show event and one
processEvents() (the first paint of the offscreen window). The app's window then loads every list
and checks it (MainWindow.finish_start, after its first paint); ``READY`` is printed when it emits
``started`` (at once for the floor). Then the app quits through its own app.exec() and run_app closes
the store as usual.

Marker lines: ``SHOWN <json>`` and ``READY <json>`` with seconds since this script started
(``phases``), for information; the parent measures the wall time from launching the process to
reading each marker. Set BENCH_PROFILE=FILE to write a cProfile of the whole start to FILE (the
parent's --profile).
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PHASES: dict[str, float] = {}


def mark(name: str) -> None:
    PHASES[name] = round(time.perf_counter() - T0, 4)


def _announce_then_quit(window) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    mark("shown")
    sys.stdout.write("SHOWN " + json.dumps(PHASES) + "\n")
    sys.stdout.flush()
    started = getattr(window, "started", None)
    if started is None or not getattr(window, "starting", False):
        _ready()
    else:  # the app's quick start: wait for the second step (every list loaded and checked)
        started.connect(_ready)


def _ready() -> None:
    from PySide6.QtWidgets import QApplication

    mark("ready")
    sys.stdout.write("READY " + json.dumps(PHASES) + "\n")
    sys.stdout.flush()
    QApplication.quit()


def _hook_show(cls: type) -> type:
    """A subclass of ``cls`` that announces its first show and quits the event loop."""
    from PySide6.QtCore import QTimer

    class Announcing(cls):  # type: ignore[misc, valid-type]
        _announced = False

        def __init__(self, *args, **kwargs) -> None:
            mark("window_init")
            super().__init__(*args, **kwargs)
            mark("window_built")

        def showEvent(self, event) -> None:  # noqa: N802 - Qt override
            super().showEvent(event)
            if not self._announced:
                self._announced = True
                QTimer.singleShot(0, lambda: _announce_then_quit(self))

    Announcing.__name__ = cls.__name__
    return Announcing


def run_app(argv: list[str]) -> int:
    import desktop.ui.main_window as main_window_module
    from desktop import cli

    mark("imports")
    main_window_module.MainWindow = _hook_show(main_window_module.MainWindow)
    return cli.main(argv)


def run_floor() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    mark("imports")
    app = QApplication(sys.argv[:1])
    window = _hook_show(QMainWindow)()
    window.resize(1360, 860)
    window.show()
    return app.exec()


def main() -> int:
    mode, argv = sys.argv[1], sys.argv[2:]
    target = (lambda: run_app(argv)) if mode == "app" else run_floor
    profile_to = os.environ.get("BENCH_PROFILE")
    if not profile_to:
        return target()
    import cProfile

    profiler = cProfile.Profile()
    try:
        return profiler.runcall(target)
    finally:
        profiler.dump_stats(profile_to)


if __name__ == "__main__":
    sys.exit(main())
