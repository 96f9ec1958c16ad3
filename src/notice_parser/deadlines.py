"""Stage 6: dates and deadlines, resolved against the document's date.

``find_deadlines`` reads a span of normalised text and returns every deadline expression in
it (by / from / on / within / period / recurring), skipping dates that belong to a citation
(``masked``) and the document's own validity ("có hiệu lực kể từ ngày ký"). The words live
in ``rules/deadlines.yaml``, the grammar that assembles them in ``rules/dates.yaml``; this module holds
the mechanism and the calendar arithmetic.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

import regex

from .dates import date_grammar, date_template, last_day, make_date, resolve_day
from .rules import Rules, RulesError, alternation, fast_compile, first_char_guard, lazy_compile
from .spans import SpanSet


@dataclass
class FoundDeadline:
    start: int
    end: int
    kind: str
    date: Optional[date] = None
    end_date: Optional[date] = None
    every: Optional[str] = None
    precision: int = 0  # 0 a day, 1 a recurrence, 2 a month, 3 a quarter or half-year, 4 a year or a range
    gloss: bool = False  # written inside parentheses: it explains a word before it ("dịp lễ (từ ngày 16 đến 18/4)")
    warnings: list[str] = field(default_factory=list)


_alt = alternation


class _Compiled:
    def __init__(self, rules: Rules):
        cfg = rules.yaml("deadlines.yaml")
        self.fills = fills = _fills(rules, cfg)
        self.prefix_res = {
            kind: lazy_compile(date_template(rules, "kind_prefix", dict(fills, WORDS=_alt(words))), regex.I)
            for kind, words in cfg["kind_prefixes"].items()
        }
        verbs = cfg.get("meeting_verbs")
        sender = rf"(?<![\p{{L}}])(?:{_alt(verbs)})[ ]+" if verbs else r"(?<![\p{L}])"
        self.meeting = lazy_compile(rf"{sender}(?:{_alt(cfg.get('meeting_words', []))})[^,;.\n]{{0,40}}$", regex.I)
        self.month_by = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['month_by_prefixes'])})[ ]*$", regex.I)
        self.text_year = lazy_compile(cfg["text_year"], regex.I) if cfg.get("text_year") else None
        self.not_before = lazy_compile(
            date_template(rules, "not_deadline_prefix", dict(fills, WORDS=_alt(cfg["not_deadline_before"]))), regex.I)
        self.cited_before = lazy_compile(cfg["cited_document_before"])
        self.not_after = lazy_compile(rf"[ \n]*(?:{_alt(cfg.get('not_deadline_after', []) or ['(?!)'])})", regex.I)
        units = cfg["recurrence_units"]
        self.units = {k.lower(): v for k, v in units.items()}
        self.recurring_re = lazy_compile(_forms(rules, "recurrence_forms", fills), regex.I | regex.X)
        self.quarter_day_re = lazy_compile(cfg["quarter_day"], regex.I) if cfg.get("quarter_day") else None
        self.quarter_months = {regex.sub(r"\s+", " ", k).casefold(): v for k, v in (cfg.get("quarter_months") or {}).items()}
        dur_units = cfg["duration_units"]
        self.dur_units = {k.lower(): v for k, v in dur_units.items()}
        self.within_re = lazy_compile(date_template(rules, "within", fills), regex.I)
        self.doc_anchor = lazy_compile(_alt(cfg["document_anchors"]), regex.I)
        self.event_anchor = lazy_compile(rf"[ ]*,?[ ]*(?:{_alt(cfg['event_anchors'])})(?![\p{{L}}])", regex.I)
        self.period_prefix = lazy_compile(rf"(?:{_alt(cfg['period_prefixes'])})[ ]*$", regex.I)
        self.completion_within = lazy_compile(cfg["completion_within"], regex.I)
        self.named_span = lazy_compile(cfg["named_span_before"]) if cfg.get("named_span_before") else None
        self.horizon = lazy_compile(cfg["horizon_before"])
        self.covered_since = lazy_compile(cfg["covered_since"])
        self.year_prefix = lazy_compile(rf"(?:{_alt(cfg['year_prefixes'])})[ ]*$", regex.I)
        self.before_word = lazy_compile(rf"(?:{_alt(cfg['before_words'])})[ ]*$", regex.I)
        self.recurrence_modifier = lazy_compile(rf"[ \n]+(?:{_alt(cfg['recurrence_not_before'])})(?![\p{{L}}])")
        nouns = _alt(cfg.get("recurrence_not_after") or [], space=r"[ \n]+") or "(?!)"
        self.recurrence_attribute = lazy_compile(rf"(?<![\p{{L}}])(?:{nouns})[ \n]+$", regex.I)
        self.narrative_date = lazy_compile(date_template(rules, "narrative_date", fills), regex.I)
        self.urgency_re = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['urgency'])})(?![\p{{L}}])", regex.I)
        self.quarters = {str(k).upper(): v for k, v in cfg["quarters"].items()}
        self.covered_period = lazy_compile(cfg.get("covered_period_before", "(?!)"), regex.I)
        self.dotted_day_after = lazy_compile(cfg.get("dotted_day_after", "(?!)"), regex.I)
        self.spelled_months = {k.casefold(): v for k, v in (cfg.get("spelled_months") or {}).items()}
        self.spelled_quarters = {k.casefold(): v for k, v in (cfg.get("spelled_quarters") or {}).items()}
        self.month_parts = {k.casefold(): v for k, v in (cfg.get("month_parts") or {}).items()}
        rel = cfg.get("relative") or {}
        self.rel_kind = {regex.sub(r"\s+", " ", w).casefold(): k for k, ws in (rel.get("prefixes") or {}).items() for w in ws}
        self.rel_weekdays = {regex.sub(r"\s+", " ", k).casefold(): v for k, v in (rel.get("weekdays") or {}).items()}
        self.rel_this = {w.casefold() for w in rel.get("this") or []}
        self.rel_units = {k.casefold(): v for k, v in (rel.get("units") or {}).items()}
        if rel:
            quals = _alt(sorted(self.rel_this | {w.casefold() for w in rel.get("next") or []}))
            weeks = _alt([u for u, v in self.rel_units.items() if v == "W"])  # "thứ 5 tuần sau"
            self.relative_re = lazy_compile(
                rf"(?<![\p{{L}}])(?:(?P<pre>{_alt(list(self.rel_kind))})[ ]+)?(?:"
                rf"(?P<wd>{_alt(list(self.rel_weekdays))})(?:[ ]+(?:(?:{weeks})[ ]+(?P<wkq>{quals})|(?P<wdn>{quals})))?"
                rf"|(?P<unit>{_alt(list(self.rel_units))})[ ]+(?P<uq>{quals})"
                rf"|(?P<tom>{_alt(rel.get('tomorrow') or ['(?!)'])})"
                rf"|(?P<me>{_alt(rel.get('month_end') or ['(?!)'])})(?:[ ]+(?:{_alt(sorted(self.rel_this))}))?(?![ ]+\d)"
                rf")(?![\p{{L}}])", regex.I)  # "cuối tháng 6" names its month: no relative end of this month
        else:
            self.relative_re = None
        self.number_words = {k.casefold(): v for k, v in (cfg.get("number_words") or {}).items()}
        self.tet_name = cfg.get("tet_holiday_name", "Lunar New Year")
        self.day_word = lazy_compile(date_template(rules, "day_word"), regex.I)  # "ngày" opening a written day
        # The deadline grammar (rules/dates.yaml deadline_forms), scanned over the span with the stdlib engine
        # (several times faster per position than `regex` on this alternation); an expression never starts inside a
        # word or number.
        alternatives = [date_template(rules, name, fills) for name in _form_names(rules, "deadline_forms")]
        alternatives = [line_spaced(x) for x in alternatives]
        flags = regex.I | regex.X
        # Each alternative behind its own first-character test, and the whole behind theirs together:
        # a position is given up at one character test instead of trying every alternative.
        core = "(?:" + "\n| ".join(first_char_guard(x, flags) + x for x in alternatives) + ")"
        self.core = fast_compile(rf"{first_char_guard(core, flags)}(?<![\p{{L}}\d/.]){core}", flags)


def _fills(rules: Rules, cfg: dict) -> dict[str, str]:
    """What the templates of rules/dates.yaml take from deadlines.yaml: each word list as an alternation."""
    dg = date_grammar(rules)
    tod = cfg.get("time_of_day")
    return {
        "DAY_NUM": dg.day_num, "DAY_WORDS": dg.day_words, "SPELLED": dg.spelled,
        "RANGE_FROM": _alt(cfg["range_from"]), "RANGE_TO": _alt(cfg["range_to"]), "RANGE_ASIDE": cfg.get("range_aside", ""),
        "SPELLED_MONTHS": _alt([k.casefold() for k in cfg.get("spelled_months") or {}]) or "(?!)",
        "MONTH_PARTS": _alt([k.casefold() for k in cfg.get("month_parts") or {}]) or "(?!)",
        "SPELLED_QUARTERS": _alt([k.casefold() for k in cfg.get("spelled_quarters") or {}]) or "(?!)",
        "NUMBER_WORDS": _alt([k.casefold() for k in cfg.get("number_words") or {}]) or "(?!)",
        "YEAR_SPANS": _alt(cfg["year_span_words"]), "TET": cfg["tet"],
        "RECURRENCE_WORDS": _alt(cfg["recurrence_words"]), "RECURRENCE_UNITS": _alt(list(cfg["recurrence_units"])),
        "WITHIN_PREFIXES": _alt(cfg["within_prefixes"]), "DURATION_UNITS": _alt(list(cfg["duration_units"])),
        "WITHIN_AHEAD": _alt(cfg.get("within_ahead") or []) or "(?!)",
        "DOCUMENT_ANCHORS": _alt(cfg["document_anchors"]),
        # a day date with its groups renamed, so that the anchor's day is told from the deadline's own
        "ANCHOR_DAY": dg.day_num.replace("?P<", "?P<a_").replace("?P=", "?P=a_"),
        "TIME_OF_DAY": rf"(?:[ ]+{tod}[ ]*,?)?" if tod else "",
        "DAY_PARTS": _alt(cfg["day_parts"]),
    }


def line_spaced(pattern: str) -> str:
    """``pattern`` with every space ``[ ]`` also matching a line break: the deadline grammar reads across lines."""
    return pattern.replace("[ ]", "[ \\n]")


def _form_names(rules: Rules, key: str) -> list[str]:
    names = rules.yaml("dates.yaml").get(key)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RulesError(f"dates.yaml: {key} must be a list of template names")
    return names


def _forms(rules: Rules, key: str, fills: dict[str, str]) -> str:
    """The templates listed under ``key`` (``recurrence_forms``) as one alternation; a space matches a line break."""
    return line_spaced("(?:" + "|".join(date_template(rules, n, fills) for n in _form_names(rules, key)) + ")")


def deadline_patterns(rules: Rules) -> dict[str, list[regex.Pattern]]:
    """Every template of rules/dates.yaml that the deadline stage uses, compiled as the stage compiles it (a kind prefix
    once per kind): for the rule-example tests."""
    c = _compiled(rules)
    fills = c.fills
    flags_x = regex.I | regex.X
    out: dict[str, list[regex.Pattern]] = {
        name: [regex.compile(line_spaced(date_template(rules, name, fills)), flags_x)]
        for name in _form_names(rules, "deadline_forms") + _form_names(rules, "recurrence_forms")}
    out["within"] = [c.within_re]
    out["kind_prefix"] = list(c.prefix_res.values())
    out["not_deadline_prefix"] = [c.not_before]
    out["narrative_date"] = [c.narrative_date]
    return out


def _compiled(rules: Rules) -> _Compiled:
    return rules.compiled("deadlines", _Compiled)


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> frozenset:
    import holidays  # maintained calendar of Vietnamese public holidays (incl. Tết)

    return frozenset(holidays.country_holidays("VN", years=year).keys())


def add_working_days(start: date, n: int) -> date:
    """``start`` plus ``n`` working days (no weekends, no Vietnamese public holidays)."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in _vn_holidays(d.year):
            n -= 1
    return d


