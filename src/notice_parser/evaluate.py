"""Score the parser against hand-checked gold (``corpus/gold/*.json``).

Fields and how they are matched:
  * document_symbol, document_date — exact, one per notice.
  * citations — by normalised key (symbol without spaces, case-folded; laws by title); one per document.
  * citation_dates — on matched citations: the date equals the gold date.
  * agencies — distinct canonical names (gold names are resolved through the same gazetteer).
  * sections — (label, first 40 characters of the heading), case- and space-folded.
  * tasks — a predicted and a gold task match when they share at least one lead agency and their
    actions overlap: at least half of the words of the shorter action occur in the other. Pairs are
    taken one-to-one, best overlap first.
  * lead / support / report_to — on matched tasks, (task, agency) pairs.
  * deadlines — over every gold deadline: right when the matched task's deadline has the same kind
    and date (period: date and end_date; recurring: every). A deadline on an unmatched gold task is a
    miss; a deadline predicted where gold has none is a false alarm.
Precision = matched / predicted, recall = matched / gold, F1 their harmonic mean.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import regex

from .agencies import match_key, resolve_name
from .citations import symbol_key
from .normalize import fold_tones
from .rules import Rules, load_rules

FIELDS = ["document_symbol", "document_date", "sections", "citations", "citation_dates", "agencies", "tasks",
          "lead", "support", "report_to", "deadlines"]


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    tp_p: int = 0  # true positives counted against predictions
    tp_r: int = 0  # true positives counted against gold

    @property
    def precision(self) -> float:
        return self.tp_p / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.tp_p += other.tp_p
        self.tp_r += other.tp_r


@dataclass
class DocReport:
    name: str
    scores: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    error: Optional[str] = None


def _set_score(gold: set, pred: set) -> Score:
    tp = len(gold & pred)
    return Score(len(gold), len(pred), tp, tp)


def _fold(s: str, rules: Rules) -> str:
    return regex.sub(r"\s+", " ", fold_tones(s or "", rules)).strip().casefold()


def citation_key(c: dict, rules: Rules) -> str:
    sym = c.get("symbol")
    if sym:
        return symbol_key(sym.replace("Ð", "Đ").replace("–", "-"))  # a gold file's eth and en dash folded too
    return "law:" + _fold(c.get("title") or "", rules)


def _agency(name: str, rules: Rules) -> str:
    return match_key(resolve_name(name, rules).name)


def _words(s: str) -> list[str]:
    return [w.casefold() for w in regex.findall(r"[\p{L}\d]+", s or "")]


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_words(a)), set(_words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _every_key(every: Optional[str]) -> Optional[str]:
    """An ISO 8601 recurrence in one spelling: 'P1W' and 'P7D' are the same week."""
    m = regex.fullmatch(r"P(\d+)W", every or "")
    return f"P{int(m.group(1)) * 7}D" if m else every


def _deadline_key(d: Optional[dict]):
    if not d:
        return None
    kind = d.get("kind")
    if kind == "recurring":
        return (kind, _every_key(d.get("every")), d.get("date"))
    if kind == "period":
        return (kind, d.get("date"), d.get("end_date"))
    return (kind, d.get("date"))


def evaluate_doc(gold: dict, graph: dict, rules: Rules, name: str) -> DocReport:
    """One notice's scores (``DocReport.scores``: a ``Score`` per field of ``FIELDS``) with its misses and false
    alarms, gold (a ``corpus/gold`` JSON) against the parser's graph (``Graph.model_dump(mode="json")``)."""
    rep = DocReport(name)
    _score_document(rep, gold.get("document", {}), graph["document"])
    _score_sections(rep, gold, graph, rules)
    _score_citations(rep, gold, graph, rules)
    _score_agencies(rep, gold, graph, rules)
    _score_tasks(rep, gold, graph, rules)
    scope = gold.get("fields")
    if scope:  # gold made from reviewed tasks covers only the task fields
        rep.scores = {f: sc for f, sc in rep.scores.items() if f in scope}
        keep = ("task", "lead", "support", "report_to", "deadline")
        rep.misses = [m for m in rep.misses if m.startswith(keep)]
        rep.false_alarms = [m for m in rep.false_alarms if m.startswith(keep)]
    return rep


def _score_document(rep: DocReport, gd: dict, pd: dict) -> None:
    def one(field_: str, g, p, norm=lambda x: x):
        gs = {norm(g)} if g else set()
        ps = {norm(p)} if p else set()
        rep.scores[field_] = _set_score(gs, ps)
        if gs - ps:
            rep.misses.append(f"{field_}: {g}")
        if ps - gs:
            rep.false_alarms.append(f"{field_}: {p}")

    one("document_symbol", gd.get("symbol"), pd.get("symbol"), symbol_key)
    one("document_date", gd.get("issued_on"), pd.get("issued_on"))


