"""Where a record came from: the office and exchange package (or workbook) it was imported from,
and a hash of its content as imported (the base of the three-way merge of a newer package)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from desktop.domain.dates import format_moment
from desktop.domain.model import TownEntry
from desktop.domain.monthly.report import MonthlyReport


@dataclass(frozen=True)
class Provenance:
    """One town record's provenance, as the store keeps it (``town_id``/``imported_at`` set by the store)."""

    office: str  # the office that sent it to us (交换包的制作单位, or the workbook's 填报单位)
    origin: str  # the office where the record was first entered (a county package carries its towns' origin)
    source: str  # file name of the package or workbook
    base_hash: str  # town_hash() of the record as last imported
    package_id: str | None = None  # None for a workbook
    made_at: str | None = None  # when the package was made (ISO seconds)
    imported_at: str = ""
    town_id: int | None = None
    modified: bool = False  # edited here since it was imported (set by the store when read)

    @property
    def from_package(self) -> bool:
        return self.package_id is not None

    def describe(self) -> str:
        """One line for the town form: 来自 X 的交换包（… 制作，… 导入）；本地已修改."""
        what = "交换包" if self.from_package else "工作簿"
        who = self.office or "未注明单位"
        when = [f"{format_moment(self.made_at)} 制作"] if self.made_at else []
        when.append(f"{format_moment(self.imported_at)} 导入")
        text = f"来自{who}的{what}“{self.source}”（{'，'.join(when)}）"
        if self.origin and self.origin != self.office:
            text += f"，原始填报单位：{self.origin}"
        if self.modified:
            text += "；导入后本地已修改"
        return text

    def same_stamp(self, other: Provenance) -> bool:
        """Equal apart from when it was imported (re-importing the same package changes nothing)."""
        return (self.office, self.origin, self.source, self.base_hash, self.package_id, self.made_at) == (
            other.office, other.origin, other.source, other.base_hash, other.package_id, other.made_at)


@dataclass(frozen=True)
class PackageRecord:
    """An exchange package that was imported (kept so a second import of it is recognised)."""

    package_id: str
    office: str
    made_at: str
    app_version: str = ""
    scope: str = ""
    file_name: str = ""
    sha256: str = ""
    imported_at: str = ""
    towns: int = 0
    reports: int = 0


def _code(value: str | None) -> str | None:
    return value or None


def town_content(entry: TownEntry) -> dict:
    """The content of a town record that two offices must agree on (no ids, no position)."""
    return {
        "level": entry.level.value,
        "city": entry.city, "city_code": _code(entry.city_code),
        "county": entry.county, "county_code": _code(entry.county_code),
        "town": entry.town, "town_code": _code(entry.town_code),
        "town_type": entry.town_type, "note": entry.note,
        "villages": [[v.name, _code(v.code)] for v in entry.villages],
    }


# as json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), the encoder made once
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def digest(data: object) -> str:
    """SHA-256 of ``data`` as canonical JSON (keys sorted): equal content, equal digest."""
    return hashlib.sha256(_canonical(data).encode("utf-8")).hexdigest()


def town_hash(entry: TownEntry) -> str:
    return digest(town_content(entry))


def _number(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def report_content(report: MonthlyReport) -> dict:
    """What a monthly report says (not its status or lock); 5.0 and 5 are the same figure."""
    return {
        "unit": report.region, "month": report.month.iso, "reporter": report.reporter, "phone": report.phone,
        "reviewer": report.reviewer, "filled_on": report.filled_on.isoformat() if report.filled_on else None,
        "values": {k: _number(v) for k, v in report.values.items() if v is not None and v != ""},
        "texts": {k: v for k, v in report.texts.items() if v},
        "explanations": {k: v for k, v in report.explanations.items() if v},
    }


def report_hash(report: MonthlyReport) -> str:
    return digest(report_content(report))
