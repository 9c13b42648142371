"""desktop.system.program (the name the user runs the program by) and desktop.system.argparse_zh's
wrapping of Chinese help text; the command line's use of both: tests/cli/test_cli_language.py."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.parametrize("frozen, platform, argv0, executable, expected", [
    (True, "win32", r"C:\Users\张三\AppData\Local\Programs\zhencun-tianbao\zhencun.exe", "", "zhencun.exe"),
    (True, "win32", r"C:\Programs\zhencun-tianbao\zhencun-tianbao.exe", "", "zhencun.exe"),
    (True, "linux", "./zhencun-tianbao", "/opt/zhencun-tianbao/zhencun-tianbao", "zhencun-tianbao"),
    (False, "linux", "/home/u/.local/bin/zhencun", "/usr/bin/python3", "zhencun"),
    (False, "win32", r"C:\Python313\Scripts\zhencun.exe", "", "zhencun"),
    (False, "win32", r"C:\Python313\Scripts\zhencun-script.py", "", "zhencun"),
    (False, "linux", "/work/project/desktop/__main__.py", "/usr/bin/python3", "python -m desktop"),
    (False, "linux", "", "/usr/bin/python3", "python -m desktop"),
])
def test_the_program_is_named_as_the_user_runs_it(frozen, platform, argv0, executable, expected, monkeypatch):
    from desktop.system.program import command_text, program_name

    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "argv", [argv0])
    monkeypatch.setattr(sys, "executable", executable)
    assert program_name() == expected
    assert command_text("history") == f"{expected} history"


def test_help_is_wrapped_by_the_columns_it_takes_and_never_cuts_a_path():
    """A Chinese character takes two columns; a line breaks beside one (not before ，。） nor after （),
    and a path stays whole so that it can be copied."""
    from desktop.system.argparse_zh import display_width, wrap

    path = r"C:\Users\张三\AppData\Roaming\zhencun-tianbao\填报数据.sqlite"
    text = f"数据库文件（窗口默认使用的是 {path}；不存在则新建），导入名单工作簿（.xlsx）、月报工作簿和交换包（.zctb）"
    lines = wrap(text, 30)
    assert "".join(lines) == text.replace(" ", "")
    assert [line for line in lines if path in line] == [f"{path}；"]
    assert all(display_width(line) <= 30 for line in lines if path not in line)
    assert not any(line[0] in "，。；）、" or line[-1] in "（“" for line in lines)
