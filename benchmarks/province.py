"""Province-scale benchmark: every town (3,111) and village (34,412) of the gazetteer in one roster.

    .venv/bin/python benchmarks/province.py              the table
    .venv/bin/python benchmarks/province.py --markdown   the table as Markdown (for docs/benchmarks.md)
    .venv/bin/python benchmarks/province.py --profile    also a cProfile summary of each measure
    .venv/bin/python benchmarks/province.py --runs 3     fewer runs (default 5 for the fast measures)
    .venv/bin/python benchmarks/province.py --only 6,7   only some measures (1–8; 3 and 4 run together)

Every measure is the median of a few runs (gc.collect() before each) and is compared with a floor
measured in the same run: the least work any implementation must do for the same result. See
docs/benchmarks.md for what each row means. Measures 6 and 7 time an import the way the app does it
(read_incoming, build_preview, Store.apply_import) for the exported province workbook and for 183
county exchange packages; measure 8 reads and previews a folder of the 21 cities' e-mails. Runs offscreen (QT_QPA_PLATFORM=offscreen); writes only to a temporary
folder. Takes about 40 s on a 2-core VM (measures 6 and 7 about 20 s of it).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.domain.model import COLUMNS, Level, ReportingUnit, Roster, Settings, TownEntry, Village  # noqa: E402
from desktop.domain.places.gazetteer import Gazetteer, load_gazetteer  # noqa: E402

START_SCRIPT = Path(__file__).resolve().parent / "_start_app.py"
PICKER_QUERIES = ("x", "xj", "新", "xinjin")
KEYSTROKE_MS = 5.0  # issue 20: a keystroke in the picker stays within 5 ms

PHASES: dict[str, dict[str, float]] = {}  # child start phases, by kind (app, empty, floor)
NOTES: list[str] = []  # lines printed below the table
PROFILES: list[tuple[str, str]] = []  # (title, cProfile summary) with --profile


# -- results -----------------------------------------------------------------------------------
@dataclass
class Row:
    measure: str
    value: float  # seconds
    floor: float | None  # seconds
    target: str  # "≤ 2× floor", "≤ 0.2 s", "≤ 16 ms", or "" (information only)
    limit_ratio: float | None = None  # pass when value / floor <= limit_ratio
    limit_seconds: float | None = None  # pass when value <= limit_seconds

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def verdict(self) -> str:
        if self.limit_ratio is not None:
            return "PASS" if self.ratio is not None and self.ratio <= self.limit_ratio else "FAIL"
        if self.limit_seconds is not None:
            return "PASS" if self.value <= self.limit_seconds else "FAIL"
        return "info"


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1.0:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.1f}×"


def table(rows: list[Row], markdown: bool) -> str:
    head = ("measure", "value", "floor", "ratio", "target", "result")
    body = [(r.measure, fmt_time(r.value), fmt_time(r.floor), fmt_ratio(r.ratio), r.target or "—", r.verdict)
            for r in rows]
    if markdown:
        body = [(("↳ " + c[0].strip()) if c[0].startswith(" ") else c[0], *c[1:]) for c in body]
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] + ["---:"] * 3 + ["---", "---"]) + " |"]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(_width(c) for c in col) for col in zip(head, *body, strict=True)]
    out = []
    for cells in (head, *body):
        out.append("  ".join(_pad(c, w, right=0 < i < 4) for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters take two columns


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


# -- timing --------------------------------------------------------------------------------------
def median_time(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` over ``runs`` calls; ``setup`` (untimed) runs before each."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired(fn: Callable[[], object], floor: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of ``fn`` and ``floor``, run alternately so drift affects both alike."""
    a, b = [], []
    for _ in range(runs):
        for f, out in ((floor, b), (fn, a)):
            gc.collect()
            t0 = time.perf_counter()
            f()
            out.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b)


