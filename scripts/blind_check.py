"""Check a blind batch before it is scored: ``python scripts/blind_check.py BATCH_DIR [OTHER_DIRS ...]``.

A blind batch is a folder of real texts ``NN.txt`` (kept outside the repository unless they are administrative
documents, see corpus/formal/README.md), their gold ``NN.json`` written by reading (corpus/GUIDELINES.md), and
``SOURCES.tsv`` (file, url). This prints one line per problem and exits 1 if there is any:

- a gold file that is not JSON, lacks a field of the format, or has a date that is not ISO;
- a task whose ``quote`` is not an exact substring of its text, with no lead, or a deadline of an unknown kind;
- a text without gold or without a SOURCES.tsv row;
- a text that repeats one already in the corpus (``corpus/notices``, ``corpus/formal``, ``../shared/corpus-dev*``,
  and the folders given after the batch): more than 30 % of its 8-word shingles seen before.

It never runs the parser: a blind batch is checked for form only, so its first-sight score stays a first sight.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"by", "from", "on", "within", "period", "recurring"}
MAX_SEEN = 0.30


def shingles(text: str, n: int = 8) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i:i + n])) for i in range(max(0, len(words) - n + 1))}


def _iso(value) -> bool:
    if value is None:
        return True
    try:
        date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def check_gold(txt: Path, gold_path: Path) -> list[str]:
    out = []
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"{gold_path}: not readable JSON: {e}"]
    text = txt.read_text(encoding="utf-8")
    for key in ("document", "sections", "citations", "agencies", "tasks"):
        if key not in gold:
            out.append(f"{gold_path}: no '{key}'")
    doc = gold.get("document") or {}
    if not _iso(doc.get("issued_on")):
        out.append(f"{gold_path}: document.issued_on is not ISO: {doc.get('issued_on')!r}")
    for i, c in enumerate(gold.get("citations") or []):
        if not _iso(c.get("issued_on")):
            out.append(f"{gold_path}: citations[{i}].issued_on is not ISO: {c.get('issued_on')!r}")
    for i, t in enumerate(gold.get("tasks") or []):
        where = f"{gold_path}: tasks[{i}]"
        q = t.get("quote") or ""
        if not q or q not in text:
            out.append(f"{where}: quote is not an exact substring of {txt.name}: {q[:60]!r}")
        if not t.get("lead"):
            out.append(f"{where}: no lead")
        if not t.get("action"):
            out.append(f"{where}: no action")
        dl = t.get("deadline")
        if dl is not None:
            if dl.get("kind") not in KINDS:
                out.append(f"{where}: deadline kind {dl.get('kind')!r} is not one of {sorted(KINDS)}")
            if not _iso(dl.get("date")) or not _iso(dl.get("end_date")):
                out.append(f"{where}: deadline date is not ISO")
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0])
        return 2
    batch, others = Path(argv[0]), [Path(a) for a in argv[1:]]
    problems = []
    sources = set()
    if (batch / "SOURCES.tsv").is_file():
        sources = {ln.split("\t", 1)[0] for ln in (batch / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()}
    else:
        problems.append(f"{batch}: no SOURCES.tsv")
    seen: list[tuple[str, set[int]]] = []
    for folder in [ROOT / "corpus" / "notices", ROOT / "corpus" / "formal", *sorted(ROOT.parent.glob("shared/corpus-dev*")),
                   *others]:
        for f in sorted(folder.glob("*.txt")):
            seen.append((str(f), shingles(f.read_text(encoding="utf-8", errors="replace"))))
    texts = sorted(batch.glob("*.txt"))
    if not texts:
        problems.append(f"{batch}: no texts")
    for txt in texts:
        gold = txt.with_suffix(".json")
        if not gold.is_file():
            problems.append(f"{txt}: no gold {gold.name}")
        else:
            problems += check_gold(txt, gold)
        if sources and txt.name not in sources:
            problems.append(f"{txt}: no row in SOURCES.tsv")
        mine = shingles(txt.read_text(encoding="utf-8"))
        for name, other in seen + [(str(t), shingles(t.read_text(encoding="utf-8"))) for t in texts if t < txt]:
            if mine and len(mine & other) / len(mine) > MAX_SEEN:
                problems.append(f"{txt}: {len(mine & other) / len(mine):.0%} of it is already in {name}")
    for p in problems:
        print(p)
    n_tasks = sum(len(json.loads(t.with_suffix(".json").read_text(encoding="utf-8")).get("tasks", []))
                  for t in texts if t.with_suffix(".json").is_file() and not any(str(t.with_suffix(".json")) in p and "JSON" in p for p in problems))
    print(f"{len(texts)} texts, {n_tasks} gold tasks, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
