"""Item models without a window: town table, findings list, village checklist."""

from __future__ import annotations

from helpers import sample_town
from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.findings import Location, Severity, error, warning
from desktop.domain.model import Level, TownEntry, Village
from desktop.ui.roster.town_table import COL_CITY, COL_TYPE, COL_VILLAGES, HEADERS, TownTableModel
from desktop.ui.roster.village_model import VillageChecklistModel
from desktop.ui.window.findings_panel import FindingsModel

R = Qt.ItemDataRole


def _towns(gaz, level=Level.CITY) -> list[TownEntry]:
    towns = [sample_town(gaz, level, "合江县", "白沙镇", 3, "特色小镇"),
             sample_town(gaz, level, "合江县", "先市镇", 0, "一般乡镇")]
    for i, t in enumerate(towns, start=1):
        t.id = i
    return towns


def test_town_table_shows_columns_and_counts(qapp, gaz) -> None:
    model = TownTableModel(Level.CITY)
    model.set_towns(_towns(gaz))
    assert model.rowCount() == 2 and model.columnCount() == len(HEADERS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(HEADERS)
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert model.data(model.index(0, COL_CITY)) == "泸州市"
    assert model.data(model.index(0, COL_VILLAGES)) == 3
    # 附件2 prints 特色镇 for the stored 特色小镇
    assert model.data(model.index(0, COL_TYPE)) == "特色镇"
    assert model.rowCount(model.index(0, 0)) == 0


def test_town_table_marks_rows_with_findings(qapp, gaz) -> None:
    model = TownTableModel(Level.CITY)
    model.set_towns(_towns(gaz))
    model.set_findings([
        error(Location(Level.CITY, 1, "town_type"), "错了"),
        warning(Location(Level.CITY, 2, "villages"), "提醒"),
        error(Location(Level.PROVINCIAL, 2, "town"), "别的名单"),
    ])
    assert model.severity(0) is Severity.ERROR
    assert model.severity(1) is Severity.WARNING
    assert model.data(model.index(0, COL_CITY), R.DecorationRole) is not None
    assert model.data(model.index(0, 1), R.DecorationRole) is None
    assert "错了" in model.data(model.index(0, 2), R.ToolTipRole)
    assert model.data(model.index(1, 0), R.BackgroundRole) is not None
    model.set_findings([])
    assert model.severity(0) is None and model.data(model.index(0, 0), R.BackgroundRole) is None


def test_table_models_survive_many_none_results(qapp, gaz) -> None:
    """Regression: PySide6 6.12 crashed after thousands of None returns from data()/headerData()."""
    table = TownTableModel(Level.PROVINCIAL)
    table.set_towns(_towns(gaz, Level.PROVINCIAL))
    findings = FindingsModel()
    findings.set_findings([error(Location(Level.PROVINCIAL, 1, "town"), "x")])
    unused = (R.WhatsThisRole, R.SizeHintRole, R.FontRole, R.StatusTipRole)
    nones = 0
    for i in range(20_000):
        role = unused[i % len(unused)]
        for value in (table.data(table.index(i % 2, i % 6), role),
                      table.headerData(i % 6, Qt.Orientation.Horizontal, role),
                      findings.data(findings.index(0, i % 3), role),
                      findings.headerData(i % 3, Qt.Orientation.Horizontal, role),
                      table.data(QModelIndex(), R.DisplayRole)):
            nones += value is None
    assert nones == 5 * 20_000


def test_findings_model_lists_errors_first(qapp) -> None:
    model = FindingsModel()
    model.set_findings([warning(Location(Level.CITY, 1, "town"), "警告一"),
                        error(Location(None, None, "unit"), "填报单位未设置"),
                        error(Location(Level.COUNTY, None, "filled_on"), "填报时间未填写")])
    assert model.rowCount() == 3
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["错误", "错误", "警告"]
    assert model.data(model.index(0, 1)) == "设置"
    assert model.data(model.index(1, 1)) == "附件3"
    assert model.data(model.index(2, 2)) == "警告一"
    assert model.finding(2).location.town_id == 1


def test_village_checklist_ticks_in_gazetteer_order(qapp, gaz) -> None:
    town = gaz.find("town", "白沙镇", gaz.find("county", "合江县").code)
    official = gaz.children_of(town.code)
    model = VillageChecklistModel(gaz)
    # stored out of order, one with a committee suffix, one name not in the gazetteer
    model.set_town(town.code, [Village(official[3].name), Village(official[0].official), Village("新建安置点")])
    assert model.rowCount() == len(official) + 1
    assert model.ticked_count == 3
    names = [v.name for v in model.villages()]
    assert names == [official[0].name, official[3].name, "新建安置点"]
    assert all(v.code for v in model.villages()[:2]) and model.villages()[2].code is None
    assert model.is_free(model.rowCount() - 1)
    assert "名录外" in model.data(model.index(model.rowCount() - 1))

    changes = []
    model.ticked_changed.connect(lambda: changes.append(1))
    assert model.setData(model.index(1), Qt.CheckState.Checked, R.CheckStateRole)
    assert [v.name for v in model.villages()][:3] == [official[0].name, official[1].name, official[3].name]
    model.toggle(0)
    assert official[0].name not in [v.name for v in model.villages()]
    assert len(changes) == 2


def test_village_checklist_filters_by_pinyin_and_adds_names(qapp, gaz) -> None:
    town = gaz.find("town", "白沙镇", gaz.find("county", "合江县").code)
    model = VillageChecklistModel(gaz)
    model.set_town(town.code, [])
    model.set_filter("lsp")  # 良石坪社区
    assert [model.name(r) for r in range(model.rowCount())] == ["良石坪社区"]
    model.set_filter("")
    row = model.add_name("北寨村村民委员会")  # matches the official 北寨村
    assert model.name(row) == "北寨村" and not model.is_free(row)
    row = model.add_name("  胡市安置社区 ")
    assert model.name(row) == "胡市安置社区" and model.is_free(row)
    assert [v.name for v in model.villages()] == ["北寨村", "胡市安置社区"]
    assert model.add_name("   ") == -1


def test_village_checklist_without_town_keeps_free_names(qapp, gaz) -> None:
    model = VillageChecklistModel(gaz)
    model.set_town(None, [Village("一村"), Village("二村"), Village("一村")])
    assert model.official_count == 0
    assert [v.name for v in model.villages()] == ["一村", "二村"]
