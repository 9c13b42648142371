"""Roster entities: the three pilot lists (附件1/2/3) and what they hold."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class Level(enum.Enum):
    """Pilot level; the value is the attachment number of the notice."""

    PROVINCIAL = 1
    CITY = 2
    COUNTY = 3

    @property
    def attachment(self) -> str:
        return f"附件{self.value}"

    @property
    def label(self) -> str:
        return {1: "省级", 2: "市级", 3: "县级"}[self.value]

    @property
    def title(self) -> str:
        return f"{self.label}试点地区乡镇（街道）、村（社区）名单"

    @property
    def key(self) -> str:
        return {1: "provincial", 2: "city", 3: "county"}[self.value]

    @classmethod
    def from_key(cls, key: str) -> Level:
        for level in cls:
            if level.key == key:
                return level
        raise ValueError(key)


# The five town types of the notice. 附件2 prints 特色镇 for the same value as 特色小镇.
TOWN_TYPES: tuple[str, ...] = ("县级政府驻地镇", "中心镇", "重点镇", "特色小镇", "一般乡镇")
TOWN_TYPE_ALIASES: dict[str, str] = {"特色镇": "特色小镇", "县政府驻地镇": "县级政府驻地镇", "一般镇": "一般乡镇"}

# The first batch of provincial pilots named by the notice (二、试点范围).
FIRST_BATCH_PROVINCIAL: tuple[str, ...] = (
    "都江堰市", "峨眉山市", "隆昌市", "船山区", "翠屏区", "达川区",
    "三台县", "合江县", "南部县", "邻水县", "开江县",
)

COLUMNS: tuple[str, ...] = ("市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注")


def canonical_town_type(value: str) -> str:
    """Map the printed variants (特色镇) onto the stored value; unknown values pass through."""
    value = value.strip()
    return TOWN_TYPE_ALIASES.get(value, value)


def town_type_for_level(value: str, level: Level) -> str:
    """How a stored town type is printed on a given attachment (附件2 says 特色镇)."""
    if level is Level.CITY and value == "特色小镇":
        return "特色镇"
    return value


@dataclass(slots=True)  # 34,412 of them at province scale: slots make them smaller and quicker to make
class Village:
    name: str
    code: str | None = None  # 12-digit NBS code when matched to the gazetteer
    id: int | None = None


@dataclass(slots=True)
class TownEntry:
    """One row of a roster: a pilot town with its villages."""

    level: Level
    city: str = ""
    county: str = ""
    town: str = ""
    town_type: str = ""
    note: str = ""
    city_code: str | None = None
    county_code: str | None = None
    town_code: str | None = None
    villages: list[Village] = field(default_factory=list)
    id: int | None = None
    position: int = 0

    @property
    def village_names(self) -> list[str]:
        return [v.name for v in self.villages]

    def copy(self) -> TownEntry:
        """An independent copy (its village list and villages too), much cheaper than deepcopy."""
        return TownEntry(self.level, self.city, self.county, self.town, self.town_type, self.note, self.city_code,
                         self.county_code, self.town_code, [Village(v.name, v.code, v.id) for v in self.villages],
                         self.id, self.position)


@dataclass
class Roster:
    level: Level
    filled_on: date | None = None
    towns: list[TownEntry] = field(default_factory=list)

    @property
    def village_count(self) -> int:
        return sum(len(t.villages) for t in self.towns)

    def counties(self) -> list[tuple[str, str]]:
        """(city, county) pairs in first-seen order."""
        seen: dict[tuple[str, str], None] = {}
        for t in self.towns:
            seen.setdefault((t.city, t.county), None)
        return list(seen)


@dataclass
class ReportingUnit:
    """填报单位: a city or county of the gazetteer plus the office's name."""

    region_code: str | None = None
    region_name: str = ""
    office: str = ""

    @property
    def display(self) -> str:
        """The unit as it is written (填报单位): the office name, after the region's name unless the office
        name already holds it (泸州市合江县政务服务中心 stays as it is, 政务服务中心 of 合江县 reads
        合江县政务服务中心)."""
        if self.office and self.region_name and self.region_name not in self.office:
            return f"{self.region_name}{self.office}"
        return self.office or self.region_name

    @property
    def region(self) -> str:
        """The name this unit's monthly reports are filed under: its region (泸州市), else its office name."""
        return self.region_name or self.office


@dataclass
class Settings:
    unit: ReportingUnit = field(default_factory=ReportingUnit)
    deadline: date | None = None  # roster deadline; a 填报时间 later than it is warned
    report_day: int | None = None  # monthly report deadline day; None = 25 for a city, 20 for a county

    @property
    def is_county(self) -> bool:
        return bool(self.unit.region_code) and len(self.unit.region_code or "") == 6

    @property
    def region(self) -> str:
        """The name this unit's monthly reports are filed under (ReportingUnit.region)."""
        return self.unit.region
