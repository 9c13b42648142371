"""Files someone chose or sent, before anything opens them: only an ordinary file is read (a folder, a
pipe, a device or a socket would be refused late, or hang the reader for ever), and each refusal says
what the path is and what to do."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.system.oserrors import os_error_text

_KINDS = ((stat.S_ISDIR, "是文件夹，不是文件，请选择文件夹中的文件"),
          (stat.S_ISFIFO, "不是普通文件（是管道），不能作为{use}，请选择保存在磁盘上的文件"),
          (stat.S_ISCHR, "不是普通文件（是设备），不能作为{use}，请选择保存在磁盘上的文件"),
          (stat.S_ISBLK, "不是普通文件（是设备），不能作为{use}，请选择保存在磁盘上的文件"),
          (stat.S_ISSOCK, "不是普通文件（是套接字），不能作为{use}，请选择保存在磁盘上的文件"))
LINK = "是快捷方式（符号链接），不是文件本身，请选择它指向的文件"
EML_EXTENSIONS = (".eml",)  # an e-mail saved as a file (desktop.exchange.eml_reader reads it)


def is_eml(path: Path) -> bool:
    """An e-mail file, by its name (deciding this does not load Python's e-mail modules)."""
    return path.suffix.lower() in EML_EXTENSIONS


def file_problem(path: Path, use: str, *, follow_links: bool = True) -> str | None:
    """Why ``path`` is not an ordinary file that can be read as ``use`` (佐证材料, 要导入的文件…), naming it;
    None when it is one. A symbolic link is refused unless ``follow_links`` (then its target is looked at)."""
    path = Path(path)
    name = f"“{path.name or path}”"
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:
        return f"找不到{name}，请检查文件是否已被移动或删除"
    except OSError as exc:
        return f"无法读取{name}（{os_error_text(exc)}）"
    if stat.S_ISLNK(info.st_mode):
        return f"{name}{LINK}"
    for test, why in _KINDS:
        if test(info.st_mode):
            return f"{name}{why.format(use=use)}"
    if not stat.S_ISREG(info.st_mode):
        return f"{name}不是普通文件，不能作为{use}，请选择保存在磁盘上的文件"
    return None
