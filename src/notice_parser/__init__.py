"""notice-parser: Vietnamese official notices → task graphs (who must do what, with whom, by when).

    >>> from notice_parser import parse
    >>> graph = parse(open("notice.txt", encoding="utf-8").read())   # doctest: +SKIP
    >>> [t.action for t in graph.tasks]                               # doctest: +SKIP
"""

__version__ = "0.1.0"

from .load import NoticeError  # noqa: E402
from .pipeline import parse, parse_file  # noqa: E402
from .schema import SCHEMA_VERSION, TaskGraph, json_schema  # noqa: E402

__all__ = ["parse", "parse_file", "parse_many", "TaskGraph", "NoticeError", "SCHEMA_VERSION", "json_schema",
           "__version__"]


def parse_many(paths, workers=None, **kwargs):
    """Parse many files in parallel; yields ``(path, TaskGraph or NoticeError)`` in input order."""
    from .batch import iter_results

    yield from iter_results(paths, workers=workers, **kwargs)
