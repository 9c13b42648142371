"""Only an ordinary file is opened: a pipe given to the import (which used to hang the workbook guard for
ever), a folder or a device is refused at once, saying what it is (desktop/exchange/files.py)."""

from __future__ import annotations

import os
import sys

import pytest
from helpers import run

from desktop.exchange.errors import ImportFileError
from desktop.exchange.files import file_problem

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo (POSIX)")


@needs_fifo
def test_a_pipe_is_refused_before_anything_opens_it(tmp_path, gaz):
    from desktop.exchange.incoming import read_incoming

    pipe = tmp_path / "名单 管道.xlsx"
    os.mkfifo(pipe)
    assert file_problem(pipe, "要导入的文件") == \
        "“名单 管道.xlsx”不是普通文件（是管道），不能作为要导入的文件，请选择保存在磁盘上的文件"
    with pytest.raises(ImportFileError) as exc:
        read_incoming([pipe], gaz)  # would block for ever in open() before the check
    assert "是管道" in str(exc.value)


@needs_fifo
def test_the_command_line_refuses_a_pipe_with_exit_2(tmp_path):
    pipe = tmp_path / "邮件 管道.zctb"
    os.mkfifo(pipe)
    r = run("import", "--db", tmp_path / "库.sqlite", pipe)
    assert r.returncode == 2 and "是管道" in r.stderr and "找不到" not in r.stderr


def test_a_folder_and_a_missing_file_are_named_for_what_they_are(tmp_path):
    (tmp_path / "文件夹").mkdir()
    assert file_problem(tmp_path / "文件夹", "报送材料") == "“文件夹”是文件夹，不是文件，请选择文件夹中的文件"
    assert file_problem(tmp_path / "没有.xlsx", "要导入的文件") == "找不到“没有.xlsx”，请检查文件是否已被移动或删除"
    book = tmp_path / "名单.xlsx"
    book.write_bytes(b"PK")
    assert file_problem(book, "要导入的文件") is None


@pytest.mark.skipif(sys.platform.startswith("win"), reason="/dev/null is POSIX")
def test_a_device_is_refused(tmp_path):
    assert "是设备" in file_problem(__import__("pathlib").Path("/dev/null"), "要导入的文件")


def test_a_database_or_a_score_sheet_chosen_to_import_says_where_it_belongs(tmp_path, gaz):
    """A backup (.sqlite) or an exported 验收评分表 given to 导入 is named for what it is, with where it goes."""
    import sqlite3

    from helpers import write_sheet

    from desktop.exchange.incoming import read_incoming

    backup = tmp_path / "填报数据-备份.sqlite"
    sqlite3.connect(backup).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ImportFileError) as exc:
        read_incoming([backup], gaz)
    assert str(exc.value) == ("文件“填报数据-备份.sqlite”是一个数据库文件（如本软件的数据或备份），不是试点名单。"
                              "要用备份恢复数据，请用“文件 → 备份与恢复…”（或命令 backup --restore）")
    sheet = write_sheet(tmp_path / "验收评分表-合江县.xlsx", [["编号", "一级指标", "分值"], ["P1", "优化整合平台", 12]],
                        "验收评分表", ())
    with pytest.raises(ImportFileError) as exc:
        read_incoming([sheet], gaz)
    assert str(exc.value).endswith("；它像是验收评估的评分表或汇总表：导出的评分表不能作为名单导入，评分随交换包交换；"
                                   "若是省中心发布的评分标准，请在“验收评估”页用“导入评分标准…”导入"
                                   "（或命令 evaluation --import-checklist）")
