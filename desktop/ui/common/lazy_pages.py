"""A mapping whose values are built on first access (the window's list pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LazyPages(dict, Generic[K, V]):
    """Pages by key; ``pages[key]`` builds a page not built yet. Iterating sees the built ones only."""

    def __init__(self, build: Callable[[K], V]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: K) -> V:
        page = self[key] = self._build(key)
        return page
