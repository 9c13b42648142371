"""The main window's actions, menus and toolbar (kept apart from the window's behaviour)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from desktop.domain.model import Level

if TYPE_CHECKING:
    from desktop.ui.window.host import WindowHost

TAB_TITLES = {Level.PROVINCIAL: "附件1 省级试点", Level.CITY: "附件2 市级试点", Level.COUNTY: "附件3 县级试点"}
MONTHLY_TITLE = "月报"
SHORTCUTS = """Ctrl+N　添加乡镇（街道）
Tab / 回车　下一项
↓　打开列表；↑↓ 选择，回车或 Tab 确定，Esc 关闭
数字 1–5　选择乡镇类型
空格　勾选或取消村（社区）
Ctrl+1 / 2 / 3　切换名单　Ctrl+4　月报　Ctrl+5　验收评估　Ctrl+6　收件情况
Ctrl+Z / Ctrl+Y　撤销 / 重做
Ctrl+E　导出　Ctrl+I　导入"""


def make_action(window: QMainWindow, text: str, slot: Callable[[], object],
                shortcut: QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
    """A QAction with its shortcut(s) and a tooltip that names the shortcut."""
    action = QAction(text, window)
    action.triggered.connect(slot)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # every platform binding (Redo: Ctrl+Y and Ctrl+Shift+Z)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
                          if shortcut else tip)
    return action


def export_package(w: WindowHost) -> None:
    """文件 → 导出交换包…: store what is typed, then ask for the scope and where to save."""
    w.commit_pending()
    w.transfer.export_package()


def _show_shortcuts(w: WindowHost) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(w, "快捷键", SHORTCUTS)


def _submit(w: WindowHost) -> None:
    from desktop.ui.sending.submit import submit

    submit(w)


def _print(w: WindowHost, what: str) -> None:
    from desktop.ui.sending import print_actions

    getattr(print_actions, what)(w)


def _submissions(w: WindowHost) -> None:
    from desktop.ui.common.modal import run_modal
    from desktop.ui.sending.submit import HistoryOfSubmissions

    run_modal(HistoryOfSubmissions(w.store, w))


def _receiving(w: WindowHost) -> None:
    from desktop.ui.common.modal import run_modal
    from desktop.ui.receiving.dialog import open_receiving

    w.commit_pending()
    run_modal(open_receiving(w))


def build_actions(w: WindowHost) -> None:
    """Create the window's actions as attributes, then its menus and toolbar."""
    act = make_action
    w.import_action = act(w, "导入…", w.import_files, "Ctrl+I",
                          "导入名单、月报工作簿（.xlsx）、交换包（.zctb）或邮件（.eml），先预览再导入；也可把文件或文件夹拖到窗口上")
    w.export_action = act(w, "导出…", w.export, "Ctrl+E", "导出正式报表：名单页导出附件1–3，月报页导出当月月报（.xlsx）")
    w.package_action = act(w, "导出交换包…", lambda: export_package(w), None,
                           "把名单和月报打包成一个交换包（.zctb），交给县（市、区）或市（州）汇总")
    w.jobs.busy_changed.connect(lambda busy: w.package_action.setEnabled(not busy))
    w.submit_action = act(w, "报送…", lambda: _submit(w), "Ctrl+Shift+S",
                          "报送：检查后导出名单和（或）月报，写出发给上级的电子邮件草稿并打开，记入报送记录")
    w.preview_action = act(w, "打印预览…", lambda: _print(w, "print_preview"), "Ctrl+P",
                           "按正式表样打印当前名单或月报（A4，每页重复表头，页脚页码），用于盖章")
    w.pdf_action = act(w, "导出PDF…", lambda: _print(w, "export_pdf"), None, "把当前名单或月报导出为 PDF 文件")
    w.submissions_action = act(w, "报送记录…", lambda: _submissions(w), None,
                               "每次导出和报送的文件（可原样再保存）和当时的数据（可与今天比较）")
    w.receiving_action = act(w, "收件情况与催报…", lambda: _receiving(w), "Ctrl+6",
                             "上级单位：各下级单位的名单、材料、月报和验收评分收到没有，谁逾期；写催报邮件，打印催报清单")
    w.quit_action = act(w, "退出", w.close, QKeySequence.StandardKey.Quit)
    w.add_action = act(w, "添加乡镇", w.add_town, "Ctrl+N", "在当前名单末尾添加一个乡镇（街道）")
    w.delete_action = act(w, "删除乡镇", w.delete_town, None, "删除选中的乡镇（街道）")
    w.undo_action = act(w, "撤销", w.undo, QKeySequence.StandardKey.Undo, "撤销上一步修改")
    w.redo_action = act(w, "重做", w.redo, QKeySequence.StandardKey.Redo, "重做撤销的修改")
    redo_keys = [QKeySequence("Ctrl+Y")] + [k for k in w.redo_action.shortcuts() if k != QKeySequence("Ctrl+Y")]
    w.redo_action.setShortcuts(redo_keys)  # Ctrl+Y everywhere, as the help says
    w.redo_action.setToolTip("重做撤销的修改（Ctrl+Y）")
    w.settings_action = act(w, "填报单位…", w.open_settings, None, "设置填报单位和截止日期")
    w.check_action = act(w, "检查结果", w.show_findings, "F8", "显示全部错误和警告")
    w.backup_action = act(w, "备份与恢复…", w.open_backups, None, "查看备份，立即备份，或从备份恢复")
    w.history_action = act(w, "修改记录…", w.open_history, None, "查看所有修改：何时、谁、原值和新值")
    w.town_history_action = act(w, "本乡镇修改记录…", lambda: w.open_history(current_town=True),
                                None, "查看选中乡镇（街道）的修改记录")
    # each list page's table offers town_history_action in its context menu (WindowHost._build_page)

    menu = w.menuBar()
    file_menu = menu.addMenu("文件")
    file_menu.addActions([w.import_action, w.export_action, w.package_action, w.submit_action,
                          w.submissions_action, w.receiving_action])
    file_menu.addSeparator()
    file_menu.addActions([w.preview_action, w.pdf_action])
    file_menu.addSeparator()
    file_menu.addAction(w.backup_action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    edit_menu = menu.addMenu("编辑")
    edit_menu.addActions([w.undo_action, w.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions([w.add_action, w.delete_action])
    edit_menu.addSeparator()
    edit_menu.addActions([w.history_action, w.town_history_action])
    view_menu = menu.addMenu("查看")
    view_menu.addAction(w.check_action)
    for level in Level:
        view_menu.addAction(act(w, TAB_TITLES[level], lambda _=False, lv=level: w.show_level(lv), f"Ctrl+{level.value}"))
    view_menu.addAction(act(w, MONTHLY_TITLE, w.show_monthly, "Ctrl+4"))
    view_menu.addAction(act(w, "验收评估", w.show_evaluation, "Ctrl+5"))
    view_menu.addAction(w.receiving_action)
    menu.addMenu("设置").addAction(w.settings_action)
    help_menu = menu.addMenu("帮助")
    help_menu.addAction(act(w, "快捷键", lambda: _show_shortcuts(w)))
    help_menu.addAction(act(w, "关于", w.about))

    bar = QToolBar("工具栏")
    bar.setObjectName("toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions([w.import_action, w.export_action, w.submit_action])
    bar.addSeparator()
    bar.addActions([w.undo_action, w.redo_action])
    bar.addSeparator()
    bar.addActions([w.add_action, w.delete_action])
    bar.addSeparator()
    bar.addActions([w.settings_action, w.check_action])
    w.addToolBar(bar)
