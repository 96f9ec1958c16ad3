"""Deadline behaviour a tracking officer relies on."""

from datetime import date

from notice_parser import parse
from notice_parser.deadlines import add_working_days


def one_task(text, ref=date(2019, 1, 1)):
    g = parse(text, reference_date=ref)
    assert len(g.tasks) == 1, [t.text for t in g.tasks]
    return g, g.tasks[0]


def test_missing_year_comes_from_the_document_and_rolls_forward():
    _, t = one_task("1. Sở Y tế báo cáo UBND tỉnh trước ngày 15/10.", ref=date(2019, 3, 1))
    assert t.deadline.date == date(2019, 10, 15)
    _, t = one_task("1. Sở Y tế báo cáo UBND tỉnh trước ngày 15/01.", ref=date(2019, 3, 1))
    assert t.deadline.date == date(2020, 1, 15)  # 15/01/2019 would already be past


def test_working_days_skip_weekends_and_tet():
    # 2020-01-21 is a Tuesday; Tết holidays run from 2020-01-23 to 2020-01-29
    assert add_working_days(date(2020, 1, 21), 3) == date(2020, 1, 31)  # 22 Jan, 30 Jan, 31 Jan
    _, t = one_task("1. Sở Tài chính báo cáo UBND tỉnh trong thời hạn 03 ngày làm việc kể từ ngày ký.",
                    ref=date(2020, 1, 21))
    assert (t.deadline.kind, t.deadline.date) == ("within", date(2020, 1, 31))


def test_invalid_date_is_kept_as_text_with_a_warning():
    g, t = one_task("1. Sở Y tế báo cáo UBND tỉnh trước ngày 31/02/2020.")
    assert t.deadline.kind == "by" and t.deadline.date is None
    assert t.deadline.text == "trước ngày 31/02/2020"
    assert any("31/02/2020" in w for w in g.warnings)


def test_urgency_is_not_a_date():
    _, t = one_task("1. Giao Sở Xây dựng khẩn trương kiểm tra công trình.")
    assert t.urgency == "khẩn trương" and t.deadline is None


def test_citation_dates_and_validity_are_never_deadlines():
    _, t = one_task("1. Giao Sở Tư pháp rà soát theo Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ.")
    assert t.deadline is None
    g = parse("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 01/02/2019.", reference_date=date(2019, 1, 1))
    assert all(t.deadline is None for t in g.tasks)


def test_the_governing_deadline_is_the_most_precise_in_the_clause():
    _, t = one_task("1. Giao Sở Thông tin và Truyền thông rà soát kế hoạch năm 2019; báo cáo UBND tỉnh trước ngày 25/01/2019.")
    assert (t.deadline.kind, t.deadline.date) == ("by", date(2019, 1, 25))


def test_recurrences_are_iso_durations():
    _, t = one_task("1. Sở Y tế báo cáo UBND tỉnh định kỳ hằng quý.")
    assert (t.deadline.kind, t.deadline.every) == ("recurring", "P3M")
    _, t = one_task("2. Thủ trưởng các sở, ban, ngành tỉnh ít nhất 07 ngày phải kiểm tra 01 lần trang thông tin điện tử.")
    assert t.deadline.every == "P7D"


def test_a_day_range_with_a_lunar_date_in_brackets_is_one_period():
    from datetime import date

    from notice_parser.deadlines import find_deadlines
    from notice_parser.rules import load_rules

    rules = load_rules()
    for text in rules.yaml("deadlines.yaml")["range_aside_examples"]:
        found = find_deadlines(text, 0, len(text), date(2015, 1, 29), rules, [])
        assert len(found) == 1 and found[0].kind == "period" and (found[0].start, found[0].end) == (0, len(text)), found
    t = "từ ngày 16/02/2015 (tức ngày 28 tháng Chạp âm lịch) đến hết ngày 23/02/2015"
    d = find_deadlines(t, 0, len(t), date(2015, 1, 29), rules, [])[0]
    assert (d.date, d.end_date) == (date(2015, 2, 16), date(2015, 2, 23))


def test_a_dotted_day_after_ngay_is_a_date_and_a_bare_one_a_number():
    from datetime import date

    from notice_parser.deadlines import find_deadlines
    from notice_parser.rules import load_rules

    rules = load_rules()
    cfg = rules.yaml("deadlines.yaml")
    for text in cfg["dotted_day_examples"]:
        found = find_deadlines(text, 0, len(text), date(2020, 7, 13), rules, [])
        assert [(d.kind, d.date.year) for d in found] == [("by", 2020)], (text, found)
    for text in cfg["dotted_day_not_examples"]:
        assert find_deadlines(text, 0, len(text), date(2020, 7, 13), rules, []) == [], text
    t = "trước ngày 31.7"
    assert find_deadlines(t, 0, len(t), date(2020, 7, 13), rules, [])[0].date == date(2020, 7, 31)
