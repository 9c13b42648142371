"""The import preview's check: what ``check`` would find once the default choices are imported (new
rows, changed rows, adopted 填报单位 and 填报时间), so a 乡镇类型 outside the five is seen before it
lands, not after."""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.findings import Finding
from desktop.domain.merge.types import Kind, LocalState, Preview
from desktop.domain.model import Roster, Settings
from desktop.domain.places.gazetteer import Gazetteer


def rosters_after(preview: Preview, local: LocalState) -> list[Roster]:
    """The local rosters with the preview's default choices applied: additions appended, takeable
    changes replacing their row (conflicts and identical rows keep ours)."""
    out = {r.level: Roster(r.level, r.filled_on, list(r.towns)) for r in local.rosters}
    positions = {t.id: (r.level, i) for r in local.rosters for i, t in enumerate(r.towns) if t.id is not None}
    for row in preview.rows():
        if not row.taken_by_default:  # outside the unit's region: not taken unless ticked
            continue
        if row.kind is Kind.ADD:
            out.setdefault(row.level, Roster(row.level)).towns.append(row.incoming)
        elif row.kind is Kind.CHANGE and row.town_id in positions:
            level, i = positions[row.town_id]
            out[level].towns[i] = replace(row.incoming, id=row.town_id)
    for change in preview.lists:
        if change.default:
            roster = out.setdefault(change.level, Roster(change.level))
            roster.filled_on = change.new
    return list(out.values())


def findings_after_import(preview: Preview, local: LocalState, gaz: Gazetteer) -> tuple[list[Finding], int]:
    """(the findings the import would bring — not there before —, all findings after it)."""
    from desktop.domain.roster.rules import check_all

    settings = local.settings or Settings(local.unit)
    if preview.unit is not None:
        settings = replace(settings, unit=preview.unit)
    before = check_all(local.rosters, gaz, settings)
    after_rosters = rosters_after(preview, local)
    if after_rosters == local.rosters:  # nothing taken by default (all 同): nothing new
        return [], len(before)
    known = {f.message for f in before}
    after = check_all(after_rosters, gaz, settings)
    return [f for f in after if f.message not in known], len(after)