def _add(start: date, n: int, unit: str) -> date:
    if unit == "D":
        return start + timedelta(days=n)
    if unit == "WD":
        return add_working_days(start, n)
    if unit == "W":
        return start + timedelta(weeks=n)
    months = n * (12 if unit == "Y" else 1)
    y, m = divmod(start.month - 1 + months, 12)
    y += start.year
    m += 1
    return date(y, m, min(start.day, calendar.monthrange(y, m)[1]))


def _next_quarter_day(ref: date, day: int, month_of_quarter: int) -> Optional[date]:
    """The first day ``day`` of the ``month_of_quarter``-th month of a quarter on or after ``ref``."""
    q0 = (ref.month - 1) // 3 * 3
    for k in range(0, 5):
        m0 = q0 + 3 * k + month_of_quarter  # 1-based month counted from January of ref.year
        y, mo = ref.year + (m0 - 1) // 12, (m0 - 1) % 12 + 1
        d = date(y, mo, min(day, calendar.monthrange(y, mo)[1]))  # "ngày 31 của tháng cuối quý": its last day
        if d >= ref:
            return d
    return None


class YearOfText(date):
    """A reference that gives only the year a page names (``year_of_text``), the 1st of January of it: days written
    without a year take it, or the year next to it that puts them nearest a full date the page writes (``anchors``:
    "… từ ngày 15/12 …, báo cáo trước ngày 10/1/2018" is 15 December 2017); relative expressions ("trong 10 ngày",
    "tuần tới", "hằng tháng") have no day to count from and stay without a date."""

    anchors: tuple[date, ...] = ()
    source: str = "text"  # "text": the one year the text names; "capture": the year and month of a capture's stamp

    def year_for(self, month: int, day: int) -> int:
        """The year of a day written without one: this year, or the one before or after it when that day is nearer
        (in days) to one of the page's full dates; this year when the page writes none or the day does not exist."""
        if not self.anchors:
            return self.year
        best = None
        for y in (self.year, self.year - 1, self.year + 1):
            try:
                d = date(y, month, day)
            except ValueError:
                return self.year
            gap = min(abs((d - a).days) for a in self.anchors)
            if best is None or gap < best[0]:
                best = (gap, y)
        return best[1]


