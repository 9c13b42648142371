"""``settings`` on the command line; a fresh database goes import → check → export with no window;
odd paths (a folder as --db, a folder to import, a file where a folder should be) get exit 2 and a
Chinese message, never a traceback or the system's English text."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from helpers import digest, run

from desktop.system.oserrors import os_error_text


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """The demo's attachments, exported: files with 填报单位：泸州市政务服务管理局."""
    demo = tmp_path / "演示 库.sqlite"
    assert run("demo", "--db", demo).returncode == 0
    out = tmp_path / "导出 文件"
    r = run("export", "--db", demo, "--out", out)
    assert r.returncode == 0, r.stderr
    return out


def _meta(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM meta"))


def test_settings_prints_and_sets_every_value(tmp_path):
    db = tmp_path / "数据 文件" / "填报.sqlite"
    r = run("settings", "--db", db, "--region", "泸县", "--office", "泸县政务服务管理局",
            "--deadline", "2021-03-31", "--report-day", "18")
    assert r.returncode == 0, r.stderr
    r = run("settings", "--db", db)
    assert r.returncode == 0
    assert r.stdout.splitlines() == [
        "填报单位：泸县政务服务管理局",
        "地区：泸县（代码 510521，县（市、区））",
        "单位名称：泸县政务服务管理局",
        "名单截止日期：2021年3月31日",
        "月报截止日：每月 18 日",
        "报送收件人：（未设置）",
    ]


@pytest.mark.parametrize(("args", "message"), [
    (("--region", "泸洲市"), "错误：地区“泸洲市”不在四川省区划名录中，相近的有：泸州市、泸县、泸定县；请写正式名称或代码（设置没有改动）"),
    (("--report-day", "31"), "错误：月报截止日“31”不对：请写 1 到 28 之间的日子，或写 0 用默认（市 25 日，县 20 日，乡镇 15 日）（设置没有改动）"),
    (("--deadline", "明天"), "错误：名单截止日期“明天”不是日期，请写成 2021年3月31日 或 2021-03-31（设置没有改动）"),
    (("--region", "泸县"), "错误：地区由“泸州市”改为“泸县”，原单位名称“泸州市政务服务管理局”可能不再适用：请同时填写新的单位名称（设置没有改动）"),
])
def test_bad_settings_are_exit_2_and_change_nothing(tmp_path, args, message):
    db = tmp_path / "库.sqlite"
    assert run("settings", "--db", db, "--region", "泸州市", "--office", "泸州市政务服务管理局").returncode == 0
    before = _meta(db)
    r = run("settings", "--db", db, *args)
    assert r.returncode == 2
    assert r.stderr.strip() == message
    assert _meta(db) == before


def test_printing_settings_of_a_missing_database_creates_nothing(tmp_path):
    db = tmp_path / "没有.sqlite"
    r = run("settings", "--db", db)
    assert r.returncode == 2 and "找不到数据库" in r.stderr
    assert not db.exists()


def test_fresh_database_import_check_export_with_no_other_step(exported, tmp_path):
    db = tmp_path / "新 的" / "市 库.sqlite"
    r = run("import", "--db", db, *sorted(exported.glob("*.xlsx")))
    assert r.returncode == 0, r.stderr
    assert "填报单位设为“泸州市政务服务管理局”（文件中写的）" in r.stdout
    r = run("check", "--db", db)
    assert r.returncode == 0, r.stdout
    assert "填报单位未设置" not in r.stdout
    r = run("export", "--db", db, "--out", tmp_path / "再 导出")
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "再 导出").glob("附件*.xlsx"))) == 3
    r = run("package", "--db", db, "--out", tmp_path / "包.zctb")
    assert r.returncode == 0, r.stderr
    assert "制作单位 泸州市政务服务管理局" in r.stdout
    # and the package carries the unit to another fresh database
    other = tmp_path / "另一个.sqlite"
    r = run("import", "--db", other, tmp_path / "包.zctb")
    assert r.returncode == 0, r.stderr
    assert run("settings", "--db", other).stdout.splitlines()[0] == "填报单位：泸州市政务服务管理局"
    assert run("check", "--db", other).returncode == 0


