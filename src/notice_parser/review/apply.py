"""Merging a review file's decisions into task graphs (``review apply``): each line accepts, corrects, rejects or
adds one task, all or nothing; the notice's text is read when a quote has to be placed."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

import regex

from ..agencies import match_key, resolve_name
from ..citations import symbol_key
from ..fileio import atomic_write
from ..graph import build_edges, content_hash, task_id
from ..rules import Rules, load_rules
from ..schema import Agency, Deadline, Task, TaskGraph, TaskReview
from .format import ReviewLine, citation_label, iter_graphs, read_review


@dataclass
class Counts:
    """How many lines of each status were applied (and how many tasks are flagged ``needs_review``)."""

    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    pending: int = 0
    needs_review: int = 0

    def line(self) -> str:
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(self).items())


@dataclass
class GraphDoc:
    """A graph being reviewed and its notice's text, read once, when a decision first needs it."""

    graph: TaskGraph
    text: Optional[str] = None
    text_tried: bool = False


def source_text(source: Optional[str | Path], digest: str) -> Optional[str]:
    """The text of a notice file, read as ``parse`` reads it, if it still has this content hash."""
    from ..load import NoticeError, load

    if not source or not Path(source).is_file():
        return None
    try:
        text = load(source).text
    except NoticeError:
        return None
    return text if content_hash(text) == digest else None


def notice_text(graph: TaskGraph, text_dir: Optional[Path] = None) -> Optional[str]:
    """The original text a graph was parsed from: ``text_dir/<file_sha256[:16]>.txt`` (``parse --keep-text``)
    or the source file, when its text still has the graph's content hash."""
    doc = graph.document
    if text_dir is not None and doc.file_sha256:
        p = Path(text_dir) / f"{doc.file_sha256[:16]}.txt"
        if p.is_file():
            t = p.read_text(encoding="utf-8")
            if content_hash(t) == doc.content_hash:
                return t
    return source_text(doc.source, doc.content_hash)


def locate(text: str, quote: str, near: int = 0, lo: int = 0, hi: Optional[int] = None) -> Optional[tuple[int, int]]:
    """Where ``quote`` is in ``text[lo:hi]``: exactly, else with any run of spaces and line breaks between
    its words (and composed/decomposed accents alike); the occurrence nearest ``near`` wins."""
    hi = len(text) if hi is None else hi
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        return None
    found = []
    i = text.find(quote, lo, hi)
    while i != -1 and len(found) < 50:
        found.append((i, i + len(quote)))
        i = text.find(quote, i + 1, hi)
    if not found:
        pat = regex.compile(r"\s+".join(regex.escape(w) for w in words), regex.V1)
        hay = unicodedata.normalize("NFC", text)
        if len(hay) == len(text):  # offsets only carry over when composing changed no length
            found = [m.span() for m in pat.finditer(hay, lo, hi)][:50]
    if not found:
        return None
    return min(found, key=lambda se: abs(se[0] - near))


class ApplyContext:
    """What every decision of one run shares: the rules, the ``--text-dir`` folder and the warnings list."""

    def __init__(self, rules: Rules, text_dir: Optional[Path], warn: list[str]):
        self.rules = rules
        self.text_dir = text_dir
        self.warn = warn

    def text(self, d: GraphDoc) -> Optional[str]:
        if not d.text_tried:
            d.text, d.text_tried = notice_text(d.graph, self.text_dir), True
        return d.text


def _agency_ids(ctx: ApplyContext, graph: TaskGraph, names: list[str], where: str) -> list[str]:
    by_key = {match_key(a.name): a.id for a in graph.agencies}
    out = []
    for name in names:
        key = match_key(name)
        if key in by_key:
            out.append(by_key[key])
            continue
        ref = resolve_name(name, ctx.rules)
        aid = "a-" + ref.id
        if graph.agency(aid) is None:
            graph.agencies.append(Agency(id=aid, name=ref.name, kind=ref.kind, known=ref.known))
        if not ref.known:
            ctx.warn.append(f"{where}: agency {name!r} is not in the gazetteer (kept as written)")
        by_key[key] = aid
        out.append(aid)
    return list(dict.fromkeys(out))


def _citation_ids(graph: TaskGraph, labels: list[str]) -> tuple[list[str], list[str]]:
    index = {}
    for c in graph.citations:
        for k in (c.symbol, c.title, c.key):
            if k:
                index.setdefault(identity_key(k), c.id)
    ids, unknown = [], []
    for lab in labels:
        cid = index.get(identity_key(lab))
        (ids.append(cid) if cid else unknown.append(lab))
    return list(dict.fromkeys(ids)), unknown


