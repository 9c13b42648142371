"""文件 → 报送…: choose what to send, check, export into a folder, write the e-mail draft and open it
with the mail program (else open the folder and put the subject and text on the clipboard); and
文件 → 报送记录…: every export and 报送, their files saved again byte for byte, compared with today."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_moment
from desktop.ui.common.folders import remember_dir, replace_asked, start_dir

if TYPE_CHECKING:
    from desktop.ui.window.host import WindowHost



DOCUMENTS = "材料（专题调研报告、实施方案、申报省级试点情况）"
DOCUMENT_FILTER = "Word 或 PDF 文件 (*.doc *.docx *.wps *.pdf *.ofd)"


def choices(w: WindowHost) -> list[tuple[str, bool, str | None]]:
    """What can be sent: (label, rosters, month) — the lists, and the unit's own reports, newest first;
    then the lists with the March documents (Word or PDF) attached, and the documents alone."""
    own = w.store.settings().region
    months = sorted({r.month for r in w.store.reports() if r.region == own}, reverse=True)
    has_rosters = any(r.towns for r in w.store.load_rosters())
    out: list[tuple[str, bool, str | None]] = []
    if has_rosters:
        out.append(("名单（附件1–3）", True, None))
    for m in months[:6]:
        if has_rosters:
            out.append((f"名单（附件1–3）和 {m.label}月报", True, m.iso))
        out.append((f"{m.label}月报", False, m.iso))
    with_documents = [(f"名单（附件1–3），附加{DOCUMENTS}", True, None)] if has_rosters else []
    return out + with_documents + [(f"只报送{DOCUMENTS}", False, None)]


def ask_documents(w: WindowHost) -> list[tuple[Path, str | None]] | None:
    """Pick the Word or PDF files to attach; a file whose name does not say which document it is gets
    asked (its attachment name then says it). None when cancelled."""
    from desktop.domain.receiving.due import DOCUMENT_KIND_OF, DOCUMENT_KINDS, document_kind
    from desktop.domain.submission import OTHER_DOCUMENT

    names, _ = QFileDialog.getOpenFileNames(w, "选择要附加的材料（Word 或 PDF）", start_dir("documents"),
                                            DOCUMENT_FILTER)
    if not names:
        return None
    remember_dir("documents", Path(names[0]).parent)
    labels = [label for _kind, label in DOCUMENT_KINDS] + [OTHER_DOCUMENT]
    out: list[tuple[Path, str | None]] = []
    for name in names:
        path = Path(name)
        kind = document_kind(path.name)
        if kind is None:
            label, ok = QInputDialog.getItem(w, "附加材料", f"“{path.name}”是哪项材料？（附件名将写明，便于上级收件）",
                                             labels, 0, False)
            if not ok:
                return None
            kind = DOCUMENT_KIND_OF.get(label)
        out.append((path, kind))
    return out


def ask_recipient(w: WindowHost) -> str | None:
    from desktop.services.settings import address_problem

    current = w.store.recipient()
    if current and not address_problem(current):
        return current
    while True:
        text, ok = QInputDialog.getText(w, "报送收件人", "报送邮件发给谁？请填写上级单位的电子邮件地址（设置一次即可）：",
                                        text=current)
        if not ok:
            return None
        problem = address_problem(text)
        if not problem:
            w.store.save_recipient(text.strip())
            return text.strip()
        QMessageBox.warning(w, "报送收件人", problem)
        current = text


def submit(w: WindowHost, month: str | None = None) -> Path | None:
    """The whole 报送; returns the draft's path (None when cancelled or refused). ``month``
    (from the 月报 page): offer only what holds that month's report."""
    from desktop.domain.monthly.report import YearMonth
    from desktop.services.common import ServiceError
    from desktop.services.submit import submit as do_submit

    w.commit_pending()
    options = choices(w)
    if month is not None:
        options = [o for o in options if o[2] == month] or options
    if not options:
        QMessageBox.information(w, "报送", "还没有可报送的名单或月报。")
        return None
    label, ok = QInputDialog.getItem(w, "报送", "报送哪些内容？", [o[0] for o in options], 0, False)
    if not ok:
        return None
    _label, rosters, month = next(o for o in options if o[0] == label)
    documents: list[tuple[Path, str | None]] = []
    if DOCUMENTS in label:
        picked = ask_documents(w)
        if picked is None:
            return None
        documents = picked
    recipient = ask_recipient(w)
    if recipient is None:
        return None
    folder = QFileDialog.getExistingDirectory(w, "选择保存报送文件的文件夹", start_dir("submit"))
    if not folder:
        return None
    out = Path(folder)
    remember_dir("submit", out)
    if not replace_asked(w, out, _workbooks(w, month, rosters)):
        return None
    try:
        result = do_submit(w.store, w.gaz, out, recipient, month=YearMonth.parse(month) if month else None,
                           rosters=rosters, documents=documents)
    except ServiceError as exc:
        QMessageBox.warning(w, "报送没有完成", str(exc))
        return None
    if result.blocked:
        QMessageBox.warning(w, "不能报送", "还有错误或未说明的警告，没有导出任何文件。\n\n"
                                           "请在“检查结果”和月报的“警告说明”中处理后再报送。")
        w.show_findings()
        return None
    w.statusBar().showMessage(f"已写出邮件草稿 {result.draft.name}，已记入报送记录", 8000)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.draft))):
        QGuiApplication.clipboard().setText(f"{result.subject}\n\n{result.body}")
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))
        where = f"已打开文件夹“{out}”" if opened else f"文件夹也没能打开，文件在“{out}”（请在资源管理器中找到它）"
        QMessageBox.information(
            w, "报送", f"没有找到能打开邮件草稿的邮件程序。{where}，邮件主题和正文已复制到剪贴板："
                       f"请在邮箱网页或邮件程序中新建邮件，粘贴主题和正文，添加文件夹中的附件后发送。")
    return result.draft


