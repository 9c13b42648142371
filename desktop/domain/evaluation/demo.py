"""Demo 验收评估 (python -m desktop demo): every pilot scored as an evaluation team would leave it —
most items full marks, some deducted with reasons, one town still being scored."""

from __future__ import annotations

from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import ItemScore, Site

_DEDUCTIONS = [("S1", 2, "功能分区标识不全"), ("V2", 1, "差评整改未全部回访"), ("Y1", 2, "部分事项未实现网上可办"),
               ("C2", 1, "两个事项办事指南要素不全"), ("P2", 2, "民政窗口未进驻")]


def demo_scores(checklist: Checklist, sites: list[Site]) -> list[tuple[Site, str, ItemScore, str, str]]:
    """(site, item code, score, evaluators, date) for the demo database."""
    out: list[tuple[Site, str, ItemScore, str, str]] = []
    for n, site in enumerate(sites):
        evaluators = "王晓燕、李建国" if site.kind == "town" else "省中心交叉验收组"
        items = checklist.items_for(site.kind)
        if n == 1:  # one town still being scored: only its first half has scores
            items = items[: len(items) // 2]
        for k, item in enumerate(items):
            if item.bonus:
                if (n + k) % 3 == 0:
                    out.append((site, item.code, ItemScore(item.points, item.points - 1), evaluators, "2021-11-20"))
                continue
            code, cut, reason = _DEDUCTIONS[(n + k) % len(_DEDUCTIONS)]
            if code == item.code and not item.required:
                score = ItemScore(item.points, item.points - cut, reason)
            else:
                score = ItemScore(item.points, item.points)
            out.append((site, item.code, score, evaluators, "2021-11-20"))
    return out