def profile(title: str, fn: Callable[[], object], limit: int = 18) -> None:
    """cProfile one call of ``fn``; the top of the cumulative listing goes to PROFILES."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    PROFILES.append((title, _stats_text(pstats.Stats(profiler), limit)))


def _stats_text(stats: pstats.Stats, limit: int) -> str:
    buf = io.StringIO()
    stats.stream = buf  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    lines = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(line for line in lines[start:] if line.strip())


# -- the province roster -----------------------------------------------------------------------
def province_roster(gaz: Gazetteer) -> Roster:
    """Every town of the gazetteer with all its villages, names and codes from the gazetteer, in one
    附件3: the list the provincial centre holds once it has compiled all 21 cities."""
    towns = []
    for position, town in enumerate(gaz.towns):
        county = gaz.parent(town)
        city = gaz.parent(county) if county else None
        assert county is not None and city is not None
        towns.append(TownEntry(
            Level.COUNTY, city=city.name, county=county.name, town=town.name, town_type="一般乡镇",
            city_code=city.code, county_code=county.code, town_code=town.code, position=position,
            villages=[Village(v.name, v.code) for v in gaz.children_of(town.code)]))
    return Roster(Level.COUNTY, date(2026, 1, 15), towns)


SETTINGS = Settings(ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心"), deadline=date(2026, 1, 31))


def build_db(path: Path, roster: Roster | None) -> None:
    from desktop.store.database import open_store

    store = open_store(path, create=True)
    try:
        store.save_settings(SETTINGS)
        if roster is not None:
            store.add_rosters([roster])
    finally:
        store.close()


# -- 1. cold start ----------------------------------------------------------------------------
def start_once(args: list[str], env: dict[str, str], profile_to: Path | None = None) -> tuple[float, float, dict]:
    """Wall times from launching the child to its SHOWN and READY markers, and the child's phases."""
    if profile_to is not None:
        env = {**env, "BENCH_PROFILE": str(profile_to)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(START_SCRIPT), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True, encoding="utf-8")
    assert proc.stdout is not None
    shown = ready = None
    phases: dict = {}
    for line in proc.stdout:
        if line.startswith("SHOWN "):
            shown = time.perf_counter() - t0
        elif line.startswith("READY "):
            ready = time.perf_counter() - t0
            phases = json.loads(line[6:])
            break
    proc.stdout.read()
    code = proc.wait(timeout=60)
    if shown is None or ready is None or code != 0:
        raise RuntimeError(f"start {args[0]} failed (exit code {code}, markers {'seen' if ready else 'missing'})")
    return shown, ready, phases


