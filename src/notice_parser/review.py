"""Reviewer corrections: export tasks as flat JSON Lines, validate the edited file, merge the decisions
back into task graphs, keep them across re-parses, and turn reviewed notices into gold data.

One line of a review file is one task (``ReviewLine``). A reviewer edits fields and sets ``status``:

* ``accepted`` — the task is right as it stands;
* ``corrected`` — some fields were fixed (a changed field with status ``pending`` or ``accepted`` counts
  as a correction, with a warning);
* ``rejected`` — not a task (nothing is ever deleted: a rejected task stays, marked, without edges);
* ``added`` — a task the parser missed: its ``quote`` is found in the notice and gives its offsets.

``apply_review`` is strict (every line must name a notice and a task of GRAPHS.jsonl); ``reapply`` is
what ``parse --reviewed`` uses after a new parse: a decision follows its task by id, or by its quoted
text when the task's boundaries moved (then it is flagged ``needs_review``), and a reviewed task the
parser no longer finds is put back from its quote, flagged. A decision is never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .agencies import match_key, resolve_name
from .errors import ErrorKind, NoticeParserError
from .fileio import atomic_write
from .graph import build_edges, content_hash, task_id
from .rules import Rules, load_rules
from .schema import (Agency, Deadline, DeadlineKind, GraphReview, ReviewStatus, Task, TaskGraph, TaskReview,
                     UnappliedDecision)

GOLD_FIELDS = ["tasks", "lead", "support", "report_to", "deadlines"]


class ReviewLine(BaseModel):
    """One task as a reviewer sees and edits it (one JSON object per line)."""

    model_config = ConfigDict(extra="forbid")

    source: Optional[str] = Field(None, description="The notice's file, as it was parsed.")
    document_symbol: Optional[str] = Field(None, description="The notice's số ký hiệu: with issuer and date, it "
                                           "finds the notice again after its file moved and its text changed.")
    document_issuer: Optional[str] = None
    document_date: Optional[date] = None
    task_id: Optional[str] = Field(None, description="Empty for a task the reviewer adds (its quote places it).")
    status: ReviewStatus = "pending"
    note: str = ""
    quote: str = Field(description="The directive, quoted from the notice.")
    lead: list[str] = Field(default_factory=list, description="Agency names.")
    support: list[str] = Field(default_factory=list)
    report_to: list[str] = Field(default_factory=list)
    action: str = ""
    action_type: Optional[str] = None
    deadline_text: Optional[str] = None
    deadline_kind: Optional[DeadlineKind] = None
    deadline_date: Optional[date] = None
    deadline_end_date: Optional[date] = None
    deadline_every: Optional[str] = Field(None, description="ISO 8601 duration: P7D, P1M, P1Y.")
    citations: list[str] = Field(default_factory=list, description="Symbols (or law titles) of cited documents.")
    needs_review: bool = False
    reason: Optional[str] = None
    changed: list[str] = Field(default_factory=list, description="Fields corrected in an earlier review (read-only).")
    start: Optional[int] = Field(None, ge=0)
    end: Optional[int] = Field(None, ge=0)
    content_hash: str = Field(description="sha256 of the notice's text: which notice this line belongs to.")
    problem: Optional[str] = Field(None, description="Why a re-parse could not place this decision (set in "
                                   "OUT.unplaced.jsonl, read-only: the line is used again as it stands).")

    @field_validator("quote")
    @classmethod
    def _quote_not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must quote the directive from the notice")
        return v

    @field_validator("deadline_date", "deadline_end_date", "document_date", mode="before")
    @classmethod
    def _day_first(cls, v):
        """ISO dates, and the day-first dates a spreadsheet tool writes back ("15/12/2031")."""
        if isinstance(v, str):
            m = regex.fullmatch(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*", v)
            if m:
                return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        return v

    @field_validator("deadline_every")
    @classmethod
    def _iso_duration(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not regex.fullmatch(r"P\d+[DWMY]", v):
            raise ValueError(f"not an ISO 8601 duration like P7D, P1M, P1Y: {v!r}")
        return v

    @model_validator(mode="after")
    def _deadline_is_whole(self) -> "ReviewLine":
        has_any = any(x is not None for x in (self.deadline_date, self.deadline_end_date, self.deadline_every))
        if (self.deadline_kind is None) != (self.deadline_text is None) or (has_any and self.deadline_kind is None):
            raise ValueError("deadline_text and deadline_kind go together (clear both to remove a deadline)")
        if self.deadline_kind == "recurring" and not self.deadline_every:
            raise ValueError("a recurring deadline needs deadline_every (P7D, P1M …)")
        if self.deadline_end_date and self.deadline_date and self.deadline_end_date < self.deadline_date:
            raise ValueError("deadline_end_date is before deadline_date")
        if self.status != "added" and not self.task_id:
            raise ValueError("task_id is empty: only a task with status 'added' has none")
        return self


# --------------------------------------------------------------------------------------------- export

def _citation_label(c) -> str:
    return c.symbol or c.title or c.key


def export_lines(graph: TaskGraph) -> Iterator[dict]:
    """The graph's tasks as review lines (dicts, in text order), carrying any earlier decision."""
    cits = {c.id: c for c in graph.citations}
    for t in graph.tasks:
        dl = t.deadline
        rv = t.review or TaskReview()
        yield ReviewLine(
            source=graph.document.source, document_symbol=graph.document.symbol,
            document_issuer=graph.document.issuer, document_date=graph.document.issued_on, task_id=t.id, status=rv.status, note=rv.note, quote=t.text,
            lead=graph.agency_names(t.lead), support=graph.agency_names(t.support),
            report_to=graph.agency_names(t.report_to),
            action=t.action, action_type=t.action_type,
            deadline_text=dl.text if dl else None, deadline_kind=dl.kind if dl else None,
            deadline_date=dl.date if dl else None, deadline_end_date=dl.end_date if dl else None,
            deadline_every=dl.every if dl else None,
            citations=[_citation_label(cits[c]) for c in t.citation_ids if c in cits],
            needs_review=rv.needs_review, reason=rv.reason, changed=rv.changed, start=t.start, end=t.end,
            content_hash=graph.document.content_hash,
        ).model_dump(mode="json")


