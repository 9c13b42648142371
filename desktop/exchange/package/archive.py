"""Exchange packages (交换包): one office's part of the roster and its monthly reports in one file,
carried by USB stick or e-mail to the county (or city) that gathers them. Format: docs/exchange-format.md.

A package is a zip (extension ``.zctb``; ``.zip`` is read too) holding ``manifest.json`` (who made
it, when, with which version, its scope and counts, and the SHA-256 of the payload) and
``payload.json``. ``read_package`` refuses — with a Chinese message naming the file — anything
corrupt, truncated, tampered with, from a newer format or from another province, and caps sizes
(entries, uncompressed bytes, JSON nesting) so no file can exhaust memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop.domain.merge.provenance import Provenance
from desktop.domain.merge.types import EventItem, Incoming, IncomingRow, Source
from desktop.domain.model import ReportingUnit, Roster
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import compact
from desktop.domain.text_rules import text_problem
from desktop.exchange.errors import ImportFileError
from desktop.exchange.package.payload import PROVINCE, Payload, PayloadError, parse_payload, payload_of
from desktop.exchange.sniff import PACKAGE_EXTENSION as EXTENSION
from desktop.exchange.sniff import PACKAGE_MANIFEST as MANIFEST
from desktop.system.about import APP_NAME, __version__
from desktop.system.oserrors import os_error_text

FORMAT = "zhencun-tianbao-exchange"
FORMAT_VERSION = 1  # payload.events (四个一) is an optional addition: older readers ignore it
EXTENSIONS = (EXTENSION, ".zip")
PAYLOAD = "payload.json"

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PAYLOAD_BYTES = 32 * 1024 * 1024  # uncompressed
MAX_MANIFEST_BYTES = 64 * 1024
MAX_ENTRIES = 16
MAX_DEPTH = 8  # JSON nesting: payload → rosters → roster → towns → town → villages → village

_REDO = "请向报送单位重新索取，或重新复制一次"


class PackageError(ImportFileError):
    """A package that cannot be imported (or written); the message names the file."""


@dataclass
class Package:
    path: Path
    manifest: dict
    payload: Payload
    sha256: str  # of the whole file
    warnings: list[str] = field(default_factory=list)

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def made_by(self) -> str:
        return self.manifest["made_by"]["name"]

    @property
    def made_at(self) -> str:
        return self.manifest["made_at"]

    @property
    def scope(self) -> str:
        return self.manifest["scope"].get("name", "")

    def source(self) -> Source:
        made_by = self.manifest["made_by"]
        unit = ReportingUnit(made_by.get("region_code") or None, str(made_by.get("region_name") or ""),
                             str(made_by.get("office") or "")) if made_by.get("region_code") or made_by.get("office") \
            else ReportingUnit(None, "", self.made_by)
        return Source("package", self.path.name, self.made_by, self.package_id, self.made_at, self.sha256,
                      self.scope, self.manifest.get("app_version", ""), unit)

    def incoming(self) -> Incoming:
        """What the package brings, for desktop.domain.merge.preview.build_preview."""
        rows = [IncomingRow(t, origin or self.made_by)
                for roster, origins in zip(self.payload.rosters, self.payload.origins, strict=True)
                for t, origin in zip(roster.towns, origins, strict=True)]
        filled = {r.level: r.filled_on for r in self.payload.rosters if r.filled_on is not None}
        return Incoming(self.source(), rows, filled, list(self.payload.reports), list(self.payload.events),
                        dict(self.payload.evaluation))


# -- scope -------------------------------------------------------------------------------------
def select_scope(rosters: list[Roster], reports: list[MonthlyReport], name: str
                 ) -> tuple[str, list[Roster], list[MonthlyReport]]:
    """(scope kind, rosters, reports) of one county or town by name (县名、乡镇名 or 县名乡镇名).

    Raises ValueError with a Chinese message when the name matches nothing or is ambiguous.
    """
    key = compact(name)
    if not key:
        return "all", rosters, reports
    towns = [t for r in rosters for t in r.towns]
    kind = None
    if any(compact(t.county) == key for t in towns):
        kind, keep = "county", lambda t: compact(t.county) == key
    elif any(compact(t.town) == key or compact(t.county + t.town) == key for t in towns):
        counties = {compact(t.county) for t in towns if compact(t.town) == key}
        if len(counties) > 1:
            raise ValueError(f"有 {len(counties)} 个县（市、区）都有“{name}”，请写成“县名乡镇名”，如“{sorted(counties)[0]}{name}”")
        kind, keep = "town", lambda t: compact(t.town) == key or compact(t.county + t.town) == key
    if kind is None:
        raise ValueError(f"数据库中没有名为“{name}”的县（市、区）或乡镇（街道），请核对名称")
    picked = [Roster(r.level, r.filled_on, [t for t in r.towns if keep(t)]) for r in rosters]
    picked = [r for r in picked if r.towns]
    # the reports of the scope: filed under its name, and (for a county) its townships' reports, filed
    # under the town's name or 县名乡镇名
    units = {key}
    if kind == "county":
        units |= {compact(t.town) for r in picked for t in r.towns if t.town.strip()}
        units |= {compact(t.county + t.town) for r in picked for t in r.towns if t.town.strip()}
    else:
        units |= {compact(t.county + t.town) for r in picked for t in r.towns} | {
            compact(t.town) for r in picked for t in r.towns}
    return kind, picked, [rep for rep in reports if compact(rep.region) in units]


def events_in_scope(events: list[EventItem], scope: str) -> list[EventItem]:
    """The 四个一 records of a package: all for the whole database; for one county or town, only
    the records that came from it (our own records are the maker's, not the township's)."""
    key = compact(scope)
    if not key:
        return list(events)
    return [e for e in events if e.unit_name and key in compact(e.unit_name)]


# -- writing -----------------------------------------------------------------------------------
def default_name(unit: ReportingUnit, scope: str, when: datetime) -> str:
    who = re.sub(r'[\\/:*?"<>|\s]+', "", unit.display) or "未设置单位"
    part = f"-{compact(scope)}" if scope else ""
    return f"交换包-{who}{part}-{when.strftime('%Y%m%d-%H%M%S')}{EXTENSION}"


def write_package(out: Path, rosters: list[Roster], reports: list[MonthlyReport], unit: ReportingUnit,
                  provenance: dict[int, Provenance] | None = None, scope: str = "",
                  made_at: datetime | None = None, events: list[EventItem] | None = None,
                  evaluation: dict | None = None) -> Package:
    """Write a package of ``rosters`` (already limited to the scope) and ``reports`` to ``out``,
    atomically, then read it back; returns what was read back. Raises PackageError."""
    maker = unit.display
    if not maker:
        raise PackageError("填报单位未设置：交换包要写明是哪个单位制作的，请先在“设置 → 填报单位”中填写", out)
    made = (made_at or datetime.now()).replace(microsecond=0)
    payload = json.dumps(payload_of(rosters, reports, maker, provenance, events, evaluation), ensure_ascii=False,
                         separators=(",", ":")).encode("utf-8")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise PackageError(f"数据太多（{len(payload) // (1024 * 1024)} MB），无法写成一个交换包，请按县分别打包", out)
    towns = sum(len(r.towns) for r in rosters)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "app": APP_NAME, "app_version": __version__,
        "package_id": uuid.uuid4().hex, "made_at": made.isoformat(),
        "made_by": {"name": maker, "office": unit.office, "region_name": unit.region_name,
                    "region_code": unit.region_code or None},
        "province": PROVINCE,
        "scope": {"kind": "all" if not scope else _scope_kind(rosters, scope), "name": scope},
        "counts": {"towns": towns, "villages": sum(r.village_count for r in rosters), "reports": len(reports),
                   "events": len(events or [])},
        "payload": {"name": PAYLOAD, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()},
    }
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.writestr(PAYLOAD, payload)
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise PackageError(f"无法写入交换包“{out.name}”（{os_error_text(exc)}），请换一个位置", out) from exc
    package = read_package(out)
    if package.package_id != manifest["package_id"] or package.payload.towns != towns:
        raise PackageError(f"交换包“{out.name}”写入后读回不一致，请换一个位置重新导出", out)
    return package


def _scope_kind(rosters: list[Roster], scope: str) -> str:
    key = compact(scope)
    return "county" if any(compact(t.county) == key for r in rosters for t in r.towns) else "town"


# -- reading -----------------------------------------------------------------------------------
def read_package(path: Path) -> Package:
    """Read and check a package; raises PackageError (Chinese, naming the file) and never anything else."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackageError(f"找不到交换包“{name}”，请检查路径", path) from exc
    if size > MAX_FILE_BYTES:
        raise PackageError(f"文件“{name}”太大（{size // (1024 * 1024)} MB），不是本软件的交换包", path)
    try:
        data = path.read_bytes()
        manifest_bytes, payload_bytes = _entries(path, name)
    except zipfile.BadZipFile as exc:
        raise PackageError(f"交换包“{name}”已损坏或不完整（可能没有复制完），无法读取。{_REDO}", path) from exc
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise PackageError(f"交换包“{name}”无法读取（{exc}）。{_REDO}", path) from exc
    except PackageError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged zip can raise almost anything; never a traceback
        raise PackageError(f"交换包“{name}”已损坏，无法读取（{type(exc).__name__}）。{_REDO}", path) from exc
    manifest = _manifest(_json(manifest_bytes, path, MANIFEST), name, path)
    if hashlib.sha256(payload_bytes).hexdigest() != manifest["payload"]["sha256"] or len(
            payload_bytes) != manifest["payload"].get("size", len(payload_bytes)):
        raise PackageError(f"交换包“{name}”校验失败：内容与校验码（SHA-256）不符，文件可能被修改或损坏，"
                           f"不能导入。{_REDO}", path)
    try:
        payload = parse_payload(_json(payload_bytes, path, PAYLOAD))
    except PayloadError as exc:
        if "其他省份" in str(exc):
            raise PackageError(f"交换包“{name}”{exc}，不能导入", path) from exc
        raise PackageError(f"交换包“{name}”的内容不正确（{exc}），不能导入。{_REDO}", path) from exc
    except PackageError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a crafted payload triggers, refuse it cleanly
        raise PackageError(f"交换包“{name}”的内容不正确（{type(exc).__name__}），不能导入。{_REDO}", path) from exc
    counts = manifest["counts"]
    if (counts.get("towns"), counts.get("villages"), counts.get("reports")) != (
            payload.towns, payload.villages, len(payload.reports)):
        raise PackageError(f"交换包“{name}”的清单与内容的数量不一致，文件可能被修改过，不能导入。{_REDO}", path)
    return Package(path, manifest, payload, hashlib.sha256(data).hexdigest())


