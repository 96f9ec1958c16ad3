"""Acceptance on the five seed notices: what a tracking officer checks first."""

from conftest import names, seed

SBN = "Các sở, ban, ngành tỉnh"
UBH = "Ủy ban nhân dân cấp huyện"
STTTT = "Sở Thông tin và Truyền thông"


def tasks_in(graph, section_prefix):
    """Tasks whose section id is the given section or one below it (ids follow the heading path)."""
    sid = "s-" + section_prefix
    return [t for t in graph.tasks if t.section_id and (t.section_id == sid or t.section_id.startswith(sid + "."))]


def test_000_section_I_led_by_the_heading_groups(graphs):
    g = graphs["000"]
    items = tasks_in(g, "1")
    assert len(items) >= 4
    for t in items:
        if "Giám đốc Sở Thông tin" in t.text and "10 ngày" in t.text and "07 ngày" not in t.text:
            continue
        assert names(g, t.lead) == sorted([SBN, UBH]), t.text[:60]


def test_000_I2_two_recurring_tasks(graphs):
    g = graphs["000"]
    rec = [t for t in tasks_in(g, "1.2") if t.deadline and t.deadline.kind == "recurring"]
    by_every = {t.deadline.every: names(g, t.lead) for t in rec}
    assert by_every == {"P7D": sorted([SBN, UBH]), "P10D": [STTTT]}


def test_000_section_II_leads(graphs):
    g = graphs["000"]
    ii1 = tasks_in(g, "2.1")
    assert ii1 and all(STTTT in names(g, t.lead) or names(g, t.lead) == sorted([SBN, UBH]) for t in ii1)
    assert sum(names(g, t.lead) == [STTTT] for t in ii1) >= 3
    ii2 = tasks_in(g, "2.2")
    assert len(ii2) == 5 and all(names(g, t.lead) == sorted([SBN, UBH]) for t in ii2)
    (ii3,) = tasks_in(g, "2.3")
    assert names(g, ii3.lead) == ["Bưu điện tỉnh Trà Vinh"]
    assert STTTT in names(g, ii3.support)
    (ii4,) = tasks_in(g, "2.4")
    assert names(g, ii4.lead) == ["Viettel Trà Vinh", "Viễn thông Trà Vinh"]


def test_000_citation_pinpoint(graphs):
    g = graphs["000"]
    (c,) = [c for c in g.citations if c.symbol == "43/2011/NĐ-CP"]
    assert c.issued_on.isoformat() == "2011-06-13"
    assert c.issuer == "Chính phủ"
    assert (c.pinpoint.article, c.pinpoint.clause) == ("10", "1")
    # the task of I.1 cites it
    assert any(c.id in t.citation_ids for t in tasks_in(g, "1.1"))


def test_001_every_legal_basis_found_across_line_breaks(graphs):
    g = graphs["001"]
    symbols = {c.symbol for c in g.citations}
    for s in ["64/2007/NĐ-CP", "36a/NQ-CP", "1819/QĐ-TTg", "877/QĐ-TTg", "835/QĐ-UBND", "1490/TTr-STTTT"]:
        assert s in symbols, s
    laws = {c.title: c.issued_on.isoformat() for c in g.citations if c.doc_type == "Luật" and c.issued_on}
    assert laws["Luật Tổ chức chính quyền địa phương"] == "2015-06-19"
    assert laws["Luật Công nghệ thông tin"] == "2006-06-29"
    # "Căn cứ Nghị định số 64/2007/NĐ-CP\nngày 10/4/2007": the date on the next line is kept
    (nd64,) = [c for c in g.citations if c.symbol == "64/2007/NĐ-CP"]
    assert nd64.issued_on.isoformat() == "2007-04-10"
    # the document's own symbol is not a citation of itself
    assert "2373/QĐ-UBND" not in symbols


