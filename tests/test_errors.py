"""Issue 17: typed errors. Every error raised on purpose is a NoticeParserError with a kind from a closed set;
a parser bug in a batch is an error record with its traceback, and the library re-raises it."""

import json

import pytest

from notice_parser.errors import ErrorKind, NoticeParserError
from notice_parser.load import NoticeError
from notice_parser.review import ReviewError
from notice_parser.rules import RulesError, load_rules


def test_user_errors_share_one_base_and_a_closed_set_of_kinds(tmp_path):
    from notice_parser import parse, parse_file

    with pytest.raises(NoticeParserError) as e:
        parse("   ")
    assert e.value.kind == "empty" and isinstance(e.value, NoticeError)
    with pytest.raises(NoticeParserError) as e:
        parse_file(tmp_path / "missing.txt")
    assert e.value.kind == "not_found" and "missing.txt" in str(e.value)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "tasks.yaml").write_text("not_task: [unclosed\n", encoding="utf-8")
    with pytest.raises(NoticeParserError) as e:
        load_rules([tmp_path / "rules"]).yaml("tasks.yaml")
    assert e.value.kind == "rules" and isinstance(e.value, RulesError) and "tasks.yaml:" in str(e.value)
    assert ReviewError(["x.jsonl:3: no such task"]).kind == "review"
    with pytest.raises(ValueError):
        NoticeError("no_such_kind", "a kind outside the closed set is a bug")
    assert {k.value for k in ErrorKind} >= {"empty", "binary", "encoding", "legacy_encoding", "no_text", "not_found",
                                            "too_large", "unreadable", "unsupported", "usage", "rules", "review",
                                            "internal"}


def test_a_parser_bug_in_a_batch_is_recorded_with_its_traceback(tmp_path, monkeypatch):
    """The batch goes on; the errors file names the file, kind internal, and keeps the traceback."""
    from notice_parser import batch, pipeline

    def broken(*a, **k):
        raise ZeroDivisionError("a bug in a stage")

    monkeypatch.setattr(pipeline, "parse_loaded", broken)
    (tmp_path / "a.txt").write_text("Giao Sở Y tế kiểm tra.", encoding="utf-8")
    path, out, err, _text = batch.work(str(tmp_path / "a.txt"), {})
    assert out is None and err["kind"] == "internal" and err["path"].endswith("a.txt")
    assert "ZeroDivisionError: a bug in a stage" in err["message"]
    assert "Traceback" in err["traceback"] and "broken" in err["traceback"]
    json.dumps(err)  # an errors-file line


def test_the_library_reraises_a_parser_bug(monkeypatch):
    from notice_parser import pipeline

    monkeypatch.setattr(pipeline, "find_tasks", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.parse("Giao Sở Y tế kiểm tra.")
