"""报送: the one naming rule for what is sent (subject and cover text), the frozen copy of the data as
sent, and what changed between two copies. Pure Python: the store keeps the records, exchange writes
the files and the e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import format_cn
from desktop.domain.model import Level, Roster
from desktop.domain.monthly.report import MonthlyReport, YearMonth

ROSTERS_WHAT = "镇村便民服务试点地区名单（附件1-3）"
MONTHLY_WHAT = "镇村便民服务“三化”试点工作进展情况"


@dataclass(frozen=True)
class Sending:
    """What one 报送 holds: the unit, the rosters (with the lists that have towns) and/or a month."""

    unit_name: str  # the 填报单位 as written (ReportingUnit.display)
    rosters: bool = False
    month_label: str = ""  # 2021年4月 (a 月报), or "" for none
    documents: tuple[str, ...] = ()  # the documents attached, by name: 专题调研报告、实施方案

    @classmethod
    def of(cls, unit_name: str, rosters: bool, months: Iterable[YearMonth], document_kinds: Iterable[str | None]
           ) -> Sending:
        """The 报送 of these: its months named as one (2021年4月) or a range (2021年4月至2021年6月)."""
        ordered = sorted(set(months))
        month = "" if not ordered else ordered[0].label if len(ordered) == 1 else (
            f"{ordered[0].label}至{ordered[-1].label}")
        return cls(unit_name, rosters, month, tuple(document_label(k) for k in document_kinds))

    @property
    def what(self) -> str:
        parts = []
        if self.rosters:
            parts.append(ROSTERS_WHAT)
        if self.month_label:
            parts.append(f"{self.month_label}{MONTHLY_WHAT}")
        parts += dict.fromkeys(self.documents)  # each document a part of its own
        if len(parts) > 2:  # 名单、2021年4月…情况、实施方案和专题调研报告
            return "、".join(parts[:-1]) + "和" + parts[-1]
        return "和".join(parts) or "报表"

    def subject(self) -> str:
        """The one naming rule: unit, what, period — 泸州市政务服务管理局报送2021年4月镇村便民服务…"""
        return f"{self.unit_name or '（未设置填报单位）'}报送{self.what}"

    def cover_text(self, files: list[str], today: date) -> str:
        lines = ["您好：", "", f"现报送{self.what}，请查收。附件："]
        lines += [f"{i}. {name}" for i, name in enumerate(files, 1)]
        lines += ["", self.unit_name or "", format_cn(today)]
        return "\n".join(lines) + "\n"


# -- the data as sent ------------------------------------------------------------------------------
def snapshot_of(rosters: Iterable[Roster], reports: Iterable[MonthlyReport], *, whole: bool = False) -> dict:
    """Plain JSON values of what was sent: every list's towns with their villages, and the reports.

    Its ``holds`` says what the version holds, so that it is compared only with what it holds: the rosters
    (a 月报-only 报送 holds none), the reports listed; ``whole`` for today's data (everything)."""
    rosters, reports = list(rosters), list(reports)
    out_rosters = []
    for roster in sorted(rosters, key=lambda r: r.level.value):
        if not roster.towns:
            continue
        out_rosters.append({
            "level": roster.level.value,
            "filled_on": roster.filled_on.isoformat() if roster.filled_on else None,
            "towns": [{"city": t.city, "county": t.county, "town": t.town, "town_type": t.town_type,
                       "note": t.note, "villages": list(t.village_names)} for t in roster.towns]})
    out_reports = [{"unit": r.region, "month": r.month.iso,
                    "values": {k: v for k, v in sorted(r.values.items()) if v is not None}}
                   for r in sorted(reports, key=lambda r: (r.region, r.month.iso))]
    return {"rosters": out_rosters, "reports": out_reports,
            "holds": {"rosters": whole or bool(rosters), "whole": whole}}


def _holds_rosters(snapshot: dict) -> bool:
    """Older records have no ``holds``: they held the rosters when they hold towns."""
    return bool(snapshot.get("holds", {}).get("rosters", bool(snapshot.get("rosters"))))


def _whole(snapshot: dict) -> bool:
    return bool(snapshot.get("holds", {}).get("whole", False))


def _towns(snapshot: dict) -> dict[tuple[int, str, str, str], dict]:
    return {(r["level"], t["city"], t["county"], t["town"]): t
            for r in snapshot.get("rosters", []) for t in r.get("towns", [])}


def _report_keys(snapshot: dict) -> set[tuple[str, str]]:
    return {(r["unit"], r["month"]) for r in snapshot.get("reports", [])}


def _compared_reports(old: dict, new: dict) -> set[tuple[str, str]]:
    """The reports both versions hold; against today's data, every report the version held (one
    deleted since is a change), never the reports the version did not hold."""
    if _whole(new):
        return _report_keys(old)
    if _whole(old):
        return _report_keys(new)
    return _report_keys(old) & _report_keys(new)


def compared_parts(old: dict, new: dict) -> str:
    """What two versions both hold, to be compared: 名单, 2021年4月月报…; '' when nothing."""
    parts = ["名单"] if _holds_rosters(old) and _holds_rosters(new) else []
    months = sorted({month for _unit, month in _compared_reports(old, new)})
    parts += [f"{int(m[:4])}年{int(m[5:7])}月月报" for m in months]
    return "、".join(parts)


NOTHING_HELD = "没有数据"


