"""Import what arrives by e-mail and the 收件情况 board of the city (issue 19, points 1–3): a folder of
e-mails in one reading, the source naming the e-mail, what came from whom kept (and not twice), the
address learned from the From, documents noted, an update after receipt shown, 催报 drafts written and
recorded; a bomb inside an attachment refused by the package guard."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes, policy

import pytest
from corpus.tamper import rezip
from helpers import county_mail

from desktop.domain.receiving.board import NOT_RECEIVED, OVERDUE, RECEIVED, UPDATED
from desktop.exchange.eml import build_eml
from desktop.exchange.package import archive as pkg
from desktop.services import importing
from desktop.services.common import NothingToDo, ServiceError
from desktop.services.receiving import receiving, record_received, remind, set_address

TODAY = date(2021, 5, 22)


def _import(store, gaz, *paths):
    files = importing.expand_folders(list(paths))
    reading = importing.read_files(files.paths, gaz)
    preview = importing.preview(store.local_state(), reading, gaz)
    importing.apply(store, preview)
    return reading, preview, record_received(store, reading, gaz)


def test_a_folder_of_e_mails_is_read_at_once_and_the_source_names_each_e_mail(city, gaz, folder):
    county_mail(folder, gaz, "合江县", documents=(("合江县实施方案.docx", b"docx"), ("照片.jpg", b"jpg")))
    county_mail(folder, gaz, "泸县")
    files = importing.expand_folders([folder])
    assert [p.name for p in files.paths] == ["合江县 报送 邮件.eml", "泸县 报送 邮件.eml"]
    reading = importing.read_files(files.paths, gaz)
    assert [i.source.file for i in reading.incoming] == ["交换包-合江县政务服务中心.zctb", "交换包-泸县政务服务中心.zctb"]
    mail = reading.incoming[0].source.mail
    assert mail.address == "510522@example.gov.cn" and mail.file == "合江县 报送 邮件.eml"
    assert reading.incoming[0].source.label.startswith(
        "交换包“交换包-合江县政务服务中心.zctb”（合江县政务服务中心），来自邮件“合江县政务服务中心报送2021年4月镇村便民服务")
    assert "（发件人 合江县政务服务中心 <510522@example.gov.cn>，" in reading.incoming[0].source.label
    assert [(d.kind, d.name) for d in reading.documents] == [("plan", "合江县实施方案.docx")]
    assert "邮件“合江县 报送 邮件.eml”的附件“照片.jpg”不是交换包、工作簿或材料，没有导入" in reading.messages
    preview = importing.preview(city.local_state(), reading, gaz)
    assert len(preview.reports) == 2 and preview.counts()["add"] == 4


def test_what_came_is_kept_once_with_the_e_mail_and_the_address_is_learned(city, gaz, folder):
    county_mail(folder, gaz, "合江县", documents=(("合江县实施方案.docx", b"docx"),))
    _reading, _preview, added = _import(city, gaz, folder)
    receipts = city.receipts()
    assert added == 3 and {(r.region, r.item, r.part) for r in receipts} == {
        ("合江县", "rosters", "3"), ("合江县", "month:2021-04", ""), ("合江县", "doc:plan", "")}
    assert all(r.mail.subject.startswith("合江县政务服务中心报送") for r in receipts)
    assert city.contacts()["510522"][0] == "510522@example.gov.cn"
    assert _import(city, gaz, folder)[2] == 0 and len(city.receipts()) == 3  # the same e-mail again: nothing new
    # a typed address is never replaced by a learned one
    set_address(city, gaz, TODAY, "合江县", "hjzw@hj.gov.cn")
    _import(city, gaz, folder)
    assert city.contacts()["510522"] == ("hjzw@hj.gov.cn", "")
    with pytest.raises(ServiceError, match="合江县的邮箱“不是地址”格式不正确"):
        set_address(city, gaz, TODAY, "合江县", "不是地址")
    with pytest.raises(ServiceError, match="“成都市”不是本单位下属的县（市、区），请写其中之一：江阳区、纳溪区"):
        set_address(city, gaz, TODAY, "成都市", "a@b.cn")


def test_the_board_of_the_city(city, gaz, folder):
    county_mail(folder / "四月", gaz, "合江县")
    county_mail(folder / "四月", gaz, "泸县")
    _import(city, gaz, folder / "四月")
    county_mail(folder / "更新", gaz, "泸县", received=950, made_at=datetime(2021, 4, 22, 9))  # 泸县 corrects April
    _import(city, gaz, folder / "更新")
    view = receiving(city, gaz, TODAY, 2021)
    assert [u.name for u in view.board.units] == ["江阳区", "纳溪区", "龙马潭区", "泸县", "合江县", "叙永县", "古蔺县"]
    assert [i.label for i in view.board.items] == ["名单（附件1–3）", "专题调研报告", "实施方案", "2021年4月月报",
                                                  "2021年5月月报"]
    assert [i.deadline for i in view.board.items] == [date(2021, 3, 31)] * 3 + [date(2021, 4, 20), date(2021, 5, 20)]
    status = {(u.name, c.item.key): c.status for u in view.board.units for c in view.board.row(u)}
    assert status[("合江县", "rosters")] == RECEIVED and status[("合江县", "month:2021-04")] == RECEIVED
    assert status[("泸县", "month:2021-04")] == UPDATED and status[("泸县", "rosters")] == RECEIVED
    assert status[("合江县", "doc:plan")] == OVERDUE and status[("合江县", "month:2021-05")] == OVERDUE
    assert status[("叙永县", "month:2021-04")] == OVERDUE
    assert receiving(city, gaz, date(2021, 5, 20), 2021).board.cells[("510522", "month:2021-05")].status == NOT_RECEIVED
    cell = view.board.cells[("510521", "month:2021-04")]
    detail = cell.detail(TODAY)
    assert detail[0].startswith("泸县 2021年4月月报：收到后对方又更新（") and "，来自邮件“泸县政务服务中心报送" in detail[0]
    assert detail[1:3] == ["截止日期：2021年4月20日", "收到后对方又发来不同的版本：以最后收到的为准，如已汇总请重新汇总"]
    assert " 导入 文件“交换包-泸县政务服务中心.zctb”，来自邮件“泸县政务服务中心报送2021年4月" in detail[3]
    assert detail[4].endswith(f"（发件人 泸县政务服务中心 <510521@example.gov.cn>，2021年4月22日 09:00）；SHA-256 "
                              f"{cell.receipts[1].sha256}")
    assert cell.text() == "又更新 4月22日"
    assert f"SHA-256 {cell.receipts[0].sha256}" in cell.detail(TODAY)[3] and len(cell.receipts) == 2


def test_remind_writes_one_draft_per_late_unit_and_the_board_shows_it(city, gaz, folder):
    _import(city, gaz, county_mail(folder, gaz, "合江县"))
    set_address(city, gaz, TODAY, "叙永县", "xyzw@xy.gov.cn")
    drafts = remind(city, gaz, folder / "催报 草稿", TODAY, ["叙永县", "合江县"])
    assert [d.unit.name for d in drafts] == ["叙永县", "合江县"]
    xuyong = message_from_bytes(drafts[0].path.read_bytes(), policy=policy.default)
    assert xuyong["X-Unsent"] == "1" and xuyong["To"] == "xyzw@xy.gov.cn"
    assert xuyong["Subject"] == "泸州市政务服务管理局催报：请叙永县报送名单（附件1–3）等 5 项材料"
    body = xuyong.get_body(("plain",)).get_content()
    assert body.splitlines()[:8] == [
        "叙永县：", "", "截至2021年5月22日，我单位尚未收到贵单位报送的以下材料：",
        "1. 名单（附件1–3）（截止 2021年3月31日，已逾期 52 天）",
        "2. 专题调研报告（截止 2021年3月31日，已逾期 52 天）",
        "3. 实施方案（截止 2021年3月31日，已逾期 52 天）",
        "4. 2021年4月月报（截止 2021年4月20日，已逾期 32 天）",
        "5. 2021年5月月报（截止 2021年5月20日，已逾期 2 天）"]
    hejiang = message_from_bytes(drafts[1].path.read_bytes(), policy=policy.default)
    assert hejiang["To"] == "510522@example.gov.cn"  # learned from its e-mail
    assert "1. 专题调研报告" in hejiang.get_body(("plain",)).get_content()
    assert "名单" not in hejiang.get_body(("plain",)).get_content()  # received
    (first, second) = city.reminders()
    assert (first.region, first.address, first.file) == ("叙永县", "xyzw@xy.gov.cn", drafts[0].path.name)
    view = receiving(city, gaz, TODAY, 2021)
    cell = view.board.cells[("510524", "month:2021-04")]
    assert cell.text() == "逾期·已催报" and cell.detail(TODAY)[-1].startswith("已催报：")
    # nobody late within a week: nothing to write
    everything = receiving(city, gaz, date(2021, 3, 1), 2021)
    assert everything.board.units_to_remind() == []
    with pytest.raises(NothingToDo, match="没有需要催报的县（市、区）"):
        remind(city, gaz, folder / "空", date(2021, 3, 1), year=2021)


def test_a_unit_without_subordinates_is_told_so(store, gaz):
    with pytest.raises(NothingToDo, match="尚未设置填报单位"):
        receiving(store, gaz, TODAY)
    from desktop.domain.model import ReportingUnit, Settings

    store.save_settings(Settings(ReportingUnit("510522", "合江县", "合江县政务服务中心")))
    with pytest.raises(NothingToDo, match="合江县政务服务中心还没有乡镇（街道）的交换包或名单"):
        receiving(store, gaz, TODAY)


def test_a_bomb_inside_an_attachment_is_refused_by_the_package_guard(city, gaz, folder):
    good = county_mail(folder / "好", gaz, "合江县")
    from desktop.exchange.eml_reader import read_eml

    (attachment,) = read_eml(good).attachments
    package = folder / "原.zctb"
    package.write_bytes(attachment.data)
    bomb = rezip(package, folder / "炸弹.zctb", payload_json=b" " * (pkg.MAX_PAYLOAD_BYTES + 1))
    mail = folder / "炸弹 邮件.eml"
    mail.write_bytes(build_eml("sz@lz.gov.cn", "合江县报送", "", [("炸弹.zctb", bomb.read_bytes())], sender="a@b.cn"))
    with pytest.raises(ServiceError, match="交换包“炸弹.zctb”中的 payload.json 解压后超过 32768 KB"):
        importing.read_files([mail], gaz)
    assert city.receipts() == []