def _score_sections(rep: DocReport, gold: dict, graph: dict, rules: Rules) -> None:
    def sec_key(label, heading):
        return (label.strip().casefold(), _fold(heading, rules)[:40])
    gsec = {sec_key(x["label"], x["heading"]) for x in gold.get("sections", [])}
    psec = {sec_key(x["label"], x["heading"]) for x in graph["sections"]}
    rep.scores["sections"] = _set_score(gsec, psec)
    rep.misses += [f"section: {k}" for k in sorted(gsec - psec)]
    rep.false_alarms += [f"section: {k}" for k in sorted(psec - gsec)]


def _score_citations(rep: DocReport, gold: dict, graph: dict, rules: Rules) -> None:
    """citations by key, and on matched citations their dates."""
    gc = {citation_key(c, rules): c for c in gold.get("citations", [])}
    pc = {citation_key(c, rules): c for c in graph["citations"]}
    rep.scores["citations"] = _set_score(set(gc), set(pc))
    rep.misses += [f"citation: {k}" for k in sorted(set(gc) - set(pc))]
    rep.false_alarms += [f"citation: {k}" for k in sorted(set(pc) - set(gc))]
    both = [k for k in gc if k in pc]
    dates = Score()
    for k in both:
        if gc[k].get("issued_on") is None and pc[k].get("issued_on") is None:
            continue
        dates.gold += 1 if gc[k].get("issued_on") else 0
        dates.pred += 1 if pc[k].get("issued_on") else 0
        if gc[k].get("issued_on") and gc[k].get("issued_on") == pc[k].get("issued_on"):
            dates.tp_p += 1
            dates.tp_r += 1
        else:
            rep.misses.append(f"citation date: {k}: gold {gc[k].get('issued_on')} got {pc[k].get('issued_on')}")
    rep.scores["citation_dates"] = dates


def _score_agencies(rep: DocReport, gold: dict, graph: dict, rules: Rules) -> None:
    ga = {_agency(a["name"], rules) for a in gold.get("agencies", [])}
    pa = {match_key(a["name"]) for a in graph["agencies"]}
    rep.scores["agencies"] = _set_score(ga, pa)
    rep.misses += [f"agency: {k}" for k in sorted(ga - pa)]
    rep.false_alarms += [f"agency: {k}" for k in sorted(pa - ga)]


def _score_tasks(rep: DocReport, gold: dict, graph: dict, rules: Rules) -> None:
    """tasks matched one-to-one (a shared lead, half the words of the shorter action), then their roles and deadlines."""
    names = {a["id"]: match_key(a["name"]) for a in graph["agencies"]}
    ptasks = [{"lead": {names.get(i, i) for i in t["lead"]}, "support": {names.get(i, i) for i in t["support"]},
               "report_to": {names.get(i, i) for i in t["report_to"]}, "action": t["action"], "text": t["text"],
               "deadline": t.get("deadline")} for t in graph["tasks"]]
    gtasks = [{"lead": {_agency(n, rules) for n in t.get("lead", [])},
               "support": {_agency(n, rules) for n in t.get("support", [])},
               "report_to": {_agency(n, rules) for n in t.get("report_to", [])},
               "action": t.get("action", ""), "text": t.get("quote", ""), "deadline": t.get("deadline")}
              for t in gold.get("tasks", [])]
    cands = []
    for gi, g in enumerate(gtasks):
        for pi, p in enumerate(ptasks):
            if g["lead"] & p["lead"]:
                ov = _overlap(g["action"], p["action"])
                if ov >= 0.5:
                    cands.append((ov, gi, pi))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    gm: dict[int, int] = {}
    pm: dict[int, int] = {}
    for ov, gi, pi in cands:
        if gi in gm or pi in pm:
            continue
        gm[gi] = pi
        pm[pi] = gi
    rep.scores["tasks"] = Score(len(gtasks), len(ptasks), len(pm), len(gm))
    for gi, g in enumerate(gtasks):
        if gi not in gm:
            rep.misses.append(f"task: {sorted(g['lead'])} {g['action'][:80]!r}")
    for pi, p in enumerate(ptasks):
        if pi not in pm:
            rep.false_alarms.append(f"task: {sorted(p['lead'])} {p['action'][:80]!r}")

    for role in ("lead", "support", "report_to"):
        sc = Score()
        for gi, pi in gm.items():
            g, p = gtasks[gi][role], ptasks[pi][role]
            sc.add(_set_score(g, p))
            if g != p:
                rep.misses.append(f"{role} of {gtasks[gi]['action'][:50]!r}: gold {sorted(g)} got {sorted(p)}")
        rep.scores[role] = sc

    dl = Score()
    for gi, g in enumerate(gtasks):
        gk = _deadline_key(g["deadline"])
        pk = _deadline_key(ptasks[gm[gi]]["deadline"]) if gi in gm else None
        dl.gold += 1 if gk else 0
        if gi in gm:
            dl.pred += 1 if pk else 0
        if gk and gk == pk:
            dl.tp_p += 1
            dl.tp_r += 1
        elif gk or pk:
            rep.misses.append(f"deadline of {g['action'][:50]!r}: gold {gk} got {pk}")
    for pi, p in enumerate(ptasks):
        if pi not in pm and _deadline_key(p["deadline"]):
            dl.pred += 1
    rep.scores["deadlines"] = dl


