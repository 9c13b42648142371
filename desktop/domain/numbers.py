"""Numbers someone wrote: one test of what counts as one."""

from __future__ import annotations

import math


def is_number(value: object) -> bool:
    """A finite int or float, never a bool (True is an int to Python, not a figure to an office)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)  # an int is always finite (10**400 is no float)
