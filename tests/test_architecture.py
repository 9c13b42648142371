"""The layout's rules, read from the imports of every module (not by review):

* imports point one way: system ← domain ← store, exchange ← services ← cli, ui; nothing imports
  ``desktop.cli`` but the program's entry (``desktop/__main__.py``); the window never runs a
  command-line module;
* Qt only under ``desktop/ui`` (and the entry), SQL only under ``desktop/store``, spreadsheet libraries
  only under ``desktop/exchange``;
* no import cycle, counting imports inside functions and under ``TYPE_CHECKING``;
* no file over 400 lines; ``__init__.py`` files hold a docstring only.

Each rule is a function of the import graph, so the tests at the end also show it failing on a
deliberately wrong graph.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop"
MAX_LINES = 400

# layer → the layers it may import (itself included)
ALLOWED = {
    "system": {"system"},
    "domain": {"system", "domain"},
    "store": {"system", "domain", "store"},
    "exchange": {"system", "domain", "exchange"},
    "services": {"system", "domain", "store", "exchange", "services"},
    "cli": {"system", "domain", "store", "exchange", "services", "cli"},
    "ui": {"system", "domain", "store", "exchange", "services", "ui"},
    "entry": {"system", "cli", "ui"},
}
# third-party packages that belong to one layer: (top-level import name, the layers allowed it, what it is)
OWNED = [
    ("PySide6", {"ui", "entry"}, "Qt"),
    ("sqlite3", {"store"}, "SQL"),
    ("sqlite_utils", {"store"}, "SQL"),
    ("openpyxl", {"exchange"}, "a spreadsheet library"),
    ("python_calamine", {"exchange"}, "a spreadsheet library"),
]


@dataclass
class Module:
    name: str  # desktop.domain.model
    lines: int = 0
    imports: dict[str, int] = field(default_factory=dict)  # imported module (desktop.* or a top name) → line
    init_body_ok: bool = True  # an __init__.py holding a docstring only


def layer_of(name: str) -> str:
    parts = name.split(".")
    if name == "desktop.__main__":
        return "entry"
    if len(parts) == 1:
        return "package"
    return parts[1]


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def read_module(path: Path, known: set[str], base: Path = ROOT) -> Module:
    rel = path.relative_to(base).with_suffix("")
    parts = list(rel.parts)
    is_package = parts[-1] == "__init__"
    name = ".".join(parts[:-1] if is_package else parts)
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    m = Module(name, len(text.splitlines()))
    if is_package:
        body = tree.body
        m.init_body_ok = (len(body) == 1 and isinstance(body[0], ast.Expr)
                          and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str))
    for node in ast.walk(tree):  # every import: top level, in functions, under TYPE_CHECKING
        if isinstance(node, ast.Import):
            for alias in node.names:
                m.imports.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, name, is_package)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                m.imports.setdefault(sub if sub in known else target, node.lineno)
    return m


def read_package(root: Path = PACKAGE) -> dict[str, Module]:
    paths = sorted(root.rglob("*.py"))
    known = set()
    for p in paths:
        parts = list(p.relative_to(root.parent).with_suffix("").parts)
        known.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return {m.name: m for m in (read_module(p, known, root.parent) for p in paths)}


def _owner(name: str, modules: dict[str, Module]) -> str | None:
    """The desktop module an imported name refers to (a package's module, or the package)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def layer_violations(modules: dict[str, Module]) -> list[str]:
    out = []
    for m in modules.values():
        own = layer_of(m.name)
        for target, line in m.imports.items():
            top = target.split(".")[0]
            if top == "desktop":
                dep = _owner(target, modules)
                if dep is None or dep == "desktop":
                    continue
                theirs = layer_of(dep)
                if own == "package" or theirs not in ALLOWED.get(own, set()):
                    out.append(f"{m.name}:{line} imports {dep} ({own} → {theirs})")
            else:
                for lib, layers, what in OWNED:
                    if top == lib and own not in layers:
                        out.append(f"{m.name}:{line} imports {lib} ({what} outside {'/'.join(sorted(layers))})")
    return out


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a cycle of imports."""
    graph = {name: sorted({d for t in m.imports if t.startswith("desktop.")
                           for d in [_owner(t, modules)] if d and d != name and d != "desktop"})
             for name, m in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def size_violations(modules: dict[str, Module]) -> list[str]:
    out = [f"{m.name}: {m.lines} lines (at most {MAX_LINES})" for m in modules.values() if m.lines > MAX_LINES]
    out += [f"{m.name}: __init__.py holds more than a docstring" for m in modules.values() if not m.init_body_ok]
    return out


# -- the rules on the real package -------------------------------------------------------------

def test_imports_point_one_way_and_libraries_stay_in_their_layer() -> None:
    assert layer_violations(read_package()) == []


def test_no_import_cycles() -> None:
    assert cycles(read_package()) == []


def test_files_are_small_and_init_files_hold_a_docstring_only() -> None:
    assert size_violations(read_package()) == []


def test_every_module_lives_in_a_layer() -> None:
    modules = read_package()
    stray = [n for n in modules if layer_of(n) not in ALLOWED and n != "desktop"]
    assert stray == []


# -- the rules fail on a deliberately wrong package ---------------------------------------------

def _fake(imports: dict[str, list[str]]) -> dict[str, Module]:
    return {name: Module(name, 10, {t: 1 for t in targets}) for name, targets in imports.items()}


def test_the_layer_rule_fails_on_a_domain_module_importing_the_window() -> None:
    modules = _fake({"desktop.domain.model": ["desktop.ui.window.main_window"],
                     "desktop.ui.window.main_window": []})
    assert layer_violations(modules) == [
        "desktop.domain.model:1 imports desktop.ui.window.main_window (domain → ui)"]


def test_the_layer_rule_fails_on_the_window_running_a_command_line_module() -> None:
    modules = _fake({"desktop.ui.sending.submit": ["desktop.cli.submit"], "desktop.cli.submit": []})
    assert layer_violations(modules) == ["desktop.ui.sending.submit:1 imports desktop.cli.submit (ui → cli)"]


def test_the_library_rule_fails_on_qt_in_a_service_and_sql_in_the_exchange() -> None:
    modules = _fake({"desktop.services.export": ["PySide6.QtCore"], "desktop.exchange.eml": ["sqlite3"]})
    assert sorted(layer_violations(modules)) == [
        "desktop.exchange.eml:1 imports sqlite3 (SQL outside store)",
        "desktop.services.export:1 imports PySide6 (Qt outside entry/ui)",
    ]


def test_the_cycle_rule_fails_on_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    store = tmp_path / "desktop" / "store"
    store.mkdir(parents=True)
    (tmp_path / "desktop" / "__init__.py").write_text('"""x"""\n', encoding="utf-8")
    (store / "__init__.py").write_text('"""x"""\n', encoding="utf-8")
    (store / "a.py").write_text("from desktop.store import b\n", encoding="utf-8")
    (store / "b.py").write_text("def later():\n    from .a import something\n", encoding="utf-8")
    modules = read_package(tmp_path / "desktop")
    assert cycles(modules) == [["desktop.store.a", "desktop.store.b"]]
    (store / "b.py").write_text("def later():\n    return 1\n", encoding="utf-8")
    assert cycles(read_package(tmp_path / "desktop")) == []


def test_the_size_rule_fails_on_a_long_file_and_a_busy_init() -> None:
    modules = {"desktop.ui.big": Module("desktop.ui.big", 401), "desktop.ui": Module("desktop.ui", 3, {}, False)}
    assert size_violations(modules) == ["desktop.ui.big: 401 lines (at most 400)",
                                        "desktop.ui: __init__.py holds more than a docstring"]
