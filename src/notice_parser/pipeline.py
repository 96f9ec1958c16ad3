"""The pipeline: load/normalise → header → sections → citations → agencies → deadlines → tasks → graph."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Optional

from ._version import __version__
from .agencies import find_agencies, find_agencies_in
from .citations import find_citations, find_self_references, reported_document
from .context import Context
from .graph import build_graph
from .header import parse_header
from .load import DEFAULT_MAX_BYTES, NoticeError, check_text, load
from .normalize import fold_tones, normalize
from .rules import RulesError, compile_pending, load_rules
from .schema import TaskGraph
from .sections import find_sections
from .tasks import find_tasks


def parse(text: str, source: Optional[str] = None, reference_date: Optional[date] = None,
          rules_dirs: Iterable[str | Path] = (), file_sha256: Optional[str] = None,
          hard_wrapped: Optional[bool] = None) -> TaskGraph:
    """Parse the text of one notice into a task graph.

    ``reference_date`` (a ``datetime.date`` or an ISO string "2024-01-02") overrides the document date that
    deadlines are resolved against. Raises ``NoticeError`` for text that is not a notice (empty, binary),
    ``TypeError`` for a text that is not a str or a reference date that is neither a date nor an ISO date.

    >>> g = parse("1. Giao Sở Tài chính chủ trì, phối hợp với Sở Tư pháp rà soát kinh phí, báo cáo UBND tỉnh trước ngày 15/10/2019.")
    >>> [g.agency(a).name for a in g.tasks[0].lead]
    ['Sở Tài chính']
    >>> g.tasks[0].deadline.date.isoformat()
    '2019-10-15'
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the text of a notice (str), not {type(text).__name__}")
    reference_date = as_date(reference_date)
    check_text(text, source)
    return _parse_checked(text, source, reference_date, rules_dirs, file_sha256, hard_wrapped)


def _parse_checked(text: str, source: Optional[str], reference_date: Optional[date], rules_dirs: Iterable[str | Path],
                   file_sha256: Optional[str], hard_wrapped: Optional[bool]) -> TaskGraph:
    """``parse`` of a text already checked (``load.check_text``), with its reference date already a date."""
    rules = load_rules(rules_dirs)
    nt = normalize(text, rules, wrapped=hard_wrapped)
    ctx = Context(reference_date=reference_date)
    header = ctx.header = parse_header(nt, rules, ctx)
    sections = ctx.sections = find_sections(nt, rules, ctx)
    mentions = ctx.mentions = find_agencies(nt, rules, ctx)
    if header.issuer_caps:
        # "UBND TỈNH LONG AN", "VĂN PHÒNG CHÍNH PHỦ": the header's issuer by its canonical name where it is known
        named = find_agencies_in(fold_tones(header.issuer_caps, rules), rules)
        if named and named[-1].ref.known and not header.issuer_caps[named[-1].end:].strip():
            header.issuer = named[-1].ref.name
    citations = ctx.citations = find_citations(nt, rules, ctx)
    header_symbol = header.symbol is not None
    stamp = header.issued_on if header.date_source in ("byline", "opening", "signature") else None
    reported, reported_issuer, reported_on = (None, None, None) if header_symbol else reported_document(
        nt, citations, header.body_start, rules, mentions, stamp=stamp)
    if reported is not None:
        # A page that reports one document describes it; that document is no citation of itself (issue 14).
        citations = ctx.citations = [ci for ci in citations if ci is not reported]
        ctx.reported = tuple(reported.mentions)
        header.symbol, header.doc_type = reported.symbol, reported.doc_type or header.doc_type
        header.issuer = reported_issuer or header.issuer
        if reported_on is not None:
            header.issued_on, header.date_source = reported_on, "reported"
    tasks = find_tasks(nt, rules, ctx)
    warnings: list[str] = []
    if header.issued_on is None:
        if ctx.text_year is not None:
            whose = ("the year of the page's capture stamp" if getattr(ctx.text_year, "source", "text") == "capture"
                     else "the one year the text names")
            warnings.append(f"no document date found: days without a year are taken in {ctx.text_year.year}, {whose}; "
                            "relative deadlines (within N days, next week, …) are left without a due date")
        else:
            warnings.append("no document date found: deadlines without a year and relative ones (within N days, next "
                            "week, …) are left without a due date")
    graph = build_graph(nt, source=source, parser_version=__version__, header=header, sections=sections,
                        citations=citations, mentions=mentions, tasks=tasks, warnings=warnings,
                        self_references=find_self_references(nt, rules))
    graph.rules_version = rules.version
    if header_symbol or header.date_source in ("header", "signature"):
        graph.document.source_kind = "document"
    elif reported is not None or header.date_source in ("byline", "opening", "reported"):
        graph.document.source_kind = "news"
    graph.document.file_sha256 = file_sha256
    return graph


