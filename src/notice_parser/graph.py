"""Stage 8: the task graph — map every span back to the original text, give deterministic ids,
and link sections, tasks, agencies and citations with edges.

Ids are content-derived so the same input gives byte-identical output, and a task keeps its
id when text outside it changes: ``t-`` + a hash of the task's normalised text and its
occurrence number among identical tasks.
"""

from __future__ import annotations

import calendar
import hashlib
import unicodedata
from datetime import date, timedelta
from typing import Optional

import regex

from .agencies import AgencyRef, Mention
from .citations import FoundCitation
from .header import Header
from .normalize import NormText
from .schema import (
    Agency, Citation, Deadline, Document, Edge, Pinpoint, Section, Signer, Span, Task, TaskGraph,
)
from .sections import FoundSection
from .tasks import FoundTask


def _h(*parts: str, n: int = 10) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def _norm_for_id(s: str) -> str:
    return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()


def content_hash(text: str) -> str:
    """sha256 of a notice's original text: ``document.content_hash``, which names the notice."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def task_id(text: str, seen: dict[str, int]) -> str:
    """``t-`` + a hash of the task's normalised text (+ ``-2``, ``-3`` … for repeats, counted in ``seen``).

    Only the task's own words enter the id, so it survives edits elsewhere in the notice and rules
    updates that change what the parser reads in the task (its lead, its deadline); together with
    the document's ``content_hash`` it names the task across runs, which is what keeps reviewer
    decisions attached (``notice-parser parse --reviewed``).
    """
    base = "t-" + _h(_norm_for_id(text))
    n = seen.get(base, 0)
    seen[base] = n + 1
    return base if n == 0 else f"{base}-{n + 1}"


def build_graph(nt: NormText, *, source: Optional[str], parser_version: str, header: Header,
                sections: list[FoundSection], citations: list[FoundCitation], mentions: list[Mention],
                tasks: list[FoundTask], warnings: list[str],
                self_references: list[tuple[int, int]] = ()) -> TaskGraph:
    """The task graph of one notice: every span the stages found (offsets into the normalised text) is given in
    offsets into the original text, with deterministic ids; ``warnings`` gains the deadlines' warnings."""
    orig = nt.original

    def span(s: int, e: int) -> tuple[int, int, str]:
        os_, oe = nt.to_original(s, e)
        return os_, oe, orig[os_:oe]

    doc = _document(source, orig, header, [span(x, y) for x, y in self_references])
    out_sections, sec_ids = _sections(sections, span)
    out_cits, cit_ids = _citations(citations, span)
    agencies: dict[str, Agency] = {}

    def agency_id(ref: AgencyRef) -> str:
        aid = "a-" + ref.id
        if aid not in agencies:
            agencies[aid] = Agency(id=aid, name=ref.name, kind=ref.kind, known=ref.known)
        return aid

    for m in mentions:
        if nt.in_chrome(m.start):
            continue
        aid = agency_id(m.ref)
        s, e, t = span(m.start, m.end)
        agencies[aid].mentions.append(Span(text=t, start=s, end=e))
    seen_ids: dict[str, int] = {}
    out_tasks = [_task(nt, ft, span, agency_id, sec_ids, cit_ids, seen_ids, header, warnings) for ft in tasks]
    graph = TaskGraph(
        parser_version=parser_version, document=doc, sections=out_sections, citations=out_cits,
        agencies=sorted(agencies.values(), key=lambda a: (a.mentions[0].start if a.mentions else 10**12, a.id)),
        tasks=out_tasks, warnings=sorted(set(warnings)),
    )
    graph.edges = build_edges(graph)
    return graph


def _document(source: Optional[str], orig: str, header: Header, self_refs: list[tuple[int, int, str]]) -> Document:
    return Document(
        source=source,
        content_hash=content_hash(orig),
        doc_type=header.doc_type, symbol=header.symbol, issuer=header.issuer, issued_on=header.issued_on,
        date_source=header.date_source, place=header.place, title=header.title,
        signer=Signer(name=header.signer_name, title=header.signer_title) if header.signer_name else None,
        recipients=header.recipients,
        self_references=[Span(text=t, start=a, end=b) for a, b, t in self_refs],
    )


def _sections(sections: list[FoundSection], span) -> tuple[list[Section], dict[int, str]]:
    """(sections of the graph, section index → id); a section's id is its path ("s-1.2")."""
    sec_ids: dict[int, str] = {}
    out: list[Section] = []
    for sec in sections:
        sid = f"s-{sec.path}"
        sec_ids[sec.index] = sid
        s, e, _ = span(sec.start, sec.end)
        hs, he, heading = span(sec.content_start, sec.heading_end)
        out.append(Section(
            id=sid, label=sec.label, heading=regex.sub(r"\s+", " ", heading).strip(), level=sec.level,
            parent_id=sec_ids.get(sec.parent) if sec.parent is not None else None, start=s, end=e,
        ))
    return out, sec_ids


def _citations(citations: list[FoundCitation], span) -> tuple[list[Citation], list[str]]:
    """(citations of the graph, their ids in order); a citation's id hashes its key."""
    ids: list[str] = []
    out: list[Citation] = []
    for ci in citations:
        cid = "c-" + _h(ci.key)
        ids.append(cid)
        s, e, t = span(ci.start, ci.end)
        mentions_out = [Span(text=tt, start=a, end=b) for a, b, tt in (span(x, y) for x, y in ci.mentions)]
        out.append(Citation(
            id=cid, key=ci.key, doc_type=ci.doc_type, symbol=ci.symbol, number=ci.number, year=ci.year,
            issuer_code=ci.issuer_code, issuer=ci.issuer, issued_on=ci.issued_on, title=ci.title,
            pinpoint=Pinpoint(**ci.pinpoint) if ci.pinpoint else None, text=t, start=s, end=e, mentions=mentions_out,
        ))
    return out, ids


