"""验收评估 benchmark: a county of 10 pilot towns is scored item by item (each score one store action,
as typed in the window), exported (10 评分表 + the 汇总表) and compiled. Target: seconds, not minutes.

    .venv/bin/python benchmarks/evaluation.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain.evaluation.checklist import load_checklist  # noqa: E402
from desktop.domain.evaluation.scoring import ItemScore, ranking, result_of  # noqa: E402
from desktop.domain.evaluation.sites import sites_of  # noqa: E402
from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village  # noqa: E402
from desktop.domain.places.gazetteer import load_gazetteer  # noqa: E402
from desktop.exchange.evaluation.export import write_score_sheet, write_summary  # noqa: E402
from desktop.store.database import open_store  # noqa: E402


def main() -> None:
    gaz = load_gazetteer()
    county = gaz.find("county", "合江县")
    towns = gaz.children_of(county.code)[:10]
    folder = Path(tempfile.mkdtemp(prefix="评估 基准-"))
    store = open_store(folder / "县.sqlite")
    store.save_settings(Settings(ReportingUnit(county.code, county.name, "合江县政务服务中心")))
    store.add_rosters([Roster(Level.COUNTY, date(2021, 3, 26), [
        TownEntry(Level.COUNTY, "泸州市", "合江县", t.name, "中心镇", city_code="5105", county_code=county.code,
                  town_code=t.code, villages=[Village(v.name, v.code) for v in gaz.children_of(t.code)[:10]])
        for t in towns])])
    checklist = load_checklist()
    sites = sites_of(store.load_rosters(), checklist)
    began = time.perf_counter()
    n = 0
    for i, site in enumerate(sites):
        for item in checklist.items_for(site.kind):
            store.set_item_score(site, item.code, ItemScore(item.points, item.points - (i % 3 == 0), "抽查扣分"))
            n += 1
        store.set_site_info(site, "王晓燕、李建国", "2021-11-20")
    scored = time.perf_counter() - began
    began = time.perf_counter()
    all_scores = [store.site_scores(s) for s in sites]
    results = [result_of(checklist, s) for s in all_scores]
    ranked = ranking(results)
    compiled = time.perf_counter() - began
    began = time.perf_counter()
    for s, r in zip(all_scores, results, strict=True):
        write_score_sheet(checklist, s, r, folder / f"评分表-{s.site.name}.xlsx")
    write_summary(checklist, results, "合江县政务服务中心", folder / "汇总表.xlsx")
    exported = time.perf_counter() - began
    store.close()
    print(f"{len(sites)} sites ({sum(s.kind == 'town' for s in sites)} towns + county), {n} scores")
    print(f"score every item (one store action each): {scored:.2f} s")
    print(f"compile totals, grades and ranking:       {compiled * 1000:.1f} ms (first: {ranked[0][1].site.name})")
    print(f"export {len(sites)} 评分表 + 汇总表:           {exported:.2f} s")
    total = scored + compiled + exported
    print(f"total {total:.2f} s — target: seconds ({'PASS' if total < 10 else 'FAIL'})")


if __name__ == "__main__":
    main()
