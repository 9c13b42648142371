"""The import preview and its outcome as plain Chinese lines (printed by the command line)."""

from __future__ import annotations

from desktop.domain.dates import format_cn
from desktop.domain.merge.plan import Plan
from desktop.domain.merge.types import FieldChange, Kind, Preview, RowChange

_TAG = {Kind.ADD: "新增", Kind.CHANGE: "修改", Kind.SAME: "相同", Kind.CONFLICT: "冲突"}


def _counts_text(c: dict[str, int]) -> str:
    return f"新增 {c['add']}，修改 {c['change']}，相同 {c['same']}（跳过），冲突 {c['conflict']}"


def _field_line(f: FieldChange, conflict: bool, ours: str = "本地") -> str:
    if f.field == "villages" and (f.added or f.removed):
        parts = ([f"增加 {'、'.join(f.added)}"] if f.added else []) + (
            [f"去掉 {'、'.join(f.removed)}"] if f.removed else [])
        text = (f"来件比{ours}" if conflict else "") + "；".join(parts)
    elif conflict:
        text = f"{ours}“{f.old_text}”，来件“{f.new_text}”"
    else:
        text = ("顺序或代码不同：" if f.field == "villages" else "") + f"{f.old_text} → {f.new_text}"
    return f"      {f.label}：{text}"


def _row_lines(row: RowChange) -> list[str]:
    e = row.incoming
    head = f"  [{_TAG[row.kind]}] {e.town or '（未填乡镇）'}"
    if row.kind is Kind.ADD:
        head += f"（{e.town_type or '未填类型'}）：{len(e.villages)} 个村（社区）"
    if row.reason:
        head += f"：{row.reason}"
    lines = [head]
    ours = "本地" if row.takeable else "先读到的"
    lines.extend(_field_line(f, row.kind is Kind.CONFLICT, ours) for f in row.fields)
    for u in row.unknown:
        hint = f"，相近的有：{'、'.join(s.name for s in u.suggestions)}" if u.suggestions else ""
        lines.append(f"      {u.label}“{u.name}”不在区划名录中{hint}")
    return lines


def render_preview(preview: Preview, *, show_same: bool = False) -> list[str]:
    """Totals, then per list and county: new, changed and conflicting rows (same rows summed up)."""
    c = preview.counts()
    lines = [f"导入预览：{_counts_text(c)}；区划名录中找不到的名称 {c['unknown']} 个"]
    for group in preview.groups:
        gc = group.counts()
        lines.append(f"{group.level.attachment} {group.city} {group.county}：{_counts_text(gc)}".replace("  ", " "))
        same = []
        for row in group.rows:
            if row.kind is Kind.SAME and not show_same and not (row.reason and row.takeable):
                same.append(row.incoming.town)
                continue
            lines.extend(_row_lines(row))
        if same:
            lines.append(f"  [相同，跳过] {'、'.join(same)}")
    for lc in preview.lists:
        old = format_cn(lc.old) if lc.old else "（未填）"
        keep = "" if lc.default else "（默认不改，保留本地）"
        lines.append(f"{lc.level.attachment} 填报时间：{old} → {format_cn(lc.new)}{keep}")
    if preview.unit_note:
        lines.append(f"填报单位：{preview.unit_note}")
    if preview.events:
        lines.append(f"四个一记录：新增 {len(preview.events)} 条（{events_text(preview.events)}）")
    lines.extend(findings_lines(preview))
    if preview.evaluation is not None:
        from desktop.domain.merge.evaluation import evaluation_lines

        lines.extend(evaluation_lines(preview.evaluation))
    for rc in preview.reports:
        what = f"{rc.report.region} {rc.report.month.label}月报"
        tag = {Kind.ADD: "新增", Kind.CHANGE: "替换", Kind.SAME: "相同，跳过", Kind.CONFLICT: "冲突"}[rc.kind]
        lines.append(f"月报 [{tag}] {what}" + (f"：{rc.reason}" if rc.reason and rc.kind is not Kind.CHANGE else ""))
        for fc in rc.fields[:12]:
            lines.append(f"    {fc.label}：{fc.old_text} → {fc.new_text}")
        if len(rc.fields) > 12:
            lines.append(f"    ……另有 {len(rc.fields) - 12} 项不同")
    lines.extend(f"提示：{n}" if not n.startswith("注意") else n for n in preview.notes)
    if not preview.rows() and not preview.reports:
        lines.append("没有可导入的名单或月报数据")
    return lines


def findings_lines(preview: Preview, limit: int = 40) -> list[str]:
    """What `check` would newly find once imported, as the preview shows it."""
    found = preview.findings
    if not found:
        return []
    errors = sum(f.is_error for f in found)
    lines = [f"导入后检查：新出现 {errors} 个错误，{len(found) - errors} 个警告（导入后在“检查结果”中列出，错误要改正后才能导出）"]
    lines += [f"  {'错误' if f.is_error else '警告'}：{f.message}" for f in found[:limit]]
    if len(found) > limit:
        lines.append(f"  …… 另有 {len(found) - limit} 条")
    return lines


def events_text(events: list, limit: int = 6) -> str:
    """新增的四个一记录, briefly: 2021年4月10日 每月通报（合江县政务服务管理局）、…"""
    from desktop.domain.monthly.rhythm import RHYTHM

    labels = {e.code: e.label for e in RHYTHM}
    parts = [f"{format_cn(e.done_on)} {labels.get(e.kind, e.kind)}" + (f"（{e.unit_name}）" if e.unit_name else "")
             for e in events[:limit]]
    return "、".join(parts) + (f" 等 {len(events)} 条" if len(events) > limit else "")


def render_outcome(plan: Plan) -> list[str]:
    """What an applied plan did, per list; conflicts left untouched are said so."""
    lines = []
    for level in sorted(plan.summary, key=lambda lv: lv.value):
        s = plan.summary[level]
        line = (f"{level.attachment}：新增 {s['added']} 个乡镇（街道），更新 {s['changed']} 个，"
                f"未变 {s['same']} 个")
        if s["skipped"]:
            line += f"，未选 {s['skipped']} 个"
        if s["conflicts"]:
            line += f"，冲突 {s['conflicts']} 个未改动（保留本地）"
        lines.append(line)
    for level, day in sorted(plan.filled_on.items(), key=lambda kv: kv[0].value):
        lines.append(f"{level.attachment} 填报时间设为 {format_cn(day)}")
    if plan.unit is not None:
        lines.append(f"填报单位设为“{plan.unit.display}”（文件中写的）")
    if plan.events:
        lines.append(f"四个一记录：新增 {len(plan.events)} 条")
    if plan.evaluation is not None and plan.evaluation.take:
        lines.append(f"验收评分：采用 {len(plan.evaluation.take)} 项")
    r = plan.report_summary
    if any(r.values()):
        line = f"月报：新增 {r['added']} 份，替换 {r['replaced']} 份，相同 {r['same']} 份"
        if r["conflicts"]:
            line += f"，冲突 {r['conflicts']} 份未改动"
        lines.append(line)
    conflicts = sum(s["conflicts"] for s in plan.summary.values()) + r.get("conflicts", 0)
    if conflicts:
        lines.append(f"有 {conflicts} 处冲突没有改动本地数据，请在程序的导入预览中逐条处理"
                     f"（或用 --dry-run 查看详情）")
    return lines
