"""The payload of an exchange package (payload.json): rosters with codes and monthly reports.

``payload_of`` turns our data into plain JSON values; ``parse_payload`` checks every value it
reads (types, lengths, codes of Sichuan, numbers) and raises ``PayloadError`` with a Chinese
reason on anything unexpected, so a damaged or hand-edited package never reaches the database.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.dates import parse_date
from desktop.domain.evaluation.checklist import MAX_POINTS
from desktop.domain.merge.provenance import Provenance
from desktop.domain.merge.types import EventItem
from desktop.domain.model import Level, Roster, TownEntry, Village
from desktop.domain.monthly.report import STATUSES, MonthlyReport, YearMonth
from desktop.domain.monthly.rhythm import RHYTHM
from desktop.domain.names import has_control_chars
from desktop.domain.numbers import is_number
from desktop.domain.text_rules import check_text, stored_text, text_problem

PROVINCE = "51"
MAX_TOWNS = 20_000
MAX_VILLAGES = 1_000  # per town
MAX_REPORTS = 5_000
MAX_EVENTS = 5_000  # 四个一 records
EVALUATION_VERSION = 1  # payload.evaluation's own version: a newer one is refused, not misread
MAX_ITEMS = 2_000  # figures, texts or 说明 per report
MAX_NAME = 100
MAX_TEXT = 20_000
_CODE_LENGTH = {"city_code": 4, "county_code": 6, "town_code": 9, "village": 12}
_DIGITS = re.compile(r"^\d+$")


class PayloadError(ValueError):
    """The payload is not what a package of this format holds; the message says why (Chinese)."""


@dataclass
class Payload:
    rosters: list[Roster] = field(default_factory=list)
    origins: list[list[str]] = field(default_factory=list)  # per roster, per town: the original office
    reports: list[MonthlyReport] = field(default_factory=list)
    events: list[EventItem] = field(default_factory=list)  # 四个一 records, each with its unit
    evaluation: dict = field(default_factory=dict)  # 验收评估 scores and sites (Store.evaluation_rows)

    @property
    def towns(self) -> int:
        return sum(len(r.towns) for r in self.rosters)

    @property
    def villages(self) -> int:
        return sum(r.village_count for r in self.rosters)


# -- writing -----------------------------------------------------------------------------------
def payload_of(rosters: list[Roster], reports: list[MonthlyReport], maker: str,
               provenance: dict[int, Provenance] | None = None, events: list[EventItem] | None = None,
               evaluation: dict | None = None) -> dict:
    """Plain JSON values; ``events`` are 四个一 records, whose unit '' (our own) is written as the maker."""
    provenance = provenance or {}
    out_rosters = []
    for roster in rosters:
        if not roster.towns and roster.filled_on is None:
            continue
        towns = []
        for t in roster.towns:
            prov = provenance.get(t.id) if t.id is not None else None
            towns.append({
                "city": t.city, "city_code": t.city_code or None, "county": t.county,
                "county_code": t.county_code or None, "town": t.town, "town_code": t.town_code or None,
                "town_type": t.town_type, "note": t.note,
                "villages": [{"name": v.name, "code": v.code or None} for v in t.villages],
                "origin": (prov.origin or prov.office) if prov else maker,
            })
        out_rosters.append({"level": roster.level.value,
                            "filled_on": roster.filled_on.isoformat() if roster.filled_on else None,
                            "towns": towns})
    out = {"rosters": out_rosters, "reports": [_report_json(r) for r in reports]}
    if events:
        out["events"] = [{"kind": e.kind, "done_on": e.done_on.isoformat(), "note": e.note, "unit": e.unit_name or maker}
                         for e in events]
    if evaluation and (evaluation.get("scores") or evaluation.get("sites")):
        out["evaluation"] = {"version": EVALUATION_VERSION, "scores": evaluation.get("scores", []),
                             "sites": evaluation.get("sites", [])}
    return out


def _report_json(r: MonthlyReport) -> dict:
    return {"unit": r.region, "month": r.month.iso, "reporter": r.reporter, "phone": r.phone, "reviewer": r.reviewer,
            "filled_on": r.filled_on.isoformat() if r.filled_on else None, "status": r.status,
            "values": {k: v for k, v in r.values.items() if v is not None},
            "texts": dict(r.texts), "explanations": dict(r.explanations)}


# -- reading -----------------------------------------------------------------------------------
def _fail(where: str, what: str) -> PayloadError:
    return PayloadError(f"{where}{what}")


def _obj(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, "应为对象")
    return value


def _list(value: object, where: str, cap: int) -> list:
    if not isinstance(value, list):
        raise _fail(where, "应为列表")
    if len(value) > cap:
        raise _fail(where, f"超过 {cap} 项")
    return value


def _str(value: object, where: str, cap: int = MAX_NAME, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise _fail(where, "应为文字")
    if len(value) > cap:
        raise _fail(where, f"超过 {cap} 个字")
    return value


def _text(value: object, where: str, kind: str, *, optional: bool = False) -> str:
    """A text checked as typing checks it (desktop.domain.text_rules): the cleaned value, or PayloadError
    naming the place (a package that breaks the rules is refused, never partly taken)."""
    text = _str(value, where, MAX_TEXT, optional=optional)
    problem = text_problem(text, kind)
    if problem is not None:
        raise _fail(where, problem.what)
    return stored_text(text, kind)


def _code(value: object, where: str, length: int) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DIGITS.match(value) or len(value) != length:
        raise _fail(where, f"代码“{value}”不是 {length} 位数字")
    if not value.startswith(PROVINCE):
        raise PayloadError(f"含有其他省份的区划代码“{value}”（{where.rstrip('：')}），本软件只接收四川省（51）的数据")
    return value


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    day = parse_date(value) if isinstance(value, str) else None
    if day is None:
        raise _fail(where, f"日期“{value}”格式不正确")
    return day


def parse_payload(data: object) -> Payload:
    root = _obj(data, "payload.json：")
    out = Payload()
    total = 0
    levels: set[int] = set()
    for i, r in enumerate(_list(root.get("rosters", []), "名单列表：", 3), start=1):
        where = f"第 {i} 个名单："
        r = _obj(r, where)
        level_value = r.get("level")
        if level_value not in (1, 2, 3) or isinstance(level_value, bool) or level_value in levels:
            raise _fail(where, f"附件编号“{level_value}”不正确")
        levels.add(level_value)
        level = Level(level_value)
        roster = Roster(level, _date(r.get("filled_on"), where + "填报时间"))
        origins = []
        towns = _list(r.get("towns", []), where + "乡镇列表", MAX_TOWNS)
        total += len(towns)
        if total > MAX_TOWNS:
            raise _fail("名单", f"超过 {MAX_TOWNS} 个乡镇（街道）")
        for j, t in enumerate(towns, start=1):
            entry, origin = _town(level, _obj(t, f"{level.attachment} 第 {j} 行："), f"{level.attachment} 第 {j} 行：")
            entry.position = j - 1
            roster.towns.append(entry)
            origins.append(origin)
        out.rosters.append(roster)
        out.origins.append(origins)
    out.rosters.sort(key=lambda ro: ro.level.value)
    seen: set[tuple[str, str]] = set()
    for i, rep in enumerate(_list(root.get("reports", []), "月报列表：", MAX_REPORTS), start=1):
        report = _report(_obj(rep, f"第 {i} 份月报："), f"第 {i} 份月报：")
        key = (report.region, report.month.iso)
        if key in seen:
            raise _fail(f"第 {i} 份月报：", f"{report.region} {report.month.label}重复")
        seen.add(key)
        out.reports.append(report)
    for i, ev in enumerate(_list(root.get("events", []), "四个一记录：", MAX_EVENTS), start=1):
        where = f"第 {i} 条四个一记录："
        ev = _obj(ev, where)
        done_on = _date(ev.get("done_on"), where + "日期")
        if done_on is None:
            raise _fail(where, "缺少日期")
        kind = _str(ev.get("kind"), where + "类别")
        if kind not in {e.code for e in RHYTHM}:
            raise _fail(where, f"类别“{kind[:20]}”不是四个一的工作")
        out.events.append(EventItem(kind, done_on,
                                    _text(ev.get("note", ""), where + "说明", "event_note", optional=True),
                                    _text(ev.get("unit", ""), where + "单位", "unit", optional=True)))
    if "evaluation" in root:
        out.evaluation = _evaluation(_obj(root["evaluation"], "验收评分："))
    return out


MAX_SCORES = 100_000  # 验收评分 in one package: a province of pilots has a few tens of thousands
_SITE_KEY = re.compile(r"(?:county:)?(?:\d{6}|\d{9}|[^/\\\x00-\x1f]{1,40}/[^/\\\x00-\x1f]{1,40}(?:/[^/\\\x00-\x1f]{1,40})?)")


def _score(value: object, where: str) -> float | None:
    """A score's number; whether it fits its item (0..分值) is checked against the checklist in the
    merge (desktop.domain.merge.evaluation, with scoring.score_problem), where a bad one is named."""
    if value is None:
        return None
    number = _number(value, where)
    if number is None or not 0 <= number <= MAX_POINTS:
        raise _fail(where, f"分数“{value}”不正确，应为 0 到 {MAX_POINTS} 之间的数字")
    return float(number)


def _site_key(value: object, where: str) -> str:
    key = _str(value, where, MAX_NAME)
    if not _SITE_KEY.fullmatch(key) or ".." in key.split("/"):
        raise _fail(where, f"“{key[:40]}”不是试点的编号")
    return key


def _checked_text(value: object, where: str, kind: str) -> str:
    text = _str(value, where, MAX_TEXT, optional=True)
    problem = check_text(text, where.rstrip("："), kind)
    if problem is not None:
        raise PayloadError(problem)
    return text.strip()


def _evaluation(root: dict) -> dict:
    version = root.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail("验收评分：", f"版本“{version}”不正确")
    if version > EVALUATION_VERSION:
        raise PayloadError(f"验收评分是更新版本的本软件写的（第 {version} 版），请升级软件后再导入")
    scores, sites = [], []
    for i, r in enumerate(_list(root.get("scores", []), "验收评分：", MAX_SCORES), start=1):
        where = f"第 {i} 项验收评分："
        r = _obj(r, where)
        item = _str(r.get("item"), where + "项目", 20)
        if not item.strip() or has_control_chars(item):
            raise _fail(where + "项目", f"编号“{item}”不正确")
        scores.append({"site": _site_key(r.get("site"), where + "试点"), "item": item.strip(),
                       "self": _score(r.get("self"), where + "自评分"),
                       "accept": _score(r.get("accept"), where + "验收分"),
                       "reason": _checked_text(r.get("reason", ""), where + "扣分原因", "reason")})
    for i, r in enumerate(_list(root.get("sites", []), "验收试点：", MAX_TOWNS), start=1):
        where = f"第 {i} 个验收试点："
        r = _obj(r, where)
        day_text = _str(r.get("evaluated_on", ""), where + "验收日期", 20, optional=True)
        day = _date(day_text, where + "验收日期") if day_text else None
        sites.append({"site": _site_key(r.get("site"), where + "试点"),
                      "evaluators": _checked_text(r.get("evaluators", ""), where + "验收人员", "evaluators"),
                      "evaluated_on": day.isoformat() if day else ""})
    return {"scores": scores, "sites": sites}


_LABELS = {"city": "市（州）", "county": "县（市、区）", "town": "乡镇（街道）", "town_type": "乡镇类型",
           "city_code": "市（州）", "county_code": "县（市、区）", "town_code": "乡镇（街道）"}


def _town(level: Level, t: dict, where: str) -> tuple[TownEntry, str]:
    entry = TownEntry(level)
    for name in ("city", "county", "town", "town_type"):
        setattr(entry, name, _text(t.get(name), where + _LABELS[name], "name"))
    entry.note = _text(t.get("note", ""), where + "备注", "note", optional=True)
    for name in ("city_code", "county_code", "town_code"):
        setattr(entry, name, _code(t.get(name), where + _LABELS[name], _CODE_LENGTH[name]))
    for k, v in enumerate(_list(t.get("villages", []), where + "村（社区）", MAX_VILLAGES), start=1):
        at = f"{where}第 {k} 个村（社区）"
        v = _obj(v, at)
        entry.villages.append(Village(_text(v.get("name"), at + "名称", "village"),
                                      _code(v.get("code"), at, _CODE_LENGTH["village"])))
    origin = _text(t.get("origin", ""), where + "原始填报单位", "unit", optional=True)
    return entry, origin


def _number(value: object, where: str) -> int | float | None:
    if value is None:
        return None
    if not is_number(value):
        raise _fail(where, f"“{value}”不是数字")
    if abs(value) > 1e15:
        raise _fail(where, "数字过大")
    return value


def _items(value: object, where: str, kind: str, text_kind: str = "section") -> dict:
    obj = _obj(value if value is not None else {}, where)
    if len(obj) > MAX_ITEMS:
        raise _fail(where, f"超过 {MAX_ITEMS} 项")
    out: dict = {}
    for key, item in obj.items():
        key = _str(key, where, 60)
        place = f"{where}“{_section_titles().get(key, key)}”" if text_kind == "section" else f"{where}{key}"
        out[key] = _number(item, f"{where}{key}") if kind == "number" else _text(item, place, text_kind)
    return out


@functools.cache
def _section_titles() -> dict[str, str]:
    """Each text part as the form names it (二、存在问题), not by its code (problems)."""
    from desktop.domain.monthly.indicators_file import IndicatorFileError, load_indicators

    try:
        return {s.code: s.title for s in load_indicators().sections}
    except IndicatorFileError:
        return {}


def _report(r: dict, where: str) -> MonthlyReport:
    try:
        month = YearMonth.parse(_str(r.get("month"), where + "月份", 20))
    except ValueError as exc:
        raise _fail(where, f"月份“{r.get('month')}”不正确") from exc
    status = r.get("status", "draft")
    if status not in STATUSES:
        raise _fail(where, f"状态“{status}”不正确")
    return MonthlyReport(
        region=_text(r.get("unit"), where + "填报单位", "unit"), month=month,
        reporter=_text(r.get("reporter", ""), where + "填报人", "person", optional=True),
        phone=_text(r.get("phone", ""), where + "联系电话", "phone", optional=True),
        reviewer=_text(r.get("reviewer", ""), where + "审核人", "person", optional=True),
        filled_on=_date(r.get("filled_on"), where + "填报日期"),
        values=_items(r.get("values"), where + "数据", "number"),
        texts=_items(r.get("texts"), where + "文字", "text"),
        explanations=_items(r.get("explanations"), where + "说明", "text", "explanation"),
        status=status, locked=False)