def test_import_never_overwrites_a_unit_already_set(exported, tmp_path):
    db = tmp_path / "县.sqlite"
    assert run("settings", "--db", db, "--region", "泸县", "--office", "泸县政务服务管理局").returncode == 0
    r = run("import", "--db", db, *sorted(exported.glob("*.xlsx")))
    assert r.returncode == 0, r.stderr
    assert ("填报单位：注意：文件中的填报单位“泸州市政务服务管理局”与本机设置的“泸县政务服务管理局”不同，"
            "本机的填报单位不变") in r.stdout
    assert _meta(db)["unit_office"] == "泸县政务服务管理局"


def test_dry_run_shows_the_unit_it_would_adopt(exported, tmp_path):
    db = tmp_path / "空.sqlite"
    r = run("import", "--db", db, "--dry-run", *sorted(exported.glob("*.xlsx")))
    assert r.returncode == 0
    assert "填报单位：本机尚未设置填报单位，导入后采用文件中的填报单位“泸州市政务服务管理局”" in r.stdout
    assert not db.exists()


@pytest.mark.parametrize("command", [
    ("check",), ("settings",), ("demo",), ("export", "--out", "出"), ("package", "--out", "包.zctb"),
    ("backup", "--out", "备份.sqlite"), ("import", "x.xlsx"), (),
])
def test_a_folder_as_database_is_exit_2_with_a_message(tmp_path, command):
    folder = tmp_path / "文件 夹"
    folder.mkdir()
    args = [a if a in ("check", "settings", "demo", "export", "package", "backup", "import") or a.startswith("--")
            else str(tmp_path / a) for a in command]
    name, rest = (args[0], args[1:]) if args else (None, [])
    r = run(*([name] if name else []), "--db", folder, *rest)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert f"“{folder}”是一个文件夹，不是数据库文件：请写数据库文件的路径" in r.stderr or name == "import"
    assert list(folder.iterdir()) == []


def test_import_of_a_folder_takes_the_workbooks_inside(exported, tmp_path):
    (exported / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    db = tmp_path / "库.sqlite"
    r = run("import", "--db", db, exported)
    assert r.returncode == 0, r.stderr
    assert f"文件夹“{exported}”：导入其中的 3 个文件" in r.stdout
    empty = tmp_path / "空 文件夹"
    empty.mkdir()
    r = run("import", "--db", db, empty)
    assert r.returncode == 2
    assert r.stderr.strip() == f"错误：文件夹“{empty}”中没有可导入的文件（.xlsx 工作簿、.zctb 交换包或 .eml 邮件），请检查路径"


def test_outputs_under_a_file_get_a_chinese_reason(tmp_path):
    db = tmp_path / "库.sqlite"
    assert run("demo", "--db", db).returncode == 0
    blocker = tmp_path / "一个文件"
    blocker.write_text("x", encoding="utf-8")
    for args in (("export", "--out", blocker), ("package", "--out", blocker / "包.zctb"),
                 ("backup", "--out", blocker / "备份.sqlite")):
        r = run(args[0], "--db", db, *args[1:])
        assert r.returncode == 2, args
        assert "Traceback" not in r.stderr and "exists" not in r.stderr and "directory" not in r.stderr
        if args[0] == "export":
            assert "（同名的文件已存在，不是文件夹）" in r.stderr or "（路径中有一段是文件而不是文件夹）" in r.stderr
        else:  # the part that is a file, named before anything is written
            assert r.stderr == f"错误：路径中的“{blocker}”是一个文件，不是文件夹：请换一个路径\n"


def test_missing_output_folders_are_made_missing_databases_refused(tmp_path):
    db = tmp_path / "库.sqlite"
    assert run("demo", "--db", db).returncode == 0
    out = tmp_path / "新 文件夹" / "下一层"
    assert run("export", "--db", db, "--out", out).returncode == 0
    assert len(list(out.glob("附件*.xlsx"))) == 3
    assert run("package", "--db", db, "--out", tmp_path / "另 一个" / "包.zctb").returncode == 0
    r = run("check", "--db", tmp_path / "没有" / "库.sqlite")
    assert r.returncode == 2 and "不存在" in r.stderr


@pytest.mark.parametrize(("code", "text"), [
    (errno.EEXIST, "同名的文件已存在，不是文件夹"), (errno.EISDIR, "这是一个文件夹，不是文件"),
    (errno.EACCES, "没有权限，或文件正被其他程序（如 Excel、WPS）打开"), (errno.ENOSPC, "磁盘空间不足"),
])
def test_os_errors_in_chinese(code, text):
    assert os_error_text(OSError(code, "English text")) == text


def test_windows_sharing_violation_in_chinese():
    exc = OSError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]
    assert os_error_text(exc) == "文件正被其他程序（如 Excel、WPS）打开，请先关闭它"


