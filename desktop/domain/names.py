"""Text normalisation and place-name keys used for matching typed or imported names."""

from __future__ import annotations

import re
from functools import lru_cache

# Committee suffixes, longest first. Each maps to the short kind word kept in the display name.
_VILLAGE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("社区居民委员会", "社区"),
    ("社区居民居委会", "社区"),
    ("社区居民委员", "社区"),
    ("社区居委会", "社区"),
    ("社区委员会", "社区"),
    ("村村民委员会", "村"),
    ("村村委员会", "村"),
    ("村民委员会", "村"),
    ("村村委会", "村"),
    ("村委员会", "村"),
    ("村委会", "村"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
)

_SUFFIX_ENDINGS = tuple({suffix[-1] for suffix, _ in _VILLAGE_SUFFIXES})

# C0 and C1 control characters (not tab and line breaks: white space) and the invisible marks that
# change the direction of the text around them (U+202E shows 镇白沙 for 白沙镇)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


_FOLD = {0x3000: " ", 0x00A0: " "}
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})  # ０-９
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ


_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def _fold(text: str) -> str:
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def clean_text(value: object) -> str:
    """Normalise a typed or imported cell: full-width digits, letters and spaces to half-width,
    surrounding white space stripped, inner runs of white space folded to one space.

    Chinese punctuation such as （） and 、 is kept as it is (NFKC would turn （ into ()).
    """
    if value is None:
        return ""
    text = str(value)
    if text.isalnum() and not _NEEDS_FOLD.search(text):  # the usual name, 成都市: nothing to fold or strip
        return text
    return _SPACES.sub(" ", _fold(text)).strip()


def has_control_chars(value: str) -> bool:
    return bool(_CONTROL.search(value))


def without_control_chars(value: str) -> str:
    """The text with control characters and invisible direction marks taken out."""
    return _CONTROL.sub("", value)


