"""The date layer: day dates as Vietnamese notices write them, below every stage.

``DATE_RE`` finds "25/01/2019", "1/8/2020", "24 / 7 / 2017", "ngày 19 tháng 6 năm 2015", "4-7-2017";
``parse_date_match`` turns a match into a ``datetime.date``; ``resolve_day`` fills a missing year from a
reference date. The header (the document's date), citations (a cited document's date) and deadlines stages
share it, so none of them imports another stage for it. Date formats: Nghị định 30/2020/NĐ-CP, Phụ lục I
(the place-and-date line "Hà Nội, ngày … tháng … năm …").
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Optional

import regex

# Day dates: "25/01/2019", "1/8/2020", "24 / 7 / 2017", "ngày 19 tháng 6 năm 2015", "4-7-2017".
DAY_NUM = r"(?<![\d/.])(?P<d>\d{1,2})[ ]*(?P<sep>[/.\-])[ ]*(?P<m>\d{1,2})(?:[ ]*(?P=sep)[ ]*(?P<y>\d{4}))?(?![\d/])"
SPELLED = r"(?:[ ]*\([^()\d\n]{1,25}\))?"  # "ngày 25 (hai mươi lăm) tháng 11 (mười một)"
DAY_WORDS = rf"(?:ngày[ ]+(?:(?:mồng|mùng)[ ]+)?|(?:mồng|mùng)[ ]+)(?P<d2>\d{{1,2}}){SPELLED}[ ]+tháng[ ]+(?P<m2>\d{{1,2}}){SPELLED}(?:[ ]*,?[ ]+năm[ ]+(?P<y2>\d{{4}}))?"
# The same after a "ngày" already read: "13/6/2011", "19 tháng 6 năm 2015".
DAY_WORDS_BARE = rf"(?P<d2>\d{{1,2}}){SPELLED}[ ]+tháng[ ]+(?P<m2>\d{{1,2}}){SPELLED}(?:[ ]*,?[ ]+năm[ ]+(?P<y2>\d{{4}}))?"
DATE_RE = regex.compile(rf"(?:{DAY_WORDS}|(?:ngày[ ]+)?{DAY_NUM})", regex.I)


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
    """A day date; a missing year comes from ``ref`` (rolled forward when it would precede it)."""
    if y is None:
        if ref is None:
            return None
        out = make_date(ref.year, m, d, warnings, text)
        if out is not None and roll and out < ref:
            out = make_date(ref.year + 1, m, d, warnings, text)
        return out
    return make_date(y, m, d, warnings, text)


def parse_date_match(m: regex.Match, ref: Optional[date] = None) -> Optional[date]:
    """The date of a ``DATE_RE`` match (``None`` when invalid or yearless without ``ref``)."""
    g = m.groupdict()
    d, mo, y = (g.get("d2"), g.get("m2"), g.get("y2")) if g.get("d2") else (g.get("d"), g.get("m"), g.get("y"))
    return resolve_day(int(d), int(mo), int(y) if y else None, ref, [], m.group(0), roll=False)
