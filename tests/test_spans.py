"""The text layer's span sets and line iterator: their doctests run as tests."""

import doctest

from notice_parser import context, spans


def test_spans_doctests():
    result = doctest.testmod(spans)
    assert result.attempted >= 4 and result.failed == 0


def test_context_doctests():
    result = doctest.testmod(context)
    assert result.attempted >= 1 and result.failed == 0


def test_a_stage_called_without_a_context_reads_an_empty_one():
    """Every stage verb takes (nt, rules, ctx); without ctx it reads no header and no earlier findings."""
    from notice_parser.agencies import find_agencies
    from notice_parser.citations import find_citations
    from notice_parser.context import Context
    from notice_parser.normalize import normalize
    from notice_parser.rules import load_rules
    from notice_parser.sections import find_sections

    rules = load_rules()
    nt = normalize("1. Giao Sở Y tế thực hiện Nghị định số 43/2011/NĐ-CP ngày 13/6/2011.", rules)
    assert [m.ref.name for m in find_agencies(nt, rules)] == ["Sở Y tế"]
    assert [c.symbol for c in find_citations(nt, rules)] == ["43/2011/NĐ-CP"]
    assert [c.symbol for c in find_citations(nt, rules, Context(mentions=find_agencies(nt, rules)))] == ["43/2011/NĐ-CP"]
    assert [s.label for s in find_sections(nt, rules)] == ["1"]
