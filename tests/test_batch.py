"""Batch at scale: a folder of real-world formats in one command, interrupt and resume, Dask = local."""

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import NOTICES, ROOT, SEEDS
from notice_parser.batch import run_batch

CLI = [sys.executable, "-m", "notice_parser.cli"]
FIXTURES = ROOT / "tests" / "fixtures"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as combining characters after the (precomposed) base letter."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + "".join(c for c in d if c in TONES))
    return "".join(out).encode("cp1258")


def make_docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN TỈNH"
    table.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for para in text.split("\n"):
        d.add_paragraph(para)
    d.save(str(path))


def mixed_folder(root: Path) -> Path:
    folder = root / "in"
    (folder / "web").mkdir(parents=True)
    (folder / "office").mkdir()
    seed0 = SEEDS[0].read_text(encoding="utf-8")
    (folder / "a_utf8.txt").write_text(seed0, encoding="utf-8")
    (folder / "b_utf16.txt").write_bytes(seed0.encode("utf-16"))
    (folder / "c_cp1258.txt").write_bytes(cp1258(seed0))
    body = "".join(f"<p>{line}</p>" for line in SEEDS[4].read_text(encoding="utf-8").splitlines() if line.strip())
    (folder / "web" / "d.html").write_text(
        "<html><head><title>Tin</title><style>p{}</style></head><body>"
        "<nav><ul><li>Trang chủ</li><li>Giới thiệu</li></ul></nav>"
        f"<div class='article'>{body}</div><footer>Bản quyền thuộc Văn phòng UBND tỉnh</footer></body></html>",
        encoding="utf-8")
    make_docx(folder / "office" / "e.docx", SEEDS[2].read_text(encoding="utf-8"))
    (folder / "office" / "f.pdf").write_bytes((FIXTURES / "notice.pdf").read_bytes())
    (folder / "g_empty.txt").write_bytes(b"")
    (folder / "h_binary.txt").write_bytes(bytes(range(256)) * 4)
    # A TCVN3 (ABC) file as it arrives: legacy font bytes, which read as mojibake in any Unicode-aware tool.
    (folder / "i_tcvn3.txt").write_bytes(
        "Uû ban nh©n d©n tØnh Trµ Vinh\n§iÒu 1. Giao Së Th«ng tin vµ TruyÒn th«ng chñ tr×.\n".encode("latin-1"))
    (folder / "skip.tmp.txt").write_text("không đọc", encoding="utf-8")
    return folder


