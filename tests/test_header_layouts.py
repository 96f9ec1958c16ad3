"""Formal headers as legal-document sites and PDF text flatten them (issue 14): the symbol on the line after
"Số:", the place broken over lines, the number and the place-date on one line, the title after the type line,
and a numbered letter with a "V/v" subject line (a Công văn)."""

from datetime import date

from notice_parser import parse

SPLIT = ("ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố:\n27/2019/QĐ-UBND\n|\nLong\nXuyên, ngày 05 tháng 8 năm 2019\n"
         "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP\nỦY BAN NHÂN DÂN TỈNH AN GIANG\n"
         "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.")
ONE_LINE = ("UBND TỈNH LONG AN\nSố: 512/UBND-KT Tân An, ngày 9 tháng 5 năm 2016\nV/v tăng cường quản lý đất đai\n"
            "Kính gửi: Sở Tài nguyên và Môi trường\nĐề nghị Sở Tài nguyên và Môi trường rà soát hồ sơ giao đất.")


def test_symbol_and_place_date_split_over_lines():
    d = parse(SPLIT).document
    assert (d.doc_type, d.symbol, d.issued_on, d.place) == ("Quyết định", "27/2019/QĐ-UBND", date(2019, 8, 5), "Long Xuyên")
    assert d.title == "BAN HÀNH QUY CHẾ PHỐI HỢP"  # stops before the issuing authority's line
    g = parse(SPLIT)
    assert not any(c.symbol == "27/2019/QĐ-UBND" for c in g.citations)  # the own symbol is never a citation


def test_symbol_and_place_date_on_one_line_and_a_subject_line():
    g = parse(ONE_LINE)
    d = g.document
    assert (d.doc_type, d.symbol, d.issued_on, d.place) == ("Công văn", "512/UBND-KT", date(2016, 5, 9), "Tân An")
    assert d.title == "tăng cường quản lý đất đai"
    assert d.recipients == ["Sở Tài nguyên và Môi trường"]
    assert [g.agency(a).name for a in g.tasks[0].lead] == ["Sở Tài nguyên và Môi trường"]


import pytest  # noqa: E402


