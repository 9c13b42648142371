"""联系电话: an 11-digit mobile number or a landline with its area code, optional extension."""

from __future__ import annotations

import re

from desktop.domain.names import clean_text

# 13812345678, +86 138 1234 5678
_MOBILE = re.compile(r"^(?:\+?86-?)?1[3-9]\d{9}$")
# 0830-1234567, (0830)1234567, 083012345678, 028-87654321; extension -123 / 转123 / 分机123
_LANDLINE = re.compile(r"^(?:0\d{2,3}-?|\(0\d{2,3}\)-?)[1-9]\d{6,7}(?:(?:-|转|分机|ext\.?)\d{1,6})?$", re.IGNORECASE)


def normalize_phone(text: object) -> str:
    """Half-width digits, （）→(), spaces and the dash look-alikes folded; '' for None."""
    value = clean_text(text)
    value = value.translate(str.maketrans({"（": "(", "）": ")", "－": "-", "—": "-", "–": "-", "＋": "+"}))
    return re.sub(r"\s+", "", value)


def is_valid_phone(text: object) -> bool:
    """A mobile number 1[3-9]xxxxxxxxx or an area-code landline, with an optional extension.

    Several numbers in one cell (separated by 、 , ; /) are valid when each one is.
    """
    value = normalize_phone(text)
    if not value:
        return False
    return all(_MOBILE.match(p) or _LANDLINE.match(p) for p in re.split(r"[、,，;；/]", value))
