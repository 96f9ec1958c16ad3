"""The reviewer workflow end to end: export → edit → apply → re-parse with --reviewed → gold → eval."""

import json
from collections import Counter
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

from notice_parser.review import ReviewLine, apply_file, read_review


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "notice_parser.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def read_jsonl(path):
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


def write_jsonl(path, rows):
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """The five seeds copied to a folder, parsed, and exported for review."""
    work = tmp_path_factory.mktemp("review")
    notices = work / "notices"
    notices.mkdir()
    for p in SEEDS:
        shutil.copy(p, notices / p.name)
    r = cli("parse", notices, "-o", work / "graphs.jsonl", "-q", cwd=work)
    assert r.returncode == 0, r.stderr
    r = cli("review", "export", work / "graphs.jsonl", "-o", work / "tasks.jsonl")
    assert r.returncode == 0, r.stderr
    return work


def untasked_sentence(text, tasks):
    """A sentence of the notice outside every extracted task (what a reviewer adds as a missed task)."""
    import re

    for m in re.finditer(r"[^\n.;]{60,200}", text):
        if all(m.end() <= t["start"] or m.start() >= t["end"] for t in tasks) and len(m.group().split()) >= 10:
            return m.group().strip()
    raise AssertionError("no free sentence")


def scripted_review(work):
    """A reviewer's ten decisions: correct a lead, fix a deadline, reject one, add one, accept six."""
    rows = read_jsonl(work / "tasks.jsonl")
    first = rows[0]["content_hash"]
    doc = [r for r in rows if r["content_hash"] == first]
    with_deadline = next(r for r in rows if r["deadline_kind"] in ("by", "on"))
    plain = [r for r in rows if r is not with_deadline and r is not doc[0]]
    doc[0].update(status="corrected", lead=["Sở Tài chính"], note="the lead is the Department of Finance")
    with_deadline.update(status="corrected", deadline_date="2031-12-15")
    plain[0].update(status="rejected", note="background, not a directive")
    for r in plain[1:7]:
        r["status"] = "accepted"
    plain[1]["note"] = "checked"
    graph = read_jsonl(work / "graphs.jsonl")[0]
    text = Path(work, graph["document"]["source"]).read_text(encoding="utf-8")
    quote = untasked_sentence(text, graph["tasks"])
    added = dict(ReviewLine(content_hash=graph["document"]["content_hash"], source=graph["document"]["source"],
                            status="added", quote=quote, lead=["Sở Nội vụ"], action=quote,
                            deadline_text=None, deadline_kind=None).model_dump(mode="json"))
    rows.append(added)
    write_jsonl(work / "edited.jsonl", rows)
    return {"lead": doc[0]["task_id"], "deadline": with_deadline["task_id"], "rejected": plain[0]["task_id"],
            "accepted": [r["task_id"] for r in plain[1:7]], "added_quote": quote}


