"""From a preview and the user's choice to the writes the store makes (Store.apply_plan), in one action.

A ``Choice`` holds the ids the user keeps ticked: new rows, field changes, 填报时间 and reports.
By default every add and change is taken and every conflict is left as it is; taking a field of a
conflict (or marking the conflict resolved) resolves it, and fields not taken keep our value.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.merge.provenance import PackageRecord, Provenance
from desktop.domain.merge.types import EventItem, Kind, Preview, RowChange, Source
from desktop.domain.model import Level, ReportingUnit, TownEntry, Village
from desktop.domain.monthly.report import MonthlyReport

# Columns a field change writes: a name with its code.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "city": ("city", "city_code"), "county": ("county", "county_code"), "town": ("town", "town_code"),
    "town_type": ("town_type",), "note": ("note",),
}


@dataclass
class Choice:
    take: set[str] = field(default_factory=set)  # ids of add rows, field changes, lists, reports to apply
    resolved: set[str] = field(default_factory=set)  # conflict rows decided (fields not taken keep ours)

    def take_row(self, row: RowChange) -> None:
        """Apply the incoming row entirely (resolves a conflict in its favour)."""
        self.take.add(row.id)
        self.take.update(f.id for f in row.fields)
        if row.kind is Kind.CONFLICT:
            self.resolved.add(row.id)

    def keep_local(self, row: RowChange) -> None:
        """Keep our record as it is; for a conflict, mark it resolved so it is not asked again."""
        self.take.discard(row.id)
        self.take.difference_update(f.id for f in row.fields)
        if row.kind is Kind.CONFLICT:
            self.resolved.add(row.id)

    def skip_row(self, row: RowChange) -> None:
        """Leave the row out of this import (asked again next time)."""
        self.take.discard(row.id)
        self.take.difference_update(f.id for f in row.fields)
        self.resolved.discard(row.id)


def default_choice(preview: Preview) -> Choice:
    """Every add and change, 填报时间 where ours is empty, new and replaced reports; no conflict, and no
    row outside the unit's region (a neighbouring county's, another town's: ticked only by the user)."""
    choice = Choice()
    for row in preview.rows():
        if not row.taken_by_default:
            continue
        if row.kind is Kind.ADD:
            choice.take.add(row.id)
        elif row.kind is Kind.CHANGE:
            choice.take.update(f.id for f in row.fields)
    choice.take.update(lc.id for lc in preview.lists if lc.default)
    choice.take.update(r.id for r in preview.reports if r.takeable and r.kind in (Kind.ADD, Kind.CHANGE))
    return choice


@dataclass
class PlannedAdd:
    entry: TownEntry
    stamp: Provenance


@dataclass
class PlannedUpdate:
    town_id: int
    values: dict[str, object]  # column → value (names with their codes)
    villages: list[Village] | None
    stamp: Provenance | None


@dataclass
class PlannedReport:
    report: MonthlyReport
    source_file: str
    sha256: str
    replace_id: int | None


@dataclass
class Plan:
    adds: list[PlannedAdd] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)  # also provenance-only refreshes
    filled_on: dict[Level, date] = field(default_factory=dict)
    unit: ReportingUnit | None = None  # the 填报单位 adopted from the files
    events: list[EventItem] = field(default_factory=list)  # 四个一 records to add
    evaluation: object = None  # merge_evaluation.EvaluationMerge: scores and sites to take
    reports: list[PlannedReport] = field(default_factory=list)
    packages: list[PackageRecord] = field(default_factory=list)
    summary: dict[Level, dict[str, int]] = field(default_factory=dict)  # added/changed/same/skipped/conflicts
    report_summary: dict[str, int] = field(default_factory=dict)  # added/replaced/same/skipped/conflicts

    @property
    def writes(self) -> bool:
        return bool(self.adds or self.updates or self.filled_on or self.reports or self.packages
                    or self.unit is not None or bool(self.events)
                    or (self.evaluation is not None and self.evaluation.changes))


