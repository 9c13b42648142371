"""What every service shares: the one error a service raises, and the message for a folder that
cannot be written."""

from __future__ import annotations

from pathlib import Path

from desktop.system.oserrors import os_error_text


class ServiceError(Exception):
    """Nothing was done (or what was begun was undone); the message is Chinese, names the place and
    says what to do. The window shows it in a dialog, the command line prints it and exits 2."""


class NothingToDo(ServiceError):
    """There is nothing to export, pack or send yet (not a fault: the window shows it as information)."""


def cannot_write(folder: Path, exc: OSError) -> ServiceError:
    return ServiceError(f"无法写入文件夹“{folder}”（{os_error_text(exc)}），请换一个文件夹")