def test_round_trip_keeps_all_ten_decisions(parsed):
    work = parsed
    d = scripted_review(work)
    r = cli("review", "apply", work / "edited.jsonl", "--to", work / "graphs.jsonl", "-o", work / "reviewed.jsonl",
            cwd=work)
    assert r.returncode == 0, r.stderr
    assert "accepted 6, corrected 2, rejected 1, added 1" in r.stderr

    def tasks_of(path):
        return {t["id"]: (g, t) for g in read_jsonl(path) for t in g["tasks"]}

    reviewed = tasks_of(work / "reviewed.jsonl")
    g, t = reviewed[d["lead"]]
    assert [a["name"] for a in g["agencies"] if a["id"] in t["lead"]] == ["Sở Tài chính"]
    assert t["review"] == {"status": "corrected", "note": "the lead is the Department of Finance",
                           "changed": ["lead"], "needs_review": False, "reason": None}
    assert {"source": d["lead"], "target": t["lead"][0], "kind": "lead"} in g["edges"]
    assert reviewed[d["deadline"]][1]["deadline"]["date"] == "2031-12-15"
    g, t = reviewed[d["rejected"]]
    assert t["review"]["status"] == "rejected" and not [e for e in g["edges"] if d["rejected"] in (e["source"], e["target"])]
    added = [(g, t) for g, t in reviewed.values() if t.get("review") and t["review"]["status"] == "added"]
    assert len(added) == 1
    g, t = added[0]
    text = Path(work, g["document"]["source"]).read_text(encoding="utf-8")
    assert text[t["start"]:t["end"]] == t["text"] == d["added_quote"]

    # exporting the reviewed graphs again shows every decision
    r = cli("review", "export", work / "reviewed.jsonl", "-o", work / "again.jsonl")
    assert r.returncode == 0, r.stderr
    statuses = {x["task_id"]: x["status"] for x in read_jsonl(work / "again.jsonl")}
    assert statuses[d["rejected"]] == "rejected" and statuses[d["lead"]] == "corrected"
    assert sorted(statuses[i] for i in d["accepted"]) == ["accepted"] * 6

    # a fresh parse with --reviewed keeps the ten decisions
    r = cli("parse", "notices", "-o", work / "reparsed.jsonl", "-q", "--reviewed", work / "edited.jsonl", cwd=work)
    assert r.returncode == 0, r.stderr
    again = tasks_of(work / "reparsed.jsonl")
    g, t = again[d["lead"]]
    assert [a["name"] for a in g["agencies"] if a["id"] in t["lead"]] == ["Sở Tài chính"]
    assert t["review"]["status"] == "corrected" and t["review"]["note"] == "the lead is the Department of Finance"
    assert again[d["deadline"]][1]["deadline"]["date"] == "2031-12-15"
    assert again[d["rejected"]][1]["review"]["status"] == "rejected"
    assert all(again[i][1]["review"]["status"] == "accepted" for i in d["accepted"])
    assert [t["text"] for _, t in again.values() if (t.get("review") or {}).get("status") == "added"] == [d["added_quote"]]
    decided = [t for _, t in again.values() if t.get("review")]
    assert len(decided) == 10 and not any(t["review"]["needs_review"] for t in decided)