def measure_start(db: Path, tmp: Path, runs: int, want_profile: bool) -> list[Row]:
    # Byte code is cached in the temporary folder (as an installed app has its .pyc files), even when
    # PYTHONDONTWRITEBYTECODE is set here; nothing is written beside the sources.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZHENCUN_DATA_DIR": str(tmp / "用户数据"),
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    for name in ("BENCH_PROFILE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    empty_db = tmp / "空白.sqlite"
    build_db(empty_db, None)
    # "first": the same start as "app", as the first start of a day pays it: the day's 每日 backup of the
    # province database is made (its backups folder is removed, untimed, before each such start)
    kinds = {"app": ["app", "--db", str(db)], "first": ["app", "--db", str(db)],
             "empty": ["app", "--db", str(empty_db)], "floor": ["floor"]}
    for args in kinds.values():  # warm the file cache and the .pyc files once
        start_once(args, env)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    readies: dict[str, list[float]] = {k: [] for k in kinds}
    phases: dict[str, list[dict]] = {k: [] for k in kinds}
    for _ in range(runs):
        for kind, args in kinds.items():
            if kind == "first":
                shutil.rmtree(db.parent / "backups", ignore_errors=True)
            shown, ready, ph = start_once(args, env)
            if kind == "first" and not any((db.parent / "backups").glob("*每日*")):
                raise RuntimeError("the first start of the day made no 每日 backup")
            times[kind].append(shown)
            readies[kind].append(ready)
            phases[kind].append(ph)
    app, empty, floor = (statistics.median(times[k]) for k in ("app", "empty", "floor"))
    app_ready = statistics.median(readies["app"])
    PHASES["app"] = _median_phases(phases["app"])
    PHASES["empty"] = _median_phases(phases["empty"])
    PHASES["floor"] = _median_phases(phases["floor"])
    if want_profile:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "start.prof"
            start_once(kinds["app"], env, out)
            PROFILES.append(("1. cold start (child process, province db)", _stats_text(pstats.Stats(str(out)), 30)))
    return [
        Row("1. cold start to first window shown", app, floor, "≤ 1.5× floor", limit_ratio=1.5),
        Row("   (same start, empty database)", empty, floor, ""),
        Row("   ready: every list loaded and checked", app_ready, floor, "≤ 3× floor", limit_ratio=3.0),
        Row("   first start of a day: window shown", statistics.median(times["first"]), floor, ""),
        Row("   first start of a day: ready, the 每日 backup made", statistics.median(readies["first"]), floor, ""),
    ]


def _median_phases(runs: list[dict]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


# -- 2. whole-roster check ----------------------------------------------------------------------
def measure_check(gaz: Gazetteer, rosters: list[Roster], runs: int, want_profile: bool) -> list[Row]:
    from desktop.domain.roster.rules import check_all

    def floor() -> None:
        # One pass that looks up every town and village code: the least a membership check does.
        n = 0
        for roster in rosters:
            for t in roster.towns:
                place = gaz.by_code.get(t.town_code or "")
                n += place is not None and place.name == t.town
                for v in t.villages:
                    known = gaz.by_code.get(v.code or "")
                    n += known is not None and known.parent_code == t.town_code and known.name == v.name

    check_all(rosters, gaz, SETTINGS)  # warm: the name caches are filled once per process, as in the app
    value, base = paired(lambda: check_all(rosters, gaz, SETTINGS), floor, runs)
    if want_profile:
        profile("2. check_all over the province roster", lambda: check_all(rosters, gaz, SETTINGS))
    findings = check_all(rosters, gaz, SETTINGS)
    errors = sum(f.is_error for f in findings)
    NOTES.append(f"check_all finds {errors} errors and {len(findings) - errors} warnings in the province roster")
    if errors:  # every town of Sichuan, once each, with its official villages: any error is a false one
        raise RuntimeError(f"false errors in the province roster, e.g. {next(f.message for f in findings if f.is_error)}")
    return [Row("2. whole-roster check (check_all)", value, base, "≤ 0.2 s", limit_seconds=0.2)]


# -- 3. export, 4. import ---------------------------------------------------------------------
def floor_write(roster: Roster, path: Path) -> None:
    """openpyxl writing the same rows (6 columns, villages joined with 、), no styles, no template."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for t in roster.towns:
        ws.append([t.city, t.county, t.town, t.town_type, "、".join(t.village_names), t.note])
    wb.save(path)


def floor_read(path: Path) -> int:
    """openpyxl reading every value of the file (read-only mode), nothing else."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += sum(v is not None for v in row)
    wb.close()
    return n


def calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            n += sum(v not in (None, "") for v in row)
    return n


def measure_exchange(gaz: Gazetteer, roster: Roster, tmp: Path, runs: int,
                     want_profile: bool) -> list[Row]:
    from desktop.exchange.roster.export import export_rosters
    from desktop.exchange.roster.reader import read_roster_workbooks

    out_dir = tmp / "导出"
    floor_file = tmp / "floor.xlsx"
    written: list[Path] = []

    def export() -> None:
        written[:] = export_rosters([roster], SETTINGS, out_dir)

    export()  # warm: imports openpyxl and the template once
    floor_write(roster, floor_file)
    exp, exp_floor = paired(export, lambda: floor_write(roster, floor_file), runs)
    exported = written[0]

    result = read_roster_workbooks([exported], gaz)
    got = result.rosters[0]
    if len(got.towns) != len(roster.towns) or got.village_count != roster.village_count:
        raise RuntimeError(f"import read {len(got.towns)} towns / {got.village_count} villages back")
    from desktop.domain.roster.rules import check_all

    back = check_all(result.rosters, gaz, SETTINGS)
    NOTES.append(f"the imported 附件3 checks with {sum(f.is_error for f in back)} errors and "
                 f"{sum(not f.is_error for f in back)} warnings")
    if any(f.is_error for f in back):
        raise RuntimeError(f"false errors after import, e.g. {next(f.message for f in back if f.is_error)}")
    imp, imp_floor = paired(lambda: read_roster_workbooks([exported], gaz), lambda: floor_read(exported), runs)
    rows = [
        Row("3. export (export_rosters)", exp, exp_floor, "≤ 2× floor", limit_ratio=2.0),
        Row("4. import of that export (read_roster_workbooks)", imp, imp_floor, "≤ 2× floor", limit_ratio=2.0),
    ]
    try:
        cal = median_time(lambda: calamine_read(exported), runs)
        rows.append(Row("   python-calamine reading the same file", cal, imp_floor, ""))
    except ImportError:
        NOTES.append("python-calamine is not installed: its read time is not reported")
    size = exported.stat().st_size
    NOTES.append(f"the exported 附件3 is {size / 1024 / 1024:.1f} MB ({len(roster.towns)} rows)")
    if want_profile:
        profile("3. export_rosters", export)
        profile("4. read_roster_workbooks", lambda: read_roster_workbooks([exported], gaz))
    return rows


# -- 5. one keystroke of picker filtering, and the re-check after an edit ------------------------
def _type_char(widget, ch: str) -> None:
    """One keystroke: a key event for ASCII, an input-method commit for Chinese (as an IME sends it)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    if ch.isascii():
        key = ord(ch.upper()) if ch.isalpha() else ord(ch)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def _keystroke_times(line_edit, reset: Callable[[str], None], query: str, runs: int) -> tuple[float, float]:
    """Medians of (handler only, handler + the repaint that follows) for the last char of ``query``."""
    from PySide6.QtWidgets import QApplication

    prefix, last = query[:-1], query[-1]
    handler, painted = [], []
    for _ in range(runs):
        reset(prefix)
        QApplication.processEvents()
        gc.collect()
        t0 = time.perf_counter()
        _type_char(line_edit, last)
        t1 = time.perf_counter()
        QApplication.processEvents()
        t2 = time.perf_counter()
        handler.append(t1 - t0)
        painted.append(t2 - t0)
        if line_edit.text() != query:
            raise RuntimeError(f"typing {query!r} gave {line_edit.text()!r}")
    return statistics.median(handler), statistics.median(painted)


def measure_ui(gaz: Gazetteer, db: Path, runs: int, want_profile: bool) -> list[Row]:
    from PySide6.QtCore import QStringListModel, Qt, qInstallMessageHandler
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

    from desktop.store.database import open_store
    from desktop.ui.app import make_app
    from desktop.ui.common.picker import POPUP_LIMIT
    from desktop.ui.roster.town_form import TownForm
    from desktop.ui.window.main_window import MainWindow

    app = make_app()
    qInstallMessageHandler(lambda *_: None)  # offscreen: "This plugin does not support raise()" per popup
    # The town picker of a row with no county yet: its own list is empty, so every keystroke
    # searches the whole province (3,111 towns) — the biggest list any picker shows.
    host = QWidget()
    layout = QVBoxLayout(host)
    form = TownForm(Level.PROVINCIAL, gaz)
    layout.addWidget(form)
    floor_edit = QLineEdit()
    layout.addWidget(floor_edit)
    host.resize(700, 700)
    host.show()
    form.set_entry(TownEntry(Level.PROVINCIAL, id=1), 1)
    picker = form.town_picker
    own, wider = picker._source()
    assert not own and len(wider) == len(gaz.towns)
    app.processEvents()

    # Floor: a plain line edit and list popup; a substring/initials filter of the same 3,111 names
    # and a QStringListModel reset with at most the same number of rows, shown the same way.
    names = [(t.name, t.initials, t.full_pinyin) for t in gaz.towns]
    popup = QListView(floor_edit)
    popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
    popup.setUniformItemSizes(True)
    popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    floor_model = QStringListModel(popup)
    popup.setModel(floor_model)

    def floor_filter(text: str) -> None:
        q = text.strip().lower()
        hits = [n for n, ini, py in names if q in n or ini.startswith(q) or py.startswith(q)][:POPUP_LIMIT]
        floor_model.setStringList(hits)
        corner = floor_edit.mapToGlobal(floor_edit.rect().bottomLeft())
        popup.setGeometry(corner.x(), corner.y(), floor_edit.width(), 10 * 24)
        popup.show()

    floor_edit.textEdited.connect(floor_filter)

    def reset_picker(prefix: str) -> None:
        picker.hide_popup()
        picker.setText(prefix)

    def reset_floor(prefix: str) -> None:
        popup.hide()
        floor_edit.setText(prefix)

    rows: list[Row] = []
    for query in PICKER_QUERIES:
        _keystroke_times(picker, reset_picker, query, 1)  # warm
        handler, painted = _keystroke_times(picker, reset_picker, query, runs)
        f_handler, f_painted = _keystroke_times(floor_edit, reset_floor, query, runs)
        NOTES.append(f"picker “{query}”: {picker.model.rowCount()} rows shown; with the repaint "
                     f"{fmt_time(painted)} (floor {fmt_time(f_painted)})")
        rows.append(Row(f"5. keystroke in the town picker, “{query}”", handler, f_handler, "≤ 5 ms",
                        limit_seconds=KEYSTROKE_MS / 1000))
    if want_profile:
        def keystroke() -> None:
            reset_picker("x")
            _type_char(picker, "j")
        profile("5. one keystroke in the town picker (“xj”)", keystroke)
    host.close()

    # Information: the debounced re-check that follows every edit in the window (MainWindow.check_now
    # re-reads the store, runs check_all and refreshes the table, the form and the findings list).
    store = open_store(db)
    try:
        window = MainWindow(store, gaz, recheck_delay_ms=0)
        window.show()
        app.processEvents()

        def recheck() -> None:
            window.check_now()
            app.processEvents()

        from desktop.domain.roster.rules import check_all

        rosters = store.load_rosters()
        value, base = paired(recheck, lambda: check_all(rosters, gaz, store.settings()), max(3, runs // 2))
        rows.append(Row("   re-check after an edit (MainWindow.check_now)", value, base, ""))
        if want_profile:
            profile("re-check after an edit (MainWindow.check_now + repaint)", recheck)
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        store.close()
    return rows


# -- 6. import + preview of the province workbook -------------------------------------------------
def _fresh_store(path: Path):
    """An empty database with the province's settings, open."""
    from desktop.store.database import open_store

    build_db(path, None)
    return open_store(path)


def _check_counts(preview, kind: str, expected: int, what: str) -> None:
    counts = preview.counts()
    if counts.get(kind) != expected:
        raise RuntimeError(f"{what}: preview counts {counts}, expected {expected} '{kind}'")


def _time_apply(incoming, gaz: Gazetteer, tmp: Path, runs: int, label: str, towns: int) -> float:
    """Median of ``store.apply_import`` into a new empty database (made and previewed untimed)."""
    from desktop.domain.merge.preview import build_preview

    times = []
    for i in range(runs):
        store = _fresh_store(tmp / f"{label}-{i}.sqlite")
        try:
            preview = build_preview(store.local_state(), incoming, gaz)
            gc.collect()
            t0 = time.perf_counter()
            store.apply_import(preview, description="导入")
            times.append(time.perf_counter() - t0)
            counts = store.counts()
        finally:
            store.close()
        if counts["towns"] != towns:
            raise RuntimeError(f"{label}: apply wrote {counts}, expected {towns} towns")
    return statistics.median(times)


def _profile_apply(title: str, incoming, gaz: Gazetteer, path: Path) -> None:
    from desktop.domain.merge.preview import build_preview

    store = _fresh_store(path)
    try:
        preview = build_preview(store.local_state(), incoming, gaz)
        profile(title, lambda: store.apply_import(preview, description="导入"))
    finally:
        store.close()


def measure_workbook_import(gaz: Gazetteer, roster: Roster, db: Path, tmp: Path, runs: int,
                            want_profile: bool) -> list[Row]:
    """read_incoming + build_preview of the exported 附件3, against an empty and a full database, and apply."""
    from desktop.domain.merge.preview import build_preview
    from desktop.exchange.incoming import read_incoming
    from desktop.exchange.roster.export import export_rosters
    from desktop.store.database import open_store

    (workbook,) = export_rosters([roster], SETTINGS, tmp / "导入用")  # untimed: the file of row 3
    incoming, _ = read_incoming([workbook], gaz)  # warm
    rows_in = sum(len(i.rows) for i in incoming)
    if rows_in != len(roster.towns):
        raise RuntimeError(f"read_incoming read {rows_in} of {len(roster.towns)} towns")
    read, read_floor = paired(lambda: read_incoming([workbook], gaz), lambda: floor_read(workbook), runs)

    empty_store = _fresh_store(tmp / "空白-预览.sqlite")
    try:
        empty = empty_store.local_state()
    finally:
        empty_store.close()
    _check_counts(build_preview(empty, incoming, gaz), "add", len(roster.towns), "workbook, empty database")
    preview_empty = median_time(lambda: build_preview(empty, incoming, gaz), runs)

    store = open_store(db)
    try:
        local_time = median_time(store.local_state, runs)
        full = store.local_state()
    finally:
        store.close()
    _check_counts(build_preview(full, incoming, gaz), "same", len(roster.towns), "workbook, same roster")
    preview_same = median_time(lambda: build_preview(full, incoming, gaz), runs)

    apply = _time_apply(incoming, gaz, tmp, runs, "附件1-应用", len(roster.towns))
    NOTES.append(f"6. province workbook: read + preview + apply into an empty database "
                 f"{fmt_time(read + preview_empty + apply)}; read + store.local_state + preview against "
                 f"the same roster {fmt_time(read + local_time + preview_same)}")
    if want_profile:
        profile("6. read_incoming of the province workbook", lambda: read_incoming([workbook], gaz))
        profile("6. build_preview, empty database", lambda: build_preview(empty, incoming, gaz))
        profile("6. build_preview, database holding the same roster", lambda: build_preview(full, incoming, gaz))
        _profile_apply("6. store.apply_import into an empty database", incoming, gaz, tmp / "附件1-剖析.sqlite")
    return [
        Row("6. import of the province workbook (read_incoming)", read, read_floor, "≤ 2× floor", limit_ratio=2.0),
        Row("   preview, empty database (build_preview)", preview_empty, None, ""),
        Row("   preview, database holding the same roster", preview_same, None, ""),
        Row("   store.local_state() of that database", local_time, None, ""),
        Row("   apply into an empty database (store.apply_import)", apply, None, ""),
    ]


# -- 7. 183 county packages ---------------------------------------------------------------------
def county_packages(gaz: Gazetteer, roster: Roster, folder: Path) -> list[Path]:
    """One exchange package per county, written the way a county office does it: its own database
    (settings = the county, its towns with all their villages in 附件3), then ``python -m desktop
    package`` (desktop.services.package.make_package: load, select_scope, write_package with the read-back,
    the 报送记录)."""
    from desktop.services.package import make_package
    from desktop.store.database import open_store

    by_county: dict[str, list[TownEntry]] = {}
    for t in roster.towns:
        by_county.setdefault(t.county_code or "", []).append(t)
    paths = []
    for code, towns in by_county.items():
        county = gaz.by_code[code]
        entries = [TownEntry(Level.COUNTY, t.city, t.county, t.town, t.town_type, t.note, t.city_code,
                             t.county_code, t.town_code, [Village(v.name, v.code) for v in t.villages], position=i)
                   for i, t in enumerate(towns)]
        db = folder / "县" / f"{code}.sqlite"
        db.parent.mkdir(parents=True, exist_ok=True)
        store = open_store(db, create=True)
        try:
            store.save_settings(Settings(ReportingUnit(code, county.name, f"{county.name}政务服务中心")))
            store.add_rosters([Roster(Level.COUNTY, date(2026, 1, 15), entries)])
        finally:
            store.close()
        out = folder / "交换包" / f"交换包-{county.name}-{code}.zctb"
        out.parent.mkdir(parents=True, exist_ok=True)
        store = open_store(db)
        try:
            make_package(store, out)
        finally:
            store.close()
        paths.append(out)
    return paths


def floor_packages(paths: list[Path]) -> int:
    """Unzip payload.json of every package and json.loads it, nothing else."""
    import zipfile

    n = 0
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            payload = json.loads(zf.read("payload.json"))
        n += sum(len(r["towns"]) for r in payload["rosters"])
    return n


def measure_packages(gaz: Gazetteer, roster: Roster, tmp: Path, runs: int, want_profile: bool) -> list[Row]:
    from desktop.domain.merge.preview import build_preview
    from desktop.exchange.incoming import read_incoming

    t0 = time.perf_counter()
    paths = county_packages(gaz, roster, tmp / "各县")
    setup = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in paths)
    if floor_packages(paths) != len(roster.towns):
        raise RuntimeError("the county packages do not hold every town")
    incoming, _ = read_incoming(paths, gaz)  # warm
    read, read_floor = paired(lambda: read_incoming(paths, gaz), lambda: floor_packages(paths), runs)

    empty_store = _fresh_store(tmp / "空白-各县.sqlite")
    try:
        empty = empty_store.local_state()
    finally:
        empty_store.close()
    _check_counts(build_preview(empty, incoming, gaz), "add", len(roster.towns), "packages, empty database")
    preview_empty = median_time(lambda: build_preview(empty, incoming, gaz), runs)
    apply = _time_apply(incoming, gaz, tmp, runs, "各县-应用", len(roster.towns))

    # The same 183 packages once more into the database that has just taken them: all 'same'.
    from desktop.store.database import open_store

    store = open_store(tmp / f"各县-应用-{runs - 1}.sqlite")
    try:
        again = store.local_state()
    finally:
        store.close()
    _check_counts(build_preview(again, incoming, gaz), "same", len(roster.towns), "packages, imported before")
    preview_again = median_time(lambda: build_preview(again, incoming, gaz), runs)

    NOTES.append(f"7. {len(paths)} county packages, {size / 1024:.0f} KB in all (made in {setup:.1f} s, untimed): "
                 f"read at {len(paths) / read:.0f} files/s (floor {len(paths) / read_floor:.0f} files/s); "
                 f"read + preview + apply into an empty database {fmt_time(read + preview_empty + apply)}")
    if want_profile:
        profile("7. read_incoming of 183 county packages", lambda: read_incoming(paths, gaz))
        profile("7. build_preview of 183 packages, empty database", lambda: build_preview(empty, incoming, gaz))
        profile("7. build_preview of 183 packages, imported before", lambda: build_preview(again, incoming, gaz))
        _profile_apply("7. store.apply_import of 183 packages into an empty database", incoming, gaz,
                       tmp / "各县-剖析.sqlite")
    return [
        Row(f"7. read {len(paths)} county packages (read_incoming)", read, read_floor, ""),
        Row("   preview, empty database (build_preview)", preview_empty, None, ""),
        Row("   apply into an empty database (store.apply_import)", apply, None, ""),
        Row("   preview again after the apply (all 'same')", preview_again, None, ""),
    ]


# -- 8. a folder of 21 cities' e-mails ------------------------------------------------------------
def measure_mails(gaz: Gazetteer, roster: Roster, tmp: Path, runs: int, want_profile: bool) -> list[Row]:
    """The province imports the folder of e-mails its 21 cities sent (each .eml carrying the city's
    package and a document): expand_folders + read_files (the e-mail guards, the attachments, the
    package reader), then the preview against an empty province database; benchmarks/_mails.py."""
    from _mails import city_mails, floor_mails

    from desktop.services import importing

    t0 = time.perf_counter()
    paths = city_mails(gaz, roster, tmp / "各市邮件")
    setup = time.perf_counter() - t0
    folder = paths[0].parent
    size = sum(p.stat().st_size for p in paths)
    if floor_mails(paths) != len(roster.towns):
        raise RuntimeError("the cities' e-mails do not hold every town")

    def read() -> importing.Reading:
        return importing.read_files(importing.expand_folders([folder]).paths, gaz)

    reading = read()  # warm
    if len(reading.incoming) != len(paths) or len(reading.documents) != len(paths):
        raise RuntimeError(f"read {len(reading.incoming)} packages, {len(reading.documents)} documents")
    read_time, read_floor = paired(read, lambda: floor_mails(paths), runs)
    store = _fresh_store(tmp / "空白-各市邮件.sqlite")
    try:
        empty = store.local_state()
    finally:
        store.close()
    _check_counts(importing.preview(empty, reading, gaz), "add", len(roster.towns), "e-mails, empty database")
    preview = median_time(lambda: importing.preview(empty, reading, gaz), runs)
    NOTES.append(f"8. {len(paths)} city e-mails, {size / 1024 / 1024:.1f} MB in all (made in {setup:.1f} s, untimed): "
                 f"read + preview {fmt_time(read_time + preview)}")
    if want_profile:
        profile("8. read_files of 21 city e-mails", read)
    return [
        Row(f"8. read a folder of {len(paths)} city e-mails (read_files)", read_time, read_floor, ""),
        Row("   preview, empty database", preview, None, ""),
    ]


# -- main ----------------------------------------------------------------------------------------
def environment() -> str:
    import openpyxl
    import PySide6
    from PySide6.QtCore import qVersion

    return (f"Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
            f"openpyxl {openpyxl.__version__}, {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}")


MEASURES = (1, 2, 3, 4, 5, 6, 7, 8)  # 3 and 4 run together (export, then import of that export)


def parse_only(text: str) -> set[int]:
    """``--only 6,7`` or ``--only 1-3``: the measures to run."""
    picked: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        try:
            picked.update(range(int(lo), int(hi or lo) + 1))
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a measure number: {part!r}") from None
    if not picked or not picked <= set(MEASURES):
        raise argparse.ArgumentTypeError(f"measures are {MEASURES[0]}–{MEASURES[-1]}")
    return picked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary of each measure")
    parser.add_argument("--runs", type=int, default=5, help="runs of the fast measures (default 5)")
    parser.add_argument("--only", type=parse_only, default=set(MEASURES), metavar="N[,N…]",
                        help="run only these measures, e.g. 6,7 or 1-4 (3 and 4 always run together)")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a target is missed")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    slow_runs = max(1, min(runs, 3))
    only: set[int] = args.only

    began = time.perf_counter()
    gaz = load_gazetteer()
    roster = province_roster(gaz)
    rosters = [Roster(Level.PROVINCIAL), Roster(Level.CITY), roster]
    print(f"province roster: {len(roster.towns)} towns, {roster.village_count} villages", file=sys.stderr)

    rows: list[Row] = []
    later: list[Row] = []  # 6 and 7 run before 5 (5 builds Qt widgets) but come after it in the table
    failed: list[str] = []

    def run(title: str, measure: Callable[[], list[Row]], into: list[Row]) -> None:
        """One group of measures; a failure is reported below the table and the others still run."""
        print(f"{title} …", file=sys.stderr)
        try:
            into += measure()
        except Exception as exc:  # noqa: BLE001 - e.g. a module being edited by someone else
            traceback.print_exc()
            failed.append(title)
            NOTES.append(f"{title}: FAILED ({type(exc).__name__}: {exc})")

    with tempfile.TemporaryDirectory(prefix="province-bench-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "全省 名单.sqlite"
        if only & {1, 5, 6}:
            build_db(db, roster)
        if 1 in only:
            # Each start is a new process, which varies more than an in-process run: 2 × runs − 1 of them.
            run("1. cold start", lambda: measure_start(db, tmp, 2 * runs - 1, args.profile), rows)
        if 2 in only:
            run("2. check", lambda: measure_check(gaz, rosters, runs, args.profile), rows)
        if only & {3, 4}:
            run("3./4. export and import", lambda: measure_exchange(gaz, roster, tmp, slow_runs, args.profile), rows)
        if 6 in only:
            run("6. import + preview + apply of the province workbook",
                lambda: measure_workbook_import(gaz, roster, db, tmp, slow_runs, args.profile), later)
        if 7 in only:
            run("7. 183 county packages", lambda: measure_packages(gaz, roster, tmp, slow_runs, args.profile), later)
        if 8 in only:
            run("8. 21 city e-mails", lambda: measure_mails(gaz, roster, tmp, slow_runs, args.profile), later)
        if 5 in only:
            run("5. picker and re-check", lambda: measure_ui(gaz, db, runs, args.profile), rows)
    rows += later
    total = time.perf_counter() - began

    print()
    print(f"{environment()}; medians of {runs} runs ({2 * runs - 1} for the cold start, {slow_runs} for export, import and packages); "
          f"total {total:.0f} s")
    print()
    print(table(rows, args.markdown))
    print()
    for kind in ("app", "empty", "floor"):
        if kind in PHASES:
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in PHASES[kind].items() if k != "peak_mb")
            peak = PHASES[kind].get("peak_mb")
            memory = f"; peak memory when ready {peak:.0f} MB" if peak else ""
            print(f"{'- ' if args.markdown else ''}start phases ({kind}, seconds since the child's first line): "
                  f"{phases}{memory}")
    for note in NOTES:
        print(f"{'- ' if args.markdown else ''}{note}")
    for title, text in PROFILES:
        print(f"\n== profile: {title}\n{text}")
    missed = [r for r in rows if r.verdict == "FAIL"]
    return 1 if (missed or failed) and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
