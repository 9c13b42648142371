"""Look of the window: fonts, severity colours and icons, and the inline finding marks."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.findings import Finding, Severity

ERROR_COLOR = "#d32f2f"
WARNING_COLOR = "#e08600"
ERROR_TINT = "#fdecea"
WARNING_TINT = "#fff4e0"
MUTED_COLOR = "#6b6b6b"

# Families that hold Simplified Chinese glyphs, best first (Windows, macOS, Linux).
CJK_FAMILIES = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC", "SimSun",
)

# Inline marks: a form field a finding points at gets a coloured border (property "finding").
FINDING_STYLE = f"""
*[finding="error"] {{ border: 2px solid {ERROR_COLOR}; border-radius: 3px; }}
*[finding="warning"] {{ border: 2px solid {WARNING_COLOR}; border-radius: 3px; }}
QLabel[role="finding-error"] {{ color: {ERROR_COLOR}; }}
QLabel[role="finding-warning"] {{ color: {WARNING_COLOR}; }}
QLabel[role="hint"] {{ color: {MUTED_COLOR}; }}
QFrame[role="banner"] {{ background: {WARNING_TINT}; border: 1px solid {WARNING_COLOR}; border-radius: 4px; }}
"""


def pick_cjk_family(available: Iterable[str]) -> str | None:
    """The first family of CJK_FAMILIES that is installed, or None."""
    have = set(available)
    return next((f for f in CJK_FAMILIES if f in have), None)


def apply_cjk_font(app: QApplication, point_size: float = 10.0) -> str:
    """Use a font with Chinese glyphs when the default one has none; at least ``point_size`` pt."""
    font = QFont(app.font())
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if font.family() not in families:
        family = pick_cjk_family(QFontDatabase.families()) or (families[0] if families else None)
        if family:
            font.setFamilies([family, *font.families()])
    if font.pointSizeF() < point_size:
        font.setPointSizeF(point_size)
    app.setFont(font)
    return font.family()


def severity_color(severity: Severity) -> str:
    return ERROR_COLOR if severity is Severity.ERROR else WARNING_COLOR


def severity_tint(severity: Severity) -> str:
    return ERROR_TINT if severity is Severity.ERROR else WARNING_TINT


_ICONS: dict[str, QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """Red disc with a cross for errors, amber triangle with "!" for warnings (drawn, no files)."""
    key = severity.value
    if key not in _ICONS:
        _ICONS[key] = QIcon(_draw_severity(severity, 32))
    return _ICONS[key]


def _draw_severity(severity: Severity, size: int) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(severity_color(severity))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    m = size * 0.06
    if severity is Severity.ERROR:
        p.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
        pen = QPen(Qt.GlobalColor.white, size * 0.12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        a, b = size * 0.33, size * 0.67
        p.drawLine(QPointF(a, a), QPointF(b, b))
        p.drawLine(QPointF(a, b), QPointF(b, a))
    else:
        path = QPainterPath()
        path.moveTo(size / 2, m)
        path.lineTo(size - m, size - m * 1.5)
        path.lineTo(m, size - m * 1.5)
        path.closeSubpath()
        p.drawPath(path)
        pen = QPen(Qt.GlobalColor.white, size * 0.11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(size / 2, size * 0.36), QPointF(size / 2, size * 0.62))
        p.drawPoint(QPointF(size / 2, size * 0.78))
    p.end()
    return pix


def chevron_icon() -> QIcon:
    """A small ▾ for the pickers' "show the list" button."""
    if "chevron" not in _ICONS:
        size = 16
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(MUTED_COLOR), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(4, 6), QPointF(8, 10))
        p.drawLine(QPointF(8, 10), QPointF(12, 6))
        p.end()
        _ICONS["chevron"] = QIcon(pix)
    return _ICONS["chevron"]


def worst(findings: Iterable[Finding]) -> Severity | None:
    found = None
    for f in findings:
        if f.is_error:
            return Severity.ERROR
        found = Severity.WARNING
    return found


def set_role(widget: QWidget, name: str, value: str) -> None:
    """Set a dynamic property FINDING_STYLE looks at, and re-polish so the look follows.

    Inside a page that carries FINDING_STYLE (the 月报 page) the page's sheet does it. Elsewhere the
    widget carries the sheet itself, and a plain grey hint needs none (the palette does it): a style
    sheet on the whole window would make Qt polish and paint every widget through its style-sheet
    engine, about 15 ms more before the window first shows.
    """
    if name == "role" and value != "hint":
        _set_hint(widget, False)  # a grey hint palette must not outlive the hint
    if _styled_above(widget):
        if (widget.property(name) or "") != value:
            widget.setProperty(name, value)
            _repolish(widget)
        return
    if name == "role" and value in ("hint", "") and FINDING_STYLE not in widget.styleSheet():
        _set_hint(widget, value == "hint")
        widget.setProperty(name, value)
        return
    has_style = FINDING_STYLE in widget.styleSheet()
    if widget.property(name) == value and (has_style or not value):
        return
    if not value and not has_style and not widget.property(name):
        return  # nothing set before, nothing to clear
    widget.setProperty(name, value)
    if not has_style:
        widget.setStyleSheet(widget.styleSheet() + FINDING_STYLE)  # polishes the widget
    else:
        _repolish(widget)


def _styled_above(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if FINDING_STYLE in parent.styleSheet():
            return True
        parent = parent.parentWidget()
    return False


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def _set_hint(widget: QWidget, on: bool) -> None:
    palette = widget.palette()
    if on:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_COLOR))
        widget.setPalette(palette)
    elif widget.property("role") == "hint":
        widget.setPalette(QPalette())  # back to the inherited colours


def mark_widget(widget: QWidget, findings: list[Finding], base_tooltip: str = "") -> None:
    """Colour a field's border after the worst finding on it; its messages become the tooltip."""
    sev = worst(findings)
    set_role(widget, "finding", sev.value if sev else "")
    lines = [f"{f.severity.label}：{f.message}" for f in findings]
    widget.setToolTip("\n".join(([base_tooltip] if base_tooltip else []) + lines))
