"""汇总 of the narrative parts: one paragraph per unit; a whole over the section limit (21 cities' long
texts) leaves the last units out whole, names them in a closing line, and can always be stored."""

from __future__ import annotations

from desktop.domain.monthly.compile import compile_texts, sum_reports
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.text_rules import LIMITS, text_problem

APR = YearMonth(2021, 4)


def reports(sizes: list[int]) -> list[MonthlyReport]:
    return [MonthlyReport(f"第{i + 1}县", APR, texts={"problems": "难" * n}) for i, n in enumerate(sizes)]


def test_texts_within_the_limit_are_joined_whole(ind) -> None:
    texts, left_out = compile_texts(reports([3, 0, 2]), ind)
    assert texts == {"problems": "第1县：难难难\n第3县：难难"} and left_out == {}


def test_a_whole_over_the_limit_leaves_the_last_units_out_and_says_so(ind) -> None:
    limit = LIMITS["section"]
    sizes = [limit // 3] * 4  # 4/3 of the limit
    texts, left_out = compile_texts(reports(sizes), ind)
    assert left_out == {"problems": ["第3县", "第4县"]}
    text = texts["problems"]
    assert text.startswith(f"第1县：{'难' * (limit // 3)}\n第2县：")
    assert text.endswith(f"（第3县、第4县的这部分文字因合计超过 {limit} 字未汇入，请查看其月报后自行整理）")
    assert text_problem(text, "section") is None, "the compiled text can be stored"
    assert sum_reports("泸州市", APR, reports(sizes), ind).texts["problems"] == text


def test_one_unit_at_the_limit_is_named_not_cut(ind) -> None:
    limit = LIMITS["section"]
    texts, left_out = compile_texts(reports([limit]), ind)
    assert left_out == {"problems": ["第1县"]} and "难" not in texts["problems"]
    assert text_problem(texts["problems"], "section") is None
