"""Schema 1.2: every deadline carries the date a tracker sorts by (due) and where it comes from (basis);
`notice-parser export ics` turns due dates into a calendar that icalendar reads back."""

from datetime import date

import pytest

from notice_parser import parse
from notice_parser.cli import main

NOTICE = (
    "ỦY BAN NHÂN DÂN TỈNH BẮC HÀ\n"
    "Số: 88/TB-UBND\n"
    "Bắc Hà, ngày 06 tháng 5 năm 2024\n"
    "THÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban\n"
    "1. Giao Sở Tài chính rà soát kinh phí, báo cáo UBND tỉnh trước ngày 15/10/2024.\n"
    "2. Giao Công an tỉnh kiểm tra các điểm nóng, báo cáo trước ngày 20/11.\n"
    "3. Giao Sở Xây dựng hoàn thành hồ sơ trong năm 2025.\n"
    "4. Giao Sở Nội vụ trình UBND tỉnh trong 30 ngày làm việc kể từ ngày ký.\n"
    "5. Giao Sở Y tế báo cáo tình hình dịch bệnh hằng tháng.\n"
    "6. Giao Sở Công Thương theo dõi giá cả thị trường kể từ ngày 01/6/2024.\n"
)


@pytest.fixture(scope="module")
def graph():
    return parse(NOTICE)


def _deadline(graph, lead):
    for t in graph.tasks:
        if [graph.agency(a).name for a in t.lead] == [lead]:
            return t.deadline
    raise AssertionError(f"no task led by {lead}")


@pytest.mark.parametrize("lead, kind, due, basis", [
    ("Sở Tài chính", "by", date(2024, 10, 15), "named_date"),
    ("Công an tỉnh", "by", date(2024, 11, 20), "document_date"),     # year from the notice's date
    ("Sở Xây dựng", "period", date(2025, 12, 31), "named_date"),      # a period is due on its last day
    ("Sở Nội vụ", "within", date(2024, 6, 17), "document_date"),      # 30 working days after 6 May 2024
    ("Sở Y tế", "recurring", date(2024, 6, 6), "document_date"),      # the first month after the notice
    ("Sở Công Thương", "from", None, None),                           # a start is no due date
])
def test_every_deadline_has_its_due_date(graph, lead, kind, due, basis):
    d = _deadline(graph, lead)
    assert (d.kind, d.due, d.basis) == (kind, due, basis)


def test_working_days_skip_weekends_and_holidays():
    # 3 working days from Friday 26 April 2024: 27-28 April a weekend, 29 April a substitute day off, 30 April and
    # 1 May public holidays (the holidays package's calendar) -> 2, 3 and 6 May
    g = parse("Ngày 26/4/2024, UBND tỉnh giao Sở Tài chính trình phương án trong 3 ngày làm việc kể từ ngày ký.")
    assert g.tasks[0].deadline.due == date(2024, 5, 6)


def test_a_relative_deadline_without_a_document_date_stays_unresolved():
    g = parse("Giao Sở Tài chính trình phương án trong 10 ngày kể từ ngày ký.")
    d = g.tasks[0].deadline
    assert d.kind == "within" and d.due is None and d.basis is None
    assert any("no document date" in w for w in g.warnings)


def test_export_ics_reads_back_with_icalendar(tmp_path, graph, capsys):
    from icalendar import Calendar

    graphs = tmp_path / "graphs.jsonl"
    graphs.write_text(graph.model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "deadlines.ics"
    assert main(["export", "ics", str(graphs), "-o", str(out)]) == 0
    assert "wrote 5 due dates" in capsys.readouterr().err
    cal = Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    due = {f"{t.id}@notice-parser": t for t in graph.tasks if t.deadline and t.deadline.due}
    assert set(events) == set(due)
    for uid, t in due.items():
        assert events[uid].decoded("DTSTART") == t.deadline.due
    monthly = next(e for e in events.values() if "Sở Y tế" in str(e["SUMMARY"]))
    assert monthly["RRULE"]["FREQ"] == ["MONTHLY"]
    assert "88/TB-UBND" in str(monthly["DESCRIPTION"])


def test_export_ics_errors_name_the_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"x": 1}\n', encoding="utf-8")
    assert main(["export", "ics", str(bad), "-o", str(tmp_path / "x.ics")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.jsonl:1" in err and "Traceback" not in err
    assert not (tmp_path / "x.ics").exists()
