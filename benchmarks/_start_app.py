"""Child process of benchmarks/province.py: start the window, print markers once it is shown and ready, quit.

    python benchmarks/_start_app.py app --db FILE   the app, through desktop/__main__.py (as python -m desktop)
    python benchmarks/_start_app.py floor           a bare QApplication with an empty QMainWindow

The hook lives only here: the child runs ``desktop`` as ``python -m desktop`` does (runpy), and an
import hook replaces MainWindow in desktop.ui.window.main_window, when that module is first imported, by a
subclass whose first show schedules the marker; nothing else in the app changes. ``SHOWN`` is printed after the first show event and one
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


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux and macOS; 0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows: the Wine benchmark does not ask
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _ready() -> None:
    from PySide6.QtWidgets import QApplication

    mark("ready")
    PHASES["peak_mb"] = peak_mb()
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


class _HookMainWindow:
    """Import hook: once desktop.ui.window.main_window has run, swap its MainWindow for the announcing
    subclass. The app is then started exactly as ``python -m desktop`` starts it."""

    name = "desktop.ui.window.main_window"

    def find_spec(self, fullname, path, target=None):  # the meta path finder protocol
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(fullname)
        run_module = spec.loader.exec_module

        def exec_module(module) -> None:
            run_module(module)
            mark("imports")  # the window's modules are loaded
            module.MainWindow = _hook_show(module.MainWindow)

        spec.loader.exec_module = exec_module
        return spec


def run_app(argv: list[str]) -> int:
    import importlib.util
    import runpy

    if importlib.util.find_spec(_HookMainWindow.name) is None:  # moved: fail now, not wait for a marker
        raise SystemExit(f"benchmarks/_start_app.py: no module {_HookMainWindow.name}; update the hook")
    sys.meta_path.insert(0, _HookMainWindow())
    sys.argv = ["desktop", *argv]
    try:
        runpy.run_module("desktop", run_name="__main__", alter_sys=True)  # python -m desktop
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


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
