"""notice-parser: Vietnamese official notices → task graphs (who must do what, with whom, by when).

    >>> from notice_parser import parse
    >>> graph = parse(open("notice.txt", encoding="utf-8").read())   # doctest: +SKIP
    >>> [t.action for t in graph.tasks]                               # doctest: +SKIP

The names below are imported on first use (PEP 562), so ``notice-parser --version`` and the
commands that do not parse never pay for pydantic and the pipeline.
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["parse", "parse_file", "parse_many", "TaskGraph", "NoticeError", "NoticeParserError", "ErrorKind",
           "SCHEMA_VERSION", "json_schema",
           "__version__"]

_LAZY = {
    "parse": ("pipeline", "parse"),
    "parse_file": ("pipeline", "parse_file"),
    "NoticeError": ("load", "NoticeError"),
    "NoticeParserError": ("errors", "NoticeParserError"),
    "ErrorKind": ("errors", "ErrorKind"),
    "TaskGraph": ("schema", "TaskGraph"),
    "SCHEMA_VERSION": ("schema", "SCHEMA_VERSION"),
    "json_schema": ("schema", "json_schema"),
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))


def parse_many(paths, workers=None, **kwargs):
    """Parse many files in parallel; yields ``(path, TaskGraph or NoticeError)`` in input order."""
    from .batch import iter_results

    yield from iter_results(paths, workers=workers, **kwargs)
