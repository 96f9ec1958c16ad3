"""No catastrophic backtracking: every compiled rule pattern against 100 kB hostile inputs, each < 50 ms.

Run by `make bench` (and on its own: python benchmarks/adversarial.py). Exits 1 and names the pattern
and the input when a scan takes longer than the bound.
"""

from __future__ import annotations

import re
import sys
import time

import regex

BOUND = 0.050  # seconds per full scan of a 100 kB input
SIZE = 100_000
REPEAT = 3


def inputs() -> dict[str, str]:
    def rep(unit: str) -> str:
        return (unit * (SIZE // len(unit) + 1))[:SIZE]

    return {
        "aaaa": rep("a"), "digits": rep("1"), "số số": rep("số "), "slashes": rep("/"), "Sở Sở": rep("Sở "),
        "ngày": rep("ngày "), "1/1/": rep("1/1/"), "dashes": rep("- "), "parens": rep("("), "Luật": rep("Luật "),
        "Ủy ban": rep("Ủy ban nhân dân "), "tháng": rep("tháng "), "caps": rep("ỦY BAN NHÂN DÂN TỈNH "),
        "commas": rep("các sở, "), "newlines": rep("a\n"), "symbols": rep("12/QĐ-"), "dates": rep("ngày 1 tháng "),
    }


def patterns() -> list[tuple[str, "regex.Pattern | re.Pattern"]]:
    """Every compiled pattern the stages build from rules/ (found by walking their compiled objects)."""
    from notice_parser import agencies, citations, deadlines, header, normalize, sections, tasks
    from notice_parser.rules import load_rules

    rules = load_rules()
    objects = {
        "normalize": rules.compiled("normalize", normalize._compile),
        "header": rules.compiled("header", header._Compiled),
        "sections": rules.compiled("sections", sections._Compiled),
        "citations": citations._compiled(rules),
        "agencies": agencies._compiled(rules),
        "deadlines": deadlines._compiled(rules),
        "tasks": tasks._compiled(rules),
    }
    found: list = []

    def walk(name: str, value, depth: int = 0) -> None:
        if isinstance(value, (regex.Pattern, re.Pattern)):  # some tries run on the stdlib engine
            found.append((name, value))
        elif depth < 3 and isinstance(value, dict):
            for k, v in value.items():
                walk(f"{name}.{k}", v, depth + 1)
        elif depth < 3 and isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(f"{name}[{i}]", v, depth + 1)
        elif depth == 0 and hasattr(value, "__dict__"):
            for k, v in vars(value).items():
                walk(f"{name}.{k}", v, depth + 1)

    for stage, obj in objects.items():
        walk(stage, obj)
    found.append(("normalize.glued_candidate", objects["normalize"]["glued"].candidate))  # scanned over the text
    return found


# Patterns the stages run over a whole document (or a whole task). Every other pattern is only used
# anchored at a position or inside a short window (a few hundred characters), and is checked that way:
# 500 windowed searches of 200 characters spread over the input (or, for patterns only used with .match,
# 2,000 anchored matches), under the same bound in total.
SCANNED = ("agencies.compressed", "agencies.local_pc_prefix", "agencies.gazetteer_view_re", "agencies.generic",
           "agencies.not_agency_re", "citations.symbol_start", "citations.law_amend", "citations.law",
           "citations.standard", "deadlines.recurring_re", "deadlines.within_re", "deadlines.core",
           "deadlines.urgency_re", "normalize.changing", "normalize.glue", "normalize.glued_candidate",
           "normalize.fold_re", "tasks.triggers",
           # searched over a whole line, unit or task span, which hostile text can make 100 kB long
           "normalize.chrome_lines", "normalize.chrome_tail", "normalize.expects_number", "tasks.not_task",
           "tasks.own_deadline", "tasks.report_roles", "tasks.channel", "tasks.background")


# Patterns only ever used with .match at a position the code has already found.
MATCHED = ("agencies.place_re", "agencies.place_suffix_re", "agencies.local_pc_re", "agencies.bare_unit_re",
           "agencies.group_tail_re", "agencies.locality_re", "agencies.defined_alias_re", "agencies.head_at_start_re",
           "agencies.board_modifier_re", "citations.symbols", "citations.typed_symbols", "citations.date_after", "citations.doc_start", "citations.date_re",
           
           "citations.law_symbol", "citations.law_date", "citations.of_issuer", "citations.defined_name",
           "deadlines.not_after", "tasks.connector", "tasks.lead_roles", "tasks.support_roles", "tasks.adverbs",
           "tasks.passive", "tasks.subject_opener", "tasks.topic_opener", "tasks.sentence_opener", "tasks.anaphora",
           "tasks.narrative", "tasks.doc_type_start", "tasks.head_re", "tasks.led_by_end", "tasks.report_clause",
           "tasks.report_object", "tasks.list_sep", "tasks.agency_tail", "tasks.assign_object", "tasks.quantifier",
           "tasks.plan_time", "tasks.purpose_opener", "tasks.capacity", "tasks.counted_localities",
           "agencies.more_places_re", "tasks.frame_fillers", "tasks.collective_head", "tasks.says_clearly",
           "tasks.own_body", "agencies.name_stop_re", "agencies.strong_stop_re", "agencies.field_series_re", "tasks.deontic",
           "header.", "sections.")


def listed(name: str, names: tuple[str, ...]) -> bool:
    """An exact name, or everything under a stage listed as "stage." (so "citations.law" is not "citations.law_date")."""
    base = name.split("[", 1)[0]
    return any(base == n or (n.endswith(".") and base.startswith(n)) for n in names)


def matched(rx: regex.Pattern, text: str) -> None:
    step = max(1, len(text) // 2000)
    for pos in range(0, len(text), step):
        rx.match(text, pos, pos + 600)  # as the code calls them: an end bound keeps each call constant-time


def scan(rx: regex.Pattern, text: str) -> None:
    for _ in rx.finditer(text):
        pass


# Windows narrower than the default, as the code searches them.
WINDOW = {"tasks.verb_re": 60}


def windowed(rx: regex.Pattern, text: str, width: int = 200) -> None:
    step = max(1, len(text) // 500)
    for pos in range(0, len(text), step):
        rx.search(text, pos, pos + width)


def main() -> int:
    pats = patterns()
    texts = inputs()
    worst = (0.0, "", "")
    slow = []
    for name, rx in pats:
        if name in WINDOW:
            def run(r, t, w=WINDOW[name]):
                return windowed(r, t, w)
        else:
            run = scan if listed(name, SCANNED) else matched if listed(name, MATCHED) else windowed
        for label, text in texts.items():
            dt = float("inf")
            for _ in range(REPEAT):  # best of a few runs: this is a shared VM whose clock speed wanders
                t0 = time.perf_counter()
                run(rx, text)
                dt = min(dt, time.perf_counter() - t0)
            if dt > worst[0]:
                worst = (dt, name, label)
            if dt > BOUND:
                slow.append((dt, name, label))
    print(f"adversarial regex check: {len(pats)} patterns x {len(texts)} inputs of {SIZE // 1000} kB; "
          f"slowest {worst[0] * 1000:.1f} ms ({worst[1]} on '{worst[2]}')")
    for dt, name, label in sorted(slow, reverse=True):
        print(f"  SLOW {dt * 1000:.1f} ms  {name}  on '{label}'")
    print("PASS: every pattern under 50 ms" if not slow else f"FAIL: {len(slow)} scans over 50 ms")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
