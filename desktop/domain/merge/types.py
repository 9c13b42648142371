"""The data of an import preview (see desktop.domain.merge.preview): rows, field changes, unknown names."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.findings import Finding
from desktop.domain.merge.provenance import PackageRecord, Provenance, town_hash
from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import compact
from desktop.domain.receiving.mail import Mail


class Kind(enum.Enum):
    ADD = "add"
    CHANGE = "change"
    SAME = "same"
    CONFLICT = "conflict"

    @property
    def label(self) -> str:
        return {"add": "新增", "change": "修改", "same": "相同", "conflict": "冲突"}[self.value]


FIELDS: tuple[str, ...] = ("city", "county", "town", "town_type", "note", "villages")
FIELD_LABELS = {"city": "市（州）", "county": "县（市、区）", "town": "乡镇（街道）", "town_type": "乡镇类型",
                "note": "备注", "villages": "村（社区）", "village": "村（社区）"}
_CODED = ("city", "county", "town")


@dataclass(frozen=True)
class Source:
    """One file being imported."""

    kind: str  # "workbook", "package" or "monthly"
    file: str  # file name (no folder)
    office: str = ""  # 填报单位 of a workbook, made_by of a package
    package_id: str | None = None
    made_at: str | None = None
    sha256: str | None = None
    scope: str = ""  # a package of one county or town: its name ("" = the maker's whole database)
    app_version: str = ""
    unit: ReportingUnit | None = None  # the 填报单位 the file names (region read from it where possible)
    mail: Mail | None = None  # the e-mail the file was attached to

    @property
    def label(self) -> str:
        what = {"package": "交换包", "monthly": "月报工作簿"}.get(self.kind, "工作簿")
        text = f"{what}“{self.file}”" + (f"（{self.office}）" if self.office else "")
        return text + (f"，来自{self.mail.describe()}" if self.mail is not None else "")


@dataclass(frozen=True)
class EventItem:
    """A 四个一 record as it travels: whose it is (``unit_name``, '' = this database's own unit)."""

    kind: str
    done_on: date
    note: str = ""
    unit_name: str = ""


@dataclass
class IncomingRow:
    entry: TownEntry
    origin: str = ""  # office where the record was first entered ("" = the source's office)
    _hash: str = field(default="", repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        """``town_hash(entry)``, worked out once: the preview and the receipts both compare it, and an
        entry read from a file is not changed afterwards (a rename in the preview works on a copy)."""
        if not self._hash:
            self._hash = town_hash(self.entry)
        return self._hash


@dataclass
class Incoming:
    """What one file brings: town rows, 填报时间 per list, monthly reports."""

    source: Source
    rows: list[IncomingRow] = field(default_factory=list)
    filled_on: dict[Level, date] = field(default_factory=dict)
    reports: list[MonthlyReport] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)
    evaluation: dict = field(default_factory=dict)  # 验收评估 scores and sites (a package's)

    @classmethod
    def from_rosters(cls, source: Source, rosters: list[Roster], reports: list[MonthlyReport] | None = None) -> Incoming:
        return cls(source, [IncomingRow(t) for r in rosters for t in r.towns],
                   {r.level: r.filled_on for r in rosters if r.filled_on is not None}, list(reports or []))


@dataclass
class LocalState:
    """What the database holds now (read by Store.local_state())."""

    rosters: list[Roster] = field(default_factory=list)
    provenance: dict[int, Provenance] = field(default_factory=dict)  # town id → provenance
    reports: list[MonthlyReport] = field(default_factory=list)
    report_sources: dict[int, str | None] = field(default_factory=dict)  # report id → source SHA-256
    packages: dict[str, PackageRecord] = field(default_factory=dict)  # package id → when imported
    unit: ReportingUnit = field(default_factory=ReportingUnit)  # the database's 填报单位
    events: list[EventItem] = field(default_factory=list)  # 四个一 records held
    settings: Settings | None = None  # the database's settings (for the preview's check)
    evaluation: dict = field(default_factory=dict)  # the database's 验收评估 (Store.evaluation_rows)
    stamp: object = None  # the database's state when read (Store.state_stamp): an import re-plans when it moved


@dataclass(frozen=True)
class Suggestion:
    name: str
    code: str


@dataclass(frozen=True)
class UnknownName:
    """A name not found in the gazetteer; accepting a suggestion renames it (accept_suggestion)."""

    id: str
    kind: str  # city, county, town or village
    name: str
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.kind]


@dataclass(frozen=True)
class FieldChange:
    """One field: our value → the incoming one. Coded fields are (name, code) pairs; villages a tuple of them."""

    id: str
    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def old_text(self) -> str:
        return _text(self.field, self.old, self.new)

    @property
    def new_text(self) -> str:
        return _text(self.field, self.new, self.old)

    @property
    def added(self) -> list[str]:
        """Villages only in the incoming list."""
        return _names_missing(self.new, self.old) if self.field == "villages" else []

    @property
    def removed(self) -> list[str]:
        return _names_missing(self.old, self.new) if self.field == "villages" else []


