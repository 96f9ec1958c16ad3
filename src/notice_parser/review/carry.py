"""Keeping reviewer decisions across re-parses (``parse --reviewed``): a decision follows its notice (by text,
identity, file or file name) and its task (by id, else by quoted text), and the decisions no parse took are kept
in ``OUT.unplaced.jsonl``."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from ..fileio import atomic_write
from ..graph import build_edges
from ..rules import Rules, load_rules
from ..schema import GraphReview, TaskGraph, UnappliedDecision
from .apply import (ApplyContext, Counts, GraphDoc, LineProblem, decide, identity_key, one_line_per_task, undecided,
                    word_overlap)
from .format import ReviewError, ReviewLine, read_review


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
        return bool((self.symbol and doc.symbol and self.symbol != identity_key(doc.symbol))
                    or (self.issuer and doc.issuer and self.issuer != identity_key(doc.issuer))
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
            if not undecided(line):  # a pending line with no note holds no decision to keep
                by_hash[line.content_hash].append((n, line))
        for h, mine in by_hash.items():
            nt = self.notices[h] = _Notice(h, one_line_per_task(mine, review_path, self.errors))
            for n, line in nt.lines:
                self.lines[n] = line
                nt.symbol = nt.symbol or identity_key(line.document_symbol)
                nt.issuer = nt.issuer or identity_key(line.document_issuer)
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
            found = [nt for nt in self.by_symbol.get(identity_key(doc.symbol), ()) if not nt.conflicts(doc)]
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
        hits = sum(1 for _, line in nt.lines if any(word_overlap(line.quote, t.text) >= 0.6 for t in graph.tasks))
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
    ctx = ApplyContext(rules, text_dir, warn)
    d = GraphDoc(graph, text=text, text_tried=text is not None)
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
            best = max(((word_overlap(line.quote, x.text), x) for x in graph.tasks if x.id not in taken),
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
            decide(ctx, d, t, line, where, counts, strict=False, flag=flag)
            applied.append(n)
        except LineProblem as e:
            graph.warnings.append(f"reviewed decision not applied, check it again: {e}")
            unapplied.append(UnappliedDecision(line=n, problem=str(e).removeprefix(f"{where}: ")))
    graph.warnings = sorted(set(graph.warnings) | set(warn))
    graph.edges = build_edges(graph)
    graph.review = GraphReview(file=decisions.path, matched_by=how, applied=sorted(applied), unapplied=unapplied)
    return graph
