"""Issue 16 items 4, 6 and 8: every subcommand on a table of bad inputs answers with one line naming the file
and the problem, never a traceback, exit 2 for usage and 1 for data; a folder walk misses nothing; a few NUL
bytes are repaired; standard input and output work."""

import json
import subprocess
import sys

import pytest

from conftest import SEEDS

CLI = [sys.executable, "-m", "notice_parser.cli"]
NOTICE = "UBND tỉnh giao Sở Y tế kiểm tra an toàn thực phẩm, báo cáo UBND tỉnh trước ngày 15/6/2024.\n"


def run(*args, cwd=None, stdin=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, input=stdin)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "ok.txt").write_text(NOTICE, encoding="utf-8")
    r = run("parse", d / "ok.txt", "-o", d / "graphs.jsonl")
    assert r.returncode == 0, r.stderr
    (d / "errors.jsonl").write_text(json.dumps({"path": "x.txt", "kind": "empty", "message": "the file is empty"}) + "\n")
    raw = (d / "graphs.jsonl").read_bytes()
    cut = raw.index("ế".encode()) + 1  # inside a character
    (d / "cut.jsonl").write_bytes(raw[:cut])
    (d / "empty.jsonl").write_bytes(b"")
    (d / "badrules").mkdir()
    (d / "badrules" / "tasks.yaml").write_text("assign_verbs: [giao\n", encoding="utf-8")
    (d / "out").mkdir()
    return d


CASES = [
    # (arguments, expected exit code, a word the one-line message must hold)
    (["summary", "{d}/errors.jsonl"], 1, "error record"),
    (["summary", "{d}/cut.jsonl"], 1, "UTF-8"),
    (["summary", "{d}/missing.jsonl"], 2, "no such file"),
    (["review", "export", "{d}/cut.jsonl", "-o", "{d}/r.jsonl"], 1, "UTF-8"),
    (["review", "export", "{d}/graphs.jsonl", "-o", "{d}/out"], 1, "folder"),
    (["parse", "{d}/ok.txt", "-o", "{d}/out"], 2, "folder"),
    (["parse", "{d}/ok.txt", "-o", "{d}/nowhere/sub/x.jsonl"], 2, "does not exist"),
    (["view", "{d}/ok.txt", "-o", "{d}/out"], 1, "folder"),
    (["export", "ics", "{d}/graphs.jsonl", "-o", "{d}/out"], 2, "folder"),
    (["parse", "{d}/ok.txt", "--rules", "{d}/badrules"], 2, "tasks.yaml:2"),
    (["parse", "{d}/ok.txt", "--rules", "{d}/missing-rules"], 2, "rules folder not found"),
    (["parse", "{d}/empty.jsonl"], 1, "unsupported format"),
]


@pytest.mark.parametrize("args, code, word", CASES, ids=[" ".join(c[0][:2]) + f"-{i}" for i, c in enumerate(CASES)])
def test_no_traceback_on_bad_input(work, args, code, word):
    r = run(*[a.format(d=work) for a in args])
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert lines and word in lines[-1], r.stderr
    assert len(lines) == 1, r.stderr  # one line, not a report


def test_folder_walk_matches_suffixes_in_any_case_and_reports_unsupported_formats(tmp_path):
    (tmp_path / "DEV_02.TXT").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "QD.Txt").write_text(NOTICE.replace("Sở Y tế", "Sở Tài chính"), encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not a text file")
    (tmp_path / "scan.JPG").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    out = tmp_path / "o.jsonl"
    r = run("parse", tmp_path, "-o", out, "-q")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    parsed = sorted(json.loads(line)["document"]["source"].rsplit("/", 1)[-1] for line in out.read_text().splitlines())
    assert parsed == ["DEV_02.TXT", "QD.Txt"]
    errors = {e["path"].rsplit("/", 1)[-1]: e for e in map(json.loads, (tmp_path / "o.errors.jsonl").read_text().splitlines())}
    assert set(errors) == {"old.doc", "scan.JPG"}  # a hidden system file is no notice and no error
    assert "save it as .docx or .pdf" in errors["old.doc"]["message"]
    assert "OCR" in errors["scan.JPG"]["message"]


def test_a_few_nul_bytes_are_removed_with_a_warning(tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes(NOTICE.encode().replace(b"Y t", b"Y\x00 t", 1))
    r = run("parse", f)
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)
    assert [t["lead"] for t in g["tasks"]] and any("NUL" in w for w in g["warnings"])
    assert g["agencies"][0]["name"] in ("Sở Y tế", "Ủy ban nhân dân tỉnh")


def test_parse_reads_stdin_and_writes_stdout():
    r = run("parse", "-", stdin=NOTICE)
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)
    assert g["document"]["source"] == "<stdin>" and g["tasks"][0]["deadline"]["date"] == "2024-06-15"
    r = run("parse", "-", "-o", "-", stdin=NOTICE)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1  # one JSON line


