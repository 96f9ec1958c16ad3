"""The snippet corpora: every form gives exactly one reading covering it; every negative gives nothing."""

from pathlib import Path

import pytest

from conftest import ROOT
from notice_parser.snippets import load_corpus, run_file, run_tasks_file

SNIPPETS = sorted(p for p in (ROOT / "corpus" / "snippets").glob("*.yaml") if p.stem != "tasks")


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
