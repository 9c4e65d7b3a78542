"""What forge generated, kept in the project so a later `forge update` can merge three ways.

A three-way merge needs the common ancestor: the files as the older forge wrote them, before the
team changed anything. The older templates may not be installed any more (and rendering must not
need the network), so forge keeps that tree itself, as a zip inside the project:
`.forge/baseline.zip`. `forge new` writes it, `forge add-endpoint` adds its files to it, and
`forge update` replaces it with what the newer templates generate.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["BASELINE", "Files", "pack", "read_baseline", "snapshot", "unpack"]

BASELINE = ".forge/baseline.zip"
Files = dict[str, bytes]
# Not generated content: forge's own bookkeeping and version control.
_SKIPPED_TOP = {".forge", ".forge.json", ".git"}
# A fixed date keeps the zip byte-identical for identical files, so it only changes in git
# when what forge generated changes.
_EPOCH = (2020, 1, 1, 0, 0, 0)


def snapshot(root: Path) -> Files:
    """Every file below `root` but forge's bookkeeping, by POSIX relative path."""
    files: Files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in _SKIPPED_TOP or not path.is_file() or path.is_symlink():
            continue
        files[relative.as_posix()] = path.read_bytes()
    return files


def pack(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def unpack(data: bytes) -> Files:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read_baseline(root: Path) -> Files | None:
    """The baseline of the project at `root`, or None if it has none."""
    path = root / BASELINE
    return unpack(path.read_bytes()) if path.is_file() else None
