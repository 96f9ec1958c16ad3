"""scripts/blind_check.py, the form check of a blind batch: a well-formed batch passes; a quote not in its text, a
missing lead, a date that is not ISO and a text already in the corpus are each reported, and the exit code says so."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "blind_check.py"
TEXT = ("Ngày 12/3/2031, Chủ tịch UBND tỉnh Hòa Lâm yêu cầu Sở Nông nghiệp và Môi trường khẩn trương kiểm tra "
        "các hồ chứa nước trên địa bàn, báo cáo UBND tỉnh trước ngày 20/3/2031.\n")


def _batch(tmp_path: Path, task: dict, text: str = TEXT) -> Path:
    b = tmp_path / "batch"
    b.mkdir()
    (b / "01.txt").write_text(text, encoding="utf-8")
    gold = {"source": "01.txt", "checked": True, "constructed": False,
            "document": {"doc_type": None, "symbol": None, "issued_on": "2031-03-12"},
            "sections": [], "citations": [], "agencies": [{"name": "Sở Nông nghiệp và Môi trường", "kind": "single"}],
            "tasks": [task]}
    (b / "01.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (b / "SOURCES.tsv").write_text("01.txt\thttps://example.org/01\n", encoding="utf-8")
    return b


def _run(batch: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(batch)], capture_output=True, text=True)


GOOD = {"quote": "yêu cầu Sở Nông nghiệp và Môi trường khẩn trương kiểm tra", "lead": ["Sở Nông nghiệp và Môi trường"],
        "action": "kiểm tra các hồ chứa nước", "deadline": {"text": "trước ngày 20/3/2031", "kind": "by", "date": "2031-03-20"}}


def test_a_well_formed_batch_passes(tmp_path):
    out = _run(_batch(tmp_path, GOOD))
    assert out.returncode == 0, out.stdout
    assert out.stdout.strip().endswith("1 texts, 1 gold tasks, 0 problems")


def test_each_problem_is_named(tmp_path):
    bad = dict(GOOD, quote="yêu cầu Sở Tài chính kiểm tra", lead=[],
               deadline={"text": "trước ngày 20/3", "kind": "before", "date": "20/3/2031"})
    out = _run(_batch(tmp_path, bad))
    assert out.returncode == 1
    assert "quote is not an exact substring of 01.txt" in out.stdout
    assert "tasks[0]: no lead" in out.stdout
    assert "deadline kind 'before'" in out.stdout
    assert "deadline date is not ISO" in out.stdout


def test_a_text_already_in_the_corpus_is_reported(tmp_path):
    seed = sorted((ROOT / "corpus" / "notices").glob("*.txt"))[0].read_text(encoding="utf-8")
    quote = seed.strip().splitlines()[0][:20]
    out = _run(_batch(tmp_path, dict(GOOD, quote=quote), text=seed))
    assert out.returncode == 1
    assert "100% of it is already in" in out.stdout