def test_001_section_6_leads(graphs):
    g = graphs["001"]
    heads = {s.id: s for s in g.sections}
    six = next(s for s in g.sections if s.label == "6" and s.heading.startswith("Tổ chức thực hiện"))
    letters = {s.label: s for s in g.sections if s.parent_id == six.id}
    assert set(letters) >= {"a", "b", "c", "d", "đ", "e"}
    expected = {
        "b": [STTTT], "c": ["Sở Nội vụ"], "d": ["Văn phòng Ủy ban nhân dân tỉnh"],
        "đ": ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], "e": sorted([SBN, UBH]),
    }
    for label, lead in expected.items():
        sid = letters[label].id
        ts = [t for t in g.tasks if t.section_id and (t.section_id == sid or t.section_id.startswith(sid + "."))]
        assert ts, label
        assert all(names(g, t.lead) == sorted(lead) for t in ts), (label, [names(g, t.lead) for t in ts])
    assert heads  # sections exist


def test_001_reporting_deadline(graphs):
    g = graphs["001"]
    (t,) = [t for t in g.tasks if t.deadline and t.deadline.date and t.deadline.date.isoformat() == "2019-10-15"]
    assert t.deadline.kind == "by"
    assert names(g, t.lead) == sorted([SBN, UBH])
    assert STTTT in names(g, t.report_to)


def test_004_two_deadlines_on_two_tasks(graphs):
    g = graphs["004"]
    dl = {t.deadline.date.isoformat(): t for t in g.tasks if t.deadline and t.deadline.kind == "by"}
    a, b = dl["2019-01-25"], dl["2019-01-05"]
    assert a.id != b.id
    assert names(g, a.lead) == names(g, b.lead) == [STTTT]
    assert "Ủy ban nhân dân tỉnh" in names(g, a.report_to)


def test_002_numbered_agencies(graphs):
    g = graphs["002"]
    by_section = {}
    for t in g.tasks:
        by_section.setdefault(t.section_id, []).append(names(g, t.lead))
    assert [STTTT] in by_section["s-2"]
    assert by_section["s-3"] == [["Sở Kế hoạch và Đầu tư"]]
    assert by_section["s-4"] == [["Sở Tài chính"]]
    assert by_section["s-5"] == [["Các thành viên Ban Chỉ đạo"]]
    (t3,) = [t for t in g.tasks if t.section_id == "s-3"]
    assert "Sở Tài chính" in names(g, t3.support)


def test_003_from_dates(graphs):
    g = graphs["003"]
    froms = {t.deadline.date.isoformat(): names(g, t.lead) for t in g.tasks if t.deadline and t.deadline.kind == "from"}
    assert froms["2020-05-22"] == [SBN]
    assert froms["2020-06-30"] == [UBH]
    assert froms["2020-08-30"] == ["Ủy ban nhân dân cấp xã"]
    assert "2020-08-01" in froms


def test_chrome_gives_no_tasks(graphs):
    g = graphs["003"]
    text = seed("003").read_text(encoding="utf-8")
    tail = text.index("Tin mới nhất")
    assert all(t.end <= tail for t in g.tasks)
    assert not any("Tin mới nhất" in s.heading for s in g.sections)
    g4 = graphs["004"]
    assert not any("Chào mừng" in t.text or "Điện thoại" in t.text for t in g4.tasks)


def test_praise_and_attendance_are_not_tasks(graphs):
    for g in graphs.values():
        for t in g.tasks:
            assert not t.text.startswith(("Biểu dương", "Tham dự", "Sau khi nghe", "Trên đây là")), t.text[:60]


def test_document_headers(graphs):
    d = graphs["001"].document
    assert (d.doc_type, d.symbol, d.issued_on.isoformat(), d.date_source) == ("Quyết định", "2373/QĐ-UBND", "2018-12-03", "header")
    assert d.place == "Trà Vinh"
    assert d.signer.name == "Nguyễn Trung Hoàng"
    assert "Bộ Thông tin và Truyền thông" in d.recipients
    d0 = graphs["000"].document
    assert (d0.issued_on.isoformat(), d0.date_source) == ("2020-03-05", "opening")
    d3 = graphs["003"].document
    assert d3.issued_on.isoformat() == "2020-04-29"
