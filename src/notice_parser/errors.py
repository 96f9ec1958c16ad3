"""The errors notice-parser raises: one base class and a closed set of kinds.

Every error a user can cause is a ``NoticeParserError`` with a ``kind`` from ``ErrorKind``; a batch records
that kind (and the message, which names the file) in its errors file, the HTTP service maps it to a status, and
the CLI prints it on one line. Anything else is a parser bug: a batch records it as kind ``internal`` with its
traceback, and the library API re-raises it unchanged.

    >>> from notice_parser.errors import ErrorKind, NoticeParserError
    >>> try:
    ...     from notice_parser import parse
    ...     parse("   ")
    ... except NoticeParserError as e:
    ...     print(e.kind)
    empty
"""

from __future__ import annotations

from enum import Enum


class ErrorKind(str, Enum):
    """What went wrong. Input problems (a file or text that is not a readable notice): ``empty``, ``binary``,
    ``encoding``, ``legacy_encoding`` (TCVN3/VNI fonts), ``no_text`` (a scan without a text layer),
    ``not_a_file``, ``not_found``, ``too_large``, ``unreadable``, ``unsupported``; ``usage`` (a wrong option or a
    missing optional extra); ``rules`` (a rules folder that is missing, malformed or does not compile);
    ``review`` (a reviewer's file that is invalid); ``internal`` (a parser bug)."""

    EMPTY = "empty"
    BINARY = "binary"
    ENCODING = "encoding"
    LEGACY_ENCODING = "legacy_encoding"
    NO_TEXT = "no_text"
    NOT_A_FILE = "not_a_file"
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    UNSUPPORTED = "unsupported"
    USAGE = "usage"
    RULES = "rules"
    REVIEW = "review"
    INTERNAL = "internal"


class NoticeParserError(ValueError):
    """Base class of every error notice-parser raises on purpose. ``kind``: an ``ErrorKind`` value (a ``str``);
    ``message``: one line for a person; ``path``: the file concerned, when there is one."""

    kind: str = ErrorKind.INTERNAL.value

    def __init__(self, message: str, kind: str | ErrorKind | None = None, path: str | None = None):
        if kind is not None:
            self.kind = ErrorKind(kind).value  # a kind outside the closed set is a bug: ValueError here
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)
