"""``notice-parser view``: one self-contained HTML page for a reviewer.

The page holds the original text with every extracted span highlighted (a colour per kind: task,
agency, citation, deadline; the task id and roles on hover), the task list as a table, and the
task graph as an SVG picture (agencies → tasks → citations). It is rendered with Jinja2 from the
package's ``templates/view.html.j2``, with autoescaping, and loads nothing from the network: the
styles are inline and there is no script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .schema import TaskGraph

KINDS = ("task", "citation", "deadline", "agency")  # outermost first when spans nest


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    ref: str
    title: str
    status: str = ""


def _spans(graph: TaskGraph) -> list[_Span]:
    out: list[_Span] = []
    names = {a.id: a.name for a in graph.agencies}
    for t in graph.tasks:
        status = t.review.status if t.review else "pending"
        roles = [f"lead: {', '.join(names.get(i, i) for i in t.lead) or '—'}"]
        if t.support:
            roles.append(f"support: {', '.join(names.get(i, i) for i in t.support)}")
        if t.report_to:
            roles.append(f"report to: {', '.join(names.get(i, i) for i in t.report_to)}")
        out.append(_Span(t.start, t.end, "task", t.id, f"task {t.id} ({status}) · " + " · ".join(roles), status))
        if t.deadline is not None:
            d = t.deadline
            when = d.date.isoformat() if d.date else (d.every or "unresolved")
            out.append(_Span(d.start, d.end, "deadline", t.id, f"deadline of {t.id}: {d.kind} {when}"))
    for c in graph.citations:
        label = c.symbol or c.title or c.key
        for m in c.mentions or [c]:
            out.append(_Span(m.start, m.end, "citation", c.id, f"citation {c.id}: {c.doc_type or ''} {label}".strip()))
    for a in graph.agencies:
        for m in a.mentions:
            out.append(_Span(m.start, m.end, "agency", a.id, f"agency {a.id}: {a.name}"))
    return [s for s in out if s.end > s.start]


def segments(text: str, graph: TaskGraph) -> list[tuple[str, list[_Span]]]:
    """The text cut at every span boundary: (piece, the spans covering it, outermost first)."""
    spans = _spans(graph)
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    order = {k: i for i, k in enumerate(KINDS)}
    by_start = sorted(spans, key=lambda s: s.start)
    out = []
    active: list[_Span] = []
    i = 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(by_start) and by_start[i].start <= a:
            active.append(by_start[i])
            i += 1
        active = [s for s in active if s.end > a]
        covering = sorted((s for s in active if s.start <= a and s.end >= b), key=lambda s: (order[s.kind], s.start))
        out.append((text[a:b], covering))
    return out


def _short(s: str, n: int = 48) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def graph_picture(graph: TaskGraph) -> dict:
    """Node positions and edges for the SVG: agencies left, tasks in the middle, citations right."""
    row, top = 26, 40
    tasks = graph.tasks
    used_agencies = list(dict.fromkeys(a for t in tasks for a in t.lead + t.support + t.report_to))
    used_cits = list(dict.fromkeys(c for t in tasks for c in t.citation_ids))
    names = {a.id: a.name for a in graph.agencies}
    cits = {c.id: (c.symbol or c.title or c.key) for c in graph.citations}
    cols = {"agency": 10, "task": 380, "citation": 750}
    nodes, pos = [], {}
    for kind, ids, label in (("agency", used_agencies, lambda i: names.get(i, i)),
                             ("task", [t.id for t in tasks], lambda i: i),
                             ("citation", used_cits, lambda i: cits.get(i, i))):
        for n, i in enumerate(ids):
            y = top + n * row
            pos[i] = (cols[kind], y)
            nodes.append({"id": i, "kind": kind, "x": cols[kind], "y": y, "label": _short(label(i), 44),
                          "title": label(i)})
    actions = {t.id: t.action for t in tasks}
    for n in nodes:
        if n["kind"] == "task":
            n["label"] = _short(f"{n['id']} {actions[n['id']]}", 44)
    edges = []
    width = 230
    for t in tasks:
        rejected = bool(t.review and t.review.status == "rejected")
        for kind, ids in (("lead", t.lead), ("support", t.support), ("report_to", t.report_to)):
            for a in ids:
                (x1, y1), (x2, y2) = pos[a], pos[t.id]
                edges.append({"kind": kind, "x1": x1 + width, "y1": y1 - 5, "x2": x2, "y2": y2 - 5, "rejected": rejected})
        for c in t.citation_ids:
            (x1, y1), (x2, y2) = pos[t.id], pos[c]
            edges.append({"kind": "cites", "x1": x1 + width, "y1": y1 - 5, "x2": x2, "y2": y2 - 5, "rejected": rejected})
    rows = max(len(used_agencies), len(tasks), len(used_cits), 1)
    return {"nodes": nodes, "edges": edges, "height": top + rows * row, "width": 1000, "box": width}


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("notice_parser", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("view.html.j2")


def render(text: str, graph: TaskGraph) -> str:
    """The HTML page for one parsed notice (``text`` is the original text the graph's offsets refer to)."""
    names = {a.id: a.name for a in graph.agencies}
    cits = {c.id: (c.symbol or c.title or c.key) for c in graph.citations}
    rows = []
    for t in graph.tasks:
        d = t.deadline
        rows.append({
            "id": t.id, "section": t.section_id or "", "status": t.review.status if t.review else "pending",
            "needs_review": bool(t.review and t.review.needs_review), "note": t.review.note if t.review else "",
            "lead": [names.get(i, i) for i in t.lead], "support": [names.get(i, i) for i in t.support],
            "report_to": [names.get(i, i) for i in t.report_to], "action": t.action, "action_type": t.action_type or "",
            "deadline": (f"{d.kind} {d.date.isoformat() if d.date else d.every or ''}".strip() + f" — “{d.text}”")
            if d else "", "citations": [cits.get(c, c) for c in t.citation_ids],
        })
    counts = {"task": len(graph.tasks), "agency": len(graph.agencies), "citation": len(graph.citations),
              "deadline": sum(1 for t in graph.tasks if t.deadline)}
    return _template().render(doc=graph.document, graph=graph, segments=segments(text, graph), rows=rows,
                              picture=graph_picture(graph), counts=counts, kinds=KINDS)


def write_view(notice: Path, out: Path, *, reviewed: Optional[Path] = None, reference_date: Optional[date] = None,
               rules_dirs: Iterable[str | Path] = ()) -> TaskGraph:
    """Parse ``notice`` (keeping any reviewer decisions from ``reviewed``) and write its HTML page."""
    from .load import load
    from .pipeline import parse_loaded
    from .fileio import atomic_write
    from .review import Decisions, reapply
    from .rules import load_rules

    loaded = load(notice)
    graph = parse_loaded(loaded, str(notice), reference_date=reference_date, rules_dirs=rules_dirs)
    if reviewed is not None:
        graph = reapply(graph, Decisions.load(reviewed), text=loaded.text, rules=load_rules(rules_dirs))
    atomic_write(out, [render(loaded.text, graph)])
    return graph
