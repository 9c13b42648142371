"""文件 → 报送… and 报送记录… in the window (dialogs patched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import APR, CITY, fill_demo, fill_valid_provincial, make_page, sample_settings
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog

from desktop.exchange.eml import attachments_of
from desktop.ui.sending import submit as submit_action


@pytest.fixture
def window(make_window, store, gaz):
    """The window over the sample 附件1 (five 合江县 towns, no errors) of 泸州市."""
    store.save_settings(sample_settings(gaz))
    fill_valid_provincial(store, gaz)
    return make_window(store)


def _answers(monkeypatch, folder: Path, recipient: str = "zwglc@sc.gov.cn", opened: bool = True):
    calls: list = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (recipient, True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toLocalFile()) or opened)
    return calls


def test_submit_writes_the_draft_opens_it_and_records_it(window, store, monkeypatch, messages, tmp_path):
    out = tmp_path / "报送 文件"
    opened = _answers(monkeypatch, out)
    draft = submit_action.submit(window)
    assert draft is not None and opened == [str(draft)]
    assert store.get_meta("recipient") == "zwglc@sc.gov.cn"
    sent = dict(attachments_of(draft.read_bytes()))
    assert sent == {p.name: p.read_bytes() for p in out.glob("*.xlsx")} and len(sent) == 1
    (record,) = store.submissions()
    assert record.kind == "报送" and record.recipient == "zwglc@sc.gov.cn"
    assert {f.name for f in record.files} == set(sent) | {draft.name}


def test_a_second_submit_into_the_same_folder_asks_before_replacing(window, store, monkeypatch, messages, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    out = tmp_path / "报送 文件"
    _answers(monkeypatch, out)
    assert submit_action.submit(window) is not None
    (workbook,) = out.glob("附件1*.xlsx")
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: asked.append(text) or answer[0])
    assert submit_action.submit(window) is None  # 否: nothing written, nothing recorded
    assert asked == [f"文件夹中已有：\n“{workbook.name}”\n\n要替换它们吗？"] and len(store.submissions()) == 1
    answer[0] = QMessageBox.StandardButton.Yes
    assert submit_action.submit(window) is not None and len(store.submissions()) == 2


def test_without_a_mail_program_the_folder_opens_and_the_text_is_on_the_clipboard(window, monkeypatch, messages,
                                                                                  tmp_path):
    out = tmp_path / "出"
    opened = _answers(monkeypatch, out, opened=False)
    draft = submit_action.submit(window)
    assert opened == [str(draft), str(out)]
    assert QGuiApplication.clipboard().text().startswith("泸州市政务服务管理局报送镇村便民服务试点地区名单（附件1-3）")
    assert messages[-1][0] == "information" and "没有找到能打开邮件草稿的邮件程序" in messages[-1][2]


def test_a_bad_address_is_refused_and_nothing_is_written(window, store, monkeypatch, messages, tmp_path):
    out = tmp_path / "出"
    answers = iter([("不是地址", True), ("", False)])
    _answers(monkeypatch, out)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    assert submit_action.submit(window) is None
    assert messages[-1][2] == "收件人地址“不是地址”格式不正确，请写成 name@example.gov.cn 这样的电子邮件地址"
    assert not out.exists() and store.submissions() == []


def test_the_record_dialog_lists_compares_and_saves_again(window, store, monkeypatch, messages, qtbot, tmp_path):
    out = tmp_path / "出"
    _answers(monkeypatch, out)
    submit_action.submit(window)
    town = store.load_rosters()[0].towns[0]
    store.update_town(town.id, note="改过")
    dialog = submit_action.HistoryOfSubmissions(store)
    qtbot.addWidget(dialog)
    text = dialog.detail.toPlainText()
    assert "与今天的数据比较（名单）：1 处改动" in text and f"{town.town}：备注" in text and "→ 改过" in text
    again = tmp_path / "再存"
    again.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(again))
    dialog.save_files()
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}


def test_the_monthly_page_offers_its_month(make_window, store, gaz, monkeypatch, messages, tmp_path):
    fill_demo(store, gaz)
    w = make_window(store)
    page = w.show_monthly()
    page.open_report(CITY, APR)
    offered: list[list[str]] = []
    _answers(monkeypatch, tmp_path / "出")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: offered.append(a[3]) or ("", False))
    page.report_view.submit_button.click()
    assert offered == [["名单（附件1–3）和 2021年4月月报", "2021年4月月报"]]


def test_the_board_shows_what_was_sent_and_what_changed_since(qtbot, store, gaz, monkeypatch, messages, tmp_path):
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    assert "名单（截止 2021年3月31日）：未报送" in page.board.sent_label.text()
    store.set_meta({"recipient": "zwglc@sc.gov.cn"})
    from desktop.services.submit import submit

    assert not submit(store, gaz, tmp_path / "出", "zwglc@sc.gov.cn", month=APR).blocked
    page.board.refresh()
    text = page.board.sent_label.text()
    day = __import__("desktop.domain.dates", fromlist=["format_cn"]).format_cn(__import__("datetime").date.today())
    assert f"名单（截止 2021年3月31日）：已报送（{day}）" in text and f"2021年4月月报：已报送（{day}）" in text
    town = store.load_rosters()[0].towns[0]
    store.update_town(town.id, note="改过")
    page.board.refresh()
    assert "名单（截止 2021年3月31日）：报送后又修改" in page.board.sent_label.text()


def test_export_pdf_of_the_current_list_and_of_a_report(window, store, monkeypatch, messages, tmp_path):
    from PySide6.QtWidgets import QFileDialog as _QFileDialog

    from desktop.ui.sending import print_actions

    target = tmp_path / "打印" / "附件1.pdf"
    monkeypatch.setattr(_QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    path = print_actions.export_pdf(window)
    assert path == target and target.read_bytes().startswith(b"%PDF")
    window.show_monthly()
    assert print_actions.export_pdf(window) is None
    assert messages[-1][2] == "请先在月报总览中打开一份月报，再打印或导出PDF。"


def test_print_preview_paints_the_form(window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from desktop.ui.sending import print_actions

    painted: list[int] = []

    def fake_exec(dialog):
        printer = dialog.printer()
        printer.setOutputFileName(str(tmp_path / "预览.pdf"))  # never a real printer in tests
        dialog.paintRequested.emit(printer)
        painted.append(printer.pageLayout().orientation().value)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    print_actions.print_preview(window)
    assert painted == [1]  # landscape for a roster
    assert (tmp_path / "预览.pdf").read_bytes().startswith(b"%PDF")


def test_a_file_in_use_stops_the_submission_with_a_message(window, store, gaz, monkeypatch, tmp_path):
    import os

    from desktop.exchange import safe_write
    from desktop.services.common import ServiceError
    from desktop.services.submit import submit

    out = tmp_path / "出"
    out.mkdir()
    real_replace = os.replace

    def locked(src, dst):
        if str(dst).endswith(".xlsx"):
            raise PermissionError(13, "in use")  # Excel holds the file (Windows sharing violation)
        return real_replace(src, dst)

    for p in [out / "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"]:
        p.write_bytes(b"old")
    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(ServiceError) as exc:
        submit(store, gaz, out, "zwglc@sc.gov.cn")
    assert "该文件可能正在 Excel 或 WPS 中打开，请关闭后重试" in str(exc.value)
    assert not list(out.glob("*.eml")) and store.submissions() == []
    assert (out / "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx").read_bytes() == b"old"