def iter_graphs(path: Path) -> Iterator[TaskGraph]:
    """Task graphs, one at a time, from a JSON Lines file written by ``parse -o`` (or ``review apply``)."""
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield TaskGraph.model_validate_json(raw)
            except ValidationError as e:
                raise ReviewError([f"{path}:{n}: not a task graph: {_errors(e)[0]}"]) from None


LIST_FIELDS = ("lead", "support", "report_to", "citations", "changed")
LIST_SEP = ";"  # agency names hold commas ("Các sở, ban, ngành tỉnh"), never semicolons


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"{LIST_SEP} ".join(value)
    return str(value)


def export_review(graphs_path: Path, out: Path) -> int:
    """Write one review line per task of every notice in ``graphs_path``; returns the number of tasks. Copies of
    one notice (the same text at two paths, or in two encodings) are exported once, as the first copy.

    ``out`` ending in ``.csv`` gives a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the
    accents; lists joined by "; "); anything else gives JSON Lines.
    """
    n = 0
    suffix = Path(out).suffix.lower()
    if suffix not in (".csv", ".jsonl", ".json", ".txt", ""):
        raise ReviewError([f"{out}: a review file is .jsonl or .csv (which any spreadsheet opens), not '{suffix}'"])
    as_csv = suffix == ".csv"
    columns = list(ReviewLine.model_fields)

    def lines() -> Iterator[str]:
        nonlocal n
        if as_csv:
            yield "\ufeff" + _csv_row(columns)
        seen: set[str] = set()
        for g in iter_graphs(graphs_path):
            if g.document.content_hash in seen:
                continue  # another copy of a notice already exported: its decisions will apply to every copy
            seen.add(g.document.content_hash)
            for line in export_lines(g):
                n += 1
                yield _csv_row([_csv_cell(line[c]) for c in columns]) if as_csv else \
                    json.dumps(line, ensure_ascii=False) + "\n"

    atomic_write(out, lines())
    return n


