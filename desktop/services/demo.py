"""The demo data (rosters, 月报, 四个一 records, 验收评估) written into a database as one action,
after a backup of what was there; ``python -m desktop demo`` and ``python -m desktop --demo``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.domain.model import Roster, Settings
    from desktop.domain.monthly.report import MonthlyReport
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store


@dataclass
class DemoWritten:
    settings: Settings
    reports: list[MonthlyReport]
    counts: dict[str, int]
    kept: Path | None  # the backup of what the database held before

    def summary(self) -> str:
        return (f"已写入演示数据（{self.settings.unit.display}）：{self.counts['towns']} 个乡镇（街道），"
                f"{self.counts['villages']} 个村（社区）；月报 {'、'.join(r.month.label for r in self.reports)}")


def write_demo(store: Store, gaz: Gazetteer) -> DemoWritten:
    from datetime import date

    from desktop.domain.monthly.demo import build_demo_events
    from desktop.domain.roster.demo import build_demo

    kept = None
    if store.counts()["towns"] or store.reports() or store.events() or store.settings().unit.display:
        kept = store.backup("写入演示数据前")
    settings, rosters = build_demo(gaz)
    reports = _demo_reports(settings, rosters)
    with store.action("写入演示数据"):
        store.clear_rosters()
        store.clear_reports()
        store.save_settings(settings)
        store.add_rosters(rosters)
        for report in reports:
            store.create_report(report)
        for event in store.events():
            store.delete_event(event.id)
        for kind, done_on, note in build_demo_events(date.today()):
            store.add_event(kind, done_on, note)
        _demo_evaluation(store)
    return DemoWritten(settings, reports, store.counts(), kept)


def _demo_evaluation(store: Store) -> None:
    """The 验收评估 of the demo: every pilot scored, one town half done."""
    from desktop.domain.evaluation.demo import demo_scores
    from desktop.domain.evaluation.sites import sites_of

    checklist = store.checklist()
    store.clear_evaluation()
    infos = {}
    for site, code, score, evaluators, day in demo_scores(checklist, sites_of(store.load_rosters(), checklist)):
        store.set_item_score(site, code, score)
        infos[site] = (evaluators, day)
    for site, (evaluators, day) in infos.items():
        store.set_site_info(site, evaluators, day)


def _demo_reports(settings: Settings, rosters: list[Roster]) -> list[MonthlyReport]:
    from datetime import date

    from desktop.domain.monthly.all_checks import deadline_day
    from desktop.domain.monthly.demo import build_demo_reports
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.roster_link import roster_counts

    indicators = load_indicators()
    return build_demo_reports(settings.region, roster_counts(rosters, settings.unit), indicators,
                              date.today(), deadline_day(settings, indicators))
