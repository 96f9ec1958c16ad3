"""The ``notice-parser`` command.

Exit codes: 0 all good; 1 some files failed (each has an error record); 2 usage error
(bad option, missing path). User errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional

from ._version import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with one clear line
        self.print_usage(sys.stderr)
        print(f"notice-parser: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {s!r}") from None


def _positive(s: str) -> int:
    try:
        n = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {s!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="notice-parser", description="Vietnamese official notices → task graphs.")
    p.add_argument("--version", action="version", version=f"notice-parser {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, required=True)

    _add_parse(sub)
    _add_review(sub)
    _add_view_schema_eval(sub)
    _add_export(sub)
    _add_serve_summary(sub)
    return p


def _add_parse(sub) -> None:
    """The `parse` command."""
    pp = sub.add_parser("parse", help="parse notice files or folders into task graphs")
    pp.add_argument("paths", nargs="+", help="files or folders (folders are walked recursively); '-' reads one notice "
                                             "from standard input")
    pp.add_argument("-o", "--output", type=Path, help="write JSON Lines here (errors go to OUT.errors.jsonl); '-' "
                                                      "writes JSON Lines to standard output")
    pp.add_argument("--workers", type=_positive, default=None, help="parallel workers (default: all cores)")
    pp.add_argument("--glob", action="append", default=None,
                    help="file pattern inside folders (repeatable; default: *.txt *.html *.htm *.docx *.pdf …)")
    pp.add_argument("--exclude", action="append", default=[], help="skip files or folders matching this pattern")
    pp.add_argument("--resume", action="store_true",
                    help="skip inputs already in OUT.jsonl (same path, same file hash), parse failed and changed files again, keep one record per input path; repairs a torn last line")
    pp.add_argument("--keep-text", type=Path, metavar="DIR",
                    help="write the extracted text of each file to DIR/<file-sha256[:16]>.txt (offsets refer to it)")
    pp.add_argument("--log-json", action="store_true", help="progress and summary as JSON lines on stderr")
    pp.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local process pool (default) or a Dask distributed cluster")
    pp.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:PORT) for --engine dask")
    pp.add_argument("--reference-date", type=_date, help="resolve deadlines against this date (YYYY-MM-DD)")
    pp.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")
    pp.add_argument("--max-bytes", type=_positive, default=None, help="refuse files larger than this")
    pp.add_argument("--reviewed", type=Path, metavar="TASKS.jsonl",
                    help="keep the reviewer decisions of this review file (a moved task is flagged needs_review); "
                         "decisions no notice takes are listed, kept in OUT.unplaced.jsonl, and make the exit code 1")
    pp.add_argument("--allow-unplaced", action="store_true",
                    help="with --reviewed: exit 0 even when some decisions could not be placed (still listed and kept)")
    pp.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")



def _add_review(sub) -> None:
    """The `review` commands: export, apply, gold."""
    pr = sub.add_parser("review", help="reviewer workflow: export tasks, apply corrections, make gold")
    rsub = pr.add_subparsers(dest="review_command", parser_class=_Parser, required=True)
    rx = rsub.add_parser("export", help="one editable task per line (JSON Lines) from parsed graphs")
    rx.add_argument("graphs", type=Path, help="GRAPHS.jsonl written by 'parse -o' (or 'review apply')")
    rx.add_argument("-o", "--output", type=Path, required=True, help="the review file to write (tasks.jsonl)")
    ra = rsub.add_parser("apply", help="validate a review file and merge it into the graphs")
    ra.add_argument("review", type=Path, help="the edited review file (tasks.jsonl)")
    ra.add_argument("--to", type=Path, required=True, dest="graphs", metavar="GRAPHS.jsonl",
                    help="the graphs the review was exported from")
    ra.add_argument("-o", "--output", type=Path, required=True, help="write the reviewed graphs here (JSON Lines)")
    ra.add_argument("--skip-invalid", action="store_true",
                    help="write the valid decisions and list the invalid lines (default: write nothing)")
    ra.add_argument("--text-dir", type=Path, metavar="DIR",
                    help="texts kept by 'parse --keep-text', to place added tasks when the source files moved")
    ra.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")
    rg = rsub.add_parser("gold", help="turn fully reviewed notices into gold files for 'eval'")
    rg.add_argument("review", type=Path, help="the review file (tasks.jsonl)")
    rg.add_argument("-o", "--output", type=Path, required=True, metavar="GOLD_DIR", help="e.g. corpus/gold/")
    rg.add_argument("--force", action="store_true", help="overwrite hand-written gold files of the same name")



def _add_view_schema_eval(sub) -> None:
    """The `view`, `schema` and `eval` commands."""
    pv = sub.add_parser("view", help="one self-contained HTML page of a notice with its extractions highlighted")
    pv.add_argument("notice", type=Path, help="a notice file (.txt, .html, .docx, .pdf)")
    pv.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    pv.add_argument("--reviewed", type=Path, metavar="TASKS.jsonl", help="show the reviewer decisions of this file")
    pv.add_argument("--reference-date", type=_date, help="resolve deadlines against this date (YYYY-MM-DD)")
    pv.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")

    ps = sub.add_parser("schema", help="print the JSON Schema of the output")
    ps.add_argument("--indent", type=int, default=2)

    pe = sub.add_parser("eval", help="score the parser against the gold corpus (precision/recall/F1 per field)")
    pe.add_argument("corpus", type=Path, nargs="?", help="the corpus folder (with gold/ and notices/)")
    pe.add_argument("--against", type=Path, metavar="TASKS.jsonl",
                    help="score against reviewed tasks instead (notices whose tasks are all decided)")
    pe.add_argument("--only", action="append", default=[], metavar="GLOB",
                    help="score only the gold files whose name matches (e.g. 'dev2_0*'; repeatable)")
    pe.add_argument("--verbose", action="store_true", help="list every miss and false alarm per notice")
    pe.add_argument("--json", action="store_true", help="print the scores as JSON")
    pe.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")



def _add_export(sub) -> None:
    """The `export` commands: ics, spacy."""
    px = sub.add_parser("export", help="export parsed task graphs for other tools")
    xsub = px.add_subparsers(dest="format", required=True)
    xi = xsub.add_parser("ics", help="an iCalendar file: one all-day event per task due date (RRULE for recurrences)")
    xi.add_argument("graphs", type=Path, help="a .jsonl file written by 'notice-parser parse -o'")
    xi.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics", help="where to write the calendar")
    xs = xsub.add_parser("spacy", help="the gold corpus as a spaCy DocBin (gold spans) for training (spacy extra)")
    xs.add_argument("corpus", type=Path, help="a corpus folder with gold/*.json (e.g. corpus)")
    xs.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.spacy", help="where to write the DocBin")
    xs.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")
    xs.add_argument("--verbose", action="store_true", help="list every gold item not found in its text")



def _add_serve_summary(sub) -> None:
    """The `serve` and `summary` commands."""
    sv = sub.add_parser("serve", help="an HTTP service: POST a notice, get its task graph (needs the server extra)")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other needs "
                    "--token-file)")
    sv.add_argument("--port", type=_positive, default=8080)
    sv.add_argument("--workers", type=_positive, default=1, help="parser processes (default 1)")
    sv.add_argument("--token-file", type=Path, metavar="FILE",
                    help="a file holding the bearer token clients must send (Authorization: Bearer …)")
    sv.add_argument("--max-bytes", type=_positive, default=None, help="refuse request bodies larger than this")
    sv.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                    help="a notice that takes longer gets 503 and its worker is replaced (default 60)")
    sv.add_argument("--max-pending", type=_positive, default=None, metavar="N",
                    help="requests parsed or queued at once before 503 + Retry-After (default 8 per worker)")
    sv.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                    help="allow browser pages from this origin (no CORS unless given)")
    sv.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")
    sv.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])

    pm = sub.add_parser("summary", help="print a short summary of parsed task graphs (JSON Lines)")
    pm.add_argument("graphs", type=Path, help="a .jsonl file written by 'notice-parser parse -o'")

def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "parse":
            return _cmd_parse(args)
        if args.command == "schema":
            from .schema import json_schema

            print(json.dumps(json_schema(), ensure_ascii=False, indent=args.indent))
            return 0
        if args.command == "summary":
            return _cmd_summary(args)
        if args.command == "eval":
            return _cmd_eval(args)
        if args.command == "review":
            return _cmd_review(args)
        if args.command == "view":
            return _cmd_view(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "serve":
            return _cmd_serve(args)
    except KeyboardInterrupt:
        print("notice-parser: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # one line, never a traceback (NOTICE_PARSER_DEBUG=1 shows it)
        if os.environ.get("NOTICE_PARSER_DEBUG"):
            raise
        from .errors import ErrorKind, NoticeParserError

        print(f"notice-parser: error: {_one_line(e)}", file=sys.stderr)
        # a broken --rules folder or a wrong use (an output another run is writing): 2, as README's exit codes say
        usage = isinstance(e, NoticeParserError) and e.kind in (ErrorKind.RULES.value, ErrorKind.USAGE.value)
        return 2 if usage else 1
    return 2


def _one_line(e: BaseException) -> str:
    """A one-line message for an error no command handled: the file and the problem where there is one."""
    from .errors import ErrorKind, NoticeParserError

    if isinstance(e, OSError) and e.filename:
        return f"{e.filename}: {e.strerror or e}"
    if isinstance(e, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start}); was the file cut or saved in another encoding?"
    if isinstance(e, NoticeParserError) and e.kind != ErrorKind.INTERNAL.value:
        return str(e)  # an error raised on purpose (a rules file, an output another run is writing …): for the user
    return f"{type(e).__name__}: {e} (an internal error: please report it with the input that caused it)"


def _parse_one_to_stdout(args, path, max_bytes: int, decisions) -> int:
    """One file, no -o: its graph as indented JSON on standard output; rc 1 for a bad file or unplaced decisions."""
    from .load import NoticeError
    from .pipeline import parse_file

    try:
        graph = parse_file(path, reference_date=args.reference_date, rules_dirs=args.rules, max_bytes=max_bytes)
    except NoticeError as e:
        print(f"notice-parser: {e}", file=sys.stderr)
        return 1
    unplaced = 0
    if decisions is not None:
        from .review import Placement, reapply

        graph = reapply(graph, decisions, rules=load_rules(args.rules))
        # one notice of a reviewed folder: only the decisions meant for it and not applied count as unplaced
        placement = Placement(decisions.path)
        placement.add(graph.review.model_dump() if graph.review else None)
        placement.placed.update(n for n in decisions.lines if n not in placement.problems)
        unplaced = _report_unplaced(decisions, placement, args)
    print(json.dumps(graph.model_dump(mode="json"), ensure_ascii=False, indent=2))
    return 1 if unplaced and not args.allow_unplaced else 0


def _parse_many_to_stdout(args, paths, max_bytes: int, decisions) -> int:
    """Several files (or -o -): one JSON line per graph on standard output, one error record per bad file on
    standard error; rc 1 when a file failed or decisions stayed unplaced."""
    from .batch import iter_results
    from .load import NoticeError

    failed = 0
    placement = None
    if decisions is not None:
        from .review import Placement

        placement = Placement(decisions.path)
    for path, result in iter_results(paths, workers=args.workers, reference_date=args.reference_date,
                                     rules_dirs=args.rules, max_bytes=max_bytes, reviewed=args.reviewed):
        if isinstance(result, NoticeError):
            failed += 1
            print(json.dumps({"path": path, "kind": result.kind, "message": result.message}, ensure_ascii=False),
                  file=sys.stderr)
        else:
            if placement is not None:
                placement.add(result.review.model_dump() if result.review else None)
            print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False), flush=True)
    unplaced = _report_unplaced(decisions, placement, args) if placement is not None else 0
    return 1 if failed or (unplaced and not args.allow_unplaced) else 0


def _cmd_parse(args) -> int:
    from .batch import DEFAULT_GLOBS, collect, errors_path, run_batch
    from .load import DEFAULT_MAX_BYTES
    from .rules import RulesError

    if args.paths == ["-"]:
        return _parse_stdin(args)
    if args.output is not None and str(args.output) == "-":
        args.output = None  # JSON Lines on standard output, errors as records on stderr
        args.stdout_lines = True
    problem = _output_problem(args.output)
    if problem:
        print(f"notice-parser: error: {problem}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"notice-parser: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    max_bytes = args.max_bytes or DEFAULT_MAX_BYTES
    paths = collect(args.paths, args.glob or DEFAULT_GLOBS, args.exclude)
    if not paths:
        print(f"notice-parser: error: no files matching {', '.join(args.glob or DEFAULT_GLOBS)} in "
              f"{', '.join(args.paths)}", file=sys.stderr)
        return 2
    try:
        from .pipeline import validate_rules

        validate_rules(args.rules)
    except RulesError as e:
        print(f"notice-parser: error: {e}", file=sys.stderr)
        return 2

    decisions = None
    if args.reviewed is not None:
        from .review import Decisions

        decisions = _review_arg(args.reviewed, Decisions.load)  # checked once here; workers read it once each
        if decisions is None:
            return 2

    if (args.resume or args.engine == "dask" or args.keep_text) and args.output is None:
        print("notice-parser: error: --resume, --keep-text and --engine dask need -o OUT.jsonl", file=sys.stderr)
        return 2
    if args.output is None and len(paths) == 1 and not Path(args.paths[0]).is_dir() and not getattr(args, "stdout_lines", False):
        return _parse_one_to_stdout(args, paths[0], max_bytes, decisions)
    if args.output is None:
        return _parse_many_to_stdout(args, paths, max_bytes, decisions)

    summary = run_batch(args.paths, args.output, workers=args.workers, reference_date=args.reference_date,
                        rules_dirs=args.rules, max_bytes=max_bytes, globs=args.glob or DEFAULT_GLOBS,
                        exclude=args.exclude, resume=args.resume, keep_text=args.keep_text, engine=args.engine,
                        scheduler=args.scheduler, log_json=args.log_json, reviewed=args.reviewed,
                        progress=not args.quiet and not args.log_json and sys.stderr.isatty())
    if not args.quiet and not args.log_json:
        print(summary.line(), file=sys.stderr)
        if summary.errors:
            print(f"errors: {errors_path(args.output)}", file=sys.stderr)
    if summary.unplaced:
        from .review import unplaced_path

        _list_unplaced(unplaced_path(args.output))
    if summary.interrupted:
        # The output files are closed and whole. Leave now: the process pool's exit hook would join its threads,
        # and a second Ctrl-C there printed a traceback or hung the run for good.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + (summary.signal or 2))  # 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP
    return 1 if summary.errors or (summary.unplaced and not args.allow_unplaced) else 0


def _report_unplaced(decisions, placement, args) -> int:
    """Keep the decisions this run did not place beside the review file and list them; returns their number."""
    from .review import keep_unplaced, unplaced_path

    items = placement.unplaced(decisions)
    path = unplaced_path(Path(decisions.path))
    keep_unplaced(path, items)
    if items:
        print(f"notice-parser: {len(items)} reviewed decision{'s' * (len(items) != 1)} not placed", file=sys.stderr)
        _list_unplaced(path)
    return len(items)


def _list_unplaced(path: Path, most: int = 10) -> None:
    """The reasons of the first unplaced decisions kept in ``path``, one per line on stderr."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for raw in lines[:most]:
        print(f"  {json.loads(raw)['problem']}", file=sys.stderr)
    more = f" ({len(lines) - most} more)" if len(lines) > most else ""
    print(f"unplaced decisions{more}: {path} (a review file: fix and use it again with --reviewed; "
          f"--allow-unplaced to exit 0)", file=sys.stderr)