def test_a_broken_line_is_reported_and_nothing_is_written(parsed):
    work = parsed
    rows = (work / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2][:40]  # cut mid-object
    bad_date = json.loads(rows[4])
    bad_date.update(status="corrected", deadline_text="ngày 30/02/2020", deadline_kind="by", deadline_date="2020-02-30")
    rows[4] = json.dumps(bad_date, ensure_ascii=False)
    unknown = json.loads(rows[5])
    unknown["priority"] = "high"
    rows[5] = json.dumps(unknown, ensure_ascii=False)
    (work / "broken.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = work / "never.jsonl"
    r = cli("review", "apply", work / "broken.jsonl", "--to", work / "graphs.jsonl", "-o", out)
    assert r.returncode == 1
    assert "broken.jsonl:3: malformed JSON" in r.stderr
    assert "broken.jsonl:5: deadline_date:" in r.stderr
    assert "broken.jsonl:6: priority: Extra inputs are not permitted" in r.stderr
    assert "nothing written" in r.stderr and not out.exists()

    # --skip-invalid writes the valid lines and lists the rest
    r = cli("review", "apply", work / "broken.jsonl", "--to", work / "graphs.jsonl", "-o", out, "--skip-invalid")
    assert r.returncode == 1 and out.exists() and "3 invalid line(s) skipped" in r.stderr
    assert len(read_jsonl(out)) == 5


def test_apply_checks_tasks_agencies_and_quotes(parsed, tmp_path):
    work = parsed
    rows = read_jsonl(work / "tasks.jsonl")
    rows[0].update(status="corrected", lead=["Ban Quản lý dự án Cầu Vàng"])
    rows[1].update(task_id="t-0000000000")
    rows[2] = dict(rows[2], task_id=None, status="added", quote="Câu này không có trong thông báo nào cả.")
    write_jsonl(tmp_path / "t.jsonl", rows)
    lines, errors = read_review(tmp_path / "t.jsonl")
    assert not errors
    counts, errors, warnings = apply_file(tmp_path / "t.jsonl", work / "graphs.jsonl", tmp_path / "out.jsonl")
    assert any(":2: task_id: no task t-0000000000" in e for e in errors)
    assert any(":3: quote: not found in the notice" in e for e in errors)
    assert any(":1: lead: agency 'Ban Quản lý dự án Cầu Vàng' is not in the gazetteer" in w for w in warnings)
    assert not (tmp_path / "out.jsonl").exists()


def test_a_task_whose_text_changed_is_flagged_not_dropped(tmp_path):
    src = tmp_path / "notice.txt"
    shutil.copy(SEEDS[0], src)
    assert cli("parse", src, "-o", tmp_path / "g.jsonl", "-q").returncode == 0
    assert cli("review", "export", tmp_path / "g.jsonl", "-o", tmp_path / "t.jsonl").returncode == 0
    rows = read_jsonl(tmp_path / "t.jsonl")
    for r in rows:
        r["status"] = "accepted"
    write_jsonl(tmp_path / "t.jsonl", rows)
    # the notice is corrected after review: one task gains a word
    target = rows[1]
    text = src.read_text(encoding="utf-8")
    words = target["quote"].split(" ")
    edited_quote = " ".join(words[:3] + ["ngay"] + words[3:])
    src.write_text(text.replace(target["quote"], edited_quote, 1), encoding="utf-8")
    r = cli("parse", src, "-o", tmp_path / "g2.jsonl", "-q", "--reviewed", tmp_path / "t.jsonl")
    assert r.returncode == 0, r.stderr
    tasks = read_jsonl(tmp_path / "g2.jsonl")[0]["tasks"]
    assert len([t for t in tasks if t.get("review")]) == len(rows)  # every decision is still there
    flagged = [t for t in tasks if t["review"]["needs_review"]]
    assert [t["text"] for t in flagged] == [edited_quote]
    assert flagged[0]["review"]["status"] == "accepted" and "changed since review" in flagged[0]["review"]["reason"]
    assert repr(target["quote"][:80]) in flagged[0]["review"]["reason"]  # the reason quotes the reviewed words


def test_review_gold_and_eval_against(parsed, tmp_path):
    work = parsed
    rows = read_jsonl(work / "tasks.jsonl")
    first = rows[0]["content_hash"]
    for r in rows:
        if r["content_hash"] == first:
            r["status"] = "accepted"
    rows[0].update(status="rejected")
    rows[1]["quote"] = " ".join(rows[1]["quote"].split()) + " "  # a reviewer's retyped spacing
    write_jsonl(work / "gold_review.jsonl", rows)
    gold_dir = tmp_path / "corpus" / "gold"
    r = cli("review", "gold", work / "gold_review.jsonl", "-o", gold_dir, cwd=work)
    assert r.returncode == 0, r.stderr
    files = sorted(gold_dir.glob("*.json"))
    assert len(files) == 1 and r.stderr.count("skipped (tasks still pending)") == 4
    gold = json.loads(files[0].read_text(encoding="utf-8"))
    n_doc = sum(1 for r in rows if r["content_hash"] == first)
    assert len(gold["tasks"]) == n_doc - 1 and gold["fields"] == ["tasks", "lead", "support", "report_to", "deadlines"]
    assert (gold_dir.parent / gold["source"]).resolve() == (work / rows[0]["source"]).resolve()
    notice = (gold_dir.parent / gold["source"]).read_text(encoding="utf-8")
    assert all(t["quote"] in notice for t in gold["tasks"])  # as corpus gold must be

    # the gold folder works with eval, and so does --against: the parser finds every accepted task,
    # and the rejected one counts against its precision
    for args in (["eval", gold_dir.parent, "--json"], ["eval", "--against", work / "gold_review.jsonl", "--json"]):
        r = cli(*args, cwd=work)
        assert r.returncode == 0, r.stderr
        scores = json.loads(r.stdout)["fields"]
        assert set(scores) == {"tasks", "lead", "support", "report_to", "deadlines"}
        assert scores["tasks"]["recall"] == 1.0
        assert scores["tasks"]["precision"] == round((n_doc - 1) / n_doc, 4)


def test_user_errors_are_one_line_never_a_traceback(parsed, tmp_path):
    work = parsed
    cases = [
        (("review", "apply", tmp_path / "missing.jsonl", "--to", work / "graphs.jsonl", "-o", tmp_path / "o.jsonl"), 2,
         "no such review file"),
        (("review", "apply", work / "tasks.jsonl", "--to", work / "tasks.jsonl", "-o", tmp_path / "o.jsonl"), 1,
         "tasks.jsonl:1: not a task graph"),
        (("view", tmp_path / "missing.txt", "-o", tmp_path / "v.html"), 2, "no such file"),
        (("eval",), 2, "give a corpus folder or --against"),
        (("eval", ROOT / "corpus", "--only", "no-such-notice*"), 2, "no gold file matches no-such-notice*"),
        (("parse", work / "notices", "-o", tmp_path / "g.jsonl", "--reviewed", work / "graphs.jsonl"), 2,
         "graphs.jsonl:1: "),
    ]
    for args, code, message in cases:
        r = cli(*args)
        assert r.returncode == code, (args, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_spreadsheet_review_in_csv(parsed, tmp_path):
    """Export to CSV, edit as a spreadsheet tool saves it (day-first dates, lists joined by ';'), apply."""
    import csv

    work = parsed
    r = cli("review", "export", work / "graphs.jsonl", "-o", tmp_path / "tasks.csv")
    assert r.returncode == 0, r.stderr
    raw = (tmp_path / "tasks.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # so Excel reads the accents
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["lead"] == "Các sở, ban, ngành tỉnh; Ủy ban nhân dân cấp huyện"
    dated = next(i for i, x in enumerate(rows) if x["deadline_kind"] == "by")
    rows[0].update(status="corrected", support="Sở Tài chính; Sở TT&TT")
    rows[dated].update(status="corrected", deadline_date="15/12/2031")
    rows[1]["status"] = "rejected"
    with open(tmp_path / "edited.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = cli("review", "apply", tmp_path / "edited.csv", "--to", work / "graphs.jsonl", "-o", tmp_path / "out.jsonl")
    assert r.returncode == 0, r.stderr
    assert "accepted 0, corrected 2, rejected 1, added 0" in r.stderr
    tasks = {t["id"]: (g, t) for g in read_jsonl(tmp_path / "out.jsonl") for t in g["tasks"]}
    g, t = tasks[rows[0]["task_id"]]
    assert sorted(a["name"] for a in g["agencies"] if a["id"] in t["support"]) == \
        ["Sở Thông tin và Truyền thông", "Sở Tài chính"]
    assert tasks[rows[dated]["task_id"]][1]["deadline"]["date"] == "2031-12-15"

    # an error names the line the record starts on, though quotes before it span several lines
    rows[3]["deadline_date"] = "31/02/2031"
    with open(tmp_path / "bad.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    text = (tmp_path / "bad.csv").read_text(encoding="utf-8-sig")
    line = text[:text.index(rows[3]["task_id"])].count("\n") + 1
    r = cli("review", "apply", tmp_path / "bad.csv", "--to", work / "graphs.jsonl", "-o", tmp_path / "no.jsonl")
    assert r.returncode == 1 and f"bad.csv:{line}: deadline_date:" in r.stderr, r.stderr
    (tmp_path / "latin.csv").write_bytes("source,quote\nx,Tài chính\n".encode("cp1258"))
    r = cli("review", "apply", tmp_path / "latin.csv", "--to", work / "graphs.jsonl", "-o", tmp_path / "no.jsonl")
    assert r.returncode == 1 and "not UTF-8 text" in r.stderr and "Traceback" not in r.stderr


def _json_values():
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=30) | \
        st.sampled_from(["2020-02-30", "15/12/2031", "P7D", "P0", "accepted", "added", "by", "recurring"])
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)


def test_any_review_file_gives_lines_or_located_errors(tmp_path_factory):
    """Whatever a reviewer saves (JSONL or CSV), reading it never crashes: each line is valid or an error
    naming the file and its line."""
    import csv
    import io

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from notice_parser.review import ReviewError

    fields = list(ReviewLine.model_fields) + ["unknown"]
    line = st.one_of(st.text(max_size=60), st.dictionaries(st.sampled_from(fields), _json_values(), max_size=8))
    folder = tmp_path_factory.mktemp("fuzz-review")

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(line, min_size=1, max_size=6), as_csv=st.booleans())
    def check(rows, as_csv):
        path = folder / ("r.csv" if as_csv else "r.jsonl")
        if as_csv:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(fields[:-1])
            for r in rows:
                w.writerow([json.dumps(r.get(f)) if isinstance(r, dict) else r for f in fields[:-1]]
                           if isinstance(r, dict) else [r])
            path.write_text(buf.getvalue(), encoding="utf-8")
        else:
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r
                                      for r in rows) + "\n", encoding="utf-8", errors="surrogatepass")
        try:
            lines, errors = read_review(path)
        except ReviewError as e:  # only for a file that is not UTF-8
            assert "not UTF-8" in e.problems[0]
            return
        for message in errors:
            assert message.startswith(f"{path}:") and message.split(":")[1].isdigit()
        for n, parsed in lines:
            assert isinstance(parsed, ReviewLine) and n >= 1

    check()


