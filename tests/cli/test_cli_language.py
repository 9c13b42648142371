"""The command line speaks Chinese and keeps its exit codes: argparse's usage, headings and errors in
Chinese, every command's --help states its exit codes and what --db is, the program is named as the
user runs it (zhencun.exe on Windows, zhencun from pip's console script, python -m desktop from
source), and a command other than a checking one never ends with 1."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run

from desktop.cli.common import EXIT_FINDINGS, EXIT_REFUSED, FINDINGS
from desktop.system.paths import default_db_path
from desktop.system.program import COMMANDS


def _help(capsys, *args: str) -> str:
    from desktop.__main__ import main

    with pytest.raises(SystemExit) as done:
        main(list(args))
    assert done.value.code == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def _refused(capsys, *args: str) -> str:
    """A usage error: exit 2, nothing on stdout, the usage and one Chinese line on stderr."""
    from desktop.__main__ import main

    with pytest.raises(SystemExit) as done:
        main(list(args))
    assert done.value.code == EXIT_REFUSED
    out = capsys.readouterr()
    assert out.out == ""
    return out.err


def _english_words(text: str) -> set[str]:
    """Lower-case English words left once the program's own names are taken out: its options
    (--db, -h), its commands, the program's name, the default database's path and file types."""
    text = re.sub(r"\s+", " ", text).replace(str(default_db_path()), "")  # the path may be wrapped at its space
    text = text.replace("python -m desktop", "")
    text = re.sub(r"--?[a-z][a-z-]*|\.[a-z]+\b", "", text)  # options, file types (.xlsx, .zctb, .pdf)
    return set(re.findall(r"\b[a-z]{2,}\b", text)) - set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_is_chinese_and_states_its_exit_codes(command, capsys):
    text = _help(capsys, command, "--help")
    assert text.startswith(f"用法：python -m desktop {command} [-h] --db FILE")
    assert "选项" in text and "显示本帮助并退出" in text
    assert not _english_words(text), text
    assert "退出码：0=完成；" in text and "2=拒绝执行" in text
    # 1 is for the checking commands only, and says what it means there
    assert ("1=" in text.split("退出码：", 1)[1]) == (command in FINDINGS)
    if command in FINDINGS:
        assert f"1={FINDINGS[command]}" in text
    # --db has a help text: the database file, and where the window keeps its own
    db_line = next(line for line in text.splitlines() if line.strip().startswith("--db FILE"))
    assert "数据库文件" in db_line and "--db FILE" in db_line


def test_the_program_help_is_chinese(capsys):
    text = _help(capsys, "--help")
    assert text.startswith("用法：python -m desktop [-h] [--db FILE]")
    assert "显示版本号并退出" in text and "用“python -m desktop 命令 --help”查看用法" in text
    assert not _english_words(text), text
    from desktop.cli.main import parser

    whole = parser().format_help()
    assert whole.startswith("用法：python -m desktop [-h] 命令 ...") and "退出码：0=完成；" in whole
    assert not _english_words(whole), whole


@pytest.mark.parametrize("args, says", [
    (["check"], "缺少必填的参数 --db"),
    (["export", "--db", "a.sqlite"], "缺少必填的参数 --out"),
    (["check", "--db"], "参数 --db 有误：后面要写一个值"),
    (["history", "--db", "a.sqlite", "--diff"], "参数 --diff 有误：后面至少要写一个值"),
    (["history", "--db", "a.sqlite", "--diff", "第一"], "参数 --diff 有误：'第一' 不是有效的整数"),
    (["evaluation", "--db", "a.sqlite", "--self", "八分"], "参数 --self 有误：'八分' 不是有效的数字"),
    (["check", "--db", "a.sqlite", "--frobnicate"], "无法识别的参数 --frobnicate"),
    (["import", "--db", "a.sqlite"], "缺少必填的参数 文件"),
    (["backup", "--db", "a.sqlite"], "参数 --out 或 --restore 须填写其中一个"),
    (["export", "--db", "a.sqlite", "--out", ""], "参数 --out 有误：后面没有写路径，请写文件或文件夹的路径"),
])
def test_usage_errors_are_chinese_name_the_command_and_say_what_to_do(args, says, capsys):
    err = _refused(capsys, *args)
    usage, message = err.strip().splitlines()[0], err.strip().splitlines()[-1]
    assert usage.startswith(f"用法：python -m desktop {args[0]} ")
    assert message == f"错误：{says}；请用“python -m desktop {args[0]} --help”查看用法"
    assert not _english_words(err), err


def test_the_window_usage_errors_are_chinese(capsys):
    err = _refused(capsys, "--frobnicate")
    assert err.strip().splitlines()[-1] == "错误：无法识别的参数 --frobnicate；请用“python -m desktop --help”查看用法"
    assert not _english_words(_refused(capsys, "--db")), err


def test_on_windows_help_errors_and_advice_name_zhencun_exe(demo_db, capsys, monkeypatch):
    """The Windows build: usage, errors and every "run this command" advice say zhencun.exe."""
    from desktop.__main__ import main

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    assert _help(capsys, "check", "--help").startswith("用法：zhencun.exe check [-h] --db FILE")
    assert "用“zhencun.exe 命令 --help”查看用法" in _help(capsys, "--help")
    assert "请用“zhencun.exe history --help”查看用法" in _refused(capsys, "history")
    assert main(["history", "--db", str(demo_db), "--diff", "999"]) == EXIT_REFUSED
    assert "请用 zhencun.exe history 查看编号" in capsys.readouterr().err
    assert main(["evaluation", "--db", str(demo_db), "--site", "不存在镇", "--item", "P1"]) == EXIT_REFUSED
    assert "zhencun.exe evaluation --db 数据库 列出全部试点" in capsys.readouterr().err
    assert main(["submit", "--db", str(demo_db), "--out", str(demo_db.parent / "报送")]) == EXIT_REFUSED
    assert "zhencun.exe settings --db 数据库 --recipient 地址" in capsys.readouterr().err


def test_the_console_script_is_named_zhencun(tmp_path):
    """pip installs the console script ``zhencun``; its usage names it."""
    script = Path(sys.executable).parent / ("zhencun.exe" if sys.platform == "win32" else "zhencun")
    if not script.exists():
        pytest.skip("the project is not installed with pip here (no zhencun console script)")
    r = subprocess.run([str(script), "check"], capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env={**__import__("os").environ, "PYTHONIOENCODING": "utf-8"})
    assert r.returncode == EXIT_REFUSED
    assert r.stderr.startswith("用法：zhencun check [-h] --db FILE")
    assert "请用“zhencun check --help”查看用法" in r.stderr


def test_from_source_the_program_is_python_m_desktop(tmp_path):
    r = run("history", "--db", tmp_path / "没有.sqlite", "--diff", "x")
    assert r.returncode == EXIT_REFUSED
    assert r.stderr.startswith("用法：python -m desktop history")


def _strings_naming_the_program(path: Path) -> list[str]:
    """String literals (not docstrings) of a module that spell out a way to run the program."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and re.search(r"python -m desktop|zhencun(\.exe)? [a-z]", node.value)]


