"""The 验收评估 tab: the models without a window, then the page: scoring in place with inline marks,
differences between 自评分 and 验收分 highlighted, totals and grades following, undo."""

from __future__ import annotations

import pytest
from helpers import (
    CHECKLIST_ROWS,
    checklist_sheet,
    fill_demo,
    fill_valid_provincial,
    make_page,
    sample_settings,
)
from PySide6.QtCore import Qt

from desktop.domain.evaluation.checklist import load_checklist
from desktop.domain.evaluation.scoring import ItemScore, Site, SiteScores, result_of
from desktop.domain.evaluation.sites import sites_of
from desktop.ui.common.theme import ERROR_TINT
from desktop.ui.evaluation.models import DIFF_TINT, ScoreTableModel, SiteTableModel

SITE = Site("510522106", "town", "合江县九支镇", "省级试点")


@pytest.fixture
def page(qtbot, store, gaz):
    """The 验收评估 page over the sample lists (no window; its jobs run at once)."""
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.evaluation.page import EvaluationPage

    store.save_settings(sample_settings(gaz))
    fill_valid_provincial(store, gaz)
    checklist = load_checklist()
    page = EvaluationPage(store, checklist, sites_of(store.load_rosters(), checklist), jobs=JobRunner(synchronous=True))
    qtbot.addWidget(page)
    return page


def test_score_model_edits_checks_and_highlights():
    checklist = load_checklist()
    written: list = []
    model = ScoreTableModel(lambda code, score: written.append((code, score)))
    model.set_site(checklist, SiteScores(SITE))
    assert model.rowCount() == 12 and model.headerData(0, Qt.Orientation.Vertical) == "P1"
    row = [i.code for i in model.items].index("P2")
    accept = model.index(row, model.ACCEPT)
    assert model.flags(accept) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, 2)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row, model.SELF), "8")
    assert model.setData(accept, "6")
    assert written[-1] == ("P2", ItemScore(8, 6, ""))
    reason = model.index(row, model.REASON)
    assert model.data(reason, Qt.ItemDataRole.BackgroundRole).color().name() == ERROR_TINT
    assert model.data(reason, Qt.ItemDataRole.ToolTipRole) == "合江县九支镇 P2 资源整合：扣了 2 分，请填写扣分原因"
    assert model.data(accept, Qt.ItemDataRole.BackgroundRole).color().name() == DIFF_TINT
    assert model.setData(reason, "未一窗综办")
    assert model.data(reason, Qt.ItemDataRole.BackgroundRole) is None
    assert not model.setData(accept, "六")  # not a number: nothing stored
    assert written[-1] == ("P2", ItemScore(8, 6, "未一窗综办"))
    for _ in range(3000):  # the PySide6 None-return regression (see test_ui_models)
        model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)


def test_site_model_shows_grades():
    checklist = load_checklist()
    model = SiteTableModel()
    model.set_results([result_of(checklist, SiteScores(SITE))])
    assert [model.data(model.index(0, c)) for c in range(6)] == ["合江县九支镇", "省级", "0/12", "", "0", "未评完"]
    assert model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole) == (
        "合江县九支镇（省级试点）\n自评：未填；验收：0+0=0（基本分+加分=总分）")


def test_the_page_scores_and_undoes(make_window, store, gaz):
    store.save_settings(sample_settings(gaz))
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    page = w.show_evaluation()
    checklist = load_checklist()
    assert [s.name for s in page.sites] == [s.name for s in sites_of(store.load_rosters(), checklist)]
    assert page.title.text().startswith(page.sites[0].name)
    model = page.score_model
    model.setData(model.index(0, model.ACCEPT), "10")
    assert "必要条件未达到（10/12 分）" in page.messages.text() and not page.messages.isHidden()
    assert page.site_model.data(page.site_model.index(0, 5)) == "不合格"
    assert w.undo_action.isEnabled()
    w.undo()
    assert store.site_scores(page.sites[0]).items.get("P1") in (None, ItemScore(None, None, ""))


