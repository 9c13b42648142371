"""What a colleague's review of the command line found: an --out written as a folder, the package's
SHA-256 as the 报送记录 keeps it, one record over several months, 催报 drafts that cannot be recorded,
an address or an e-mail that says too much, and an import whose 收件情况 note is refused."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from email.message import EmailMessage

import pytest
from helpers import disk_full, run

from desktop.cli.main import main
from desktop.exchange.eml_reader import read_eml
from desktop.services import receiving as service
from desktop.services.common import ServiceError
from desktop.store.database import open_store


def test_an_out_ending_with_a_separator_is_a_folder_made_when_missing(demo_db, tmp_path):
    r = run("backup", "--db", demo_db, "--out", f"{tmp_path / '备份 文件夹'}/")
    assert r.returncode == 0, r.stderr
    (copy,) = (tmp_path / "备份 文件夹").iterdir()
    assert copy.name.startswith("演示-备份-") and copy.suffix == ".sqlite"
    r = run("backup", "--db", demo_db, "--out", tmp_path / "三月 备份")
    assert r.returncode == 0 and (tmp_path / "三月 备份.sqlite").is_file(), "a file without suffix is a database"
    r = run("package", "--db", demo_db, "--out", f"{tmp_path / '交换 包'}/")
    assert r.returncode == 0, r.stderr
    (package,) = (tmp_path / "交换 包").iterdir()
    assert package.suffix == ".zctb" and package.name.startswith("交换包-")
    sha = hashlib.sha256(package.read_bytes()).hexdigest()
    assert f"文件的校验码（SHA-256）{sha[:16]}…（与报送记录中的一致）" in r.stdout
    store = open_store(demo_db)
    try:
        record = store.submissions()[-1]
        assert record.kind == "交换包" and [f.sha256 for f in record.files] == [sha]
        months = sorted({r.month for r in store.reports()})
        assert f"{months[0].label}至{months[-1].label}" in record.what, record.what  # it named the first month
    finally:
        store.close()


def test_reminders_that_cannot_be_recorded_leave_no_draft_but_keep_an_older_one(city, gaz, tmp_path, monkeypatch):
    today = date(2021, 4, 28)  # the rosters are overdue from every county
    out = tmp_path / "催报 草稿"
    out.mkdir()
    older = out / f"催报-江阳区-{today:%Y%m%d}.eml"
    older.write_bytes(b"an earlier draft")

    monkeypatch.setattr(city, "record_reminders", disk_full)
    with pytest.raises(ServiceError) as refused:
        service.remind(city, gaz, out, today)
    assert str(refused.value).startswith("磁盘已满") and "覆盖了原有同名文件的没有删除" in str(refused.value)
    assert [p.name for p in out.iterdir()] == [older.name], "only the drafts this run created are removed"
    assert city.reminders() == []


def test_an_address_is_shown_without_its_control_characters(city, gaz):
    with pytest.raises(ServiceError) as refused:
        service.set_address(city, gaz, date(2021, 4, 28), "江阳区", "jy\u202e@example.cn" + "x" * 300)
    message = str(refused.value)
    assert "\u202e" not in message and message.startswith("江阳区的邮箱“jy@example.cn") and "…”格式不正确" in message
    assert len(message) < 120


def test_what_an_e_mail_says_of_itself_is_cleaned(tmp_path):
    msg = EmailMessage()
    msg["From"] = "合江县\u202e政务中心 <hj@example.cn>"
    msg["Subject"] = "月报\x07" + "很长" * 200
    msg.set_content("见附件")
    path = tmp_path / "来信.eml"
    path.write_bytes(bytes(msg))
    mail = read_eml(path).mail
    assert "\u202e" not in mail.sender and "\x07" not in mail.subject
    assert mail.sender.startswith("合江县政务中心") and len(mail.subject) == 200 and mail.subject.endswith("…")


def test_an_import_whose_receipt_note_is_refused_is_still_done(demo_db, tmp_path, capsys, monkeypatch):
    import desktop.services.receiving as receiving

    out = tmp_path / "导出"
    assert main(["export", "--db", str(demo_db), "--out", str(out)]) == 0
    target = tmp_path / "市 库.sqlite"
    capsys.readouterr()

    def busy(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(receiving, "record_received", busy)
    assert main(["import", "--db", str(target), str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("注意：导入已完成，但没能在收件情况中记下收到的材料（") and "另一个程序正在写入" in err
    store = open_store(target)
    try:
        assert store.counts()["towns"] > 0
    finally:
        store.close()


def test_a_month_that_cannot_be_written_takes_the_lists_with_it(demo_db, tmp_path, capsys, monkeypatch):
    """export --month: the 月报 workbook failed after the three lists were written, and the lists stayed
    in the folder, in no record."""
    import desktop.exchange.monthly.export as monthly_export
    from desktop.exchange.errors import ExportError

    store = open_store(demo_db)
    month = next(r for r in store.reports() if r.status == "checked").month
    store.close()

    def refused(*_a, **_k):
        raise ExportError("无法写入“月报.xlsx”（磁盘已满）")

    monkeypatch.setattr(monthly_export, "write_monthly_workbook", refused)
    out = tmp_path / "导出"
    assert main(["export", "--db", str(demo_db), "--out", str(out), "--month", month.iso]) == 2
    assert "磁盘已满" in capsys.readouterr().err
    assert list(out.iterdir()) == []