def _output_problem(out: Optional[Path]) -> Optional[str]:
    """Why ``out`` cannot take the output (a folder, a missing or unwritable folder), or None."""
    if out is None or str(out) == "-":
        return None
    if out.is_dir():
        return f"{out}: is a folder; give a file name for the output (e.g. {out / 'tasks.jsonl'})"
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        return f"{out}: the folder {parent} does not exist"
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return f"{out}: cannot be written (permission denied)"
    return None


def _parse_stdin(args) -> int:
    """'notice-parser parse -': one notice read from standard input (plain text or HTML), its graph on stdout."""
    from .load import NoticeError, load_bytes
    from .pipeline import parse_loaded

    data = sys.stdin.buffer.read()
    suffix = ".html" if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")) else ".txt"
    try:
        graph = parse_loaded(load_bytes(data, "<stdin>", suffix), "<stdin>", reference_date=args.reference_date,
                             rules_dirs=args.rules)
    except NoticeError as e:
        print(f"notice-parser: {e}", file=sys.stderr)
        return 1
    if args.output is not None and str(args.output) != "-":
        problem = _output_problem(args.output)
        if problem:
            print(f"notice-parser: error: {problem}", file=sys.stderr)
            return 2
        with open(args.output, "a", encoding="utf-8") as f:
            f.write(json.dumps(graph.model_dump(mode="json"), ensure_ascii=False) + "\n")
        return 0
    indent = None if args.output is not None else 2
    print(json.dumps(graph.model_dump(mode="json"), ensure_ascii=False, indent=indent))
    return 0


