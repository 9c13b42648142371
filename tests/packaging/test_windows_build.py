"""The Windows build's own files agree with the project (the build itself runs under Wine:
python3 tools/dev.py windows && python3 tools/dev.py check-windows)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from helpers import ROOT


def _pins(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def test_the_windows_build_pins_the_same_versions_as_the_project() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text[text.index("dependencies = ["):]
    wanted = _pins(re.findall(r'"([^"]+)"', block[:block.index("]")]))
    windows = _pins((ROOT / "tools" / "windows-requirements.txt").read_text(encoding="utf-8").splitlines())
    assert wanted and {name: windows.get(name) for name in wanted} == wanted
    # pip adds these only on Windows: a build made on Linux must name them itself
    assert {"pefile", "pywin32-ctypes", "pyinstaller"} <= set(windows)


@pytest.mark.parametrize("version, expected", [("0.1.0", "0.1.0.0"), ("1.2", "1.2.0.0"), ("2.0.1rc3", "2.0.1.3"),
                                                ("10.20.30.40", "10.20.30.40")])
def test_the_installer_gets_a_four_part_version(version: str, expected: str) -> None:
    from tools.windows import version4

    assert version4(version) == expected


def test_installer_and_zip_names_carry_the_package_version() -> None:
    import desktop.system.about
    from tools.windows import installer_path, zip_path

    assert installer_path().name == f"zhencun-tianbao-{desktop.system.about.__version__}-setup.exe"
    assert zip_path().name == f"zhencun-tianbao-{desktop.system.about.__version__}-windows.zip"


def test_the_installer_script_installs_per_user_and_keeps_the_data(monkeypatch) -> None:
    nsi = (ROOT / "installer" / "zhencun-tianbao.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in nsi
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_ID}"' in nsi
    assert "HKLM" not in nsi  # nothing that needs administrator rights
    uninstall = nsi[nsi.index('Section "Uninstall"'):]
    assert "APPDATA" not in uninstall.replace("; %APPDATA%", "")  # the data folder is never removed
    assert 'RMDir "$INSTDIR"' in uninstall and 'RMDir /r "$INSTDIR"' not in uninstall
    # the file type opens the window program with the file
    assert '"$INSTDIR\\${APP_EXE}" "%1"' in nsi
    # the data folder named in the installer is the one the program uses
    from desktop.system.paths import default_data_dir

    monkeypatch.delenv("ZHENCUN_DATA_DIR", raising=False)
    assert f"%APPDATA%\\{default_data_dir().name}" in nsi


def test_the_wine_stand_ins_never_enter_the_bundle() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "icuuc" not in spec and "bcryptprimitives" not in spec
    from tools.windows import STUBS

    assert {f"{s}.c" for s in STUBS} <= {p.name for p in (ROOT / "tools" / "wine_stubs").iterdir()}


def test_wine_prefixes_live_outside_the_project() -> None:
    """A Wine prefix links drive Z: to /: inside the project, pip install -e . (setuptools walking the
    tree for its file list) would walk the whole file system and never finish."""
    from tools.windows import ROOT as BUILD_ROOT
    from tools.windows import WINE_HOME

    assert BUILD_ROOT == ROOT
    assert ROOT not in WINE_HOME.parents


def _nsi() -> str:
    return (ROOT / "installer" / "zhencun-tianbao.nsi").read_text(encoding="utf-8")


def _function(nsi: str, name: str) -> str:
    start = nsi.index(f"Function {name}\n")
    return nsi[start:nsi.index("FunctionEnd", start)]


def test_the_installer_refuses_windows_older_than_10() -> None:
    """The installer said it needs 64-bit Windows 10/11 but installed on Windows 7: it checks the version
    (silently too: exit code 2, nothing installed)."""
    nsi = _nsi()
    on_init = _function(nsi, ".onInit")
    assert "!include WinVer.nsh" in nsi
    assert "${IfNot} ${RunningX64}\n  ${OrIfNot} ${AtLeastWin10}" in on_init
    refusal = on_init[on_init.index("${OrIfNot} ${AtLeastWin10}"):on_init.index("${EndIf}")]
    assert "Windows 10 或 Windows 11" in refusal and "/SD IDOK" in refusal
    assert "SetErrorLevel 2" in refusal and "Abort" in refusal


def test_the_uninstaller_finds_a_running_copy_before_it_removes_anything() -> None:
    """Uninstalling while the program ran removed the 程序和功能 entry and left its locked files: the
    uninstaller looks for the window and zhencun.exe first; silently it ends with exit code 2."""
    nsi = _nsi()
    un_init = _function(nsi, "un.onInit")
    assert un_init.index("Call un.FindRunning") < un_init.index("Quit")
    running = un_init[un_init.index("Call un.FindRunning"):un_init.index("${EndIf}")]
    assert "SetErrorLevel 2" in running and "Quit" in running
    check = nsi[nsi.index("!macro RUNNING_CHECK"):nsi.index("!macroend", nsi.index("!macro RUNNING_CHECK"))]
    assert '!insertmacro EXE_IN_USE "$INSTDIR\\${APP_EXE}"' in check
    assert '!insertmacro EXE_IN_USE "$INSTDIR\\${CLI_EXE}"' in check
    assert "MB_RETRYCANCEL" in check and "/SD IDCANCEL IDRETRY retry" in check
    assert '!insertmacro RUNNING_CHECK "un."' in nsi
    # the registered commands run it in place, so that 程序和功能 and scripts get its exit code
    assert "\"UninstallString\" '\"$INSTDIR\\uninstall.exe\" _?=$INSTDIR'" in nsi
    assert "\"QuietUninstallString\" '\"$INSTDIR\\uninstall.exe\" /S _?=$INSTDIR'" in nsi
    # in place, it hands the removal to a copy of itself in %TEMP% (which can delete uninstall.exe)
    assert "${If} $EXEDIR == $INSTDIR" in un_init and "CopyFiles" in un_init and "Exec " in un_init
    # and nothing in the Uninstall section runs before that check: it is in un.onInit
    uninstall = nsi[nsi.index('Section "Uninstall"'):]
    assert "FindRunning" not in uninstall


def test_the_installer_script_compiles(tmp_path) -> None:
    """makensis accepts the script (the real proof, under Wine: python3 tools/dev.py check-windows)."""
    if not shutil.which("makensis"):
        pytest.skip("makensis is not installed (Debian's nsis)")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for name in ("zhencun-tianbao.exe", "zhencun.exe"):
        (bundle / name).write_bytes(b"MZ")
    out = tmp_path / "setup.exe"
    r = subprocess.run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-DVERSION=0.1.0", "-DVERSION4=0.1.0.0",
                        f"-DSOURCE={bundle}", f"-DOUTFILE={out}", f"-DICON={ROOT / 'resources' / 'app.ico'}",
                        str(ROOT / "installer" / "zhencun-tianbao.nsi")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert out.stat().st_size > 50_000


def test_the_windows_build_installs_its_debian_packages_without_recommends(monkeypatch) -> None:
    """The Windows build installed about 136 Debian packages: wine's and netpbm's recommendations
    (32-bit Wine, GStreamer, CUPS, ghostscript …). Only what the build and the check need now."""
    import tools.windows as w

    commands: list[list[str]] = []

    def fake_run(args, **kwargs):
        commands.append(list(args))
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    monkeypatch.setattr(w.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(w.subprocess, "run", fake_run)
    monkeypatch.setattr(w.os, "geteuid", lambda: 0)
    w.ensure_debian_packages(["wine", "nsis"])
    installs = [c for c in commands if "install" in c]
    assert installs and all("--no-install-recommends" in c for c in installs)
    assert "mingw-w64" not in w.DEBIAN_PACKAGES  # the metapackage: C++ and 32-bit compilers too
    assert "gcc-mingw-w64-x86-64-win32" in w.DEBIAN_PACKAGES


def _ppm(pixels: list[tuple[int, int, int]], width: int, maxval: int = 255) -> bytes:
    size = 1 if maxval < 256 else 2
    data = b"".join((v * (maxval // 255)).to_bytes(size, "big") for p in pixels for v in p)
    return f"P6\n{width} {len(pixels) // width}\n{maxval}\n".encode() + data


def test_a_blank_screenshot_is_refused() -> None:
    """The import preview's screenshot was all black (the root window captured under Xvfb): the check now
    captures the window itself and refuses a picture of fewer than a few colours."""
    from tools.wine_screen import MIN_COLOURS, is_blank

    assert is_blank(_ppm([(0, 0, 0)] * 400, 20))
    assert is_blank(_ppm([(240, 240, 240)] * 399 + [(0, 0, 0)], 20))
    window = [(240, 240, 240)] * 300 + [(i * 20, i * 10, 255 - i * 20) for i in range(MIN_COLOURS)] * 12 + \
        [(0, 0, 0)] * (100 - MIN_COLOURS * 12)
    assert not is_blank(_ppm(window, 20))
    # xwdtopnm writes 16 bits a sample for a whole Wine desktop
    assert is_blank(_ppm([(0, 0, 0)] * 400, 20, 65535)) and not is_blank(_ppm(window, 20, 65535))


def test_the_windows_check_covers_an_old_windows_and_uninstalling_while_running() -> None:
    text = (ROOT / "tools" / "check_windows.py").read_text(encoding="utf-8")
    main = text[text.index("def main("):]
    assert "check_old_windows(c, wine, setup)" in main
    assert "check_uninstall_while_running(c, wine, display)" in text
    assert 'wine.set_windows("win7")' in text and 'self.set_windows("win10")' in text
    assert 'screenshot(display, CHECK / "zctb-preview.png", window_named(display, "导入预览"))' in text
