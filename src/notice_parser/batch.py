"""Batch parsing: folders of notices → JSON Lines, in parallel, resumable, one error record per bad file.

* Inputs are walked lazily in a stable order (sorted per folder) and filtered by ``--glob`` and
  ``--exclude``; at most a few results per worker are in flight, so memory stays flat whatever
  the number of files.
* Each output line is one task graph (UTF-8, ``ensure_ascii=False``) carrying the source path, the
  file's sha256 and the parser and rules versions. A bad file gives one line in
  ``OUT.errors.jsonl`` (``path``, ``kind``, ``message``) and the batch goes on.
* Lines are written whole and flushed; ``--resume`` skips inputs whose path and file hash are
  already in ``OUT.jsonl`` and first cuts a torn last line left by a killed run, so an
  interrupted run resumes to the same final output.
* Engines: a local process pool (default, rules loaded once per worker) or a Dask distributed
  cluster (``engine="dask"``), which runs the same per-file function.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .errors import ErrorKind, NoticeParserError
from .load import DEFAULT_MAX_BYTES, IMAGE_SUFFIXES, OFFICE_SUFFIXES, SUPPORTED_SUFFIXES, NoticeError

DEFAULT_GLOBS = tuple(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES) if s)
UNREADABLE_SUFFIXES = set(OFFICE_SUFFIXES) | IMAGE_SUFFIXES


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def iter_inputs(inputs: Iterable[str | Path], globs: Iterable[str] = DEFAULT_GLOBS,
                exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Files named directly, then files under folders matching ``globs`` and no ``exclude`` pattern.

    Folders are walked depth-first with entries sorted by name, so the order is stable and the walk
    holds one folder listing at a time.
    """
    globs, exclude = tuple(globs), tuple(exclude)
    default = set(globs) == set(DEFAULT_GLOBS)
    lower_globs = tuple(g.lower() for g in globs)
    seen: set[str] = set()

    def wanted(p: Path) -> bool:
        name = p.name
        rel = str(p)
        if any(fnmatch.fnmatch(name, x) or fnmatch.fnmatch(rel, x) for x in exclude):
            return False
        # suffixes match whatever their case ("DEV_02.TXT", "QD.DOCX"); with the default globs a file an office
        # keeps notices in but the parser cannot read (.doc, .rtf, an image) is passed on to get its error record
        return (any(fnmatch.fnmatchcase(name.lower(), g) for g in lower_globs)
                or default and p.suffix.lower() in UNREADABLE_SUFFIXES)

    def walk(folder: Path) -> Iterator[Path]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            p = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                if not any(fnmatch.fnmatch(entry.name, x) for x in exclude):
                    yield from walk(p)
            elif entry.is_file() and wanted(p):
                yield p

    for item in inputs:
        p = Path(item)
        for f in (walk(p) if p.is_dir() else [p]):
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                yield f


def collect(inputs, globs=DEFAULT_GLOBS, exclude=()) -> list[Path]:
    return list(iter_inputs(inputs, globs, exclude))


# Per-worker state: options are set once per process by the pool initializer.
_OPTS: dict = {}


def _init_worker(opts: dict) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent, which keeps lines whole
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _die_with_parent()
    _OPTS.clear()
    _OPTS.update(opts)
    from .rules import load_rules

    load_rules(opts.get("rules_dirs", ()))  # rules compiled once per worker, before the first file