def year_of_capture(year: int, month: int) -> YearOfText:
    """The reference of a page whose capture stamp gives only a year and month ("date 2025-07"): its year-less days
    take the year that puts them nearest the middle of that month."""
    out = YearOfText(year, 1, 1)
    out.anchors = (date(year, month, 15),)
    out.source = "capture"
    return out


def year_of_text(text: str, rules: Rules, masked: "SpanSet | None" = None) -> Optional[YearOfText]:
    """The one year a page's text names outside ``masked`` spans (citations), as deadlines.yaml ``text_year`` reads
    years, with the full dates (day/month/year) it writes in that year as anchors; None when it names none or
    several. For a page with no date of its own."""
    c = _compiled(rules)
    if c.text_year is None:
        return None
    years, anchors = set(), []
    for m in c.text_year.finditer(text):
        if masked is not None and masked.contains(m.start("year"), m.end("year")):
            continue
        years.add(int(m.group("year")))
        if m.group("day"):
            try:
                anchors.append(date(int(m.group("year")), int(m.group("month")), int(m.group("day"))))
            except ValueError:
                pass  # "31/4/2018": no such day, no anchor
    if len(years) != 1:
        return None
    out = YearOfText(years.pop(), 1, 1)
    out.anchors = tuple(anchors)
    return out


