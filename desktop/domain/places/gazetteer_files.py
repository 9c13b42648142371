"""Reading the gazetteer's files (resources/gazetteer/*.csv): the pinyin rows, one town's block of a
code-sorted file found by bisecting it, a whole file's bytes."""

from __future__ import annotations

from pathlib import Path


def parse_pinyin(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """``code,full,initials[,short]`` rows by code (villages carry their short name)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in lines:
        parts = line.split(",")
        if len(parts) >= 3:
            out[parts[0]] = tuple(parts[1:4])
    return out


def file_block(path: Path, prefix: str, start: int) -> list[str]:
    """The lines of a file whose lines from byte ``start`` on are sorted by code, whose code starts
    with ``prefix``: found by bisecting the file, reading a few kilobytes instead of megabytes."""
    key = prefix.encode("ascii")
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)

        def line_from(pos: int) -> tuple[int, bytes]:
            """The first line starting at or after ``pos`` (``pos`` >= ``start``), and where it starts."""
            if pos > start:
                fh.seek(pos - 1)
                fh.readline()  # the rest of the line holding pos - 1
            else:
                fh.seek(start)
            at = fh.tell()
            return at, fh.readline()

        low, high = start, size
        while low < high:  # the first position whose line is not below the key
            mid = (low + high) // 2
            at, line = line_from(mid)
            if not line or line[:len(key)] >= key:
                high = mid
            else:
                low = at + 1
        at, line = line_from(low)
        rows = []
        while line.startswith(key):
            rows.append(line.decode("utf-8").rstrip("\r\n"))
            line = fh.readline()
        return rows


def file_bytes(path: Path) -> bytes:
    """A file's bytes (not memory-mapped: a dropped network share, where offices sometimes keep
    programs, would turn the next lookup into a hard crash)."""
    return path.read_bytes() if path.exists() else b""