def _die_with_parent() -> None:
    """Ask Linux to end this worker when its parent dies (a killed parent leaves no worker parsing on)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


class Stopped(KeyboardInterrupt):
    """A batch stopped by a signal; ``signum`` gives the exit code 128 + signum."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_stop_the_run():
    """SIGTERM and SIGHUP stop a batch as Ctrl-C does (whole lines kept, workers ended); a second Ctrl-C too."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise Stopped(signum)

    old = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            old[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def work(path: str, opts: Optional[dict] = None,
         read_path: Optional[str] = None) -> tuple[str, Optional[str], Optional[dict], Optional[str]]:
    """Parse one file: (path, JSON line or None, error record or None, extracted text or None).

    ``read_path``: where to read the file when ``path`` (as the user gave it, and as recorded) is relative to
    another working folder — a Dask worker's."""
    from .load import load
    from .pipeline import parse_loaded

    o = _OPTS if opts is None else opts
    try:
        graph = parse_loaded(load(read_path or path, max_bytes=o.get("max_bytes", DEFAULT_MAX_BYTES)), str(path),
                             reference_date=o.get("reference_date"), rules_dirs=o.get("rules_dirs", ()))
        if o.get("reviewed"):
            from .review import reapply
            from .rules import load_rules

            graph = reapply(graph, _decisions(o["reviewed"]), rules=load_rules(o.get("rules_dirs", ())))
        text = None
        if o.get("keep_text"):
            text = load(read_path or path, o.get("max_bytes", DEFAULT_MAX_BYTES)).text
        return path, _dumps(graph.model_dump(mode="json")), None, text
    except NoticeError as e:
        return path, None, {"path": path, "kind": e.kind, "message": e.message}, None
    except Exception as e:  # a parser bug must not stop the batch: record it with its type and traceback
        return path, None, {"path": path, "kind": ErrorKind.INTERNAL.value, "message": f"{type(e).__name__}: {e}",
                            "traceback": traceback.format_exc()}, None


@lru_cache(maxsize=4)
def _decisions(path: str):
    """Reviewer decisions for ``parse --reviewed``, read once per process."""
    from .review import Decisions

    return Decisions.load(Path(path))


def _work_in_worker(path: str):
    return work(path)


def _work_chunk(paths: list[tuple[str, str]], opts: dict) -> list[tuple]:
    """Dask task: the same per-file function over a partition of (path as given, absolute path) pairs."""
    from .rules import load_rules

    load_rules(opts.get("rules_dirs", ()))
    return [work(given, opts, read_path=absolute) for given, absolute in paths]


def _local(paths: Iterator[str], workers: int, opts: dict) -> Iterator[tuple]:
    if workers <= 1:
        _OPTS.clear()
        _OPTS.update(opts)
        for p in paths:
            yield work(p)
        return
    window = workers * 4
    import multiprocessing

    if multiprocessing.get_start_method() == "fork":
        from .pipeline import warm_up

        warm_up(opts.get("rules_dirs", ()))  # the workers fork with the rules compiled
    from concurrent.futures import Future, ProcessPoolExecutor  # loaded only for a pool (a one-file run skips it)

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(opts,)) as pool:
        pending: deque[Future] = deque()
        try:
            for p in paths:
                pending.append(pool.submit(_work_in_worker, p))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            # a worker may be deep in one long file: end them all now rather than wait
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _dask(paths: Iterator[str], scheduler: Optional[str], opts: dict, partition: int = 64) -> Iterator[tuple]:
    try:
        from distributed import Client
    except ImportError:
        raise NoticeError("usage", "the Dask engine needs: pip install 'notice-parser[dask]'") from None
    client = Client(scheduler) if scheduler else Client(processes=False, dashboard_address=None)
    try:
        window: deque = deque()
        chunk: list[str] = []

        def submit(ch):
            window.append(client.submit(_work_chunk, ch, opts, pure=False))

        for p in paths:
            chunk.append((p, os.path.abspath(p)))  # a worker's working folder is not ours
            if len(chunk) >= partition:
                submit(chunk)
                chunk = []
                if len(window) >= 8:
                    yield from window.popleft().result()
        if chunk:
            submit(chunk)
        while window:
            yield from window.popleft().result()
    finally:
        client.close()


def iter_results(paths: Iterable[str | Path], workers: Optional[int] = None, reference_date=None,
                 rules_dirs: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES,
                 reviewed: Optional[Path] = None) -> Iterator[tuple]:
    """Yield ``(path, TaskGraph | NoticeError)`` in input order."""
    from .schema import TaskGraph

    opts = {"reference_date": reference_date, "rules_dirs": tuple(rules_dirs), "max_bytes": max_bytes,
            "reviewed": str(reviewed) if reviewed else None}
    for path, line, err, _ in _local((str(p) for p in paths), workers or os.cpu_count() or 1, opts):
        if err:
            yield path, NoticeError(err["kind"], err["message"], path)
        else:
            yield path, TaskGraph.model_validate_json(line)