def _review_arg(path: Path, read):
    """``read(path)`` for a review file named on the command line, or None once its problems are printed."""
    from .review import ReviewError

    if not path.is_file():
        print(f"notice-parser: error: no such review file: {path}", file=sys.stderr)
        return None
    try:
        return read(path)
    except ReviewError as e:
        for line in e.problems:
            print(f"notice-parser: error: {line}", file=sys.stderr)
        return None


def _cmd_eval(args) -> int:
    from .evaluate import as_json, evaluate, format_table

    against = None
    if args.against is not None:
        from .review import against_list

        got = _review_arg(args.against, against_list)
        if got is None:
            return 2
        against, pending = got
        for src in pending:
            print(f"not scored (tasks still pending): {src}", file=sys.stderr)
        if not against:
            print(f"notice-parser: error: {args.against} has no notice whose tasks are all decided", file=sys.stderr)
            return 2
    elif args.corpus is None:
        print("notice-parser: error: give a corpus folder or --against TASKS.jsonl", file=sys.stderr)
        return 2
    elif not (args.corpus / "gold").is_dir():
        print(f"notice-parser: error: {args.corpus} has no gold/ folder", file=sys.stderr)
        return 2
    totals, reports, skipped = evaluate(args.corpus, rules_dirs=args.rules, against=against, only=args.only)
    if args.only and not reports and not skipped:
        print(f"notice-parser: error: no gold file matches {' '.join(args.only)}", file=sys.stderr)
        return 2
    scored = [f for f in totals if any(f in r.scores for r in reports)]
    if args.json:
        out = as_json({f: totals[f] for f in scored}, reports)
        out["skipped"] = skipped
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if args.verbose:
        for r in reports:
            if r.error or r.misses or r.false_alarms:
                print(f"== {r.name}" + (f"  ERROR {r.error}" if r.error else ""))
                for m in r.misses:
                    print(f"   miss   {m}")
                for m in r.false_alarms:
                    print(f"   extra  {m}")
        print()
    for s in skipped:
        print(f"skipped (source not found): {s}", file=sys.stderr)
    print(f"{len(reports)} notices scored")
    print(format_table(totals, scored))
    return 0


