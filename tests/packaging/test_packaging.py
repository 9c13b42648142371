"""build.spec and desktop.system.paths agree, without building: the spec's version, data folders and file filter;
the shipped files found from source and from a PyInstaller bundle (``sys._MEIPASS``)."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from helpers import ROOT

import desktop.system.about
from desktop.system import paths

SPEC = ROOT / "build.spec"


def spec_namespace() -> dict:
    """Run build.spec's own code up to ``Analysis(...)`` (PyInstaller is not needed for that part)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    prelude = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "id", "") == "Analysis":
            break
        prelude.append(node)
    else:
        pytest.fail("build.spec has no `a = Analysis(...)`")
    namespace = {"SPECPATH": str(ROOT), "__name__": "build_spec"}
    exec(compile(ast.Module(body=prelude, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace


def test_spec_parses_and_builds_the_package_version():
    ns = spec_namespace()
    assert ns["VERSION"] == desktop.system.about.__version__
    assert ns["APP"] == desktop.system.about.APP_ID


def test_spec_ships_the_folders_desktop_paths_looks_for():
    datas = spec_namespace()["DATAS"]
    for source, _ in datas:
        assert Path(source).is_dir() and any(Path(source).iterdir()), source
    assert {dest for _, dest in datas} == {paths.resources_dir().name, paths.templates_dir().name}
    assert {Path(source) for source, _ in datas} == {paths.resources_dir(), paths.templates_dir()}


@pytest.mark.parametrize("dest", [
    "resources/gazetteer/towns.csv", "templates_xlsx/附件1.xlsx", "resources\\indicators.json",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6\\plugins\\platforms\\qwindows.dll", "PySide6\\plugins\\platforms\\qoffscreen.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6/Qt/translations/qtbase_zh_CN.qm", "PySide6\\translations\\qtbase_zh_CN.qm",
    "libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6\\Qt6Widgets.dll", "libffi.so.8",
])
def test_spec_keeps(dest):
    assert spec_namespace()["_keep"](dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6\\translations\\qt_help_zh_CN.qm",
    "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6\\plugins\\platforms\\qdirect2d.dll", "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6/Qt/lib/libQt6Network.so.6", "PySide6\\Qt6Network.dll", "PySide6\\opengl32sw.dll",
    "libcairo.so.2",
])
def test_spec_drops(dest):
    assert not spec_namespace()["_keep"](dest)


def test_paths_from_source():
    assert paths.project_root() == ROOT
    assert (paths.resources_dir() / "indicators.json").is_file()
    assert (paths.gazetteer_dir() / "SOURCE.txt").is_file()
    assert any(paths.gazetteer_dir().glob("*.csv"))
    assert (paths.templates_dir() / "附件1.xlsx").is_file()


def test_paths_when_frozen(tmp_path, monkeypatch):
    """In a bundle everything is under sys._MEIPASS (``_internal`` beside the executable)."""
    bundle = tmp_path / "打包 测试" / "_internal"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    shutil.copytree(ROOT / "templates_xlsx", bundle / "templates_xlsx")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert paths.project_root() == bundle
    assert paths.resources_dir() == bundle / "resources"
    assert paths.gazetteer_dir() == bundle / "resources" / "gazetteer"
    assert paths.templates_dir() == bundle / "templates_xlsx"
    from desktop.domain.monthly.indicators import default_path
    from desktop.domain.monthly.indicators_file import load_indicators

    assert default_path() == bundle / "resources" / "indicators.json"
    assert load_indicators().indicators  # the copy in the bundle is read and valid


def test_check_bundle_fails_on_a_folder_without_the_program(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("check_bundle", ROOT / "tools" / "check_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path)]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_spec_names_only_modules_and_scripts_that_exist():
    """The entry script and every hidden import of build.spec exist: a moved module fails here, not as a
    bundle that starts and then misses it."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    call = next(n.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                and getattr(n.value.func, "id", "") == "Analysis")
    keywords = {k.arg: k.value for k in call.keywords}
    hidden = [ast.literal_eval(e) for e in keywords["hiddenimports"].elts]
    assert hidden and all(importlib.util.find_spec(name) is not None for name in hidden), hidden
    script = ast.unparse(call.args[0].elts[0])
    assert "ROOT / 'desktop' / '__main__.py'" in script and (ROOT / "desktop" / "__main__.py").is_file()
