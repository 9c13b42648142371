"""Two programs at once on one database, as real separate processes: two imports of the same files
give the result of one, two programs making a new database both get it sound, and a command that
finds the database locked by another program says so (exit 2) and leaves no file unrecorded."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import (
    CHECKLIST_ROWS,
    ROOT,
    checklist_sheet,
    digest,
    run,
    start,
    wait_for_output,
    write_lock_held,
)

from desktop.store.database import SCHEMA_VERSION, open_store

LOCKED = "另一个程序正在写入数据库“汇总.sqlite”"


def _counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("towns", "villages", "reports"))
    finally:
        conn.close()


def _import_twice_at_once(target: Path, paths: list[Path], tmp_path: Path) -> list[str]:
    """Both imports read the files and print their preview while another program holds the write lock
    (so both previews see the same database); then the lock is let go and both write."""
    open_store(target).close()
    outs = [tmp_path / f"导入{i}.txt" for i in (1, 2)]
    with write_lock_held(target):
        procs = [start("import", "--db", target, *paths, out=out) for out in outs]
        for proc, out in zip(procs, outs, strict=True):
            wait_for_output(out, "导入预览", proc)
    for proc in procs:
        proc.wait(timeout=120)
    texts = [out.read_text(encoding="utf-8") for out in outs]
    assert [p.returncode for p in procs] == [0, 0], texts
    return texts


def test_two_imports_of_the_same_workbooks_at_once_give_the_result_of_one(demo_db, tmp_path) -> None:
    folder = tmp_path / "导出 附件"
    r = run("export", "--db", demo_db, "--out", folder)
    assert r.returncode == 0, r.stderr
    workbooks = sorted(folder.glob("*.xlsx"))
    assert len(workbooks) == 3
    target = tmp_path / "市 汇总" / "汇总.sqlite"
    texts = _import_twice_at_once(target, workbooks, tmp_path)
    assert _counts(target)[:2] == (14, 91), "the second import added every town again"
    assert sum("新增 0 个乡镇（街道）" in t for t in texts) >= 1, texts
    check = run("check", "--db", target)
    assert "重复" not in check.stdout and "共 0 个错误" in check.stderr + check.stdout


def test_two_imports_of_a_package_with_reports_at_once_give_the_result_of_one(demo_db, tmp_path) -> None:
    package = tmp_path / "交换 包.zctb"
    assert run("package", "--db", demo_db, "--out", package).returncode == 0
    target = tmp_path / "市 汇总" / "汇总.sqlite"
    texts = _import_twice_at_once(target, [package], tmp_path)
    assert _counts(target) == (14, 91, 3)
    assert not any("UNIQUE" in t or "Traceback" in t for t in texts), texts


CREATE = textwrap.dedent("""
    import sys
    from desktop.store.database import open_store
    print("ready", flush=True)
    sys.stdin.readline()
    store = open_store(sys.argv[1])
    print(store.counts()["towns"], store.schema_version, flush=True)
    store.close()
""")


@pytest.mark.parametrize("round_", range(3))
def test_programs_making_the_same_new_database_at_once_all_get_it(tmp_path, round_) -> None:
    db = tmp_path / "新 数据库" / f"第{round_}次.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", CREATE, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for _ in range(4)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:  # all four let go at once
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    assert {out.strip() for out, _ in results} == {f"0 {SCHEMA_VERSION}"}
    assert _counts(db) == (0, 0, 0)
    assert [p.name for p in db.parent.iterdir() if ".new-" in p.name] == [], "a temporary file was left"


def test_commands_on_a_database_another_program_is_writing_say_so(demo_db, tmp_path) -> None:
    target = tmp_path / "市 汇总" / "汇总.sqlite"
    target.parent.mkdir()
    target.write_bytes(demo_db.read_bytes())
    before = run("history", "--db", target).stdout
    sheet = checklist_sheet(tmp_path / "正式 方案.xlsx", CHECKLIST_ROWS, "B4:B5")
    outs = {name: tmp_path / f"{name} 输出" for name in ("export", "submit", "package")}
    commands = {
        "settings": ["settings", "--db", target, "--office", "泸州市政务服务局"],
        "demo": ["demo", "--db", target],
        "export": ["export", "--db", target, "--out", outs["export"]],
        "submit": ["submit", "--db", target, "--out", outs["submit"], "--to", "shi@example.cn"],
        "package": ["package", "--db", target, "--out", outs["package"] / "包.zctb"],
        "evaluation": ["evaluation", "--db", target, "--site", "合江县白沙镇", "--item", "P2", "--self", "1",
                       "--accept", "1", "--reason", "测试"],
        "checklist": ["evaluation", "--db", target, "--import-checklist", sheet],
    }
    logs = {name: tmp_path / f"{name}.txt" for name in commands}
    with write_lock_held(target):
        procs = {name: start(*args, out=logs[name]) for name, args in commands.items()}
        for proc in procs.values():
            proc.wait(timeout=180)
    for name, proc in procs.items():
        text = logs[name].read_text(encoding="utf-8")
        assert proc.returncode == 2, (name, text)
        assert f"错误：{LOCKED}" in text and "请等它完成后重试" in text, (name, text)
        assert "Traceback" not in text and "请从备份恢复" not in text, (name, text)
    for out in outs.values():
        assert not out.exists() or not any(out.rglob("*")), f"files left unrecorded in {out}"
    assert run("history", "--db", target).stdout == before
    # the other program is done: the same command works
    assert run("settings", "--db", target, "--office", "泸州市政务服务局").returncode == 0


def test_a_read_command_works_while_another_program_writes(demo_db) -> None:
    before = digest(demo_db)
    with write_lock_held(demo_db):
        r = run("check", "--db", demo_db)
    assert r.returncode == 0 and "共 0 个错误" in r.stderr + r.stdout, r.stderr
    assert digest(demo_db) == before
