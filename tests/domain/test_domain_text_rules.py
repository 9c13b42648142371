import pytest

from desktop.domain.text_rules import LIMITS, check_text


@pytest.mark.parametrize("value, kind, message", [
    ("红旗村", "village", None),
    ("=SUM(A1)", "name", None),
    ("@白沙镇", "name", None),
    ("白沙\x07镇", "name", "附件1 合江县 乡镇（街道）：含有不可见的控制字符，请删除后重新输入"),
    ("长" * 41, "name", "附件1 合江县 乡镇（街道）：内容过长（41 个字），最多 40 个字，请精简"),
    ("  " + "长" * 40 + "\u3000", "name", None),
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
