"""`python -m desktop package` and `import` with packages, run as a user would (a subprocess):
--dry-run changes nothing, and every bad file exits 2 naming the file, with the database unchanged."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from corpus.tamper import parts, resealed, rezip, truncated
from helpers import digest, realworld, run

from desktop.exchange.package import archive as pkg


@pytest.fixture(scope="module")
def package(demo_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package of the demo's 合江县 part (built once, from a copy of the demo database)."""
    folder = tmp_path_factory.mktemp("泸州 演示")
    db = folder / "演示.sqlite"
    shutil.copy(demo_seed, db)
    r = run("package", "--db", db, "--out", folder / "合江县 交换包", "--unit", "合江县")
    assert r.returncode == 0, r.stderr
    out = folder / "合江县 交换包.zctb"
    assert r.stdout.startswith(f"已写出交换包 {out}：5 个乡镇（街道），55 个村（社区），0 份月报；制作单位 泸州市政务服务管理局")
    return out


def test_package_import_dry_run_and_import(package, demo_db, tmp_path):
    fresh = tmp_path / "市 汇总" / "空.sqlite"
    r = run("import", "--db", fresh, "--dry-run", package)
    assert r.returncode == 0, r.stderr
    assert "导入预览：新增 5，修改 0，相同 0（跳过），冲突 0；区划名录中找不到的名称 0 个" in r.stdout
    assert r.stdout.rstrip().endswith("（试运行：数据库没有任何改动）")
    assert not fresh.exists()
    r = run("import", "--db", fresh, package)
    assert r.returncode == 0, r.stderr
    assert "附件1：新增 5 个乡镇（街道），更新 0 个，未变 0 个" in r.stdout
    before = digest(fresh)
    r = run("import", "--db", fresh, "--dry-run", package)
    assert "导入预览：新增 0，修改 0，相同 5（跳过），冲突 0" in r.stdout and digest(fresh) == before
    r = run("import", "--db", fresh, package)
    assert "附件1：新增 0 个乡镇（街道），更新 0 个，未变 5 个" in r.stdout
    # a conflict: the city edited a record the county's newer package also changed
    conn = sqlite3.connect(fresh)
    conn.execute("UPDATE towns SET note = '市里改的' WHERE town = '白沙镇'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE towns SET note = '县里改的' WHERE town = '白沙镇'")
    conn.commit()
    conn.close()
    newer = tmp_path / "第二版.zctb"
    assert run("package", "--db", demo_db, "--out", newer, "--unit", "合江县").returncode == 0
    before = digest(fresh)
    r = run("import", "--db", fresh, "--dry-run", newer)
    assert "  [冲突] 白沙镇：上次导入后本地修改过，泸州市政务服务管理局也修改了这条记录" in r.stdout
    assert "      备注：本地“市里改的”，来件“县里改的”" in r.stdout and digest(fresh) == before
    r = run("import", "--db", fresh, newer)
    assert r.returncode == 0, r.stderr
    assert "附件1：新增 0 个乡镇（街道），更新 0 个，未变 4 个，冲突 1 个未改动（保留本地）" in r.stdout
    assert "有 1 处冲突没有改动本地数据" in r.stdout
    conn = sqlite3.connect(fresh)
    assert conn.execute("SELECT note FROM towns WHERE town = '白沙镇'").fetchone() == ("市里改的",)
    conn.close()


def test_dry_run_on_an_existing_database_leaves_it_byte_for_byte(package, demo_db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["附件3"])
    ws.append(["市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注"])
    ws.append(["泸州市", "叙永县", "江门镇", "重点镇", "江门社区", None])
    ws.append(["泸州市", "合江县", "榕山镇", "中心镇", "木广社区", None])
    path = tmp_path / "附件3.xlsx"
    wb.save(path)
    before = digest(demo_db)
    r = run("import", "--db", demo_db, "--dry-run", path, package)
    assert r.returncode == 0, r.stderr
    assert "导入预览：新增 1，修改 1，相同 5（跳过），冲突 0" in r.stdout
    assert digest(demo_db) == before
    assert not (demo_db.parent / "backups").exists()