def _cmd_review(args) -> int:
    from .review import ReviewError, apply_file, export_review, read_review, write_gold

    def need(path: Path, what: str) -> bool:
        if not path.is_file():
            print(f"notice-parser: error: no such {what}: {path}", file=sys.stderr)
            return False
        return True

    try:
        if args.review_command == "export":
            if not need(args.graphs, "file"):
                return 2
            n = export_review(args.graphs, args.output)
            print(f"{n} tasks written to {args.output}", file=sys.stderr)
            return 0
        if args.review_command == "apply":
            if not (need(args.review, "review file") and need(args.graphs, "graphs file")):
                return 2
            from .rules import load_rules

            counts, errors, warnings = apply_file(args.review, args.graphs, args.output,
                                                  skip_invalid=args.skip_invalid, text_dir=args.text_dir,
                                                  rules=load_rules(args.rules))
            for w in warnings:
                print(f"warning: {w}", file=sys.stderr)
            for e in errors:
                print(f"error: {e}", file=sys.stderr)
            if errors and not args.skip_invalid:
                print(f"{len(errors)} invalid line(s): nothing written (fix them, or --skip-invalid)", file=sys.stderr)
                return 1
            print(f"{counts.line()} → {args.output}"
                  + (f" ({len(errors)} invalid line(s) skipped)" if errors else ""), file=sys.stderr)
            return 1 if errors else 0
        if args.review_command == "gold":
            if not need(args.review, "review file"):
                return 2
            lines, errors = read_review(args.review)
            if errors:
                for e in errors:
                    print(f"error: {e}", file=sys.stderr)
                return 1
            written, notes = write_gold(lines, args.output, force=args.force)
            for n in notes:
                print(n, file=sys.stderr)
            for w in written:
                print(f"gold: {w}")
            return 0
    except ReviewError as e:
        for line in e.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    return 2


