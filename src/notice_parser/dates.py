"""The date layer: day dates as Vietnamese notices write them, below every stage.

``date_grammar(rules).date_re`` finds "25/01/2019", "1/8/2020", "24 / 7 / 2017", "ngày 19 tháng 6 năm 2015",
"4-7-2017"; ``parse_date_match`` turns a match into a ``datetime.date``; ``resolve_day`` fills a missing year from a
reference date. The header (the document's date), citations (a cited document's date) and deadlines stages share it,
so none of them imports another stage for it. The grammar itself is data: the templates of ``rules/dates.yaml``,
expanded by ``date_template``. Date formats: Nghị định 30/2020/NĐ-CP, Phụ lục I (the place-and-date line
"Hà Nội, ngày … tháng … năm …").
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Mapping, Optional

import regex

from .rules import Rules, RulesError, lazy_compile

_PLACEHOLDER = regex.compile(r"(?<!\\[pP])\{([A-Z][A-Z0-9_]+)\}")  # "{DAY_NUM}", never "\p{Lu}"


def date_template(rules: Rules, name: str, fills: Optional[Mapping[str, str]] = None) -> str:
    """The pattern of the template ``name`` of ``rules/dates.yaml``, every ``{NAME}`` in it filled: from ``fills`` when
    it holds NAME, else with the template ``name`` (lower case) of the same file, itself expanded.

    Raises ``RulesError`` naming the template when it is missing, has no ``regex`` string, or refers to itself."""
    cfg = rules.yaml("dates.yaml")
    fills = fills or {}

    def expand(key: str, seen: tuple[str, ...]) -> str:
        entry = cfg.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("regex"), str):
            raise RulesError(f"dates.yaml: no template {key!r} with a 'regex' string (used by {seen[-1] if seen else name!r})")
        if key in seen:
            raise RulesError(f"dates.yaml: template {key!r} refers to itself ({' → '.join(seen + (key,))})")

        def fill(m: regex.Match) -> str:
            k = m.group(1)
            return fills[k] if k in fills else expand(k.lower(), seen + (key,))

        return _PLACEHOLDER.sub(fill, entry["regex"])

    return expand(name, ())


class DateGrammar:
    """The day-date patterns of one rule set: ``day_num`` ("25/01/2019"), ``day_words`` ("ngày 19 tháng 6 năm 2015"),
    ``day_words_bare`` (the same after a "ngày" already read), ``spelled`` (a number spelled out in brackets) as
    pattern strings, and ``date_re``, either form compiled (case-insensitive)."""

    def __init__(self, rules: Rules):
        self.spelled = date_template(rules, "spelled")
        self.day_num = date_template(rules, "day_num")
        self.day_words = date_template(rules, "day_words")
        self.day_words_bare = date_template(rules, "day_words_bare")
        self.date_re = lazy_compile(date_template(rules, "date"), regex.I)


def date_grammar(rules: Rules) -> DateGrammar:
    """The compiled date grammar of ``rules`` (built once per rule set)."""
    return rules.compiled("dates", DateGrammar)


def day_on_or_before(day: int, month: int, limit: date) -> Optional[date]:
    """The latest ``day``/``month`` on or before ``limit`` (a year-less date under a page's stamp: "Ngày 04/12, …"
    under a 15/01/2019 stamp is 2018-12-04); None when there is no such day (31/4)."""
    for year in (limit.year, limit.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d <= limit:
            return d
    return None


def day_on_or_after(day: int, month: int, limit: date) -> Optional[date]:
    """The earliest ``day``/``month`` on or after ``limit`` (a document's year-less date after the plan it implements:
    12/9 after 31/8/2025 is 2025-09-12); None when there is no such day."""
    for year in (limit.year, limit.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d >= limit:
            return d
    return None


def last_day(y: int, m: int) -> date:
    """The last day of month ``m`` of year ``y``."""
    return date(y, m, calendar.monthrange(y, m)[1])


def make_date(y: int, m: int, d: int, warnings: list[str], text: str) -> Optional[date]:
    """``date(y, m, d)``, or None with a warning naming ``text`` when there is no such day ("31/4")."""
    try:
        return date(y, m, d)
    except ValueError:
        warnings.append(f"invalid date kept as text: {text!r}")
        return None


def resolve_day(d: int, m: int, y: Optional[int], ref: Optional[date], warnings: list[str], text: str,
                roll: bool = True) -> Optional[date]:
    """A day date; a missing year comes from ``ref`` (rolled forward when it would precede it), or from its
    ``year_for(month, day)`` when it has one (a page's year, deadlines.YearOfText)."""
    if y is None:
        if ref is None:
            return None
        if hasattr(ref, "year_for"):
            return make_date(ref.year_for(m, d), m, d, warnings, text)
        out = make_date(ref.year, m, d, warnings, text)
        if out is not None and roll and out < ref:
            out = make_date(ref.year + 1, m, d, warnings, text)
        return out
    return make_date(y, m, d, warnings, text)


def parse_date_match(m: regex.Match, ref: Optional[date] = None) -> Optional[date]:
    """The date of a ``DateGrammar.date_re`` match (``None`` when invalid or yearless without ``ref``)."""
    g = m.groupdict()
    d, mo, y = (g.get("d2"), g.get("m2"), g.get("y2")) if g.get("d2") else (g.get("d"), g.get("m"), g.get("y"))
    return resolve_day(int(d), int(mo), int(y) if y else None, ref, [], m.group(0), roll=False)
