"""Writing output files so that a reader never sees half of one (shared by batch, review, view and export)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable


def atomic_write(path: Path, chunks: Iterable[str], commit=None) -> bool:
    """Write to a temporary file beside ``path`` and move it into place: readers never see half a file.

    ``commit``, when given, is asked after the last chunk: if it says no, the file is discarded and
    ``path`` is left as it was. Returns whether ``path`` was written. Raises ``IsADirectoryError`` (naming
    ``path``) when ``path`` is a folder, ``OSError`` when its folder cannot be made or written."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder; give a file name for the output", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(c)
            f.flush()
            os.fsync(f.fileno())
        if commit is not None and not commit():
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
        return True
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