@dataclass
class Summary:
    files: int = 0
    parsed: int = 0
    errors: int = 0
    skipped: int = 0
    tasks: int = 0
    citations: int = 0
    seconds: float = 0.0
    error_kinds: dict = field(default_factory=dict)
    interrupted: bool = False
    signal: int = 0     # the signal that stopped the run (2 Ctrl-C, 15 SIGTERM, 1 SIGHUP)
    retried: int = 0    # --resume: files recorded as failed, parsed again
    replaced: int = 0   # --resume: files whose bytes changed, their record replaced
    unplaced: int = 0   # --reviewed: decisions no notice took (kept in OUT.unplaced.jsonl)

    def line(self) -> str:
        extra = f", {self.skipped} already done" if self.skipped else ""
        if self.retried:
            extra += f", {self.retried} retried"
        if self.replaced:
            extra += f", {self.replaced} replaced"
        if self.unplaced:
            extra += f"; {self.unplaced} reviewed decision{'s' * (self.unplaced != 1)} not placed"
        stop = " (interrupted: run again with --resume)" if self.interrupted else ""
        return (f"{self.files} files: {self.parsed} parsed, {self.errors} failed{extra}; "
                f"{self.tasks} tasks, {self.citations} citations; {self.seconds:.1f}s{stop}")

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def errors_path(out: Path) -> Path:
    return out.with_name(out.name.removesuffix(".jsonl") + ".errors.jsonl")


