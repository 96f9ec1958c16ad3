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


# The stages' compiled rules (gazetteer tables, tries, the glued-syllable word list) are cached the same way.

def _compiled_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("compiled-*.pickle"))


def test_second_process_reads_the_compiled_rules_and_gives_the_same_graph(tmp_path):
    off = _parse("")
    first = _parse(tmp_path)
    [path] = _compiled_files(tmp_path)
    from notice_parser import pattern_cache
    from notice_parser.rules import load_rules

    rules = load_rules()
    assert f"-{pattern_cache.code_hash()}-{rules.version}-" in path.name  # same code, same rules files
    stamp = path.stat().st_mtime_ns
    second = _parse(tmp_path)
    assert off.returncode == first.returncode == second.returncode == 0, second.stderr
    assert first.stdout == second.stdout == off.stdout
    assert path.stat().st_mtime_ns == stamp  # read, not built again: the file is not rewritten


def test_compiled_rules_read_from_the_cache_hold_the_stages_tables(tmp_path):
    _parse(tmp_path)
    [path] = _compiled_files(tmp_path)
    code = ("import sys; from notice_parser import pattern_cache; from notice_parser.rules import load_rules;"
            "from notice_parser.agencies import _compiled; r = load_rules(); c = _compiled(r);"
            "print(c.by_key['sở tài chính']['id'], len(c.by_key),"
            " pattern_cache._COMPILED.store(r.version).new)")
    env = dict(os.environ, NOTICE_PARSER_CACHE_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    built = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=dict(os.environ, NOTICE_PARSER_CACHE_DIR=""))
    assert out.stdout.startswith("STC ") and out.stdout.endswith(" 0\n")  # read: no new entry
    assert int(built.stdout.split()[2]) >= 1  # (built when the cache is off)
    assert out.stdout.split()[:2] == built.stdout.split()[:2]  # the same gazetteer


def test_a_users_rules_folder_has_compiled_rules_of_its_own(tmp_path):
    user = tmp_path / "rules"
    user.mkdir()
    (user / "agencies.tsv").write_text(
        "id\tname\tkind\tplace\taliases\tlevel\n"
        "BQLKCNC\tBan Quản lý Khu công nghệ cao tỉnh\tsingle\toptional\tBQL KCNC tỉnh\tprovince\n", encoding="utf-8")
    note = tmp_path / "n.txt"
    note.write_text("1. Giao BQL KCNC tỉnh chủ trì rà soát quy hoạch.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = dict(os.environ, NOTICE_PARSER_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "notice_parser.cli", "parse", str(note)]
    plain = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for _ in range(2):  # built, then read from the cache
        users = subprocess.run(cmd + ["--rules", str(user)], capture_output=True, text=True, env=env)
        assert users.returncode == 0, users.stderr
        assert "Ban Quản lý Khu công nghệ cao tỉnh" in users.stdout
    assert "Ban Quản lý Khu công nghệ cao tỉnh" not in plain.stdout
    assert len(_compiled_files(cache)) == 2


def test_corrupt_compiled_rules_are_ignored_and_replaced(tmp_path):
    reference = _parse("").stdout
    _parse(tmp_path)
    [path] = _compiled_files(tmp_path)
    path.write_bytes(b"\x80\x04not a pickle at all")
    out = _parse(tmp_path)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert out.stdout == reference
    assert path.stat().st_size > 100_000  # rewritten whole


class _CallsOwnFunction:
    """A pickle that would call one of the package's functions (not a class): refused like any other code."""

    def __reduce__(self):
        from notice_parser import export
        return (export.write_ics, ([], self.target))


def test_compiled_rules_file_naming_other_code_is_not_run(tmp_path):
    _parse(tmp_path)
    [path] = _compiled_files(tmp_path)
    marker = tmp_path / "ran"
    for payload in (_RunsCode(), _CallsOwnFunction()):
        payload.marker = payload.target = marker
        path.write_bytes(pickle.dumps({"format": 1, "patterns": {"agencies": payload}}))
        out = _parse(tmp_path)
        assert out.returncode == 0 and out.stderr == "", out.stderr
        assert not marker.exists()
        assert out.stdout == _parse("").stdout


def test_glued_syllable_word_list_has_a_cache_file_of_its_own(tmp_path):
    """The word list that splits glued syllables ("chủtrì") is read from underthesea once, then kept in a file of its
    own, so that a process that splits no word never loads it; the split is the same from the cache."""
    note = tmp_path / "n.txt"
    note.write_text("1. Giao Sở Tài chính chủtrì, phối hợp với Sở Tư pháp rà soát kinh phí.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = dict(os.environ, NOTICE_PARSER_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "notice_parser.cli", "parse", str(note)]
    off = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, NOTICE_PARSER_CACHE_DIR=""))
    first = subprocess.run(cmd, capture_output=True, text=True, env=env)
    [lexicon] = sorted(cache.glob("compiled-*-lexicon-*.pickle"))
    stamp = lexicon.stat().st_mtime_ns
    second = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert off.returncode == first.returncode == second.returncode == 0, second.stderr
    assert off.stdout == first.stdout == second.stdout
    assert '"action": "rà soát kinh phí"' in second.stdout  # "chủtrì" read as "chủ trì": a role, not the action
    assert lexicon.stat().st_mtime_ns == stamp


def test_stdlib_patterns_programs_are_cached_and_a_bad_program_is_compiled_afresh(tmp_path):
    import re

    from notice_parser import pattern_cache

    reference = _parse("").stdout
    _parse(tmp_path)
    path = _cache_file(tmp_path)
    with open(path, "rb") as f:
        data = pickle.load(f)
    programs = [k for k in data["patterns"] if k[0] == "sre"]
    assert len(programs) >= 4  # the gazetteer, place and verb tries and the deadline grammar (stdlib ``re``)
    # a program the engine does not take (as a damaged or foreign file would hold) is compiled afresh, silently
    for k in programs:
        flags, code, groups, groupindex, indexgroup = data["patterns"][k]
        data["patterns"][k] = (flags, code[: len(code) // 2] + [99999], groups, groupindex, indexgroup)
    with open(path, "wb") as f:
        pickle.dump(data, f)
    out = _parse(tmp_path)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert out.stdout == reference
    # in-process: the cached program gives the pattern ``re`` itself compiles
    rx = pattern_cache.compile_std(r"(?<![^\W\d_])(?:sở|ban)[ ]+(?P<rest>\w+)", re.I)
    assert isinstance(rx, re.Pattern) and rx.flags & re.I
    assert rx.search("Giao SỞ Tài chính").group("rest") == "Tài"
