"""Change history and session undo/redo in the store."""

from datetime import date

from desktop.domain.model import Level, ReportingUnit, Settings, TownEntry, Village
from desktop.store.database import open_store
from desktop.store.history import os_user


def add(store, town="白沙镇", villages=("甲村", "乙村")):
    return store.add_town(TownEntry(Level.PROVINCIAL, "泸州市", "合江县", town, "中心镇",
                                    villages=[Village(v) for v in villages]))


def state(store):
    return [(t.id, t.town, t.town_type, t.note, t.village_names) for r in store.load_rosters() for t in r.towns]


def test_every_change_is_recorded_with_user_and_old_new(store):
    tid = add(store)
    store.update_town(tid, town_type="重点镇")
    last = store.changes()[-1]
    assert (last.table, last.record_id, last.field, last.op) == ("towns", str(tid), "town_type", "update")
    assert (last.old, last.new) == ("中心镇", "重点镇")
    assert last.label == "附件1 合江县 白沙镇"
    assert last.user == os_user() and last.action == "修改乡镇类型"


def test_undo_redo_field_edit(store):
    tid = add(store)
    store.update_town(tid, note="第一次")
    store.update_town(tid, note="第二次")
    assert store.undo_text == "修改备注"
    store.undo()
    assert state(store)[0][3] == "第一次"
    store.undo()
    assert state(store)[0][3] == ""
    store.redo()
    assert state(store)[0][3] == "第一次"


def test_undo_delete_restores_town_with_villages_and_id(store):
    tid = add(store)
    add(store, "先市镇")
    before = state(store)
    store.delete_town(tid)
    assert [s[1] for s in state(store)] == ["先市镇"]
    assert store.undo() == "删除乡镇 白沙镇"
    assert state(store) == before
    store.redo()
    assert [s[1] for s in state(store)] == ["先市镇"]


def test_undo_villages_settings_and_filled_on(store):
    tid = add(store)
    store.set_villages(tid, [Village("丙村")])
    store.set_filled_on(Level.PROVINCIAL, date(2021, 3, 26))
    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")))
    store.undo()
    assert store.settings().unit.office == ""
    store.undo()
    assert store.load_roster(Level.PROVINCIAL).filled_on is None
    store.undo()
    assert state(store)[0][4] == ["甲村", "乙村"]


def test_new_action_clears_redo_and_undo_of_add_removes_the_town(store):
    add(store)
    store.undo()
    assert store.counts() == {"towns": 0, "villages": 0}
    assert store.can_redo
    add(store, "先市镇")
    assert not store.can_redo


def test_history_survives_reopen_and_is_filterable(db_path):
    store = open_store(db_path)
    tid = add(store)
    store.update_town(tid, note="备注A")
    add(store, "先市镇")
    store.close()
    again = open_store(db_path)
    assert [c.field for c in again.changes(table="towns", record_id=tid)] == ["*", "note"]
    assert {c.label for c in again.changes(text="先市镇")} == {"附件1 合江县 先市镇"}
    assert not again.can_undo  # undo is for the session
    again.close()


def test_undo_is_recorded_in_history(store):
    tid = add(store)
    store.update_town(tid, note="x")
    store.undo()
    last = store.changes()[-1]
    assert last.action == "撤销：修改备注" and (last.old, last.new) == ("x", "")


def test_a_burst_of_village_ticks_on_one_town_is_one_undo_step(store, gaz, monkeypatch):
    from desktop.domain.model import Level, Roster, TownEntry, Village
    from desktop.store import rosters as store_rosters

    clock = [100.0]
    monkeypatch.setattr(store_rosters.time, "monotonic", lambda: clock[0])
    town = gaz.find("town", "九支镇", gaz.find("county", "合江县").code)
    villages = [Village(p.name, p.code) for p in gaz.children_of(town.code)[:6]]
    store.add_rosters([Roster(Level.PROVINCIAL, None, [TownEntry(Level.PROVINCIAL, "泸州市", "合江县", "九支镇")]),
                       Roster(Level.COUNTY, None, [TownEntry(Level.COUNTY, "泸州市", "合江县", "白沙镇")])])
    tid = store.load_roster(Level.PROVINCIAL).towns[0].id
    other = store.load_roster(Level.COUNTY).towns[0].id
    steps = len(store._undo)
    for n in range(1, 5):  # four ticks, a second apart
        store.set_villages(tid, villages[:n])
        clock[0] += 1
    assert len(store._undo) == steps + 1
    clock[0] += 10  # a pause: the next tick is a step of its own
    store.set_villages(tid, villages[:5])
    assert len(store._undo) == steps + 2
    store.set_villages(other, villages[:1])  # another town: its own step, and it ends the burst
    clock[0] += 1
    store.set_villages(tid, villages[:6])
    assert len(store._undo) == steps + 4
    store.undo()
    store.undo()
    store.undo()
    assert [v.name for v in store.load_roster(Level.PROVINCIAL).towns[0].villages] == [v.name for v in villages[:4]]
    store.undo()  # the whole burst of four ticks
    assert store.load_roster(Level.PROVINCIAL).towns[0].villages == []
    store.redo()
    assert len(store.load_roster(Level.PROVINCIAL).towns[0].villages) == 4
