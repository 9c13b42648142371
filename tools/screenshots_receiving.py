"""Retake the README screenshots of 收件情况 and 催报 (run under a virtual screen with a CJK font):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshots_receiving.py [--small OUT_DIR]

泸州市's database on 2021年5月22日 after importing the e-mails of five of its seven counties (合江县 with its
documents, 泸县 twice — it corrected April —, 龙马潭区 late, 纳溪区 its rosters only, 叙永县; 江阳区 and 古蔺县
sent nothing) and writing a 催报 to 江阳区. Writes docs/screenshot-receiving.png (the board) and
docs/screenshot-remind.png (the printed 催报 list, through Qt's PDF writer and pdftoppm). ``--small`` also
saves the board at 1024×768 and at 1366×768 with 150 % scaling into OUT_DIR (to look at, not for the
README). Uses temporary folders; the user's data is not touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2021, 5, 22)
COUNTIES = {"江阳区": "510502", "纳溪区": "510503", "龙马潭区": "510504", "泸县": "510521", "合江县": "510522",
            "叙永县": "510524", "古蔺县": "510525"}


def county_mail(folder: Path, gaz, county: str, months: list[tuple[int, int]], *, rosters: bool = True,
                documents: tuple[tuple[str, bytes], ...] = (), sent: datetime) -> Path:
    """The e-mail a county sends its city: its package (two towns of 附件3, its 月报 of ``months``)."""
    from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
    from desktop.domain.monthly.report import MonthlyReport, YearMonth
    from desktop.exchange.eml import build_eml
    from desktop.exchange.package.archive import write_package
    from desktop.store.database import open_store

    code = COUNTIES[county]
    store = open_store(folder / f"{county}-{sent:%m%d%H}.sqlite")
    store.save_settings(Settings(ReportingUnit(code, county, f"{county}政务服务中心")))
    if rosters:
        towns = []
        for place in gaz.children_of(code)[:2]:
            villages = [Village(v.name, v.code) for v in gaz.children_of(place.code)[:3]]
            towns.append(TownEntry(Level.COUNTY, "泸州市", county, place.name, "中心镇", "", "5105", code, place.code,
                                   villages))
        store.add_rosters([Roster(Level.COUNTY, date(2021, 3, 25), towns)])
    for m, received in months:
        store.create_report(MonthlyReport(county, YearMonth(2021, m), "赵六", "0830-1234567", "钱七", date(2021, m, 18),
                                          values={"pilot_towns": 2, "cases_received": received}))
    package = write_package(folder / f"交换包-{county}政务服务中心-{sent:%Y%m%d}.zctb", store.load_rosters(),
                            store.reports(), store.settings().unit, {}, "", sent)
    store.close()
    subject = f"{county}政务服务中心报送镇村便民服务试点材料"
    eml = build_eml("lzzw@luzhou.gov.cn", subject, "您好", [(package.path.name, package.path.read_bytes()), *documents],
                    sender=f"{county}政务服务中心 <{code}@luzhou.gov.cn>", sent=sent)
    path = folder / f"{county} {sent:%m月%d日}.eml"
    path.write_bytes(eml)
    package.path.unlink()
    return path


def build(folder: Path):
    from desktop.domain.model import ReportingUnit, Settings
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.services import importing
    from desktop.services.receiving import record_received, remind
    from desktop.store.database import open_store

    gaz = load_gazetteer()
    mails = folder / "收到的邮件"
    mails.mkdir()
    store = open_store(folder / "泸州市.sqlite")
    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"), date(2021, 3, 31)))
    batches = [
        [county_mail(mails, gaz, "合江县", [(4, 900)], sent=datetime(2021, 4, 19, 16, 20),
                     documents=(("合江县专题调研报告.docx", b"research"), ("合江县实施方案.pdf", b"plan"))),
         county_mail(mails, gaz, "泸县", [(4, 800)], sent=datetime(2021, 4, 20, 9, 5)),
         county_mail(mails, gaz, "纳溪区", [], sent=datetime(2021, 3, 30, 11, 0)),
         county_mail(mails, gaz, "叙永县", [(4, 600)], sent=datetime(2021, 4, 16, 10, 0),
                     documents=(("叙永县实施方案.docx", b"plan"),))],
        [county_mail(mails, gaz, "泸县", [(4, 850), (5, 900)], sent=datetime(2021, 5, 19, 15, 40)),
         county_mail(mails, gaz, "龙马潭区", [(4, 700)], sent=datetime(2021, 4, 26, 17, 30)),
         county_mail(mails, gaz, "合江县", [(4, 900), (5, 950)], sent=datetime(2021, 5, 18, 10, 10))],
    ]
    for when, paths in zip(("2021-04-21T09:00:00", "2021-05-21T09:30:00"), batches, strict=True):
        reading = importing.read_files(paths, gaz)
        importing.apply(store, importing.preview(store.local_state(), reading, gaz))
        record_received(store, reading, gaz)
        store.conn.execute("UPDATE receipts SET received_at = ? WHERE received_at > '2022'", (when,))
    remind(store, gaz, folder / "催报", TODAY, ["江阳区"], 2021)
    store.conn.execute("UPDATE reminders SET at = '2021-05-21T10:00:00'")
    return store, gaz


def main() -> None:
    small = Path(sys.argv[sys.argv.index("--small") + 1]) if "--small" in sys.argv else None
    if small is not None:
        os.environ.setdefault("QT_SCALE_FACTOR", os.environ.get("QT_SCALE_FACTOR", "1"))
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import make_app
    from desktop.ui.common.printing import write_pdf
    from desktop.ui.receiving.dialog import ReceivingDialog

    folder = Path(tempfile.mkdtemp(prefix="screens-receiving-"))
    os.environ["ZHENCUN_DATA_DIR"] = str(folder / "用户")
    app = make_app()
    store, gaz = build(folder)
    dialog = ReceivingDialog(store, gaz, today=lambda: TODAY, import_files=lambda: None)
    dialog.year.setValue(2021)
    dialog.select("泸县", "month:2021-04")
    docs = ROOT / "docs"
    if small is None:
        dialog.resize(1150, 470)
        dialog.show()
        QApplication.processEvents()
        dialog.grab().save(str(docs / "screenshot-receiving.png"))
        pdf = folder / "催报清单.pdf"
        write_pdf(dialog.reminder_html(), pdf, True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(docs / "screenshot-remind")],
                       check=True)
        print("wrote docs/screenshot-receiving.png, docs/screenshot-remind.png")
    else:
        small.mkdir(parents=True, exist_ok=True)
        width, height = (910, 512) if float(os.environ.get("QT_SCALE_FACTOR", "1")) > 1 else (1024, 728)
        from desktop.ui.common.screen_fit import fit_to_screen

        dialog.show()
        fit_to_screen(dialog, 1150, 620)
        dialog.resize(min(dialog.width(), width), min(dialog.height(), height))
        QApplication.processEvents()
        dialog.grab().save(str(small / f"receiving-{width}x{height}.png"))
        print(f"wrote {small}/receiving-{width}x{height}.png ({dialog.width()}×{dialog.height()})")
    store.close()
    app.quit()


if __name__ == "__main__":
    main()
