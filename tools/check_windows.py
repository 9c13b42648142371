"""Install the Windows build under Wine and prove it works: ``python3 tools/dev.py check-windows``.

Needs the output of ``python3 tools/dev.py windows`` (dist/…-setup.exe). In a fresh Wine prefix with a
Chinese locale (code page 936, as on a Chinese Windows), it

1. installs an older-labelled build silently (``/S``), writes data with it, then installs this build over
   it: the data stays, the program files are replaced, 程序和功能 shows the new version, and a database of
   an older schema (tests/fixtures) is upgraded after a backup when the new program opens it;
2. runs the installed ``zhencun.exe`` — ``demo``, ``check``, ``export``, ``import``, ``package``,
   ``settings`` — on paths with Chinese names and spaces, reading its Chinese output and exit codes, and
   reads the exported workbooks back;
3. covers Windows' own troubles: a workbook held open by another program (as Excel/WPS hold it) while
   exporting over it, a path longer than 260 characters, a data folder on a network drive that disappears;
4. starts the window on a virtual screen (Xvfb) from the Start-menu target with no arguments (the data
   folder %APPDATA%\\zhencun-tianbao), saves a screenshot, refuses a second instance, and opens a .zctb
   through its file association (the import preview appears);
5. uninstalls: while the program runs, the uninstaller (run as 程序和功能 and scripts run it) finds it,
   asks to close it and removes nothing (silently: exit code 2); once it is closed, the program,
   shortcuts and registry entries go and the data folder stays.

Before all that, on Windows 7 (``winecfg -v win7``) the installer refuses and installs nothing. Each
screenshot captures its own window (xwd -id) and is checked not to be blank.

Exit 0 when every check passed. ``--screenshot FILE`` also saves the window's screenshot there (the README's).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import windows as w  # noqa: E402
from tools.wine_screen import (  # noqa: E402
    press,
    screenshot,
    start_xvfb,
    wait_new_window,
    wait_window,
    window_named,
    windows_named,
)

ROOT = w.ROOT
APP_NAME = "镇村便民服务试点填报"
CHECK = w.WORK / "check"
DATA_FOLDER = r"zhencun-tianbao"
WORK_DIR = "填报 资料 2021"  # C:\填报 资料 2021 — Chinese and a space


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def __call__(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok    {what}", flush=True)
        else:
            self.failed.append(what)
            print(f"  FAIL  {what}" + (f"\n        {detail.strip()[:1500]}" if detail else ""), flush=True)
        return ok


class Wine:
    """A fresh prefix with a Chinese locale; paths inside it, and the installed program."""

    def __init__(self, root: Path) -> None:
        shutil.rmtree(root, ignore_errors=True)
        self.root = root
        self.prefix = root / "prefix"
        self.home = root / "home"
        self.home.mkdir(parents=True)
        self.env = w.wine_env(self.prefix, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", HOME=str(self.home))
        w.prepare_prefix(self.prefix, w.build_stubs(w.WORK / "stubs"), self.env)
        self.set_windows("win10")  # a new Wine 8 prefix says Windows 7; the program is for 10 and 11
        self.user = next(p.name for p in (self.prefix / "drive_c" / "users").iterdir()
                         if p.is_dir() and p.name not in ("Public", "public"))

    @property
    def c(self) -> Path:
        return self.prefix / "drive_c"

    def profile(self) -> Path:
        return self.c / "users" / self.user

    def install_dir(self) -> Path:
        return self.profile() / "AppData" / "Local" / "Programs" / "zhencun-tianbao"

    def data_dir(self) -> Path:
        return self.profile() / "AppData" / "Roaming" / DATA_FOLDER

    def win(self, path: Path) -> str:
        """A path under drive_c as the program sees it (C:\\…)."""
        rel = path.relative_to(self.c)
        return "C:\\" + str(rel).replace("/", "\\")

    def run(self, args: list[str], timeout: float = 600, extra_env: dict[str, str] | None = None
            ) -> tuple[int, str]:
        env = {**self.env, **(extra_env or {})}
        r = w.run_wine(args, env, timeout=timeout, echo=False)
        return r.returncode, r.stdout.decode("gbk", "replace")

    def set_windows(self, version: str) -> None:
        """The Windows version Wine reports (winecfg -v win7, win10)."""
        subprocess.run(["winecfg", "-v", version], env=self.env, capture_output=True, timeout=600)
        self.wait()

    def windows_version(self) -> str:
        return self.run(["cmd", "/c", "ver"])[1].strip()

    def wait(self, timeout: float = 600) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env, capture_output=True, timeout=timeout)

    def kill(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, timeout=60)

    def reg(self, key: str, value: str = "") -> str | None:
        args = ["reg", "query", key] + (["/v", value] if value else ["/ve"])
        code, out = self.run(args)
        if code != 0:
            return None
        for line in out.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[1].startswith("REG_"):
                return parts[2].strip()
        return None

    def cli(self, *args: str, timeout: float = 600) -> tuple[int, str]:
        return self.run([str(self.install_dir() / "zhencun.exe"), *args], timeout=timeout)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install(wine: Wine, setup: Path) -> int:
    code, _ = wine.run([str(setup), "/S"])
    wine.wait()
    return code


def check_old_windows(c: Checks, wine: Wine, setup: Path) -> None:
    """The program needs 64-bit Windows 10 or 11: on Windows 7 the installer says so and installs nothing."""
    print("an older Windows", flush=True)
    wine.set_windows("win7")
    try:
        c(" 6.1." in wine.windows_version(), "Wine now says Windows 7", wine.windows_version())
        code, _ = wine.run([str(setup), "/S"])
        wine.wait()
        c(code == 2 and not wine.install_dir().exists() and wine.reg(UNINSTALL_KEY, "DisplayName") is None,
          "on Windows 7 the installer refuses (exit code 2) and installs nothing", f"exit {code}")
    finally:
        wine.set_windows("win10")
    c(" 10.0." in wine.windows_version(), "Wine says Windows 10 again", wine.windows_version())


def check_install(c: Checks, wine: Wine, old_setup: Path, setup: Path, version: str) -> None:
    print("install over an older version", flush=True)
    c(install(wine, old_setup) == 0 and (wine.install_dir() / "zhencun-tianbao.exe").exists(),
      "the older build installs silently (/S) into %LOCALAPPDATA%\\Programs without administrator rights")
    key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\zhencun-tianbao"
    c(wine.reg(key, "DisplayVersion") == "0.0.9", "程序和功能 shows the older version", str(wine.reg(key, "DisplayVersion")))
    data = wine.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    fixture = ROOT / "tests" / "fixtures" / "schema-v5.sqlite"
    db = data / "填报数据.sqlite"
    shutil.copy2(fixture, db)
    kept = sha(db)
    stale = wine.install_dir() / "_internal" / "old-version-only.txt"
    stale.write_text("from the old version", encoding="utf-8")

    c(install(wine, setup) == 0, "this build installs over it silently")
    c(wine.reg(key, "DisplayVersion") == version, f"程序和功能 shows {version}", str(wine.reg(key, "DisplayVersion")))
    c(wine.reg(key, "DisplayName") == APP_NAME, "程序和功能 shows the Chinese name", str(wine.reg(key, "DisplayName")))
    uninstall = wine.reg(key, "UninstallString") or ""
    c("uninstall.exe" in uninstall, "an uninstaller is registered", uninstall)
    c(not stale.exists(), "the older version's program files are removed")
    c(db.exists() and sha(db) == kept, "the data file is untouched by the installer")
    c(not list(wine.install_dir().rglob("icuuc.dll")) and not list(wine.install_dir().rglob("bcryptprimitives.dll")),
      "the Wine-only DLL stand-ins are not in the installed program")
    start_menu = wine.profile() / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    c((start_menu / f"{APP_NAME}.lnk").exists(), "the Start-menu shortcut has the Chinese name")
    c((wine.profile() / "Desktop" / f"{APP_NAME}.lnk").exists(), "the desktop shortcut is made (on by default)")
    c(wine.reg(r"HKCU\Software\Classes\.zctb") == "ZhencunTianbao.Package", ".zctb files belong to the program")
    command = wine.reg(r"HKCU\Software\Classes\ZhencunTianbao.Package\shell\open\command") or ""
    c(command.endswith('zhencun-tianbao.exe" "%1"'), ".zctb opens with the window program", command)

    print("the older database, opened by the new program", flush=True)
    code, out = wine.cli("check", "--db", wine.win(db))
    c(code in (0, 1) and ("错误" in out or "警告" in out or "没有" in out), "check opens the older database", out)
    version_now = sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0]
    c(version_now > 5, f"the database is upgraded (schema 5 → {version_now})")
    backups = list((data / "backups").glob("*.sqlite")) if (data / "backups").exists() else []
    old = [b for b in backups if sqlite3.connect(b).execute("PRAGMA user_version").fetchone()[0] == 5]
    c(bool(old), "a backup of the schema-5 database was made before upgrading", str(backups))


def check_cli(c: Checks, wine: Wine) -> Path:
    print("command line on paths with Chinese names and spaces", flush=True)
    folder = wine.c / WORK_DIR
    folder.mkdir()
    db = folder / "演示 数据.sqlite"
    code, out = wine.cli("demo", "--db", wine.win(db))
    c(code == 0 and db.exists(), "zhencun.exe demo writes the demo database", out)
    code, out = wine.cli("check", "--db", wine.win(db))
    c(code in (0, 1) and ("附件" in out or "月报" in out or "没有" in out), "check prints Chinese (code page 936)", out)
    code, out = wine.cli("settings", "--db", wine.win(db))
    c(code == 0 and "填报单位" in out, "settings prints the unit in Chinese", out)
    code, out = wine.cli("settings", "--db", wine.win(db), "--region", "不存在的地方")
    c(code == 2 and "不存在的地方" in out, "a wrong region is exit 2 with a Chinese message", out)
    code, out = wine.cli("check", "--help")
    c(code == 0 and out.startswith("用法：zhencun.exe check [-h] --db FILE") and "退出码：0=完成；1=有错误；2=拒绝执行" in out
      and "usage" not in out, "check --help is Chinese, names zhencun.exe and states the exit codes", out)
    code, out = wine.cli("export", "--db", wine.win(db))
    c(code == 2 and "错误：缺少必填的参数 --out；请用“zhencun.exe export --help”查看用法" in out,
      "a usage mistake is exit 2, in Chinese, naming zhencun.exe", out)
    code, out = wine.cli("history", "--db", wine.win(db), "--diff", "999")
    c(code == 2 and "请用 zhencun.exe history 查看编号" in out, "advice to run a command names zhencun.exe", out)
    out_dir = folder / "导出 文件"
    code, out = wine.cli("export", "--db", wine.win(db), "--out", wine.win(out_dir))
    books = sorted(out_dir.glob("*.xlsx")) if out_dir.exists() else []
    c(code == 0 and len(books) >= 3, "export writes the workbooks", out)
    try:
        from openpyxl import load_workbook

        names = []
        for book in books:
            wb = load_workbook(book, read_only=True)
            names += [str(v) for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v]
            wb.close()
        c(any("镇" in n for n in names) and any("村" in n for n in names),
          "the exported workbooks read back with their towns and villages")
    except ImportError:  # run without the project's venv: the sizes stand in
        c(all(b.stat().st_size > 4000 for b in books), "the exported workbooks are not empty")
    package = folder / "交换 包.zctb"
    code, out = wine.cli("package", "--db", wine.win(db), "--out", wine.win(package))
    c(code == 0 and package.exists(), "package writes a .zctb", out)
    fresh = folder / "新 数据.sqlite"
    code, out = wine.cli("import", "--db", wine.win(fresh), *[wine.win(b) for b in books if "附件1" in b.name])
    c(code == 0, "import reads an exported 附件1 into a fresh database", out)
    code, out = wine.cli("check", "--db", wine.win(fresh))
    c(code in (0, 1) and out.strip() != "", "check runs on the imported data", out)
    other = folder / "县 汇总.sqlite"
    code, out = wine.cli("import", "--db", wine.win(other), wine.win(package))
    c(code == 0, "import reads the .zctb package", out)
    # In a console window (cmd.exe, PowerShell) Python writes through the console's wide-character API, not
    # the code page: run it on a terminal (script gives it one; Wine's console turns it into UTF-8 there).
    if shutil.which("script"):
        command = " ".join(f"'{a}'" for a in ["wine", str(wine.install_dir() / "zhencun.exe"), "settings", "--db",
                                              wine.win(folder / "没有 这个.sqlite")])
        r = subprocess.run(["script", "-qec", command + "; echo EXIT=$?", "/dev/null"], env=wine.env,
                           capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
        text = re.sub(r"\x1b\[[?0-9;]*[a-zA-Z]", "", r.stdout.decode("utf-8", "replace"))
        c("找不到数据库" in text and "没有 这个.sqlite" in text and "EXIT=2" in text,
          "in a console, zhencun.exe prints its Chinese message (console API) and exits 2", text)
    bad = folder / "不是 工作簿.xlsx"
    bad.write_bytes(b"this is not a workbook")
    code, out = wine.cli("import", "--db", wine.win(other), wine.win(bad))
    c(code == 2 and "不是 工作簿.xlsx" in out and "Traceback" not in out,
      "a broken workbook is exit 2 with a message naming it", out)
    return db


HOLD = r"""
import ctypes, sys, time
k = ctypes.WinDLL("kernel32", use_last_error=True)
k.CreateFileW.restype = ctypes.c_void_p
h = k.CreateFileW(sys.argv[1], 0x80000000 | 0x40000000, 0, None, 3, 0, None)  # read+write, no sharing
print("held" if h not in (None, ctypes.c_void_p(-1).value) else f"error {ctypes.get_last_error()}", flush=True)
time.sleep(float(sys.argv[2]))
"""


def check_windows_troubles(c: Checks, wine: Wine, db: Path) -> None:
    print("Windows troubles: a file held open, a long path, a network drive that goes away", flush=True)
    folder = wine.c / WORK_DIR
    out_dir = folder / "导出 文件"
    target = next(out_dir.glob("*附件1*.xlsx"))
    before = sha(target)
    script = folder / "hold.py"
    script.write_text(HOLD, encoding="utf-8")
    holder = subprocess.Popen(["wine", str(w.WORK / "python" / "python.exe"), str(script), wine.win(target), "60"],
                              env=wine.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert holder.stdout is not None
    first = holder.stdout.readline().decode("utf-8", "replace").strip()
    if c(first == "held", "another program holds 附件1 open without sharing (as Excel/WPS do)", first):
        code, out = wine.cli("export", "--db", wine.win(db), "--out", wine.win(out_dir))
        c(code == 2 and "附件1" in out and ("打开" in out or "占用" in out or "使用" in out) and "Traceback" not in out,
          "export over the held workbook is exit 2 and says the file is open in another program", out)
        c(sha(target) == before, "the held workbook is unchanged")
        c(not list(out_dir.glob("*.tmp")) and not list(out_dir.glob("~*")), "no temporary files are left behind",
          str(list(out_dir.iterdir())))
    holder.kill()
    holder.wait()

    deep = folder
    while len(wine.win(deep)) < 280:
        deep = deep / "很长的文件夹名称 用来超过二百六十个字符"
    code, out = wine.cli("export", "--db", wine.win(db), "--out", wine.win(deep))
    # Windows refuses paths over 259 characters unless long paths are switched on machine-wide (off by
    # default, and Excel/WPS cannot open such files anyway): the program says so before writing anything.
    c(code == 2 and "路径太长" in out and "259" in out and not list(deep.glob("*.xlsx")),
      f"export into a path of {len(wine.win(deep))} characters is refused with advice, nothing written", out)

    share = wine.root / "network-share"  # outside the prefix, like a server's folder
    (share / "共享 数据").mkdir(parents=True)
    drive = wine.prefix / "dosdevices" / "n:"
    drive.symlink_to(share)
    net_db = r"N:\共享 数据\县 数据.sqlite"
    code, out = wine.cli("demo", "--db", net_db)
    c(code == 0 and (share / "共享 数据" / "县 数据.sqlite").exists(), "a database on network drive N: works", out)
    drive.unlink()
    code, out = wine.cli("check", "--db", net_db)
    c(code == 2 and "N:" in out and "Traceback" not in out,
      "after the drive disappears, check is exit 2 with a message naming the path", out)
    code, out = wine.cli("export", "--db", wine.win(db), "--out", r"N:\共享 数据\导出")
    c(code == 2 and "N:" in out and "Traceback" not in out, "export to the vanished drive is exit 2 with a message", out)


def check_window(c: Checks, wine: Wine, shots: list[Path]) -> None:
    print("the window on a virtual screen", flush=True)
    xvfb, display = start_xvfb()
    env = {**wine.env, "DISPLAY": display}
    exe = str(wine.install_dir() / "zhencun-tianbao.exe")
    try:
        first = subprocess.Popen(["wine", exe], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        shown = wait_window(display, APP_NAME, 120)
        c(shown is not None, f"the window opens (after {shown or 0:.1f} s under Wine)")
        time.sleep(4)
        c(first.poll() is None, "the window keeps running")
        c((wine.data_dir() / "填报数据.sqlite.lock").exists() or any(wine.data_dir().glob("*.lock")),
          "it opened the database in %APPDATA%\\zhencun-tianbao (its lock file is there)")
        c(screenshot(display, CHECK / "window-bare.png", window_named(display, APP_NAME)),
          "the window's screenshot shows it (not blank)")
        before = windows_named(display, "")
        second = subprocess.Popen(["wine", exe], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        message = wait_new_window(display, before, 60)
        if c(message is not None, "a second instance shows a message instead of a second window"):
            screenshot(display, CHECK / "second-instance.png", message)
            press(display, "Return")
        try:
            code = second.wait(timeout=60)
        except subprocess.TimeoutExpired:
            code = None
        c(code == 1, "the second instance ends with exit code 1 (the database is in use)", str(code))
        wine.kill()
        first.wait(timeout=60)

        # Double-clicking a .zctb: Explorer runs the command registered for its file type. Wine 8 does not
        # merge the per-user HKCU\Software\Classes into HKCR as Windows does, so `wine start` cannot find
        # it: run the registered command the way Explorer would.
        package = wine.c / WORK_DIR / "交换 包.zctb"
        command = wine.reg(r"HKCU\Software\Classes\ZhencunTianbao.Package\shell\open\command") or ""
        args = [a.replace("%1", wine.win(package)) for a in re.findall(r'"([^"]*)"', command)]
        opener = subprocess.Popen(["wine", *args], env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shown = bool(args) and wait_window(display, "导入预览", 120) is not None
        if c(shown, "opening a .zctb with its registered command shows the window's import preview", command):
            time.sleep(2)
            c(screenshot(display, CHECK / "zctb-preview.png", window_named(display, "导入预览")),
              "the import preview's screenshot shows the dialog (the window captured, not blank)")
        wine.kill()
        opener.wait(timeout=60)

        # The look on Windows: Wine's virtual desktop draws Windows' own window frames.
        desk = subprocess.Popen(["wine", "explorer", "/desktop=zhencun,1366x768", exe], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lock = wine.data_dir() / "填报数据.sqlite.lock"
        start = time.monotonic()
        while not lock.exists() and time.monotonic() - start < 120:
            time.sleep(0.3)
        time.sleep(6)
        for shot in shots:
            c(screenshot(display, shot), f"screenshot saved, not blank: {shot.name}")
        wine.kill()
        desk.wait(timeout=60)
        check_uninstall_while_running(c, wine, display)
    finally:
        wine.kill()
        xvfb.terminate()
        xvfb.wait()


UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\zhencun-tianbao"


def registered(wine: Wine, value: str) -> list[str]:
    """The command 程序和功能 (or a script) runs to uninstall: ``"…\\uninstall.exe" /S _?=…`` as arguments."""
    command = wine.reg(UNINSTALL_KEY, value) or ""
    m = re.fullmatch(r'"([^"]+)"\s*(.*)', command)
    return [m.group(1), *m.group(2).split()] if m else []


def check_uninstall_while_running(c: Checks, wine: Wine, display: str) -> None:
    """While the program runs, its files are locked: the uninstaller must find it and remove nothing
    (silently: exit code 2; from 程序和功能: a message asking to close it, 取消 → exit 2)."""
    print("uninstalling while the program runs", flush=True)
    env = {**wine.env, "DISPLAY": display}
    running = subprocess.Popen(["wine", str(wine.install_dir() / "zhencun-tianbao.exe")], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not c(wait_window(display, APP_NAME, 120) is not None, "the program runs (its window is open)"):
            return
        files = sorted(wine.install_dir().rglob("*"))
        quiet = registered(wine, "QuietUninstallString")
        c("/S" in quiet and quiet[-1].startswith("_?="), "the silent uninstall command runs in place (_?=)",
          str(quiet))
        code, out = wine.run(quiet)
        time.sleep(2)
        c(code == 2, "silently (/S), the uninstaller refuses while the program runs: exit code 2", f"exit {code} {out}")
        c(sorted(wine.install_dir().rglob("*")) == files and wine.reg(UNINSTALL_KEY, "DisplayName") == APP_NAME,
          "nothing is removed: every program file and the 程序和功能 entry stay")
        before = windows_named(display, "")
        asking = subprocess.Popen(["wine", *registered(wine, "UninstallString")], env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        message = wait_new_window(display, before, 60)
        if c(message is not None, "run from 程序和功能, the uninstaller asks to close the running program"):
            c(screenshot(display, CHECK / "uninstall-while-running.png", message),
              "its message is on screen (screenshot not blank)")
            press(display, "Escape")
        try:
            code = asking.wait(timeout=60)
        except subprocess.TimeoutExpired:
            code = None
        c(code == 2, "取消 ends it with exit code 2", str(code))
        c(sorted(wine.install_dir().rglob("*")) == files and wine.reg(UNINSTALL_KEY, "DisplayName") == APP_NAME,
          "nothing is removed after 取消 either")

        # as the message says: close the program, then 重试 — the uninstaller goes on to its first page
        before = windows_named(display, "")
        asking = subprocess.Popen(["wine", *registered(wine, "UninstallString")], env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        message = wait_new_window(display, before, 60)
        _, out = wine.run(["taskkill", "/IM", "zhencun-tianbao.exe", "/F"])
        running.wait(timeout=60)
        before = windows_named(display, "")  # the message still shows
        press(display, "Return")
        page = wait_new_window(display, before, 60)
        if c(message is not None and page is not None,
             "once the program is closed, 重试 goes on to the uninstaller's page", out):
            time.sleep(2)
            c(screenshot(display, CHECK / "uninstall-page.png", page), "its page is on screen (not blank)")
            press(display, "Escape")
        try:
            wine.wait(timeout=60)
            ended = True
        except subprocess.TimeoutExpired:
            ended = False
        c(ended and sorted(wine.install_dir().rglob("*")) == files, "取消 on that page ends it and removes nothing")
    finally:
        wine.kill()
        running.wait(timeout=60)


def check_uninstall(c: Checks, wine: Wine) -> None:
    print("uninstall", flush=True)
    quiet = registered(wine, "QuietUninstallString")
    code, _ = wine.run(quiet)
    wine.wait()
    time.sleep(1)
    wine.wait()
    left = list(wine.install_dir().rglob("*")) if wine.install_dir().exists() else []
    c(code == 0 and not left, "the registered silent uninstall removes the program (uninstall.exe too)",
      str(left[:5]))
    key = UNINSTALL_KEY
    c(wine.reg(key, "DisplayName") is None, "程序和功能 no longer lists it")
    c(wine.reg(r"HKCU\Software\Classes\ZhencunTianbao.Package") is None, "the .zctb file type is removed")
    start_menu = wine.profile() / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    c(not (start_menu / f"{APP_NAME}.lnk").exists() and not (wine.profile() / "Desktop" / f"{APP_NAME}.lnk").exists(),
      "the shortcuts are removed")
    c((wine.data_dir() / "填报数据.sqlite").exists() and any((wine.data_dir() / "backups").glob("*.sqlite")),
      "the data folder (database and backups) stays")


def ensure_chinese_locale() -> None:
    """Wine takes its code page from LANG, and converts file names and arguments with the C library's
    locale: zh_CN.UTF-8 must exist (Debian's locales, locale-gen), or Chinese names arrive garbled."""
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.utf8" in have:
        return
    gen = Path("/etc/locale.gen")
    if not gen.exists() or not shutil.which("locale-gen"):
        raise SystemExit("the zh_CN.UTF-8 locale is missing and cannot be generated here (Debian's locales)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    text = gen.read_text(encoding="utf-8")
    if "\nzh_CN.UTF-8 UTF-8" not in text:
        subprocess.run([*sudo, "sed", "-i", "s/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/", str(gen)], check=True)
    subprocess.run([*sudo, "locale-gen"], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screenshot", type=Path, action="append", default=[],
                        help="also save the window's screenshot here")
    args = parser.parse_args(argv)
    w.ensure_debian_packages()
    ensure_chinese_locale()
    version = w.version()
    setup = w.installer_path(version)
    bundle = w.WORK / "dist" / w.APP
    if not setup.exists() or not bundle.exists():
        print(f"{setup.relative_to(ROOT)} is missing: run python3 tools/dev.py windows first", file=sys.stderr)
        return 2
    # "the older version": this bundle labelled 0.0.9 (no earlier Windows build exists)
    old_setup = w.build_installer(bundle, "0.0.9", w.WORK / f"{w.APP}-0.0.9-setup.exe")
    c = Checks()
    started = time.monotonic()
    CHECK.mkdir(parents=True, exist_ok=True)
    wine = Wine(w.WINE_HOME / "check")
    try:
        check_old_windows(c, wine, setup)
        check_install(c, wine, old_setup, setup, version)
        db = check_cli(c, wine)
        check_windows_troubles(c, wine, db)
        check_window(c, wine, [CHECK / "window.png", *args.screenshot])
        check_uninstall(c, wine)
    finally:
        wine.kill()
    took = time.monotonic() - started
    print(f"{c.passed} checks passed, {len(c.failed)} failed ({took:.0f} s); screenshots in {CHECK.relative_to(ROOT)}")
    for what in c.failed:
        print("  failed:", what)
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
