"""Tests of desktop.exchange: reading and writing workbooks (rosters, monthly reports, the evaluation
checklist), exchange packages, e-mail drafts, and files that are broken, hostile or merely messy
(the corpus in tests/corpus). Some run the import through the command line, as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """The folder exports are written to (two levels, Chinese and spaces), not created by the writer."""
    folder = tmp_path / "导出 文件" / "泸州 市"
    folder.mkdir(parents=True)
    return folder
