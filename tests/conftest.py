"""Shared fixtures: offscreen Qt, a fresh temporary database per test, the shipped gazetteer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test's user data (default db, logs, backups) inside its own temp folder."""
    folder = tmp_path / "用户 数据"
    monkeypatch.setenv("ZHENCUN_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def gaz():
    from desktop.domain.places.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path with Chinese characters and a space in it."""
    return tmp_path / "县 政务中心" / "试点 名单.sqlite"


@pytest.fixture
def store(db_path: Path):
    from desktop.store.database import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every QMessageBox.warning/information/critical shown, as (kind, title, text); answers OK."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, title, text, *a, _k=kind, **kw:
                            shown.append((_k, title, text)) or QMessageBox.StandardButton.Ok)
    return shown


def realworld(name: str) -> Path:
    path = SHARED / "realworld-xlsx" / name
    if not path.exists():
        pytest.skip("shared/realworld-xlsx is not beside the project")
    return path