def shown_text(value: str, limit: int) -> str:
    """Text someone else wrote (an e-mail's subject or sender, an address refused) as it is kept and
    shown, not refused: control characters and invisible direction marks taken out, white space folded,
    at most ``limit`` characters (the last one … when cut)."""
    text = clean_text(without_control_chars(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compact(value: object) -> str:
    """A name with every kind of white space removed (names never contain spaces)."""
    if value is None:
        return ""
    text = str(value)
    if text.isalnum() and not _NEEDS_FOLD.search(text):  # the usual case, 红旗村: nothing to remove or fold
        return text
    return _SPACES.sub("", _fold(text))


@lru_cache(maxsize=65536)
def village_short_name(official: str) -> str:
    """红旗村村民委员会 → 红旗村, 锦城社区居委会 → 锦城社区, 丹桂居民委员会 → 丹桂社区, and a 社区 that is
    a 村委会 keeps its name as offices write it: 永寿社区村民委员会 → 永寿社区 (never 永寿社区村)."""
    name = compact(official)
    if not name.endswith(_SUFFIX_ENDINGS):  # already short (红旗村): most names typed or imported
        return name
    for suffix, kind in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            core = name[: -len(suffix)]
            if core.endswith(kind) or (kind == "村" and core.endswith("社区")):
                return core
            return core + kind
    return name


def committee_kind(name: str) -> str | None:
    """村委会 or 居委会 when a full name says which committee it is (五道河社区村民委员会 → 村委会)."""
    text = compact(name)
    if text.endswith(("村民委员会", "村委会", "村委员会")):
        return "村委会"
    if text.endswith(("居民委员会", "居委会", "居民居委会", "居民委员", "社区委员会")):
        return "居委会"
    return None


def legacy_short_name(official: str) -> str:
    """The short name older versions stored for a 社区 that is a 村委会 (永寿社区村), still recognised."""
    name = compact(official)
    for suffix, kind in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            core = name[: -len(suffix)]
            return core if core.endswith(kind) else core + kind
    return name


def town_short_names(officials: list[str]) -> list[str]:
    """The short names of one town's villages, unique within the town: two that read the same once
    shortened (五道河社区居民委员会, 五道河社区村民委员会) are told apart by their committee:
    五道河社区（居委会）, 五道河社区（村委会）."""
    shorts = [village_short_name(o) for o in officials]
    seen: dict[str, int] = {}
    for s in shorts:
        seen[s] = seen.get(s, 0) + 1
    out = []
    for official, short in zip(officials, shorts, strict=True):
        kind = committee_kind(official) if seen[short] > 1 else None
        out.append(f"{short}（{kind}）" if kind else short)
    return out


@lru_cache(maxsize=65536)
def village_key(name: str) -> str:
    """Matching key: the short name without its trailing 村/社区 (红旗村委会, 红旗村, 红旗 → 红旗)."""
    short = village_short_name(name)
    for kind in ("社区", "村"):
        if short.endswith(kind) and len(short) > len(kind):
            return short[: -len(kind)]
    return short




_VILLAGE_SEPARATORS = re.compile(r"[、，,；;／/\n\r\t]+|\s+")
_KIND_WORDS = ("村", "社区", "居委会", "村委会", "村民委员会", "居民委员会", "社区居委会", "社区居民委员会")


def split_villages(cell: str, *, cleaned: bool = False) -> list[str]:
    """Split a 村（社区） cell: separators 、，,；; / line breaks and spaces.

    A stray space before a kind word is not a separator: "木广 社区" is one name, 木广社区.
    ``cleaned``: the cell has been through ``clean_text_keep_lines`` already (doing it again changes nothing).
    """
    # clean_text folded each line and left single spaces only, which the split takes out: every part
    # is compact already
    parts = _VILLAGE_SEPARATORS.split(cell if cleaned else clean_text_keep_lines(cell))
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and (part in _KIND_WORDS or part.startswith(("（", "("))):
            out[-1] += part
        else:
            out.append(part)
    return out


def clean_text_keep_lines(value: object) -> str:
    if value is None:
        return ""
    return "\n".join(clean_text(line) for line in str(value).splitlines())


_PLACE_WORDS = ("街道办事处", "社区居民委员会", "居民委员会", "村民委员会", "社区居委会", "居委会", "村委会",
                "街道", "社区", "自治州", "自治县", "村", "镇", "乡", "县", "区", "市", "州")


def name_core(name: str) -> str:
    """The meaningful part of a place name, without its kind word: 天堂坝村 → 天堂坝, 榕山社区 → 榕山,
    福集镇 → 福集, 合江县 → 合江 (one word, the longest that fits; a name that is only a kind word stays)."""
    text = compact(name)
    for word in sorted(_PLACE_WORDS, key=len, reverse=True):
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)]
    return text


def close_enough(typed: str, official: str) -> float:
    """How close a typed name is to an official one: the characters the two meaningful parts (the
    names without 村/社区/镇…) have in common, in order, over the longer part's length (0.0–1.0).
    0 when they share nothing meaningful (三江村 and 穆村 share only 村); 天堂坝村 and 皇城坝村
    share a third (坝). A one-click correction needs at least CLOSE_ENOUGH."""
    import difflib

    a, b = name_core(typed), name_core(official)
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common / max(len(a), len(b))


def name_similarity(typed: str, official: str) -> float:
    """The whole names' likeness (difflib ratio): orders candidates that are equally close."""
    import difflib

    return difflib.SequenceMatcher(None, compact(typed), compact(official), autojunk=False).ratio()


CLOSE_ENOUGH = 0.5


def village_aliases(name: str, official: str) -> tuple[str, str, str, str]:
    """The names a gazetteer village (shown ``name``, ``official`` name) is found by: shown name, official
    name, short name and the short name older versions stored — (name, compact(official),
    village_short_name(official), legacy_short_name(official)), read off what the gazetteer holds instead of computed for
    all 34,412 villages at every import (official names are compact, a shown name is the short name
    with （村委会）/（居委会） added only where two villages share it, and the older short name
    differs only for a 社区: tests/domain check all three for every village)."""
    short = name[: name.index("（")] if name.endswith("）") and "（" in name else name
    legacy = legacy_short_name(official) if short.endswith("社区") else short
    return name, official, short, legacy


def shown_name_key(name: str) -> str:
    """``village_key`` of a shown village name of the gazetteer (already short and compact): the name
    without its trailing 村/社区 — the same key, without the normalising a typed name needs."""
    for kind in ("社区", "村"):
        if name.endswith(kind) and len(name) > len(kind):
            return name[: -len(kind)]
    return name
