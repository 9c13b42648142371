"""The Windows build's own files agree with the project (the build itself runs under Wine:
python3 tools/dev.py windows && python3 tools/dev.py check-windows)."""

from __future__ import annotations

import re

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
