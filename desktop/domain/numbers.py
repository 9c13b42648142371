"""Numbers someone wrote: one test of what counts as one."""

from __future__ import annotations

import math


def is_number(value: object) -> bool:
    """A finite int or float, never a bool (True is an int to Python, not a figure to an office)."""
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
