"""Citation behaviour a user checks: one entry per document, shared issuers, short forms, keys."""

from notice_parser import parse


def cites(text):
    return parse(text).citations


def test_list_shares_the_trailing_issuer():
    cs = cites("Căn cứ Quyết định số 1819/QĐ-TTg ngày 26/10/2015, Quyết định số 846/QĐ-TTg ngày 09/6/2017, "
               "Quyết định số 877/QĐ-TTg ngày 18/7/2018 của Thủ tướng Chính phủ;")
    assert [c.symbol for c in cs] == ["1819/QĐ-TTg", "846/QĐ-TTg", "877/QĐ-TTg"]
    assert {c.issuer for c in cs} == {"Thủ tướng Chính phủ"}
    cs = cites("theo Quyết định số 240/QĐ-UBND ngày 28/01/2016 và Quyết định số 504/QĐ-UBND ngày 03/4/2017 "
               "của Chủ tịch Ủy ban nhân dân tỉnh")
    assert [c.issuer for c in cs] == ["Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]


def test_one_entry_per_document_with_all_mentions():
    g = parse("Thực hiện Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ. Năm 2020 là năm cuối thực hiện "
              "Nghị quyết 17/NQ-CP. Các sở tiếp tục triển khai Nghị quyết 17.")
    (c,) = g.citations
    assert [m.text for m in c.mentions] == ["Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ", "Nghị quyết 17/NQ-CP",
                                             "Nghị quyết 17"]
    assert c.key == "17/nq-cp@2019"


def test_same_symbol_different_years_are_two_documents():
    cs = cites("Quyết định số 1275/QĐ-UBND ngày 10/7/2019 và Quyết định số 1275/QĐ-UBND ngày 17/7/2017")
    assert sorted(c.key for c in cs) == ["1275/qđ-ubnd@2017", "1275/qđ-ubnd@2019"]


def test_key_is_the_same_in_two_documents():
    a = cites("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;")[0]
    b = cites("theo quy định tại Khoản 1 Điều 10 Nghị định 43/2011/NĐ-CP")[0]
    assert a.key == b.key == "43/2011/nđ-cp"
    assert (b.pinpoint.article, b.pinpoint.clause) == ("10", "1")


def test_defined_short_name():
    g = parse("Căn cứ Quyết định số 765/QĐ-UBND ngày 10/3/2020 của UBND tỉnh (sau đây viết tắt là Quyết định số 765);\n"
              "1. Giao Sở Tài chính triển khai Quyết định số 765.")
    (c,) = g.citations
    assert len(c.mentions) >= 2
    assert c.id in g.tasks[0].citation_ids


def test_amending_law_is_one_law():
    (c,) = cites("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                 "địa phương ngày 22/11/2019;")
    assert c.doc_type == "Luật" and c.issued_on.isoformat() == "2019-11-22"
    assert c.title.endswith("Luật Tổ chức chính quyền địa phương")


def test_the_document_itself_is_not_a_citation():
    g = parse("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ứng dụng công nghệ thông tin năm 2019.\n"
              "1. Các sở, ban, ngành tỉnh tổ chức triển khai thực hiện Kế hoạch này.")
    assert g.citations == []
    assert [m.text for m in g.document.self_references] == ["Quyết định này", "Kế hoạch này"]
    assert any(e.kind == "cites" and e.target == "document" for e in g.edges)


def test_issuer_inferred_from_the_symbol():
    (c,) = cites("Thông tư 01/2019/TT-BNV quy định quy trình trao đổi văn bản điện tử")
    assert (c.doc_type, c.issuer_code, c.issuer, c.year, c.number) == ("Thông tư", "BNV", "Bộ Nội vụ", 2019, "01")