def _cmd_view(args) -> int:
    from .load import NoticeError
    from .view import write_view

    if not args.notice.is_file():
        print(f"notice-parser: error: no such file: {args.notice}", file=sys.stderr)
        return 2
    try:
        write_view(args.notice, args.output, reviewed=args.reviewed, reference_date=args.reference_date,
                   rules_dirs=args.rules)
    except NoticeError as e:
        print(f"notice-parser: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _missing_extra(what: str, extra: str) -> int:
    print(f"notice-parser: error: {what} needs the {extra} extra: pip install 'notice-parser[{extra}]'", file=sys.stderr)
    return 2


def _cmd_export_spacy(args) -> int:
    try:
        from .spacy_component import gold_docbin
    except ImportError:
        return _missing_extra("the spaCy export", "spacy")
    if not (args.corpus / "gold").is_dir():
        print(f"notice-parser: error: {args.corpus}: no gold/ folder (a corpus folder holds gold/*.json)",
              file=sys.stderr)
        return 2
    if args.output.is_dir():
        print(f"notice-parser: error: {args.output} is a folder; give a file name (train.spacy)", file=sys.stderr)
        return 2
    docbin, report = gold_docbin(args.corpus, rules_dirs=args.rules)
    try:
        docbin.to_disk(args.output)
    except OSError as e:
        print(f"notice-parser: error: cannot write {args.output}: {e.strerror}", file=sys.stderr)
        return 2
    for line in report.skipped + (report.not_found if args.verbose else []):
        print(f"  {line}", file=sys.stderr)
    print(f"wrote {args.output}: {report.line()}", file=sys.stderr)
    return 0


def _cmd_export(args) -> int:
    if args.format == "spacy":
        return _cmd_export_spacy(args)
    from .export import write_ics
    from .review import ReviewError, iter_graphs

    if not args.graphs.is_file():
        print(f"notice-parser: error: no such file: {args.graphs}", file=sys.stderr)
        return 2
    if args.output.is_dir():
        print(f"notice-parser: error: {args.output} is a folder; give a file name (deadlines.ics)", file=sys.stderr)
        return 2
    try:
        n = write_ics(iter_graphs(args.graphs), args.output)
    except ReviewError as e:
        print(f"notice-parser: error: {e.problems[0]}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as e:
        print(f"notice-parser: error: {args.graphs}: not UTF-8 text ({e.reason} at byte {e.start})", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"notice-parser: error: cannot write {args.output}: {e.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {n} due dates to {args.output}", file=sys.stderr)
    return 0


def _cmd_serve(args) -> int:
    try:
        from .server import Settings, read_token, serve
        import uvicorn  # noqa: F401
    except ImportError:
        return _missing_extra("the HTTP service", "server")
    from .load import DEFAULT_MAX_BYTES
    from .rules import load_rules

    try:
        token = read_token(args.token_file) if args.token_file else None
        load_rules(args.rules)  # a bad rules folder is one line here, not a traceback in a worker
        settings = Settings(workers=args.workers, max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
                            timeout=args.timeout, max_pending=args.max_pending, token=token,
                            cors_origins=args.cors_origin, rules_dirs=tuple(args.rules))
        serve(args.host, args.port, settings, log_level=args.log_level)
    except ValueError as e:
        print(f"notice-parser: error: {e}", file=sys.stderr)
        return 2
    return 0


def _cmd_summary(args) -> int:
    if not args.graphs.is_file():
        print(f"notice-parser: error: no such file: {args.graphs}", file=sys.stderr)
        return 2
    import jsonlines

    with open(args.graphs, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                g = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as e:
                print(f"notice-parser: error: {args.graphs}:{lineno}: not UTF-8 (byte 0x{raw[e.start]:02x}); "
                      "the file may be cut inside a character", file=sys.stderr)
                return 1
            except ValueError:
                print(f"notice-parser: error: {args.graphs}:{lineno}: not a JSON line (a cut or edited file?)",
                      file=sys.stderr)
                return 1
            if not (isinstance(g, dict) and isinstance(g.get("document"), dict) and isinstance(g.get("tasks"), list)):
                kind = ("an error record" if isinstance(g, dict) and "kind" in g and "path" in g
                        else "a review line" if isinstance(g, dict) and "task_id" in g else "not a task graph")
                print(f"notice-parser: error: {args.graphs}:{lineno}: {kind}, not a task graph; give the file "
                      "'parse -o' wrote", file=sys.stderr)
                return 1
            print(format_summary(g))
    return 0


def format_summary(g: dict) -> str:
    """A few lines a person reads: the notice, its citations, and its tasks with lead and deadline."""
    d = g["document"]
    names = {a["id"]: a["name"] for a in g["agencies"]}
    head = " ".join(x for x in [d.get("doc_type") or "", d.get("symbol") or "", d.get("issued_on") or ""] if x)
    out = [f"== {Path(d.get('source') or '?').name}: {head or '(no header)'}",
           f"   {len(g['sections'])} sections, {len(g['citations'])} citations, {len(g['agencies'])} agencies, "
           f"{len(g['tasks'])} tasks"]
    for t in g["tasks"]:
        lead = ", ".join(names.get(i, i) for i in t["lead"])
        dl = t.get("deadline")
        when = ""
        if dl:
            when = f" [{dl['kind']} {dl.get('date') or dl.get('every') or dl['text']}]"
        action = t["action"].replace("\n", " ")
        action = action if len(action) <= 70 else action[:67] + "..."
        rv = t.get("review") or {}
        mark = f" ({rv['status']}{', needs review' if rv.get('needs_review') else ''})" if rv else ""
        out.append(f"   - {lead}: {action}{when}{mark}")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
