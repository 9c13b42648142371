"""The virtual screen of the Windows check (tools/check_windows.py): Xvfb, finding Wine's windows by
their title with xdotool, and screenshots of one window (xwd -id) that must not be blank.

Capturing the root window under Xvfb gives a black picture where Wine's windows are: each window is
captured by its own X id instead, and a picture of fewer than a few colours is refused as blank.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

MIN_COLOURS = 8  # a real window has text, borders and anti-aliasing; a blank capture is one colour


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    for n in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            display = f":{n}"
            proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.5)
            return proc, display
    raise SystemExit("no free X display for Xvfb")


def _x(display: str) -> dict[str, str]:
    return {**os.environ, "DISPLAY": display}


def windows_named(display: str, name: str) -> list[str]:
    """The X ids of the visible windows whose title contains ``name`` ('' for every titled one)."""
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], capture_output=True, text=True,
                       env=_x(display))
    return r.stdout.split()


def window_named(display: str, name: str) -> str | None:
    """The id of the last shown window whose title contains ``name``; None when there is none."""
    found = windows_named(display, name)
    return found[-1] if found else None


def wait_window(display: str, name: str, timeout: float) -> float | None:
    """Seconds until a window titled ``name`` is shown; None after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if windows_named(display, name):
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def wait_new_window(display: str, before: list[str], timeout: float) -> str | None:
    """The id of a window shown after ``before`` was listed; None after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        new = [w for w in windows_named(display, "") if w not in before]
        if new:
            return new[-1]
        time.sleep(0.2)
    return None


def press(display: str, key: str) -> None:
    """A key, to the window that has the keyboard (a message box takes it when it opens)."""
    subprocess.run(["xdotool", "key", key], env=_x(display), capture_output=True, timeout=30)


def colours(pnm: bytes) -> int:
    """How many colours a binary PPM (P6; 8 or 16 bits a sample, as xwdtopnm writes it) holds, counted up
    to MIN_COLOURS."""
    fields: list[bytes] = []
    at = 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' comments are not written by xwdtopnm
        while pnm[at:at + 1].isspace():
            at += 1
        end = at
        while end < len(pnm) and not pnm[end:end + 1].isspace():
            end += 1
        fields.append(pnm[at:end])
        at = end
    if fields[0] != b"P6":
        raise ValueError("not a binary PPM")
    size = 3 if int(fields[3]) < 256 else 6  # bytes a pixel
    pixels = memoryview(pnm)[at + 1:]
    seen: set[bytes] = set()
    for i in range(0, len(pixels) - size + 1, size):
        seen.add(bytes(pixels[i:i + size]))
        if len(seen) >= MIN_COLOURS:
            break
    return len(seen)


def is_blank(pnm: bytes) -> bool:
    return colours(pnm) < MIN_COLOURS


def screenshot(display: str, out: Path, window: str | None = "root") -> bool:
    """Save the window ``window`` (an X id; "root": the whole screen) as a PNG; False when there is no
    such window, the capture failed or the picture is blank."""
    if window is None:
        return False
    target = ["-root"] if window == "root" else ["-id", window]
    xwd = subprocess.run(["xwd", *target, "-silent", "-display", display], capture_output=True)
    if xwd.returncode != 0:
        return False
    pnm = subprocess.run(["xwdtopnm"], input=xwd.stdout, capture_output=True)
    if pnm.returncode != 0 or not pnm.stdout:
        return False
    png = subprocess.run(["pnmtopng"], input=pnm.stdout, capture_output=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(png.stdout)
    return png.returncode == 0 and not is_blank(pnm.stdout)