def test_a_mixed_folder_in_one_command(tmp_path):
    folder = mixed_folder(tmp_path)
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out.jsonl"
    r = subprocess.run([*CLI, "parse", folder, tmp_path / "sheet.xlsx", "-o", out, "--workers", "2",
                        "--exclude", "*.tmp.txt", "--keep-text", tmp_path / "texts"], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # some files failed, each with a record
    assert "Traceback" not in r.stderr
    graphs = {Path(g["document"]["source"]).name: g for g in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(graphs) == {"a_utf8.txt", "b_utf16.txt", "c_cp1258.txt", "d.html", "e.docx", "f.pdf"}
    errors = {Path(e["path"]).name: e for e in map(json.loads, (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {k: e["kind"] for k, e in errors.items()} == {
        "g_empty.txt": "empty", "h_binary.txt": "binary", "i_tcvn3.txt": "legacy_encoding", "sheet.xlsx": "unsupported"}
    assert "TCVN3" in errors["i_tcvn3.txt"]["message"] and "Unicode" in errors["i_tcvn3.txt"]["message"]

    def leads(g):
        names = {a["id"]: a["name"] for a in g["agencies"]}
        return [sorted(names[i] for i in t["lead"]) for t in g["tasks"]]

    # the same notice in three encodings gives the same tasks
    assert leads(graphs["a_utf8.txt"]) == leads(graphs["b_utf16.txt"]) == leads(graphs["c_cp1258.txt"])
    # the web page: its tasks, none of its menu or footer
    html = graphs["d.html"]
    assert ["Sở Thông tin và Truyền thông"] in leads(html)
    assert not any("Trang chủ" in t["text"] or "Bản quyền" in t["text"] for t in html["tasks"])
    assert ["Sở Tài chính"] in leads(graphs["e.docx"])
    pdf = graphs["f.pdf"]
    assert [t["deadline"]["date"] for t in pdf["tasks"] if t["deadline"] and t["deadline"]["kind"] == "by"] == ["2021-04-30"]
    # every graph carries its provenance, and --keep-text wrote what was parsed
    for g in graphs.values():
        assert g["parser_version"] and g["rules_version"] and len(g["document"]["file_sha256"]) == 64
        kept = (tmp_path / "texts" / f"{g['document']['file_sha256'][:16]}.txt").read_text(encoding="utf-8")
        for t in g["tasks"]:
            assert kept[t["start"]:t["end"]] == t["text"]


def test_interrupt_and_resume_give_the_uninterrupted_output(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):  # enough files that the interrupt lands mid-batch however fast the workers are
        for p in SEEDS:
            (folder / f"{i:03d}_{p.name}").write_bytes(p.read_bytes())
    n_files = 30 * len(SEEDS)
    full = tmp_path / "full.jsonl"
    assert subprocess.run([*CLI, "parse", folder, "-o", full, "-q", "--workers", "2"]).returncode == 0

    part = tmp_path / "part.jsonl"
    proc = subprocess.Popen([*CLI, "parse", folder, "-o", part, "-q", "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not part.exists() or part.read_text(encoding="utf-8").count("\n") < 5):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    lines = part.read_text(encoding="utf-8").splitlines()
    assert 5 <= len(lines) < n_files
    # a kill mid-write leaves a torn line; --resume cuts it
    with open(part, "a", encoding="utf-8") as f:
        f.write('{"schema_version": "1.0", "parser_')
    r = subprocess.run([*CLI, "parse", folder, "-o", part, "--resume", "--workers", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "already done" in r.stderr
    assert part.read_bytes() == full.read_bytes()


def test_log_json_reports_progress_for_schedulers(tmp_path):
    out = tmp_path / "o.jsonl"
    r = subprocess.run([*CLI, "parse", NOTICES, "-o", out, "--log-json", "--workers", "1"], capture_output=True, text=True)
    events = [json.loads(x) for x in r.stderr.splitlines()]
    assert events[-1]["event"] == "summary"
    assert events[-1]["parsed"] == len(SEEDS) and events[-1]["errors"] == 0


def test_dask_engine_gives_the_same_records(tmp_path):
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local.jsonl"
    run_batch([NOTICES], local, workers=2)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        viadask = tmp_path / "dask.jsonl"
        s = run_batch([NOTICES], viadask, engine="dask", scheduler=cluster.scheduler_address)
    assert s.parsed == len(SEEDS) and s.errors == 0
    assert viadask.read_bytes() == local.read_bytes()


def test_dask_workers_read_a_relative_folder_given_in_another_working_folder(tmp_path, monkeypatch):
    """Issue 16 item 5: paths are made absolute before they are sent; records keep the path as the user gave it."""
    distributed = pytest.importorskip("distributed")
    import shutil

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        (tmp_path / "in").mkdir()
        for s in SEEDS[:3]:
            shutil.copy(s, tmp_path / "in" / s.name)
        monkeypatch.chdir(tmp_path)  # the workers started in another folder
        local = run_batch(["in"], Path("local.jsonl"), workers=1)
        s = run_batch(["in"], Path("dask.jsonl"), engine="dask", scheduler=cluster.scheduler_address)
    assert local.parsed == 3 and s.parsed == 3 and s.errors == 0
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert all(json.loads(x)["document"]["source"].startswith("in/") for x in (tmp_path / "dask.jsonl").read_text().splitlines())


@pytest.mark.parametrize("signals, code", [(["INT"], 130), (["INT", "INT"], 130), (["TERM"], 143), (["HUP"], 129)])
def test_signals_stop_a_batch_with_whole_lines_and_no_worker_left(tmp_path, signals, code):
    """Issue 16 item 2: one or two Ctrl-C, SIGTERM and SIGHUP stop a real CLI run within seconds, exit 128+signal,
    leave only whole lines, print no traceback, and leave no worker process behind."""
    import signal as sig
    import time

    folder = tmp_path / f"in-{code}-{len(signals)}"
    folder.mkdir()
    for i in range(120):
        src = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}{src.suffix}").write_bytes(src.read_bytes())
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen([*CLI, "parse", folder, "-o", out, "--workers", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.1)
    for name in signals:
        proc.send_signal(getattr(sig, "SIG" + name))
        time.sleep(0.3)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 120
    assert all(json.loads(x)["document"]["source"] for x in lines)  # whole lines only
    time.sleep(0.5)
    left = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
            except OSError:
                continue
            if str(folder) in cmd:
                left.append(pid)
    assert left == [], left


def test_a_second_run_on_the_same_output_is_refused_while_the_first_writes(tmp_path):
    """Two runs writing one output would interleave their records (a batch interrupted and resumed before the first
    process had ended): the second is refused at once with one line naming the output, and nothing is written."""
    from filelock import FileLock

    notice = tmp_path / "a.txt"
    notice.write_text("Giao Sở Y tế kiểm tra các cơ sở khám chữa bệnh trước ngày 10/6/2024.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    held = FileLock(str(out) + ".lock", timeout=0)
    held.acquire()  # a first run still writing
    try:
        r = subprocess.run([sys.executable, "-m", "notice_parser.cli", "parse", str(notice), "-o", str(out)],
                           capture_output=True, text=True)
    finally:
        held.release()
    assert r.returncode == 2  # a usage error (README: exit codes)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "another notice-parser run is writing" in lines[0] and str(out) in lines[0], r.stderr
    assert "internal error" not in lines[0]
    assert not out.exists() or out.read_text(encoding="utf-8") == ""
    # once the first run has ended, the same command writes its record
    r2 = subprocess.run([sys.executable, "-m", "notice_parser.cli", "parse", str(notice), "-o", str(out)],
                        capture_output=True, text=True)
    assert r2.returncode == 0, r2.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
