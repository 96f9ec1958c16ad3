"""Hostile and broken input never crashes, hangs or corrupts output (property tests with hypothesis)."""

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from notice_parser import NoticeError, TaskGraph, parse
from test_offsets import check

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WORDS = ["Sở", "Tài", "chính", "UBND", "tỉnh", "giao", "chủ", "trì", "phối", "hợp", "với", "báo", "cáo", "trước",
         "ngày", "15/10/2019", "Nghị", "định", "số", "43/2011/NĐ-CP", "Điều", "khoản", "1.", "a)", "-", "+", "I.",
         ";", ",", ":", ".", "\n", "\r\n", "|", "(", ")", "các", "sở,", "ban,", "ngành", "hằng", "tháng", "quý", "I/2020"]
notice_like = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
any_text = st.text(alphabet=st.sampled_from(list(VI + VI.upper() + "0123456789 \n\t\r/-.,;:()|%&\u00a0\u200b")) | st.characters(),
                   max_size=600)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_error(text):
    try:
        return parse(text)
    except NoticeError:
        return None


@SETTINGS
@given(st.one_of(notice_like, any_text))
def test_any_text_gives_a_valid_graph_or_a_documented_error(text):
    g = parse_or_error(text)
    if g is None:
        return
    assert isinstance(g, TaskGraph)
    check(text, g)  # every span is exactly the original text at its offsets
    again = parse(text)
    assert again.model_dump_json() == g.model_dump_json()  # deterministic, same ids


@SETTINGS
@given(st.sampled_from(SEEDS), notice_like)
def test_text_outside_a_task_does_not_change_its_id(path, tail):
    text = path.read_text(encoding="utf-8")
    before = {t.text: t.id for t in parse(text).tasks}
    after = {t.text: t.id for t in parse(text + "\n\n" + tail).tasks}
    for t_text, t_id in before.items():
        if t_text in after:
            assert after[t_text] == t_id


@pytest.mark.parametrize("variant", ["crlf", "cr", "tabs", "nbsp", "zero-width", "nfd"])
def test_unusual_but_real_text(variant):
    text = SEEDS[0].read_text(encoding="utf-8")
    changed = {
        "crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r"), "tabs": text.replace(" ", "\t", 300),
        "nbsp": text.replace(" ", "\u00a0"), "zero-width": text.replace("Sở", "S\u200bở"),
        "nfd": unicodedata.normalize("NFD", text),
    }[variant]
    g = parse(changed)
    check(changed, g)
    clean = parse(text)
    assert [sorted(g.agency_names(t.lead)) for t in g.tasks] == [sorted(clean.agency_names(t.lead)) for t in clean.tasks]


def test_all_caps_document():
    g = parse("THÔNG BÁO\n1. GIAO SỞ TÀI CHÍNH CHỦ TRÌ, PHỐI HỢP VỚI SỞ NỘI VỤ RÀ SOÁT KINH PHÍ, BÁO CÁO UBND TỈNH "
              "TRƯỚC NGÀY 15/10/2019.")
    (t,) = g.tasks
    assert g.agency_names(t.lead) == ["Sở Tài chính"] and g.agency_names(t.support) == ["Sở Nội vụ"]
    assert t.deadline.date.isoformat() == "2019-10-15"


def test_ocr_errors():
    g = parse("Căn cứ Nghị đinh số 43/2011/ND-CP ngày 13/6/2011 của Chính phủ;")
    (c,) = g.citations
    assert (c.doc_type, c.symbol, c.key) == ("Nghị định", "43/2011/NĐ-CP", "43/2011/nđ-cp")


def test_numbering_styles():
    text = ("I. Nhiệm vụ\n1.1. Sở Tài chính rà soát kinh phí.\n1.2.3 Sở Nội vụ rà soát biên chế.\n"
            "XX. Tổ chức thực hiện\n(1) Sở Y tế báo cáo.\n125. Sở Xây dựng kiểm tra.\n"
            "Cơ quan | Nhiệm vụ | Thời hạn\nSở Tư pháp | rà soát văn bản | trước ngày 15/10/2019")
    g = parse(text)
    assert [s.label for s in g.sections][:6] == ["I", "1.1", "1.2.3", "XX", "1", "125"]
    check(text, g)
    assert any(g.agency_names(t.lead) == ["Sở Tư pháp"] for t in g.tasks)


