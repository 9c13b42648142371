"""Precompute pinyin for every gazetteer name into resources/gazetteer/pinyin.csv.

Village rows also carry the village's short name (红旗村村民委员会 → 红旗村, ``village_short_name``),
so the app does not work out 34,412 of them at its first check; a test keeps the column in step
with the code.

Run after updating the gazetteer: ``python tools/build_pinyin.py``. The app reads the CSV
and never calls pypinyin per keystroke. Village rows are written last, in the order of
villages.csv (sorted by code): the app reads one town's block of both files by its code prefix.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain.names import town_short_names  # noqa: E402


def village_shorts(gdir: Path) -> dict[str, str]:
    """Village code → short name, unique within its town (``town_short_names``)."""
    by_town: dict[str, list[tuple[str, str]]] = {}
    with open(gdir / "villages.csv", encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            by_town.setdefault(rec["town_code"], []).append((rec["code"], rec["name"]))
    out: dict[str, str] = {}
    for rows in by_town.values():
        out.update(zip([c for c, _ in rows], town_short_names([n for _, n in rows]), strict=True))
    return out


def main() -> None:
    gdir = ROOT / "resources" / "gazetteer"
    shorts = village_shorts(gdir)
    rows = []
    for fname in ("cities.csv", "counties.csv", "towns.csv", "villages.csv"):
        with open(gdir / fname, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                name = rec["name"]
                short = shorts[rec["code"]] if fname == "villages.csv" else ""
                name = short or name
                full = "".join(lazy_pinyin(name, errors="ignore")).lower()
                initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
                rows.append((rec["code"], full, initials, short))
    with open(gdir / "pinyin.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("code", "full", "initials", "short"))
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {gdir / 'pinyin.csv'}")


if __name__ == "__main__":
    main()
