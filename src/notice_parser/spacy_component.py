"""A spaCy pipeline component, and the gold corpus as spaCy training data (the ``spacy`` extra).

    >>> import spacy                                                              # doctest: +SKIP
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})   # doctest: +SKIP
    >>> nlp.add_pipe("notice_parser")                                            # doctest: +SKIP
    >>> doc = nlp(text)                                                          # doctest: +SKIP
    >>> [(s.text, s.label_) for s in doc.spans["tasks"]]                         # doctest: +SKIP

``spacy.blank("vi")`` uses pyvi to segment words unless ``use_pyvi`` is false; the component does not need
pyvi: with it off, tokens are the text's whitespace-separated pieces.

The component parses ``doc.text`` and sets:

* ``doc.spans["tasks"]`` (label: the task's ``action_type``, or "task"), ``doc.spans["agencies"]`` (every
  mention; label "single" or "group"), ``doc.spans["citations"]`` (every mention; label the document type,
  or "citation"), ``doc.spans["deadlines"]`` (label the deadline's kind: by, on, within, period, …);
* ``doc.ents``: the agency mentions as ``ORG`` entities (``kb_id_`` the agency id; the longer of two that
  overlap);
* ``doc._.task_graph``: the ``TaskGraph``.

Each span is aligned to tokens with ``Doc.char_span(alignment_mode="expand")``, so it may take in punctuation
glued to a word ("trì," for "trì"); ``span._.source_start`` / ``span._.source_end`` keep the parser's own
character offsets (``doc.text[span._.source_start:span._.source_end]`` is the graph's text) and
``span._.graph_id`` the id of the task, agency, citation (or the task a deadline belongs to) in the graph.

``gold_docbin(corpus)`` turns the hand-checked gold corpus (``corpus/gold/*.json``) into a ``DocBin`` with the
same span keys — gold spans found by their quotes in the text, not the parser's output — so a team can train a
statistical model (``notice-parser export spacy corpus -o train.spacy``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

import regex

try:
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin, Span
    from spacy.util import filter_spans
except ImportError as e:  # pragma: no cover - depends on the installation
    raise ImportError("the spaCy component needs the spacy extra: pip install 'notice-parser[spacy]'") from e

SPAN_KEYS = ("tasks", "agencies", "citations", "deadlines")

for _name in ("source_start", "source_end", "graph_id"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("task_graph"):
    Doc.set_extension("task_graph", default=None)


def _span(doc: Doc, start: int, end: int, label: str, graph_id: Optional[str] = None) -> Optional[Span]:
    """A token-aligned span over [start, end) with the original offsets kept; None for an empty or bad range."""
    if not 0 <= start < end <= len(doc.text):
        return None
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    span._.source_start, span._.source_end, span._.graph_id = start, end, graph_id
    return span


def _set_groups(doc: Doc, groups: dict[str, list[Span]]) -> None:
    for key in SPAN_KEYS:
        spans = sorted((s for s in groups.get(key, []) if s is not None), key=lambda s: (s.start, s.end))
        doc.spans[key] = spans
    doc.ents = [Span(doc, s.start, s.end, label="ORG", kb_id=s.kb_id_) for s in filter_spans(doc.spans["agencies"])]


class NoticeParserComponent:
    """``nlp.add_pipe("notice_parser", config={"reference_date": "2024-05-01", "rules_dirs": ["my_rules"]})``."""

    def __init__(self, nlp: Language, name: str = "notice_parser", rules_dirs: Iterable[str] = (),
                 reference_date: Optional[str] = None):
        self.name = name
        self.rules_dirs = tuple(rules_dirs)
        self.reference_date = date.fromisoformat(reference_date) if reference_date else None

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import parse

        graph = parse(doc.text, reference_date=self.reference_date, rules_dirs=self.rules_dirs)
        doc._.task_graph = graph
        groups: dict[str, list] = {key: [] for key in SPAN_KEYS}
        for t in graph.tasks:
            groups["tasks"].append(_span(doc, t.start, t.end, t.action_type or "task", t.id))
            if t.deadline is not None:
                groups["deadlines"].append(_span(doc, t.deadline.start, t.deadline.end, t.deadline.kind, t.id))
        for a in graph.agencies:
            for m in a.mentions:
                s = _span(doc, m.start, m.end, a.kind, a.id)
                if s is not None:
                    s.kb_id_ = a.id
                groups["agencies"].append(s)
        for c in graph.citations:
            for m in c.mentions or [c]:
                groups["citations"].append(_span(doc, m.start, m.end, c.doc_type or "citation", c.id))
        groups["deadlines"] = _unique(groups["deadlines"])
        _set_groups(doc, groups)
        return doc


def _unique(spans: list) -> list:
    seen, out = set(), []
    for s in spans:
        if s is not None and (s.start_char, s.end_char, s.label_) not in seen:
            seen.add((s.start_char, s.end_char, s.label_))
            out.append(s)
    return out


@Language.factory("notice_parser", default_config={"rules_dirs": [], "reference_date": None})
def make_notice_parser(nlp: Language, name: str, rules_dirs: list, reference_date: Optional[str]):
    """The ``notice_parser`` factory (also registered through the ``spacy_factories`` entry point)."""
    return NoticeParserComponent(nlp, name, rules_dirs, reference_date)


# ------------------------------------------------------------------------------------------- gold → DocBin
@dataclass
class GoldReport:
    """What ``gold_docbin`` placed: spans per key, and the gold items whose text was not found."""

    docs: int = 0
    spans: dict = field(default_factory=lambda: {k: 0 for k in SPAN_KEYS})
    not_found: list = field(default_factory=list)  # "file: tasks: 'quote…'"
    skipped: list = field(default_factory=list)  # "file: problem"

    def line(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.spans.items())
        return (f"{self.docs} gold notices → {counts}; {len(self.not_found)} gold items not found in their text"
                + (f"; {len(self.skipped)} gold files skipped" if self.skipped else ""))


def _loose(quote: str, flags: int = 0) -> Optional[regex.Pattern]:
    """A pattern for a quote with any whitespace between its words (gold quotes fold line breaks)."""
    words = quote.split()
    if not words:
        return None
    return regex.compile(r"(?<![\p{L}\d])" + r"\s+".join(regex.escape(w) for w in words) + r"(?![\p{L}\d])", flags)


def _find(text: str, quote: str, start: int = 0, end: Optional[int] = None) -> Optional[tuple[int, int]]:
    pattern = _loose(quote)
    m = pattern.search(text, start, len(text) if end is None else end) if pattern else None
    return (m.start(), m.end()) if m else None


def _all(text: str, quote: str, flags: int = 0) -> list[tuple[int, int]]:
    pattern = _loose(quote, flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


def _surface_forms(name: str, rules) -> list[str]:
    """The ways a gold agency's canonical name is written: itself, its gazetteer aliases, the abbreviated heads
    (``agency_patterns.yaml`` abbreviations: "UBND" for "Ủy ban nhân dân"); matched regardless of case."""
    forms = {name}
    for row in rules.tsv("agencies.tsv"):
        if row.get("name") == name:
            forms.update(a for a in (row.get("aliases") or "").split("|") if a)
    for ab in rules.yaml("agency_patterns.yaml").get("abbreviations", []):
        for f in list(forms):
            if ab["full"] in f:
                forms.add(f.replace(ab["full"], ab["abbr"]))
    return sorted(forms, key=len, reverse=True)


def gold_doc(nlp: Language, text: str, gold: dict, rules, name: str, report: GoldReport) -> Doc:
    """One gold file as a Doc with gold spans (see the module docstring)."""
    doc = nlp.make_doc(text)
    groups: dict[str, list] = {key: [] for key in SPAN_KEYS}

    def missing(key: str, what: str) -> None:
        report.not_found.append(f"{name}: {key}: {what[:80]!r}")

    cursor = 0
    for i, t in enumerate(gold.get("tasks", [])):
        where = _find(text, t.get("quote", ""), cursor) or _find(text, t.get("quote", ""))
        if where is None:
            missing("tasks", t.get("quote", ""))
            continue
        cursor = where[0]
        groups["tasks"].append(_span(doc, *where, "task", f"gold-{i}"))
        d = t.get("deadline")
        if d and d.get("text"):
            dw = _find(text, d["text"], where[0], min(len(text), where[1] + 400)) or _find(text, d["text"])
            if dw is None:
                missing("deadlines", d["text"])
            else:
                groups["deadlines"].append(_span(doc, *dw, d.get("kind") or "deadline", f"gold-{i}"))
    for c in gold.get("citations", []):
        quote = c.get("symbol") or c.get("title")
        found = _all(text, quote) if quote else []
        if not found:
            missing("citations", quote or json.dumps(c, ensure_ascii=False))
        groups["citations"].extend(_span(doc, s, e, c.get("doc_type") or "citation") for s, e in found)
    taken: list[tuple[int, int]] = []
    for a in gold.get("agencies", []):
        hits = []
        for form in _surface_forms(a["name"], rules):
            for s, e in _all(text, form, regex.IGNORECASE):
                if not any(s < te and ts < e for ts, te in taken):
                    hits.append((s, e))
                    taken.append((s, e))
        if not hits:
            missing("agencies", a["name"])
        for s, e in hits:
            span = _span(doc, s, e, a.get("kind") or "single", a["name"])
            if span is not None:
                span.kb_id_ = a["name"]
            groups["agencies"].append(span)
    groups["deadlines"] = _unique(groups["deadlines"])
    _set_groups(doc, groups)
    for key in SPAN_KEYS:
        report.spans[key] += len(doc.spans[key])
    report.docs += 1
    return doc


def gold_docbin(corpus: Path, nlp: Optional[Language] = None, rules_dirs: Iterable[str | Path] = ()):
    """``(DocBin, GoldReport)`` from ``corpus/gold/*.json`` (texts read where each gold file's ``source`` points).

    A gold file whose text cannot be read is listed in ``report.skipped``; nothing is dropped silently."""
    import spacy

    from .evaluate import load_gold
    from .load import NoticeError, load
    from .rules import load_rules

    nlp = nlp or spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    rules = load_rules(rules_dirs)
    report = GoldReport()
    docbin = DocBin(store_user_data=True)
    for name, source, gold in load_gold(Path(corpus)):
        try:
            text = load(source).text
        except NoticeError as e:
            report.skipped.append(f"{name}: {e}")
            continue
        docbin.add(gold_doc(nlp, text, gold, rules, name, report))
    return docbin, report


__all__ = ["NoticeParserComponent", "make_notice_parser", "gold_docbin", "gold_doc", "GoldReport", "SPAN_KEYS"]
