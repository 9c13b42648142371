"""The Sichuan gazetteer (NBS 2023 codes): lookup, pinyin-aware search and closest-name suggestions."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from desktop.domain.names import (
    CLOSE_ENOUGH,
    close_enough,
    committee_kind,
    compact,
    name_similarity,
    shown_name_key,
    village_aliases,
    village_key,
    village_short_name,
)
from desktop.domain.places.gazetteer_files import file_block, file_bytes, parse_pinyin
from desktop.domain.places.place import Place

_PINYIN_HEAD = 256 * 1024  # pinyin.csv's rows of cities, counties and towns fit in this
_SINGLE_TOWNS = 24  # towns whose villages are looked up one by one before the whole file is parsed
_VILLAGE_ROW = re.compile(rb"^\d{12},", re.MULTILINE)
_SHOWN_ROW = re.compile(r"(\d{12}),[^\n]*,([^,\r\n]*)")  # a village row of pinyin.csv: code, …, shown name

KINDS = ("city", "county", "town", "village")
__all__ = ["KINDS", "Gazetteer", "Place", "load_gazetteer"]

_NONE: dict[str, str] = {}  # the villages of a town the gazetteer does not know


class Gazetteer:
    """Read on first use, in two parts: cities, counties and towns together (about 3,300 rows,
    5 ms) the first time any of them is needed; a town's villages the first time they are asked
    for, found by bisecting the code-sorted villages.csv and pinyin.csv (after 24 towns, both files
    are parsed whole). The window's first paint needs neither all towns nor the 34,412 villages."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._by_code: dict[str, Place] = {}
        self._children: dict[str | None, list[Place]] = {}
        self._places: tuple[list[Place], list[Place], list[Place]] | None = None
        self._lock = threading.RLock()  # guards the lazy reads (the window and an import thread)
        self._pinyin: tuple[bytes, int] | None = None  # pinyin.csv, and where its villages' rows begin
        self._village_indices: dict[str, tuple[dict[str, list[Place]], dict[str, list[Place]]]] = {}
        self._names: dict[tuple[str, str | None], dict[str, list[Place]]] = {}  # see _named
        self._villages_data: bytes | None = None
        self._village_rows_at: int | None = None  # byte offsets used to bisect the files (one town)
        self._pinyin_village_at: int | None = None
        self._lines: dict[str, list[str]] | None = None
        self._village_pinyin: dict[str, tuple[str, ...]] | None = None
        self._made: set[str] = set()
        self._villages: list[Place] | None = None
        self._repeated: frozenset[str] | None = None
        self._shown: dict[str, dict[str, str]] | None = None  # town code → shown name → village code
        self._shown_by_code: dict[str, str] | None = None  # village code → shown name

    # -- loading -----------------------------------------------------------------
    def _load_places(self) -> tuple[list[Place], list[Place], list[Place]]:
        places = self._places
        if places is None:
            with self._lock:  # an import in a worker thread may ask at the same time as the window
                if self._places is None:
                    data, split = self._pinyin_parts()
                    pinyin = parse_pinyin(data[:split].decode("utf-8").splitlines()[1:])
                    self._places = (self._read("cities.csv", "city", None, pinyin),
                                    self._read("counties.csv", "county", "city_code", pinyin),
                                    self._read("towns.csv", "town", "county_code", pinyin))
                places = self._places
        return places

    @property
    def repeated_county_names(self) -> frozenset[str]:
        """County names found in more than one city (市中区)."""
        if self._repeated is None:
            seen: dict[str, int] = {}
            for p in self.counties:
                seen[p.name] = seen.get(p.name, 0) + 1
            self._repeated = frozenset(n for n, k in seen.items() if k > 1)
        return self._repeated

    @property
    def cities(self) -> list[Place]:
        return self._load_places()[0]

    @property
    def counties(self) -> list[Place]:
        return self._load_places()[1]

    @property
    def towns(self) -> list[Place]:
        return self._load_places()[2]

    @property
    def by_code(self) -> dict[str, Place]:
        """Every place read so far by code (all cities, counties and towns; villages of the towns asked for)."""
        self._load_places()
        return self._by_code

    def _pinyin_parts(self) -> tuple[bytes, int]:
        """pinyin.csv, and where its villages' rows begin (12-digit codes, written last and in code
        order by tools/build_pinyin.py); each part is parsed when it is needed."""
        if self._pinyin is None:
            data = file_bytes(self.folder / "pinyin.csv")
            first_village = _VILLAGE_ROW.search(data)
            self._pinyin = (data, first_village.start() if first_village else len(data))
        return self._pinyin

    def _read(self, fname: str, kind: str, parent_col: str | None, pinyin: dict) -> list[Place]:
        """Rows of a plain CSV (no quoted fields: checked by a test), as places."""
        out: list[Place] = []
        by_code, children = self._by_code, self._children
        no_pinyin = ("", "")
        lines = (self.folder / fname).read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        i_code, i_name = header.index("code"), header.index("name")
        i_parent = header.index(parent_col) if parent_col else None
        for line in lines[1:]:
            if not line:
                continue
            rec = line.split(",")
            code, official = rec[i_code], rec[i_name]
            full, initials = pinyin.get(code, no_pinyin)[:2]
            parent = rec[i_parent] if i_parent is not None else None
            place = Place(kind, code, official, parent, official, full, initials)
            out.append(place)
            by_code[code] = place
            children.setdefault(parent, []).append(place)
        return out

    # -- villages: 34,412 places, made per town on first use ---------------------------
    def _villages_start(self) -> int:
        """Where villages.csv's rows begin (after its header line)."""
        if self._village_rows_at is None:
            with open(self.folder / "villages.csv", "rb") as fh:
                fh.readline()
                self._village_rows_at = fh.tell()
        return self._village_rows_at

    def _pinyin_start(self) -> int:
        """Where pinyin.csv's village rows begin (they come last, in code order)."""
        if self._pinyin is not None:
            return self._pinyin[1]
        if self._pinyin_village_at is None:
            path = self.folder / "pinyin.csv"
            with open(path, "rb") as fh:
                head = fh.read(_PINYIN_HEAD)
            found = _VILLAGE_ROW.search(head)
            self._pinyin_village_at = found.start() if found else self._pinyin_parts()[1]
        return self._pinyin_village_at

    def _village_data(self) -> bytes:
        if self._villages_data is None:
            self._villages_data = file_bytes(self.folder / "villages.csv")
        return self._villages_data

    def _village_lines(self) -> dict[str, list[str]]:
        """Raw CSV lines of villages.csv grouped by town code (all towns at once, ~10 ms)."""
        if self._lines is None:
            with self._lock:
                if self._lines is None:
                    lines: dict[str, list[str]] = {}
                    for line in self._village_data().decode("utf-8").splitlines()[1:]:
                        if line:
                            lines.setdefault(line.rsplit(",", 1)[1], []).append(line)
                    self._pinyin_of_villages()
                    self._lines = lines  # published last: readers outside the lock test it
        return self._lines

    def _pinyin_of_villages(self) -> dict[str, tuple[str, ...]]:
        """pinyin.csv's village rows by code: (full, initials, short name), parsed once."""
        if self._village_pinyin is None:
            with self._lock:
                if self._village_pinyin is None:
                    data, split = self._pinyin_parts()
                    self._village_pinyin = parse_pinyin(data[split:].decode("utf-8").splitlines())
        return self._village_pinyin

    def _town_villages(self, town_code: str) -> list[Place]:
        if town_code in self._made:  # marked only once its list is complete
            return self._children.get(town_code, [])
        with self._lock:
            if town_code in self._made:
                return self._children.get(town_code, [])
            if len(self._made) >= _SINGLE_TOWNS and self._lines is None:
                self._village_lines()  # many towns asked for (a whole check): parse the file once
            if self._lines is not None and self._village_pinyin is not None:
                rows, pinyin = self._lines.get(town_code, []), self._village_pinyin
            else:  # one town: its lines of the code-sorted files, found by bisecting them (0.1 ms)
                rows = [r for r in file_block(self.folder / "villages.csv", town_code, self._villages_start())
                        if r.endswith("," + town_code)]
                pinyin = parse_pinyin(file_block(self.folder / "pinyin.csv", town_code, self._pinyin_start()))
            out: list[Place] = []
            for line in rows:
                code, official, parent = line.split(",")  # names hold no comma (checked by a test)
                full, initials, short = (*pinyin.get(code, ()), "", "", "")[:3]
                place = Place("village", code, short or village_short_name(official), parent, official, full,
                              initials)
                out.append(place)
                self._by_code[code] = place
            self._children[town_code] = out
            self._made.add(town_code)
        return out

    def village_names(self) -> dict[str, str]:
        """Every village's shown name by its code (see ``village_name``; do not change the dict), read in
        one pass of pinyin.csv's village rows (a regular expression over the text, not a split per line:
        the whole check needs only this)."""
        if self._shown_by_code is None:
            with self._lock:
                if self._shown_by_code is None:
                    data, split = self._pinyin_parts()
                    self._shown_by_code = dict(_SHOWN_ROW.findall(data[split:].decode("utf-8")))
        return self._shown_by_code

    def village_code(self, town_code: str, shown_name: str) -> str | None:
        """The code of the village of ``town_code`` shown as ``shown_name`` (exactly), without making
        the town's places: the usual case of an import (our own export, a package) in one dict lookup.
        A shown name is found by no other village's alias (a test checks every town), so this agrees
        with ``find``; any other form of a name goes through ``find``."""
        return self.village_codes(town_code).get(shown_name)

    def village_codes(self, town_code: str) -> dict[str, str]:
        """The villages of ``town_code`` by shown name → code (see ``village_code``; do not change it)."""
        if self._shown is None:
            with self._lock:
                if self._shown is None:
                    shown: dict[str, dict[str, str]] = {}
                    for code, name in self.village_names().items():
                        town = shown.get(code[:9])
                        if town is None:
                            town = shown[code[:9]] = {}
                        town[name] = code
                    self._shown = shown
        return self._shown.get(town_code, _NONE)

    def village_name(self, code: str | None) -> str | None:
        """The shown name of the village with this 12-digit code (None: not a village of the gazetteer),
        without making the town's places: a whole check of the province asks for all 34,412 and needs
        nothing else of them."""
        if not code or len(code) != 12:
            return None
        return self.village_names().get(code) or None

    @property
    def villages(self) -> list[Place]:
        if self._villages is None:
            self._villages = [p for town in self._village_lines() for p in self._town_villages(town)]
        return self._villages

    # -- navigation ----------------------------------------------------------------
    def get(self, code: str | None) -> Place | None:
        if not code:
            return None
        if len(code) == 12:
            if code[:9] not in self._made:
                self._town_villages(code[:9])
            return self._by_code.get(code)
        return self.by_code.get(code)

    def children_of(self, code: str | None) -> list[Place]:
        """Cities for None; counties of a city; towns of a county; villages of a town."""
        if code and len(code) == 9:
            return self._town_villages(code)
        self._load_places()
        return self._children.get(code, [])

    def parent(self, place: Place) -> Place | None:
        return self.get(place.parent_code)

    # -- matching ------------------------------------------------------------------
    def find(self, kind: str, name: str, parent_code: str | None = None) -> Place | None:
        """Exact match of a typed or imported name (spaces, committee suffixes ignored).

        With a parent code the search is scoped to its children; without one, a unique
        match among all places of that kind is returned (None when ambiguous).
        """
        text = compact(name)
        if not text:
            return None
        if kind == "village" and parent_code:
            by_short, by_key = self._village_index(parent_code)
            typed = village_short_name(text)
            for candidate in (text, typed):
                exact = by_short.get(candidate, [])
                if len(exact) == 1:
                    return exact[0]
                if len(exact) > 1:  # 五道河社区: the 居委会 or the 村委会? Only a full name tells.
                    committee = committee_kind(text)
                    told = [p for p in exact if committee and committee_kind(p.official) == committee]
                    return told[0] if len(told) == 1 else None
            want = _kind(typed)
            hits = [p for p in by_key.get(village_key(text), []) if want is None or _kind(p.name) == want]
            return hits[0] if len(hits) == 1 else None
        if kind == "village":
            text = village_short_name(text)
        named = self._named(kind, parent_code)
        hits = named.get(text, ())
        if not hits and kind == "town" and text.endswith("街道办事处"):
            hits = named.get(text[: -len("办事处")], ())
        return hits[0] if len(hits) == 1 else None

    def _named(self, kind: str, parent_code: str | None) -> dict[str, list[Place]]:
        """The places of ``kind`` among the parent's children (or all of that kind) by name, in order."""
        index = self._names.get((kind, parent_code))
        if index is None:
            index = {}
            for p in self.children_of(parent_code) if parent_code else self._all(kind):
                if p.kind == kind:
                    index.setdefault(p.name, []).append(p)
            self._names[(kind, parent_code)] = index
        return index

    def _village_index(self, town_code: str) -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
        index = self._village_indices.get(town_code)
        if index is None:
            by_short: dict[str, list[Place]] = {}
            by_key: dict[str, list[Place]] = {}
            for p in self.children_of(town_code):
                # every form offices write: the shown name, the full name, the short name (also when
                # two villages share it) and the short name older versions stored (永寿社区村)
                for alias in dict.fromkeys(village_aliases(p.name, p.official)):
                    by_short.setdefault(alias, []).append(p)
                by_key.setdefault(shown_name_key(p.name), []).append(p)
            index = self._village_indices[town_code] = (by_short, by_key)
        return index

    def find_all(self, kind: str, name: str) -> list[Place]:
        text = compact(name)
        return [p for p in self._all(kind) if p.name == text]

    def _all(self, kind: str) -> list[Place]:
        if kind == "village":  # all 34,412 made only when really asked for
            return self.villages
        return {"city": self.cities, "county": self.counties, "town": self.towns}[kind]

    def search(self, places: list[Place], query: str, limit: int | None = None) -> list[Place]:
        """Filter a picker's list by characters, pinyin initials or full pinyin; best first."""
        query = compact(query)
        if not query:
            return places[:limit] if limit else list(places)
        # Place.matches for each place, with the query's pinyin form made once (a keystroke: 3,111 towns)
        q = query.lower().replace(" ", "").replace("'", "") if query.isascii() else None
        hits = []
        for i, p in enumerate(places):
            name = p.name
            if query in name:
                hits.append((6 if name.startswith(query) else 5, i, p))
            elif q is not None:
                initials, full = p.initials, p.full_pinyin
                if initials.startswith(q) or full.startswith(q):
                    hits.append((4, i, p))
                elif q in initials or q in full:
                    hits.append((3, i, p))
        hits.sort(key=lambda t: (-t[0], t[1]))
        result = [p for _, _, p in hits]
        return result[:limit] if limit else result

    def suggest(self, name: str, places: list[Place], n: int = 3) -> list[str]:
        """Closest official names to a name that was not found (for 'did you mean …'), best first;
        only names that share enough of the meaningful part (the name without 村/社区/镇…):
        三江村 gets no 穆村, 天堂坝村 no 皇城坝村 (names.close_enough)."""
        text = compact(name)
        names = list(dict.fromkeys(p.name for p in places))
        if not text or not names:
            return []
        scored = [(close_enough(text, cand), i, cand) for i, cand in enumerate(names)]
        good = sorted(((s, name_similarity(text, cand), i, cand) for s, i, cand in scored if s >= CLOSE_ENOUGH),
                      key=lambda t: (-t[0], -t[1], t[2]))
        return [cand for *_, cand in good[:n]]


def _kind(short_name: str) -> str | None:
    """村 or 社区 when a short name ends with one (红旗村 is not 红旗社区), else None."""
    for kind in ("社区", "村"):
        if short_name.endswith(kind) and len(short_name) > len(kind):
            return kind
    return None


@lru_cache(maxsize=4)
def load_gazetteer(folder: str | None = None) -> Gazetteer:
    """Load (once per folder) the shipped gazetteer, or one from another folder."""
    if folder is None:
        from desktop.system.paths import gazetteer_dir

        folder = str(gazetteer_dir())
    return Gazetteer(Path(folder))
