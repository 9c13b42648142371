"""Reproducible .xlsx bytes for the shipped templates: fixed zip timestamps and core properties."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

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