def _workbooks(w: WindowHost, month: str | None, rosters: bool) -> list[str]:
    """The workbooks this 报送 writes (asked about before one of the same name is replaced, as 导出 asks);
    none when it will not write (errors: it says so itself)."""
    from desktop.domain.monthly.report import YearMonth
    from desktop.services.common import ServiceError
    from desktop.services.export import plan_export

    try:
        plan = plan_export(w.store, w.gaz, YearMonth.parse(month) if month else None, rosters=rosters)
    except ServiceError:
        return []
    return [] if plan.blockers else plan.file_names()


class HistoryOfSubmissions(QDialog):
    """报送记录: the list, a version's files saved again, and its comparison with today's data."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("报送记录")
        self.list = QListWidget()
        for r in store.submissions():
            to = f" → {r.recipient}" if r.recipient else ""
            item = QListWidgetItem(f"#{r.id}  {format_moment(r.at)}  {r.kind}{to}  {r.what}  （{len(r.files)} 个文件）")
            item.setData(256, r.id)
            self.list.addItem(item)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.save_button = QPushButton("保存当时的文件…")
        self.save_button.clicked.connect(self.save_files)
        self.list.currentRowChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("每次导出和报送都记在这里：当时的文件（可原样再保存）和数据（可与今天的比较）。"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail, 2)
        layout.addLayout(row)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.detail.setPlainText("还没有导出或报送记录。")
        self.save_button.setEnabled(self.list.count() > 0)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 900, 600)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(256) if item is not None else None

    def _show(self, _row: int) -> None:
        from desktop.services.records import compare

        sid = self.current_id()
        record = self.store.submission(sid) if sid is not None else None
        if record is None:
            return
        parts, why_not, changes = compare(self.store, record)
        lines = [f"主题：{record.subject}", f"操作人：{record.user}", "文件："]
        lines += [f"  {f.name}（SHA-256 {f.sha256}）" for f in record.files]
        lines.append(why_not or f"与今天的数据比较（{parts}）：" + (f"{len(changes)} 处改动" if changes else "没有改动"))
        lines += [f"  {c}" for c in changes]
        self.detail.setPlainText("\n".join(lines))

    def save_files(self) -> None:
        sid = self.current_id()
        record = self.store.submission(sid) if sid is not None else None
        if record is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "保存当时的文件到", start_dir("history"))
        if not folder:
            return
        remember_dir("history", folder)
        from desktop.services.common import ServiceError
        from desktop.services.records import save_files

        try:
            save_files(record, Path(folder))
        except ServiceError as exc:
            QMessageBox.warning(self, "保存没有完成", str(exc))
            return
        QMessageBox.information(self, "报送记录", f"已把 #{record.id} 的 {len(record.files)} 个文件原样保存到“{folder}”。")