def test_a_folder_to_standard_output_is_json_lines(tmp_path):
    for i, s in enumerate(SEEDS[:2]):
        (tmp_path / f"{i}.txt").write_bytes(s.read_bytes())
    r = run("parse", tmp_path, "-o", "-", "-q")
    assert r.returncode == 0, r.stderr
    assert len([json.loads(line) for line in r.stdout.splitlines()]) == 2


def test_resume_retries_failures_and_replaces_changed_files(tmp_path):
    """Issue 16 item 3: after the user fixes a failed file and edits another, --resume parses both again and the
    output holds one record per input path; the fixed file's error record is gone; the summary says what it did."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NOTICE, encoding="utf-8")
    (src / "b.txt").write_text("", encoding="utf-8")  # empty: fails
    (src / "c.txt").write_text(NOTICE.replace("Sở Y tế", "Sở Tài chính"), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = run("parse", src, "-o", out, "-q")
    assert r.returncode == 1
    (src / "b.txt").write_text(NOTICE.replace("Sở Y tế", "Sở Xây dựng"), encoding="utf-8")  # fixed
    (src / "a.txt").write_text(NOTICE.replace("15/6/2024", "20/6/2024"), encoding="utf-8")  # changed
    r = run("parse", src, "-o", out, "--resume")
    assert r.returncode == 0, r.stderr
    assert "1 already done" in r.stderr and "1 retried" in r.stderr and "1 replaced" in r.stderr, r.stderr
    graphs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {g["document"]["source"].rsplit("/", 1)[-1]: g for g in graphs}
    assert len(graphs) == 3 and set(by_name) == {"a.txt", "b.txt", "c.txt"}
    assert by_name["a.txt"]["tasks"][0]["deadline"]["date"] == "2024-06-20"  # the new version, not the stale one
    assert (tmp_path / "o.errors.jsonl").read_text(encoding="utf-8") == ""
    # a file that breaks after it was parsed loses its stale record and keeps its error
    (src / "c.txt").write_bytes(b"")
    r = run("parse", src, "-o", out, "--resume", "-q")
    assert r.returncode == 1
    names = sorted(json.loads(line)["document"]["source"].rsplit("/", 1)[-1] for line in out.read_text().splitlines())
    assert names == ["a.txt", "b.txt"]
    errors = [json.loads(line) for line in (tmp_path / "o.errors.jsonl").read_text().splitlines()]
    assert [e["path"].rsplit("/", 1)[-1] for e in errors] == ["c.txt"]


def test_pypdf_warnings_do_not_leak_to_stderr(tmp_path):
    """Issue 16 item 8: a PDF whose cross-reference table is damaged makes pypdf log its repairs; the user sees
    one line about the file, nothing from the library."""
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    buf = io.BytesIO()
    w.write(buf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(buf.getvalue().replace(b"startxref", b"startxref\n999999\n%%", 1))
    r = run("parse", bad)
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert r.returncode == 1 and len(lines) == 1 and "bad.pdf" in lines[0] and "text layer" in lines[0], r.stderr


def test_a_pdf_printed_by_a_browser_gives_the_tasks_of_its_html():
    """Issue 16 item 7: Chromium's 'print to PDF' of a notice page draws Vietnamese letters as glyphs of their own,
    and the text layer reads "Trang ch ủ | Tin t ứ c" (0 tasks before). The letters are put back by the shape of a
    syllable, the print header and footer are chrome, and the tasks are the HTML's. The fixture was printed with
    `chromium --headless --print-to-pdf` from tests/fixtures/print/notice.html (a seed notice)."""
    from conftest import ROOT
    from notice_parser import parse_file
    from notice_parser.load import load

    folder = ROOT / "tests" / "fixtures" / "print"
    text = load(folder / "notice.pdf").text
    assert "Trang chủ | Tin tức" in text and "Nguyễn Phi Long" in text and "ĐIỆN TỬ" in text
    pdf, html = parse_file(folder / "notice.pdf"), parse_file(folder / "notice.html")
    assert len(html.tasks) >= 10
    assert [(pdf.agency_names(t.lead), t.action) for t in pdf.tasks] == \
        [(html.agency_names(t.lead), t.action) for t in html.tasks]
    assert not pdf.warnings or "broken" not in " ".join(pdf.warnings)
    assert pdf.document.issued_on == html.document.issued_on  # the opening sentence, though its line was joined


def test_rejoining_leaves_ordinary_text_alone_and_a_broken_pdf_gets_a_warning():
    from notice_parser.load import rejoin_split_glyphs

    plain = "Sở Tài nguyên và Môi trường chủ trì, phối hợp với các đơn vị liên quan nghiên cứu, đề xuất."
    assert rejoin_split_glyphs(plain) == (plain, 0)
    assert rejoin_split_glyphs("Ngày 25/12/2018, Phó Ch ủ  t ị ch UBND t ỉ nh Nguy ễ n Phi Long ch ủ  trì "
                               "cu ộ c h ọ p v ề  ứ ng d ụ ng CNTT.")[0] == \
        "Ngày 25/12/2018, Phó Chủ tịch UBND tỉnh Nguyễn Phi Long chủ trì cuộc họp về ứng dụng CNTT."