def _current(graph: TaskGraph, t: Task) -> dict:
    cits = {c.id: c for c in graph.citations}
    dl = t.deadline
    return {
        "quote": _ws(t.text), "lead": t.lead, "support": t.support, "report_to": t.report_to,
        "action": _ws(t.action), "action_type": t.action_type,
        "deadline": (_ws(dl.text), dl.kind, dl.date, dl.end_date, dl.every) if dl else None,
        "citations": sorted(citation_label(cits[c]) for c in t.citation_ids if c in cits),
    }


def _ws(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def _apply_values(ctx: ApplyContext, d: GraphDoc, t: Task, line: ReviewLine, where: str) -> list[str]:
    """Set the task's fields to the line's values; returns the fields that changed (raises on a value
    that cannot be placed in the notice)."""
    g = d.graph
    cur = _current(g, t)
    changed = []
    if _ws(line.quote) != cur["quote"]:
        text, (t.start, t.end) = _place_quote(ctx, d, line, where, near=t.start)
        t.text = text[t.start:t.end]
        changed.append("quote")
    for role in ("lead", "support", "report_to"):
        ids = _agency_ids(ctx, g, getattr(line, role), f"{where}: {role}")
        if sorted(ids) != sorted(cur[role]):  # a new order is no correction
            setattr(t, role, ids)
            changed.append(role)
    text = None
    if _ws(line.action) != cur["action"]:
        text = ctx.text(d)
        span = locate(text, line.action, near=t.start, lo=t.start, hi=t.end) if text and line.action.strip() else None
        if span:
            t.action, (t.action_start, t.action_end) = _ws(text[span[0]:span[1]]), span
        else:  # the reviewer's own words: the offsets cover the task
            t.action, t.action_start, t.action_end = line.action, t.start, t.end
        changed.append("action")
    if line.action_type != cur["action_type"]:
        t.action_type = line.action_type
        changed.append("action_type")
    want = ((_ws(line.deadline_text), line.deadline_kind, line.deadline_date, line.deadline_end_date,
             line.deadline_every) if line.deadline_kind else None)
    if want != cur["deadline"]:
        if want is None:
            t.deadline = None
        else:
            text = text or ctx.text(d)
            span = locate(text, line.deadline_text, near=t.start, lo=t.start, hi=t.end) if text else None
            s, e = span or (t.start, t.end)
            t.deadline = Deadline(text=text[s:e] if span else line.deadline_text, kind=line.deadline_kind,
                                  date=line.deadline_date, end_date=line.deadline_end_date,
                                  every=line.deadline_every, start=s, end=e)
        changed.append("deadline")
    ids, unknown = _citation_ids(g, line.citations)
    if unknown:
        known = ", ".join(sorted({citation_label(c) for c in g.citations})) or "none"
        raise LineProblem(f"{where}: citations: {', '.join(map(repr, unknown))} not among the notice's citations "
                           f"({known})")
    if sorted(line.citations) != cur["citations"] and ids != t.citation_ids:
        t.citation_ids = ids
        changed.append("citations")
    return changed


class LineProblem(Exception):
    """A decision that cannot be applied; its message names the review file's line."""


def _section_at(graph: TaskGraph, pos: int) -> Optional[str]:
    best = None
    for s in graph.sections:
        if s.start <= pos < s.end and (best is None or s.level >= best.level):
            best = s
    return best.id if best else None


def _place_quote(ctx: ApplyContext, d: GraphDoc, line: ReviewLine, where: str, near: int) -> tuple[str, tuple[int, int]]:
    """(the notice's text, where the line's quote is in it), or a problem naming the line."""
    text = ctx.text(d)
    if text is None:
        raise LineProblem(f"{where}: quote: the notice's text is not available to place it "
                           f"(source file missing or changed; pass --text-dir from 'parse --keep-text')")
    span = locate(text, line.quote, near=line.start if line.start is not None else near)
    if span is None:
        raise LineProblem(f"{where}: quote: not found in the notice: {line.quote[:80]!r}")
    return text, span


def _new_task(ctx: ApplyContext, d: GraphDoc, line: ReviewLine, where: str) -> Task:
    text, (s, e) = _place_quote(ctx, d, line, where, near=0)
    seen = Counter()
    for t in d.graph.tasks:
        seen[regex.sub(r"-\d+$", "", t.id)] += 1
    tid = task_id(text[s:e], dict(seen))
    t = Task(id=tid, section_id=_section_at(d.graph, s), text=text[s:e], action="", action_start=s, action_end=e,
             start=s, end=e)
    _apply_values(ctx, d, t, line.model_copy(update={"quote": text[s:e]}), where)
    return t


def word_overlap(a: str, b: str) -> float:
    """The share of words two texts have in common (0 to 1, of the longer one's distinct words)."""
    wa = set(regex.findall(r"[\p{L}\d]+", a.casefold()))
    wb = set(regex.findall(r"[\p{L}\d]+", b.casefold()))
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def decide(ctx: ApplyContext, d: GraphDoc, t: Optional[Task], line: ReviewLine, where: str, counts: Counts,
            strict: bool, flag: Optional[str] = None) -> None:
    """Apply one decision to task ``t`` (None: add the task from its quote). All or nothing: on a problem
    (raised as ``LineProblem``) the graph is left as it was."""
    g = d.graph
    status = line.status
    n_agencies = len(g.agencies)
    try:
        if t is None:
            new, changed = _new_task(ctx, d, line, where), []
            # the same addition applied again (the same review file twice) updates the task it added
            t = next((x for x in g.tasks if (x.start, x.end) == (new.start, new.end) and x.review
                      and x.review.status == "added"), None)
            if t is not None:
                new.id = t.id
        else:
            new = t.model_copy(deep=True)
            # a flagged accept keeps the parser's new reading of the moved task until someone looks again
            keep = status == "rejected" or (flag is not None and status in ("accepted", "pending"))
            changed = [] if keep else _apply_values(ctx, d, new, line, where)
    except LineProblem:
        del g.agencies[n_agencies:]
        raise
    if changed and status in ("pending", "accepted") and strict:
        ctx.warn.append(f"{where}: status is {status!r} but {', '.join(changed)} changed: counted as corrected")
        status = "corrected"
    needs = line.needs_review if strict else (line.needs_review or flag is not None)
    if status == "pending" and not (line.note or needs):
        new.review = None
        counts.pending += 1
    else:
        # on a re-parse an accepted task's values are re-imposed, but only a correction counts as changed
        mine = changed if (strict or status == "corrected") else []
        before = t.review.changed if t is not None and t.review and status == "corrected" else []
        new.review = TaskReview(status=status, note=line.note, changed=sorted(set(line.changed) | set(mine) | set(before)),
                                needs_review=needs, reason=flag or (line.reason if needs else None))
        setattr(counts, status, getattr(counts, status) + 1)
        counts.needs_review += needs
    if t is None:
        g.tasks.append(new)
        g.tasks.sort(key=lambda x: (x.start, x.end))
    else:
        g.tasks[next(i for i, x in enumerate(g.tasks) if x is t)] = new


_IDENTITY_FIELDS = {"source", "document_symbol", "document_issuer", "document_date", "problem"}


def undecided(line: ReviewLine) -> bool:
    """Whether a line holds no decision (pending, no note, not flagged)."""
    return line.status == "pending" and not line.note and not line.needs_review


def one_line_per_task(lines: list[tuple[int, ReviewLine]], review_path: str,
                       errors: list[tuple[int, str]]) -> list[tuple[int, ReviewLine]]:
    """One notice's lines with one line per task. A notice held twice in the folder (two copies of the same text)
    was exported twice by older versions: the same line again, or an undecided copy of a decided line, is dropped;
    two different decisions on one task are an error on the second."""
    out: list[tuple[int, ReviewLine]] = []
    at: dict[str, int] = {}
    for n, line in lines:
        if not line.task_id:
            out.append((n, line))
            continue
        i = at.get(line.task_id)
        if i is None:
            at[line.task_id] = len(out)
            out.append((n, line))
            continue
        m, first = out[i]
        if first.model_dump(exclude=_IDENTITY_FIELDS) == line.model_dump(exclude=_IDENTITY_FIELDS) or undecided(line):
            continue
        if undecided(first):
            out[i] = (n, line)
            continue
        errors.append((n, f"{review_path}:{n}: task_id: {line.task_id} is already decided on line {m}, differently"))
    return out


def _apply_to(ctx: ApplyContext, graph: TaskGraph, lines: list[tuple[int, ReviewLine]], review_path: str,
              counts: Counts, errors: list[tuple[int, str]]) -> TaskGraph:
    """One notice's decisions (strict: every task_id must be in it). A line with a problem changes nothing."""
    d = GraphDoc(graph)
    for n, line in lines:
        where = f"{review_path}:{n}"
        t = None
        if line.task_id:
            t = next((x for x in graph.tasks if x.id == line.task_id), None)
            if t is None:
                errors.append((n, f"{where}: task_id: no task {line.task_id} in {graph.document.source or 'this notice'}"))
                continue
        try:
            decide(ctx, d, t, line, where, counts, strict=True)
        except LineProblem as e:
            errors.append((n, str(e)))
    graph.edges = build_edges(graph)
    return graph


def _review_graphs(graphs: Iterable[TaskGraph], lines: list[tuple[int, ReviewLine]], review_path: str,
                   ctx: ApplyContext, counts: Counts, errors: list[tuple[int, str]]) -> Iterator[TaskGraph]:
    """Every graph, with its decisions applied; lines naming no graph become errors once all are seen. Copies of
    one notice (the same content hash) all get its decisions, counted and checked once."""
    by_hash: dict[str, list[tuple[int, ReviewLine]]] = defaultdict(list)
    for n, line in lines:
        by_hash[line.content_hash].append((n, line))
    by_hash = {h: one_line_per_task(mine, review_path, errors) for h, mine in by_hash.items()}
    found: set[str] = set()
    for g in graphs:
        h = g.document.content_hash
        mine = by_hash.get(h)
        if mine:
            if h in found:  # another copy of a notice already seen: same decisions, counted once
                g = _apply_to(ApplyContext(ctx.rules, ctx.text_dir, []), g, mine, review_path, Counts(), [])
            else:
                found.add(h)
                g = _apply_to(ctx, g, mine, review_path, counts, errors)
        yield g
    for h, mine in by_hash.items():
        if h not in found:
            for n, line in mine:
                errors.append((n, f"{review_path}:{n}: content_hash: no notice with this hash in the graphs"
                                  + (f" (source {line.source})" if line.source else "")))


def apply_review(graphs: list[TaskGraph], lines: list[tuple[int, ReviewLine]], *, review_path: str = "review",
                 rules: Optional[Rules] = None,
                 text_dir: Optional[Path] = None) -> tuple[list[TaskGraph], Counts, list[str], list[str]]:
    """Merge reviewed lines into (copies of) their graphs; strict: each line names a notice and task in ``graphs``.

    Returns (graphs, counts, errors, warnings). A line with an error changes nothing.
    """
    warn: list[str] = []
    errors: list[tuple[int, str]] = []
    counts = Counts()
    ctx = ApplyContext(rules or load_rules(), text_dir, warn)
    out = list(_review_graphs((g.model_copy(deep=True) for g in graphs), lines, review_path, ctx, counts, errors))
    return out, counts, [m for _, m in sorted(errors)], warn


def apply_file(review_path: Path, graphs_path: Path, out: Path, *, skip_invalid: bool = False,
               text_dir: Optional[Path] = None, rules: Optional[Rules] = None) -> tuple[Counts, list[str], list[str]]:
    """``notice-parser review apply``: stream the graphs through the decisions into a temporary file, and
    move it into place only when every line was valid (or with ``skip_invalid``).

    Returns (counts, errors, warnings); nothing is written when there are errors and not ``skip_invalid``.
    """
    lines, bad = read_review(review_path)
    warn: list[str] = []
    errors: list[tuple[int, str]] = []
    counts = Counts()
    ctx = ApplyContext(rules or load_rules(), text_dir, warn)
    reviewed = _review_graphs(iter_graphs(graphs_path), lines, str(review_path), ctx, counts, errors)
    chunks = (json.dumps(g.model_dump(mode="json"), ensure_ascii=False) + "\n" for g in reviewed)
    if bad and not skip_invalid:
        for _ in chunks:  # still check every line against the graphs, to report all problems at once
            pass
    else:
        atomic_write(out, chunks, commit=lambda: skip_invalid or not errors)
    messages = sorted(bad + [m for _, m in errors], key=_line_of)
    return counts, messages, warn


def _line_of(message: str) -> tuple[int, str]:
    m = regex.match(r".*?:(\d+): ", message)
    return (int(m.group(1)) if m else 0, message)


def identity_key(s: Optional[str]) -> str:
    """A document symbol or issuer as compared across parses: NFC, no spaces, case folded."""
    return symbol_key(unicodedata.normalize("NFC", s or "").replace("Ð", "Đ"))

