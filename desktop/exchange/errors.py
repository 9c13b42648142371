"""Errors of the xlsx exchange layer. Their text is Chinese, names the file and says what to do."""

from __future__ import annotations

from pathlib import Path


class ExchangeError(Exception):
    """Base of the exchange errors; ``str(exc)`` is the message to show."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class ExportError(ExchangeError):
    """An attachment workbook could not be written (or did not read back as written)."""


class ImportFileError(ExchangeError):
    """A file could not be read as a roster workbook."""

    def __init__(self, message: str, path: Path | None = None, sheet: str | None = None) -> None:
        super().__init__(message, path)
        self.sheet = sheet