def as_date(value) -> Optional[date]:
    """A reference date from a ``date``, a ``datetime`` (its day) or an ISO string ("2024-01-02"); None stays
    None. Raises ``TypeError`` for anything else, at once rather than deep in the pipeline."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise TypeError(f"reference_date must be a datetime.date or an ISO date string like '2024-01-02', "
                    f"not {value!r}")


def parse_file(path: str | Path, reference_date: Optional[date] = None, rules_dirs: Iterable[str | Path] = (),
               max_bytes: int = DEFAULT_MAX_BYTES) -> TaskGraph:
    """Read and parse one notice file (.txt in any encoding, .html, .docx, .pdf with a text layer)."""
    return parse_loaded(load(path, max_bytes=max_bytes), str(path), reference_date=reference_date,
                        rules_dirs=rules_dirs)


def parse_loaded(loaded, source: str, reference_date: Optional[date] = None,
                 rules_dirs: Iterable[str | Path] = ()) -> TaskGraph:
    """Parse a file already read by ``load.load`` (its text, hash and format carried over)."""
    # ``load`` checked the text already (``check_text``: empty, binary, legacy font encodings)
    graph = _parse_checked(loaded.text, source, as_date(reference_date), rules_dirs, loaded.file_sha256,
                           True if loaded.format == "pdf" else None)
    graph.warnings = list(loaded.warnings) + graph.warnings
    return graph


def validate_rules(rules_dirs: Iterable[str | Path] = ()) -> None:
    """Read every rules file and, when the user gives folders of their own, compile every stage's patterns (a first,
    tiny notice, then every pattern it left uncompiled), so that a broken rules folder is reported before any notice
    is read. The shipped rules alone are only read: the tests check that they compile, and each pattern compiles at
    its first use. Raises ``RulesError`` naming the file (and line where known), or saying which folder's rules do
    not compile (a bad regex, a wrong type)."""
    rules = load_rules(rules_dirs)
    rules.validate()
    if rules.dirs[1:]:
        _compile_all(rules)


def _compile_all(rules) -> None:
    """Parse the sample notice with ``rules`` and compile every pattern still pending; ``RulesError`` if one fails."""
    try:
        parse(rules.yaml("sample.yaml")["notice"], rules_dirs=rules.dirs[1:])
        compile_pending()
    except RulesError:
        raise
    except Exception as e:  # a user rule that does not compile
        extra = ", ".join(map(str, rules.dirs[1:])) or str(rules.dirs[0])
        raise RulesError(f"rules in {extra} do not compile: {type(e).__name__}: {e}") from e


def warm_up(rules_dirs: Iterable[str | Path] = ()) -> None:
    """Compile every stage's rules in this process.

    Called by a parent before it forks workers (``parse --workers N``, ``serve``): the workers inherit the
    compiled rules instead of building their own. Raises ``RulesError`` for a rules folder that does not
    compile."""
    rules = load_rules(rules_dirs)
    rules.validate()
    _compile_all(rules)


__all__ = ["parse", "parse_file", "NoticeError", "validate_rules", "warm_up"]
