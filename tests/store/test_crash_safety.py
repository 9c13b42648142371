"""Killing the process mid-edit or mid-import loses at most the edit in flight; the file stays sound."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from helpers import ROOT

EDITOR = textwrap.dedent("""
    import sys
    from desktop.domain.model import Level, TownEntry, Village
    from desktop.store.database import open_store
    store = open_store(sys.argv[1])
    tid = store.add_town(TownEntry(Level.PROVINCIAL, "泸州市", "合江县", "白沙镇", "中心镇"))
    i = 0
    while True:
        i += 1
        store.update_town(tid, note=str(i))
        store.set_villages(tid, [Village(f"村{j}") for j in range(i % 7)])
        print(i, flush=True)
""")

IMPORTER = textwrap.dedent("""
    import sys
    from desktop.domain.model import Level, Roster, TownEntry, Village
    from desktop.store.database import open_store
    store = open_store(sys.argv[1])
    big = Roster(Level.COUNTY, None, [TownEntry(Level.COUNTY, "泸州市", "泸县", f"镇{i}", "中心镇",
                 villages=[Village(f"村{j}") for j in range(10)]) for i in range(200000)])
    print("ready", flush=True)
    store.merge_rosters([big])
    print("done", flush=True)
""")


def _start(script: str, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def _check(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def test_kill_mid_edit_keeps_every_committed_edit(tmp_path):
    db = tmp_path / "断电 测试.sqlite"
    proc = _start(EDITOR, db)
    last = 0
    for line in proc.stdout:
        last = int(line)
        if last >= 150:
            break
    proc.kill()
    proc.wait()
    conn = _check(db)
    (note,) = conn.execute("SELECT note FROM towns").fetchone()
    assert int(note) >= last, "an edit reported as saved was lost"
    villages = conn.execute("SELECT count(*) FROM villages").fetchone()[0]
    assert villages in {int(note) % 7, (int(note) - 1) % 7}, "villages of an edit were half written"


def test_kill_mid_import_changes_nothing(tmp_path):
    from desktop.domain.model import Level, TownEntry
    from desktop.store.database import open_store

    db = tmp_path / "导入 中断.sqlite"
    store = open_store(db)
    store.add_town(TownEntry(Level.CITY, "泸州市", "泸县", "福集镇", "中心镇"))
    store.close()
    proc = _start(IMPORTER, db)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.5)  # well inside the 200,000-town import (it takes far longer)
    proc.kill()
    proc.wait()
    conn = _check(db)
    assert conn.execute("SELECT count(*) FROM towns").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM villages").fetchone()[0] == 0
