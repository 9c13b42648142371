"""The one place that finds shipped files, from source and when frozen (PyInstaller)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def project_root() -> Path:
    """Folder holding ``resources/`` and ``templates_xlsx/``.

    Frozen: PyInstaller unpacks data next to the executable (``sys._MEIPASS``).
    From source: the repository root, the folder holding the ``desktop`` package.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return project_root() / "resources"


def templates_dir() -> Path:
    return project_root() / "templates_xlsx"


def gazetteer_dir() -> Path:
    return resources_dir() / "gazetteer"


def default_data_dir() -> Path:
    """Per-user data folder, without Qt (the CLI must not import Qt).

    Matches QStandardPaths.AppDataLocation closely enough: %APPDATA% on Windows,
    XDG data home elsewhere. ``ZHENCUN_DATA_DIR`` overrides (tests, portable use).
    """
    override = os.environ.get("ZHENCUN_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "zhencun-tianbao"


def default_db_path() -> Path:
    return default_data_dir() / "填报数据.sqlite"