def test_five_thousand_items():
    lines = ["THÔNG BÁO", "Chủ tịch UBND tỉnh kết luận như sau:"]
    lines += [f"{i}. Giao Sở Tài chính rà soát hạng mục {i}, báo cáo UBND tỉnh trước ngày 15/10/2019." for i in range(1, 5001)]
    g = parse("\n".join(lines))
    assert len(g.sections) == len(g.tasks) == 5000
    assert len({t.id for t in g.tasks}) == 5000


@pytest.mark.parametrize("bad", ["a" * 100_000, "1" * 100_000, "số " * 30_000, "/" * 100_000, "Sở " * 30_000,
                                 "ngày " * 20_000, "1/1/" * 25_000, "- " * 50_000, "(" * 50_000 + "a"])
def test_adversarial_inputs_complete(bad):
    g = parse_or_error(bad)
    if g is not None:
        check(bad, g)


def test_size_limit(tmp_path):
    from notice_parser import parse_file

    p = tmp_path / "big.txt"
    p.write_text("Sở Tài chính rà soát. " * 1000, encoding="utf-8")
    with pytest.raises(NoticeError) as e:
        parse_file(p, max_bytes=1000)
    assert e.value.kind == "too_large" and "--max-bytes" in str(e.value)


def test_a_short_numbered_heading_in_hard_wrapped_text_keeps_its_line():
    """A PDF-like text wrapped at a fixed width: 'I. Nhiệm vụ chung' ends well before the margin, so it is a
    heading, not a soft wrap into the sentence below (found on a 2015 Chỉ thị of Vĩnh Long)."""
    wrapped = ("Do tác động của biến đổi khí hậu toàn cầu, diễn biến thời tiết ngày càng phức\n"
               "tạp, khó lường. Theo nhận định của Trung tâm Dự báo Khí tượng Thủy văn Trung ương,\n"
               "mùa khô năm 2015 cả nước có khả năng bị ảnh hưởng của hiện tượng El Nino, dẫn đến\n"
               "lượng mưa tiếp tục bị thiếu hụt, dòng chảy sông, suối suy giảm, nguy cơ xảy ra hạn\n"
               "hán, thiếu nước và xâm nhập mặn ở nhiều nơi trên cả nước, đặc biệt là khu vực Trung\n"
               "Bộ, Tây Nguyên và Nam Bộ. Vì vậy, để chủ động phòng, tránh, ứng phó kịp thời và hạn\n"
               "chế đến mức thấp nhất thiệt hại do thiên tai gây ra trên địa bàn tỉnh trong năm\n"
               "2015, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị các cơ quan thực hiện các việc sau đây:\n"
               "I. Nhiệm vụ chung\n"
               "Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch UBND các huyện, thị xã và thành phố\n"
               "tập trung thực hiện một số công việc sau đây để chủ động ứng phó với thiên tai:\n")
    g = parse(wrapped)
    assert [(s.label, s.heading) for s in g.sections] == [("I", "Nhiệm vụ chung")]


def test_words_glued_by_extraction_are_read_apart_and_offsets_still_point_into_the_original():
    """'Thường trựcChính phủ' (a page's extraction lost the space): the issuer's title is read, the span of the
    lead still points at the original characters; brand-like names ('VnExpress') are left alone."""
    text = "Phó Thủ tướng Thường trựcChính phủ Nguyễn Sinh Hùng giao Bộ Tài chính bố trí vốn. Theo VnExpress."
    g = parse(text)
    lead = g.agency(g.tasks[0].lead[0])
    assert lead.name == "Bộ Tài chính"
    m = lead.mentions[0]
    assert text[m.start:m.end] == "Bộ Tài chính"
    check(text, g)
