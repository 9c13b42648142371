"""One place of the gazetteer (desktop.domain.places.gazetteer)."""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):
    """One place of the gazetteer (immutable). A named tuple: 37,727 of them are made, and a tuple
    is made several times faster than a frozen dataclass."""

    kind: str  # city / county / town / village
    code: str
    name: str  # display name (villages: short name without committee suffix)
    parent_code: str | None
    official: str  # name exactly as in the gazetteer
    full_pinyin: str = ""
    initials: str = ""

    def matches(self, query: str) -> int:
        """0 = no match; higher = better (prefix beats substring, name beats pinyin)."""
        if not query:
            return 1
        if query in self.name:
            return 6 if self.name.startswith(query) else 5
        if query.isascii():
            q = query.lower().replace(" ", "").replace("'", "")
            if self.initials.startswith(q) or self.full_pinyin.startswith(q):
                return 4
            if q in self.initials or q in self.full_pinyin:
                return 3
        return 0