def test_added_task_is_placed_from_kept_text_when_the_sources_moved(tmp_path):
    src = tmp_path / "in" / "notice.txt"
    src.parent.mkdir()
    shutil.copy(SEEDS[4], src)
    assert cli("parse", src.parent, "-o", tmp_path / "g.jsonl", "-q", "--keep-text", tmp_path / "texts").returncode == 0
    graph = read_jsonl(tmp_path / "g.jsonl")[0]
    quote = untasked_sentence(src.read_text(encoding="utf-8"), graph["tasks"])
    write_jsonl(tmp_path / "t.jsonl", [dict(ReviewLine(
        content_hash=graph["document"]["content_hash"], source=graph["document"]["source"], status="added",
        quote=quote, lead=["Sở Tài chính"]).model_dump(mode="json"))])
    shutil.rmtree(src.parent)  # the notices were archived elsewhere after parsing
    args = ("review", "apply", tmp_path / "t.jsonl", "--to", tmp_path / "g.jsonl", "-o", tmp_path / "r.jsonl")
    r = cli(*args)
    assert r.returncode == 1 and "pass --text-dir" in r.stderr and not (tmp_path / "r.jsonl").exists()
    r = cli(*args, "--text-dir", tmp_path / "texts")
    assert r.returncode == 0, r.stderr
    added = [t for t in read_jsonl(tmp_path / "r.jsonl")[0]["tasks"] if (t.get("review") or {}).get("status") == "added"]
    assert [t["text"] for t in added] == [quote]