def _entries(path: Path, name: str) -> tuple[bytes, bytes]:
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackageError(f"文件“{name}”含有 {len(infos)} 个文件，不是本软件的交换包", path)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names:
            raise PackageError(f"文件“{name}”是 Excel 工作簿，不是交换包", path)
        if MANIFEST not in names or PAYLOAD not in names:
            missing = "、".join(n for n in (MANIFEST, PAYLOAD) if n not in names)
            raise PackageError(f"文件“{name}”不是本软件的交换包（缺少 {missing}），请选择扩展名为 {EXTENSION} 的交换包文件",
                               path)
        return _read_capped(zf, MANIFEST, MAX_MANIFEST_BYTES, name, path), _read_capped(
            zf, PAYLOAD, MAX_PAYLOAD_BYTES, name, path)


def _read_capped(zf: zipfile.ZipFile, entry: str, cap: int, name: str, path: Path) -> bytes:
    info = zf.getinfo(entry)
    too_big = PackageError(f"交换包“{name}”中的 {entry} 解压后超过 {cap // 1024} KB，不是正常的交换包，"
                           f"已拒绝读取", path)
    if info.file_size > cap:
        raise too_big
    with zf.open(info) as fh:
        data = fh.read(cap + 1)  # the declared size can lie: never read more than the cap
    if len(data) > cap:
        raise too_big
    return data


