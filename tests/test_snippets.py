"""The snippet corpora: every form gives exactly one reading covering it; every negative gives nothing."""

from pathlib import Path

import pytest

from conftest import ROOT
from notice_parser.snippets import load_corpus, run_file, run_header_file, run_tasks_file

SNIPPETS = sorted(p for p in (ROOT / "corpus" / "snippets").glob("*.yaml") if p.stem not in ("tasks", "header"))


def test_four_dimensions_with_enough_forms():
    dims = {}
    for p in SNIPPETS:
        data = load_corpus(p)
        forms = sum(len(g["forms"]) for g in data["groups"])
        dims[data["dimension"]] = (forms, len(data.get("negatives", [])))
    assert set(dims) == {"citations", "agencies", "deadlines", "sections"}
    for dim, (forms, negatives) in dims.items():
        assert forms >= 40 and negatives >= 10, (dim, forms, negatives)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippets(path: Path):
    n, failures = run_file(path)
    assert n > 0
    assert not failures, "\n".join(failures)


def test_task_snippets_give_exactly_their_tasks():
    """corpus/snippets/tasks.yaml: the constructions of issue 13, each with the tasks it must give."""
    n, failures = run_tasks_file(ROOT / "corpus" / "snippets" / "tasks.yaml")
    assert n >= 20
    assert not failures, "\n".join(failures)


def test_header_snippets_give_their_document():
    """corpus/snippets/header.yaml (issue 14): formal headers, flattened and split headers, news stamps, reported
    documents, each with its type, number, issuer, place and date; negatives whose identity must stay empty."""
    path = ROOT / "corpus" / "snippets" / "header.yaml"
    data = load_corpus(path)
    assert len(data["cases"]) >= 40 and len(data["negatives"]) >= 5
    n, failures = run_header_file(path)
    assert n == len(data["cases"]) + len(data["negatives"])
    assert not failures, "\n".join(failures)
