"""How one incoming town, 填报时间 or monthly report compares with ours (used by build_preview)."""

from __future__ import annotations

from desktop.domain.dates import format_cn, format_moment
from desktop.domain.merge.provenance import PackageRecord, Provenance, report_hash, town_hash
from desktop.domain.merge.types import (
    FIELDS,
    FieldChange,
    Incoming,
    Kind,
    ListChange,
    ReportChange,
    RowChange,
    Source,
    field_value,
    row_id,
)
from desktop.domain.model import Level, ReportingUnit, Roster, TownEntry
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import compact
from desktop.domain.places.units import same_unit


def field_changes(current: TownEntry, incoming: TownEntry, rid: str) -> list[FieldChange]:
    out = []
    for name in FIELDS:
        old, new = field_value(current, name), field_value(incoming, name)
        if old != new:
            out.append(FieldChange(f"{rid}#{name}", name, old, new))
    return out


def _same_office(prov: Provenance, source: Source) -> bool:
    a, b = compact(prov.office), compact(source.office)
    if source.kind == "package" or prov.from_package:
        return a == b
    return not a or not b or a == b  # a workbook may not name its 填报单位


def classify_row(entry: TownEntry, origin: str, source: Source, current: TownEntry | None,
                 provenance: dict[int, Provenance], earlier: RowChange | None, h_in: str = "") -> RowChange:
    """How an incoming town compares with ours (``h_in``: its ``town_hash`` when already known)."""
    rid = row_id(entry)
    h_in = h_in or town_hash(entry)
    row = RowChange(rid, Kind.ADD, entry.level, source, entry, origin, h_in, current)
    if earlier is not None:  # the same town came in an earlier file of this import
        row.id, row.takeable = f"{rid}@{source.file}", False
        if earlier.incoming_hash == h_in:
            row.kind, row.reason = Kind.SAME, f"与{earlier.source.label}中的相同"
        else:
            row.kind = Kind.CONFLICT
            row.fields = field_changes(earlier.incoming, entry, row.id)
            row.reason = f"与同时导入的{earlier.source.label}内容不同，只按前者处理，请核对后单独导入"
        return row
    if current is None:
        return row
    prov = provenance.get(current.id) if current.id is not None else None
    row.provenance = prov
    h_loc = town_hash(current)
    if h_loc == h_in:
        row.kind = Kind.SAME
        return row
    row.fields = field_changes(current, entry, rid)
    who = source.office or "来件"
    if prov is None:
        if source.kind == "package":
            row.kind, row.reason = Kind.CONFLICT, f"本地已有这条记录（在本机录入），与{who}的内容不同"
        else:
            row.kind = Kind.CHANGE
    elif not _same_office(prov, source):
        row.kind = Kind.CONFLICT
        row.reason = f"这条记录上次来自{prov.office or '本机'}，与{who}的内容不同"
    elif source.kind == "package" and prov.made_at and source.made_at and source.made_at < prov.made_at:
        row.kind = Kind.CONFLICT
        row.reason = f"这个交换包（{format_moment(source.made_at)} 制作）比上次导入的（{format_moment(prov.made_at)} 制作）旧"
    elif h_in == prov.base_hash:
        row.kind, row.reason, row.fields = Kind.SAME, "导入后本地修改过，来件没有变化，保留本地", []
    elif h_loc == prov.base_hash:
        row.kind = Kind.CHANGE
    else:
        row.kind = Kind.CONFLICT
        row.reason = f"上次导入后本地修改过，{who}也修改了这条记录"
    return row


def classify_report(report: MonthlyReport, source: Source, sha: str, current: MonthlyReport | None,
                    sources: dict[int, str | None]) -> ReportChange:
    change = ReportChange(f"report:{report.region}:{report.month.iso}", Kind.ADD, report, source, sha)
    if current is None:
        return change
    change.current_id = current.id
    local_sha = sources.get(current.id) if current.id is not None else None
    local_hash = report_hash(current)
    if local_sha == sha or local_hash == report_hash(report):
        change.kind = Kind.SAME
    elif current.locked:
        change.kind, change.takeable = Kind.CONFLICT, False
        change.reason = "本地的该月报已导出并锁定，如需替换请先解锁"
    elif local_sha is None:
        change.kind, change.reason = Kind.CONFLICT, "本地已有本机填写的该月报，内容不同"
    elif source.kind == "monthly" or local_hash == local_sha:
        change.kind, change.reason = Kind.CHANGE, "替换上次导入的月报"
    else:
        change.kind, change.reason = Kind.CONFLICT, "上次导入后本地修改过该月报"
    if change.kind is not Kind.SAME:
        from desktop.domain.merge.reports import report_field_changes

        change.fields = report_field_changes(current, report)
    return change


