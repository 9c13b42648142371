"""Helpers shared by the UI tests (typing Chinese safely, fixture data), with their own checks.

qtbot.keyClicks / QTest.keyClicks abort the process on non-ASCII text, so Chinese is typed
as one QKeyEvent per character carrying the character as its text.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.matching import resolve_entry
from desktop.store.database import Store


def type_text(widget: QWidget, text: str) -> None:
    """Type any text (Chinese included) into a widget, one key event per character."""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in " ./-"):
            key = ord(ch.upper()) if ch.isalpha() else ord(ch)
        else:
            key = Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press and release sent straight to a widget (QWidget.event runs, so Tab moves focus)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, ""))


def sample_town(gaz: Gazetteer, level: Level, county: str, town: str, n_villages: int,
                town_type: str = "中心镇", city: str = "泸州市") -> TownEntry:
    """A town of the gazetteer with its first ``n_villages`` official villages, codes resolved."""
    c = gaz.find("city", city)
    co = gaz.find("county", county, c.code)
    t = gaz.find("town", town, co.code)
    villages = [Village(p.name, p.code) for p in gaz.children_of(t.code)[:n_villages]]
    return resolve_entry(TownEntry(level, city, county, town, town_type, villages=villages), gaz)


def sample_settings(gaz: Gazetteer) -> Settings:
    city = gaz.find("city", "泸州市")
    return Settings(ReportingUnit(city.code, city.name, "泸州市政务服务管理局"), date(2021, 3, 31))


def fill_valid_provincial(store: Store, gaz: Gazetteer) -> Roster:
    """附件1 with five 合江县 towns of at least 10 villages each: no errors."""
    towns = [("符阳街道", "县级政府驻地镇"), ("白沙镇", "中心镇"), ("先市镇", "特色小镇"),
             ("尧坝镇", "重点镇"), ("九支镇", "一般乡镇")]
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26),
                    [sample_town(gaz, Level.PROVINCIAL, "合江县", t, 10, ty) for t, ty in towns])
    store.save_settings(sample_settings(gaz))
    store.add_rosters([roster])
    return roster


def test_type_text_enters_chinese(qtbot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    type_text(edit, "合江县 hj")
    assert edit.text() == "合江县 hj"


def test_sample_town_resolves_codes(gaz) -> None:
    town = sample_town(gaz, Level.CITY, "合江县", "白沙镇", 3)
    assert town.town_code and town.county_code and town.city_code
    assert all(v.code for v in town.villages) and len(town.villages) == 3
