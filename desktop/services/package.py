"""Exchange packages (.zctb), made alike by 文件 → 导出交换包… and ``python -m desktop package``:
the whole database or one scope (a county or a town), written, read back and kept in the 报送记录.

``plan_package`` reads the store, ``write_package_file`` writes (no store: may run off the GUI
thread), ``finish_package`` records; ``make_package`` runs the three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.model import ReportingUnit, Roster, Settings
from desktop.domain.monthly.report import MonthlyReport
from desktop.services.common import (
    NothingToDo,
    ServiceError,
    check_target,
    ensure_writable,
    finish_or_remove,
    free_name,
)

if TYPE_CHECKING:
    from desktop.domain.findings import Finding
    from desktop.domain.merge.provenance import Provenance
    from desktop.domain.merge.types import EventItem
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.exchange.package.archive import Package
    from desktop.store.database import Store


@dataclass
class PackagePlan:
    settings: Settings
    scope: str  # '' for the whole database, else a county or town name
    rosters: list[Roster]  # limited to the scope
    reports: list[MonthlyReport]
    provenance: dict[int, Provenance] = field(default_factory=dict)
    events: list[EventItem] = field(default_factory=list)
    evaluation: dict | None = None  # the 验收评估 scores: whole database only
    existing: frozenset[Path] = frozenset()  # the package file when it was there before: never removed

    @property
    def drafts(self) -> list[MonthlyReport]:
        return [r for r in self.reports if r.status != "exported"]


def plan_package(store: Store, scope: str = "") -> PackagePlan:
    """What a package of ``scope`` holds. ServiceError: no unit set, an unknown or ambiguous scope,
    nothing to pack."""
    from desktop.domain.merge.types import EventItem
    from desktop.exchange.package.archive import events_in_scope, select_scope

    settings = store.settings()
    if not settings.unit.display:
        raise ServiceError("填报单位未设置：交换包要写明是哪个单位制作的，请先在“设置 → 填报单位”中填写")
    rosters, reports = store.load_rosters(), store.reports()
    if not any(r.towns for r in rosters) and not reports:
        raise NothingToDo("数据库中没有可打包的名单或月报数据")
    scope = scope.strip()
    try:
        _, rosters, reports = select_scope(rosters, reports, scope)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    events = [EventItem(e.kind, e.done_on, e.note, e.unit_name) for e in store.events()]
    return PackagePlan(settings, scope, rosters, reports, store.provenances(), events_in_scope(events, scope),
                       store.evaluation_rows() if not scope else None)


def package_path(out: Path, plan: PackagePlan, when: datetime | None = None, *, folder: bool = False) -> Path:
    """``out`` itself (with the .zctb extension added when missing), or in a folder (an existing one, or
    ``folder``: made when missing) the default name."""
    from desktop.exchange.package.archive import EXTENSION, EXTENSIONS, default_name

    if folder or out.is_dir():  # the folder is made when the package is written
        return free_name(out / default_name(plan.settings.unit, plan.scope, when or datetime.now()))
    if out.suffix.lower() not in EXTENSIONS:
        return out.with_name(out.name + EXTENSION)
    return out


def file_name(unit: ReportingUnit, scope: str, when: datetime) -> str:
    """交换包-<填报单位>[-<范围>]-<YYYYmmdd>.zctb: the name the window proposes (without the time of day)."""
    from desktop.exchange.package.archive import EXTENSION, default_name

    stem = default_name(unit, scope, when)[: -len(EXTENSION)]
    return stem.rpartition("-")[0] + EXTENSION


def write_package_file(plan: PackagePlan, path: Path) -> Package:
    """Write and read back (no store). Raises ServiceError."""
    from desktop.exchange.package.archive import PackageError, write_package

    plan.existing = frozenset({path}) if path.is_file() else frozenset()
    try:
        return write_package(path, plan.rosters, plan.reports, plan.settings.unit, plan.provenance, plan.scope,
                             events=plan.events, evaluation=plan.evaluation)
    except PackageError as exc:
        raise ServiceError(str(exc)) from exc


def finish_package(store: Store, plan: PackagePlan, path: Path) -> int:
    """Keep the package in the 报送记录; returns the record's id. When the database refuses (busy, a full
    disk) the package is removed and ServiceError names the cause."""
    from desktop.services.records import record_sent

    return finish_or_remove(store, [path], lambda: record_sent(store, "交换包", plan.rosters, plan.reports, [path]),
                            plan.existing)


def make_package(store: Store, out: Path, scope: str = "", *, folder: bool = False, replace: bool = False
                 ) -> tuple[PackagePlan, Path, Package]:
    """The package of ``scope`` written at ``package_path`` and recorded (the command line; ExistingFile
    when a file is there and not to be ``replace``d)."""
    plan = plan_package(store, scope)
    ensure_writable(store)  # the package is recorded, or nothing is written
    path = package_path(out, plan, folder=folder)
    check_target(path, replace=replace)
    package = write_package_file(plan, path)
    finish_package(store, plan, path)
    return plan, path, package


def counts_text(package: Package) -> str:
    """“3 个乡镇（街道），30 个村（社区），2 份月报，1 条四个一记录”."""
    c = package.manifest["counts"]
    events = f"，{c['events']} 条四个一记录" if c.get("events") else ""
    return f"{c['towns']} 个乡镇（街道），{c['villages']} 个村（社区），{c['reports']} 份月报{events}"


def roster_errors(findings: list[Finding], plan: PackagePlan) -> list[Finding]:
    """The roster errors a package carries: all of them for the whole database, else its towns' errors.

    A package is not refused for them (unlike 导出): it is how a township's part reaches the county,
    which gathers, checks and corrects; the window asks first, the command line warns."""
    errors = [f for f in findings if f.is_error]
    if not plan.scope:
        return errors
    ids = {t.id for r in plan.rosters for t in r.towns}
    return [f for f in errors if f.location.town_id in ids]


def package_errors(store: Store, gaz: Gazetteer, plan: PackagePlan) -> list[Finding]:
    from desktop.domain.roster.rules import check_all

    return roster_errors(check_all(store.load_rosters(), gaz, store.settings()), plan)


def errors_note(errors: list[Finding]) -> str:
    """What a package with roster errors is told ('' when none)."""
    if not errors:
        return ""
    from desktop.system.program import command_text

    return (f"名单中还有 {len(errors)} 个错误，交换包照常写出，这些错误会随包带给汇总单位；"
            f"请改正后重新打包发送（{command_text('check', '--db', '数据库')} 列出每个错误）")


def drafts_note(plan: PackagePlan) -> str:
    """A reminder when the package holds reports not yet exported as final ('' when none)."""
    if not plan.drafts:
        return ""
    names = "、".join(f"{r.region}{r.month.label}（{r.status_label}）" for r in plan.drafts)
    return f"包中的月报{names}尚未导出定稿；定稿后请重新打包发送"