def _csv_row(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- reading

class ReviewError(NoticeParserError):
    """A review file (or the graphs it applies to) is invalid (kind ``review``); ``problems`` lists every error."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems), ErrorKind.REVIEW)
        self.problems = problems


def _errors(e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(line)"
        value = err.get("input")
        shown = f" (got {value!r})" if loc != "(line)" and not isinstance(value, (dict, list)) else ""
        out.append(f"{loc}: {err['msg']}{shown}")
    return out


def _validate(obj: dict, where: str, lines: list, n: int, errors: list[str]) -> None:
    try:
        lines.append((n, ReviewLine.model_validate(obj)))
    except ValidationError as e:
        errors.extend(f"{where}: {msg}" for msg in _errors(e))


def _read_csv(path: Path) -> tuple[list[tuple[int, ReviewLine]], list[str]]:
    """A review saved as CSV by a spreadsheet tool: empty cells are empty values, lists split on ";"."""
    lines: list[tuple[int, ReviewLine]] = []
    errors: list[str] = []
    known = set(ReviewLine.model_fields)
    with open(path, encoding="utf-8-sig", newline="") as f:
        # Excel in a Vietnamese (or any comma-decimal) locale saves "CSV" with ";" between cells: the header line
        # names the columns, so its separator is the one between known column names
        first = f.readline()
        f.seek(0)
        if first.startswith("\ufeff"):
            first = first[1:]
        delimiter = max((",", ";", "\t"), key=lambda d: sum(c.strip() in known for c in first.split(d)))
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            return lines, errors
        header = [h.strip() for h in header]
        start = reader.line_num + 1
        for row in reader:
            n, start = start, reader.line_num + 1  # the line the record starts on (a quote may span lines)
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                errors.append(f"{path}:{n}: {len(row)} cells but {len(header)} columns")
                continue
            obj: dict = {}
            for col, cell in zip(header, row):
                if col in LIST_FIELDS:
                    obj[col] = [x.strip() for x in cell.split(LIST_SEP) if x.strip()]
                elif cell.strip() == "" and col not in ("note", "action", "quote"):
                    obj[col] = None if col in known and not ReviewLine.model_fields[col].is_required() else cell
                else:
                    obj[col] = cell
            obj = {k: v for k, v in obj.items() if not (v is None and k in ("status", "needs_review"))}
            _validate(obj, f"{path}:{n}", lines, n, errors)
    return lines, errors


def read_review(path: Path) -> tuple[list[tuple[int, ReviewLine]], list[str]]:
    """(valid lines with their line numbers, errors as ``file:line: field: message``).

    A ``.csv`` file is read as a spreadsheet export; anything else as JSON Lines."""
    try:
        if Path(path).suffix.lower() == ".csv":
            return _read_csv(Path(path))
        return _read_jsonl(Path(path))
    except UnicodeDecodeError as e:
        raise ReviewError([f"{path}: not UTF-8 text (byte {e.start}): save it as UTF-8 "
                           f"(in a spreadsheet tool: 'CSV UTF-8')"]) from None


def _read_jsonl(path: Path) -> tuple[list[tuple[int, ReviewLine]], list[str]]:
    lines: list[tuple[int, ReviewLine]] = []
    errors: list[str] = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as e:
                errors.append(f"{path}:{n}: malformed JSON: {e.msg} at column {e.colno}")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{path}:{n}: a line must be a JSON object, got {type(obj).__name__}")
                continue
            _validate(obj, f"{path}:{n}", lines, n, errors)
    return lines, errors


# --------------------------------------------------------------------------------------------- applying

@dataclass
class Counts:
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    pending: int = 0
    needs_review: int = 0

    def line(self) -> str:
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vars(self).items())


@dataclass
class _Doc:
    graph: TaskGraph
    text: Optional[str] = None
    text_tried: bool = False


def _source_text(source: Optional[str | Path], digest: str) -> Optional[str]:
    """The text of a notice file, read as ``parse`` reads it, if it still has this content hash."""
    from .load import NoticeError, load

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
    return _source_text(doc.source, doc.content_hash)


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


class _Ctx:
    def __init__(self, rules: Rules, text_dir: Optional[Path], warn: list[str]):
        self.rules = rules
        self.text_dir = text_dir
        self.warn = warn

    def text(self, d: _Doc) -> Optional[str]:
        if not d.text_tried:
            d.text, d.text_tried = notice_text(d.graph, self.text_dir), True
        return d.text


def _agency_ids(ctx: _Ctx, graph: TaskGraph, names: list[str], where: str) -> list[str]:
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
                index.setdefault(_key(k), c.id)
    ids, unknown = [], []
    for lab in labels:
        cid = index.get(_key(lab))
        (ids.append(cid) if cid else unknown.append(lab))
    return list(dict.fromkeys(ids)), unknown


def _current(graph: TaskGraph, t: Task) -> dict:
    cits = {c.id: c for c in graph.citations}
    dl = t.deadline
    return {
        "quote": _ws(t.text), "lead": t.lead, "support": t.support, "report_to": t.report_to,
        "action": _ws(t.action), "action_type": t.action_type,
        "deadline": (_ws(dl.text), dl.kind, dl.date, dl.end_date, dl.every) if dl else None,
        "citations": sorted(_citation_label(cits[c]) for c in t.citation_ids if c in cits),
    }


def _ws(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def _apply_values(ctx: _Ctx, d: _Doc, t: Task, line: ReviewLine, where: str) -> list[str]:
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
        known = ", ".join(sorted({_citation_label(c) for c in g.citations})) or "none"
        raise _LineProblem(f"{where}: citations: {', '.join(map(repr, unknown))} not among the notice's citations "
                           f"({known})")
    if sorted(line.citations) != cur["citations"] and ids != t.citation_ids:
        t.citation_ids = ids
        changed.append("citations")
    return changed


class _LineProblem(Exception):
    pass


def _section_at(graph: TaskGraph, pos: int) -> Optional[str]:
    best = None
    for s in graph.sections:
        if s.start <= pos < s.end and (best is None or s.level >= best.level):
            best = s
    return best.id if best else None


def _place_quote(ctx: _Ctx, d: _Doc, line: ReviewLine, where: str, near: int) -> tuple[str, tuple[int, int]]:
    """(the notice's text, where the line's quote is in it), or a problem naming the line."""
    text = ctx.text(d)
    if text is None:
        raise _LineProblem(f"{where}: quote: the notice's text is not available to place it "
                           f"(source file missing or changed; pass --text-dir from 'parse --keep-text')")
    span = locate(text, line.quote, near=line.start if line.start is not None else near)
    if span is None:
        raise _LineProblem(f"{where}: quote: not found in the notice: {line.quote[:80]!r}")
    return text, span


def _new_task(ctx: _Ctx, d: _Doc, line: ReviewLine, where: str) -> Task:
    text, (s, e) = _place_quote(ctx, d, line, where, near=0)
    seen = Counter()
    for t in d.graph.tasks:
        seen[regex.sub(r"-\d+$", "", t.id)] += 1
    tid = task_id(text[s:e], dict(seen))
    t = Task(id=tid, section_id=_section_at(d.graph, s), text=text[s:e], action="", action_start=s, action_end=e,
             start=s, end=e)
    _apply_values(ctx, d, t, line.model_copy(update={"quote": text[s:e]}), where)
    return t


def _overlap(a: str, b: str) -> float:
    wa = set(regex.findall(r"[\p{L}\d]+", a.casefold()))
    wb = set(regex.findall(r"[\p{L}\d]+", b.casefold()))
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def _decide(ctx: _Ctx, d: _Doc, t: Optional[Task], line: ReviewLine, where: str, counts: Counts,
            strict: bool, flag: Optional[str] = None) -> None:
    """Apply one decision to task ``t`` (None: add the task from its quote). All or nothing: on a problem
    (raised as ``_LineProblem``) the graph is left as it was."""
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
    except _LineProblem:
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


def _undecided(line: ReviewLine) -> bool:
    return line.status == "pending" and not line.note and not line.needs_review


def _one_line_per_task(lines: list[tuple[int, ReviewLine]], review_path: str,
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
        if first.model_dump(exclude=_IDENTITY_FIELDS) == line.model_dump(exclude=_IDENTITY_FIELDS) or _undecided(line):
            continue
        if _undecided(first):
            out[i] = (n, line)
            continue
        errors.append((n, f"{review_path}:{n}: task_id: {line.task_id} is already decided on line {m}, differently"))
    return out


def _apply_to(ctx: _Ctx, graph: TaskGraph, lines: list[tuple[int, ReviewLine]], review_path: str,
              counts: Counts, errors: list[tuple[int, str]]) -> TaskGraph:
    """One notice's decisions (strict: every task_id must be in it). A line with a problem changes nothing."""
    d = _Doc(graph)
    for n, line in lines:
        where = f"{review_path}:{n}"
        t = None
        if line.task_id:
            t = next((x for x in graph.tasks if x.id == line.task_id), None)
            if t is None:
                errors.append((n, f"{where}: task_id: no task {line.task_id} in {graph.document.source or 'this notice'}"))
                continue
        try:
            _decide(ctx, d, t, line, where, counts, strict=True)
        except _LineProblem as e:
            errors.append((n, str(e)))
    graph.edges = build_edges(graph)
    return graph


def _review_graphs(graphs: Iterable[TaskGraph], lines: list[tuple[int, ReviewLine]], review_path: str,
                   ctx: _Ctx, counts: Counts, errors: list[tuple[int, str]]) -> Iterator[TaskGraph]:
    """Every graph, with its decisions applied; lines naming no graph become errors once all are seen. Copies of
    one notice (the same content hash) all get its decisions, counted and checked once."""
    by_hash: dict[str, list[tuple[int, ReviewLine]]] = defaultdict(list)
    for n, line in lines:
        by_hash[line.content_hash].append((n, line))
    by_hash = {h: _one_line_per_task(mine, review_path, errors) for h, mine in by_hash.items()}
    found: set[str] = set()
    for g in graphs:
        h = g.document.content_hash
        mine = by_hash.get(h)
        if mine:
            if h in found:  # another copy of a notice already seen: same decisions, counted once
                g = _apply_to(_Ctx(ctx.rules, ctx.text_dir, []), g, mine, review_path, Counts(), [])
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
    ctx = _Ctx(rules or load_rules(), text_dir, warn)
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
    ctx = _Ctx(rules or load_rules(), text_dir, warn)
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


# --------------------------------------------------------------------------------------------- re-parse

def _key(s: Optional[str]) -> str:
    """A document symbol or issuer as compared across parses: NFC, no spaces, case folded."""
    return regex.sub(r"\s+", "", unicodedata.normalize("NFC", s or "")).replace("Ð", "Đ").casefold()


def _resolved(source: str) -> str:
    return os.path.normcase(os.path.abspath(source))


_FILE_NAME_OVERLAP = 0.5  # share of a notice's decisions whose quote must still be a task, to match by file name alone


@dataclass
class _Notice:
    """The decisions made on one notice (one content hash) and what identifies it."""
    content_hash: str
    lines: list[tuple[int, ReviewLine]]
    symbol: str = ""
    issuer: str = ""
    issued_on: Optional[date] = None
    sources: set[str] = field(default_factory=set)

    def conflicts(self, doc) -> bool:
        """Whether the parsed document is certainly another one: a different symbol, issuer or date where both
        have one."""
        return bool((self.symbol and doc.symbol and self.symbol != _key(doc.symbol))
                    or (self.issuer and doc.issuer and self.issuer != _key(doc.issuer))
                    or (self.issued_on and doc.issued_on and self.issued_on != doc.issued_on))


class Decisions:
    """Reviewed lines indexed for ``parse --reviewed``, so that a decision follows its notice wherever it is.

    A notice is recognised, in this order, by its text (content hash: every copy gets the decisions), by its
    identity (document symbol, with issuer and date where both sides have them), by its file (the source path,
    resolved against the current folder), and by its file name when at least half the reviewed quotes are still
    tasks in it. A notice whose symbol, issuer or date differs from the reviewed one is never matched by path or
    name. Lines with no decision (pending, no note) are not kept."""

    def __init__(self, lines: list[tuple[int, ReviewLine]], review_path: str = "review"):
        self.path = review_path
        self.lines: dict[int, ReviewLine] = {}
        self.notices: dict[str, _Notice] = {}
        self.errors: list[tuple[int, str]] = []
        by_hash: dict[str, list[tuple[int, ReviewLine]]] = defaultdict(list)
        for n, line in lines:
            if not _undecided(line):  # a pending line with no note holds no decision to keep
                by_hash[line.content_hash].append((n, line))
        for h, mine in by_hash.items():
            nt = self.notices[h] = _Notice(h, _one_line_per_task(mine, review_path, self.errors))
            for n, line in nt.lines:
                self.lines[n] = line
                nt.symbol = nt.symbol or _key(line.document_symbol)
                nt.issuer = nt.issuer or _key(line.document_issuer)
                nt.issued_on = nt.issued_on or line.document_date
                if line.source:
                    nt.sources.add(line.source)
        self.by_symbol: dict[str, list[_Notice]] = defaultdict(list)
        self.by_path: dict[str, list[_Notice]] = defaultdict(list)
        self.by_name: dict[str, list[_Notice]] = defaultdict(list)
        for nt in self.notices.values():
            if nt.symbol:
                self.by_symbol[nt.symbol].append(nt)
            for src in nt.sources:
                self.by_path[_resolved(src)].append(nt)
                self.by_name[os.path.basename(src).casefold()].append(nt)

    @classmethod
    def load(cls, path: Path) -> "Decisions":
        lines, errors = read_review(path)
        if errors:
            raise ReviewError(errors)
        decisions = cls(lines, str(path))
        if decisions.errors:
            raise ReviewError([m for _, m in sorted(decisions.errors)])
        return decisions

    def match(self, graph: TaskGraph) -> tuple[Optional[_Notice], Optional[str]]:
        """(the reviewed notice this parse is, how it was recognised) or (None, None)."""
        doc = graph.document
        same = self.notices.get(doc.content_hash)
        if same:
            return same, "content_hash"
        if doc.symbol:
            found = [nt for nt in self.by_symbol.get(_key(doc.symbol), ()) if not nt.conflicts(doc)]
            full = [nt for nt in found if nt.issuer and nt.issued_on]
            if len(found) == 1 or len(full) == 1:
                return (full or found)[0], "identity"
        if doc.source:
            found = [nt for nt in self.by_path.get(_resolved(doc.source), ()) if not nt.conflicts(doc)]
            if found:
                return found[0], "path"
            found = [nt for nt in self.by_name.get(os.path.basename(doc.source).casefold(), ())
                     if not nt.conflicts(doc) and self._still_tasks(nt, graph)]
            if len(found) == 1:
                return found[0], "file_name"
        return None, None

    @staticmethod
    def _still_tasks(nt: _Notice, graph: TaskGraph) -> bool:
        hits = sum(1 for _, line in nt.lines if any(_overlap(line.quote, t.text) >= 0.6 for t in graph.tasks))
        return hits >= _FILE_NAME_OVERLAP * len(nt.lines)

    def unplaced(self, placed: Iterable[int], problems: Optional[dict[int, str]] = None) -> list[dict]:
        """The decisions no parsed notice took (and those ``problems`` names: line → why it was not applied), as
        review lines with their ``problem``: a review file that can be edited and used again."""
        placed = set(placed)
        problems = problems or {}
        out = []
        for n, line in sorted(self.lines.items()):
            if n in placed and n not in problems:
                continue
            why = problems.get(n) or ("no notice parsed in this run has this text, document symbol, file or file "
                                      "name" + (f" (reviewed as {line.source})" if line.source else ""))
            out.append(line.model_copy(update={"problem": f"{self.path}:{n}: {why}"}).model_dump(mode="json"))
        return out


class Placement:
    """What one run of ``parse --reviewed`` did with the review file, collected from each graph's ``review``."""

    def __init__(self, review_path: str):
        self.path = review_path
        self.placed: set[int] = set()
        self.problems: dict[int, str] = {}

    def add(self, review: Optional[dict]) -> None:
        """Count a graph's ``review`` record (a dict, as in the JSON); records of another review file are ignored."""
        if not review or review.get("file") != self.path:
            return
        self.placed.update(review.get("applied", ()))
        for u in review.get("unapplied", ()):
            self.placed.add(u["line"])
            self.problems[u["line"]] = u["problem"]

    def unplaced(self, decisions: "Decisions") -> list[dict]:
        return decisions.unplaced(self.placed, self.problems)


def unplaced_path(out: Path) -> Path:
    """Where the decisions a run could not place are kept: ``OUT.unplaced.jsonl`` beside ``OUT.jsonl`` (or beside
    the review file, when the graphs go to stdout)."""
    out = Path(out)
    stem = out.name[:-len(out.suffix)] if out.suffix.lower() in (".jsonl", ".json", ".csv") else out.name
    return out.with_name(stem + ".unplaced.jsonl")


def keep_unplaced(path: Path, items: list[dict]) -> None:
    """Write the unplaced decisions (a review file a reviewer can edit and use again), or remove a stale file
    when every decision was placed."""
    if items:
        atomic_write(path, (json.dumps(x, ensure_ascii=False) + "\n" for x in items))
    elif Path(path).is_file():
        Path(path).unlink()


def reapply(graph: TaskGraph, decisions: Decisions, *, text: Optional[str] = None, rules: Optional[Rules] = None,
            text_dir: Optional[Path] = None) -> TaskGraph:
    """Carry earlier reviewer decisions onto a fresh parse of the same notice (``parse --reviewed``).

    Sets ``graph.review`` (schema 1.4) to the review file's lines applied here and those meant for this notice that
    could not be applied, with the problem; the caller counts the lines no notice took (``Decisions.unplaced``)."""
    nt, how = decisions.match(graph)
    if nt is None:
        return graph
    lines, text_changed = nt.lines, how != "content_hash"
    rules = rules or load_rules()
    warn: list[str] = []
    ctx = _Ctx(rules, text_dir, warn)
    d = _Doc(graph, text=text, text_tried=text is not None)
    counts = Counts()
    taken: set[str] = set()
    by_id = {t.id: t for t in graph.tasks}
    applied: list[int] = []
    unapplied: list[UnappliedDecision] = []
    matched = []  # first every decision whose task kept its words (same id), then the others
    for n, line in lines:
        t = by_id.get(line.task_id) if line.task_id not in taken else None
        if t is not None:
            taken.add(t.id)
        matched.append((n, line, t))
    for n, line, t in matched:
        where = f"{decisions.path}:{n}"
        flag = None
        if t is None:
            best = max(((_overlap(line.quote, x.text), x) for x in graph.tasks if x.id not in taken),
                       key=lambda p: p[0], default=(0.0, None))
            if best[1] is not None and best[0] >= 0.6:
                t = best[1]
                taken.add(t.id)
                flag = (f"the {'notice' if text_changed else 'task'}'s text changed since review "
                        f"(the task was: {line.quote[:80]!r})")
                line = line.model_copy(update={"quote": t.text})  # the task's words are now these
            elif line.status == "rejected":
                graph.warnings.append(f"{where}: reviewed task {line.task_id} (rejected) is no longer extracted")
                applied.append(n)
                continue
            elif line.status != "added" or text_changed:
                flag = "the parser no longer finds this task; put back from the reviewed quote"
        try:
            _decide(ctx, d, t, line, where, counts, strict=False, flag=flag)
            applied.append(n)
        except _LineProblem as e:
            graph.warnings.append(f"reviewed decision not applied, check it again: {e}")
            unapplied.append(UnappliedDecision(line=n, problem=str(e).removeprefix(f"{where}: ")))
    graph.warnings = sorted(set(graph.warnings) | set(warn))
    graph.edges = build_edges(graph)
    graph.review = GraphReview(file=decisions.path, matched_by=how, applied=sorted(applied), unapplied=unapplied)
    return graph


# --------------------------------------------------------------------------------------------- gold

def gold_documents(lines: list[tuple[int, ReviewLine]]) -> tuple[dict[str, dict], list[str]]:
    """Gold data (the corpus/gold format) for every notice whose tasks are all decided; and the sources
    skipped because some task is still pending."""
    by_doc: dict[str, list[ReviewLine]] = defaultdict(list)
    for _, line in lines:
        by_doc[line.content_hash].append(line)
    out, skipped = {}, []
    for h, doc_lines in by_doc.items():
        src = doc_lines[0].source or h
        if any(x.status == "pending" for x in doc_lines):
            skipped.append(src)
            continue
        tasks = []
        for x in sorted(doc_lines, key=lambda x: (x.start if x.start is not None else 10**12)):
            if x.status == "rejected":
                continue
            tasks.append({
                "quote": x.quote, "lead": x.lead, "support": x.support, "report_to": x.report_to,
                "action": x.action,
                "deadline": ({"text": x.deadline_text, "kind": x.deadline_kind,
                              "date": x.deadline_date.isoformat() if x.deadline_date else None,
                              "end_date": x.deadline_end_date.isoformat() if x.deadline_end_date else None,
                              "every": x.deadline_every} if x.deadline_kind else None),
            })
        out[h] = {"source": src, "content_hash": h, "checked": True, "constructed": False, "from_review": True,
                  "fields": GOLD_FIELDS, "tasks": tasks}
    return out, skipped


def _exact_quotes(src: Path, digest: str, tasks: list[dict]) -> list[dict]:
    """Quotes as the notice spells them (a reviewer's retyped spaces or line breaks put back), when its text
    is at hand and unchanged."""
    text = _source_text(src, digest)
    if text is None:
        return tasks
    out = []
    for t in tasks:
        span = locate(text, t["quote"])
        out.append(dict(t, quote=text[span[0]:span[1]]) if span else t)
    return out


def write_gold(lines: list[tuple[int, ReviewLine]], gold_dir: Path, force: bool = False) -> tuple[list[Path], list[str]]:
    """``notice-parser review gold``: one gold file per fully reviewed notice, its source relative to the
    corpus folder (the parent of ``gold_dir``). Returns (files written, notes on what was skipped)."""
    docs, pending = gold_documents(lines)
    notes = [f"skipped (tasks still pending): {s}" for s in pending]
    gold_dir = Path(gold_dir)
    corpus = gold_dir.resolve().parent
    written = []
    for h, gold in docs.items():
        src = Path(gold["source"])
        rel = os.path.relpath(src.resolve(), corpus) if src.exists() else gold["source"]
        gold = dict(gold, source=rel, tasks=_exact_quotes(src, h, gold["tasks"]))
        path = gold_dir / f"{src.stem}_{h[:8]}.json"
        if path.exists() and not force:
            old = json.loads(path.read_text(encoding="utf-8"))
            if not old.get("from_review"):
                notes.append(f"skipped (hand-written gold exists, use --force): {path}")
                continue
        atomic_write(path, [json.dumps(gold, ensure_ascii=False, indent=2) + "\n"])
        written.append(path)
    return written, notes


def against_list(review_path: Path) -> tuple[list[tuple[str, Path, dict]], list[str]]:
    """``eval --against``: (name, source, gold) for every fully reviewed notice, and the pending ones."""
    lines, errors = read_review(review_path)
    if errors:
        raise ReviewError(errors)
    docs, pending = gold_documents(lines)
    return [(Path(g["source"]).stem, Path(g["source"]), g) for g in docs.values()], pending