def test_importing_a_checklist_in_the_page(page, store, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    sheet = checklist_sheet(tmp_path / "正式.xlsx", CHECKLIST_ROWS, "B4:B5")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k:
                        asked.append(text) or QMessageBox.StandardButton.Yes)
    assert page.import_checklist()
    assert "乡镇（街道）：3 项，100 分" in asked[0]
    assert page.score_model.rowCount() == 4 and not store.checklist().reference


def test_a_checklist_that_would_leave_scores_out_says_so_before_it_is_taken(page, store, monkeypatch,
                                                                            tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    county = next(s for s in page.sites if s.kind == "county")
    store.set_item_score(county, "K1", ItemScore(None, 5, ""))
    sheet = checklist_sheet(tmp_path / "乡镇 评分表.xlsx", CHECKLIST_ROWS, "B4:B5")  # town items only
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k:
                        asked.append(text) or QMessageBox.StandardButton.No)
    assert page.import_checklist() is False  # answered 否: nothing taken
    assert ("\n\n注意：它没有县（市、区）的评分项目，已经评过分的 1 个县（市、区）导入后不再计入总分和汇总"
            in asked[0]) and asked[0].endswith("。\n\n要导入吗？")
    assert store.checklist().reference and page.checklist.reference


def test_the_board_shows_the_evaluation_window(qtbot, store, gaz):
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    sites = sites_of(store.load_rosters(), load_checklist())
    assert f"验收评估（10月至12月底，10月开始）：0/{len(sites)} 个试点已评完" in page.board.sent_label.text()


def test_the_page_exports_workbooks_and_pdfs(page, monkeypatch, messages, tmp_path):
    import shutil
    import subprocess

    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "评估 导出"
    out.mkdir()
    from desktop.ui.evaluation import page as page_module

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    told: list[str] = []
    monkeypatch.setattr(page_module, "offer_open", lambda _p, _t, text: told.append(text) or False)
    assert page.export() is not None
    assert len(list(out.glob("验收评分表-*.xlsx"))) == len(list(out.glob("验收评分表-*.pdf"))) == len(page.sites)
    # nothing is scored yet: the box says which sites are not finished
    assert told[0].startswith(f"已导出 {len(page.sites)} 份评分表和汇总表（.xlsx 和 PDF）到“{out}”。\n\n其中")
    assert page.sites[0].name in told[0] and told[0].endswith("还没有评完：它们的评分表留有空项，汇总表中不参加排名。")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(next(out.glob("验收汇总表-*.pdf"))), "-"], capture_output=True,
                              text=True).stdout
        assert "排名" in text and page.sites[0].name[:3] in text


def test_evidence_from_the_page(page, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    doc = tmp_path / "制度 上墙.pdf"
    doc.write_bytes(b"%PDF-1.4 evidence")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(doc), ""))
    page.score_table.setCurrentIndex(page.score_model.index(4, 0))
    assert page.add_evidence()
    assert page.evidence_label.text() == f"佐证材料：{page.score_model.items[4].code} 制度 上墙.pdf"


# -- one rule for typed values (issue 21, point 2, and the text limits) ---------------------------------
@pytest.mark.parametrize(("column", "text", "message"), [
    ("ACCEPT", "13", "合江县九支镇 P2：验收分 13 应在 0 到 8 之间"),
    ("SELF", "15", "合江县九支镇 P2：自评分 15 应在 0 到 8 之间"),
    ("ACCEPT", "-3", "合江县九支镇 P2：验收分 -3 应在 0 到 8 之间"),
    ("ACCEPT", "六", "合江县九支镇 P2：验收分“六”不是数字，应为 0 到 8 之间的数字"),
    ("REASON", "很" * 201, "合江县九支镇 P2 扣分原因：内容过长（201 个字），最多 200 个字，请精简"),
])
def test_the_score_model_refuses_what_the_command_line_refuses(column, text, message):
    """13 and 15 on an 8-point item, −3: stored and marked red before; the command line refused them."""
    checklist = load_checklist()
    written: list = []
    refused: list[str] = []
    model = ScoreTableModel(lambda code, score: written.append((code, score)), refused.append)
    model.set_site(checklist, SiteScores(SITE, {"P2": ItemScore(8, 6, "未一窗综办")}))
    row = [i.code for i in model.items].index("P2")
    assert not model.setData(model.index(row, getattr(model, column)), text)
    assert refused == [message] and written == []
    assert model.score(row) == ItemScore(8, 6, "未一窗综办")


