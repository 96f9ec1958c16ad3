"""Gold data from a review: every notice whose tasks are all decided becomes a gold file (``review gold``) or an
entry of ``eval --against``."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from ..fileio import atomic_write
from .apply import locate, source_text
from .format import ReviewError, ReviewLine, read_review

GOLD_FIELDS = ["tasks", "lead", "support", "report_to", "deadlines"]


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
    text = source_text(src, digest)
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