def test_check_shows_an_answered_warning_as_answered(tmp_path):
    db = tmp_path / "演示.sqlite"
    assert run("demo", "--db", db).returncode == 0
    r = run("check", "--db", db)
    answered = [line for line in r.stdout.splitlines() if "（已说明：" in line]
    assert answered and answered[0].startswith("警告\t") and answered[0].endswith("（已说明：本月开展“网上办”宣传月活动，网上办件量大幅增加）")
    assert "个警告（其中 1 个已说明）" in r.stderr


def test_settings_warn_when_the_office_names_another_place(tmp_path):
    """Issue 21: the office name 九支镇便民服务中心 with the region 街子镇 of 崇州市 is pointed out (and saved)."""
    db = tmp_path / "库.sqlite"
    r = run("settings", "--db", db, "--region", "崇州市街子镇", "--office", "九支镇便民服务中心")
    assert r.returncode == 0 and "填报单位：街子镇九支镇便民服务中心" in r.stdout
    assert r.stderr.strip() == ("注意：单位名称“九支镇便民服务中心”写的是九支镇（泸州市合江县），与地区“街子镇（成都市崇州市）”"
                                "不是同一处，请核对地区或单位名称（设置已保存；如有误，请用 --region 或 --office 改正）")
    r = run("settings", "--db", db, "--office", "街子镇便民服务中心")
    assert r.returncode == 0 and r.stderr == ""


@pytest.mark.parametrize("office, message", [
    ("九支镇便民服务中心\r\nBcc: x", "单位名称：含有换行，请写在一行内（设置没有改动）"),
    ("局" * 61, "单位名称：内容过长（61 个字），最多 60 个字，请精简（设置没有改动）"),
])
def test_settings_office_has_the_limits_of_typing(tmp_path, office, message):
    db = tmp_path / "库.sqlite"
    assert run("settings", "--db", db, "--region", "泸州市", "--office", "泸州市政务服务管理局").returncode == 0
    before = digest(db)
    r = run("settings", "--db", db, "--office", office)
    assert r.returncode == 2 and r.stderr.strip() == f"错误：{message}"
    assert digest(db) == before


def test_a_lists_filled_on_is_set_on_the_command_line(tmp_path: Path) -> None:
    """A county that only uses the command line can fill the 填报时间 the check asks for (it could not:
    only the window had the field); a wrong value saves nothing, the region with it included."""
    from desktop.domain.model import Level
    from desktop.store.database import open_store

    db = tmp_path / "县 库.sqlite"
    r = run("settings", "--db", db, "--filled-on", "附件1=2021年3月26日", "--filled-on", "附件3=2021-03-27")
    assert r.returncode == 0, r.stderr
    assert "附件1填报时间：2021年3月26日" in r.stdout and "附件3填报时间：2021年3月27日" in r.stdout
    before = digest(db)
    for value, message in (
            ("附件4=2021-03-26", "错误：“附件4=2021-03-26”没有写明是哪个名单：请写成 附件名=日期，如 附件1=2021-03-26"),
            ("附件2=三月", "错误：附件2填报时间“三月”不是日期，请写成 2021-03-26 或 2021年3月26日（设置没有改动）")):
        r = run("settings", "--db", db, "--filled-on", value, "--region", "合江县")
        assert r.returncode == 2 and r.stderr.strip().startswith(message), r.stderr
    assert digest(db) == before
    store = open_store(db)
    try:
        filled = {r.level: r.filled_on for r in store.load_rosters()}
        assert filled[Level.PROVINCIAL].isoformat() == "2021-03-26" and filled[Level.CITY] is None
        assert store.settings().region == ""
    finally:
        store.close()
    assert run("settings", "--db", db, "--filled-on", "附件1=").returncode == 0
    store = open_store(db)
    try:
        assert {r.level: r.filled_on for r in store.load_rosters()}[Level.PROVINCIAL] is None
    finally:
        store.close()
