"""The sites to evaluate: every pilot town of the rosters (once, whatever its level), and each of
their counties as a whole where the checklist has county items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from desktop.domain.evaluation.checklist import SITE_KINDS, Checklist
from desktop.domain.evaluation.scoring import Site
from desktop.domain.model import Roster, TownEntry
from desktop.domain.names import compact

COUNTY_KEY = "county:"  # before the code (or 市/县 names) of a county as a whole


def town_key(t: TownEntry) -> str:
    """A pilot town's site key: its code, else 市/县/镇 by name."""
    return t.town_code or f"{compact(t.city)}/{compact(t.county)}/{compact(t.town)}"


def county_key(t: TownEntry) -> str:
    """The site key of a pilot town's county as a whole."""
    return COUNTY_KEY + (t.county_code or f"{compact(t.city)}/{compact(t.county)}")


def key_kind(key: str) -> str:
    """The kind of site (SITE_KINDS) a site key names."""
    return "county" if key.startswith(COUNTY_KEY) else "town"


def dropped_scores(checklist: Checklist, scored: Iterable[str]) -> str | None:
    """What taking ``checklist`` would stop counting, said in Chinese: the sites with scores (``scored``,
    their keys) of a kind it has no items for (a town's or a county's exported 验收评分表 holds one kind
    only); None when nothing."""
    counts = Counter(key_kind(key) for key in scored)
    missing = [kind for kind in SITE_KINDS if counts[kind] and not checklist.items_for(kind)]
    if not missing:
        return None
    words = {"town": "乡镇（街道）", "county": "县（市、区）"}
    return (f"它没有{'和'.join(words[k] for k in missing)}的评分项目，已经评过分的 "
            f"{'、'.join(f'{counts[k]} 个{words[k]}' for k in missing)}导入后不再计入总分和汇总（评分仍保存着，"
            "再导入含有这些项目的评分标准即可恢复）；如果选择的是导出的某一个验收评分表，请改为导入完整的评分标准")


def sites_of(rosters: Iterable[Roster], checklist: Checklist) -> list[Site]:
    towns: dict[str, Site] = {}
    counties: dict[str, Site] = {}
    for roster in sorted(rosters, key=lambda r: r.level.value):
        for t in roster.towns:
            if not t.town.strip():
                continue
            key = town_key(t)
            towns.setdefault(key, Site(key, "town", f"{t.county}{t.town}", roster.level.label + "试点"))
            ckey = county_key(t)
            counties.setdefault(ckey, Site(ckey, "county", t.county, "县（市、区）"))
    out = list(towns.values())
    if checklist.items_for("county"):
        out += list(counties.values())
    return out
