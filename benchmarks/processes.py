"""Province scale as the user pays it: each command a whole new process (Python start, imports, first-use
caches included), against floors that are whole processes too, measured alternately in the same run.

    .venv/bin/python benchmarks/processes.py              the table
    .venv/bin/python benchmarks/processes.py --markdown   as Markdown (docs/benchmarks.md)
    .venv/bin/python benchmarks/processes.py --runs 5     runs per measure (default 3; medians)

benchmarks/province.py times the same work inside one warm process (its caches filled by an untimed
first run); docs/benchmarks.md shows both side by side. Measures (targets of issue 20):

    P1 check       python -m desktop check of the province database           ≤ 0.3 s
    P2 export      python -m desktop export of it                              ≤ 1.5× openpyxl writing the rows
    P3 import      python -m desktop import of its 附件3 into a new database    ≤ 1.5× openpyxl reading the file
    P4 packages    python -m desktop import of 183 county packages (a folder)   info (floor: unzip + json.loads)
    P5 memory      peak memory of the window at province scale, ready          ≤ 110 MB (info: a bare window)

Writes only to a temporary folder; runs offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from province import (  # noqa: E402
    Row,
    build_db,
    county_packages,
    environment,
    province_roster,
    start_once,
    table,
)

from desktop.domain.model import COLUMNS  # noqa: E402
from desktop.domain.places.gazetteer import load_gazetteer  # noqa: E402

FLOOR_READ = """import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
n = sum(sum(v is not None for v in row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
print(n)
"""
FLOOR_CALAMINE = """import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
print(sum(len(r) for name in wb.sheet_names for r in wb.get_sheet_by_name(name).to_python()))
"""
FLOOR_WRITE = """import json, sys
from openpyxl import Workbook
rows = json.loads(open(sys.argv[1], encoding="utf-8").read())
wb = Workbook()
ws = wb.active
for row in rows:
    ws.append(row)
wb.save(sys.argv[2])
"""
FLOOR_PACKAGES = """import json, sys, zipfile
from pathlib import Path
n = 0
for p in sorted(Path(sys.argv[1]).glob("*.zctb")):
    with zipfile.ZipFile(p) as z:
        n += len(json.loads(z.read("payload.json")))
print(n)
"""
NOTES: list[str] = []


def run_once(args: list[str], env: dict[str, str], prepare=None) -> float:
    """Wall time of one process from launch to exit; ``prepare`` runs untimed before it."""
    if prepare is not None:
        prepare()
    t0 = time.perf_counter()
    proc = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args[:4])}… failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
    return elapsed


def paired(app: list[str], floor: list[str], env: dict[str, str], runs: int, prepare=None) -> tuple[float, float]:
    """Medians of ``runs`` launches of each, alternating (after one untimed launch of each)."""
    run_once(app, env, prepare)
    run_once(floor, env)
    a, f = [], []
    for _ in range(runs):
        a.append(run_once(app, env, prepare))
        f.append(run_once(floor, env))
    return statistics.median(a), statistics.median(f)


def desktop(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "desktop", *map(str, args)]


def script(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def peak_memory(db: Path, env: dict[str, str], kind: str) -> float:
    """Peak resident memory (MB) of the window child when it is ready (``_start_app`` reports it)."""
    return float(start_once(["app", "--db", str(db)] if kind == "app" else ["floor"], env)[2]["peak_mb"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    began = time.perf_counter()
    gaz = load_gazetteer()
    roster = province_roster(gaz)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="process-bench-") as name:
        tmp = Path(name)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZHENCUN_DATA_DIR": str(tmp / "用户数据"),
               "PYTHONPYCACHEPREFIX": str(tmp / "pycache"), "PYTHONIOENCODING": "utf-8"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db = tmp / "全省 名单.sqlite"
        build_db(db, roster)
        out = tmp / "导出"
        if run_once(desktop("export", "--db", db, "--out", out), env) and not list(out.glob("*.xlsx")):
            raise RuntimeError("the province roster did not export (errors?)")
        workbook = next(out.glob("*.xlsx"))
        rows_json = tmp / "rows.json"
        rows_json.write_text(json.dumps([list(COLUMNS)] + [
            [t.city, t.county, t.town, t.town_type, "、".join(t.village_names), t.note] for t in roster.towns],
            ensure_ascii=False), encoding="utf-8")

        print("P1 check …", file=sys.stderr)
        check, bare = paired(desktop("check", "--db", db), [sys.executable, "-c", "pass"], env, runs)
        rows.append(Row("P1. check (whole process)", check, bare, "≤ 0.3 s", limit_seconds=0.3))

        print("P2 export …", file=sys.stderr)
        floor_w = script(tmp, "floor_write.py", FLOOR_WRITE)
        export, floor = paired(desktop("export", "--db", db, "--out", tmp / "导出2"),
                               [sys.executable, str(floor_w), str(rows_json), str(tmp / "floor.xlsx")], env, runs,
                               prepare=lambda: shutil.rmtree(tmp / "导出2", ignore_errors=True))
        rows.append(Row("P2. export (whole process)", export, floor, "≤ 1.5× floor", limit_ratio=1.5))

        print("P3 import …", file=sys.stderr)
        floor_r = script(tmp, "floor_read.py", FLOOR_READ)
        target = tmp / "新库.sqlite"

        def fresh() -> None:
            for p in tmp.glob("新库.sqlite*"):
                p.unlink()

        imported, floor = paired(desktop("import", "--db", target, workbook),
                                 [sys.executable, str(floor_r), str(workbook)], env, runs, prepare=fresh)
        rows.append(Row("P3. import of the 附件3 (whole process)", imported, floor, "≤ 1.5× floor", limit_ratio=1.5))
        calamine = script(tmp, "floor_calamine.py", FLOOR_CALAMINE)
        cal, _ = paired([sys.executable, str(calamine), str(workbook)], [sys.executable, "-c", "pass"], env, runs)
        rows.append(Row("    python-calamine reading the same file", imported, cal, ""))

        print("P4 packages …", file=sys.stderr)
        folder = tmp / "包"
        paths = county_packages(gaz, roster, folder)
        packages = paths[0].parent
        floor_p = script(tmp, "floor_packages.py", FLOOR_PACKAGES)
        pk, floor = paired(desktop("import", "--db", target, packages),
                           [sys.executable, str(floor_p), str(packages)], env, runs, prepare=fresh)
        rows.append(Row(f"P4. import of {len(paths)} county packages (whole process)", pk, floor, ""))

        print("P5 memory …", file=sys.stderr)
        app = statistics.median(peak_memory(db, env, "app") for _ in range(runs))
        bare_window = statistics.median(peak_memory(db, env, "floor") for _ in range(runs))
        NOTES.append(f"P5. peak memory of the window at province scale, ready: {app:.0f} MB "
                     f"(target ≤ 110 MB: {'PASS' if app <= 110 else 'FAIL'}); a bare PySide6 window: {bare_window:.0f} MB")
    print()
    print(f"{environment()}; whole processes, medians of {runs} (alternating with the floor); "
          f"total {time.perf_counter() - began:.0f} s")
    print()
    print(table(rows, args.markdown))
    print()
    for note in NOTES:
        print(f"{'- ' if args.markdown else ''}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
