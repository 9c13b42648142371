"""Structured findings shared by every rule, the UI, the CLI and the tests."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from desktop.domain.model import Level


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a list, optionally one town row, a field, a village."""

    level: Level | None = None
    town_id: int | None = None
    field: str | None = None  # "city", "county", "town", "town_type", "villages", "note", "filled_on", "unit"
    village: str | None = None


@dataclass(frozen=True)
class Finding:
    severity: Severity
    location: Location
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def line(self) -> str:
        return f"{self.severity.label}\t{self.message}"


def error(location: Location, message: str) -> Finding:
    return Finding(Severity.ERROR, location, message)


def warning(location: Location, message: str) -> Finding:
    return Finding(Severity.WARNING, location, message)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)
