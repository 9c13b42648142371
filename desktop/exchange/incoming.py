"""Read whatever an office sent — exchange packages, roster workbooks, monthly report workbooks —
into ``Incoming`` items for the import preview (desktop.domain.merge.preview.build_preview).

Every file is read before anything is compared or written; the first file that cannot be read
stops the import with an ImportFileError whose Chinese message names it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.domain.dates import format_moment
from desktop.domain.merge.types import Incoming, Source
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.units import unit_from_office
from desktop.exchange.errors import ExchangeError, ImportFileError
from desktop.exchange.files import file_problem
from desktop.exchange.sniff import is_monthly_workbook, is_package
from desktop.exchange.xlsx.guard import MAX_WORKBOOK_BYTES


def _sha256(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_WORKBOOK_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _is_monthly(path: Path) -> bool:
    try:
        return is_monthly_workbook(path)
    except Exception:  # noqa: BLE001 - a file it cannot judge is left to the roster reader's messages
        return False


def _read_monthly(path: Path) -> tuple[Incoming, list[str]]:
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.exchange.monthly.reader import read_monthly_workbook

    try:
        result = read_monthly_workbook(path, load_indicators())
    except ExchangeError as exc:
        raise ImportFileError(str(exc), path) from exc
    except Exception as exc:  # noqa: BLE001 - never a traceback for a file someone sent
        raise ImportFileError(f"无法读取月报工作簿“{path.name}”（{type(exc).__name__}: {exc}）。"
                              f"请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入", path) from exc
    source = Source("monthly", path.name, result.report.region, sha256=result.sha256)
    return Incoming(source, reports=[result.report]), [*result.messages, f"“{path.name}”按月报读取：1 份月报"]


def read_incoming(paths: list[Path], gaz: Gazetteer) -> tuple[list[Incoming], list[str]]:
    """Each file as one Incoming (in the given order), and the messages of reading them."""
    out: list[Incoming] = []
    messages: list[str] = []
    for path in map(Path, paths):
        problem = file_problem(path, "要导入的文件")
        if problem is not None:  # a folder, a pipe (which would hang the readers), a device…
            raise ImportFileError(problem, path)
        if is_package(path):
            from desktop.exchange.package.archive import read_package

            package = read_package(path)
            counts = package.manifest["counts"]
            scope = f"（范围：{package.scope}）" if package.scope else ""
            messages.append(f"“{path.name}”是交换包：{package.made_by} 于 {format_moment(package.made_at)} 制作{scope}，"
                            f"{counts['towns']} 个乡镇（街道），{counts['villages']} 个村（社区），"
                            f"{counts['reports']} 份月报")
            out.append(package.incoming())
            continue
        if _is_monthly(path):
            incoming, notes = _read_monthly(path)
            out.append(incoming)
            messages.extend(notes)
            continue
        from desktop.exchange.roster.reader import read_roster_workbooks

        result = read_roster_workbooks([path], gaz)
        messages.extend(result.messages)
        office = result.unit_names[0] if result.unit_names else ""
        source = Source("workbook", path.name, office, sha256=_sha256(path),
                        unit=unit_from_office(gaz, office) if office else None)
        out.append(Incoming.from_rosters(source, result.rosters))
    return out, messages
