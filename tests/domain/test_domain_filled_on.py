"""A list's 填报时间 as the command line takes it (desktop.domain.roster.filled_on): full-width digits and
＝ as a Chinese input method types them, spaces around, clearing with nothing after =."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import Level
from desktop.domain.roster.filled_on import parse_filled_on


@pytest.mark.parametrize("text, level, day", [
    ("附件1=2021-03-26", Level.PROVINCIAL, date(2021, 3, 26)),
    ("附件１＝2021-03-26", Level.PROVINCIAL, date(2021, 3, 26)),
    (" 附件 3 = 2021年3月27日 ", Level.COUNTY, date(2021, 3, 27)),
    ("市级试点=２０２１-３-２６", Level.CITY, date(2021, 3, 26)),
    ("附件2=", Level.CITY, None),
    ("附件１＝２０２１－０３－２６", Level.PROVINCIAL, date(2021, 3, 26)),
    ("附件1=2021．3．26", Level.PROVINCIAL, date(2021, 3, 26)),
])
def test_a_list_and_its_day(text, level, day):
    assert parse_filled_on(text) == (level, day)


def test_a_day_that_is_none_says_why():
    with pytest.raises(ValueError) as exc:
        parse_filled_on("附件1=2021.2.30")
    assert str(exc.value) == "附件1填报时间“2021.2.30”中 2 月没有 30 日，请写成 2021-03-26 或 2021年3月26日"


def test_a_list_that_is_not_one_is_named():
    with pytest.raises(ValueError) as exc:
        parse_filled_on("附件４=2021-03-26")
    assert str(exc.value).startswith("“附件４=2021-03-26”没有写明是哪个名单：请写成 附件名=日期")
