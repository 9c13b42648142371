"""验收评估 scores arriving in exchange packages (交叉验收): merged field by field — a score or reason
this database does not have is taken, an equal one is the same, a different one is a conflict and
ours is kept (shown in the preview with both values and the sender)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EvaluationMerge:
    take: list[tuple[str, str, list, str]] = field(default_factory=list)  # (site, item, [self, accept, reason], sender)
    sites: list[tuple[str, list]] = field(default_factory=list)  # (site, [evaluators, date])
    same: int = 0
    conflicts: list[str] = field(default_factory=list)  # one line each

    @property
    def changes(self) -> bool:
        return bool(self.take or self.sites)


_FIELDS = (("self", "自评分"), ("accept", "验收分"), ("reason", "扣分原因"))


def merge_evaluation(local: dict, incoming: list[tuple[str, dict]], names: dict[str, str] | None = None
                     ) -> EvaluationMerge:
    """``local`` and each incoming (sender, data) as Store.evaluation_rows() gives them; ``names``:
    site key → the site's name, for the messages."""
    names = names or {}
    out = EvaluationMerge()
    have = {(r["site"], r["item"]): r for r in local.get("scores", [])}
    have_sites = {r["site"]: r for r in local.get("sites", [])}
    for sender, data in incoming:
        for r in data.get("scores", []):
            key = (r["site"], r["item"])
            mine = have.get(key, {"self": None, "accept": None, "reason": ""})
            merged = dict(mine)
            changed = False
            for name, label in _FIELDS:
                theirs, ours = r.get(name), mine.get(name)
                if theirs in (None, "") or theirs == ours:
                    continue
                if ours in (None, ""):
                    merged[name] = theirs
                    changed = True
                else:
                    out.conflicts.append(f"{names.get(r['site'], r['site'])} {r['item']} {label}：本机 {_v(ours)}，"
                                         f"{sender} {_v(theirs)}（保留本机的）")
            if changed:
                merged.update(site=r["site"], item=r["item"])
                have[key] = merged
                out.take.append((r["site"], r["item"], [merged["self"], merged["accept"], merged["reason"] or ""],
                                 sender))
            else:
                out.same += 1
        for r in data.get("sites", []):
            mine = have_sites.get(r["site"])
            if mine is None or (not mine.get("evaluators") and r.get("evaluators")):
                have_sites[r["site"]] = r
                out.sites.append((r["site"], [r.get("evaluators", ""), r.get("evaluated_on", "")]))
    return out


def _v(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def site_names(rosters) -> dict[str, str]:
    """Site key (as desktop.domain.evaluation.sites makes it) → name, from the rosters."""
    from desktop.domain.evaluation.checklist import Checklist
    from desktop.domain.evaluation.sites import sites_of

    everything = Checklist("", (), (), (), "", 0.0)
    towns = {s.key: s.name for s in sites_of(rosters, everything)}
    for r in rosters:
        for t in r.towns:
            towns.setdefault("county:" + (t.county_code or f"{t.city}/{t.county}"), t.county)
    return towns


def evaluation_lines(merge: EvaluationMerge) -> list[str]:
    if not (merge.take or merge.conflicts or merge.sites):
        return []
    lines = [f"验收评分：采用 {len(merge.take)} 项，相同 {merge.same} 项，冲突 {len(merge.conflicts)} 项（保留本机的）"]
    lines += [f"  冲突：{c}" for c in merge.conflicts[:20]]
    return lines