def held_parts(snapshot: dict) -> str:
    """What one version holds: 名单, 2021年4月月报… (what it would compare with itself)."""
    return compared_parts(snapshot, snapshot) or NOTHING_HELD


def diff_snapshots(old: dict, new: dict, indicator_labels: dict[str, str] | None = None) -> list[str]:
    """What changed from ``old`` to ``new``, one line each: towns added and removed, villages added and
    removed, 乡镇类型 and 备注 changed, 月报 figures changed. Empty when nothing changed. Only what both
    versions hold is compared (``compared_parts``): a 月报-only 报送 holds no rosters."""
    labels = indicator_labels or {}
    lines: list[str] = []
    before, after = (_towns(old), _towns(new)) if _holds_rosters(old) and _holds_rosters(new) else ({}, {})
    for key in sorted(after.keys() - before.keys()):
        level, _city, county, town = key
        lines.append(f"{Level(level).attachment} 新增乡镇（街道）：{county} {town}")
    for key in sorted(before.keys() - after.keys()):
        level, _city, county, town = key
        lines.append(f"{Level(level).attachment} 删除乡镇（街道）：{county} {town}")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        where = f"{Level(key[0]).attachment} {key[2]} {key[3]}"
        if a["town_type"] != b["town_type"]:
            lines.append(f"{where}：乡镇类型 {a['town_type'] or '（空）'} → {b['town_type'] or '（空）'}")
        if a["note"] != b["note"]:
            lines.append(f"{where}：备注 {a['note'] or '（空）'} → {b['note'] or '（空）'}")
        added = [v for v in b["villages"] if v not in a["villages"]]
        removed = [v for v in a["villages"] if v not in b["villages"]]
        if added:
            lines.append(f"{where}：新增村（社区）{'、'.join(added)}")
        if removed:
            lines.append(f"{where}：删除村（社区）{'、'.join(removed)}")
    compared = _compared_reports(old, new)
    old_reports = {(r["unit"], r["month"]): r["values"] for r in old.get("reports", [])}
    new_reports = {(r["unit"], r["month"]): r["values"] for r in new.get("reports", [])}
    for key in sorted(compared):
        unit, month = key
        name = f"月报 {unit}{int(month[:4])}年{int(month[5:7])}月"
        if key not in old_reports:
            lines.append(f"{name}：新增")
            continue
        if key not in new_reports:
            lines.append(f"{name}：删除")
            continue
        a, b = old_reports[key], new_reports[key]
        for code in sorted(a.keys() | b.keys()):
            if a.get(code) != b.get(code):
                lines.append(f"{name} {labels.get(code, code)}：{_num(a.get(code))} → {_num(b.get(code))}")
    return lines


def _num(value: object) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- 报送 status for the deadline board -------------------------------------------------------------
NOT_SENT, SENT, CHANGED_SINCE = "未报送", "已报送", "报送后又修改"


def roster_part(snapshot: dict) -> dict:
    return {"rosters": snapshot.get("rosters", []), "reports": [],
            "holds": {"rosters": _holds_rosters(snapshot), "whole": _whole(snapshot)}}


def month_part(snapshot: dict, region: str, month_iso: str) -> dict:
    return {"rosters": [], "reports": [r for r in snapshot.get("reports", [])
                                       if r["unit"] == region and r["month"] == month_iso],
            "holds": {"rosters": False, "whole": _whole(snapshot)}}


def sending_status(sent: list[tuple[str, dict]], today_part: dict) -> tuple[str, str]:
    """(status, text) of one thing (the rosters, or one month's report) from the 报送 records that
    hold it — (ISO time, that part of their snapshot) — and that part of today's data:
    未报送; 已报送 on a date; 报送后又修改 when today's data differs from what was last sent."""
    held = [(at, part) for at, part in sent if part.get("rosters") or part.get("reports")]
    if not held:
        return NOT_SENT, NOT_SENT
    at, part = max(held, key=lambda t: t[0])
    day = format_cn(date.fromisoformat(at[:10]))
    if diff_snapshots(part, today_part):
        return CHANGED_SINCE, f"{CHANGED_SINCE}（{day}报送后数据有改动，请重新报送）"
    return SENT, f"{SENT}（{day}）"


# -- documents attached to a 报送 (专题调研报告、实施方案、申报省级试点情况) -----------------------------------
OTHER_DOCUMENT = "其他材料"


def document_label(kind: str | None) -> str:
    from desktop.domain.receiving.due import DOCUMENT_LABELS

    return DOCUMENT_LABELS.get(kind or "", OTHER_DOCUMENT)


def document_name(name: str, kind: str | None) -> str:
    """The name a document is attached under: as picked when the name already says which document it
    is (the receiving office sorts documents by name), else with its name added — 报告.docx of kind
    research → 报告（专题调研报告）.docx."""
    from desktop.domain.receiving.due import document_kind

    if kind is None or document_kind(name) == kind:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}（{document_label(kind)}）.{suffix}" if dot else f"{name}（{document_label(kind)}）"


def documents_status(sent: list[tuple[str, dict]], kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """(document, 未报送 / 已报送（date）) of each document ``kinds`` owed, from the 报送 records —
    (ISO time, snapshot) — whose snapshot lists the documents attached."""
    out = []
    for kind in kinds:
        times = [at for at, snapshot in sent for d in snapshot.get("documents", []) if d.get("kind") == kind]
        label = document_label(kind)
        out.append((label, f"{SENT}（{format_cn(date.fromisoformat(max(times)[:10]))}）" if times else NOT_SENT))
    return out
