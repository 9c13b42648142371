"""Hostile and broken checklist workbooks given to `python -m desktop evaluation --import-checklist`
(issue 18, point 4): the same guards as the roster import — size, compression ratio, the shared-string
table, the used range (a declared dimension is never trusted), merged ranges, a time limit — plus what a
checklist may hold (分值 a finite number up to 100, a sensible total, texts within their limits).

Each is refused with exit 2 and a Chinese message naming the file (and the sheet, row and column where
they apply), the database unchanged; on Linux the command runs under a 3 GB address-space limit.
The rows are read in one pass: a sheet as large as the caps allow reads in well under a second
(benchmarks/checklist_import.py).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from corpus.hostile import (
    MIB,
    NS,
    SHEET1,
    entries_of,
    raw_deflate,
    sheet_xml,
    spaces_bomb,
    with_shared_strings,
    write_zip,
)
from helpers import CHECKLIST_ROWS, ROOT, checklist_sheet, digest, run

from desktop.domain.evaluation.checklist import ChecklistError
from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook

CAP = 3 * 1024 ** 3  # the address space the command may use
# `python -m desktop` under an address-space limit (Linux): a bomb that got through would end in MemoryError
CAPPED = """import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv.pop(1)),) * 2)
runpy.run_module("desktop", run_name="__main__", alter_sys=True)
"""


def capped_run(*args: str | Path) -> subprocess.CompletedProcess:
    if not sys.platform.startswith("linux"):
        return run(*args)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-c", CAPPED, str(CAP), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def refused(db: Path, path: Path) -> str:
    """Import ``path`` as the checklist: exit 2, no traceback, the database unchanged; the message."""
    before = digest(db)
    r = capped_run("evaluation", "--db", db, "--import-checklist", path)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and "MemoryError" not in r.stderr
    assert digest(db) == before
    message = r.stderr.strip()
    assert f"“{path.name}”" in message and message.endswith("（评分标准没有改动）"), message
    return message


@pytest.fixture
def sheet(tmp_path) -> Path:
    return checklist_sheet(tmp_path / "原始 评分表.xlsx", CHECKLIST_ROWS, "B4:B5")


def _row(r: int, cells: list[tuple[str, str]]) -> bytes:
    """A row of inline strings (cell references with the values), as another program writes them."""
    out = b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col.encode(), r, v.encode())
                   for col, v in cells)
    return b'<row r="%d">%s</row>' % (r, out)


HEAD = (_row(1, [("A", "验收评估方案")])
        + _row(3, list(zip("ABCDEF", ("序号", "一级指标", "二级指标", "评分标准", "分值", "评分方式"), strict=True))))


def _item(r: int, standard: str = "中心全覆盖", points: str = "20") -> bytes:
    return _row(r, list(zip("BCDEF", ("优化整合平台", f"项目{r}", standard, points, "看现场"), strict=True)))


def _with_sheet(sheet: Path, path: Path, rows: bytes, tail: bytes = b"") -> Path:
    xml = sheet_xml(rows)
    if tail:
        xml = xml.replace(b"</sheetData>", b"</sheetData>" + tail)
    return write_zip(path, entries_of(sheet, {SHEET1: xml}))


# -- the zip and its parts (xlsx.guard, xlsx.scan) ------------------------------------------------------
def test_zip_bomb(demo_db, folder, sheet):
    bomb = spaces_bomb(sheet, folder / "炸弹 评分表.xlsx", gigabytes=1)
    assert bomb.stat().st_size < 2 * MIB
    message = refused(demo_db, bomb)
    assert "解压后有 1,024 MB（上限 200 MB）" in message and "压缩炸弹" in message


def test_shared_string_bomb(demo_db, folder, sheet):
    """One string of 300,000 characters (about 230 KB compressed) used by 1,000 cells: the old reader stored
    a 300 MB checklist. Now the first cell is refused for its length, naming the place."""
    rng = random.Random(7)
    long_text = "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=300_000))
    shared = (b"<sst " + NS + b' count="1000" uniqueCount="1"><si><t>' + long_text.encode() + b"</t></si></sst>")
    rows = HEAD + b"".join(
        b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>T</t></is></c><c r="C%d" t="inlineStr"><is><t>H</t></is></c>'
        b'<c r="D%d" t="s"><v>0</v></c><c r="E%d"><v>1</v></c><c r="F%d" t="inlineStr"><is><t>%s</t></is></c></row>'
        % (r, r, r, r, r, r, "看现场".encode()) for r in range(4, 1004))
    path = with_shared_strings(sheet, folder / "字符串 炸弹.xlsx", shared, sheet_xml(rows))
    assert path.stat().st_size < 400 * 1024
    message = refused(demo_db, path)
    assert "工作表“评分表”第 4 行“评分标准”列：评分标准过长（300000 个字），最多 1000 个字，请精简" in message


def test_sixty_megabytes(demo_db, folder, sheet):
    path = folder / "大 评分表.xlsx"
    path.write_bytes(sheet.read_bytes())
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(60 * MIB), zipfile.ZIP_STORED)
    assert "太大（60 MB，上限 20 MB）" in refused(demo_db, path)


def test_a_large_part_is_refused_before_openpyxl_parses_it(demo_db, folder, sheet):
    """A 30 MB styles part (well compressed, under the ratio cap): openpyxl would parse all of it."""
    rng = random.Random(3)
    xfs = b"".join(b'<xf numFmtId="%d" fontId="0"/>' % rng.randrange(10 ** 9) for _ in range(1_000_000))
    styles = b"<styleSheet " + NS + b"><cellXfs>" + xfs + b"</cellXfs></styleSheet>"
    assert len(styles) > 20 * MIB
    entries = [e for e in entries_of(sheet) if e[0] != "xl/styles.xml"]
    entries.append(("xl/styles.xml", raw_deflate(styles), zlib.crc32(styles), len(styles)))
    path = write_zip(folder / "样式 评分表.xlsx", entries)
    assert f"中的“xl/styles.xml”解压后有 {len(styles) / MIB:.0f} MB（上限 20 MB）" in refused(demo_db, path)


# -- the sheet: used range, dimension, cells, merged ranges ---------------------------------------------
def test_a_cell_far_away(demo_db, folder, sheet):
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _with_sheet(sheet, folder / "远处 单元格.xlsx", HEAD + _item(4) + far)
    message = refused(demo_db, path)
    assert "的工作表“评分表”有内容的行多达 1048576 行（上限 5000 行）" in message


def test_twenty_thousand_rows(demo_db, folder, sheet):
    rows = HEAD + b"".join(_item(r) for r in range(4, 20_004))
    message = refused(demo_db, _with_sheet(sheet, folder / "两万行 评分表.xlsx", rows))
    assert "有内容的行多达 20003 行（上限 5000 行）" in message


def test_a_huge_merged_range(demo_db, folder, sheet):
    """5 KB with a merge H4:ZZ200000: the old reader filled 140 million cells (36 s, 3.4 GB)."""
    merge = b'<mergeCells count="1"><mergeCell ref="H4:ZZ200000"/></mergeCells>'
    path = _with_sheet(sheet, folder / "合并 评分表.xlsx", HEAD + _item(4), merge)
    assert path.stat().st_size < 6 * 1024
    message = refused(demo_db, path)
    assert "的工作表“评分表”的合并单元格 H4:ZZ200000 大到 199997 行 × 695 列，超出了评分表可能的范围" in message
    assert "取消这个合并单元格" in message


def test_merged_ranges_piled_on_each_other(folder, sheet):
    merges = b"".join(b'<mergeCell ref="B4:B4999"/>' for _ in range(100))
    path = _with_sheet(sheet, folder / "重叠 合并.xlsx", HEAD + _item(4), b"<mergeCells>" + merges + b"</mergeCells>")
    with pytest.raises(ChecklistError, match="的合并单元格过多或互相重叠（合并了 499500 个单元格）"):
        read_checklist_workbook(path)


def test_too_many_cell_elements(folder, sheet):
    """Empty styled cells have no content, but a parser builds each one."""
    empty = b"".join(b'<c r="G%d" s="1"/>' % (k % 5000 + 1) for k in range(600_000))
    path = _with_sheet(sheet, folder / "空单元格 评分表.xlsx", HEAD + _item(4) + b'<row r="5">' + empty + b"</row>")
    with pytest.raises(ChecklistError, match="的工作表“评分表”含有超过 500,000 个单元格"):
        read_checklist_workbook(path)


def test_a_declared_dimension_is_not_trusted(folder, sheet):
    """A sheet that declares A1:XFD1048576 but holds a small table reads at once (the dimension is not used)."""
    rows = HEAD + _item(4) + _item(5, points="30")
    xml = sheet_xml(rows).replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    path = write_zip(folder / "维度 评分表.xlsx", entries_of(sheet, {SHEET1: xml}))
    checklist = read_checklist_workbook(path)
    assert [(i.heading, i.points) for i in checklist.items] == [("项目4", 20), ("项目5", 30)]


def test_the_time_limit(folder, sheet, monkeypatch):
    import desktop.exchange.evaluation.checklist_reader as reader

    monkeypatch.setattr(reader, "MAX_SECONDS", -1.0)
    path = _with_sheet(sheet, folder / "慢 评分表.xlsx", HEAD + b"".join(_item(r) for r in range(4, 200)))
    with pytest.raises(ChecklistError, match="读取“慢 评分表.xlsx”的工作表“评分表”超过 -1 秒，已停止（第 64 行）"):
        read_checklist_workbook(path)


# -- the values ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("points", "message"), [
    ("nan", "文件“分值 评分表.xlsx”的工作表“评分表”第 4 行“分值”列：“nan”不是有效的分值，应为大于 0、不超过 100 的数字"),
    ("inf", "文件“分值 评分表.xlsx”的工作表“评分表”第 4 行“分值”列：“inf”不是有效的分值，应为大于 0、不超过 100 的数字"),
    ("-Infinity", "文件“分值 评分表.xlsx”的工作表“评分表”第 4 行“分值”列：“-Infinity”不是有效的分值，应为大于 0、不超过 100 的数字"),
    ("150", "文件“分值 评分表.xlsx”的工作表“评分表”第 4 行“分值”列：“150”不是有效的分值，应为大于 0、不超过 100 的数字"),
])
def test_points_that_are_not_a_score(folder, sheet, points, message):
    path = _with_sheet(sheet, folder / "分值 评分表.xlsx", HEAD + _item(4, points=points))
    with pytest.raises(ChecklistError) as exc:
        read_checklist_workbook(path)
    assert str(exc.value) == message


def test_nan_points_on_the_command_line(demo_db, folder, sheet):
    """分值 “nan” was stored, after which every score was refused (“应在 0 到 nan 之间”)."""
    path = _with_sheet(sheet, folder / "非数 评分表.xlsx", HEAD + _item(4, points="nan"))
    assert "的工作表“评分表”第 4 行“分值”列：“nan”不是有效的分值，应为大于 0、不超过 100 的数字" in refused(demo_db, path)


def test_an_absurd_total(folder, sheet):
    rows = HEAD + b"".join(_item(r, points="100") for r in range(4, 16))
    with pytest.raises(ChecklistError) as exc:
        read_checklist_workbook(_with_sheet(sheet, folder / "总分 评分表.xlsx", rows))
    assert str(exc.value) == "“总分 评分表.xlsx”：乡镇（街道）各项分值合计 1200 分，超过 1000 分，请核对“分值”"


def test_overlong_texts_name_the_place(demo_db, folder, sheet):
    path = _with_sheet(sheet, folder / "长文字 评分表.xlsx", HEAD + _item(4) + _item(5, standard="很" * 1001))
    message = refused(demo_db, path)
    assert "工作表“评分表”第 5 行“评分标准”列：评分标准过长（1001 个字），最多 1000 个字，请精简" in message
    heading = _row(4, list(zip("BCDEF", ("平台", "名" * 61, "标准", "10", "看现场"), strict=True)))
    with pytest.raises(ChecklistError, match="第 4 行“二级指标”列：二级指标过长（61 个字），最多 60 个字"):
        read_checklist_workbook(_with_sheet(sheet, folder / "长标题.xlsx", HEAD + heading))


def test_a_folder_or_a_pipe_is_refused_saying_what_it_is(demo_db, folder):
    r = run("evaluation", "--db", demo_db, "--import-checklist", folder)
    assert r.returncode == 2 and "是文件夹，不是 Excel 工作簿" in r.stderr
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX only")
    pipe = folder / "管道 评分表.xlsx"
    os.mkfifo(pipe)
    r = run("evaluation", "--db", demo_db, "--import-checklist", pipe)
    assert r.returncode == 2 and "不是普通文件（是管道）" in r.stderr, r.stderr
