"""Limits on typed or imported text: control characters refused, over-long text refused."""

from __future__ import annotations

from desktop.domain.names import clean_text, has_control_chars

# evaluators: 验收人员 of a site (several names, 、-separated); reason: 扣分原因 of one scored item
LIMITS = {"name": 40, "note": 200, "office": 60, "village": 40, "evaluators": 100, "reason": 200}


def check_text(value: str, label: str, kind: str = "name") -> str | None:
    """None when the text may be stored, else a Chinese message naming the field and the limit.

    ``label`` names the place, e.g. "附件1 合江县 白沙镇 备注". Text starting with = + - @ is
    allowed: it is stored as typed and always exported as text, never as a formula.
    """
    if has_control_chars(value):
        return f"{label}：含有不可见的控制字符，请删除后重新输入"
    limit = LIMITS[kind]
    text = clean_text(value)
    if len(text) > limit:
        return f"{label}：内容过长（{len(text)} 个字），最多 {limit} 个字，请精简"
    return None
