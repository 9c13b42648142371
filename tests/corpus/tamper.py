"""Bad exchange packages made from a good one: tampered, resealed with edited content, truncated."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path


def rezip(src: Path, dst: Path, **entries: bytes | None) -> Path:
    """A copy of a package with some entries replaced (or dropped with None); names use _ for ."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            key = item.filename.replace(".", "_")
            data = entries[key] if key in entries else zin.read(item.filename)
            if data is not None:
                zout.writestr(item.filename, data)
    return dst


def parts(path: Path) -> tuple[dict, dict]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), json.loads(zf.read("payload.json"))


def resealed(src: Path, dst: Path, manifest: dict, payload: object) -> Path:
    """A package whose checksum matches its (edited) payload: only the content checks can refuse it."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    manifest = {**manifest, "payload": {"name": "payload.json", "size": len(data),
                                        "sha256": hashlib.sha256(data).hexdigest()}}
    return rezip(src, dst, manifest_json=json.dumps(manifest, ensure_ascii=False).encode(), payload_json=data)


def truncated(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    return dst
