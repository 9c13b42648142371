"""Cold start of the frozen Windows window under Wine, against a bare PySide6 window frozen the same way,
and the sizes of what an office downloads: ``.venv/bin/python benchmarks/windows_start.py [--runs N]``.

Needs ``python3 tools/dev.py windows`` first (the bundle in build/windows/dist and the installer in dist/).
The bare window (QApplication + an empty QMainWindow) is frozen by the same Windows Python and PyInstaller
under Wine, one folder, windowed. Each start is a new process on a virtual screen (Xvfb), timed from the
launch until its window is mapped (xdotool); the app opens a database holding the demo data. The Wine
server stays up between runs, so what is timed is the program, not Wine's own start. Median of ``--runs``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import windows as w  # noqa: E402
from tools.check_windows import ensure_chinese_locale, start_xvfb, wait_window  # noqa: E402

BARE = '''
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
win = QMainWindow()
win.setWindowTitle("bare-pyside6-window")
win.resize(800, 600)
win.show()
sys.exit(app.exec())
'''


def build_bare(prefix: Path, env: dict[str, str]) -> Path:
    work = w.WORK / "bare"
    exe = work / "dist" / "bare" / "bare.exe"
    if exe.exists():
        return exe
    work.mkdir(parents=True, exist_ok=True)
    (work / "bare.py").write_text(BARE, encoding="utf-8")
    r = w.run_wine([str(w.WORK / "python" / "python.exe"), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--onedir", "--windowed", "--name", "bare", "--distpath", w.win_path(work / "dist"),
                    "--workpath", w.win_path(work / "build"), "--specpath", w.win_path(work), "bare.py"],
                   env, cwd=work, echo=False)
    if r.returncode != 0 or not exe.exists():
        raise SystemExit("could not freeze the bare window:\n" + r.stdout.decode("utf-8", "replace")[-2000:])
    return exe


def time_starts(args: list[str], title: str, env: dict[str, str], display: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.monotonic()
        proc = subprocess.Popen(["wine", *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        shown = wait_window(display, title, 120)
        took = time.monotonic() - start
        proc.kill()
        subprocess.run(["wine", "taskkill", "/f", "/im", Path(args[0]).name], env=env, capture_output=True)
        proc.wait(timeout=60)
        time.sleep(1)
        if shown is None:
            raise SystemExit(f"{Path(args[0]).name}: no window after 120 s")
        times.append(took)
    return times


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    ns = parser.parse_args(argv)
    bundle = w.WORK / "dist" / w.APP
    setup, archive = w.installer_path(), w.zip_path()
    if not bundle.exists() or not setup.exists():
        print("run python3 tools/dev.py windows first", file=sys.stderr)
        return 2
    ensure_chinese_locale()
    prefix = w.WINE_HOME / "bench-prefix"
    env = w.wine_env(prefix, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    w.prepare_prefix(prefix, w.build_stubs(w.WORK / "stubs"), env)
    bare = build_bare(prefix, env)
    data = prefix / "drive_c" / "bench"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    db = "C:\\bench\\演示 数据.sqlite"
    r = w.run_wine([str(bundle / "zhencun.exe"), "demo", "--db", db], env, echo=False)
    if r.returncode != 0:
        raise SystemExit("demo failed: " + r.stdout.decode("gbk", "replace"))
    server = subprocess.Popen(["wineserver", "-f", "-p"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    xvfb, display = start_xvfb()
    try:
        genv = {**env, "DISPLAY": display}
        # one untimed start of each: Wine maps its DLLs, fontconfig fills its cache
        time_starts([str(bare)], "bare-pyside6-window", genv, display, 1)
        time_starts([str(bundle / f"{w.APP}.exe"), "--db", db], "镇村便民服务试点填报", genv, display, 1)
        app_times, bare_times = [], []
        for _ in range(ns.runs):  # alternate, so that load on the machine affects both alike
            bare_times += time_starts([str(bare)], "bare-pyside6-window", genv, display, 1)
            app_times += time_starts([str(bundle / f"{w.APP}.exe"), "--db", db], "镇村便民服务试点填报", genv,
                                     display, 1)
    finally:
        subprocess.run(["wineserver", "-k"], env=env, capture_output=True)
        server.wait(timeout=60)
        xvfb.terminate()
        xvfb.wait()
    app, base = statistics.median(app_times), statistics.median(bare_times)
    mb = 1e6
    print(f"| cold start to a shown window (median of {ns.runs}, Wine 8, Xvfb) | app {app:.2f} s | "
          f"bare PySide6 window {base:.2f} s | ratio {app / base:.2f} |")
    print(f"| bundle folder | app {folder_size(bundle) / mb:.0f} MB | bare {folder_size(bare.parent) / mb:.0f} MB | |")
    print(f"| installer {setup.name} | {setup.stat().st_size / mb:.1f} MB | | |")
    print(f"| zip {archive.name} | {archive.stat().st_size / mb:.1f} MB | | |")
    print("app runs:", ", ".join(f"{t:.2f}" for t in app_times), "| bare runs:", ", ".join(f"{t:.2f}" for t in bare_times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
