"""Stage 1a: load a file as text, or say clearly why it cannot be read.

Errors are ``NoticeError`` with a ``kind`` a batch can record (empty, binary, encoding,
not_found, too_large, unsupported) and a message that names the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import regex

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1f]")
_LETTER = regex.compile(r"\p{L}")


class NoticeError(ValueError):
    """A file or text that cannot be parsed as a notice."""

    def __init__(self, kind: str, message: str, path: str | None = None):
        self.kind = kind
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message


def decode(data: bytes, path: str | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if not data.strip():
        raise NoticeError("empty", "the file is empty", path)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        sample = data[:8192]
        if b"\x00" in sample:
            raise NoticeError("binary", "binary data (NUL bytes), not a text notice", path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise NoticeError(
            "encoding",
            f"not valid {encoding.upper()} text (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "save the file as UTF-8",
            path,
        ) from None
    check_text(text, path)
    return text


def check_text(text: str, path: str | None = None) -> None:
    """Reject text with nothing to parse (empty, or control characters with no letters)."""
    if not text.strip():
        raise NoticeError("empty", "the text is empty", path)
    sample = text[:20000]
    controls = len(_CONTROLS.findall(sample))
    if not _LETTER.search(sample):
        raise NoticeError("no_text", "no letters in the text: not a notice", path)
    if controls > max(8, len(sample) // 50):
        raise NoticeError("binary", "mostly control characters: binary data, not a text notice", path)


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a notice file."""
    p = Path(path)
    if not p.exists():
        raise NoticeError("not_found", "no such file", str(path))
    if p.is_dir():
        raise NoticeError("not_a_file", "is a folder, not a file", str(path))
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise NoticeError("too_large", f"{size} bytes is over the limit of {max_bytes} (see --max-bytes)", str(path))
        data = p.read_bytes()
    except OSError as e:
        raise NoticeError("unreadable", f"cannot be read: {e.strerror or e}", str(path)) from None
    return decode(data, str(path))
