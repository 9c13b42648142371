import pytest

from desktop.domain.text_rules import LIMITS, TextError, check_text, fold_lines, text_problem, text_value


@pytest.mark.parametrize("value, kind, message", [
    ("红旗村", "village", None),
    ("=SUM(A1)", "name", None),
    ("@白沙镇", "name", None),
    ("白沙\x07镇", "name", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("长" * 41, "name", "附件1 合江县 乡镇（街道）：内容过长（41 个字），最多 40 个字，请精简"),
    ("  " + "长" * 40 + "\u3000", "name", None),
    # issue 18 point 5: what a crafted package held
    ("红旗\x00村\x1b[31m", "village", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("白沙\u202e镇\r\nBcc: x", "name", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("白沙镇\r\nBcc: x", "name", "附件1 合江县 乡镇（街道）：含有换行，请写在一行内"),
    ("白沙镇\u2028Bcc: x", "office", "附件1 合江县 乡镇（街道）：含有换行，请写在一行内"),
    ("白沙镇\x85", "name", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("白沙镇\u2066", "name", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("白沙镇\r\n", "name", None),  # a pasted line's end
    ("村" * 100, "village", "附件1 合江县 乡镇（街道）：内容过长（100 个字），最多 40 个字，请精简"),
    ("第一段\n第二段", "section", None),
    # a 村（社区） name holding what separates or numbers names in a 村（社区） cell would come back as two
    ("红旗村、新华村", "village",
     "附件1 合江县 乡镇（街道）：含有“、”（名单中用来分隔或编号几个村（社区）），一个名称只写一个村（社区），几个请分别添加"),
    ("三组／四组村", "village",
     "附件1 合江县 乡镇（街道）：含有“／”（名单中用来分隔或编号几个村（社区）），一个名称只写一个村（社区），几个请分别添加"),
    ("①号村", "village",
     "附件1 合江县 乡镇（街道）：含有“①”（名单中用来分隔或编号几个村（社区）），一个名称只写一个村（社区），几个请分别添加"),
    ("1.红旗村", "village",
     "附件1 合江县 乡镇（街道）：含有“1.”（名单中用来分隔或编号几个村（社区）），一个名称只写一个村（社区），几个请分别添加"),
    ("1号村", "village", None),
    ("红旗村、新华村", "note", None),
    ("第一段\x0b第二段", "section", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
])
def test_check_text(value, kind, message):
    assert check_text(value, "附件1 合江县 乡镇（街道）", kind) == message


def test_note_limit_is_stated():
    assert f"最多 {LIMITS['note']} 个字" in check_text("字" * 500, "备注", "note")


@pytest.mark.parametrize("kind, limit", [("evaluators", 100), ("reason", 200)])
def test_evaluation_text_limits(kind, limit):
    assert check_text("字" * limit, "验收人员", kind) is None
    assert check_text("字" * (limit + 1), "验收人员", kind) == \
        f"验收人员：内容过长（{limit + 1} 个字），最多 {limit} 个字，请精简"


def test_a_section_counts_its_characters_without_white_space():
    limit = LIMITS["section"]
    assert text_problem(("字" * 100 + "\n\n") * (limit // 100), "section") is None
    assert text_problem("字" * (limit + 1), "section").what == f"内容过长（{limit + 1} 个字），最多 {limit} 个字"


def test_text_value_cleans_what_it_accepts_and_raises_with_the_message():
    assert text_value("  白沙 　镇 ", "乡镇（街道）") == "白沙 镇"
    assert text_value("　　第一段\r\n第二段\r第三段", "工作开展情况", "section") == "　　第一段\n第二段\n第三段"
    with pytest.raises(TextError, match="^单位名称：含有换行，请写在一行内$"):
        text_value("九支镇便民服务中心\r\nBcc: x", "单位名称", "office")


def test_fold_lines():
    assert fold_lines("福集\n镇\r\n") == "福集 镇  "