def find_deadlines(text: str, lo: int, hi: int, ref: Optional[date], rules: Rules,
                   masked: "list[tuple[int, int]] | SpanSet" = ()) -> list[FoundDeadline]:
    """Every deadline expression in ``text[lo:hi]``, in text order, without overlaps.

    ``masked``: spans (citations, time stamps) no deadline may lie inside; pass a ``SpanSet`` built once
    when calling for many parts of one document."""
    c = _compiled(rules)
    found: list[FoundDeadline] = []
    if not isinstance(masked, SpanSet):
        masked = SpanSet(masked)

    day = None if isinstance(ref, YearOfText) else ref  # the day relative expressions count from
    found += _recurring(c, text, lo, hi, day, masked)
    found += _quarter_days(c, text, lo, hi, day, masked)
    found += _within(c, text, lo, hi, day, masked)

    for m in (c.relative_re.finditer(text, lo, hi) if c.relative_re is not None else ()):
        if masked.contains(m.start(), m.end()):
            continue
        fd = _relative(c, m, day)
        if fd is not None:
            found.append(fd)

    for m in c.core.finditer(text, lo, hi):
        s, e = m.span()
        if masked.contains(s, e) or any(f.start <= s < f.end for f in found):
            continue
        before = text[max(lo, s - 40):s]
        if (c.not_before.search(before) or c.cited_before.search(before)
                or c.not_after.match(text, e, min(hi, e + 600))):
            continue
        fd = _core(c, m, before, ref)
        if fd is not None:
            found.append(fd)

    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[FoundDeadline] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        f.gloss = _in_parentheses(text, lo, f.start)
        out.append(f)
    return out


