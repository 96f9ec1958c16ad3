"""Batch parsing: folders of notices → JSON Lines, in parallel, one error record per bad file.

Each output line is one task graph (UTF-8, ``ensure_ascii=False``); each bad file gives one
line in ``OUT.errors.jsonl`` (``path``, ``kind``, ``message``) and the batch goes on. Lines are
written whole and flushed as they come, in input order, so memory stays flat and an
interrupted run leaves only whole lines.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

import jsonlines

from .load import DEFAULT_MAX_BYTES, NoticeError


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)

DEFAULT_GLOBS = ("*.txt",)


def collect(inputs: Iterable[str | Path], globs: Iterable[str] = DEFAULT_GLOBS) -> list[Path]:
    """Files named directly, and files matching ``globs`` under folders (recursively), in stable order."""
    out: list[Path] = []
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted({f for g in globs for f in p.rglob(g) if f.is_file()})
        else:
            found = [p]
        for f in found:
            key = f.resolve() if f.exists() else f
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


# Per-worker state: options are set once per process by the pool initializer.
_OPTS: dict = {}


def _init_worker(opts: dict) -> None:
    _OPTS.clear()
    _OPTS.update(opts)
    # Load (and compile) the rules once per worker, before the first file.
    from .rules import load_rules

    load_rules(opts.get("rules_dirs", ()))


def _work(path: str) -> tuple[str, Optional[str], Optional[dict]]:
    """(path, json line or None, error record or None) for one file."""
    from .pipeline import parse_file

    try:
        graph = parse_file(path, reference_date=_OPTS.get("reference_date"), rules_dirs=_OPTS.get("rules_dirs", ()),
                           max_bytes=_OPTS.get("max_bytes", DEFAULT_MAX_BYTES))
        return path, json.dumps(graph.model_dump(mode="json"), ensure_ascii=False), None
    except NoticeError as e:
        return path, None, {"path": path, "kind": e.kind, "message": e.message}
    except Exception as e:  # a parser bug must not stop the batch: record it with its type
        return path, None, {"path": path, "kind": "internal", "message": f"{type(e).__name__}: {e}"}


def iter_results(paths: Iterable[str | Path], workers: Optional[int] = None, reference_date=None,
                 rules_dirs: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple]:
    """Yield ``(path, TaskGraph | NoticeError)`` in input order."""
    from .schema import TaskGraph

    for path, line, err in _run([str(p) for p in paths], workers, reference_date, tuple(rules_dirs), max_bytes):
        if err:
            yield path, NoticeError(err["kind"], err["message"], path)
        else:
            yield path, TaskGraph.model_validate_json(line)


def _run(paths: list[str], workers: Optional[int], reference_date, rules_dirs: tuple, max_bytes: int):
    opts = {"reference_date": reference_date, "rules_dirs": rules_dirs, "max_bytes": max_bytes}
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(paths) <= 1:
        _init_worker(opts)
        for p in paths:
            yield _work(p)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(opts,)) as pool:
        yield from pool.map(_work, paths, chunksize=max(1, min(32, len(paths) // (workers * 8) or 1)))


@dataclass
class Summary:
    files: int = 0
    parsed: int = 0
    errors: int = 0
    tasks: int = 0
    citations: int = 0
    seconds: float = 0.0
    error_kinds: dict = field(default_factory=dict)

    def line(self) -> str:
        return (f"{self.files} files: {self.parsed} parsed, {self.errors} failed; "
                f"{self.tasks} tasks, {self.citations} citations; {self.seconds:.1f}s")


def run_batch(paths: list[Path], out: Path, workers: Optional[int] = None, reference_date=None,
              rules_dirs: Iterable[str] = (), max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = False) -> Summary:
    """Parse ``paths`` into ``out`` (JSON Lines) and ``out.errors.jsonl``; returns the summary."""
    summary = Summary(files=len(paths))
    t0 = time.perf_counter()
    err_path = out.with_name(out.name.removesuffix(".jsonl") + ".errors.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="file", file=sys.stderr, dynamic_ncols=True)
    with open(out, "w", encoding="utf-8") as fo, jsonlines.open(err_path, "w", dumps=_dumps, flush=True) as fe:
        for path, line, err in _run([str(p) for p in paths], workers, reference_date, tuple(rules_dirs), max_bytes):
            if err:
                summary.errors += 1
                summary.error_kinds[err["kind"]] = summary.error_kinds.get(err["kind"], 0) + 1
                fe.write(err)
            else:
                summary.parsed += 1
                counts = json.loads(line)
                summary.tasks += len(counts["tasks"])
                summary.citations += len(counts["citations"])
                fo.write(line + "\n")
                fo.flush()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(errors=summary.errors, refresh=False)
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary
