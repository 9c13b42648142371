"""The 月报 page: the deadline board, 四个一, and filling a report through the real form."""

from __future__ import annotations

from datetime import date

from helpers import APR, CITY, FEB, MAR, MAY, county_report, fill_demo, make_page, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import desktop.ui.monthly.board as board_module


def _enter_number(qtbot, edit, text: str) -> None:
    """Replace a figure with the keyboard: select all, type ASCII digits, Enter."""
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_board_shows_exported_overdue_and_draft(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    board = page.board
    assert board.isVisible() and not page.showing_report
    assert board.deadline_label.text() == "本月（2021年5月）月报截止 2021年5月25日，还剩 15 天"
    assert (board.status(CITY, FEB), board.status(CITY, MAR)) == ("已导出", "已导出")
    assert board.status(CITY, APR) == "逾期" and board.status(CITY, MAY) == "未填"
    assert board.current_cell() == (CITY, MAY)  # starts on this month, own unit

    # Enter on May's cell: confirm, and the report is created from April's and the roster
    press(board.table, Qt.Key.Key_Return)
    kind, title, text = dialogs.last()
    assert (kind, title) == ("question", "新建月报") and "沿用2021年4月月报" in text
    assert page.showing_report
    report = page.current_report()
    assert (report.region, report.month, report.status) == (CITY, MAY, "draft")
    april = store.report(CITY, APR)
    assert report.value("pilot_towns") == april.value("pilot_towns") == 14  # the demo roster's towns
    assert report.value("windows_total") == 84 and report.value("cases_received") is None  # 当月 starts empty
    assert (report.reporter, report.filled_on) == ("王晓燕", date(2021, 5, 10))
    form = page.report_view.form
    assert form.month_label.text() == "2021年5月" and form.region_edit.isReadOnly()
    assert form.previous_labels["cases_received"].text() == "上月：2000"
    assert QApplication.focusWidget() is form.reporter_edit

    page.show_board()
    assert board.status(CITY, MAY) == "草稿" and board.current_cell() == (CITY, MAY)


def test_declining_creation_and_other_units(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    store.put_imported_report(county_report("合江县", APR), "合江县2021年4月月报.xlsx", "abc")
    page = make_page(qtbot, store)
    dialogs.answer = dialogs.answer.No
    assert not page.open_report(CITY, MAY)
    assert store.report(CITY, MAY) is None and not page.showing_report
    # a county's month that was not imported is not created
    assert not page.open_report("合江县", MAY)
    assert "还没有导入合江县2021年5月的月报" in dialogs.last("information")[2]
    # an imported county report opens read-only
    board = page.board
    assert board.model.headerData(5, Qt.Orientation.Horizontal) == "合江县"  # the city's 5th county
    assert board.status("合江县", APR) == "已导出"
    board.select("合江县", APR)
    board.table.doubleClicked.emit(board.table.currentIndex())
    view = page.report_view
    assert page.current_report().region == "合江县" and view.read_only_reason == "imported"
    assert view.form.numbers["windows_total"].isReadOnly() and not view.export_button.isVisible()
    assert "合江县2021年4月月报.xlsx" in view.banner_text.text() and not view.unlock_button.isVisible()


def test_fill_a_report_with_the_keyboard(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    assert page.open_report(CITY, MAY)
    form = page.report_view.form
    rid = page.current_report().id
    flows = {"cases_received": "2000", "cases_done": "1950", "cases_on_time": "1900", "cases_assisted": "260",
             "reviews": "900", "reviews_bad": "6", "reviews_bad_fixed": "6"}
    with qtbot.waitSignal(page.changed):
        _enter_number(qtbot, form.numbers["cases_received"], flows["cases_received"])
    assert QApplication.focusWidget() is form.numbers["cases_done"]  # Enter moves on
    for code, text in list(flows.items())[1:]:
        _enter_number(qtbot, form.numbers[code], text)
    stored = store.report_by_id(rid)
    assert {code: stored.values[code] for code in flows} == {code: int(text) for code, text in flows.items()}
    assert form.rate_labels["on_time_rate"].text() == "97.4%"
    assert "按期办结件数 ÷ 办结件数" in form.rate_labels["on_time_rate"].toolTip()

    # rates follow the typing before anything is committed
    bad = form.numbers["reviews_bad"]
    bad.setFocus()
    bad.selectAll()
    qtbot.keyClicks(bad, "90")
    assert form.rate_labels["good_review_rate"].text() == "90.0%"
    assert store.report_by_id(rid).values["reviews_bad"] == 6
    qtbot.keyClick(bad, Qt.Key.Key_Return)
    assert store.report_by_id(rid).values["reviews_bad"] == 90

    # the validator keeps letters and extra decimals out
    hall = form.numbers["hall_area_avg"]
    _enter_number(qtbot, hall, "1a88.25")
    assert hall.text() == "188.2" and store.report_by_id(rid).values["hall_area_avg"] == 188.2


def test_a_negative_figure_is_kept_and_marked(qtbot, store, gaz, dialogs) -> None:
    """−5 is stored as typed and marked by the check, never silently turned into 5."""
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    form, rid = page.report_view.form, page.current_report().id
    windows = form.numbers["windows_total"]
    message = form.messages["windows_total"]
    _enter_number(qtbot, windows, "-5")
    assert store.report_by_id(rid).values["windows_total"] == -5
    assert windows.text() == "-5" and windows.property("finding") == "error"
    assert message.isVisible() and message.text().startswith("（-5）不能为负数，请改正")  # its name is beside it
    windows.setFocus()
    windows.selectAll()
    type_text(windows, "−7")  # the minus sign a Chinese input method types
    press(windows, Qt.Key.Key_Return)
    assert store.report_by_id(rid).values["windows_total"] == -7 and windows.text() == "-7"

    # a sign alone is no number: not taken, and the field's own line says so
    _enter_number(qtbot, windows, "-")
    assert store.report_by_id(rid).values["windows_total"] == -7 and windows.text() == "-7"
    assert message.isVisible() and message.property("role") == "finding-error"
    assert message.text().startswith("没有采用“-”：不是数字；仍为-7，请输入数字（没有的填 0）")
    # a decimal point in a whole-number field is typed as such, then refused (never 1.5 taken as 15)
    _enter_number(qtbot, windows, "1.5")
    assert store.report_by_id(rid).values["windows_total"] == -7 and windows.text() == "-7"
    assert message.text().startswith("没有采用“1.5”：应为整数；仍为-7，请输入整数")
    _enter_number(qtbot, windows, "3.0")  # a whole number written with a point: the number 3
    assert store.report_by_id(rid).values["windows_total"] == 3
    assert type(store.report_by_id(rid).values["windows_total"]) is int
    _enter_number(qtbot, windows, "84")
    assert store.report_by_id(rid).values["windows_total"] == 84
    assert not message.isVisible() and windows.property("finding") == ""


def test_an_impossible_date_is_explained_under_the_field(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    form, rid = page.report_view.form, page.current_report().id
    field, message = form.date_field, form.messages["filled_on"]
    field.setFocus()
    field.setSelectedSection(field.Section.YearSection)  # typing starts at the year, as after a click on it
    qtbot.keyClicks(field, "2021.2.30")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert store.report_by_id(rid).filled_on == date(2021, 5, 10)
    assert message.isVisible() and message.property("role") == "finding-error"
    assert message.text() == "没有采用“2021.2.30”：2 月没有 30 日；仍为2021年5月10日，请重新输入，如 2021.3.25"
    _enter_number(qtbot, form.numbers["windows_total"], "85")  # a re-check elsewhere keeps the message
    assert message.isVisible() and message.text().startswith("没有采用“2021.2.30”")
    field.setFocus()
    field.setSelectedSection(field.Section.YearSection)
    qtbot.keyClicks(field, "2021.5.11")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert store.report_by_id(rid).filled_on == date(2021, 5, 11)
    assert not message.isVisible()


def test_part_whole_error_appears_jumps_and_clears(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    view, form = page.report_view, page.report_view.form
    integrated = form.numbers["windows_integrated"]
    assert integrated.property("finding") in (None, "")
    _enter_number(qtbot, integrated, "90")
    assert integrated.property("finding") == "error"
    message = form.messages["windows_integrated"]
    assert message.isVisible() and message.text().startswith("（90）大于窗口总数（84）")
    assert "2021年5月月报 提升服务能力 · 综合窗口数（90）大于窗口总数（84）" in integrated.toolTip()
    row = next(r for r in range(view.findings_model.rowCount())
               if "大于窗口总数" in view.findings_model.data(view.findings_model.index(r, 1)))
    assert view.findings_model.data(view.findings_model.index(row, 0)) == "错误"

    # clicking the finding jumps to the field
    form.reporter_edit.setFocus()
    table = view.findings_view
    index = view.findings_model.index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert QApplication.focusWidget() is integrated

    _enter_number(qtbot, integrated, "60")
    assert integrated.property("finding") == ""
    assert not message.isVisible()
    assert not any("大于窗口总数" in f.message for f in page.findings())


def test_texts_count_characters_and_save_after_a_pause(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    form = page.report_view.form
    rid = page.current_report().id
    section = form.sections["work_platform"]
    assert section.placeholderText().startswith("简要写明本月该项任务")
    assert section.property("finding") == "error"  # required and empty
    section.setFocus()
    section.timer.setInterval(20)
    type_text(section, "完成 白沙镇 改造")
    assert form.counts["work_platform"].text() == "7/20000 字"  # spaces are not counted
    qtbot.waitUntil(lambda: store.report_by_id(rid).texts.get("work_platform") == "完成 白沙镇 改造", timeout=3000)
    assert section.property("finding") == ""
    # Tab leaves the text (no tab character) for the next task's first figure
    press(section, Qt.Key.Key_Tab)
    assert "\t" not in section.toPlainText()
    assert QApplication.focusWidget() is form.numbers["unified_signage"]


def test_tab_order_follows_the_form(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    form = page.report_view.form
    chain = form.tab_chain()
    assert chain[:4] == [form.reporter_edit, form.phone_edit, form.reviewer_edit, form.date_field]
    assert chain[4] is form.numbers["pilot_towns"] and chain[-1] is form.sections["coordination"]
    form.reporter_edit.setFocus()
    for before, expected in zip(chain[:8], chain[1:9], strict=True):
        for _ in range(4):  # the date field's Tab first steps through 年 / 月 / 日
            press(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if QApplication.focusWidget() is not before:
                break
        assert QApplication.focusWidget() is expected


def test_answer_a_warning_then_all_clear(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    view, form = page.report_view, page.report_view.form
    rid = page.current_report().id
    for code, text in {"cases_received": "2000", "cases_done": "1950", "cases_on_time": "1900",
                       "cases_assisted": "260", "reviews": "900", "reviews_bad": "6", "reviews_bad_fixed": "6",
                       "online_cases": "3000"}.items():
        _enter_number(qtbot, form.numbers[code], text)
    for code, edit in form.sections.items():
        edit.setPlainText(f"{code} 本月工作")
        edit.commit()
    online = form.numbers["online_cases"]
    assert online.property("finding") == "warning"  # 3000 against April's 1200
    assert [f.key for f in page.findings()] == ["change:online_cases"]
    assert view.status_label.text().startswith("状态：草稿")
    edit = view.explanations.edit_for("change:online_cases")
    assert edit is not None and edit.text() == ""
    edit.setFocus()
    type_text(edit, "开展网上办宣传月活动")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    report = store.report_by_id(rid)
    assert report.explanations == {"change:online_cases": "开展网上办宣传月活动"}
    assert report.status == "checked"  # no error, every warning answered
    assert online.property("finding") == "" and "已说明" in online.toolTip()
    assert view.findings_model.data(view.findings_model.index(0, 0)) == "已说明"
    assert view.status_label.text().startswith("状态：已校验，可以导出")
    page.show_board()
    assert page.board.status(CITY, MAY) == "已校验"


def test_record_and_delete_a_four_ones_event(qtbot, store, gaz, dialogs, monkeypatch) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    board = page.board
    assert board.rhythm_box.title() == "四个一（2021年5月）"
    asked = []
    monkeypatch.setattr(board_module, "ask_event", lambda _p, kind, day: asked.append((kind, day))
                        or ("quarterly_meeting", date(2021, 5, 8), "合江县片区现场推进会"))
    with qtbot.waitSignal(page.changed):
        event_id = board.record_event()
    assert asked == [("monthly_bulletin", date(2021, 5, 10))]  # the first one not done, today
    assert [(e.kind, e.done_on, e.note) for e in store.events()] == [
        ("quarterly_meeting", date(2021, 5, 8), "合江县片区现场推进会")]
    assert board.rhythm_model.data(board.rhythm_model.index(1, 2)) == "已完成（2021年5月8日）"
    assert board.history.count() == 1 and "合江县片区现场推进会" in board.history.item(0).text()
    board.select(CITY, MAR)  # the first quarter: none recorded, and it ended before today (10 May)
    assert board.rhythm_model.data(board.rhythm_model.index(1, 0)) == "○ 每季组织现场推进会"
    assert board.rhythm_model.data(board.rhythm_model.index(1, 2)) == "逾期（应于2021年3月31日前完成）"
    board.history.setCurrentRow(0)
    assert board.delete_event()
    assert store.events() == [] and event_id is not None
