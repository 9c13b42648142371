"""Set up a fresh machine and run the app or the tests: ``python3 tools/dev.py run|test [args]``.

``python3 tools/dev.py windows`` builds the Windows installer and zip on Linux (tools/windows.py);
``python3 tools/dev.py check-windows`` installs them under Wine and checks them (tools/check_windows.py).

Creates ``.venv`` beside the project, installs the project with pip (pinned Qt), and on
Debian/Ubuntu installs the few system packages Qt needs (fonts for Chinese, xcb libraries).
Works on Windows too (no system packages needed there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3",
    "libglib2.0-0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
    "libxcb-xkb1", "libxcb-cursor0", "libxcb-shape0", "libxcb-randr0", "libxcb-xinerama0",
    "fonts-wqy-microhei", "xvfb", "xauth", "poppler-utils",
]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def debian_packages() -> None:
    if not sys.platform.startswith("linux") or not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return
    missing = [p for p in DEBIAN_PACKAGES if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True).stdout.find("ok installed") < 0]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("installing Debian packages:", " ".join(missing), flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)


def setup(extras: str) -> Path:
    debian_packages()
    if not venv_python().exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    py = venv_python()
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", target],
                   cwd=ROOT, check=True)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "windows", "check-windows"):
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd in ("windows", "check-windows"):
        py = setup("")  # pip (the Windows wheels) and openpyxl (reading the exports back)
        script = "windows.py" if cmd == "windows" else "check_windows.py"
        return subprocess.call([str(py), str(ROOT / "tools" / script), *rest], cwd=ROOT)
    if cmd == "run":
        py = setup("")
        return subprocess.call([str(py), "-m", "desktop", *rest], cwd=ROOT)
    py = setup("test")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    folders = [d for d in ("desktop", "tests", "tools", "benchmarks") if (ROOT / d).is_dir()]
    lint = subprocess.call([str(py), "-m", "ruff", "check", *folders], cwd=ROOT)
    tests = subprocess.call([str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", *rest], cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
