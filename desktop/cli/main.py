"""Command line: the window, and scriptable commands that need no display and never import Qt.

    python -m desktop [--db FILE] [--demo] [FILE…]  the window (then imports FILE: a .zctb double-clicked)
    python -m desktop demo --db FILE                write the demo data into FILE
    python -m desktop import --db FILE [--dry-run] PATH...  import workbooks and exchange packages
    python -m desktop package --db FILE --out PATH [--unit NAME]  write an exchange package (.zctb)
    python -m desktop check --db FILE               print every finding; exit 1 on errors
    python -m desktop export --db FILE --out DIR    write the official workbooks; exit 1 on errors
    python -m desktop backup --db FILE --out PATH   a consistent copy of the database
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from desktop.system.about import APP_NAME, __version__, start_collecting
from desktop.system.oserrors import os_error_text
from desktop.system.paths import default_data_dir, default_db_path

COMMANDS = ("demo", "import", "check", "export", "backup", "package", "settings", "submit", "history",
            "evaluation")
EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


class CliError(Exception):
    """A failure reported as one Chinese line on stderr, exit code 2."""


def window_args(args: Sequence[str]) -> tuple[Path | None, bool] | None:
    """The window's usual arguments (none, ``--db FILE``, ``--demo``) read without argparse, which
    takes 3 ms at start looking for translations of its own messages; None for anything else
    (help, version, mistakes), which argparse then handles."""
    db, demo, rest = None, False, list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo":
            demo = True
        elif arg == "--db" and rest and rest[0] and not rest[0].startswith("-"):
            db = Path(rest.pop(0))
        elif arg.startswith("--db=") and len(arg) > len("--db="):
            db = Path(arg[len("--db="):])
        else:
            return None
    return db, demo


def _window_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m desktop", description=f"{APP_NAME}（{__version__}）")
    p.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹中；不存在则新建）")
    p.add_argument("--demo", action="store_true", help="打开填好示例名单的演示数据库")
    p.add_argument("--version", action="version", version=__version__)
    p.add_argument("files", type=Path, nargs="*", metavar="FILE",
                   help="打开窗口后导入的交换包（.zctb）或工作簿（双击 .zctb 文件时由系统传入）")
    p.epilog = "命令：demo、import、check、export、backup、package、settings、submit、history、evaluation（python -m desktop 命令 --help 查看用法）"
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m desktop")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="把演示数据写入数据库")
    d.add_argument("--db", type=Path, required=True)
    i = sub.add_parser("import", help="导入名单工作簿（.xlsx）、月报工作簿和交换包（.zctb）")
    i.add_argument("--db", type=Path, required=True)
    i.add_argument("--dry-run", action="store_true", help="只列出将新增、修改、跳过和冲突的记录，不改动数据库")
    i.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    c = sub.add_parser("check", help="列出全部校验结果；有错误时退出码为 1")
    c.add_argument("--db", type=Path, required=True)
    e = sub.add_parser("export", help="导出正式报表；有错误时不写文件，退出码为 1")
    e.add_argument("--db", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--month", metavar="YYYY-MM", help="同时导出该月的月报（如 2021-04）")
    b = sub.add_parser("backup", help="备份数据库（一致的副本；不必关闭程序）")
    b.add_argument("--db", type=Path, required=True)
    b.add_argument("--out", type=Path, required=True, help="备份文件路径，或一个文件夹")
    k = sub.add_parser("package", help="写出交换包（.zctb），交给县（市、区）或市（州）汇总")
    k.add_argument("--db", type=Path, required=True)
    k.add_argument("--out", type=Path, required=True, help="交换包文件路径，或一个文件夹")
    k.add_argument("--unit", default="", help="只打包一个县（市、区）或乡镇（街道）（名称）；默认整个数据库")
    s = sub.add_parser("settings", help="显示或修改设置：填报单位、名单截止日期、月报截止日")
    s.add_argument("--db", type=Path, required=True)
    s.add_argument("--region", help="地区：市（州）、县（市、区）、乡镇（街道）的名称或代码，或“四川省”；写空字符串清除")
    s.add_argument("--office", help="单位名称，如“泸州市政务服务管理局”")
    s.add_argument("--deadline", help="名单截止日期，如 2021-03-31；写空字符串清除")
    s.add_argument("--report-day", help="月报截止日（每月几日，1-28；0 为默认）")
    s.add_argument("--recipient", help="报送邮件的收件人地址（如上级单位的邮箱）；写空字符串清除")
    from desktop.cli.submit import add_parsers

    add_parsers(sub)
    from desktop.cli.evaluation import add_parser

    add_parser(sub)
    return p


def _open(path: Path, *, create: bool = False, write: bool = False):
    from desktop.store.database import DatabaseError, open_store

    if write:
        from desktop.system.lockinfo import window_holding

        busy = window_holding(path)
        if busy:
            raise CliError(busy)
    try:
        return open_store(path, create=create)
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc


def _gazetteer():
    from desktop.domain.places.gazetteer import load_gazetteer

    return load_gazetteer()


def cmd_import(db: Path, paths: Sequence[Path], dry_run: bool = False) -> int:
    """Read every file first (a bad one changes nothing, exit 2), preview, then apply all but conflicts."""
    from desktop.domain.merge.preview import LocalState, build_preview
    from desktop.domain.merge.text import render_outcome, render_preview
    from desktop.exchange.errors import ImportFileError
    from desktop.exchange.incoming import read_incoming

    paths = _expand_folders(paths)
    gaz = _gazetteer()
    try:
        incoming, messages = read_incoming(list(paths), gaz)
    except ImportFileError as exc:
        raise CliError(str(exc)) from exc
    for line in messages:
        print(line)
    if dry_run:
        local = _local_state(db) if db.exists() else LocalState()
        for line in render_preview(build_preview(local, incoming, gaz)):
            print(line)
        print("（试运行：数据库没有任何改动）")
        return EXIT_OK
    from desktop.store.database import StoreError

    store = _open(db, create=True, write=True)
    try:
        preview = build_preview(store.local_state(), incoming, gaz)
        for line in render_preview(preview):
            print(line)
        plan = store.apply_import(preview, description="导入")
    except StoreError as exc:
        raise CliError(f"导入时数据库出错，本次导入没有写入任何内容（{exc}）") from exc
    finally:
        store.close()
    for line in render_outcome(plan):
        print(line)
    return EXIT_OK


IMPORTABLE = (".xlsx", ".xlsm", ".zctb", ".zip")


def _expand_folders(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder stands for the workbooks and packages directly inside it."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMPORTABLE
                            and not p.name.startswith(("~$", ".~")))
            if not inside:
                raise CliError(f"文件夹“{path}”中没有可导入的文件（.xlsx 工作簿或 .zctb 交换包），请检查路径")
            print(f"文件夹“{path}”：导入其中的 {len(inside)} 个文件")
            out.extend(inside)
        elif path.is_file():
            out.append(path)
        else:
            raise CliError(f"找不到文件“{path}”，请检查路径")
    return out


def _local_state(db: Path):
    """The database's state read from a throw-away copy: a dry run never writes to the file."""
    from desktop.store.database import DatabaseError
    from desktop.store.provenance import snapshot_store

    try:
        with snapshot_store(db) as store:
            return store.local_state()
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc


