"""The reviewer's HTML page: self-contained, escaped, and its highlights really render in Chromium."""

import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, seed

from notice_parser import parse
from notice_parser.view import render, segments, write_view

CHROMIUM = os.environ.get("NOTICE_PARSER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts"


def test_segments_cover_the_text_and_nest_tasks_outermost():
    text = "1. Giao Sở Tài chính chủ trì, báo cáo UBND tỉnh trước ngày 25/01/2019."
    g = parse(text)
    segs = segments(text, g)
    assert "".join(piece for piece, _ in segs) == text
    kinds = {s.kind for _, spans in segs for s in spans}
    assert kinds == {"task", "agency", "deadline"}
    for piece, spans in segs:
        if any(s.kind == "deadline" for s in spans):
            assert spans[0].kind == "task" and "25/01/2019" in text[spans[-1].start:spans[-1].end]


def test_page_is_self_contained_and_escapes_the_text():
    text = "1. Giao Sở Tài chính chủ trì rà soát <script>alert(1)</script> trước ngày 25/01/2019."
    page = render(text, parse(text))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def _playwright():
    """playwright's sync API, or a skip where there is no Chromium (never in CI: .ci/run requires it)."""
    if os.environ.get("NOTICE_PARSER_REQUIRE_BROWSER"):
        from playwright import sync_api

        return sync_api
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium here (make test installs Debian's chromium when it runs as root)")
    return pytest.importorskip("playwright.sync_api")


def test_seed_000_in_headless_chromium(tmp_path):
    playwright = _playwright()
    out = tmp_path / "notice.html"
    graph = write_view(seed("000"), out)
    requests = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri())
            shown = page.evaluate("""() => {
                const out = {};
                for (const kind of ["task", "agency", "citation", "deadline"]) {
                    const els = [...document.querySelectorAll('#text .hl-' + kind)];
                    out[kind] = {
                        n: els.length,
                        visible: els.filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length,
                        colours: [...new Set(els.map(e => getComputedStyle(e).backgroundColor))],
                        refs: [...new Set(els.map(e => e.dataset.ref))],
                        titles: els.slice(0, 3).map(e => e.title),
                    };
                }
                out.rows = document.querySelectorAll('#tasks tbody tr').length;
                out.nodes = document.querySelectorAll('#graph g.node').length;
                out.edges = document.querySelectorAll('#graph line').length;
                return out;
            }""")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "view-seed-000.png"), full_page=True)
        finally:
            browser.close()
    assert [u for u in requests if not u.startswith("file://")] == []  # nothing from the network
    task_ids = {t.id for t in graph.tasks}
    assert set(shown["task"]["refs"]) == task_ids and shown["rows"] == len(task_ids) == 17
    assert shown["task"]["titles"][0].startswith(f"task {graph.tasks[0].id} (pending) · lead: ")
    for kind in ("task", "agency", "citation", "deadline"):
        assert shown[kind]["visible"] > 0, kind
        assert len(shown[kind]["colours"]) == 1 and shown[kind]["colours"][0] not in ("rgba(0, 0, 0, 0)", "transparent")
    colours = {shown[k]["colours"][0] for k in ("task", "agency", "citation", "deadline")}
    assert len(colours) == 4  # a colour per kind
    assert shown["deadline"]["n"] == 3  # "ít nhất 07 ngày … 01 lần", "ít nhất 10 ngày … 01 lần", and one date
    assert shown["edges"] == sum(len(t.lead) + len(t.support) + len(t.report_to) + len(t.citation_ids)
                                 for t in graph.tasks)
    assert (ARTIFACTS / "view-seed-000.png").stat().st_size > 10_000
