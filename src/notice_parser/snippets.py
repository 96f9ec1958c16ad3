"""Run the Duckling-style snippet corpora (``corpus/snippets/*.yaml``) against the stages.

Each form must give exactly one reading that covers the whole form (or, with ``expect_all``,
exactly those readings in order, together covering it); each negative must give nothing.
Used by ``tests/test_snippets.py`` and by ``notice-parser snippets`` for a readable report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

from .agencies import find_agencies, match_key, resolve_name
from .citations import find_citations
from .context import Context
from .deadlines import find_deadlines
from .header import parse_header
from .normalize import normalize
from .rules import Rules, load_rules, yaml_load
from .sections import find_sections


@dataclass
class Reading:
    start: int
    end: int
    value: dict


def readings(dimension: str, text: str, reference: Optional[date], rules: Rules) -> list[Reading]:
    nt = normalize(text, rules)
    if dimension == "agencies":
        return [Reading(m.start, m.end, {"name": m.ref.name, "kind": m.ref.kind, "known": m.ref.known})
                for m in find_agencies(nt, rules)]
    header = parse_header(nt, rules)
    if dimension == "citations":
        out = []
        for c in find_citations(nt, rules, Context(header=header, mentions=find_agencies(nt, rules))):
            for s, e in c.mentions:
                out.append(Reading(s, e, {
                    "doc_type": c.doc_type, "symbol": c.symbol, "number": c.number, "year": c.year,
                    "issuer_code": c.issuer_code, "issuer": c.issuer, "issued_on": c.issued_on, "title": c.title,
                    "pinpoint": c.pinpoint, "key": c.key,
                }))
        return sorted(out, key=lambda r: r.start)
    if dimension == "deadlines":
        cites = find_citations(nt, rules, Context(header=header, mentions=find_agencies(nt, rules)))
        # what the pipeline never reads as a deadline: citations, web chrome, the header's own date
        masked = [m for c in cites for m in c.mentions] + nt.chrome + [x for x in header.excluded if x != header.title_span]
        return [Reading(d.start, d.end, {"kind": d.kind, "date": d.date, "end_date": d.end_date, "every": d.every})
                for d in find_deadlines(nt.text, 0, len(nt.text), reference, rules, masked)]
    if dimension == "sections":
        secs = find_sections(nt, rules)
        return [Reading(s.start, s.end, {"label": s.label, "heading": nt.text[s.content_start:s.heading_end]})
                for s in secs]
    raise ValueError(f"unknown dimension {dimension!r}")


def _same(field: str, expected: Any, got: Any, rules: Rules) -> bool:
    if field == "name":
        return match_key(resolve_name(str(expected), rules).name) == match_key(str(got))
    if field == "heading":
        return " ".join(str(expected).split()).casefold() == " ".join(str(got).split()).casefold()
    if field == "pinpoint":
        e = {k: v for k, v in (expected or {}).items() if v is not None}
        g = {k: v for k, v in (got or {}).items() if v is not None}
        return {k: str(v) for k, v in e.items()} == {k: str(v) for k, v in g.items()}
    if isinstance(expected, (date,)) or isinstance(got, date):
        return str(expected) == str(got)
    if field in ("symbol", "issuer_code", "doc_type", "issuer", "title"):
        return " ".join(str(expected).split()).casefold() == " ".join(str(got or "").split()).casefold() if expected is not None else got is None
    return expected == got


def check_form(dimension: str, form: str, expect: list[dict], reference: Optional[date], rules: Rules) -> Optional[str]:
    """None when the form reads as expected, else a one-line reason."""
    got = readings(dimension, form, reference, rules)
    text = form
    if len(got) != len(expect):
        return f"{len(got)} readings, expected {len(expect)}: {[text[r.start:r.end] for r in got]}"
    lead = len(text) - len(text.lstrip())
    tail = len(text.rstrip())
    if got and (got[0].start > lead or got[-1].end < tail.__int__() - _trailing_punct(text)):
        return f"reading {[text[r.start:r.end] for r in got]} does not cover the whole form"
    for r, e in zip(got, expect):
        for k, v in e.items():
            if not _same(k, v, r.value.get(k), rules):
                return f"{k}: expected {v!r}, got {r.value.get(k)!r}"
    return None


def _trailing_punct(text: str) -> int:
    t = text.rstrip()
    n = 0
    while n < len(t) and t[len(t) - 1 - n] in ".;,:":
        n += 1
    return n


def load_corpus(path: Path) -> dict:
    return yaml_load(path.read_text(encoding="utf-8"))


def run_file(path: Path, rules: Optional[Rules] = None) -> tuple[int, list[str]]:
    """(number of checks, failures) for one snippet file."""
    rules = rules or load_rules()
    data = load_corpus(path)
    dim = data["dimension"]
    ref = (data.get("context") or {}).get("reference_date")
    failures = []
    n = 0
    for g in data.get("groups", []):
        expect = g.get("expect_all") or [g["expect"]]
        g_ref = g.get("reference_date", ref)  # a group may read its forms with no document date (null)
        for form in g["forms"]:
            n += 1
            why = check_form(dim, form, expect, g_ref, rules)
            if why:
                failures.append(f"{path.name} [{g['name']}] {form!r}: {why}")
    for neg in data.get("negatives", []):
        n += 1
        got = readings(dim, neg["text"], ref, rules)
        if got:
            failures.append(f"{path.name} [negative] {neg['text']!r}: read as {[neg['text'][r.start:r.end] for r in got]}")
    return n, failures


def run_tasks_file(path: Path, rules: Optional[Rules] = None) -> tuple[int, list[str]]:
    """(number of checks, failures) for the tasks snippet file: each case gives exactly its tasks, in order."""
    from .pipeline import parse

    rules = rules or load_rules()
    data = load_corpus(path)
    ref = (data.get("context") or {}).get("reference_date")
    failures: list[str] = []
    n = 0

    def names(graph, ids):
        return sorted(match_key(graph.agency(i).name) for i in ids)

    def want(ns):
        return sorted(match_key(resolve_name(x, rules).name) for x in ns)

    for case in data.get("cases", []):
        n += 1
        # a case may give its own reference date; null: the document's own date decides
        g = parse(case["text"], reference_date=case.get("reference_date", ref))
        exp = case["tasks"]
        where = f"{path.name} [{case['name']}]"
        if len(g.tasks) != len(exp):
            failures.append(f"{where}: {len(g.tasks)} tasks, expected {len(exp)}: {[t.action[:40] for t in g.tasks]}")
            continue
        for i, (t, e) in enumerate(zip(g.tasks, exp)):
            for role in ("lead", "support", "report_to"):
                if role in e and names(g, getattr(t, role)) != want(e[role]):
                    failures.append(f"{where} task {i + 1} {role}: expected {want(e[role])}, got {names(g, getattr(t, role))}")
            if "action" in e and not t.action.casefold().startswith(e["action"].casefold()):
                failures.append(f"{where} task {i + 1} action: expected to start {e['action']!r}, got {t.action[:60]!r}")
            elif e.get("action_exact") and t.action != e["action"]:
                failures.append(f"{where} task {i + 1} action: expected exactly {e['action']!r}, got {t.action!r}")
            if "deadline" in e:
                d = t.deadline
                got = {"kind": d.kind, "date": str(d.date) if d.date else None} if d else None
                ed = e["deadline"]
                expd = {"kind": ed["kind"], "date": str(ed["date"]) if ed.get("date") else None} if ed else None
                if ed and "every" in ed:
                    got = got and {**got, "every": d.every}
                    expd["every"] = ed["every"]
                if got != expd:
                    failures.append(f"{where} task {i + 1} deadline: expected {expd}, got {got}")
    for neg in data.get("negatives", []):
        n += 1
        g = parse(neg["text"], reference_date=ref)
        if g.tasks:
            failures.append(f"{path.name} [negative] {neg['text'][:60]!r}: gave {[t.action[:40] for t in g.tasks]}")
    return n, failures


_DOCUMENT_FIELDS = ("doc_type", "symbol", "issuer", "place", "issued_on", "title", "source_kind", "recipients")


def run_header_file(path: Path, rules: Optional[Rules] = None) -> tuple[int, list[str]]:
    """(number of checks, failures) for the header snippet file (issue 14): each case and negative gives the
    ``document`` fields it lists (issuers compared through the gazetteer; dates as ISO strings; null: none)."""
    from .pipeline import parse

    rules = rules or load_rules()
    data = load_corpus(path)
    failures: list[str] = []
    n = 0

    def norm(field: str, value):
        if value is None:
            return None
        if field == "issuer":
            return match_key(resolve_name(str(value), rules).name)
        if field == "recipients":
            return [str(x) for x in value]
        return str(value)

    for case in [*data.get("cases", []), *data.get("negatives", [])]:
        n += 1
        doc = parse(case["text"]).document
        for field, want in case["document"].items():
            if field not in _DOCUMENT_FIELDS:
                failures.append(f"{path.name} [{case['name']}]: no such document field {field!r}")
                continue
            got = norm(field, getattr(doc, field))
            if got != norm(field, want):
                failures.append(f"{path.name} [{case['name']}] {field}: expected {want!r}, got {getattr(doc, field)!r}")
    return n, failures
