"""Issue 17: the stages depend only downward. The layers are listed in notice_parser/layers.py; this test walks
every relative import of the package (module level and inside functions) with scripts/import_graph.py."""

import importlib.util
from pathlib import Path

from notice_parser.layers import LAYERS

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "notice_parser"


def _graph_module():
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_module_has_a_layer():
    listed = {m for _name, mods in LAYERS for m in mods}
    assert {p.stem for p in PKG.glob("*.py")} <= listed


def test_no_import_points_up_a_layer_or_takes_a_private_name():
    assert _graph_module().problems() == []


def test_the_check_catches_a_backward_import(tmp_path, monkeypatch):
    """The check is not vacuous: a stage that imports a later stage, or another module's private name, is named."""
    g = _graph_module()
    fake = tmp_path / "notice_parser"
    fake.mkdir()
    (fake / "header.py").write_text("from .tasks import find_tasks\nfrom .normalize import _private\n", encoding="utf-8")
    monkeypatch.setattr(g, "PKG", fake)
    found = g.problems()
    assert any("header (header) imports tasks (tasks)" in p for p in found)
    assert any("private name normalize._private" in p for p in found)


def test_architecture_doc_shows_the_graph_the_code_has():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert _graph_module().graph() in doc