@pytest.mark.parametrize("page, day, source", [
    ("Trang chủ\n09:10, 14/10/2021\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2021, 10, 14), "byline"),
    ("Trang chủ\n06:30' - 15/01/2019\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2019, 1, 15), "byline"),
    ("11:41 23/05/2022\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2022, 5, 23), "byline"),
    ("04/03/2021 - 10:33\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2021, 3, 4), "byline"),
    ("07/08/2017 | 15:31 | Lượt xem: 1535\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2017, 8, 7), "byline"),
    ("Thứ Hai, 12/05/2025 09:00 (GMT+7)\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2025, 5, 12), "byline"),
    ("Cập nhật: 15:20 ngày 21/5/2019\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2019, 5, 21), "byline"),
    ("2025-09-28\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2025, 9, 28), "byline"),
    ("Ngày 3-3-2021, UBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2021, 3, 3), "opening"),
    # the article's own stamp (with its time) wins over the site's banner date
    ("Thứ Hai, 28/7/2025\nTin tức\nChủ Nhật 11/09/2022, 08:00\nUBND tỉnh yêu cầu Sở Y tế kiểm tra.",
     date(2022, 9, 11), "byline"),
    # a year-less opening date takes its year from the stamp (the latest such day on or before it)
    ("Trang chủ\n06:30' - 15/01/2019\nNgày 04/12, UBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2018, 12, 4), "opening"),
    ("09:10, 14/10/2021\nNgày 21/ 5, UBND tỉnh yêu cầu Sở Y tế kiểm tra.", date(2021, 5, 21), "opening"),
    # no stamp: the same day written in full further on gives the year
    ("Chiều ngày 12-7, Chủ tịch UBND thành phố chủ trì giao ban.\nThu ngân sách tính đến ngày 12-7-2017 đạt 69%.\n"
     "Đề nghị các phòng chuẩn bị kỳ họp HĐND thành phố.", date(2017, 7, 12), "opening"),
])
def test_news_page_dates(page, day, source):
    d = parse(page).document
    assert (d.issued_on, d.date_source) == (day, source)


def test_an_electronic_signatures_stamp_dates_a_letter_whose_header_date_is_unreadable():
    """A signed PDF's text starts with its signature stamp; an OCR'd header date ("ngày C4 tháng 3") cannot be read,
    so the stamp's date is the document's, and no cited document's date is taken instead."""
    text = ("Ký bởi: Tổng cục Thuế\nThời gian ký: 01.03.2023 15:52\n\nBỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n"
            "Số: 5Ï/TCT-TTKT Hà Nội, ngày C4 tháng 3 năm 2023\n\n"
            "Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương.\n\n"
            "Thực hiện Nghị quyết số 01/NQ-CP ngày 06/01/2023 của Chính phủ, Tổng cục Thuế đề nghị các Cục Thuế "
            "tổ chức thực hiện một số công việc sau:\n1. Hoàn thành kế hoạch thanh tra trước ngày 30/6.")
    d = parse(text).document
    assert (d.issued_on, d.date_source) == (date(2023, 3, 1), "signature")



FLAT = ("THỦ TƯỚNG CHÍNH PHỦ --------------- Số: 24/CT-TTg | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc ------------------------- Hà Nội, ngày 17 tháng 09 năm 2012 |\nCHỈ THỊ\nVỀ VIỆC TĂNG CƯỜNG CÔNG TÁC "
        "PHÒNG CHÁY\nThủ tướng Chính phủ yêu cầu:\n1. Các bộ, ngành rà soát các cơ sở có nguy cơ cháy nổ.")
FLAT_NO_DATE = ("ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Số:2639 /UBND-VP Hải Dương, ngày 21 "
                "tháng năm 2021 Kính gửi: Sở Công thương Trên cơ sở nội dung Công điện số 03/CĐ-UBND ngày 19/7/2021 "
                "của Chủ tịch UBND tỉnh, giao Sở Công thương xây dựng kịch bản, báo cáo UBND tỉnh trước ngày 22/7/2021.")
INTRO = ("Công văn số 559/VP-XD ngày 24-2-2011 của Văn phòng UBND TP Hà Nội do Phó Chánh Văn phòng ký truyền đạt sự chỉ "
         "đạo của UBND Thành phố:\n\n1. Yêu cầu Chủ tịch UBND quận Hoàng Mai khẩn trương kiểm tra, xác minh thông tin; "
         "báo cáo UBND Thành phố trước ngày 15-3-2011.")


def test_a_header_flattened_onto_one_line_gives_its_symbol():
    g = parse(FLAT)
    d = g.document
    assert (d.doc_type, d.symbol, d.issued_on) == ("Chỉ thị", "24/CT-TTg", date(2012, 9, 17))
    assert not any(c.symbol == "24/CT-TTg" for c in g.citations)
    g = parse(FLAT_NO_DATE)
    # its own number is its identity; the date of the Công điện it cites is not its date
    assert g.document.symbol == "2639/UBND-VP" and g.document.issued_on != date(2021, 7, 19)
    assert [c.symbol for c in g.citations] == ["03/CĐ-UBND"]


def test_a_page_that_opens_with_the_document_introducing_its_content():
    g = parse(INTRO)
    d = g.document
    assert (d.doc_type, d.symbol, d.issued_on, d.source_kind) == ("Công văn", "559/VP-XD", date(2011, 2, 24), "news")
    assert not g.citations
    assert [g.agency(a).name for a in g.tasks[0].lead] == ["Ủy ban nhân dân quận Hoàng Mai"]


def test_a_labelled_posting_stamp_at_the_foot_dates_the_page():
    page = ("Chủ tịch UBND huyện yêu cầu các cơ quan, đơn vị thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ tại "
            "Thông báo số 31/TB-VPCP ngày 25/2/2021 về phòng, chống dịch Covid-19.\n\nTrần Biển\n\n"
            + "Các cơ quan, đơn vị tăng cường kiểm tra việc đeo khẩu trang nơi công cộng. " * 8
            + "\n\nNgày đăng: 02/03/2021\n")
    d = parse(page).document
    assert (d.issued_on, d.date_source) == (date(2021, 3, 2), "byline")  # not the cited notice's 25/2/2021


def test_a_briefing_opening_dates_the_page():
    page = ("Tại giao ban tuần ngày 09/11/2018, đồng chí Lê Thanh Quang, Bí thư Tỉnh ủy chỉ đạo:\n"
            "Yêu cầu Ủy ban nhân dân tỉnh chỉ đạo các ngành tập trung triển khai các phương án phòng, chống lụt, bão.")
    d = parse(page).document
    assert (d.issued_on, d.date_source) == (date(2018, 11, 9), "opening")


DISTRIBUTION = """Kính gửi: Bộ Nông nghiệp và Phát triển nông thôn.

Bộ Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Bộ Công Thương nghiên cứu, đề xuất giải pháp.

Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.

Nơi nhận:
- Như trên;
- TTgCP, PTTg Lê V
ăn Thành;
- VPCP: BTCN, PCN Nguyễn Cao Lục,

Vụ KTTH, Cổng TTĐTCP;
- Lưu: VT, NN(2). Loan

KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Nguyễn Cao Lục
"""


def test_a_broken_distribution_list_is_no_body_text():
    """A "Nơi nhận" list copied from a PDF (an item over two lines, a blank line, an item without its dash) names
    no tasks, and its "Như trên" / "Lưu" lines are no recipients (NĐ 30/2020/NĐ-CP, Phụ lục I)."""
    g = parse(DISTRIBUTION)
    assert [t.action[:10] for t in g.tasks] == ["nghiên cứu"]
    recipients = g.document.recipients
    assert recipients[0] == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert "Như trên" not in recipients and not any(r.startswith("Lưu") for r in recipients)
    # the item that ends in "," goes on after the blank line: one recipient line, as the PDF printed it
    assert "VPCP: BTCN, PCN Nguyễn Cao Lục, Vụ KTTH, Cổng TTĐTCP" in recipients
    assert g.document.signer.name == "Nguyễn Cao Lục"


def test_a_symbol_written_with_spaces_and_an_en_dash():
    """'Số : 4144 /GDĐT – VP' as a two-column header copied from a site prints it: one symbol, the place and date
    beside it (NĐ 30/2020/NĐ-CP, Phụ lục I: the symbol joins number, type and unit codes)."""
    d = parse("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố : 4144 /GDĐT – VP                 Thành phố Hồ Chí Minh, ngày 25 tháng 11 "
              "năm 2018\n\nSở Giáo dục và Đào tạo đề nghị Chủ tịch UBND quận, huyện chỉ đạo rà soát.").document
    assert (d.symbol, d.issued_on) == ("4144/GDĐT–VP", date(2018, 11, 25))


def test_the_body_goes_on_after_inline_addressees():
    """'Kính gửi: … trực thuộc. Thực hiện …' on one line: the addressees end at their full stop and the body that
    follows in the same line is read (its request introduces the items below)."""
    g = parse("Kính gửi: Ông (Bà) Hiệu trưởng các đơn vị trực thuộc. Thực hiện Kế hoạch số 1231/KH-UBND ngày 13 tháng 4 "
              "năm 2018 của UBND thành phố, Phòng Giáo dục và Đào tạo yêu cầu các trường học trực thuộc thực hiện các "
              "nội dung sau:\n\n1. Vận động cán bộ, giáo viên bảo vệ môi trường.\n\n2. Triển khai tổng vệ sinh trường học.")
    assert g.document.recipients == ["Ông (Bà) Hiệu trưởng các đơn vị trực thuộc"]
    assert [[g.agency(a).name for a in t.lead] for t in g.tasks] == [["Các trường học"]] * 2  # the gazetteer's group (agencies.tsv G-TRH)


def test_a_symbol_whose_label_lost_its_vowel_or_stands_alone():
    """OCR that drops 'ố' ('S: 709/VPCP-KTTH') and a legal site that prints the symbol alone above the title."""
    d = parse("VĂN PHÒNG CHÍNH PHỦ\n-------\nS: 709/VPCP-KTTH\nV/v Quy hoạch tổng thể\n\nHà Nội, ngày 28 tháng 01 năm "
              "2015\n\nKính gửi: Bộ Kế hoạch và Đầu tư\n\nBộ Kế hoạch và Đầu tư tổ chức thẩm định Quy hoạch.").document
    assert (d.symbol, d.doc_type, d.issued_on) == ("709/VPCP-KTTH", "Công văn", date(2015, 1, 28))
    d = parse("4275/BVHTTDL-DSVH\n\nCông văn V/v tổ chức Festival Đua ghe Ngo\n\nKính gửi: Ủy ban nhân dân tỉnh Sóc "
              "Trăng\n\nĐề nghị Ủy ban nhân dân tỉnh Sóc Trăng bảo đảm an toàn cho lễ hội.").document
    assert d.symbol == "4275/BVHTTDL-DSVH"


def test_a_page_that_links_the_full_text_of_one_document_reports_it():
    """'… trân trọng giới thiệu toàn văn Văn bản số581/BNV-CCHC …' at the foot of a page: the page describes that
    document (its number even glued to 'số'), which is then no citation of itself (issue 14)."""
    g = parse("Bộ Nội vụ hướng dẫn chế độ báo cáo cải cách hành chính\n\nTheo đó, các bộ, ngành và UBND các tỉnh xây "
              "dựng báo cáo cải cách hành chính hằng quý, gửi Bộ Nội vụ.\n\nSở Nội vụ trân trọng giới thiệu toàn văn "
              "Văn bản số581/BNV-CCHC và các biểu mẫu đính kèm.")
    d = g.document
    assert (d.doc_type, d.symbol, d.source_kind) == ("Công văn", "581/BNV-CCHC", "news")
    assert not g.citations


def test_a_cited_basis_never_dates_the_document():
    """Issue 14: 'Thực hiện Kế hoạch số 55/KH-UBND ngày 02/3/2020, …' with no other date gives no document date and a
    warning; a page that reports a signed document still takes its date."""
    g = parse("Thực hiện Kế hoạch số 55/KH-UBND ngày 02/3/2020, các đơn vị tiếp tục thực hiện.\n\nGiao Sở Y tế kiểm tra.")
    assert g.document.issued_on is None and any("no document date" in w for w in g.warnings)
    g = parse("Thủ tướng Chính phủ vừa ký Quyết định số 629/QĐ-TTg ngày 20/5/2022 phê duyệt đề án. Giao Bộ Y tế kiểm tra.")
    assert g.document.issued_on == date(2022, 5, 20)


def test_the_issuer_by_its_canonical_name():
    """The issuer lines of a header, however printed, give the gazetteer's name ('UBND TỈNH LONG AN' → 'Ủy ban nhân dân
    tỉnh Long An'); a flattened header gives the words before its number; a symbol above the issuer is no issuer."""
    assert parse(ONE_LINE).document.issuer == "Ủy ban nhân dân tỉnh Long An"
    d = parse("THỦ TƯỚNG CHÍNH PHỦ --------------- Số: 24/CT-TTg | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
              "Hạnh phúc --------------- Hà Nội, ngày 03 tháng 8 năm 2020\nCHỈ THỊ\nVỀ VIỆC TĂNG CƯỜNG PHÒNG CHỐNG DỊCH"
              "\n\nGiao Bộ Y tế kiểm tra.").document
    assert (d.issuer, d.place, d.issued_on) == ("Thủ tướng Chính phủ", "Hà Nội", date(2020, 8, 3))
    d = parse("VĂN PHÒNG CHÍNH PHỦ\n-------\nSố: 709/VPCP-KTTH\nHà Nội, ngày 28 tháng 01 năm 2015\n\nGiao Bộ Kế hoạch và "
              "Đầu tư thẩm định.").document
    assert d.issuer == "Văn phòng Chính phủ"
