"""The ``notice-parser`` command.

Exit codes: 0 all good; 1 some files failed (each has an error record); 2 usage error
(bad option, missing path). User errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import __version__


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

    pp = sub.add_parser("parse", help="parse notice files or folders into task graphs")
    pp.add_argument("paths", nargs="+", help="files or folders (folders are walked recursively)")
    pp.add_argument("-o", "--output", type=Path, help="write JSON Lines here (errors go to OUT.errors.jsonl)")
    pp.add_argument("--workers", type=_positive, default=None, help="parallel workers (default: all cores)")
    pp.add_argument("--glob", action="append", default=None,
                    help="file pattern inside folders (repeatable; default: *.txt *.html *.htm *.docx *.pdf …)")
    pp.add_argument("--exclude", action="append", default=[], help="skip files or folders matching this pattern")
    pp.add_argument("--resume", action="store_true",
                    help="skip inputs already in OUT.jsonl (same path, same file hash) and append; repairs a torn last line")
    pp.add_argument("--keep-text", type=Path, metavar="DIR",
                    help="write the extracted text of each file to DIR/<file-sha256[:16]>.txt (offsets refer to it)")
    pp.add_argument("--log-json", action="store_true", help="progress and summary as JSON lines on stderr")
    pp.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local process pool (default) or a Dask distributed cluster")
    pp.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:PORT) for --engine dask")
    pp.add_argument("--reference-date", type=_date, help="resolve deadlines against this date (YYYY-MM-DD)")
    pp.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")
    pp.add_argument("--max-bytes", type=_positive, default=None, help="refuse files larger than this")
    pp.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")

    ps = sub.add_parser("schema", help="print the JSON Schema of the output")
    ps.add_argument("--indent", type=int, default=2)

    pe = sub.add_parser("eval", help="score the parser against the gold corpus (precision/recall/F1 per field)")
    pe.add_argument("corpus", type=Path, help="the corpus folder (with gold/ and notices/)")
    pe.add_argument("--verbose", action="store_true", help="list every miss and false alarm per notice")
    pe.add_argument("--json", action="store_true", help="print the scores as JSON")
    pe.add_argument("--rules", action="append", default=[], metavar="DIR", help="a folder of extra rules")

    pm = sub.add_parser("summary", help="print a short summary of parsed task graphs (JSON Lines)")
    pm.add_argument("graphs", type=Path, help="a .jsonl file written by 'notice-parser parse -o'")
    return p


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
    except KeyboardInterrupt:
        print("notice-parser: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return 2


def _cmd_parse(args) -> int:
    from .batch import DEFAULT_GLOBS, collect, errors_path, run_batch
    from .load import DEFAULT_MAX_BYTES, NoticeError
    from .pipeline import parse_file
    from .rules import RulesError

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
        from .rules import load_rules

        load_rules(args.rules)
    except RulesError as e:
        print(f"notice-parser: error: {e}", file=sys.stderr)
        return 2

    if (args.resume or args.engine == "dask" or args.keep_text) and args.output is None:
        print("notice-parser: error: --resume, --keep-text and --engine dask need -o OUT.jsonl", file=sys.stderr)
        return 2
    if args.output is None and len(paths) == 1 and not Path(args.paths[0]).is_dir():
        try:
            graph = parse_file(paths[0], reference_date=args.reference_date, rules_dirs=args.rules, max_bytes=max_bytes)
        except NoticeError as e:
            print(f"notice-parser: {e}", file=sys.stderr)
            return 1
        print(json.dumps(graph.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0

    if args.output is None:
        from .batch import iter_results

        failed = 0
        for path, result in iter_results(paths, workers=args.workers, reference_date=args.reference_date,
                                         rules_dirs=args.rules, max_bytes=max_bytes):
            if isinstance(result, NoticeError):
                failed += 1
                print(json.dumps({"path": path, "kind": result.kind, "message": result.message}, ensure_ascii=False),
                      file=sys.stderr)
            else:
                print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False), flush=True)
        return 1 if failed else 0

    summary = run_batch(args.paths, args.output, workers=args.workers, reference_date=args.reference_date,
                        rules_dirs=args.rules, max_bytes=max_bytes, globs=args.glob or DEFAULT_GLOBS,
                        exclude=args.exclude, resume=args.resume, keep_text=args.keep_text, engine=args.engine,
                        scheduler=args.scheduler, log_json=args.log_json,
                        progress=not args.quiet and not args.log_json and sys.stderr.isatty())
    if not args.quiet and not args.log_json:
        print(summary.line(), file=sys.stderr)
        if summary.errors:
            print(f"errors: {errors_path(args.output)}", file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.errors else 0


def _cmd_eval(args) -> int:
    from .evaluate import as_json, evaluate, format_table

    if not (args.corpus / "gold").is_dir():
        print(f"notice-parser: error: {args.corpus} has no gold/ folder", file=sys.stderr)
        return 2
    totals, reports, skipped = evaluate(args.corpus, rules_dirs=args.rules)
    if args.json:
        out = as_json(totals, reports)
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
    print(format_table(totals))
    return 0


def _cmd_summary(args) -> int:
    if not args.graphs.is_file():
        print(f"notice-parser: error: no such file: {args.graphs}", file=sys.stderr)
        return 2
    import jsonlines

    with jsonlines.open(args.graphs) as reader:
        try:
            for g in reader.iter(type=dict, skip_empty=True):
                print(format_summary(g))
        except jsonlines.InvalidLineError as e:
            print(f"notice-parser: error: {args.graphs}:{e.lineno}: not a JSON object", file=sys.stderr)
            return 2
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
        out.append(f"   - {lead}: {action}{when}")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
