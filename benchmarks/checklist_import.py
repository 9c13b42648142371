"""Checklist import benchmark (issue 18, point 4): reading a score sheet is linear in its rows, and every
hostile file of tests/exchange/test_checklist_guards.py is refused fast and in little memory.

    .venv/bin/python benchmarks/checklist_import.py

Part 1 reads generated checklists of 250 to 1,000 items (the most the reader takes) in-process. Part 2
runs ``python -m desktop evaluation --import-checklist`` on each hostile file and reports exit code,
seconds and the command's peak memory (VmHWM, Linux). Targets: linear (seconds per item about constant),
every refusal exit 2 within 20 s and well under 3 GB.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus.hostile import NS, SHEET1, entries_of, sheet_xml, spaces_bomb, with_shared_strings, write_zip  # noqa: E402

from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook  # noqa: E402

PEAK = """import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    with open(out, "w") as fh:
        fh.write(str(kb))
atexit.register(peak)
runpy.run_module("desktop", run_name="__main__", alter_sys=True)
"""


def _row(r: int, cells: list[tuple[str, str]]) -> bytes:
    return b'<row r="%d">%s</row>' % (r, b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (c.encode(), r, v.encode()) for c, v in cells))


HEAD = _row(1, [("A", "验收评估方案")]) + _row(3, list(zip("ABCDEF", ("序号", "一级指标", "二级指标", "评分标准", "分值",
                                                                     "评分方式"), strict=True)))


def _item(r: int, points: str = "0.1") -> bytes:
    return _row(r, list(zip("BCDEF", (f"任务{r % 7}", f"项目{r}", "评分标准的文字" * 8, points, "看现场"), strict=True)))


def book(folder: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "评分表"
    wb.active.append(["x"])
    wb.save(folder / "原始.xlsx")
    return folder / "原始.xlsx"


def sheet_of(base: Path, path: Path, rows: bytes, tail: bytes = b"") -> Path:
    xml = sheet_xml(rows)
    if tail:
        xml = xml.replace(b"</sheetData>", b"</sheetData>" + tail)
    return write_zip(path, entries_of(base, {SHEET1: xml}))


def hostile(folder: Path, base: Path) -> list[tuple[str, Path]]:
    rng = random.Random(7)
    text = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=300_000))
    shared = b"<sst " + NS + b' count="1000" uniqueCount="1"><si><t>' + text.encode() + b"</t></si></sst>"
    rows = HEAD + b"".join(
        b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>T</t></is></c><c r="C%d" t="inlineStr"><is><t>H</t></is></c>'
        b'<c r="D%d" t="s"><v>0</v></c><c r="E%d"><v>1</v></c></row>' % (r, r, r, r, r) for r in range(4, 1004))
    return [
        ("zip bomb (1 GB of XML)", spaces_bomb(base, folder / "炸弹.xlsx", gigabytes=1)),
        ("shared-string bomb (300,000 characters × 1,000 cells)", with_shared_strings(
            base, folder / "字符串.xlsx", shared, sheet_xml(rows))),
        ("a cell at XFD1048576", sheet_of(base, folder / "远处.xlsx", HEAD + _item(4) + b'<row r="1048576">'
                                          b'<c r="XFD1048576"><v>1</v></c></row>')),
        ("a merge H4:ZZ200000", sheet_of(base, folder / "合并.xlsx", HEAD + _item(4),
                                         b'<mergeCells count="1"><mergeCell ref="H4:ZZ200000"/></mergeCells>')),
        ("20,000 rows", sheet_of(base, folder / "两万行.xlsx", HEAD + b"".join(_item(r) for r in range(4, 20_004)))),
        ("100,000 rows", sheet_of(base, folder / "十万行.xlsx", HEAD + b"".join(_item(r) for r in range(4, 100_004)))),
        ("分值 nan", sheet_of(base, folder / "非数.xlsx", HEAD + _item(4, "nan"))),
    ]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="评分标准 基准-"))
    base = book(folder)
    print("reading a checklist (in-process, best of 3):")
    for n in (250, 500, 1000):
        path = sheet_of(base, folder / f"{n}.xlsx", HEAD + b"".join(_item(r) for r in range(4, 4 + n)))
        best = min(_timed(lambda p=path: read_checklist_workbook(p)) for _ in range(3))
        print(f"  {n:>5} items: {best:.3f} s ({best / n * 1e6:.0f} µs an item)")
    db = folder / "库.sqlite"
    subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)
    print("refusing hostile files (python -m desktop evaluation --import-checklist):")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)
    for what, path in hostile(folder, base):
        peak = folder / "peak.txt"
        began = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", PEAK, str(peak), "evaluation", "--db", str(db), "--import-checklist",
                            str(path)], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
        seconds = time.perf_counter() - began
        mb = int(peak.read_text()) / 1024 if peak.exists() else float("nan")
        print(f"  {what:<52} {path.stat().st_size / 1024:>8,.0f} KB  exit {r.returncode}  {seconds:5.2f} s  "
              f"{mb:5.0f} MB  {r.stderr.strip()[:60]}")


def _timed(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


if __name__ == "__main__":
    main()
