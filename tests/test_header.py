

def test_a_page_stamp_with_the_month_written_dates_the_page():
    """header.yaml stamp_written_date: "Thứ Hai, 22 tháng 7, 2019" over a news page is its date, so a year-less
    deadline in it ("trước ngày 10/8") falls in that year."""
    from notice_parser import parse
    g = parse("Thứ Hai, 22 tháng 7, 2019\n\nKhẩn trương hoàn thiện hồ sơ di tích\n\nPhó Chủ tịch UBND tỉnh yêu cầu Sở "
              "Văn hóa, Thể thao và Du lịch hoàn thiện hồ sơ khoa học, trình UBND tỉnh trước ngày 10/8.")
    assert str(g.document.issued_on) == "2019-07-22"
    assert [str(t.deadline.date) for t in g.tasks] == ["2019-08-10"]