def test_package_command_errors(demo_db, tmp_path):
    r = run("package", "--db", demo_db, "--out", tmp_path, "--unit", "江阳区")
    assert r.returncode == 2
    assert r.stderr.startswith("错误：数据库中没有名为“江阳区”的县（市、区）或乡镇（街道）")
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE meta SET value = '' WHERE key IN ('unit_name', 'unit_office', 'unit_code')")
    conn.commit()
    conn.close()
    r = run("package", "--db", demo_db, "--out", tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("错误：填报单位未设置")
    assert not list(tmp_path.glob("*.zctb"))


def _bad_files(good: Path, folder: Path) -> dict[str, Path]:
    manifest, payload = parts(good)
    tampered = dict(payload)
    tampered["rosters"] = [{**payload["rosters"][0], "filled_on": "2099-01-01"}]
    other_codes = json.loads(json.dumps(payload).replace('"5105', '"5201'))
    xls = folder / "旧版 名单.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    broken = folder / "损坏 名单.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return {
        "tampered": rezip(good, folder / "被改过.zctb", payload_json=json.dumps(tampered).encode()),
        "newer": resealed(good, folder / "新版本.zctb", {**manifest, "format_version": 3}, payload),
        "province-manifest": resealed(good, folder / "外省 清单.zctb", {**manifest, "province": "52"}, payload),
        "province-codes": resealed(good, folder / "外省 代码.zctb", manifest, other_codes),
        "truncated": truncated(good, folder / "没复制完.zctb"),
        "bomb": rezip(good, folder / "炸弹.zip", payload_json=b" " * (pkg.MAX_PAYLOAD_BYTES + 10)),
        "xls": xls,
        "broken-xlsx": broken,
    }


BAD = {"tampered": "校验失败", "newer": "由更新版本的本软件制作", "province-manifest": "是其他省份的数据",
       "province-codes": "含有其他省份的区划代码", "truncated": "已损坏或不完整", "bomb": "解压后超过",
       "xls": "是旧版 Excel 97-2003 格式（.xls）", "broken-xlsx": "已损坏"}


@pytest.mark.parametrize("kind", list(BAD))
def test_every_bad_file_exits_2_naming_it_and_changes_nothing(package, demo_db, tmp_path, kind):
    bad = _bad_files(package, tmp_path)[kind]
    before = digest(demo_db)
    for extra in ([], ["--dry-run"]):
        r = run("import", "--db", demo_db, *extra, package, bad)  # a good package first: still nothing applied
        assert r.returncode == 2, r.stdout
        assert f"“{bad.name}”" in r.stderr and BAD[kind] in r.stderr, r.stderr
        assert r.stderr.startswith("错误：") and "Traceback" not in r.stderr
        assert digest(demo_db) == before
    assert not (demo_db.parent / "backups").exists()


@pytest.mark.parametrize("name", ["wps-office.xlsx", "google-sheets.xlsx", "mac-numbers.xlsx"])
def test_real_workbooks_of_other_programs_are_refused(demo_db, name):
    path = realworld(name)
    before = digest(demo_db)
    r = run("import", "--db", demo_db, path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"错误：文件“{name}”中没有找到试点名单的表头") and "Traceback" not in r.stderr
    assert digest(demo_db) == before


def test_package_names_reports_not_yet_final(demo_db, tmp_path):
    """A package carrying a month that was not exported says so (the receiver should get the final one)."""
    r = run("package", "--db", demo_db, "--out", tmp_path / "交换 包.zctb")
    assert r.returncode == 0, r.stderr
    assert "尚未导出定稿；定稿后请重新打包发送" in r.stdout


def test_the_same_package_twice_in_one_import(demo_db, tmp_path):
    """A package saved twice from e-mail and imported together: one copy is taken, the other skipped."""
    pk = tmp_path / "交换包.zctb"
    assert run("package", "--db", demo_db, "--out", pk).returncode == 0
    copy = tmp_path / "交换包 (1).zctb"
    shutil.copy(pk, copy)
    city = tmp_path / "市 库.sqlite"
    r = run("import", "--db", city, pk, copy)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "月报：新增 3 份，替换 0 份，相同 3 份" in r.stdout
    assert "Traceback" not in r.stderr


def test_package_with_roster_errors_is_written_with_a_warning(demo_db, tmp_path, gaz):
    """Issue 21: a package went ahead silently while the roster had errors. It is still written (the
    county gathers and corrects; a township must be able to send its part), with the count on stderr."""
    from desktop.services.package import package_errors, plan_package
    from desktop.store.database import open_store

    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE towns SET town_type = '' WHERE town IN ('尧坝镇', '福集镇')")
    conn.commit()
    conn.close()
    store = open_store(demo_db)
    try:
        errors = len(package_errors(store, gaz, plan_package(store)))
        in_scope = len(package_errors(store, gaz, plan_package(store, "尧坝镇")))
    finally:
        store.close()
    assert errors > in_scope > 0
    out = tmp_path / "包.zctb"
    r = run("package", "--db", demo_db, "--out", out)
    assert r.returncode == 0 and out.exists()
    assert r.stderr.strip() == (f"注意：名单中还有 {errors} 个错误，交换包照常写出，这些错误会随包带给汇总单位；"
                                "请改正后重新打包发送（python -m desktop check --db 数据库 列出每个错误）")
    r = run("package", "--db", demo_db, "--out", tmp_path / "尧坝镇.zctb", "--scope", "尧坝镇")
    assert r.returncode == 0 and f"名单中还有 {in_scope} 个错误" in r.stderr
    r = run("package", "--db", demo_db, "--out", tmp_path / "白沙镇.zctb", "--scope", "白沙镇")
    assert r.returncode == 0 and r.stderr == ""