def test_messages_name_the_program_through_one_function():
    """No message spells "python -m desktop" (or zhencun.exe) itself: desktop.system.program does."""
    found = [hit for path in sorted((ROOT / "desktop").rglob("*.py")) if path.name != "program.py"
             for hit in _strings_naming_the_program(path)]
    assert found == []


def test_only_the_checking_commands_can_end_with_findings():
    """Exit code 1 belongs to the checking commands (FINDINGS, which their --help documents); every
    other command ends 0 or 2."""
    using = set()
    for name in COMMANDS:
        module = "importing" if name == "import" else name
        text = (ROOT / "desktop" / "cli" / f"{module}.py").read_text(encoding="utf-8")
        if "EXIT_FINDINGS" in text or re.search(r"return 1\b", text):
            using.add(name)
    assert using <= set(FINDINGS)
    assert EXIT_FINDINGS == 1


def test_a_fault_of_the_program_is_exit_2_with_a_chinese_line_not_1(demo_db, capsys, monkeypatch):
    """An unforeseen error must not end with Python's 1 (a script would read "findings") nor print a
    traceback: exit 2, one Chinese line saying where it happened and what to do."""
    import desktop.cli.backup
    from desktop.__main__ import main

    def broken(ns):
        raise ValueError("oops")

    monkeypatch.setattr(desktop.cli.backup, "run", broken)
    assert main(["backup", "--db", str(demo_db), "--out", str(demo_db.parent)]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.startswith("错误：程序内部出错，命令没有完成（ValueError：oops，位于 tests/cli/test_cli_language.py 第 ")
    assert err.strip().endswith("请把这条信息和所用的命令告诉维护人员")


@pytest.mark.parametrize("args", [
    ["demo", "--db", "{dir}"],
    ["import", "--db", "{db}", "{dir}/没有.xlsx"],
    ["backup", "--db", "{db}", "--out", "{db}"],
    ["package", "--db", "{db}", "--out", "{dir}/包.zctb", "--scope", "不存在县"],
    ["settings", "--db", "{db}", "--report-day", "三十"],
    ["history", "--db", "{db}", "--save", "1"],
    ["history", "--db", "{dir}/没有.sqlite"],
])
def test_commands_that_do_not_check_refuse_with_2(args, demo_db, tmp_path):
    args = [a.format(db=demo_db, dir=tmp_path) for a in args]
    r = run(*args)
    assert r.returncode == EXIT_REFUSED, r.stderr
    assert r.stderr.startswith("错误：") and "Traceback" not in r.stderr


def test_a_long_usage_lines_up_under_its_first_line(monkeypatch):
    from desktop.cli.main import parser
    from desktop.system.argparse_zh import display_width

    monkeypatch.setenv("COLUMNS", "80")
    commands = next(a for a in parser()._actions if a.choices and "evaluation" in a.choices)
    first, second = commands.choices["evaluation"].format_usage().splitlines()[:2]
    assert display_width(first[:first.index("[-h]")]) == len(second) - len(second.lstrip())


def test_help_columns_line_up_with_chinese_option_values(capsys):
    """argparse pads an option's name by characters: --out 文件夹 pushed its help 3 columns right."""
    from desktop.system.argparse_zh import display_width

    columns = {}
    for line in _help(capsys, "submit", "--help").splitlines():
        for name in ("--db FILE", "--out 文件夹", "--to 邮箱", "--attach [材料=]文件"):
            if line.strip().startswith(name):
                after = line.index(name) + len(name)
                gap = len(line[after:]) - len(line[after:].lstrip(" "))
                columns[name] = display_width(line[:after]) + gap  # where its help starts
    assert len(columns) == 4 and len(set(columns.values())) == 1, columns