def _task(nt: NormText, ft: FoundTask, span, agency_id, sec_ids: dict[int, str], cit_ids: list[str],
          seen_ids: dict[str, int], header: Header, warnings: list[str]) -> Task:
    """One task of the graph: its action on one line, its deadline with its due date, roles as agency ids."""
    s, e, t = span(ft.start, ft.end)
    as_, ae, action = span(*_action_span(nt.text, ft.action_start, ft.action_end))
    action = " ".join(action.split())  # one line for a tracker; the offsets still cover the original
    lead = [agency_id(r) for r in ft.lead]
    tid = task_id(nt.text[ft.start:ft.end], seen_ids)
    deadline = None
    if ft.deadline is not None:
        d = ft.deadline
        ds, de, dt = span(d.start, d.end)
        due = due_date(d.kind, d.date, d.end_date, d.every, header.issued_on)
        deadline = Deadline(text=dt, kind=d.kind, date=d.date, end_date=d.end_date, every=d.every, start=ds, end=de,
                            due=due, basis=_basis(dt, due, header.date_source if header.issued_on else None))
        warnings.extend(d.warnings)
    urgency = span(*ft.urgency)[2] if ft.urgency else None
    return Task(
        id=tid, section_id=sec_ids.get(ft.section) if ft.section is not None else None, text=t,
        action=action, action_type=ft.action_type, action_start=as_, action_end=ae, lead=lead,
        support=[agency_id(r) for r in ft.support], report_to=[agency_id(r) for r in ft.report_to],
        deadline=deadline, urgency=urgency, citation_ids=[cit_ids[i] for i in ft.citations], start=s, end=e,
    )


def build_edges(graph: TaskGraph) -> list[Edge]:
    """The graph's edges, from its tasks and citations (rebuilt after a review changes them).

    section → task (contains), task → agency (lead, support, report_to), task → citation (cites),
    task → "document" where the task names the notice itself ("… thực hiện Kế hoạch này"), and
    "document" → every citation no task cites (based_on). Rejected tasks have no edges.
    """
    edges: list[Edge] = []
    refs = graph.document.self_references
    live = [t for t in graph.tasks if not (t.review and t.review.status == "rejected")]
    for task in live:
        tid = task.id
        if task.section_id:
            edges.append(Edge(source=task.section_id, target=tid, kind="contains"))
        edges.extend(Edge(source=tid, target=a, kind="lead") for a in task.lead)
        edges.extend(Edge(source=tid, target=a, kind="support") for a in task.support)
        edges.extend(Edge(source=tid, target=a, kind="report_to") for a in task.report_to)
        edges.extend(Edge(source=tid, target=c, kind="cites") for c in task.citation_ids)
        if any(task.start <= r.start and r.end <= task.end for r in refs):
            edges.append(Edge(source=tid, target="document", kind="cites"))
    cited_in_tasks = {c for t in live for c in t.citation_ids}
    edges.extend(Edge(source="document", target=c.id, kind="based_on") for c in graph.citations
                 if c.id not in cited_in_tasks)
    return edges


_ACTION_TAIL = regex.compile(r"(?:[\s.;,:”\"]|\./\.)+$")  # also a closing quote after the last word


def _action_span(text: str, s: int, e: int) -> tuple[int, int]:
    """The action without the closing punctuation and the end-of-document mark "./." (Nghị định 30/2020/NĐ-CP)."""
    m = _ACTION_TAIL.search(text, s, e)
    return (s, m.start()) if m and m.start() > s else (s, e)


_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_EVERY = regex.compile(r"P(\d+)([DWMY])")


def every_parts(every: Optional[str]) -> Optional[tuple[int, str]]:
    """'P3M' → (3, 'M'): a recurrence's count and unit (D, W, M, Y), or None."""
    m = _EVERY.fullmatch(every or "")
    return (int(m.group(1)), m.group(2)) if m else None


def due_date(kind: str, on: Optional[date], end: Optional[date], every: Optional[str],
             document_date: Optional[date]) -> Optional[date]:
    """The date a tracker sorts and reminds by (schema 1.2 ``Deadline.due``).

    by/on: the date; period: its last day; within: the resolved end; recurring: the first occurrence on or after
    the document date (the stated day, else the document date plus one period); from: None.
    """
    if kind in ("by", "on", "within"):
        return on
    if kind == "period":
        return end or on
    if kind == "recurring":
        if on is not None:
            return on
        parts = every_parts(every)
        if parts is None or document_date is None:
            return None
        n, unit = parts
        if unit in "DW":
            return document_date + timedelta(days=n * (7 if unit == "W" else 1))
        months = n * (12 if unit == "Y" else 1)
        y, mo = divmod(document_date.month - 1 + months, 12)
        y += document_date.year
        return date(y, mo + 1, min(document_date.day, calendar.monthrange(y, mo + 1)[1]))
    return None


def _basis(text: str, due: Optional[date], date_source: str) -> Optional[str]:
    if due is None:
        return None
    if _YEAR.search(text):
        return "named_date"
    if date_source is None:
        return "text_year"  # no document date: a year-less day dated by the one year the page names
    return "byline" if date_source == "byline" else "document_date"
