"""What a subordinate unit owes and by when (the notice's deadlines), and the board's cells (issue 19,
points 2 and 5)."""

from __future__ import annotations

from datetime import date

from desktop.domain.monthly.report import YearMonth
from desktop.domain.places.subordinates import Subordinate
from desktop.domain.places.units import Role
from desktop.domain.receiving.board import OVERDUE, RECEIVED, UPDATED, build_board, cell_status
from desktop.domain.receiving.due import document_kind, documents_owed, due_items
from desktop.domain.receiving.receipts import Receipt
from desktop.domain.submission import document_name, documents_status


def test_what_the_cities_owe_the_province_and_by_when():
    items = due_items(Role.PROVINCE, 2021, date(2021, 11, 3), 25, first_month=YearMonth(2021, 4))
    assert [(i.label, i.deadline) for i in items] == [
        ("名单（附件1–3）", date(2021, 3, 31)), ("专题调研报告", date(2021, 3, 31)), ("实施方案", date(2021, 3, 31)),
        ("申报省级试点情况", date(2021, 3, 31))] + [
        (f"2021年{m}月月报", date(2021, m, 25)) for m in range(4, 12)] + [("验收评分", date(2021, 12, 31))]
    assert [i.short for i in items][:4] == ["名单", "调研报告", "实施方案", "申报情况"]
    # a city's counties: two documents, the county day; no 验收评分 before October; the roster deadline set
    city = due_items(Role.CITY, 2021, date(2021, 5, 3), 20, roster_deadline=date(2021, 3, 25))
    assert [(i.key, i.deadline) for i in city] == [
        ("rosters", date(2021, 3, 25)), ("doc:research", date(2021, 3, 31)), ("doc:plan", date(2021, 3, 31)),
        ("month:2021-03", date(2021, 3, 20)), ("month:2021-04", date(2021, 4, 20)), ("month:2021-05", date(2021, 5, 20))]
    county = due_items(Role.COUNTY, 2021, date(2021, 12, 3), 15, first_month=YearMonth(2021, 11))
    assert [i.key for i in county] == ["rosters", "month:2021-11", "month:2021-12"]  # towns: no documents, no 验收
    assert documents_owed(Role.CITY) == ("research", "plan", "application") and documents_owed(Role.TOWN) == ()


def test_documents_are_known_by_their_names():
    assert [document_kind(n) for n in ("泸州市专题调研报告.docx", "实施方案（定稿）.pdf", "申报省级试点情况.wps",
                                       "调研.PDF", "情况说明.docx", "实施方案.xlsx")] == [
        "research", "plan", "application", "research", None, None]
    assert document_name("情况说明.docx", "application") == "情况说明（申报省级试点情况）.docx"
    assert document_name("实施方案.pdf", "plan") == "实施方案.pdf"
    sent = [("2021-03-30T10:00:00", {"documents": [{"kind": "plan", "name": "实施方案.pdf", "sha256": "x"}]})]
    assert documents_status(sent, ("research", "plan")) == [("专题调研报告", "未报送"), ("实施方案", "已报送（2021年3月30日）")]


def _receipt(content: str, part: str = "", at: str = "2021-04-19T10:00:00") -> Receipt:
    return Receipt("合江县", "510522", "合江县政务服务中心", "rosters", "a.zctb", "s", content, part=part, received_at=at)


def test_a_later_version_of_the_same_list_is_an_update_another_list_is_not():
    items = due_items(Role.CITY, 2021, date(2021, 4, 22), 20, first_month=YearMonth(2021, 4))
    rosters = items[0]
    assert cell_status(rosters, [_receipt("a", "1"), _receipt("b", "3")], date(2021, 4, 22)) == RECEIVED
    assert cell_status(rosters, [_receipt("a", "1"), _receipt("c", "1")], date(2021, 4, 22)) == UPDATED
    assert cell_status(rosters, [], date(2021, 4, 22)) == OVERDUE
    unit = Subordinate("510522", "合江县", Role.COUNTY)
    board = build_board([unit], items, [_receipt("a", "1", "2021-04-02T09:00:00")], [], date(2021, 4, 22))
    cell = board.cell(unit, rosters)
    assert cell.text() == "已收 4月2日" and cell.summary(date(2021, 4, 22)) == (
        "合江县 名单（附件1–3）：已收（2021年4月2日 09:00，文件“a.zctb”，晚于截止日期 2 天）")
    assert [c.item.label for c in board.to_remind(unit)] == ["专题调研报告", "实施方案", "2021年4月月报"]
