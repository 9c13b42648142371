"""``python -m desktop demo``: the demo data (rosters, 月报, 四个一 records, 验收评估) written into a database."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.main import EXIT_OK, _gazetteer, _open


def cmd_demo(db: Path) -> int:
    from datetime import date

    from desktop.domain.monthly.demo import build_demo_events
    from desktop.domain.roster.demo import build_demo

    store = _open(db, create=True, write=True)
    try:
        if store.counts()["towns"] or store.reports() or store.events() or store.settings().unit.display:
            kept = store.backup("写入演示数据前")
            print(f"原有数据已备份到 {kept}")
        settings, rosters = build_demo(_gazetteer())
        reports = _demo_reports(settings, rosters)
        with store.action("写入演示数据"):
            store.clear_rosters()
            for old in store.reports():
                store._delete_report(old.id)
            store.save_settings(settings)
            store.add_rosters(rosters)
            for report in reports:
                store.create_report(report)
            for event in store.events():
                store.delete_event(event.id)
            for kind, done_on, note in build_demo_events(date.today()):
                store.add_event(kind, done_on, note)
            _demo_evaluation(store)
        counts = store.counts()
    finally:
        store.close()
    print(f"已写入演示数据（{settings.unit.display}）：{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区）；"
          f"月报 {'、'.join(r.month.label for r in reports)}")
    return EXIT_OK


def _demo_evaluation(store) -> None:
    """The 验收评估 of the demo: every pilot scored, one town half done."""
    from desktop.domain.evaluation.checklist import load_checklist
    from desktop.domain.evaluation.demo import demo_scores
    from desktop.domain.evaluation.sites import sites_of

    checklist = store.checklist() if store.get_meta("checklist") else load_checklist()
    store.clear_evaluation()
    infos = {}
    for site, code, score, evaluators, day in demo_scores(checklist, sites_of(store.load_rosters(), checklist)):
        store.set_item_score(site, code, score)
        infos[site] = (evaluators, day)
    for site, (evaluators, day) in infos.items():
        store.set_site_info(site, evaluators, day)


def _demo_reports(settings, rosters):
    from datetime import date

    from desktop.domain.monthly.all_checks import deadline_day
    from desktop.domain.monthly.demo import build_demo_reports
    from desktop.domain.monthly.indicators import load_indicators
    from desktop.domain.monthly.roster_link import roster_counts

    indicators = load_indicators()
    return build_demo_reports(settings.report_unit, roster_counts(rosters, settings.unit), indicators,
                              date.today(), deadline_day(settings, indicators))