def test_the_page_refuses_an_out_of_range_score_with_a_message(page, store, messages):
    model = page.score_model
    row = [i.code for i in model.items].index("P2")
    assert not model.setData(model.index(row, model.ACCEPT), "13")
    assert messages[-1] == ("warning", "评分没有保存", f"{page.sites[0].name} P2：验收分 13 应在 0 到 8 之间。\n\n"
                                                  "原来的内容没有改动，请重新输入。")
    assert store.site_scores(page.sites[0]).items == {}


def test_the_limits_show_while_typing(page, qtbot):
    from helpers import type_text
    from PySide6.QtWidgets import QStyleOptionViewItem

    assert page.evaluators.maxLength() == 100 and "最多 100 个字" in page.evaluators.placeholderText()
    page.evaluators.setFocus()
    type_text(page.evaluators, "王" * 85)
    assert page.evaluators_count.text() == "85/100"
    index = page.score_model.index(0, page.score_model.REASON)
    editor = page.score_table.itemDelegateForColumn(page.score_model.REASON).createEditor(
        page.score_table.viewport(), QStyleOptionViewItem(), index)
    assert editor.maxLength() == 200 and editor.placeholderText() == "最多 200 个字"


def test_the_summary_writes_both_totals_as_base_plus_bonus(page):
    """“自评 99，验收 99” compared 94+5 with 99+0."""
    model = page.score_model
    for row, item in enumerate(model.items):
        model.setData(model.index(row, model.SELF), str(item.points if item.code != "P2" else 3))
        model.setData(model.index(row, model.ACCEPT), str(item.points if not item.bonus else 0))
    model.setData(model.index([i.code for i in model.items].index("P2"), model.REASON), "自评扣分")
    assert page.summary.text() == "已评 12/12 项；自评 95+5=100 分；验收 100+0=100 分（基本分+加分=总分）；等级：优秀"


# -- small screens (issue 21, point 16) ------------------------------------------------------------------
@pytest.mark.parametrize(("width", "height", "scale"), [(1024, 768, 1.0), (1366, 768, 1.5)],
                         ids=["1024x768", "1366x768@150%"])
def test_the_scoring_columns_fit_and_the_roster_findings_step_aside(make_window, store, gaz, monkeypatch, qtbot,
                                                                     width, height, scale):
    """At 1024×768 验收分/扣分原因 and 验收总分/等级 were behind sideways scrolling, and the roster findings
    panel took a fifth of the height on the 月报 and 验收评估 tabs."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    import desktop.ui.common.screen_fit as screen_fit
    from desktop.domain.model import Level

    area = QRect(0, 0, int(width / scale), int((height - 40) / scale))  # a 40-pixel taskbar
    monkeypatch.setattr(screen_fit, "available_area", lambda _w: area)
    fill_demo(store, gaz)
    w = make_window(store, show=False)
    w.fit_to_screen()
    w.show()
    assert w.findings_dock.isVisible()
    for show in (w.show_evaluation, w.show_monthly, w.show_evaluation):
        show()
        QApplication.processEvents()
        assert not w.findings_dock.isVisible()
    page = w.evaluation
    for table, columns in ((page.score_table, (page.score_model.SELF, page.score_model.ACCEPT, page.score_model.REASON)),
                           (page.site_table, (0, 4, 5))):
        qtbot.waitUntil(lambda t=table: t.horizontalScrollBar().maximum() == 0)
        view = table.viewport().width()
        for col in columns:
            assert not table.isColumnHidden(col)
            left = table.columnViewportPosition(col)
            assert 0 <= left and left + table.columnWidth(col) <= view + 1, (col, left, table.columnWidth(col), view)
    assert page.score_table.columnWidth(2) >= 100  # 评分标准 keeps room to be read
    w.show_level(Level.PROVINCIAL)
    assert w.findings_dock.isVisible()
