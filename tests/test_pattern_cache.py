"""The disk cache of compiled patterns (issue 18: start-up): a second process reads what the first compiled, the
output never changes, and a bad cache file or folder is ignored without an error."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

from conftest import seed

NOTICE = seed("000")
CLI = [sys.executable, "-m", "notice_parser.cli", "parse", str(NOTICE)]


def _parse(cache_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ, NOTICE_PARSER_CACHE_DIR=str(cache_dir))
    return subprocess.run(CLI, capture_output=True, text=True, env=env)


def _cache_file(cache_dir: Path) -> Path:
    files = list(cache_dir.glob("patterns-*.pickle"))
    assert len(files) == 1, files
    return files[0]


def test_second_process_reads_the_cache_and_gives_the_same_graph(tmp_path):
    off = _parse("")  # cache turned off
    first = _parse(tmp_path)
    path = _cache_file(tmp_path)
    with open(path, "rb") as f:
        data = pickle.load(f)
    assert len(data["patterns"]) > 100  # the rules' patterns, compiled once
    stamp = path.stat().st_mtime_ns
    second = _parse(tmp_path)
    assert off.returncode == first.returncode == second.returncode == 0, second.stderr
    assert first.stdout == second.stdout == off.stdout
    assert '"tasks"' in second.stdout
    assert path.stat().st_mtime_ns == stamp  # nothing new compiled: the file is not rewritten


def test_cache_turned_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = dict(os.environ, NOTICE_PARSER_CACHE_DIR="", HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    out = subprocess.run(CLI, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert not list(tmp_path.rglob("patterns-*.pickle"))


def test_corrupt_cache_is_ignored_and_replaced(tmp_path):
    reference = _parse("").stdout
    _parse(tmp_path)
    path = _cache_file(tmp_path)
    path.write_bytes(b"\x80\x04not a pickle at all")
    out = _parse(tmp_path)
    assert out.returncode == 0 and out.stderr == "", out.stderr  # no warning, no traceback
    assert out.stdout == reference
    with open(path, "rb") as f:
        assert len(pickle.load(f)["patterns"]) > 100  # rewritten whole


class _RunsCode:
    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_cache_file_naming_other_code_is_not_run(tmp_path):
    _parse(tmp_path)
    path = _cache_file(tmp_path)
    marker = tmp_path / "ran"
    evil = _RunsCode()
    evil.marker = marker
    path.write_bytes(pickle.dumps({"format": 1, "patterns": {("x", 0): evil}}))
    out = _parse(tmp_path)
    assert out.returncode == 0, out.stderr
    assert not marker.exists()
    assert out.stdout == _parse("").stdout


def test_folder_that_cannot_be_written_is_left_alone(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    out = _parse(blocker / "cache")  # its parent is a file: mkdir fails
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert out.stdout == _parse("").stdout
