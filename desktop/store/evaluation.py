"""验收评估 scores (schema v7): every edit is one undoable action in the change history."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the scoring code is loaded when scores are first read, not when the window starts
    from desktop.domain.evaluation.scoring import ItemScore, Site, SiteScores

TABLES = ("evaluation_scores", "evaluation_sites", "evaluation_evidence")


class EvaluationMixin:
    conn: sqlite3.Connection

    def checklist(self):  # -> Checklist: the imported official one, else the shipped 参考方案
        import json

        from desktop.domain.evaluation.checklist import load_checklist, parse_checklist

        text = self.get_meta("checklist")
        if text:
            return parse_checklist(json.loads(text), "已导入的评分标准")
        return load_checklist()

    def set_checklist(self, checklist) -> None:
        """Keep an imported checklist (one undoable change of the settings)."""
        import json

        from desktop.domain.evaluation.checklist import checklist_data

        self.set_meta({"checklist": json.dumps(checklist_data(checklist), ensure_ascii=False)}, "导入评分标准")

    def site_scores(self, site: Site) -> SiteScores:
        from desktop.domain.evaluation.scoring import ItemScore, SiteScores

        out = SiteScores(site)
        for code, s, a, reason in self.conn.execute(
                "SELECT item_code, self_score, accept_score, reason FROM evaluation_scores WHERE site_key = ?",
                (site.key,)):
            out.items[code] = ItemScore(s, a, reason)
        row = self.conn.execute("SELECT evaluators, evaluated_on FROM evaluation_sites WHERE site_key = ?",
                                (site.key,)).fetchone()
        if row:
            out.evaluators, out.evaluated_on = row
        return out

    def scored_site_keys(self) -> list[str]:
        """The keys of the sites that have a score."""
        return [k for (k,) in self.conn.execute(
            "SELECT DISTINCT site_key FROM evaluation_scores WHERE self_score IS NOT NULL OR accept_score IS NOT NULL"
            " OR coalesce(reason, '') <> '' ORDER BY site_key")]

    def set_item_score(self, site: Site, code: str, score: ItemScore) -> None:
        old = self._score_row(site.key, code)
        new = [score.self_score, score.accept_score, score.reason]
        if old == new:
            return
        with self.action("验收评分"):
            self._write_score(site.key, code, new)
            self._record("evaluation_scores", f"{site.key}|{code}", f"{site.name} {code}", "score", "update",
                         old, new)

    def set_site_info(self, site: Site, evaluators: str, evaluated_on: str) -> None:
        row = self.conn.execute("SELECT evaluators, evaluated_on FROM evaluation_sites WHERE site_key = ?",
                                (site.key,)).fetchone()
        old = list(row) if row else None
        new = [evaluators, evaluated_on]
        if old == new:
            return
        with self.action("验收人员和日期"):
            self._write_site(site.key, new)
            self._record("evaluation_sites", site.key, site.name, "info", "update", old, new)

    def evaluation_rows(self) -> dict:
        """Every score and site line as plain values (for exchange packages), and the checklist they are
        kept against (checklist_data; for checking what a package brings, never written into one)."""
        from desktop.domain.evaluation.checklist import ChecklistError, checklist_data

        try:
            checklist = checklist_data(self.checklist())
        except (ChecklistError, ValueError):
            checklist = None
        return {"checklist": checklist,
                "scores": [{"site": k, "item": c, "self": s, "accept": a, "reason": r} for k, c, s, a, r in
                           self.conn.execute("SELECT site_key, item_code, self_score, accept_score, reason "
                                             "FROM evaluation_scores ORDER BY site_key, item_code")],
                "sites": [{"site": k, "evaluators": e, "evaluated_on": d} for k, e, d in
                          self.conn.execute("SELECT site_key, evaluators, evaluated_on FROM evaluation_sites "
                                            "ORDER BY site_key")]}

    def _put_evaluation(self, key: str, code: str, values: list, sender: str = "") -> None:
        """Write one imported score (inside the import's action); the history says who sent it."""
        old = self._score_row(key, code)
        self._write_score(key, code, values)
        label = f"{code}（来自{sender}）" if sender else code
        self._record("evaluation_scores", f"{key}|{code}", label, "score", "update", old, values)

    def _put_site_info(self, key: str, values: list) -> None:
        row = self.conn.execute("SELECT evaluators, evaluated_on FROM evaluation_sites WHERE site_key = ?",
                                (key,)).fetchone()
        old = list(row) if row else None
        self._write_site(key, values)
        self._record("evaluation_sites", key, key, "info", "update", old, values)

    # -- 佐证材料 (evidence) ---------------------------------------------------------------
    MAX_KEPT_EVIDENCE = 20 * 1024 * 1024  # larger files are referenced, not copied into the database

    def add_evidence(self, site: Site, code: str, name: str, source: str, sha256: str, size: int,
                     content: bytes | None) -> bool:
        """Record a file read as evidence for an item (desktop.exchange.evaluation.evidence): its name,
        where it was, SHA-256, size, and its bytes when given and not too large. Returns whether the
        bytes were kept."""
        from datetime import datetime

        kept = content is not None and len(content) <= self.MAX_KEPT_EVIDENCE
        with self.action("添加佐证材料"):
            cur = self.conn.execute(
                "INSERT INTO evaluation_evidence (site_key, item_code, name, source_path, sha256, size, content, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (site.key, code, name, source, sha256, size, content if kept else None,
                 datetime.now().isoformat(timespec="seconds")))
            self._record("evaluation_evidence", cur.lastrowid, f"{site.name} {code}", "evidence", "insert", None,
                         {"name": name, "sha256": sha256})
        return kept

    def evidence(self, site: Site) -> list[tuple[str, str, str, int, bool]]:
        """(item code, file name, sha256, size, bytes kept) of a site's evidence."""
        return [(c, n, s, size, bool(k)) for c, n, s, size, k in self.conn.execute(
            "SELECT item_code, name, sha256, size, content IS NOT NULL FROM evaluation_evidence "
            "WHERE site_key = ? ORDER BY item_code, id", (site.key,))]

    def evidence_bytes(self, site: Site, code: str, name: str) -> bytes | None:
        row = self.conn.execute("SELECT content FROM evaluation_evidence WHERE site_key = ? AND item_code = ? "
                                "AND name = ? ORDER BY id DESC", (site.key, code, name)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def clear_evaluation(self) -> None:
        """Every score and evaluator removed (the demo writes its own; inside the caller's action)."""
        with self.action("清除验收评分"):
            for key, code, s, a, reason in self.conn.execute("SELECT * FROM evaluation_scores").fetchall():
                self._write_score(key, code, None)
                self._record("evaluation_scores", f"{key}|{code}", code, "score", "update", [s, a, reason], None)
            for key, evaluators, day in self.conn.execute("SELECT * FROM evaluation_sites").fetchall():
                self._write_site(key, None)
                self._record("evaluation_sites", key, key, "info", "update", [evaluators, day], None)

    def _score_row(self, key: str, code: str) -> list | None:
        row = self.conn.execute("SELECT self_score, accept_score, reason FROM evaluation_scores "
                                "WHERE site_key = ? AND item_code = ?", (key, code)).fetchone()
        return list(row) if row else None

    def _write_score(self, key: str, code: str, values: list | None) -> None:
        if values is None:
            self.conn.execute("DELETE FROM evaluation_scores WHERE site_key = ? AND item_code = ?", (key, code))
        else:
            self.conn.execute("INSERT OR REPLACE INTO evaluation_scores VALUES (?, ?, ?, ?, ?)", (key, code, *values))

    def _write_site(self, key: str, values: list | None) -> None:
        if values is None:
            self.conn.execute("DELETE FROM evaluation_sites WHERE site_key = ?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO evaluation_sites VALUES (?, ?, ?)", (key, *values))

    def _apply_evaluation_change(self, change, forward: bool) -> None:
        value = change.new if forward else change.old
        if change.table == "evaluation_evidence":  # undo of an added file removes it; redo is not offered
            if value is None:
                self.conn.execute("DELETE FROM evaluation_evidence WHERE id = ?", (int(change.record_id),))
            self._record(change.table, change.record_id, change.label, change.field, "update",
                         change.old if forward else change.new, value)
            return
        if change.table == "evaluation_scores":
            key, code = change.record_id.rsplit("|", 1)
            self._write_score(key, code, value)
        else:
            self._write_site(change.record_id, value)
        self._record(change.table, change.record_id, change.label, change.field, "update",
                     change.old if forward else change.new, value)
