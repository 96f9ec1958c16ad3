"""The review file: one task per line (``ReviewLine``), exported from task graphs as JSON Lines or CSV, and read
back and validated line by line (errors as ``file:line: field: message``)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ErrorKind, NoticeParserError
from ..fileio import atomic_write
from ..schema import DeadlineKind, ReviewStatus, TaskGraph, TaskReview


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

def citation_label(c) -> str:
    """How a review line names a citation: its symbol, else its title, else its key."""
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
            citations=[citation_label(cits[c]) for c in t.citation_ids if c in cits],
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
