"""The spaCy component and the gold corpus as a DocBin (issue 19)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

from conftest import ROOT, SEEDS  # noqa: E402

CLI = Path(sys.executable).with_name("notice-parser")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("notice_parser")  # found through the spacy_factories entry point, no import needed
    return nlp


def test_every_span_covers_exactly_what_the_graph_says_on_the_seeds(nlp):
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        g = doc._.task_graph
        assert g is not None and g.document.content_hash
        expected = {
            "tasks": sorted((t.start, t.end, t.text) for t in g.tasks),
            "agencies": sorted((m.start, m.end, m.text) for a in g.agencies for m in a.mentions),
            "citations": sorted((m.start, m.end, m.text) for c in g.citations for m in c.mentions),
            "deadlines": sorted({(t.deadline.start, t.deadline.end, t.deadline.text) for t in g.tasks if t.deadline}),
        }
        for key, want in expected.items():
            spans = doc.spans[key]
            got = sorted((s._.source_start, s._.source_end, doc.text[s._.source_start:s._.source_end]) for s in spans)
            assert got == want, (path.name, key)
            for s in spans:  # token-aligned: the span covers the graph's span and adds at most glued punctuation
                assert s.start_char <= s._.source_start and s.end_char >= s._.source_end
                extra = doc.text[s.start_char:s._.source_start] + doc.text[s._.source_end:s.end_char]
                assert not any(ch.isspace() for ch in extra), (path.name, key, s.text)
        assert all(e.label_ == "ORG" and g.agency(e.kb_id_) is not None for e in doc.ents)


def test_labels_ids_and_displacy(nlp):
    text = ("1. Giao Sở Tài chính chủ trì, phối hợp với Sở Tư pháp rà soát kinh phí theo Quyết định số "
            "240/QĐ-UBND ngày 28/01/2016, báo cáo UBND tỉnh trước ngày 15/10/2019.")
    doc = nlp(text)
    (task,) = doc.spans["tasks"]
    assert task.label_ == "review" and task._.graph_id == doc._.task_graph.tasks[0].id
    (deadline,) = doc.spans["deadlines"]
    assert (deadline.text, deadline.label_) == ("trước ngày 15/10/2019.", "by")
    assert doc.text[deadline._.source_start:deadline._.source_end] == "trước ngày 15/10/2019"
    assert [(s.text, s.label_) for s in doc.spans["citations"]] == [
        ("Quyết định số 240/QĐ-UBND ngày 28/01/2016,", "Quyết định")]
    assert [e.text for e in doc.ents] == ["Sở Tài chính", "Sở Tư pháp", "UBND tỉnh"]
    assert doc.ents[0].kb_id_ == "a-STC"
    html = spacy.displacy.render(doc, style="span", options={"spans_key": "tasks"})
    assert "REVIEW" in html.upper() and all(w in html for w in ("rà", "soát", "kinh", "phí"))


def test_the_gold_corpus_as_a_docbin_reads_back(tmp_path, nlp):
    out = tmp_path / "train.spacy"
    r = subprocess.run([str(CLI), "export", "spacy", str(ROOT / "corpus"), "-o", str(out)], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    summary = r.stderr.strip().splitlines()[-1]
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in (ROOT / "corpus" / "gold").glob("*.json")]
    # every real text whose text is here, one Doc each (the dev sets are read from ../shared, beside the clone)
    n_gold = sum(not g.get("constructed") and (ROOT / "corpus" / g["source"]).is_file() for g in golds)
    assert summary.startswith(f"wrote {out}: {n_gold} gold notices → ")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == n_gold
    gold = json.loads((ROOT / "corpus" / "gold" / "000_6ffb156200ced710.json").read_text(encoding="utf-8"))
    doc = next(d for d in docs if d.text == (ROOT / "corpus" / "notices" / "000_6ffb156200ced710.txt").read_text(
        encoding="utf-8"))
    # the gold spans, not the parser's: one task span per gold task, in order, with its quote as text
    # (the gold offsets travel with the DocBin's user data)
    assert [" ".join(doc.text[s._.source_start:s._.source_end].split()) for s in doc.spans["tasks"]] == [
        " ".join(t["quote"].split()) for t in gold["tasks"]]
    assert [s.label_ for s in doc.spans["deadlines"]] == [t["deadline"]["kind"] for t in gold["tasks"]
                                                          if t.get("deadline")]
    symbols = {c["symbol"] for c in gold["citations"] if c.get("symbol")}
    assert {s.text.rstrip(",.;") for s in doc.spans["citations"]} == symbols
    assert any(e.kb_id_ == "Sở Thông tin và Truyền thông" for e in doc.ents)
    total = sum(len(d.spans["tasks"]) for d in docs)
    assert f"{total} tasks" in summary


def test_export_spacy_without_a_gold_folder_is_one_line(tmp_path):
    r = subprocess.run([str(CLI), "export", "spacy", str(tmp_path), "-o", str(tmp_path / "x.spacy")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"notice-parser: error: {tmp_path}: no gold/ folder (a corpus folder holds gold/*.json)"]
