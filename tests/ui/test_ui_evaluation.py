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
    """The 验收评估 page over the sample lists (no window)."""
    from desktop.ui.evaluation.page import EvaluationPage

    store.save_settings(sample_settings(gaz))
    fill_valid_provincial(store, gaz)
    checklist = load_checklist()
    page = EvaluationPage(store, checklist, sites_of(store.load_rosters(), checklist))
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
    assert [model.data(model.index(0, c)) for c in range(6)] == ["合江县九支镇", "省级试点", "0/12", "", "0", "未评完"]


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
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    assert page.export() is not None
    assert len(list(out.glob("验收评分表-*.xlsx"))) == len(list(out.glob("验收评分表-*.pdf"))) == len(page.sites)
    assert messages[-1][0] == "information"
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
