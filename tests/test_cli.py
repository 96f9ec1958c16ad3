"""The command line as a user meets it: outputs, error records, exit codes, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import NOTICES, SEEDS
from notice_parser.schema import SCHEMA_VERSION

CLI = [sys.executable, "-m", "notice_parser.cli"]


def run(*args, cwd=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_parse_one_file_prints_pretty_json():
    r = run("parse", SEEDS[0])
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)
    assert g["schema_version"] == SCHEMA_VERSION and g["tasks"]
    assert "\n  " in r.stdout  # indented
    assert "Sở Thông tin và Truyền thông" in r.stdout  # not \u-escaped


def test_parse_folder_to_jsonl_with_error_records(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SEEDS[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "sub").mkdir()
    (folder / "sub" / "binary.txt").write_bytes(b"\x00\xff\x00\xfe")
    out = tmp_path / "out.jsonl"
    r = run("parse", folder, "-o", out, "--workers", "2")
    assert r.returncode == 1  # some files failed
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert [Path(json.loads(x)["document"]["source"]).name for x in lines] == sorted(p.name for p in SEEDS[:2])
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(Path(e["path"]).name, e["kind"]) for e in errors} == {("empty.txt", "empty"), ("binary.txt", "binary")}
    assert "Traceback" not in r.stderr
    assert "4 files: 2 parsed, 2 failed" in r.stderr


def test_all_good_exit_zero(tmp_path):
    out = tmp_path / "o.jsonl"
    r = run("parse", NOTICES, "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(SEEDS)
    s = run("summary", out)
    assert s.returncode == 0
    assert "Bưu điện tỉnh Trà Vinh" in s.stdout


def test_usage_errors_exit_two_without_traceback(tmp_path):
    for args in (["parse", tmp_path / "missing.txt"], ["parse", SEEDS[0], "--workers", "zero"], ["nope"],
                 ["parse", SEEDS[0], "--reference-date", "31/12/2020"], ["summary", tmp_path / "none.jsonl"]):
        r = run(*args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert "Traceback" not in r.stderr
        assert "error" in r.stderr


def test_schema_command():
    r = run("schema")
    assert r.returncode == 0
    assert json.loads(r.stdout)["title"] == "TaskGraph"