def load_gold(corpus: Path, constructed: bool = False) -> list[tuple[str, Path, dict]]:
    """(name, source path, gold) for the real-text gold files (or, with ``constructed``, the constructed ones)."""
    out = []
    for f in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        if bool(gold.get("constructed")) != constructed:
            continue
        out.append((f.stem, (corpus / gold["source"]).resolve(), gold))
    return out


def evaluate(corpus: Path, rules_dirs=(), against: Optional[list[tuple[str, Path, dict]]] = None,
             only: Iterable[str] = ()):
    """(total scores by field, per-document reports, skipped sources).

    ``only``: glob patterns on the gold file's name (without ``.json``); when given, other notices are left out.
    """
    from .pipeline import parse_file

    rules = load_rules(rules_dirs)
    totals = {f: Score() for f in FIELDS}
    reports = []
    skipped = []
    only = list(only)
    for name, src, gold in (against if against is not None else load_gold(corpus)):
        if only and not any(fnmatch.fnmatchcase(name, pat) for pat in only):
            continue
        if not src.exists():
            skipped.append(str(src))
            continue
        try:
            graph = parse_file(src, rules_dirs=rules_dirs).model_dump(mode="json")
        except Exception as e:  # noqa: BLE001 — reported, and the notice counts as all misses
            rep = DocReport(name, error=f"{type(e).__name__}: {e}")
            graph = {"document": {}, "sections": [], "citations": [], "agencies": [], "tasks": []}
            rep2 = evaluate_doc(gold, graph, rules, name)
            rep2.error = rep.error
            rep = rep2
        else:
            rep = evaluate_doc(gold, graph, rules, name)
        for f, sc in rep.scores.items():
            totals[f].add(sc)
        reports.append(rep)
    return totals, reports, skipped


def format_table(totals: dict, fields: Optional[list[str]] = None) -> str:
    """The score table, one row per field (``fields``: only these, e.g. what reviewed gold covers)."""
    lines = [f"{'field':<16} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", "-" * 48]
    for f in (fields if fields is not None else FIELDS):
        sc = totals[f]
        lines.append(f"{f:<16} {sc.gold:>5} {sc.pred:>5} {sc.precision:>6.3f} {sc.recall:>6.3f} {sc.f1:>6.3f}")
    return "\n".join(lines)


def as_json(totals: dict, reports: list[DocReport]) -> dict:
    return {
        "fields": {f: {"gold": sc.gold, "pred": sc.pred, "precision": round(sc.precision, 4),
                       "recall": round(sc.recall, 4), "f1": round(sc.f1, 4)} for f, sc in totals.items()},
        "documents": [{"name": r.name, "error": r.error, "misses": r.misses, "false_alarms": r.false_alarms,
                       "f1": {f: round(sc.f1, 4) for f, sc in r.scores.items()}} for r in reports],
    }


def load_floors(path: Path) -> dict:
    """``{set name: (gold-name globs, {field: minimum F1})}`` from ``corpus/floors.json``.

    Each set of texts has its own floors (the seed and first dev texts; the texts first scored at first
    sight), so adding harder texts never lowers a set's floor. A file with a plain ``"f1"`` table is one
    set covering every gold file (``["*"]``).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if "sets" not in data:
        return {"all": (["*"], {k: float(v) for k, v in data["f1"].items()})}
    return {name: (list(s["only"]), {k: float(v) for k, v in s["f1"].items()}) for name, s in data["sets"].items()}


def check_floors(totals: dict, floors: dict) -> list[str]:
    """One line per field whose F1 is below its floor (empty when every floor holds)."""
    out = []
    for f, floor in floors.items():
        got = totals[f].f1
        if got + 1e-9 < floor:
            out.append(f"{f}: F1 {got:.3f} is below its floor {floor:.3f}")
    return out
