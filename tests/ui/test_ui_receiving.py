"""收件情况 and 催报 in the window (issue 19, points 1–3 and 5): the board's model without a window; an
e-mail dropped on the window goes through the usual preview, which names the e-mail, and the board
shows the county as 已收; double-click shows what came and from where; 催报 drafts and the printed list;
a 报送 with documents attached."""

from __future__ import annotations

import re
from datetime import date
from email import message_from_bytes, policy

import pytest
from helpers import county_mail
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.receiving.board import OVERDUE, RECEIVED
from desktop.exchange.eml import attachments_of
from desktop.services import importing
from desktop.services.receiving import receiving, record_received
from desktop.ui.importing.preview import ImportPreviewDialog
from desktop.ui.receiving import dialog as receiving_dialog
from desktop.ui.receiving.dialog import ReceivingDialog, open_receiving
from desktop.ui.receiving.model import STATUS_ROLE, ReceivingModel

TODAY = date(2021, 5, 22)
def _received(store, gaz, *paths) -> None:
    reading = importing.read_files(list(paths), gaz)
    importing.apply(store, importing.preview(store.local_state(), reading, gaz))
    record_received(store, reading, gaz)


def test_the_board_model_without_a_window(city, gaz, folder):
    _received(city, gaz, county_mail(folder, gaz, "合江县"))
    model = ReceivingModel()
    model.set_view(receiving(city, gaz, TODAY, 2021), TODAY)
    assert model.rowCount() == 7 and model.columnCount() == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "名单", "调研报告", "实施方案", "4月月报", "5月月报", "邮箱"]
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "2021年4月月报：截止 2021年4月20日"
    row = [u.name for u in model.units].index("合江县")
    assert model.headerData(row, Qt.Orientation.Vertical) == "合江县"
    assert [model.index(row, c).data() for c in range(6)] == [
        "已收 4月19日", "逾期", "逾期", "已收 4月19日", "逾期", "510522@example.gov.cn"]  # the e-mail's date
    assert model.index(row, 0).data(STATUS_ROLE) == RECEIVED and model.index(row, 1).data(STATUS_ROLE) == OVERDUE
    tip = model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("合江县 2021年4月月报：已收（2021年4月19日 16:20，文件“交换包-合江县政务服务中心.zctb”，来自邮件“合江县政务")
    assert model.index(0, 5).data() == "（未设置）"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fdecea"


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert event.isAccepted()


def test_an_e_mail_dropped_on_the_window_is_imported_through_the_preview(make_window, qtbot, city, gaz, folder,
                                                                         monkeypatch, messages):
    mail = county_mail(folder, gaz, "合江县", documents=(("合江县实施方案.docx", b"docx"),))
    w = make_window(city)
    shown: list[list[str]] = []

    def confirm(dialog) -> QDialog.DialogCode:
        shown.append([s.label for s in dialog.preview.sources])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreviewDialog, "exec", confirm)
    with qtbot.waitSignal(w.import_finished):
        _drop(w, [folder])  # the folder: every e-mail in it, in one preview
    (labels,) = shown
    assert len(labels) == 1 and labels[0].startswith("交换包“交换包-合江县政务服务中心.zctb”（合江县政务服务中心），来自邮件“")
    assert "发件人 合江县政务服务中心 <510522@example.gov.cn>" in labels[0]
    kind, title, text = messages[-1]
    assert title == "导入完成" and "收件情况：记下 3 项收到的材料（查看 → 收件情况）" in text
    # dropping a file the import does not take is refused before anything is read
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(folder / "说明.txt"))])
    from desktop.ui.window.file_drops import dropped_paths

    assert dropped_paths(other) == [] and dropped_paths(_mime([mail])) == [mail]

    dialog = open_receiving(w)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2021)
    board = dialog.view.board
    assert board.cells[("510522", "rosters")].status == RECEIVED
    assert board.cells[("510522", "doc:plan")].status == RECEIVED
    dialog.select("合江县", "doc:plan")
    dialog.table.doubleClicked.emit(dialog.table.currentIndex())
    kind, title, text = messages[-1]
    assert title == "合江县 实施方案" and "文件“合江县实施方案.docx”，来自邮件“合江县政务服务中心报送" in text
    assert re.search(r"SHA-256 [0-9a-f]{64}", text)


