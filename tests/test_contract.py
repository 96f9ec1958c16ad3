"""The output contract: schema file, determinism, ids, bad input."""

import json
from datetime import date

import pytest

from conftest import ROOT, SEEDS
from notice_parser import NoticeError, json_schema, parse, parse_file
from notice_parser.schema import SCHEMA_VERSION, TaskGraph


def test_committed_schema_matches_models():
    committed = json.loads((ROOT / "schema" / "taskgraph.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run `make schema` and commit the diff: the output contract changed"


def test_output_validates_against_json_schema(graphs):
    import jsonschema

    schema = json_schema()
    for g in graphs.values():
        jsonschema.validate(g.model_dump(mode="json"), schema)
        assert g.schema_version == SCHEMA_VERSION


def test_same_input_same_bytes():
    text = SEEDS[1].read_text(encoding="utf-8")
    a = parse(text, source="x.txt").model_dump_json()
    b = parse(text, source="x.txt").model_dump_json()
    assert a == b


def test_task_id_does_not_depend_on_text_elsewhere():
    text = SEEDS[4].read_text(encoding="utf-8")
    before = {t.text: t.id for t in parse(text).tasks}
    changed = text.replace("Ảnh minh họa", "Ảnh minh họa khác") + "\n\nMột đoạn thêm vào cuối trang."
    after = {t.text: t.id for t in parse(changed).tasks}
    assert before == after


def test_edges_link_tasks_agencies_citations(graphs):
    g = graphs["000"]
    ids = {t.id for t in g.tasks} | {a.id for a in g.agencies} | {c.id for c in g.citations} | {s.id for s in g.sections}
    ids.add("document")
    kinds = {e.kind for e in g.edges}
    assert {"contains", "lead", "support", "cites", "based_on"} <= kinds
    for e in g.edges:
        assert e.source in ids and e.target in ids, e


def test_reference_date_overrides(tmp_path):
    g = parse("1. Giao Sở Tài chính báo cáo UBND tỉnh trước ngày 15/10.", reference_date=__import__("datetime").date(2021, 3, 1))
    assert g.document.date_source == "reference"
    assert g.tasks[0].deadline.date.isoformat() == "2021-10-15"


@pytest.mark.parametrize("content, kind", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
    (b"12345 67890 ... ///", "no_text"),
])
def test_bad_files_give_a_clear_error(tmp_path, content, kind):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(NoticeError) as e:
        parse_file(p)
    assert e.value.kind == kind
    assert str(p) in str(e.value)


def test_utf16_and_bom_are_read(tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    p16 = tmp_path / "u16.txt"
    p16.write_bytes(text.encode("utf-16"))
    pbom = tmp_path / "bom.txt"
    pbom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(parse_file(p16).tasks) == len(parse_file(pbom).tasks) == len(parse(text).tasks)


def test_parse_rejects_non_text():
    with pytest.raises(TypeError):
        parse(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(NoticeError):
        parse("")


def test_reference_date_may_be_an_iso_string_and_anything_else_fails_at_once():
    """Issue 16 item 8: parse(text, reference_date="2024-01-02") resolves a year-less deadline like a date
    does; a day-first string or a number is a TypeError naming the value, not an error deep in the stages."""
    text = "Giao Sở Y tế báo cáo UBND tỉnh trước ngày 5/2."
    assert parse(text, reference_date="2024-01-02").tasks[0].deadline.date.isoformat() == "2024-02-05"
    assert parse(text, reference_date=date(2024, 1, 2)).tasks[0].deadline.date.isoformat() == "2024-02-05"
    for bad in ("02/01/2024", 20240102):
        with pytest.raises(TypeError, match="ISO date"):
            parse(text, reference_date=bad)


def test_model_round_trip(graphs):
    g = graphs["001"]
    assert TaskGraph.model_validate_json(g.model_dump_json()) == g
