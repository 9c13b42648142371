"""Check a built one-folder bundle: ``python tools/check_bundle.py dist/zhencun-tianbao``.

Runs on the machine that built it (Linux or Windows), with the project's Python (openpyxl is needed to read
an exported workbook back). Checks that the shipped files and Qt's Chinese strings are inside, that the
frozen program's commands work (``demo``, ``check``, ``export``; exit codes and files only, since a
``console=False`` build has no stdout on Windows), that they work with no stdout/stderr at all, and that
the window starts with the ``offscreen`` platform and is still running after ``--timeout`` seconds, with
no traceback and no crash log. Prints the bundle size and its largest files. Exit code 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "zhencun-tianbao"
SHIPPED = ("resources", "templates_xlsx")
ATTACHMENTS = ("附件1", "附件2", "附件3")
NATIVE_PLATFORM = {"win32": "windows", "darwin": "cocoa"}.get(sys.platform, "xcb")
# Must not be in the bundle (build.spec leaves them out; the app uses QtCore, QtGui, QtWidgets and QtPrintSupport).
UNWANTED = ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Svg", "Qt6Pdf", "opengl32sw", "libssl", "libcrypto")


class Checker:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'}  {what}" + (f" — {detail}" if detail and not ok else ""), flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def contents_dir(dist: Path) -> Path:
    """PyInstaller 6 puts everything but the executable in ``_internal``; older layouts keep it flat."""
    inner = dist / "_internal"
    return inner if inner.is_dir() else dist


def executable(dist: Path) -> Path:
    return dist / (APP + (".exe" if sys.platform == "win32" else ""))


def run(exe: Path, *args: str | Path, env: dict[str, str], quiet: bool = False,
        timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the frozen program. ``quiet``: no stdout/stderr at all (as a console=False build on Windows)."""
    streams: dict = {"capture_output": True}
    if quiet:
        streams = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        if os.name == "posix":
            streams["preexec_fn"] = _close_std_streams
    return subprocess.run([str(exe), *map(str, args)], env=env, timeout=timeout, **streams)


def _close_std_streams() -> None:
    os.close(1)
    os.close(2)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")


def _tail(result: subprocess.CompletedProcess) -> str:
    out = (_text(result.stdout) + _text(result.stderr)).strip()
    return f"exit {result.returncode}: {out[-600:]}" if out else f"exit {result.returncode}"


def check_files(c: Checker, dist: Path) -> None:
    inner = contents_dir(dist)
    c.check(executable(dist).is_file(), f"executable {executable(dist).name}")
    gazetteer = inner / "resources" / "gazetteer"
    c.check(any(gazetteer.glob("*.csv")) and (gazetteer / "SOURCE.txt").is_file(),
            "resources/gazetteer: *.csv and SOURCE.txt")
    c.check((inner / "resources" / "indicators.json").is_file(), "resources/indicators.json")
    for name in ATTACHMENTS:
        c.check((inner / "templates_xlsx" / f"{name}.xlsx").is_file(), f"templates_xlsx/{name}.xlsx")
    for folder in SHIPPED:  # everything the source tree ships, byte for byte the same size
        source = ROOT / folder
        if not source.is_dir():
            continue
        missing = [str(p.relative_to(ROOT)) for p in sorted(source.rglob("*")) if p.is_file()
                   and (not (inner / p.relative_to(ROOT)).is_file()
                        or (inner / p.relative_to(ROOT)).stat().st_size != p.stat().st_size)]
        c.check(not missing, f"{folder}/ matches the source tree", "missing or different: " + ", ".join(missing))

    qm = [p for p in inner.rglob("qtbase_zh_CN.qm") if p.parent.name == "translations"]
    c.check(bool(qm), "Qt translation qtbase_zh_CN.qm (确定/取消)")
    platforms = {re.sub(r"^(lib)?q", "", p.name.split(".")[0]) for p in inner.rglob("*")
                 if p.parent.name == "platforms" and p.parent.parent.name == "plugins"}
    for name in ("offscreen", NATIVE_PLATFORM):
        c.check(name in platforms, f"Qt platform plugin '{name}'", f"found: {sorted(platforms)}")
    unwanted = sorted({p.name for p in inner.rglob("*") if any(u.lower() in p.name.lower() for u in UNWANTED)})
    c.check(not unwanted, "no unneeded Qt modules / OpenSSL", ", ".join(unwanted))