def stamp_for(row: RowChange) -> Provenance:
    s = row.source
    return Provenance(office=s.office, origin=row.origin or s.office, source=s.file, base_hash=row.incoming_hash,
                      package_id=s.package_id, made_at=s.made_at)


def _needs_refresh(row: RowChange, stamp: Provenance) -> bool:
    """A same row: record that it (also) comes from this source, unless another office's record says
    otherwise, this is the package already recorded, or an older one."""
    prov = row.provenance
    if prov is None:
        return True
    if prov.office != stamp.office or (stamp.package_id and prov.package_id == stamp.package_id):
        return False
    if prov.made_at and stamp.made_at and stamp.made_at < prov.made_at:
        return False
    return not prov.same_stamp(stamp)


def build_plan(preview: Preview, choice: Choice) -> Plan:
    plan = Plan()
    for row in preview.rows():
        counts = plan.summary.setdefault(row.level, {"added": 0, "changed": 0, "same": 0, "skipped": 0,
                                                     "conflicts": 0})
        if not row.takeable:
            counts["same" if row.kind is Kind.SAME else "conflicts"] += 1
            continue
        stamp = stamp_for(row)
        if row.kind is Kind.ADD:
            if row.id in choice.take:
                plan.adds.append(PlannedAdd(row.incoming, stamp))  # written as it is, never changed
                counts["added"] += 1
            else:
                counts["skipped"] += 1
            continue
        assert row.town_id is not None
        if row.kind is Kind.SAME:
            counts["same"] += 1
            if _needs_refresh(row, stamp):  # same content, or ours edited and theirs unchanged: base = theirs
                plan.updates.append(PlannedUpdate(row.town_id, {}, None, stamp))
            continue
        taken = [f for f in row.fields if f.id in choice.take]
        resolved = bool(taken) or (row.kind is Kind.CONFLICT and row.id in choice.resolved)
        if not taken and not resolved:
            counts["conflicts" if row.kind is Kind.CONFLICT else "skipped"] += 1
            continue
        values: dict[str, object] = {}
        villages = None
        for f in taken:
            if f.field == "villages":
                villages = [Village(v.name, v.code) for v in row.incoming.villages]
            else:
                values.update({c: getattr(row.incoming, c) for c in FIELD_COLUMNS[f.field]})
        plan.updates.append(PlannedUpdate(row.town_id, values, villages, stamp))
        counts["changed" if taken else "same"] += 1
    chosen = {lc.level: lc.new for lc in preview.lists if lc.id in choice.take}
    plan.filled_on.update(chosen)
    plan.unit = preview.unit
    plan.events = list(preview.events)
    plan.evaluation = preview.evaluation
    _plan_reports(preview, choice, plan)
    _plan_packages(preview, plan)
    return plan


def _plan_reports(preview: Preview, choice: Choice, plan: Plan) -> None:
    counts = plan.report_summary
    for key in ("added", "replaced", "same", "skipped", "conflicts"):
        counts[key] = 0
    for rc in preview.reports:
        if rc.kind is Kind.SAME:
            counts["same"] += 1
        elif rc.takeable and rc.id in choice.take:
            plan.reports.append(PlannedReport(copy.deepcopy(rc.report), rc.source.file, rc.sha256,
                                              rc.current_id if rc.kind is not Kind.ADD else None))
            counts["added" if rc.kind is Kind.ADD else "replaced"] += 1
        else:
            counts["conflicts" if rc.kind is Kind.CONFLICT else "skipped"] += 1


def _plan_packages(preview: Preview, plan: Plan) -> None:
    seen: set[str] = set()
    for source in preview.sources:
        if source.kind != "package" or not source.package_id or source.package_id in seen | preview.known_packages:
            continue
        seen.add(source.package_id)
        plan.packages.append(package_record(source, preview))


def package_record(source: Source, preview: Preview) -> PackageRecord:
    towns = sum(1 for r in preview.rows() if r.source is source)
    reports = sum(1 for r in preview.reports if r.source is source)
    return PackageRecord(source.package_id or "", source.office, source.made_at or "", source.app_version,
                         source.scope, source.file, source.sha256 or "", "", towns, reports)