def lists_of(incoming: list[Incoming], rosters: list[Roster], unit: ReportingUnit | None = None
             ) -> tuple[list[ListChange], list[str]]:
    """The latest 填报时间 per list; taken by default when ours is empty or it comes from a workbook.
    A file of another unit (a town's package at its county, a county's at its city) never sets our
    填报时间: it is that unit's (the notes say so). Without a unit of ours, the files' dates are offered."""
    latest: dict[Level, tuple] = {}
    current = {r.level: r.filled_on for r in rosters}
    others: list[str] = []
    for inc in incoming:
        theirs = inc.source.unit
        if unit is not None and unit.display and theirs is not None and theirs.display and not same_unit(theirs, unit):
            days = "、".join(f"{lv.attachment} {format_cn(d)}" for lv, d in sorted(
                inc.filled_on.items(), key=lambda kv: kv[0].value) if d != current.get(lv))
            if days:
                others.append(f"“{inc.source.file}”（{theirs.display}：{days}）")
            continue
        for level, day in inc.filled_on.items():
            if level not in latest or day > latest[level][0]:
                latest[level] = (day, inc.source.kind != "package")
    out = []
    for level in sorted(latest, key=lambda lv: lv.value):
        day, workbook = latest[level]
        old = current.get(level)
        if day != old:
            out.append(ListChange(f"{level.key}:filled_on", level, old, day, old is None or workbook))
    notes = [f"这些文件的填报时间是各自填报单位的，不作为本单位的填报时间：{'、'.join(others)}"] if others else []
    return out, notes


def package_notes(source: Source, packages: dict[str, PackageRecord]) -> list[str]:
    if source.kind != "package" or not source.package_id:
        return []
    done = packages.get(source.package_id)
    if done is not None:
        return [f"{source.label}已于 {format_moment(done.imported_at)} 导入过，内容相同的记录不会再改动"]
    newer = [p for p in packages.values() if compact(p.office) == compact(source.office)
             and compact(p.scope) == compact(source.scope) and source.made_at and p.made_at > source.made_at]
    if newer:
        last = max(newer, key=lambda p: p.made_at)
        return [f"注意：{source.label}（{format_moment(source.made_at)} 制作）比已导入的“{last.file_name}”"
                f"（{format_moment(last.made_at)} 制作）旧，有差异的记录按冲突列出，请核对"]
    return []


def _in_scope(entry: TownEntry, scope: str) -> bool:
    if not scope:
        return True
    s = compact(scope)
    return s in (compact(entry.county), compact(entry.town), compact(entry.county + entry.town))


def towns_by_office(rosters: list[Roster], provenance: dict[int, Provenance]) -> dict[str, list[TownEntry]]:
    """The local towns that came from each office (compacted office name), computed once per preview."""
    out: dict[str, list[TownEntry]] = {}
    for roster in rosters:
        for t in roster.towns:
            prov = provenance.get(t.id) if t.id is not None else None
            if prov is not None:
                out.setdefault(compact(prov.office), []).append(t)
    return out


def missing_notes(inc: Incoming, owned: dict[str, list[TownEntry]]) -> list[str]:
    """Records a package's office sent before that its new package no longer has (never deleted).

    ``owned`` is :func:`towns_by_office` of the database."""
    source = inc.source
    if source.kind != "package":
        return []
    keys = {(r.entry.level, compact(r.entry.city), compact(r.entry.county), compact(r.entry.town)) for r in inc.rows}
    codes = {(r.entry.level, r.entry.town_code) for r in inc.rows if r.entry.town_code}
    out = []
    for t in owned.get(compact(source.office), []):
        if not _in_scope(t, source.scope):
            continue
        if (t.level, compact(t.city), compact(t.county), compact(t.town)) in keys or (t.level, t.town_code) in codes:
            continue
        label = " ".join(x for x in (t.level.attachment, t.county, t.town) if x)
        out.append(f"{label}：上次由{source.office}报送，这次的{source.label}中没有，未删除；"
                   f"如已不再试点，请核实后手动删除")
    return out