def check_commands(c: Checker, dist: Path, work: Path, env: dict[str, str]) -> None:
    exe = executable(dist)
    db = work / "检查 数据" / "演示.sqlite"
    version = run(exe, "--version", env=env)
    expected = _source_version()
    shown = _text(version.stdout).strip()
    c.check(version.returncode == 0 and (not shown or expected is None or shown == expected),
            f"--version{f' ({shown})' if shown else ''}", f"expected {expected}; {_tail(version)}")

    if sys.platform != "win32":  # the Windows window program has no console: zhencun.exe is checked under Wine
        r = run(exe, "check", "--help", env=env)
        text = _text(r.stdout)
        c.check(r.returncode == 0 and text.startswith(f"用法：{exe.name} check [-h] --db FILE") and "退出码：" in text,
                "check --help is Chinese and names the program as it is run", _tail(r))
    r = run(exe, "demo", "--db", db, env=env)
    if not c.check(r.returncode == 0 and db.is_file(), "demo --db writes the demo database", _tail(r)):
        return
    r = run(exe, "check", "--db", db, env=env)
    c.check(r.returncode == 0, "check --db: no errors in the demo data", _tail(r))
    r = run(exe, "check", "--db", work / "没有这个文件.sqlite", env=env)
    c.check(r.returncode == 2 and b"Traceback" not in r.stderr, "check --db on a missing file: exit 2, no traceback",
            _tail(r))

    out = work / "导出 文件"
    r = run(exe, "export", "--db", db, "--out", out, env=env)
    if c.check(r.returncode == 0, "export --db --out", _tail(r)):
        check_exported(c, out)
    quiet_out = work / "导出 无输出"
    r = run(exe, "export", "--db", db, "--out", quiet_out, env=env, quiet=True)
    c.check(r.returncode == 0 and len(list(quiet_out.glob("*.xlsx"))) == len(ATTACHMENTS),
            "export with no stdout/stderr (console=False on Windows)", f"exit {r.returncode}")


def check_exported(c: Checker, out: Path) -> None:
    try:
        import openpyxl
    except ImportError:
        c.check(False, "read the exported workbooks", "openpyxl is missing: run with the project's Python")
        return
    for name in ATTACHMENTS:
        files = sorted(out.glob(f"{name} *.xlsx"))
        if not c.check(len(files) == 1, f"exported {name}", f"found {[f.name for f in files]}"):
            continue
        wb = openpyxl.load_workbook(files[0], read_only=True)
        try:
            a1 = wb.worksheets[0]["A1"].value
        finally:
            wb.close()
        c.check(a1 == name, f"exported {name}: A1 is “{name}”", f"A1 is {a1!r}")


def check_window(c: Checker, dist: Path, work: Path, env: dict[str, str], timeout: float) -> None:
    """``--demo`` with the offscreen platform must still be running after ``timeout`` seconds.

    The app has no quit-after-start switch, so "the window is up" is judged from outside: the process
    is alive, it holds the database's lock file (taken once Qt and the app's modules are loaded, just
    before the window is built), it printed no traceback, and its crash reporter wrote no crash log.
    """
    data = work / "用户 数据"
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "ZHENCUN_DATA_DIR": str(data)}
    proc = subprocess.Popen([str(executable(dist)), "--demo"], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
        running = False
    except subprocess.TimeoutExpired:
        running = True
    locks = sorted(p.name for p in data.glob("*.lock")) if running else []
    if running:
        proc.terminate()
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    text = (_text(out) + _text(err)).strip()
    crashes = sorted(p.name for p in (data / "logs").glob("crash-*.log"))
    c.check(running, f"--demo window still running after {timeout:g} s (offscreen)",
            f"exited with {proc.returncode}: {text[-800:]}")
    c.check((data / "演示数据.sqlite").is_file(), "--demo created the demo database in ZHENCUN_DATA_DIR")
    if running:
        c.check(bool(locks), "--demo holds the database lock (the window was being built)",
                f"no *.lock in {data}")
    c.check("Traceback" not in text, "--demo printed no traceback", text[-800:])
    c.check(not crashes, "--demo wrote no crash log", ", ".join(crashes))


def _source_version() -> str | None:
    init = ROOT / "desktop" / "system" / "about.py"
    if not init.is_file():
        return None
    match = re.search(r'__version__ = "([^"]+)"', init.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def report_size(dist: Path, top: int = 8) -> None:
    files = [p for p in dist.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    print(f"size  {total / 2**20:.0f} MB in {len(files)} files; largest:")
    for p in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:top]:
        print(f"      {p.stat().st_size / 2**20:6.1f} MB  {p.relative_to(dist).as_posix()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the bundle folder, e.g. dist/zhencun-tianbao")
    parser.add_argument("--timeout", type=float, default=20, help="seconds the window must keep running (20)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    dist: Path = args.dist.resolve()
    if not executable(dist).is_file():
        print(f"FAIL  no {executable(dist).name} in {dist} (build it: pyinstaller --noconfirm build.spec)")
        return 1
    c = Checker()
    check_files(c, dist)
    with tempfile.TemporaryDirectory(prefix="check-bundle-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "ZHENCUN_DATA_DIR": str(work / "默认 数据")}
        env.pop("QT_QPA_PLATFORM", None)
        check_commands(c, dist, work, env)
        check_window(c, dist, work, env, args.timeout)
    report_size(dist)
    if c.failures:
        print(f"{len(c.failures)} check(s) failed")
        return 1
    print("bundle ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
