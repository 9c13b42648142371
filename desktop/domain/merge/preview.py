"""Preview of an import: what incoming rosters (workbooks or exchange packages) would do to ours.

Pure functions: ``build_preview(local, incoming, gaz)`` compares, per list and county, every
incoming town with the record already here and says whether it is new (add), differs field by
field (change), is the same (skipped) or is a conflict (two offices changed the same record).
Nothing is written; the store applies a chosen plan (desktop.domain.merge.plan) in one action.

Every row, field change, unknown name and report has a stable ``id`` so a UI can deselect it.

Three-way rule for a record that came from the same office before (its provenance keeps the
hash of the content as last imported, the *base*):
incoming = local → same; incoming = base → keep local (same); local = base → change;
both differ from the base → conflict. A record typed here or last sent by another office that
a package contradicts is a conflict too; a workbook (no provenance) updates it (change).
"""

from __future__ import annotations

import copy

from desktop.domain.merge.check import findings_after_import
from desktop.domain.merge.evaluation import merge_evaluation, site_names
from desktop.domain.merge.plan import Choice, Plan, build_plan, default_choice
from desktop.domain.merge.provenance import report_hash
from desktop.domain.merge.rows import (
    classify_report,
    classify_row,
    lists_of,
    missing_notes,
    package_notes,
    towns_by_office,
)
from desktop.domain.merge.types import (
    FIELD_LABELS,
    FIELDS,
    CountyGroup,
    EventItem,
    FieldChange,
    Incoming,
    IncomingRow,
    Kind,
    ListChange,
    LocalState,
    Preview,
    ReportChange,
    RowChange,
    Source,
    Suggestion,
    UnknownName,
    field_value,
    row_id,
)
from desktop.domain.model import Level, ReportingUnit, Roster, TownEntry
from desktop.domain.names import compact
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.places.matching import resolve_entry
from desktop.domain.places.units import in_scope, unit_decision

__all__ = [
    "FIELDS", "FIELD_LABELS", "CountyGroup", "FieldChange", "Incoming", "IncomingRow", "Kind", "ListChange",
    "LocalState", "Preview", "ReportChange", "RowChange", "Source", "Suggestion", "UnknownName",
    "Choice", "Plan", "accept_suggestion", "build_plan", "build_preview", "default_choice", "field_value", "replan", "row_id",
    "unknown_names",
]

_CODED = ("city", "county", "town")


# -- the preview -------------------------------------------------------------------------------
class _Index:
    def __init__(self, rosters: list[Roster]) -> None:
        self.by_code: dict[tuple[Level, str], TownEntry] = {}
        self.by_name: dict[tuple[Level, str, str, str], TownEntry] = {}  # city, county, town
        for roster in rosters:
            for t in roster.towns:
                if t.town_code:
                    self.by_code.setdefault((t.level, t.town_code), t)
                self.by_name.setdefault((t.level, compact(t.city), compact(t.county), compact(t.town)), t)

    def find(self, entry: TownEntry) -> TownEntry | None:
        if entry.town_code and (entry.level, entry.town_code) in self.by_code:
            return self.by_code[(entry.level, entry.town_code)]
        return self.by_name.get((entry.level, compact(entry.city), compact(entry.county), compact(entry.town)))


def new_events(local: LocalState, incoming: list[Incoming]) -> list[EventItem]:
    """四个一 records the files bring that the database does not hold; one of our own that comes back
    (its unit is ours) counts as ours."""
    own = compact(local.unit.display)
    held = {(e.kind, e.done_on, e.note, e.unit_name) for e in local.events}
    out: list[EventItem] = []
    for inc in incoming:
        for event in inc.events:
            unit = "" if own and compact(event.unit_name) == own else event.unit_name
            key = (event.kind, event.done_on, event.note, unit)
            if key not in held:
                held.add(key)
                out.append(EventItem(*key))
    return out


