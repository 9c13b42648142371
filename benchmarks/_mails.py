"""Measure 8 of benchmarks/province.py: the e-mails the province receives from its 21 cities, each .eml
carrying that city's exchange package (its towns with their villages in 附件3, its compiled 月报 and its
counties') and its 实施方案 (a small PDF), as the city's ``submit``-style draft would carry them."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from pathlib import Path

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.places.gazetteer import Gazetteer

MONTH = YearMonth(2026, 1)


def city_mails(gaz: Gazetteer, roster: Roster, folder: Path) -> list[Path]:
    """One e-mail per city in ``folder``: made from each city's own database (untimed)."""
    from desktop.exchange.eml import build_eml
    from desktop.services.package import make_package
    from desktop.store.database import open_store

    by_city: dict[str, list[TownEntry]] = {}
    for t in roster.towns:
        by_city.setdefault(t.city_code or "", []).append(t)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for code, towns in by_city.items():
        city = gaz.by_code[code]
        entries = [TownEntry(Level.COUNTY, t.city, t.county, t.town, t.town_type, t.note, t.city_code, t.county_code,
                             t.town_code, [Village(v.name, v.code) for v in t.villages], position=i)
                   for i, t in enumerate(towns)]
        db = folder / "市" / f"{code}.sqlite"
        db.parent.mkdir(parents=True, exist_ok=True)
        store = open_store(db, create=True)
        try:
            store.save_settings(Settings(ReportingUnit(code, city.name, f"{city.name}政务服务管理局")))
            store.add_rosters([Roster(Level.COUNTY, date(2026, 1, 15), entries)])
            counties = sorted({t.county for t in towns})
            for name in [city.name, *counties]:
                n = len(towns) if name == city.name else sum(t.county == name for t in towns)
                store.create_report(MonthlyReport(name, MONTH, "张三", "028-12345678", "李四", date(2026, 1, 20),
                                                  values={"pilot_towns": n, "cases_received": 100 * n}))
            out = folder / "交换包" / f"交换包-{city.name}政务服务管理局.zctb"
            out.parent.mkdir(parents=True, exist_ok=True)
            make_package(store, out)
        finally:
            store.close()
        eml = build_eml("zwglc@sc.gov.cn", f"{city.name}政务服务管理局报送{MONTH.label}镇村便民服务“三化”试点工作进展情况",
                        "您好", [(out.name, out.read_bytes()), (f"{city.name}实施方案.pdf", b"%PDF-1.4\n" + b"0" * 40_000)],
                        sender=f"{city.name}政务服务管理局 <{code}@example.gov.cn>")
        path = folder / f"{city.name} 报送.eml"
        path.write_bytes(eml)
        paths.append(path)
    return paths


def floor_mails(paths: list[Path]) -> int:
    """The least work for the same content: parse each e-mail, decode its package, unzip payload.json and
    json.loads it; the towns counted."""
    n = 0
    for path in paths:
        msg = BytesParser(policy=policy.compat32).parsebytes(path.read_bytes())
        for part in msg.walk():
            if str(make_header(decode_header(part.get_filename() or ""))).endswith(".zctb"):
                with zipfile.ZipFile(io.BytesIO(part.get_payload(decode=True))) as zf:
                    payload = json.loads(zf.read("payload.json"))
                n += sum(len(r["towns"]) for r in payload["rosters"])
    return n
