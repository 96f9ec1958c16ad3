"""A page that reports one document describes that document (issue 14; corpus/GUIDELINES.md "A page that reports
one document"): its number, type, issuer and date, and that document is no citation. A document named as a basis,
or in the background further down, leaves the page without a number."""

import pytest

from notice_parser import parse

REPORTED = [
    ("UBND tỉnh yêu cầu báo cáo kết quả thực hiện kiến nghị cử tri\n\n"
     "Ngày 24/5/2017, UBND tỉnh Cao Bằng ban hành Công văn số 1536/UBND-TH, yêu cầu báo cáo kết quả.\n\n"
     "Theo đó, UBND tỉnh yêu cầu các sở, ngành báo cáo kết quả trước ngày 10/6/2017.",
     ("Công văn", "1536/UBND-TH", "Ủy ban nhân dân tỉnh Cao Bằng", "2017-05-24")),
    ("Xây dựng báo cáo công tác bảo vệ môi trường năm 2019\n\nĐăng ngày: 22-11-2019\n\n"
     "Bộ Tài nguyên và Môi trường vừa có Công văn số 6137/BTNMT-TCMT ngày 20/11/2019 gửi UBND cấp tỉnh về xây dựng "
     "báo cáo. Theo đó, Bộ Tài nguyên và Môi trường đề nghị UBND cấp tỉnh hoàn thành báo cáo trước ngày 15/01/2020.",
     ("Công văn", "6137/BTNMT-TCMT", "Bộ Tài nguyên và Môi trường", "2019-11-20")),
    ("Thủ tướng Chính phủ vừa ký Quyết định số 629/QĐ-TTg ngày 20/5/2022 phê duyệt Chương trình. "
     "Theo đó, Thủ tướng giao Bộ Nội vụ chủ trì triển khai.",
     ("Quyết định", "629/QĐ-TTg", "Thủ tướng Chính phủ", "2022-05-20")),
    ("Dự thảo Báo cáo của Chính phủ năm 2021\n\n11:41 23/05/2022\n\n"
     "Công văn số: 3150/VPCP-NN về việc dự thảo Báo cáo của Chính phủ.\n"
     "Phó Thủ tướng giao Bộ Tài nguyên và Môi trường hoàn chỉnh dự thảo Báo cáo.",
     ("Công văn", "3150/VPCP-NN", "Văn phòng Chính phủ", "2022-05-23")),
    ("Về việc báo cáo tình hình ô nhiễm môi trường (3585/VP-KTN, ngày 23/10/2017).\n\n"
     "Giao Sở Tài nguyên và Môi trường chủ trì báo cáo Bộ Tài nguyên và Môi trường.",
     (None, "3585/VP-KTN", None, "2017-10-23")),
    ("Góp ý dự thảo quy định\n\nĐề nghị các sở, ngành góp ý dự thảo trước ngày 30/4/2024.\n\n"
     "(Theo Công văn số 1962/UBND-KT, ngày 25/4/2024)",
     ("Công văn", "1962/UBND-KT", None, "2024-04-25")),
]

NOT_REPORTED = [
    "Thực hiện Công văn số 11034/VPCP-KGVX ngày 17/10/2017 của Văn phòng Chính phủ, Phó Chủ tịch UBND tỉnh giao Sở "
    "Tài nguyên và Môi trường chủ trì thực hiện.",
    "UBND tỉnh nhận được Công văn số 6544/BKHĐT-KHGDTNMT ngày 18/9/2018 của Bộ Kế hoạch và Đầu tư. Sau khi xem xét, "
    "Chủ tịch UBND tỉnh giao Sở Kế hoạch và Đầu tư tham gia ý kiến.",
    "UBND tỉnh vừa có văn bản chỉ đạo các sở, ngành triển khai phòng chống hạn hán. UBND tỉnh yêu cầu Sở Nông nghiệp và "
    "Phát triển nông thôn theo dõi. Các địa phương báo cáo kết quả. Trước đó, Thủ tướng Chính phủ có Công điện hỏa tốc "
    "số 601/2020 nêu rõ tình hình.",
]


@pytest.mark.parametrize("text, expected", REPORTED)
def test_a_page_reporting_one_document_describes_it(text, expected):
    g = parse(text)
    doc_type, symbol, issuer, issued_on = expected
    d = g.document
    assert d.symbol == symbol and d.source_kind == "news"
    assert d.issued_on.isoformat() == issued_on
    if doc_type:
        assert d.doc_type == doc_type
    if issuer:
        assert d.issuer == issuer
    assert symbol not in [c.symbol for c in g.citations]  # the document is no citation of itself
    assert g.tasks  # its directives are still the page's tasks


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_a_document_named_as_basis_or_background_stays_a_citation(text):
    g = parse(text)
    assert g.document.symbol is None
    assert g.citations and g.citations[0].symbol


def test_a_formal_header_keeps_its_own_number():
    g = parse("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH\nSố: 2373/QĐ-UBND\nTrà Vinh, ngày 03 tháng 12 năm 2018\n\n"
              "Thủ tướng Chính phủ vừa ký Quyết định số 629/QĐ-TTg ngày 20/5/2022. Giao Sở Nội vụ triển khai.")
    assert g.document.symbol == "2373/QĐ-UBND" and g.document.source_kind == "document"
    assert "629/QĐ-TTg" in [c.symbol for c in g.citations]