def _recurring(c: _Compiled, text: str, lo: int, hi: int, ref: Optional[date], masked: SpanSet) -> list[FoundDeadline]:
    """'hằng tháng', 'định kỳ 6 tháng/lần', '2 lần/năm': recurring deadlines with their period (and day)."""
    out: list[FoundDeadline] = []
    for m in c.recurring_re.finditer(text, lo, hi):
        if masked.contains(m.start(), m.end()):
            continue
        if c.recurrence_modifier.match(text, m.end(), m.end() + 12):
            continue  # "(ICT index) hàng năm của tỉnh": an annual figure, not a recurring task
        if c.recurrence_attribute.search(text, max(lo, m.start() - 40), m.start()):
            continue  # "nhiệm vụ hàng năm": the year's tasks, not how often
        fd = FoundDeadline(m.start(), m.end(), "recurring", precision=1)
        if m.group("unit"):
            fd.every = c.units[m.group("unit").lower()]
            if m.group("rd") and ref is not None:
                month = int(m.group("rm")) if m.group("rm") else ref.month
                fd.date = resolve_day(int(m.group("rd")), month, None, ref, fd.warnings, m.group(0))
        elif m.group("unit2"):
            base = c.units[m.group("unit2").lower()]
            fd.every = _scale(base, int(m.group("n")))
        else:
            n, k = int(m.group("n3")), int(m.group("k3")) or 1
            base = c.units[m.group("unit3").lower()]
            fd.every = _scale(base, max(1, n // k))
        out.append(fd)
    return out


def _quarter_days(c: _Compiled, text: str, lo: int, hi: int, ref: Optional[date], masked: SpanSet) -> list[FoundDeadline]:
    """'ngày 20 tháng cuối quý': recurring every three months, from the next such day."""
    out: list[FoundDeadline] = []
    for m in (c.quarter_day_re.finditer(text, lo, hi) if c.quarter_day_re is not None else ()):
        if masked.contains(m.start(), m.end()):
            continue
        fd = FoundDeadline(m.start(), m.end(), "recurring", precision=1, every="P3M")
        if ref is not None:
            fd.date = _next_quarter_day(ref, int(m.group("qd")),
                                        c.quarter_months[regex.sub(r"\s+", " ", m.group("qw")).casefold()])
        out.append(fd)
    return out


def _within(c: _Compiled, text: str, lo: int, hi: int, ref: Optional[date], masked: SpanSet) -> list[FoundDeadline]:
    """'trong vòng 10 ngày (kể từ …)': a span counted from its anchor, or from the document's date."""
    out: list[FoundDeadline] = []
    for m in c.within_re.finditer(text, lo, hi):
        if masked.contains(m.start(), m.end()):
            continue
        fd = FoundDeadline(m.start(), m.end(), "within")
        n, unit = int(m.group("n")), c.dur_units[regex.sub(r"\s+", " ", m.group("unit").lower())]
        anchor = m.group("anchor")
        start_day = None
        if anchor:
            if m.group("a_d"):
                start_day = resolve_day(int(m.group("a_d")), int(m.group("a_m")),
                                        int(m.group("a_y")) if m.group("a_y") else None, ref, fd.warnings, anchor)
            elif c.doc_anchor.search(anchor):
                start_day = ref
        elif not c.event_anchor.match(text, m.end(), min(hi, m.end() + 40)):
            # "báo cáo UBND tỉnh trong 10 ngày", "trong 3 tháng tới": counted from the document's date (none without
            # one); "trong 30 ngày kể từ ngày khởi công" counts from an event the text does not date
            start_day = ref
        if start_day is not None:
            fd.date = _add(start_day, n, unit)
        out.append(fd)
    return out


def _in_parentheses(text: str, lo: int, at: int) -> bool:
    """Is ``at`` inside a parenthesis opened after ``lo`` on the same line ("dịp nghỉ lễ (từ ngày 16 đến ngày
    18/4/2016)")?"""
    depth = 0
    for ch in text[max(lo, text.rfind("\n", 0, at) + 1):at]:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth > 0


def _relative(c: _Compiled, m: regex.Match, ref: Optional[date]) -> Optional[FoundDeadline]:
    """A date named relative to the document's date ("trước thứ Sáu tuần sau", "trong tháng tới", "trước cuối
    tháng", "ngày mai"); see ``relative`` in deadlines.yaml. Without a prefix only a weekday with its week counts."""
    pre = regex.sub(r"\s+", " ", m.group("pre") or "").casefold()
    kind = c.rel_kind.get(pre) if pre else None
    if kind is None and not (m.group("wd") and m.group("wkq") or m.group("tom")):
        return None  # "năm nay, tỉnh …", "thứ năm": no deadline without its trigger word
    s, e = m.span()
    if m.group("wd"):
        wd = c.rel_weekdays[regex.sub(r"\s+", " ", m.group("wd")).casefold()]
        kind = "by" if kind == "by" else "on"
        if ref is None:
            return FoundDeadline(s, e, kind)
        monday = ref - timedelta(days=ref.weekday())
        if m.group("wkq"):
            this = m.group("wkq").casefold() in c.rel_this
            return FoundDeadline(s, e, kind, monday + timedelta(days=wd + (0 if this else 7)))
        ahead = (wd - ref.weekday()) % 7
        if m.group("wdn") and m.group("wdn").casefold() not in c.rel_this:
            ahead = ahead or 7  # "thứ sáu tới": the next one after today
        return FoundDeadline(s, e, kind, ref + timedelta(days=ahead))
    if m.group("tom"):
        kind = "by" if kind == "by" else "on"
        return FoundDeadline(s, e, kind, ref + timedelta(days=1) if ref else None)
    if m.group("me"):
        return FoundDeadline(s, e, "by", last_day(ref.year, ref.month) if ref else None)
    unit = c.rel_units[m.group("unit").casefold()]
    nxt = m.group("uq").casefold() not in c.rel_this
    if ref is None:
        return FoundDeadline(s, e, "by" if kind == "by" else "period")
    if unit == "W":
        first = ref - timedelta(days=ref.weekday()) + timedelta(days=7 if nxt else 0)
        last = first + timedelta(days=6)
    elif unit == "Y":
        first, last = date(ref.year + nxt, 1, 1), date(ref.year + nxt, 12, 31)
    else:
        months = 3 if unit == "Q" else 1
        m0 = ((ref.month - 1) // months) * months + (months if nxt else 0)  # 0-based month of the period's start
        y, mo = ref.year + m0 // 12, m0 % 12 + 1
        first = date(y, mo, 1)
        ly, lm = (y, mo + months - 1) if mo + months - 1 <= 12 else (y + 1, mo + months - 13)
        last = last_day(ly, lm)
    if kind == "by":  # "trước tuần sau": before the period begins
        return FoundDeadline(s, e, "by", first - timedelta(days=1))
    return FoundDeadline(s, e, "period", first, last)


def _scale(base: str, n: int) -> str:
    num = int(base[1:-1])
    return f"P{num * n}{base[-1]}"


def _extend_prefix(c: _Compiled, kind: str, before: str, s: int) -> int:
    m = c.prefix_res[kind].search(before)
    return s - (len(before) - m.start()) if m else s


_CLOSE_PAREN = regex.compile(r"[ ]*\)")


def _core(c: _Compiled, m: regex.Match, before: str, ref: Optional[date]) -> Optional[FoundDeadline]:
    s, e = m.span()
    warnings: list[str] = []
    g = m.groupdict()
    by_m = c.prefix_res["by"].search(before)
    from_m = c.prefix_res["from"].search(before)
    if g["dw"] or g["dn"]:
        if g["dw"]:
            d, mo, y = int(g["d2"]), int(g["m2"]), g["y2"]
        else:
            d, mo, y = int(g["d"]), int(g["m"]), g["y"]
            if g["sep"] == "." and not y and not (c.dotted_day_after.search(before) and (by_m or from_m)):
                return None  # "1.5" is a number, "Trước đó, ngày 7.3, …" a narrative; "trước ngày 31.7" a deadline
        on_m = c.prefix_res["on"].search(before)
        kind = "by" if by_m else "from" if from_m else "on" if (on_m or g["dw"]) else None
        if kind is None:
            return None
        if kind == "from" and c.covered_since.search(before) and _CLOSE_PAREN.match(m.string, e, e + 3):
            return None  # "(từ ngày 01/7/2025)": the period a review covers
        if kind == "on" and c.narrative_date.search(before) \
                and regex.match(r"[ ]*,", m.string[e:e + 3]):
            return None  # "Ngày 25/12/2018, Phó Chủ tịch … chủ trì cuộc họp": the narrative's date
        day = resolve_day(d, mo, int(y) if y else None, ref, warnings, m.group(0), roll=kind != "from")
        dw = c.day_word.match(m.group(0)) if g["dw"] else None
        if dw:
            # the match holds its own "ngày": find "trước ngày", "chậm nhất là ngày" … across the boundary, but a
            # prefix found inside the appended word alone is no prefix (the span never starts before the text's own)
            pm = c.prefix_res[kind].search(before + m.group(0)[:dw.end() + 1])
            start = s - (len(before) - pm.start()) if pm and pm.start() < len(before) else s
        else:
            start = _extend_prefix(c, kind, before, s)
        return FoundDeadline(min(start, s), e, kind, day, warnings=warnings)
    fd = _core_kind(_DateMatch(c, m, before, ref, g, by_m, from_m, s, e, warnings))
    if fd is not None:
        fd.precision = (2 if (g["month"] or g["monthrange"] or g["monthpart"] or g["monthspan"]) else 3 if (g["quarter"] or g["half"])
                        else 4 if (g["range"] or g["year"] or g["toyear"]) else 0)
    return fd


@dataclass
class _DateMatch:
    """A date match read as a deadline: the match and its groups, the text before it, the reference date, the "by"
    and "from" prefixes found before it, its span and the warnings collected for it."""

    c: _Compiled
    m: regex.Match
    before: str
    ref: Optional[date]
    g: dict
    by_m: Optional[regex.Match]
    from_m: Optional[regex.Match]
    s: int
    e: int
    warnings: list[str]

    def year_or_ref(self, group: str) -> Optional[int]:
        """The year of ``group`` as written, else the reference date's year (None when there is neither)."""
        return int(self.g[group]) if self.g[group] else (self.ref.year if self.ref else None)


def _core_kind(x: _DateMatch) -> Optional[FoundDeadline]:
    """The deadline a date that is no single day names, by the first kind of date its groups hold (a day range, a
    month range, "to the year", Tết, a month, a quarter, a half year, a year range, a year); None when it is none."""
    g = x.g
    if g["dayrange"] or g["wrange"]:
        return _day_range(x)
    if g["daylist"]:
        return _day_list(x)
    if g["monthpart"] or g["monthspan"]:
        return _month_part(x) if g["monthpart"] else _month_span(x)
    if g["monthrange"]:
        return _month_range(x)
    if g["toyear"]:
        if not g["toend"] and x.c.horizon.search(x.m.string, max(0, x.s - 100), x.s):
            return None  # "quy hoạch … đến năm 2020": the plan's horizon
        return FoundDeadline(x.s, x.e, "by", date(int(g["ty"]), 12, 31))
    if g["tet"]:
        return _tet_deadline(x)
    if g["month"]:
        return _month(x)
    if g["quarter"]:
        q = x.c.quarters.get(g["q"].upper()) if g["q"] else x.c.spelled_quarters.get(g["qw"].casefold())
        y = x.year_or_ref("qy")
        if q is None or y is None:
            return FoundDeadline(x.s, x.e, "period")
        first, last = date(y, 3 * q - 2, 1), last_day(y, 3 * q)
        return _period(x.c, x.before, x.s, x.e, first, last, x.by_m, x.from_m)
    if g["half"]:
        return _half_year(x)
    if g["range"] or g["year"]:
        return _years(x)
    return None


def _day_range(x: _DateMatch) -> Optional[FoundDeadline]:
    """A range of days ("từ ngày 30/4 đến ngày 03/5/2020", "từ ngày 23 đến 25 tháng 11"): a period."""
    g, m, s, e, warnings = x.g, x.m, x.s, x.e, x.warnings
    if regex.search(r"(?:^|\n)[ ]*$", x.before) and regex.match(r"[ ]*,", m.string[e:e + 3]):
        return None  # "Từ ngày 1.1 đến ngày 6.7, UBND tỉnh giao 833 nhiệm vụ …": a report's period
    if g["cd1"]:
        y = x.year_or_ref("cy")
        if y is None:
            return FoundDeadline(s, e, "period")
        first = make_date(y, int(g["cm"]), int(g["cd1"]), warnings, m.group(0))
        last = make_date(y, int(g["cm"]), int(g["cd2"]), warnings, m.group(0))
    else:
        # numeric ends ("từ ngày 30/4 đến ngày 03/5/2020") or spelled ones ("từ ngày 23 tháng 11 đến ngày 25 tháng
        # 11 năm 2015")
        w = "w" if g["wrange"] else "r"
        y2 = x.year_or_ref(f"{w}2y")
        if y2 is None:
            return FoundDeadline(s, e, "period")
        m2 = int(g[f"{w}2m"])
        if w == "r" and g["r1mo"]:  # from the start of a month
            m1, d1_ = int(g["r1mo"]), 1
            y1 = _start_year(g["r1moy"], m1, m2, y2)
        else:
            m1 = int(g[f"{w}1m"]) if g[f"{w}1m"] else m2
            y1 = _start_year(g[f"{w}1y"], m1, m2, y2)
            d1_ = int(g[f"{w}1d"])
        first = make_date(y1, m1, d1_, warnings, m.group(0))
        last = make_date(y2, m2, int(g[f"{w}2d"]), warnings, m.group(0))
    return FoundDeadline(s, e, "period", first, last)


def _day_list(x: _DateMatch) -> Optional[FoundDeadline]:
    """Days listed with one month ("các ngày 25, 26 và 27/9"): the period from the first day listed to the last."""
    g = x.g
    d1, d2, mo = int(g["dl1"]), int(g["dl2"]), int(g["dlm"])
    if not d1 < d2:
        return None
    y = x.year_or_ref("dly")
    if y is None:
        return FoundDeadline(x.s, x.e, "period")
    first, last = make_date(y, mo, d1, x.warnings, x.m.group(0)), make_date(y, mo, d2, x.warnings, x.m.group(0))
    pm = x.c.period_prefix.search(x.before)
    return FoundDeadline(x.s - len(pm.group(0)) if pm else x.s, x.e, "period", first, last)


def _month_part(x: _DateMatch) -> Optional[FoundDeadline]:
    """A third of a month ("đầu tháng 4/2020", "cuối tháng 6"): by its last day (deadlines.yaml month_parts), when a
    word of time limit or "trong"/"vào" comes before it; in a narrative ("cuối tháng 6, tỉnh đã …") it is none."""
    c, g, before, s, e = x.c, x.g, x.before, x.s, x.e
    mo = int(g["mpm"])
    if not 1 <= mo <= 12 or not (x.by_m or c.month_by.search(before)):
        return None
    y = x.year_or_ref("mpy")
    if y is None:
        return FoundDeadline(_extend_prefix(c, "by", before, s), e, "by")
    if g["mpy"] is None and x.ref is not None and date(y, mo, 1) < date(x.ref.year, x.ref.month, 1):
        y += 1
    day = c.month_parts.get(regex.sub(r"\s+", " ", g["mpw"]).casefold(), 0) or last_day(y, mo).day
    mb = None if x.by_m else c.month_by.search(before)
    start = s - (len(before) - mb.start()) if mb else _extend_prefix(c, "by", before, s)
    return FoundDeadline(start, e, "by", date(y, mo, day))


def _month_span(x: _DateMatch) -> Optional[FoundDeadline]:
    """Two months joined by a dash ("tháng 8-9/2025"): the period over both, read as a quarter is."""
    g = x.g
    m1, m2 = int(g["ms1"]), int(g["ms2"])
    if not 1 <= m1 < m2 <= 12:
        return None
    y = x.year_or_ref("msy")
    if y is None:
        return FoundDeadline(x.s, x.e, "period")
    return _period(x.c, x.before, x.s, x.e, date(y, m1, 1), last_day(y, m2), x.by_m, x.from_m)


def _month_range(x: _DateMatch) -> Optional[FoundDeadline]:
    """A range of months ("từ tháng 3 đến tháng 5/2024"): a period from the first day of one to the last of the other."""
    g = x.g
    y2 = x.year_or_ref("mr2y")
    m1, m2 = int(g["mr1"]), int(g["mr2"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    if y2 is None:
        return FoundDeadline(x.s, x.e, "period")
    y1 = _start_year(g["mr1y"], m1, m2, y2)
    return FoundDeadline(x.s, x.e, "period", date(y1, m1, 1), last_day(y2, m2))


def _tet_deadline(x: _DateMatch) -> Optional[FoundDeadline]:
    """Tết (the lunar new year): by the day before it, on it or from it; an occasion ("trong dịp Tết") is none."""
    g, ref, s, e = x.g, x.ref, x.s, x.e
    y = int(g["tety"]) if g["tety"] else (ref.year + (1 if ref.month > 2 else 0) if ref else None)
    tet = _tet(y, x.c.tet_name) if y else None
    if g["tet_on"] and not x.by_m:
        return None  # "trong dịp Tết": an occasion, not a deadline (issue 15)
    if g["tet_by"] or g["tet_on"]:
        start = _extend_prefix(x.c, "by", x.before, s) if g["tet_on"] else s  # "trước dịp Tết"
        return FoundDeadline(min(start, s), e, "by", tet - timedelta(days=1) if tet else None)
    return FoundDeadline(s, e, "from" if g["tet_from"] else "on", tet)


def _month(x: _DateMatch) -> Optional[FoundDeadline]:
    """A month ("tháng 11/2019"): by its last day, from its first, or before it; a meeting's month is a day "on"
    it, and a month in a narrative is no deadline."""
    c, g, before, ref, s, e = x.c, x.g, x.before, x.ref, x.s, x.e
    mo = int(g["mm"]) if g["mm"] else c.spelled_months.get(regex.sub(r"\s+", " ", g["mmw"]).casefold(), 0)
    y = x.year_or_ref("my")
    if not 1 <= mo <= 12:
        return None
    mt = c.meeting.search(before)
    if mt:  # "trình phiên họp Chính phủ tháng 11/2019": the meeting's month
        return FoundDeadline(s - (len(before) - mt.start()), e, "on")
    if not (x.by_m or x.from_m or c.month_by.search(before)):
        return None  # a month in a narrative ("đến tháng 4/2020 tỷ lệ … đạt 96%")
    if y is None:
        return FoundDeadline(s, e, "by")
    if g["my"] is None and ref is not None and date(y, mo, 1) < date(ref.year, ref.month, 1):
        y += 1
    if x.from_m:
        return FoundDeadline(_extend_prefix(c, "from", before, s), e, "from", date(y, mo, 1))
    if c.before_word.search(before):
        prev = date(y, mo, 1) - timedelta(days=1)
        return FoundDeadline(_extend_prefix(c, "by", before, s), e, "by", prev)
    mb = c.month_by.search(before)
    start = s - (len(before) - mb.start()) if mb else s
    return FoundDeadline(start, e, "by", last_day(y, mo))


def _half_year(x: _DateMatch) -> Optional[FoundDeadline]:
    """The first or last months of a year ("6 tháng đầu năm 2024"): a period."""
    c, g = x.c, x.g
    y = x.year_or_ref("hy")
    if y is None:
        return FoundDeadline(x.s, x.e, "period")
    hn = g["hn"]
    n = int(hn) if hn.isdigit() else c.number_words.get(regex.sub(r"\s+", " ", hn).casefold(), 0)
    if not 1 <= n <= 11:
        return None
    first_months = g["hfirst"] or g["hfirst2"] or not (g["hw"] or g["hw2"])  # "6 tháng (đầu) năm"
    first, last = (date(y, 1, 1), last_day(y, n)) if first_months else (date(y, 13 - n, 1), date(y, 12, 31))
    return _period(c, x.before, x.s, x.e, first, last, x.by_m, x.from_m)


def _years(x: _DateMatch) -> Optional[FoundDeadline]:
    """A range of years ("giai đoạn 2021-2025") or a year ("năm 2024"): a period, unless it ends a plan's name or
    a year before the reference date has no time word."""
    c, m, g, before, s, e = x.c, x.m, x.g, x.before, x.s, x.e
    if g["range"]:
        y1, y2 = int(g["ry1"]), int(g["ry2"])
        if y2 < y1:
            return None
        if _names_a_plan(c, m, before, s, x.by_m, x.from_m):
            return None  # "Đề án … giai đoạn 2008-2020": the plan's name
        return _period(c, before, s, e, date(y1, 1, 1), date(y2, 12, 31), x.by_m, x.from_m)
    y = int(g["yy"])
    if not 1900 < y < 2200:
        return None
    strong = c.year_prefix.search(before)
    if not strong and (x.ref is None or isinstance(x.ref, YearOfText) or y < x.ref.year):
        return None
    if not strong and _names_a_plan(c, m, before, s, x.by_m, x.from_m):
        return None  # "lập Kế hoạch sử dụng đất năm 2019": the plan's name
    return _period(c, before, s, e, date(y, 1, 1), date(y, 12, 31), x.by_m, x.from_m)


def _start_year(written: Optional[str], m1: int, m2: int, y2: int) -> int:
    """The year a range starts in: as written, else the end's year (the year before when the range crosses it)."""
    return int(written) if written else (y2 if m1 <= m2 else y2 - 1)


def _names_a_plan(c, m, before, s, by_m, from_m) -> bool:
    """Does the year (span) at ``s``, with no time word before it, end the name of a plan, a programme or a term
    (deadlines.yaml named_span_before)?"""
    return (c.named_span is not None and not by_m and not from_m and not c.period_prefix.search(before)
            and c.named_span.search(m.string, max(0, s - 90), s) is not None)


def _period(c, before, s, e, first, last, by_m, from_m) -> Optional[FoundDeadline]:
    if not (by_m or from_m or c.period_prefix.search(before)) and c.covered_period.search(before):
        return None  # "báo cáo kết quả 6 tháng đầu năm 2024": what the report covers
    if from_m:
        return FoundDeadline(_extend_prefix(c, "from", before, s), e, "from", first)
    if by_m:
        return FoundDeadline(_extend_prefix(c, "by", before, s), e, "by", first - timedelta(days=1))
    pm = c.period_prefix.search(before)
    start = s - len(pm.group(0)) if pm else s
    cm = c.completion_within.search(before) if last is not None and (last - first).days < 366 else None
    if cm is not None:  # "hoàn thành trong năm 2025": due at its end (never a span of years)
        return FoundDeadline(s - (len(before) - cm.start()), e, "by", last)
    return FoundDeadline(start, e, "period", first, last)


@lru_cache(maxsize=64)
def _tet(year: int, name: str) -> Optional[date]:
    """First day of the Lunar New Year in ``year`` (from the maintained holidays calendar)."""
    import holidays

    for d, n in sorted(holidays.country_holidays("VN", years=year).items()):
        if n == name:
            return d
    return None


def find_urgency(text: str, lo: int, hi: int, rules: Rules) -> Optional[tuple[int, int]]:
    """The first urgency word ("khẩn trương", "kịp thời", "ngay") in the span, if any."""
    m = _compiled(rules).urgency_re.search(text, lo, hi)
    return m.span() if m else None


def pick(found: list[FoundDeadline]) -> Optional[FoundDeadline]:
    """The deadline that governs a task: the most precise expression (a day before a month before a year);
    among day dates a due date ('trước ngày 30/01/2021', kind "by") before a period, a start or a day of
    the action ('lập danh sách lãnh đạo trực từ ngày 10/02 đến ngày 16/02/2021 gửi về UBND tỉnh trước ngày
    30/01/2021' is due on 30/01); otherwise the first one written. A date in parentheses glosses the word
    before it and governs only when nothing outside parentheses does ('báo cáo tình hình trong dịp nghỉ lễ (từ
    ngày 16 đến ngày 18/4/2016), gửi trước 16h00 hàng ngày' recurs daily). A length of time with no date of its own
    gives way to days written beside it ('treo cờ trong 03 ngày từ ngày 13 đến hết ngày 15 tháng 5 năm 2019')."""
    if not found:
        return None
    dated = any(f.date and f.precision == 0 for f in found)  # (days written: "giai đoạn 2016-2020" names a programme)
    return min(found, key=lambda f: (f.gloss, dated and f.kind == "within" and f.date is None,
                                     f.precision, f.precision == 0 and f.kind != "by", f.start))
