"""Stage 3: sections — the heading hierarchy of the body (I. / 1. / 1.1. / a) / - / +).

A line that opens with an item marker (``rules/sections.yaml``) starts a section. Nesting
follows the markers' ranks: an item's parent is the nearest open item of a smaller rank.
A section runs to the next item of the same or a smaller rank (or the end of the body).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from .context import Context
from .normalize import NormText
from .rules import Rules, lazy_compile
from .spans import SpanSet, lines_with_offsets


@dataclass
class FoundSection:
    index: int
    label: str
    kind: str
    rank: float  # sections.yaml rank (a star above the dashes of its page: between "a)" and "-")
    start: int          # line start (marker included)
    content_start: int  # after the marker
    heading_end: int
    end: int = 0
    level: int = 1
    parent: Optional[int] = None
    path: str = ""


class _Compiled:
    def __init__(self, rules: Rules):
        cfg = rules.yaml("sections.yaml")
        self.markers = [(m["name"], m["rank"], lazy_compile(r"^[ ]*" + m["regex"])) for m in cfg["markers"]]
        self.not_sections = [lazy_compile(p["regex"]) for p in cfg.get("not_sections", [])]


def find_sections(nt: NormText, rules: Rules, ctx: Optional[Context] = None) -> list[FoundSection]:
    """The numbered and lettered sections of the body (Nghị định 30/2020/NĐ-CP: I., 1., a), -), outside the header's
    excluded spans (``ctx.header``) and the page's chrome, in order, each with its parent's index."""
    excluded = (ctx.header.excluded if ctx is not None and ctx.header is not None else []) + nt.chrome
    body_end = len(nt.text)
    c = rules.compiled("sections", _Compiled)
    text = nt.text
    found: list[FoundSection] = []
    excluded_set = SpanSet(excluded)
    for start, _end, line in lines_with_offsets(text):
        if not line.strip() or start >= body_end or excluded_set.covers(start) or nt.in_chrome(start):
            continue
        stripped = line.lstrip()
        if any(p.match(stripped) for p in c.not_sections):
            continue
        for name, rank, rx in c.markers:
            m = rx.match(line)
            if not m:
                continue
            content = start + m.end()
            heading_end = _heading_end(text, content, start + len(line))
            label = regex.sub(r"[ ]+", " ", m.group("label"))
            found.append(FoundSection(len(found), label, name, rank, start + (len(line) - len(stripped)),
                                      content, heading_end))
            break
    _star_above_dash(found)
    # Nesting by rank; ends at the next item of the same or a smaller rank.
    stack: list[FoundSection] = []
    counters: dict[Optional[int], int] = {}
    for sec in found:
        while stack and stack[-1].rank >= sec.rank:
            closed = stack.pop()
            closed.end = _trim(text, sec.start)
        sec.parent = stack[-1].index if stack else None
        sec.level = len(stack) + 1
        counters[sec.parent] = counters.get(sec.parent, 0) + 1
        parent_path = found[sec.parent].path if sec.parent is not None else ""
        sec.path = f"{parent_path}.{counters[sec.parent]}" if parent_path else str(counters[sec.parent])
        stack.append(sec)
    for sec in stack:
        sec.end = _trim(text, _section_limit(text, sec.start, body_end, excluded))
    for sec in found:
        if sec.end < sec.heading_end:
            sec.end = sec.heading_end
    return found


def _star_above_dash(found: list[FoundSection]) -> None:
    """"*" is no mark of Nghị định 30/2020/NĐ-CP: a page that writes it before its first dash uses it over the dashes
    ("* Tổng cục thuỷ sản:" over "- Đề xuất …"), so its items rank just above the dash there; otherwise below
    (sections.yaml ranks)."""
    first = {}
    for sec in found:
        first.setdefault(sec.kind, sec.index)
    if "star" in first and "dash" in first and first["star"] < first["dash"]:
        dash_rank = next(sec.rank for sec in found if sec.kind == "dash")
        for sec in found:
            if sec.kind == "star":
                sec.rank = dash_rank - 0.5


def _section_limit(text: str, start: int, body_end: int, excluded) -> int:
    """The end of the last open section: the body's end or the next excluded block after it."""
    limit = body_end
    for s, _e in excluded:
        if start < s < limit:
            limit = s
    return limit


def _trim(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \n":
        end -= 1
    return end


def _heading_end(text: str, content: int, line_end: int) -> int:
    """A heading runs to its first colon (not inside a URL or a time), else to the first sentence end."""
    line = text[content:line_end]
    m = regex.search(r":(?![/\d])", line)
    sent = regex.search(r"\.(?:[ ]+(?=\p{Lu})|[ ]*$)", line)
    if m and (sent is None or m.start() < sent.start()):
        return content + m.start()
    if sent:
        return content + sent.start()
    end = _trim(text, line_end) if line_end > content else content
    while end > content and text[end - 1] in ";,":
        end -= 1  # an item-final ";" is not part of its heading
    return end
