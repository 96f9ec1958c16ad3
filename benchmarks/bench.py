"""`make bench`: speed figures for the notes (not a test; nothing here can fail a build).

Reports, on N copies of corpus/notices:
  1. whole-run throughput (MB/s, files/s) with 1 worker and with 2 workers;
  2. the ratio of our parse time to underthesea.word_tokenize over the same texts, measured
     alternately in one run (ratio < 1: we are faster than segmenting the text once);
  3. the citation stage alone in MB/s;
  4. start-up for one file in a fresh process (with an empty and with a written cache of compiled patterns);
  5. peak RSS of a whole batch run at 1,000 and at 10,000 files (memory must stay flat);
  6. CPU seconds per MB of one document from 0.25 MB to 8 MB (a notice whose body is repeated): a
     parser linear in document size prints the same figure on every row.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=40, help="copies of the sample corpus for the batch runs")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rss-files", default="1000,10000", help="file counts for the peak-RSS runs ('' to skip)")
    ap.add_argument("--sizes", default="0.25,0.5,1,2,4,8", help="document sizes in MB for the per-MB table ('' to skip)")
    args = ap.parse_args()

    from notice_parser import parse
    from notice_parser.batch import run_batch
    from notice_parser.citations import find_citations
    from notice_parser.context import Context
    from notice_parser.normalize import normalize
    from notice_parser.rules import load_rules

    notices = sorted((ROOT / "corpus" / "notices").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in notices]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rules = load_rules()
    for t in texts:  # warm up: rules compiled, models loaded
        parse(t)
    from underthesea import word_tokenize

    word_tokenize(texts[0][:200])

    # 2. ours vs word_tokenize, alternately
    ours, seg = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for t in texts:
            parse(t)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            word_tokenize(t)
        seg.append(time.perf_counter() - t0)
    ratio = min(ours) / min(seg)

    # 3. citation stage alone
    nts = [normalize(t, rules) for t in texts]
    from notice_parser.agencies import find_agencies

    agency_mentions = [find_agencies(nt, rules) for nt in nts]  # the stage before it, not timed
    # CPU time of this process (one core), best of many short rounds: the figure least disturbed by a
    # virtual machine's stolen time and by other processes.
    best = float("inf")
    for _ in range(max(30, args.rounds * 10)):
        t0 = time.process_time()
        for _ in range(5):
            for nt, ms in zip(nts, agency_mentions):
                find_citations(nt, rules, Context(mentions=ms))
        best = min(best, (time.process_time() - t0) / 5)
    cit_mbps = mb / best

    # 1. batch throughput
    tmp = Path(tempfile.mkdtemp(prefix="np-bench-"))
    try:
        src = tmp / "in"
        src.mkdir()
        for i in range(args.copies):
            for p in notices:
                shutil.copy(p, src / f"{i:04d}_{p.name}")
        files = sorted(src.glob("*.txt"))
        total_mb = sum(f.stat().st_size for f in files) / 1e6
        runs = {}
        for w in (1, 2):
            t0 = time.perf_counter()
            s = run_batch(files, tmp / f"out{w}.jsonl", workers=w)
            runs[w] = time.perf_counter() - t0
            assert s.errors == 0
        # 4. start-up: one file in a fresh process, first with an empty cache of compiled patterns (a new machine),
        # then with the cache the first run wrote (every later run); --version (best of three)
        one = [sys.executable, "-m", "notice_parser.cli", "parse", str(notices[0])]
        # as on an installed machine, where Python keeps its bytecode cache (a sandbox may set
        # PYTHONDONTWRITEBYTECODE, which makes every process compile the package's source again)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["NOTICE_PARSER_CACHE_DIR"] = str(tmp / "cache")
        _wall([sys.executable, "-c", "import notice_parser.cli, notice_parser.pipeline"], env)  # writes the bytecode
        first = _wall(one, env)
        cold = min(_wall(one, env) for _ in range(3))
        version = min(_wall([sys.executable, "-m", "notice_parser.cli", "--version"], env) for _ in range(3))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"corpus: {len(texts)} notices, {mb:.3f} MB; batch: {len(files)} files, {total_mb:.2f} MB")
    print(f"1. batch, 1 worker : {total_mb / runs[1]:.2f} MB/s, {len(files) / runs[1]:.1f} files/s")
    print(f"   batch, 2 workers: {total_mb / runs[2]:.2f} MB/s, {len(files) / runs[2]:.1f} files/s "
          f"(speed-up {runs[1] / runs[2]:.2f}x)")
    print(f"2. parse / underthesea.word_tokenize time ratio: {ratio:.2f} "
          f"(ours {min(ours):.3f}s, word_tokenize {min(seg):.3f}s for the same text)")
    print(f"3. citation stage alone: {cit_mbps:.2f} MB/s of CPU time on one core")
    print(f"   whole batch (1 worker) / word_tokenize over the same {args.copies} copies: "
          f"{runs[1] / (min(seg) * args.copies):.2f}")
    print(f"4. start-up, one file, fresh process: {cold:.2f}s with the pattern cache written by an earlier run "
          f"({first:.2f}s the first time on a machine); --version: {version:.2f}s")
    counts = [int(x) for x in args.rss_files.split(",") if x.strip()]
    if counts:
        rss = {n: peak_rss(notices, n) for n in counts}
        base = rss[counts[0]]
        for n in counts:
            print(f"5. peak RSS, {n} files, 2 workers: {rss[n] / 1024:.0f} MB ({rss[n] / base:.2f}x the first)")
    sizes = [float(x) for x in args.sizes.split(",") if x.strip()]
    if sizes:
        print("6. one document of N MB: CPU seconds per MB (linear time: the same on every row)")
        for size, seconds in per_mb(notices, sizes):
            print(f"   {size:5.2f} MB  {seconds:6.2f} s  {seconds / size:5.2f} s/MB")


def _wall(cmd: list[str], env: dict | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t0


def per_mb(notices, sizes):
    """(MB, CPU seconds) for documents made of the first notice's header, the bodies of the sample notices
    repeated to the size, and the first notice's signature block: tasks, agencies and citations all grow."""
    import regex

    from notice_parser import parse
    from notice_parser.header import parse_header
    from notice_parser.normalize import normalize
    from notice_parser.rules import load_rules

    rules = load_rules()
    bodies, head, tail = [], "", ""
    for i, p in enumerate(notices):
        text = p.read_text(encoding="utf-8")
        start = parse_header(normalize(text, rules), rules).body_start
        sig = regex.search(r"\n[ ]*N[ơo]i nhận", text)
        end = sig.start() if sig else len(text)
        bodies.append(text[start:end].strip("\n"))
        if i == 0:
            head, tail = text[:start], text[end:]
    unit = "\n".join(bodies) + "\n"
    for size in sizes:
        n = max(1, round(size * 1e6 / len(unit.encode("utf-8"))))
        doc = head + unit * n + tail
        t0 = time.process_time()
        parse(doc)
        yield len(doc.encode("utf-8")) / 1e6, time.process_time() - t0


def peak_rss(notices, n: int) -> int:
    """Peak resident set (KiB) of the CLI and its workers parsing n files into one JSONL."""
    tmp = Path(tempfile.mkdtemp(prefix="np-rss-"))
    try:
        src = tmp / "in"
        src.mkdir()
        for i in range(n):
            p = notices[i % len(notices)]
            (src / f"{i:06d}_{p.name}").write_bytes(p.read_bytes())
        # A fresh wrapper per run: RUSAGE_CHILDREN is the peak over the wrapper's own descendants only.
        code = ("import resource, subprocess, sys\n"
                f"subprocess.run([sys.executable, '-m', 'notice_parser.cli', 'parse', {str(src)!r}, '-o', "
                f"{str(tmp / 'o.jsonl')!r}, '-q', '--workers', '2'])\n"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return int(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