def _mime(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_remind_writes_drafts_and_the_list_prints(qtbot, city, gaz, folder, monkeypatch, dialogs, tmp_path):
    _received(city, gaz, county_mail(folder, gaz, "合江县"))
    dialog = ReceivingDialog(city, gaz, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.select("叙永县", "rosters")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("xyzw@xy.gov.cn", True))
    dialog.edit_address()
    assert dialog.view.address(dialog._unit()) == "xyzw@xy.gov.cn"
    out = tmp_path / "催报 草稿"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    opened: list[str] = []
    monkeypatch.setattr(receiving_dialog, "offer_open_folder", lambda _p, text: opened.append(text) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    paths = dialog.remind()
    assert len(paths) == 7 and opened[-1] == str(out)
    _kind, title, question = dialogs.last("question")
    assert title == "催报" and "给以下 7 个县（市、区）各写一封催报邮件草稿" in question
    assert "· 叙永县（xyzw@xy.gov.cn）：名单（附件1–3）、专题调研报告、实施方案、2021年4月月报、2021年5月月报" in question
    xuyong = next(p for p in paths if "叙永县" in p.name)
    msg = message_from_bytes(xuyong.read_bytes(), policy=policy.default)
    assert msg["To"] == "xyzw@xy.gov.cn" and "4. 2021年4月月报（截止 2021年4月20日，已逾期 32 天）" in \
        msg.get_body(("plain",)).get_content()
    row = [u.name for u in dialog.model.units].index("叙永县")
    assert dialog.model.index(row, 0).data() == "逾期·已催报"
    html = dialog.reminder_html()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "镇村便民服务试点材料催报清单" in text and "催报单位：泸州市政务服务管理局" in text and "需催报 7 个县（市、区）" in text
    assert "2021年4月月报（截止 2021年4月20日，逾期 32 天）" in text and "xyzw@xy.gov.cn" in text
    from desktop.ui.common.printing import write_pdf

    assert write_pdf(html, tmp_path / "催报清单.pdf", True) >= 1


def test_a_unit_without_subordinates_is_told_so(qtbot, store, gaz):
    store.save_settings(Settings(ReportingUnit("510522106", "九支镇", "九支镇便民服务中心")))
    dialog = ReceivingDialog(store, gaz, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible() and not dialog.table.isVisible()
    assert "是乡镇（街道），没有下级单位报送材料" in dialog.empty.text()
    assert not dialog.remind_button.isEnabled()


def test_a_submission_with_documents_from_the_window(make_window, store, gaz, monkeypatch, messages, tmp_path):
    from helpers import fill_valid_provincial

    from desktop.ui.sending import submit as submit_action

    fill_valid_provincial(store, gaz)
    w = make_window(store)
    docs = tmp_path / "材料"
    docs.mkdir()
    (docs / "泸州市实施方案.docx").write_bytes(b"plan")
    (docs / "情况汇报.pdf").write_bytes(b"%PDF report")
    items: list[list[str]] = []

    def pick(*a, **k):
        items.append(list(a[3]))
        return (next(x for x in a[3] if x.startswith("名单（附件1–3），附加材料")) if len(items) == 1
                else "申报省级试点情况", True)

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("zwglc@sc.gov.cn", True))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(docs / "泸州市实施方案.docx"), str(docs / "情况汇报.pdf")], ""))
    out = tmp_path / "报送 文件"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    draft = submit_action.submit(w)
    assert items[0][-1] == "只报送材料（专题调研报告、实施方案、申报省级试点情况）"
    assert items[1][:3] == ["专题调研报告", "实施方案", "申报省级试点情况"]  # asked only for the unnamed one
    sent = dict(attachments_of(draft.read_bytes()))
    assert sent["泸州市实施方案.docx"] == b"plan" and sent["情况汇报（申报省级试点情况）.pdf"] == b"%PDF report"
    (record,) = store.submissions()
    assert record.what == "镇村便民服务试点地区名单（附件1-3）、实施方案和申报省级试点情况"
    assert [d["kind"] for d in record.snapshot["documents"]] == ["plan", "application"]
    page = w.show_monthly()
    assert "材料（截止 " in page.board.sent_label.text() and "实施方案 已报送（" in page.board.sent_label.text()
    assert "专题调研报告 未报送" in page.board.sent_label.text()


@pytest.mark.parametrize("width,height,scale", [(1024, 768, 1.0), (1366, 768, 1.25), (1366, 768, 1.5)])
def test_the_board_fits_small_screens(qtbot, city, gaz, folder, monkeypatch, width, height, scale):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QPushButton

    import desktop.ui.common.screen_fit as screen_fit

    area = QRect(0, 0, int(width / scale), int((height - 40) / scale))
    monkeypatch.setattr(screen_fit, "available_area", lambda _w: area)
    _received(city, gaz, county_mail(folder, gaz, "合江县"))
    dialog = ReceivingDialog(city, gaz, today=lambda: TODAY, import_files=lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    max_w, max_h = area.width() - screen_fit.FRAME_WIDTH, area.height() - screen_fit.FRAME_HEIGHT
    assert dialog.width() <= max_w and dialog.height() <= max_h
    assert dialog.minimumSizeHint().width() <= max_w and dialog.minimumSizeHint().height() <= max_h
    for button in dialog.findChildren(QPushButton):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert 0 <= corner.x() <= dialog.width() and 0 <= corner.y() <= dialog.height(), button.text()
