"""Shared by the template builders: reproducible .xlsx bytes (fixed zip timestamps) and the A4 page setup."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

FIXED_TIME = datetime(2021, 3, 5, 0, 0, 0)  # the notice's date; keeps the files reproducible


def reproducible(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps (openpyxl stamps the save time everywhere)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                start = text.find("<dcterms:modified")
                end = text.find("</dcterms:modified>")
                if start >= 0 and end > start:
                    head = text[: text.index(">", start) + 1]
                    text = head + stamp + text[end:]
                payload = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, payload)
    return out.getvalue()


def a4_page_setup(ws: Any, *, landscape: bool, top: float, bottom: float, footer: float) -> None:
    """A4, fit to the page width, centred, "第 N 页，共 M 页" in the footer (openpyxl defaults to Letter)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = top
    ws.page_margins.bottom = bottom
    ws.page_margins.header = 0.3
    ws.page_margins.footer = footer
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10