def test_a_review_csv_saved_by_excel_with_semicolons_is_read(parsed, tmp_path):
    """Issue 16 item 8: Excel in a comma-decimal locale saves 'CSV' with ';' between cells; the separator is read
    from the header line (the column names), so the decisions are applied as from a comma file."""
    import csv

    work = parsed
    r = cli("review", "export", work / "graphs.jsonl", "-o", tmp_path / "tasks.csv")
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["status"] = "accepted"
    rows[1]["status"] = "rejected"
    with open(tmp_path / "excel.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
        w.writeheader()
        w.writerows(rows)
    r = cli("review", "apply", tmp_path / "excel.csv", "--to", work / "graphs.jsonl", "-o", tmp_path / "out.jsonl")
    assert r.returncode == 0, r.stderr
    assert "accepted 1, corrected 0, rejected 1" in r.stderr


def test_review_export_refuses_a_spreadsheet_suffix_it_cannot_write(parsed, tmp_path):
    r = cli("review", "export", parsed / "graphs.jsonl", "-o", tmp_path / "tasks.xlsx")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert ".jsonl or .csv" in r.stderr and not (tmp_path / "tasks.xlsx").exists()


def _decide(rows, n_per_notice=3):
    """Accept the first tasks of each notice, correct one lead and reject one: the reviewer's decisions."""
    decided, per = [], Counter()
    for r in rows:
        if per[r["content_hash"]] < n_per_notice:
            per[r["content_hash"]] += 1
            r["status"] = "accepted"
            decided.append(r)
    decided[0].update(status="corrected", lead=["Sở Tài chính"])
    decided[-1]["status"] = "rejected"
    return decided


def _reviewed(path):
    return {t["id"]: (g, t) for g in read_jsonl(path) for t in g["tasks"] if t.get("review")}


def test_decisions_follow_a_notice_moved_renamed_and_edited(tmp_path):
    """A review survives a renamed folder, absolute paths, a renamed file and small edits of the text."""
    old = tmp_path / "notices"
    old.mkdir()
    for p in SEEDS[:3]:
        shutil.copy(p, old / p.name)
    assert cli("parse", "notices", "-o", "g.jsonl", "-q", cwd=tmp_path).returncode == 0
    assert cli("review", "export", "g.jsonl", "-o", "t.jsonl", cwd=tmp_path).returncode == 0
    rows = read_jsonl(tmp_path / "t.jsonl")
    assert {r["document_symbol"] for r in rows} == {None, "2373/QĐ-UBND"}  # identity travels with each line
    decided = _decide(rows)
    write_jsonl(tmp_path / "t.jsonl", rows)

    new = tmp_path / "archive 2024"
    old.rename(new)
    # 000 (no symbol): one reviewed task gains a word; 001 (a symbol): the file is renamed and its text edited
    p0 = new / SEEDS[0].name
    q = next(r["quote"] for r in decided if r["source"].endswith(SEEDS[0].name))
    p0.write_text(p0.read_text(encoding="utf-8").replace(q, q.replace(" ", " ngay ", 1), 1), encoding="utf-8")
    p1 = new / SEEDS[1].name
    text1 = p1.read_text(encoding="utf-8")
    p1.unlink()
    (new / "QD-2373.txt").write_text(text1.replace("\n", " (bản đã sửa)\n", 1), encoding="utf-8")

    r = cli("parse", new, "-o", tmp_path / "g2.jsonl", "--reviewed", tmp_path / "t.jsonl")
    assert r.returncode == 0, r.stderr
    assert "not placed" not in r.stderr
    graphs = read_jsonl(tmp_path / "g2.jsonl")
    how = {Path(g["document"]["source"]).name: g["review"]["matched_by"] for g in graphs}
    assert how == {SEEDS[0].name: "file_name", "QD-2373.txt": "identity",
                   SEEDS[2].name: "content_hash"}
    kept = _reviewed(tmp_path / "g2.jsonl")
    assert sorted(t["review"]["status"] for _, t in kept.values()) == sorted(r["status"] for r in decided)
    g, t = next((g, t) for g, t in kept.values() if t["review"]["status"] == "corrected")
    assert [a["name"] for a in g["agencies"] if a["id"] in t["lead"]] == ["Sở Tài chính"]


def test_unplaced_decisions_are_listed_kept_and_fail_the_run(tmp_path):
    notices = tmp_path / "notices"
    notices.mkdir()
    for p in SEEDS[:2]:
        shutil.copy(p, notices / p.name)
    assert cli("parse", notices, "-o", tmp_path / "g.jsonl", "-q").returncode == 0
    assert cli("review", "export", tmp_path / "g.jsonl", "-o", tmp_path / "t.jsonl").returncode == 0
    rows = read_jsonl(tmp_path / "t.jsonl")
    decided = _decide(rows)
    write_jsonl(tmp_path / "t.jsonl", rows)
    gone = [r for r in decided if r["source"].endswith(SEEDS[1].name)]
    (notices / SEEDS[1].name).unlink()  # the notice of three decisions is no longer in the folder

    r = cli("parse", notices, "-o", tmp_path / "g2.jsonl", "--reviewed", tmp_path / "t.jsonl")
    assert r.returncode == 1
    assert f"{len(gone)} reviewed decisions not placed" in r.stderr and "Traceback" not in r.stderr
    kept_file = tmp_path / "g2.unplaced.jsonl"
    assert str(kept_file) in r.stderr
    kept = read_jsonl(kept_file)
    assert [k["task_id"] for k in kept] == [g["task_id"] for g in gone]
    assert all("no notice parsed in this run" in k["problem"] for k in kept)
    lines, errors = read_review(kept_file)  # the kept file is a review file, usable again
    assert not errors and len(lines) == len(gone)

    r = cli("parse", notices, "-o", tmp_path / "g2.jsonl", "--reviewed", tmp_path / "t.jsonl", "--allow-unplaced")
    assert r.returncode == 0 and "not placed" in r.stderr and kept_file.exists()

    # the notice is back: everything is placed, and the stale list is removed
    shutil.copy(SEEDS[1], notices / SEEDS[1].name)
    r = cli("parse", notices, "-o", tmp_path / "g2.jsonl", "--reviewed", tmp_path / "t.jsonl")
    assert r.returncode == 0 and "not placed" not in r.stderr and not kept_file.exists()
    assert len(_reviewed(tmp_path / "g2.jsonl")) == len(decided)
    # a resumed run that parses nothing again still knows where every decision went
    r = cli("parse", notices, "-o", tmp_path / "g2.jsonl", "--reviewed", tmp_path / "t.jsonl", "--resume")
    assert r.returncode == 0 and "2 already done" in r.stderr and "not placed" not in r.stderr


def test_a_notice_held_twice_is_one_notice_for_review(tmp_path):
    """A UTF-8 and a UTF-16 copy of one notice: exported once, its decisions apply to both, counted once."""
    notices = tmp_path / "notices"
    notices.mkdir()
    shutil.copy(SEEDS[0], notices / "a.txt")
    (notices / "b.txt").write_bytes(SEEDS[0].read_text(encoding="utf-8").encode("utf-16"))
    assert cli("parse", notices, "-o", tmp_path / "g.jsonl", "-q").returncode == 0
    graphs = read_jsonl(tmp_path / "g.jsonl")
    assert len(graphs) == 2 and graphs[0]["document"]["content_hash"] == graphs[1]["document"]["content_hash"]
    assert cli("review", "export", tmp_path / "g.jsonl", "-o", tmp_path / "t.jsonl").returncode == 0
    rows = read_jsonl(tmp_path / "t.jsonl")
    assert len(rows) == len(graphs[0]["tasks"])  # one notice, not two
    rows[0].update(status="corrected", lead=["Sở Tài chính"])
    text = SEEDS[0].read_text(encoding="utf-8")
    added = ReviewLine(content_hash=rows[0]["content_hash"], source=rows[0]["source"], status="added",
                       quote=untasked_sentence(text, graphs[0]["tasks"]), lead=["Sở Nội vụ"]).model_dump(mode="json")
    write_jsonl(tmp_path / "t.jsonl", rows + [added])
    r = cli("review", "apply", tmp_path / "t.jsonl", "--to", tmp_path / "g.jsonl", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 0, r.stderr
    assert "corrected 1, rejected 0, added 1" in r.stderr
    for g in read_jsonl(tmp_path / "r.jsonl"):
        statuses = sorted(t["review"]["status"] for t in g["tasks"] if t.get("review"))
        assert statuses == ["added", "corrected"], g["document"]["source"]

    # a review file from an export that listed both copies: the undecided copy of each line is not a conflict
    copy = [dict(x, source=str(notices / "b.txt")) for x in read_jsonl(tmp_path / "t.jsonl") if x["task_id"]]
    for x in copy:
        x.update(status="pending", lead=next(y["lead"] for y in rows if y["task_id"] == x["task_id"]))
    write_jsonl(tmp_path / "both.jsonl", rows + [added] + copy)
    r = cli("review", "apply", tmp_path / "both.jsonl", "--to", tmp_path / "g.jsonl", "-o", tmp_path / "r2.jsonl")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r2.jsonl").read_bytes() == (tmp_path / "r.jsonl").read_bytes()
    # two different decisions on one task are an error naming both lines
    copy[0].update(status="rejected")
    write_jsonl(tmp_path / "both.jsonl", rows + [added] + copy)
    r = cli("review", "apply", tmp_path / "both.jsonl", "--to", tmp_path / "g.jsonl", "-o", tmp_path / "r3.jsonl")
    assert r.returncode == 1 and f"is already decided on line 1, differently" in r.stderr
    assert not (tmp_path / "r3.jsonl").exists()


def test_applying_the_same_review_twice_changes_nothing_more(parsed, tmp_path):
    work = parsed
    scripted_review(work)
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    r = cli("review", "apply", work / "edited.jsonl", "--to", work / "graphs.jsonl", "-o", once, cwd=work)
    assert r.returncode == 0, r.stderr
    r = cli("review", "apply", work / "edited.jsonl", "--to", once, "-o", twice, cwd=work)
    assert r.returncode == 0, r.stderr
    assert twice.read_bytes() == once.read_bytes()
    corrected = [t for g in read_jsonl(twice) for t in g["tasks"] if (t.get("review") or {}).get("status") == "corrected"]
    assert corrected and all(t["review"]["changed"] for t in corrected)
