"""The one check of every text value, typed or imported: control characters (and the invisible
direction overrides) refused, a line break refused in a one-line field, over-long text refused.

Typing (the window's fields), the command line (``settings``) and every importer (workbooks,
monthly report workbooks, exchange packages, 四个一 records) call ``text_problem`` (or its two
wrappers ``check_text`` and ``text_value``) with the value's kind, so a value that typing refuses
is refused from any file too. An importer of hand-made workbooks may first fold a cell's line
breaks (Alt+Enter wraps the cell's text) into spaces; a package is checked as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.names import clean_text, has_control_chars

# The longest text of each kind of value, in characters (a 月报 narrative section: not counting white space).
# name: 市、县、乡镇、乡镇类型; note: a town's 备注; office: the 单位名称 of the settings; village: one 村（社区）;
# evaluators: 验收人员 of a site (several names, 、-separated); reason: 扣分原因 of one scored item;
# unit: a unit's written name (region and office: a package's maker, a 月报's 填报单位); person: 填报人, 审核人;
# phone: 联系电话; explanation: the 说明 of a 月报 warning; event_note: a 四个一 record's 备注;
# section: a 月报 narrative section; address: an e-mail address (RFC 5321: 254); mail: what an e-mail someone
# sent says of itself (subject, sender, an attachment's name), as kept in the 收件情况
LIMITS = {"name": 40, "note": 200, "office": 60, "village": 40, "evaluators": 100, "reason": 200,
          "unit": 80, "person": 40, "phone": 40, "explanation": 200, "event_note": 200, "section": 20000,
          "address": 254, "mail": 200}
MULTILINE = frozenset({"section"})  # kinds whose text may hold line breaks

_LINE_BREAK = re.compile("[\r\n\u2028\u2029]")
# Inside one 村（社区） name, what a 村（社区） cell separates or numbers its names with (names.split_villages,
# the roster reader's numbering rule): the name would come back from an exported workbook as two, or cut
_VILLAGE_BREAK = re.compile(r"[、，,；;／/\u2460-\u2473\u2776-\u277f]|^\s*(?:[（(]\d{1,3}[）)]|\d{1,3}\s*[.．、）)](?!\d))")


@dataclass(frozen=True)
class TextProblem:
    """Why a text cannot be stored: ``reason`` is "control", "line", "village" or "long"; ``what`` says what is
    wrong, ``fix`` what to do when typing (an importer says what to do with its file instead)."""

    reason: str
    what: str
    fix: str

    def message(self, label: str) -> str:
        return f"{label}：{self.what}，{self.fix}"


class TextError(ValueError):
    """A text that cannot be stored; the message names the field and the limit."""


def text_length(value: str, kind: str) -> int:
    """The length counted against the kind's limit: characters of the cleaned one-line text, or of a
    narrative section without its white space (字数 as offices count it)."""
    if kind in MULTILINE:
        return sum(1 for ch in value if not ch.isspace())
    return len(clean_text(value))


def text_problem(value: str, kind: str = "name") -> TextProblem | None:
    """None when ``value`` may be stored as a ``kind`` (a key of LIMITS), else what is wrong.

    Text starting with = + - @ is allowed: it is stored as typed and always exported as text, never
    as a formula. Leading and trailing white space (a pasted line's end included) does not count."""
    if has_control_chars(value):
        return TextProblem("control", "含有不可见的控制字符", "请删除后重新输入")
    if kind not in MULTILINE and _LINE_BREAK.search(value.strip()):
        return TextProblem("line", "含有换行", "请写在一行内")
    if kind == "village" and (found := _VILLAGE_BREAK.search(value)) is not None:
        return TextProblem("village", f"含有“{found.group().strip()}”（名单中用来分隔或编号几个村（社区））",
                           "一个名称只写一个村（社区），几个请分别添加")
    limit = LIMITS[kind]
    if len(value) <= limit:  # what is counted is never longer than the text itself
        return None
    length = text_length(value, kind)
    if length > limit:
        return TextProblem("long", f"内容过长（{length} 个字），最多 {limit} 个字", "请精简")
    return None


def check_text(value: str, label: str, kind: str = "name") -> str | None:
    """None when the text may be stored, else a Chinese message naming the field and the limit.

    ``label`` names the place, e.g. "附件1 合江县 白沙镇 备注"."""
    problem = text_problem(value, kind)
    return problem.message(label) if problem is not None else None


def text_value(value: str, label: str, kind: str = "name") -> str:
    """The text to store (cleaned as typing cleans it); TextError with ``check_text``'s message."""
    problem = text_problem(value, kind)
    if problem is not None:
        raise TextError(problem.message(label))
    return stored_text(value, kind)


def stored_text(value: str, kind: str) -> str:
    """A text ``text_problem`` accepted, as it is stored (cleaned as typing cleans it)."""
    if kind in MULTILINE:  # as written: its line breaks as \n
        return _LINE_BREAK.sub("\n", value.replace("\r\n", "\n"))
    return clean_text(value)


def fold_lines(value: str) -> str:
    """A workbook cell's text with its line breaks as spaces (the cell was wrapped with Alt+Enter)."""
    return _LINE_BREAK.sub(" ", value)
