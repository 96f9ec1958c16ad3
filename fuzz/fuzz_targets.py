"""Fuzz targets for atheris (`make fuzz`): parse() and each extractor on arbitrary text.

    python fuzz/fuzz_targets.py parse -max_total_time=120
A crash is any exception other than NoticeError (parse) or any exception at all (extractors),
or a span that does not point at its text. Crashes found become regression tests in tests/.
"""

import sys

import atheris

with atheris.instrument_imports():
    from notice_parser import NoticeError, parse
    from notice_parser.agencies import find_agencies
    from notice_parser.citations import find_citations
    from notice_parser.deadlines import find_deadlines
    from notice_parser.normalize import normalize
    from notice_parser.rules import load_rules
    from notice_parser.sections import find_sections

RULES = load_rules()


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4096)


def fuzz_parse(data: bytes) -> None:
    text = _text(data)
    try:
        g = parse(text)
    except NoticeError:
        return
    for t in g.tasks:
        assert text[t.start:t.end] == t.text
        assert text[t.action_start:t.action_end] == t.action
    for c in g.citations:
        assert text[c.start:c.end] == c.text


def fuzz_citations(data: bytes) -> None:
    nt = normalize(_text(data), RULES)
    find_citations(nt, RULES, mentions=find_agencies(nt, RULES))


def fuzz_agencies(data: bytes) -> None:
    find_agencies(normalize(_text(data), RULES), RULES)


def fuzz_deadlines(data: bytes) -> None:
    nt = normalize(_text(data), RULES)
    find_deadlines(nt.text, 0, len(nt.text), None, RULES)


def fuzz_sections(data: bytes) -> None:
    nt = normalize(_text(data), RULES)
    find_sections(nt, RULES, nt.chrome, len(nt.text))


TARGETS = {"parse": fuzz_parse, "citations": fuzz_citations, "agencies": fuzz_agencies,
           "deadlines": fuzz_deadlines, "sections": fuzz_sections}

if __name__ == "__main__":
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()