def cmd_package(db: Path, out: Path, unit: str = "") -> int:
    from desktop.exchange.package.archive import (
        EXTENSION,
        EXTENSIONS,
        PackageError,
        default_name,
        events_in_scope,
        select_scope,
        write_package,
    )

    store = _open(db)
    try:
        settings, rosters, reports = store.settings(), store.load_rosters(), store.reports()
        provenance = store.provenances()
        from desktop.domain.merge.types import EventItem

        events = [EventItem(e.kind, e.done_on, e.note, e.unit) for e in store.events()]
        evaluation = store.evaluation_rows()
    finally:
        store.close()
    try:
        _, rosters, reports = select_scope(rosters, reports, unit)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if not any(r.towns for r in rosters) and not reports:
        raise CliError("数据库中没有可打包的名单或月报数据")
    if out.is_dir():
        out = out / default_name(settings.unit, unit, datetime.now())
    elif out.suffix.lower() not in EXTENSIONS:
        out = out.with_name(out.name + EXTENSION)
    try:
        package = write_package(out, rosters, reports, settings.unit, provenance, scope=unit.strip(),
                                events=events_in_scope(events, unit), evaluation=evaluation if not unit.strip() else None)
    except PackageError as exc:
        raise CliError(str(exc)) from exc
    store = _open(db)
    try:
        from desktop.services.export import record_sent

        record_sent(store, "交换包", rosters, reports, [out])  # 报送记录
    finally:
        store.close()
    c = package.manifest["counts"]
    events_part = f"，{c['events']} 条四个一记录" if c.get("events") else ""
    print(f"已写出交换包 {out}：{c['towns']} 个乡镇（街道），{c['villages']} 个村（社区），{c['reports']} 份月报{events_part}；"
          f"制作单位 {package.made_by}，校验码（SHA-256）{package.manifest['payload']['sha256'][:16]}…")
    drafts = [r for r in reports if r.status != "exported"]
    if drafts:
        names = "、".join(f"{r.unit}{r.month.label}（{r.status_label}）" for r in drafts)
        print(f"提示：包中的月报 {names} 尚未导出定稿；定稿后请重新打包发送")
    return EXIT_OK