def build_preview(local: LocalState, incoming: list[Incoming], gaz: Gazetteer,
                  renames: dict[str, str] | None = None) -> Preview:
    """Compare everything incoming with the database; changes nothing."""
    renames = dict(renames or {})
    preview = Preview(sources=[i.source for i in incoming], renames=renames, known_packages=set(local.packages),
                      _inputs=(local, incoming, gaz))
    index = _Index(local.rosters)
    groups: dict[tuple[Level, str], CountyGroup] = {}
    seen: dict[str, RowChange] = {}
    owned = towns_by_office(local.rosters, local.provenance)
    for inc in incoming:
        preview.notes.extend(package_notes(inc.source, local.packages))
        for row in inc.rows:
            raw_id = row_id(row.entry)
            entry = _renamed(row.entry, raw_id, renames, gaz)
            change = classify_row(entry, row.origin or inc.source.office, inc.source, index.find(entry),
                                  local.provenance, seen.get(row_id(entry)),
                                  row.content_hash if entry is row.entry else "")
            if change.kind is not Kind.SAME:
                change.unknown = unknown_names(entry, raw_id, gaz)
                mark_outside(change, local.unit)
            if change.takeable:
                seen.setdefault(change.id, change)
            key = (entry.level, compact(entry.city) + "/" + compact(entry.county))
            group = groups.get(key)
            if group is None:
                group = groups[key] = CountyGroup(entry.level, entry.city, entry.county)
            group.rows.append(change)
        preview.notes.extend(missing_notes(inc, owned))
    preview.groups = sorted(groups.values(), key=lambda g: g.level.value)
    preview.lists, not_ours = lists_of(incoming, local.rosters, local.unit)
    preview.notes.extend(not_ours)
    preview.unit, preview.unit_note = unit_decision(local.unit, [i.source.unit for i in incoming])
    preview.events = new_events(local, incoming)
    with_scores = [(i.source.office, i.evaluation) for i in incoming if i.evaluation]
    preview.evaluation = merge_evaluation(local.evaluation, with_scores,
                                          site_names(local.rosters, [row.entry for i in incoming for row in i.rows])
                                          if with_scores else None)
    preview.findings, preview.findings_total = findings_after_import(preview, local, gaz)
    by_key = {(r.region, r.month): r for r in local.reports}
    first_of: dict[tuple, tuple[ReportChange, str]] = {}  # the same month may come in two files of one import
    for inc in incoming:
        for report in inc.reports:
            sha = inc.source.sha256 if inc.source.kind == "monthly" and inc.source.sha256 else report_hash(report)
            key = (report.region, report.month)
            earlier = first_of.get(key)
            if earlier is not None:
                preview.reports.append(_repeated_report(report, inc.source, sha, *earlier))
                continue
            change = classify_report(report, inc.source, sha, by_key.get(key), local.report_sources)
            first_of[key] = (change, report_hash(report))
            preview.reports.append(change)
    return preview


def mark_outside(change: RowChange, unit: ReportingUnit) -> None:
    """A row outside the unit's region (another county's, another town's) is not taken by default: say why."""
    if in_scope(change.incoming, unit):  # any row when no unit (or the province) is set
        return
    change.outside = True
    why = f"不在本单位的地区（{unit.region_name}）内，默认不导入；确需导入请勾选"
    change.reason = f"{change.reason}；{why}" if change.reason else why


def _repeated_report(report, source, sha: str, first: ReportChange, first_hash: str) -> ReportChange:
    """A report for a unit and month that an earlier file of the same import already brings:
    the same content is skipped; different content is a conflict between the two files, never taken."""
    change = ReportChange(f"{first.id}#{source.file}", Kind.SAME, report, source, sha, first.current_id,
                          takeable=False)
    if report_hash(report) != first_hash:
        change.kind = Kind.CONFLICT
        change.reason = f"与同一次导入的“{first.source.file}”中的该月报内容不同，请只导入正确的一份"
    return change


def accept_suggestion(preview: Preview, unknown_id: str, name: str) -> Preview:
    """The preview again, with one unknown name replaced by a suggested (or typed) one."""
    local, incoming, gaz = preview._inputs
    return build_preview(local, incoming, gaz, {**preview.renames, unknown_id: name})


def replan(preview: Preview, local: LocalState) -> Preview:
    """The same files compared again with the database as it is now (another program or an edit wrote
    since the preview was made); the names the user accepted are kept, and so are the row ids."""
    _, incoming, gaz = preview._inputs
    return build_preview(local, incoming, gaz, preview.renames)


def _renamed(entry: TownEntry, raw_id: str, renames: dict[str, str], gaz: Gazetteer) -> TownEntry:
    """The entry with the user's accepted renames applied (a copy; the entry itself when none apply)."""
    prefix = f"{raw_id}?"
    mine = {k[len(prefix):]: v for k, v in renames.items() if k.startswith(prefix)}
    if not mine:
        return entry
    entry = copy.deepcopy(entry)
    for key, new in mine.items():
        kind, _, old = key.partition(":")
        if kind == "village":
            for v in entry.villages:
                if v.name == old:
                    v.name, v.code = new, None
        elif kind in _CODED and getattr(entry, kind) == old:
            setattr(entry, kind, new)
            setattr(entry, f"{kind}_code", None)
    return resolve_entry(entry, gaz)


def unknown_names(entry: TownEntry, raw_id: str, gaz: Gazetteer) -> list[UnknownName]:
    """City, county, town and village names of a row that the gazetteer does not know, with suggestions."""
    out: list[UnknownName] = []

    def add(kind: str, name: str, pool: list[Place]) -> None:
        by_name = {p.name: p.code for p in pool}
        suggestions = tuple(Suggestion(n, by_name[n]) for n in gaz.suggest(name, pool) if n in by_name)
        out.append(UnknownName(f"{raw_id}?{kind}:{name}", kind, name, suggestions))

    if entry.city and not entry.city_code:
        add("city", entry.city, gaz.cities)
    if entry.county and not entry.county_code:
        add("county", entry.county, gaz.children_of(entry.city_code) if entry.city_code else gaz.counties)
    if entry.town and entry.county_code and not entry.town_code:
        add("town", entry.town, gaz.children_of(entry.county_code))
    if entry.town_code and any(not v.code for v in entry.villages):  # the town's places only when needed
        pool = gaz.children_of(entry.town_code)
        for v in entry.villages:
            if not v.code:
                add("village", v.name, pool)
    return out
