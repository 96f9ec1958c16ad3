"""Every span points into the ORIGINAL text, whatever the normaliser changed."""

import unicodedata

import pytest

from conftest import SEEDS
from notice_parser import parse


def spans(graph):
    for s in graph.sections:
        yield "section", s.start, s.end, None
    for c in graph.citations:
        yield "citation", c.start, c.end, c.text
        for m in c.mentions:
            yield "citation mention", m.start, m.end, m.text
    for a in graph.agencies:
        for m in a.mentions:
            yield "agency mention", m.start, m.end, m.text
    for t in graph.tasks:
        yield "task", t.start, t.end, t.text
        yield "action", t.action_start, t.action_end, t.action
        if t.deadline:
            yield "deadline", t.deadline.start, t.deadline.end, t.deadline.text


def check(text, graph):
    n = 0
    for kind, s, e, value in spans(graph):
        assert 0 <= s <= e <= len(text), (kind, s, e)
        if kind == "action":  # the action is one line: its whitespace folded, its span the original extent
            assert " ".join(text[s:e].split()) == value and value, (kind, s, e, value[:40], text[s:e][:40])
        elif value is not None:
            assert text[s:e] == value, (kind, s, e, value[:40], text[s:e][:40])
        n += 1
    return n


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_offsets_on_seeds(path, graphs):
    text = path.read_text(encoding="utf-8")
    assert check(text, graphs[path.name[:3]]) > 20


@pytest.mark.parametrize("transform", ["crlf", "nfd", "zero-width", "nbsp", "tab"])
def test_offsets_survive_normalisation(transform):
    text = SEEDS[0].read_text(encoding="utf-8")
    if transform == "crlf":
        text = text.replace("\n", "\r\n")
    elif transform == "nfd":
        text = unicodedata.normalize("NFD", text)
    elif transform == "zero-width":
        text = text.replace("Sở ", "Sở\u200b ")
    elif transform == "nbsp":
        text = text.replace(" ", "\u00a0", 200)
    elif transform == "tab":
        text = text.replace(" ", "\t", 50)
    g = parse(text)
    check(text, g)
    # the same tasks are found as in the clean text
    clean = parse(SEEDS[0].read_text(encoding="utf-8"))
    assert len(g.tasks) == len(clean.tasks)
    assert [len(t.lead) for t in g.tasks] == [len(t.lead) for t in clean.tasks]


def test_nfd_citation_is_still_read():
    text = unicodedata.normalize("NFD", "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;")
    g = parse(text)
    (c,) = g.citations
    assert c.symbol == "43/2011/NĐ-CP"
    assert text[c.start:c.end] == c.text