def _repair(path: Path) -> None:
    """Cut a torn last line (a run killed mid-write) so the file holds whole lines only."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        pos = size
        while pos > 0:
            step = min(65536, pos)
            f.seek(pos - step)
            block = f.read(step)
            nl = block.rfind(b"\n")
            if nl != -1:
                end = pos - step + nl + 1
                if end != size:
                    f.truncate(end)
                return
            pos -= step
        f.truncate(0)


def _done_hashes(out: Path, errors: Path) -> tuple[set[str], set[str], set[str], dict[str, dict]]:
    """(source, file hash) pairs already in the output, paths already recorded as errors, sources in the
    output, and the ``review`` record (``parse --reviewed``) of each pair that has one.

    A file is done when the same path with the same bytes was parsed: a changed file is parsed again (its record
    is replaced when the run ends), a failed file is tried again, and identical copies at other paths are each
    parsed."""
    hashes: set[str] = set()
    failed: set[str] = set()
    sources: set[str] = set()
    reviews: dict[str, dict] = {}
    if out.exists():
        with open(out, encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                    doc = rec["document"]
                except (ValueError, KeyError, TypeError):
                    continue
                sources.add(str(doc.get("source")))
                if doc.get("file_sha256"):
                    key = f"{doc.get('source')}\x1f{doc['file_sha256']}"
                    hashes.add(key)
                    if rec.get("review"):
                        reviews[key] = rec["review"]
    if errors.exists():
        with open(errors, encoding="utf-8") as f:
            for line in f:
                try:
                    failed.add(json.loads(line)["path"])
                except (ValueError, KeyError):
                    continue
    return hashes, failed, sources, reviews


def _compact(out: Path, errors: Path, failed_now: set[str]) -> None:
    """After a resumed run: one record per input path in ``out`` (the latest), and in ``errors`` only the latest
    error of each path that still has no record (a file that fails now loses its stale record). Each file is
    rewritten beside itself and moved into place, so a
    crash leaves the old or the new file, never half of one. Two passes; memory holds one entry per path."""
    from .fileio import atomic_write

    def source(line: str, key: str) -> Optional[str]:
        try:
            rec = json.loads(line)
            return str(rec["document"]["source"]) if key == "document" else str(rec["path"])
        except (ValueError, KeyError, TypeError):
            return None

    def keep_last(path: Path, key: str, drop: set[str]) -> set[str]:
        if not path.exists():
            return set()
        last: dict[str, int] = {}
        lines_read = 0
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                lines_read += 1
                src = source(line, key)
                if src is not None:
                    last[src] = i
        wanted = {i for src, i in last.items() if src not in drop}
        if len(wanted) == lines_read:
            return set(last)  # already one line per path: nothing to rewrite

        def lines():
            with open(path, encoding="utf-8") as f:
                for i, line in enumerate(f):
                    if i in wanted:
                        yield line
        atomic_write(path, lines())
        return set(last)

    parsed = keep_last(out, "document", failed_now) - failed_now  # a file that fails now loses its stale record
    keep_last(errors, "path", parsed)


def _file_hash(path: Path) -> Optional[str]:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def run_batch(inputs: Iterable[str | Path], out: Path, *, workers: Optional[int] = None, reference_date=None,
              rules_dirs: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES, globs: Iterable[str] = DEFAULT_GLOBS,
              exclude: Iterable[str] = (), resume: bool = False, progress: bool = False, log_json: bool = False,
              keep_text: Optional[Path] = None, engine: str = "local", scheduler: Optional[str] = None,
              on_result: Optional[Callable[[Summary], None]] = None, reviewed: Optional[Path] = None) -> Summary:
    """Parse every input into ``out`` (JSON Lines) and ``out.errors.jsonl``; returns the summary.

    One run at a time writes ``out``: the run holds ``out.lock`` (the ``filelock`` package) while it writes, and a
    second run on the same output raises ``NoticeParserError`` (kind ``usage``) at once instead of interleaving its
    records with the first run's (a run interrupted and started again with ``--resume`` before the first had ended).
    """
    from filelock import FileLock, Timeout

    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise NoticeParserError("another notice-parser run is writing this output; wait for it to end or choose "
                                "another -o", kind=ErrorKind.USAGE, path=str(out)) from None
    try:
        return _run_batch(inputs, out, workers=workers, reference_date=reference_date, rules_dirs=rules_dirs,
                          max_bytes=max_bytes, globs=globs, exclude=exclude, resume=resume, progress=progress,
                          log_json=log_json, keep_text=keep_text, engine=engine, scheduler=scheduler,
                          on_result=on_result, reviewed=reviewed)
    finally:
        lock.release()


def _run_batch(inputs, out: Path, *, workers, reference_date, rules_dirs, max_bytes, globs, exclude, resume, progress,
               log_json, keep_text, engine, scheduler, on_result, reviewed) -> Summary:
    globs, exclude = tuple(globs), tuple(exclude)
    summary = Summary(files=sum(1 for _ in iter_inputs(inputs, globs, exclude)))
    t0 = time.perf_counter()
    err_path = errors_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done, failed, sources, reviews = set(), set(), set(), {}
    if resume:
        _repair(out)
        _repair(err_path)
        done, failed, sources, reviews = _done_hashes(out, err_path)
    placement = None
    if reviewed is not None:
        from .review import Placement

        reviewed = Path(reviewed).resolve()
        placement = Placement(str(reviewed))
    if keep_text is not None:
        keep_text.mkdir(parents=True, exist_ok=True)

    opts = {"reference_date": reference_date, "rules_dirs": tuple(os.path.abspath(d) for d in rules_dirs),
            "max_bytes": max_bytes, "keep_text": keep_text is not None, "reviewed": str(reviewed) if reviewed else None}
    n_workers = workers or os.cpu_count() or 1
    todo = _todo(inputs, globs, exclude, summary, placement, (done, failed, sources, reviews) if resume else None)
    results = _dask(todo, scheduler, opts) if engine == "dask" else _local(todo, n_workers, opts)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=summary.files, unit="file", file=sys.stderr, dynamic_ncols=True)
    import jsonlines  # the errors file; loaded only for a batch written to a file

    mode = "a" if resume else "w"
    last_log = 0.0
    failed_now: set[str] = set()
    try:
        with _signals_stop_the_run(), open(out, mode, encoding="utf-8") as fo, \
                jsonlines.open(err_path, mode, dumps=_dumps, flush=True) as fe:
            for path, line, err, text in results:
                _write_result(summary, path, line, err, text, fo, fe, placement, keep_text, failed_now)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(errors=summary.errors, refresh=False)
                if log_json and time.perf_counter() - last_log >= 1.0:
                    last_log = time.perf_counter()
                    _log(summary, t0, "progress")
                if on_result is not None:
                    on_result(summary)
    except KeyboardInterrupt as e:
        summary.interrupted = True
        summary.signal = e.signum if isinstance(e, Stopped) else 2
    finally:
        if bar is not None:
            bar.n = summary.parsed + summary.errors + summary.skipped
            bar.close()
    if resume and not summary.interrupted and (summary.retried or summary.replaced):
        _compact(out, err_path, failed_now)
    if placement is not None and not summary.interrupted:
        from .review import keep_unplaced, unplaced_path

        items = placement.unplaced(_decisions(str(reviewed)))
        keep_unplaced(unplaced_path(out), items)
        summary.unplaced = len(items)
    summary.seconds = time.perf_counter() - t0
    if log_json:
        _log(summary, t0, "summary")
    return summary


def _todo(inputs: Iterable[str | Path], globs: tuple, exclude: tuple, summary: Summary, placement,
          resumed: Optional[tuple[set, set, set, dict]]) -> Iterator[str]:
    """The inputs still to parse, lazily. On ``--resume`` (``resumed``: the done, failed and parsed files of the
    run before and their review records), a file parsed before with the same content is counted as skipped (its
    review record counted again), and a failed or changed file as retried or replaced."""
    for p in iter_inputs(inputs, globs, exclude):
        if resumed is not None:
            done, failed, sources, reviews = resumed
            h = _file_hash(p)
            if h is not None and f"{p}\x1f{h}" in done:
                summary.skipped += 1
                if placement is not None:
                    placement.add(reviews.get(f"{p}\x1f{h}"))
                continue
            if str(p) in failed:
                summary.retried += 1  # "fix the file and run again with --resume"
            elif str(p) in sources:
                summary.replaced += 1  # the file changed since it was parsed
        yield str(p)


def _write_result(summary: Summary, path: str, line: Optional[str], err: Optional[dict], text: Optional[str], fo, fe,
                  placement, keep_text: Optional[Path], failed_now: set[str]) -> None:
    """One file's result: an error record to the errors file, or its graph (one JSON line) to the output and its
    text to ``keep_text``; counted in ``summary``."""
    if err:
        failed_now.add(str(path))
        summary.errors += 1
        summary.error_kinds[err["kind"]] = summary.error_kinds.get(err["kind"], 0) + 1
        fe.write(err)
    else:
        summary.parsed += 1
        doc = json.loads(line)
        summary.tasks += len(doc["tasks"])
        summary.citations += len(doc["citations"])
        if placement is not None:
            placement.add(doc.get("review"))
        fo.write(line + "\n")
        fo.flush()
        if keep_text is not None and text is not None:
            (keep_text / f"{doc['document']['file_sha256'][:16]}.txt").write_text(text, encoding="utf-8")


def _log(summary: Summary, t0: float, event: str) -> None:
    elapsed = time.perf_counter() - t0
    done = summary.parsed + summary.errors
    rec = {"event": event, "done": done + summary.skipped, "total": summary.files, "parsed": summary.parsed,
           "errors": summary.errors, "skipped": summary.skipped, "seconds": round(elapsed, 2),
           "files_per_second": round(done / elapsed, 2) if elapsed > 0 else None}
    if event == "summary":
        rec.update({"tasks": summary.tasks, "citations": summary.citations, "error_kinds": summary.error_kinds,
                    "interrupted": summary.interrupted, "unplaced": summary.unplaced})
    print(json.dumps(rec, ensure_ascii=False), file=sys.stderr, flush=True)
