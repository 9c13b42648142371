"""``python -m desktop submit`` (报送: check, export, an e-mail draft with the files, a record) and
``python -m desktop history`` (the 报送记录: list, compare, save a past version's files again)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.main import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, CliError, _gazetteer, _open

RECIPIENT_KEY = "recipient"


def check_address(text: str) -> str:
    from desktop.services.submit import address_problem

    problem = address_problem(text)
    if problem:
        raise CliError(problem)
    return text.strip()


def add_parsers(sub) -> None:
    s = sub.add_parser("submit", help="报送：检查、导出文件并写出电子邮件草稿（.eml），记入报送记录")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--out", type=Path, required=True, help="放导出文件和邮件草稿的文件夹")
    s.add_argument("--month", metavar="YYYY-MM", help="同时报送该月的月报（如 2021-04）")
    s.add_argument("--no-rosters", action="store_true", help="只报送月报，不附名单")
    s.add_argument("--to", help="收件人地址（默认用设置中的收件人）")
    h = sub.add_parser("history", help="报送记录：列出每次导出和报送；比较版本；重新保存当时的文件")
    h.add_argument("--db", type=Path, required=True)
    h.add_argument("--diff", type=int, nargs="+", metavar="ID", help="与今天的数据比较（给两个编号则两版比较）")
    h.add_argument("--save", type=int, metavar="ID", help="把该次的文件按原样保存到 --out")
    h.add_argument("--out", type=Path)


def cmd_submit(ns: argparse.Namespace) -> int:
    from desktop.services.submit import SubmitError, submit

    if ns.no_rosters and not ns.month:
        raise CliError("没有要报送的内容：--no-rosters 时请用 --month 指定月报")
    store = _open(ns.db)
    try:
        recipient = ns.to if ns.to is not None else store.get_meta(RECIPIENT_KEY)
        try:
            result = submit(store, _gazetteer(), ns.out, recipient, month=ns.month, rosters=not ns.no_rosters)
        except SubmitError as exc:
            raise CliError(str(exc)) from exc
    finally:
        store.close()
    if result is None:
        return EXIT_FINDINGS
    print(f"已写出邮件草稿 {result.draft}（收件人 {result.recipient}，{len(result.files)} 个附件）")
    print(f"主题：{result.subject}")
    print(f"已记入报送记录 #{result.record_id}（python -m desktop history 查看）")
    return EXIT_OK


def cmd_history(ns: argparse.Namespace) -> int:
    from desktop.domain.monthly.indicators import load_indicators
    from desktop.domain.submission import diff_snapshots, snapshot_of

    if not ns.db.exists():
        raise CliError(f"找不到数据库“{ns.db}”，请检查路径")
    store = _open(ns.db)
    try:
        if ns.save is not None:
            return _save(store, ns.save, ns.out)
        if ns.diff:
            labels = {i.code: i.label for i in load_indicators().indicators}
            old = _get(store, ns.diff[0])
            if len(ns.diff) > 1:
                new, against = _get(store, ns.diff[1]).snapshot, f"#{ns.diff[1]}"
            else:
                new, against = snapshot_of(store.load_rosters(), store.reports()), "今天的数据"
            lines = diff_snapshots(old.snapshot, new, labels)
            print(f"#{old.id}（{old.at.replace('T', ' ')} {old.kind}）→ {against}：" +
                  (f"{len(lines)} 处改动" if lines else "没有改动"))
            for line in lines:
                print(f"  {line}")
            return EXIT_OK
        records = store.submissions()
        if not records:
            print("还没有导出或报送记录")
        for r in records:
            to = f" → {r.recipient}" if r.recipient else ""
            print(f"#{r.id}\t{r.at.replace('T', ' ')}\t{r.kind}\t{r.user}{to}\t{r.subject}")
            for f in r.files:
                print(f"\t\t{f.name}\tSHA-256 {f.sha256}")
        return EXIT_OK
    finally:
        store.close()


def _get(store, sid: int):
    record = store.submission(sid)
    if record is None:
        raise CliError(f"没有编号为 {sid} 的报送记录，请用 python -m desktop history 查看编号")
    return record


def _save(store, sid: int, out: Path | None) -> int:
    if out is None:
        raise CliError("请用 --out 指定保存文件的文件夹")
    record = _get(store, sid)
    from desktop.exchange.safe_write import atomic_write_bytes

    try:
        out.mkdir(parents=True, exist_ok=True)
        for f in record.files:
            atomic_write_bytes(out / f.name, f.content)
            print(f"已保存 {out / f.name}（SHA-256 {f.sha256}）")
    except OSError as exc:
        from desktop.system.oserrors import os_error_text

        raise CliError(f"无法写入文件夹“{out}”（{os_error_text(exc)}），请换一个文件夹") from exc
    return EXIT_OK


def main_submit(ns: argparse.Namespace) -> int:
    return cmd_submit(ns) if ns.command == "submit" else cmd_history(ns)


__all__ = ["add_parsers", "main_submit", "check_address", "RECIPIENT_KEY", "EXIT_FAILURE", "sys"]