@dataclass
class RowChange:
    id: str
    kind: Kind
    level: Level
    source: Source
    incoming: TownEntry
    origin: str
    incoming_hash: str
    current: TownEntry | None = None
    provenance: Provenance | None = None  # of the local record
    fields: list[FieldChange] = field(default_factory=list)
    unknown: list[UnknownName] = field(default_factory=list)
    reason: str = ""
    takeable: bool = True  # False: an incoming duplicate, nothing to apply
    outside: bool = False  # outside the unit's region (places.units.in_scope): not taken unless ticked

    @property
    def town_id(self) -> int | None:
        return self.current.id if self.current is not None else None

    @property
    def taken_by_default(self) -> bool:
        """Applied unless the user unticks it: something to apply, inside the unit's region."""
        return self.takeable and not self.outside

    @property
    def label(self) -> str:
        e = self.incoming
        return " ".join(x for x in (e.level.attachment, e.county, e.town) if x)


@dataclass
class CountyGroup:
    level: Level
    city: str
    county: str
    rows: list[RowChange] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.level.key}:{compact(self.city)}/{compact(self.county)}"

    def counts(self) -> dict[str, int]:
        return _count(self.rows)


@dataclass(frozen=True)
class ListChange:
    """A list's 填报时间."""

    id: str
    level: Level
    old: date | None
    new: date
    default: bool  # taken unless the user unticks it


@dataclass
class ReportChange:
    id: str
    kind: Kind
    report: MonthlyReport
    source: Source
    sha256: str
    current_id: int | None = None
    reason: str = ""
    takeable: bool = True
    fields: list = field(default_factory=list)  # ReportFieldChange: what it changes in the stored report


@dataclass
class Preview:
    groups: list[CountyGroup] = field(default_factory=list)
    lists: list[ListChange] = field(default_factory=list)
    reports: list[ReportChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)  # unknown-name id → accepted name
    known_packages: set[str] = field(default_factory=set)  # package ids imported before
    unit: ReportingUnit | None = None  # the 填报单位 to adopt (the database has none; the files name one)
    unit_note: str = ""  # what happens to the 填报单位, shown with the preview
    events: list[EventItem] = field(default_factory=list)  # 四个一 records not held yet (all are taken)
    findings: list[Finding] = field(default_factory=list)  # what the import would bring to `check`
    findings_total: int = 0  # every finding after the import, old ones included
    evaluation: object = None  # merge_evaluation.EvaluationMerge of the packages' 验收评分
    _inputs: tuple = field(default=(), repr=False, compare=False)

    def rows(self) -> list[RowChange]:
        return [r for g in self.groups for r in g.rows]

    @property
    def stamp(self) -> object:
        """The state of the database the preview compared with (LocalState.stamp; None when unknown)."""
        return self._inputs[0].stamp if self._inputs else None

    def row(self, row_id: str) -> RowChange:
        for r in self.rows():
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def counts(self) -> dict[str, int]:
        """add / change / same / conflict rows, and unknown names (of rows that are not the same)."""
        return _count(self.rows())

    def report_counts(self) -> dict[str, int]:
        return {k.value: sum(r.kind is k for r in self.reports) for k in Kind}

    def unknown_names(self) -> list[UnknownName]:
        return [u for r in self.rows() for u in r.unknown]

    @property
    def has_changes(self) -> bool:
        c, rc = self.counts(), self.report_counts()
        return bool(c["add"] or c["change"] or c["conflict"] or rc["add"] or rc["change"] or rc["conflict"]
                    or self.lists or self.unit is not None or self.events
                    or (self.evaluation is not None and self.evaluation.changes))


def _count(rows: list[RowChange]) -> dict[str, int]:
    out = {k.value: sum(r.kind is k for r in rows) for k in Kind}
    out["unknown"] = sum(len(r.unknown) for r in rows if r.kind is not Kind.SAME)
    return out


# -- values ------------------------------------------------------------------------------------
def field_value(entry: TownEntry, name: str) -> object:
    if name in _CODED:
        return (getattr(entry, name), getattr(entry, f"{name}_code") or None)
    if name == "villages":
        return tuple((v.name, v.code or None) for v in entry.villages)
    return getattr(entry, name)


def _text(name: str, value: object, other: object) -> str:
    if name in _CODED:
        text, code = value  # type: ignore[misc]
        if other is not None and other[0] == text:  # type: ignore[index]
            return f"{text}（{code or '无代码'}）"
        return text or "（空）"
    if name == "villages":
        names = [n for n, _ in value]  # type: ignore[union-attr]
        return "、".join(names) if names else "（无）"
    return str(value) if value else "（空）"


def _names_missing(a: object, b: object) -> list[str]:
    have = {n for n, _ in b}  # type: ignore[union-attr]
    return [n for n, _ in a if n not in have]  # type: ignore[union-attr]


def row_id(entry: TownEntry) -> str:
    """Stable across previews: the list, then the county and town code (or name when not coded)."""
    county = entry.county_code or f"{compact(entry.city)}/{compact(entry.county)}"
    town = entry.town_code or compact(entry.town)
    return f"{entry.level.key}:{county}:{town}"