def _json(data: bytes, path: Path, entry: str) -> object:
    name = path.name
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageError(f"交换包“{name}”中的 {entry} 不是 UTF-8 文本，文件已损坏。{_REDO}", path) from exc
    except RecursionError as exc:  # nesting deeper than the parser's limit (about a thousand levels)
        raise PackageError(f"交换包“{name}”中的 {entry} 嵌套层数过多，不是正常的交换包，已拒绝读取", path) from exc
    except ValueError as exc:
        raise PackageError(f"交换包“{name}”中的 {entry} 不是有效的 JSON，文件已损坏。{_REDO}", path) from exc
    depth = json_depth(value)
    if depth > MAX_DEPTH:
        raise PackageError(f"交换包“{name}”中的 {entry} 嵌套层数过多（{depth} 层），不是正常的交换包，已拒绝读取", path)
    return value


def json_depth(value: object) -> int:
    """Deepest nesting of parsed JSON (a scalar is 0, [] or {} is 1), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _manifest(data: object, name: str, path: Path) -> dict:
    def bad(why: str) -> PackageError:
        return PackageError(f"交换包“{name}”的清单（manifest.json）不正确：{why}。{_REDO}", path)

    if not isinstance(data, dict):
        raise bad("应为对象")
    if data.get("format") != FORMAT:
        raise PackageError(f"文件“{name}”不是本软件的交换包（格式标识为“{str(data.get('format'))[:40]}”）", path)
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad(f"格式版本“{version}”不正确")
    if version > FORMAT_VERSION:
        raise PackageError(
            f"交换包“{name}”由更新版本的本软件制作（{data.get('app_version', '未知版本')}，交换包格式第 {version} 版），"
            f"当前软件版本 {__version__} 只支持到第 {FORMAT_VERSION} 版，请升级软件后再导入", path)
    if data.get("province") != PROVINCE:
        raise PackageError(f"交换包“{name}”是其他省份的数据（省份代码“{str(data.get('province'))[:10]}”），"
                           f"本软件只接收四川省（51）的数据，不能导入", path)
    made_by = data.get("made_by")
    if not isinstance(made_by, dict) or not isinstance(made_by.get("name"), str) or not made_by["name"].strip():
        raise bad("没有写明制作单位")
    code = made_by.get("region_code")
    if code is not None and (not isinstance(code, str) or not code.startswith(PROVINCE)):
        raise PackageError(f"交换包“{name}”的制作单位不在四川省（区划代码“{str(code)[:12]}”），不能导入", path)
    for key, label, kind in (("name", "制作单位", "unit"), ("office", "制作单位的单位名称", "office"),
                             ("region_name", "制作单位的地区", "name")):
        value = made_by.get(key) or ""
        problem = text_problem(value, kind) if isinstance(value, str) else None
        if not isinstance(value, str) or problem is not None:
            raise bad(f"{label}{problem.what if problem else '应为文字'}")
    for key in ("package_id", "made_at"):
        if not isinstance(data.get(key), str) or not data[key] or len(data[key]) > 64:
            raise bad(f"缺少 {key}")
    try:
        datetime.fromisoformat(data["made_at"])
    except ValueError as exc:
        raise bad(f"制作时间“{data['made_at']}”格式不正确") from exc
    scope, counts, payload = data.get("scope"), data.get("counts"), data.get("payload")
    if not isinstance(scope, dict) or not isinstance(scope.get("name", ""), str) or text_problem(
            scope.get("name", ""), "unit") is not None:
        raise bad("范围（scope）不正确")
    if not isinstance(counts, dict):
        raise bad("数量（counts）不正确")
    if not isinstance(payload, dict) or not isinstance(payload.get("sha256"), str):
        raise bad("缺少数据的校验码")
    return data
