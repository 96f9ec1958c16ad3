"""Exports of parsed task graphs for other tools: an iCalendar file of due dates.

``notice-parser export ics GRAPHS.jsonl -o deadlines.ics`` writes one all-day event per task that has a due date
(schema 1.2 ``Deadline.due``), with the maintained ``icalendar`` library (RFC 5545):

- SUMMARY: the lead agencies and the start of the action;
- DESCRIPTION: the task id, the quote and the source document (symbol, date, file);
- UID: ``<task id>@notice-parser`` (task ids are deterministic, so a re-export updates the same events);
- RRULE for recurring deadlines (``every`` P1D/P1W/P1M/P3M/P1Y → DAILY/WEEKLY/MONTHLY/YEARLY with INTERVAL).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Iterable

from .graph import every_parts
from .schema import TaskGraph

_FREQ = {"D": "DAILY", "W": "WEEKLY", "M": "MONTHLY", "Y": "YEARLY"}
SUMMARY_CHARS = 80


def calendar_of(graphs: Iterable[TaskGraph]):
    """An ``icalendar.Calendar`` with one VEVENT per task that has a due date; returns (calendar, events)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//notice-parser//task deadlines//VI")
    cal.add("version", "2.0")
    n = 0
    for g in graphs:
        names = {a.id: a.name for a in g.agencies}
        doc = g.document
        source = " ".join(x for x in [doc.doc_type or "", doc.symbol or "",
                                      doc.issued_on.isoformat() if doc.issued_on else ""] if x)
        for t in g.tasks:
            d = t.deadline
            if d is None or d.due is None:
                continue
            lead = ", ".join(names.get(i, i) for i in t.lead)
            action = t.action if len(t.action) <= SUMMARY_CHARS else t.action[:SUMMARY_CHARS - 1] + "…"
            ev = Event()
            ev.add("uid", f"{t.id}@notice-parser")
            ev.add("summary", f"{lead}: {action}" if lead else action)
            ev.add("dtstart", d.due)
            ev.add("dtend", d.due + timedelta(days=1))
            ev.add("description", "\n".join([
                f"task: {t.id}", f"deadline: {d.text} ({d.kind})", f"quote: {t.text}",
                f"document: {source or '(no header)'}", f"file: {doc.source or ''}",
            ]))
            parts = every_parts(d.every) if d.kind == "recurring" else None
            if parts:
                ev.add("rrule", {"freq": _FREQ[parts[1]], "interval": parts[0]})
            cal.add_component(ev)
            n += 1
    return cal, n


def write_ics(graphs: Iterable[TaskGraph], out: Path) -> int:
    """Write the calendar to ``out`` (atomically); returns the number of events."""
    from .fileio import atomic_write

    cal, n = calendar_of(graphs)
    atomic_write(out, [cal.to_ical().decode("utf-8")])
    return n
