"""What the stages before one found, handed to it: every stage's verb takes ``(nt, rules, ctx)`` (issue 17).

The pipeline fills a ``Context`` as it goes (load → normalize → header → sections → agencies → citations →
deadlines → tasks → graph) and each stage reads only the fields of the stages before it:

====================  ==========================================  =====================================
field                 filled by                                   read by
====================  ==========================================  =====================================
``reference_date``    the caller (``parse(..., reference_date)``)  header
``header``            ``header.parse_header`` (a ``Header``)       sections, agencies, citations, tasks
``mentions``          ``agencies.find_agencies`` (``Mention``)     citations, tasks
``citations``         ``citations.find_citations``                 tasks
``sections``          ``sections.find_sections``                   tasks
``reported``          the document a news page reports: the        tasks (its dates are no deadlines)
                      spans that name it
``text_year``         ``tasks.find_tasks``, for a page with no     the pipeline (the warning that says
                      date: its capture stamp's year and month,    which year the page's days took)
                      else the one year its text names
                      (``YearOfText``)
====================  ==========================================  =====================================

The fields are typed loosely (``Any``, plain lists) so that this module, below every stage, imports none of them.
A stage called without a context (``find_agencies(nt, rules)``) reads an empty one: no header, no earlier findings.

    >>> ctx = Context()
    >>> ctx.header is None, ctx.mentions, ctx.reported
    (True, None, ())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional


@dataclass
class Context:
    """The findings of earlier stages (see the module's table)."""

    reference_date: Optional[date] = None
    header: Any = None
    sections: list = field(default_factory=list)
    mentions: Optional[list] = None  # None: not read yet (an empty list: read, none found)
    citations: list = field(default_factory=list)
    reported: tuple = ()
    text_year: Optional[date] = None  # a page with no date of its own: its capture's year, else the one year it names


