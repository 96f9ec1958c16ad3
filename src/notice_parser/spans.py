"""Span sets: "is this position inside one of these spans?" in O(log n), for every stage; and the lines of a text
with their offsets.

A document's excluded regions (chrome, the signature block, quoted titles), masked deadline spans and
the like are lists of ``(start, end)`` character offsets (end exclusive) that every line, unit or match
is checked against. Scanning the list each time makes a stage quadratic in document size; a
``SpanSet`` sorts the spans once and answers each question with a binary search.

    >>> s = SpanSet([(10, 20), (0, 5), (12, 30)])
    >>> s.covers(4), s.covers(5), s.covers(25)
    (True, False, True)
    >>> s.contains(13, 29), s.contains(3, 11)
    (True, False)
"""

from __future__ import annotations

import bisect
from typing import Iterable, Iterator


class SpanSet:
    """A fixed set of half-open spans ``[start, end)``; spans may overlap or nest.

    ``covers(pos)``: some span has ``start <= pos < end``. ``contains(s, e)``: some span has
    ``start <= s`` and ``e <= end``. Both are O(log n) after an O(n log n) build.
    """

    __slots__ = ("_spans", "_starts", "_max_end")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        self._spans = ordered
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []  # the largest end among the spans sorted up to here
        top = -1
        for _, e in ordered:
            top = max(top, e)
            self._max_end.append(top)

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self._max_end[i] > pos

    def cover_end(self, pos: int) -> int | None:
        """The furthest end of the spans that cover ``pos`` (None when none does)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._max_end[i] if i >= 0 and self._max_end[i] > pos else None

    def contains(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self._starts, s) - 1
        return i >= 0 and self._max_end[i] >= e

    def plus(self, spans: Iterable[tuple[int, int]]) -> "SpanSet":
        """A new set with these spans added (this one is unchanged)."""
        return SpanSet([*self._spans, *spans])


def lines_with_offsets(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Each line of ``text[lo:hi]`` as ``(start, end, line)``: offsets in ``text``, ``end`` exclusive and before the
    line break. The lines are those of ``str.split("\\n")``: a text that ends with a line break ends with an empty
    line, and an empty text is one empty line.

    >>> list(lines_with_offsets("Kính gửi:\\n- Sở Y tế\\n"))
    [(0, 9, 'Kính gửi:'), (10, 19, '- Sở Y tế'), (20, 20, '')]
    >>> list(lines_with_offsets("ab\\ncd\\nef", lo=3, hi=7))
    [(3, 5, 'cd'), (6, 7, 'e')]
    """
    hi = len(text) if hi is None else hi
    pos = lo
    for line in text[lo:hi].split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1