def _findings(store) -> list[tuple[object, str]]:
    """Roster findings, then each monthly report's (month order), each with the 说明 given for it
    ('' when none: an unanswered warning, or an error)."""
    from desktop.domain.findings import Severity
    from desktop.domain.monthly.all_checks import check_reports
    from desktop.domain.monthly.indicators import load_indicators
    from desktop.domain.monthly.rules import finding_key
    from desktop.domain.roster.rules import check_all

    rosters, settings = store.load_rosters(), store.settings()
    findings: list[tuple[object, str]] = [(f, "") for f in check_all(rosters, _gazetteer(), settings)]
    reports = store.reports()
    if reports:
        per_report = check_reports(reports, rosters, settings, load_indicators())
        for report in reports:
            for f in per_report[report.id]:
                key = finding_key(f) if f.severity is Severity.WARNING else None
                findings.append((f, (report.explanations.get(key) or "").strip() if key else ""))
    return findings


def cmd_check(db: Path) -> int:
    store = _open(db)
    try:
        findings = _findings(store)
    finally:
        store.close()
    for f, answer in findings:
        print(f"{f.line()}\t（已说明：{answer}）" if answer else f.line())
    errors = sum(f.is_error for f, _ in findings)
    answered = sum(bool(a) for _, a in findings)
    tail = f"（其中 {answered} 个已说明）" if answered else ""
    print(f"共 {errors} 个错误，{len(findings) - errors} 个警告{tail}", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_export(db: Path, out: Path, month: str | None = None) -> int:
    from desktop.domain.roster.rules import check_all
    from desktop.exchange.errors import ExportError
    from desktop.services.export import ExportRefused, run_export

    store = _open(db)
    try:
        roster_findings = check_all(store.load_rosters(), _gazetteer(), store.settings())
        return run_export(store, out, month, roster_findings)
    except (ExportRefused, ExportError) as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"无法写入文件夹“{out}”（{os_error_text(exc)}），请换一个文件夹") from exc
    finally:
        store.close()


def cmd_backup(db: Path, out: Path) -> int:
    from desktop.store.backup import backup_to

    store = _open(db)
    try:
        if out.is_dir():
            out = out / f"{db.stem}-备份-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
        if out.resolve() == db.resolve():
            raise CliError("备份文件不能与数据库是同一个文件，请换一个路径")
        try:
            backup_to(store.conn, out)
        except OSError as exc:
            raise CliError(f"无法写入备份“{out}”（{os_error_text(exc)}），请换一个路径") from exc
        counts = store.counts()
    finally:
        store.close()
    print(f"已备份到 {out}（{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区））")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        if args and args[0] in COMMANDS:
            start_collecting()  # a command may build much garbage (big workbooks)
            ns = _command_parser().parse_args(args)
            if ns.command == "demo":
                from desktop.cli.demo import cmd_demo

                return cmd_demo(ns.db)
            if ns.command == "import":
                return cmd_import(ns.db, ns.paths, ns.dry_run)
            if ns.command == "package":
                return cmd_package(ns.db, ns.out, ns.unit)
            if ns.command == "check":
                return cmd_check(ns.db)
            if ns.command == "evaluation":
                from desktop.cli.evaluation import cmd_evaluation

                return cmd_evaluation(ns)
            if ns.command in ("submit", "history"):
                from desktop.cli.submit import main_submit

                return main_submit(ns)
            if ns.command == "settings":
                from desktop.cli.settings import cmd_settings

                return cmd_settings(ns)
            if ns.command == "backup":
                return cmd_backup(ns.db, ns.out)
            return cmd_export(ns.db, ns.out, ns.month)
        quick = window_args(args)
        ns = (_window_parser().parse_args(args) if quick is None
              else argparse.Namespace(db=quick[0], demo=quick[1], files=[]))
        db = ns.db
        if db is not None and db.is_dir():
            raise CliError(f"“{db}”是一个文件夹，不是数据库文件：请写数据库文件的路径，如“{db / '填报数据.sqlite'}”")
        if ns.demo:
            db = db or default_data_dir() / "演示数据.sqlite"
            store = _open(db, create=True)
            empty = not store.counts()["towns"]
            store.close()
            if empty:
                from desktop.cli.demo import cmd_demo

                cmd_demo(db)
        from desktop.ui.app import run_app

        for path in ns.files:
            if not path.is_file():
                raise CliError(f"找不到要打开的文件“{path}”，请检查路径")
        return run_app(db or default_db_path(), demo=ns.demo, open_files=[p.resolve() for p in ns.files])
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        return EXIT_FAILURE
    except OSError as exc:  # a last resort: never a traceback, never the system's English text
        where = f"“{exc.filename}”" if getattr(exc, "filename", None) else ""
        print(f"错误：无法读写{where}（{os_error_text(exc)}），请检查路径和权限后重试", file=sys.stderr)
        return EXIT_FAILURE
