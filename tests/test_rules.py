"""Every pattern in rules/ is checked against its examples (a rule without an example is unverified)."""

from pathlib import Path
import regex
import pytest

from notice_parser.agencies import resolve_name
from notice_parser.normalize import fold_tones, normalize
from notice_parser.rules import Rules, RulesError, load_rules, package_rules_dir

RULES = load_rules()


def _code(pattern: str) -> str:
    return pattern.replace("{CODE}", RULES.yaml("citations.yaml")["code"])


def test_every_regex_rule_has_examples_and_matches_them():
    checked = 0
    files = {
        "normalize.yaml": ["chrome_lines", "chrome_tail"],
        "sections.yaml": ["markers", "not_sections"],
        "citations.yaml": ["symbol_patterns"],
        "agency_patterns.yaml": ["generic"],
        "tasks.yaml": ["not_task", "elaboration_openers", "elaboration_actions", "background_headings"],
        "header.yaml": ["title_types"],
    }
    for name, keys in files.items():
        data = RULES.yaml(name)
        for key in keys:
            for rule in data[key]:
                assert rule.get("examples"), f"{name}:{key}:{rule['name']} has no examples"
                rx = regex.compile(_code(rule["regex"]).replace("{NAME}", r"\p{Lu}\p{L}*(?:[ ]+\p{L}+)*"), regex.I)
                for ex in rule["examples"]:
                    assert rx.search(ex), f"{name}:{key}:{rule['name']} does not match its example {ex!r}"
                    checked += 1
                for ex in rule.get("not_examples", []):
                    assert not rx.search(ex), f"{name}:{key}:{rule['name']} matches its not_example {ex!r}"
    assert checked >= 50


@pytest.mark.parametrize("key, examples_key, anchored", [
    ("pinpoint", "pinpoint_examples", True),
    ("standards", "standard_examples", False),
    ("law_amend", "law_amend_examples", False),
    ("defined_name", "defined_name_examples", True),
])
def test_citation_rule_examples(key, examples_key, anchored):
    cfg = RULES.yaml("citations.yaml")
    rx = regex.compile(cfg[key], regex.I)
    for ex in cfg[examples_key]:
        assert (rx.match(ex) if anchored else rx.search(ex)), (key, ex)


@pytest.mark.parametrize("key, examples_key", [
    ("symbol_line", "symbol_examples"), ("place_date", "place_date_examples"), ("opening_date", "opening_examples"),
    ("signature_time", "signature_time_examples"), ("opening_day_month", "opening_day_month_examples"),
    ("capture_month", "capture_month_examples"),
])
def test_header_rule_examples(key, examples_key):
    cfg = RULES.yaml("header.yaml")
    rx = regex.compile(cfg[key])
    for ex in cfg[examples_key]:
        assert rx.match(ex), (key, ex)
    for ex in cfg.get(f"{key}_not_examples", []):
        assert not rx.match(ex), (key, ex)


def _examples_hold(file: str, key: str, how: str, flags: int = 0) -> None:
    """Every `<key>_examples` entry of a rules file matches the rule compiled with ``flags`` (``how``: match, search
    or fullmatch) and no `<key>_not_examples` entry does."""
    cfg = RULES.yaml(file)
    rx = regex.compile(cfg[key], flags)
    for ex in cfg[f"{key}_examples"]:
        assert getattr(rx, how)(ex), (file, key, ex)
    for ex in cfg.get(f"{key}_not_examples", []):
        assert not getattr(rx, how)(ex), (file, key, ex)


def test_opening_period_year_dates_the_page():
    """header.yaml opening_period_year: "Chiều 14-10, … phiên họp thường kỳ tháng 9-2025" with no stamp is 14/10/2025;
    a later month of the period is of the year before ("Ngày 5/1, … tháng 12-2024" → 5/1/2025)."""
    from datetime import date
    from notice_parser import parse
    _examples_hold("header.yaml", "opening_period_year", "search")
    assert parse("Chiều 14-10, UBND TP Cần Thơ tổ chức phiên họp thường kỳ tháng 9-2025 nghe báo cáo tình hình "
                 "kinh tế, xã hội.").document.issued_on == date(2025, 10, 14)
    assert parse("Ngày 5/1, UBND tỉnh tổ chức hội nghị tổng kết tháng 12-2024.").document.issued_on == date(2025, 1, 5)
    assert parse("Ngày 5/1, UBND tỉnh tổ chức hội nghị về công tác phòng chống dịch.").document.issued_on is None


@pytest.mark.parametrize("key, how", [("signature_marks", "match"), ("signature_mark_split", "search"),
                                      ("opening_day_month_in_line", "search"), ("symbol_inline", "search"), ("posted_label", "match"), ("distribution_item", "search"), ("symbol_bare", "match"), ("not_recipient", "match"), ("distribution_last", "match"),
                                      ("stamp_written_date", "search")])
def test_flattened_header_and_posting_stamp_examples(key, how):
    _examples_hold("header.yaml", key, how)


@pytest.mark.parametrize("key, how", [
    ("reported_frame", "search"), ("reported_about", "match"), ("reported_line_prefix", "match"),
    ("reported_intro", "match"), ("reported_title_bracket", "search"), ("reported_date", "search"),
    ("reported_background", "search"), ("reported_source", "search"), ("reported_fulltext", "search"),
    ("reported_stated_at", "match"), ("reported_stated_that", "search"),
    ("reported_relative_head", "search"), ("reported_paragraph_bracket", "match"), ("reported_day_month", "search"),
])
def test_reported_document_rule_examples(key, how):
    """citations.yaml reported_*: compiled as citations.py compiles them (case-insensitive)."""
    _examples_hold("citations.yaml", key, how, regex.I)


def test_reported_carrier_examples():
    """citations.yaml reported_carrier_*: "Tại Công điện số …, Chủ tịch UBND tỉnh yêu cầu …" opens with the document
    the page reports; a basis ("Thực hiện chỉ đạo … tại Công văn …, UBND tỉnh yêu cầu") does not."""
    cfg = RULES.yaml("citations.yaml")
    before, after = regex.compile(cfg["reported_carrier_before"]), regex.compile(cfg["reported_carrier_after"])
    for ex in cfg["reported_carrier_examples"]:
        assert before.search(ex["before"]) and after.match(ex["after"]), ex
    for ex in cfg["reported_carrier_not_examples"]:
        assert not (before.search(ex["before"]) and after.match(ex["after"])), ex


def test_tone_fold_examples():
    for ex in RULES.yaml("normalize.yaml")["tone_fold_examples"]:
        assert fold_tones(ex["text"], RULES) == ex["folded"]
        # folding keeps lengths, so offsets never move
        assert len(normalize(ex["text"], RULES).text) == len(ex["text"])


def _normalizes(examples: list, result_key: str, not_examples: list) -> None:
    """Each example normalises to its ``result_key`` text, every word of which maps back to the same letters of the
    original (a slice of the original, so offsets hold); the not_examples come through unchanged."""
    for ex in examples:
        nt = normalize(ex["text"], RULES)
        assert nt.text == ex[result_key]
        for m in regex.finditer(r"\S+", nt.text):
            assert nt.original_text(*m.span()) == m.group()
    for text in not_examples:
        assert normalize(text, RULES).text == text


def test_repeated_word_examples():
    """normalize.yaml repeated_words: a function word typed twice is read once."""
    cfg = RULES.yaml("normalize.yaml")
    _normalizes(cfg["repeated_words_examples"], "normalized", cfg["repeated_words_not_examples"])


def test_unit_dot_glue_examples():
    """normalize.yaml unit_dot_glue: a unit's abbreviation glued to its place gets a space after the dot."""
    cfg = RULES.yaml("normalize.yaml")
    _normalizes(cfg["unit_dot_glue_examples"], "split", cfg["unit_dot_glue_not_examples"])


def test_glued_syllable_examples():
    """normalize.yaml glued_syllables: each example is split where its syllables were glued."""
    cfg = RULES.yaml("normalize.yaml")["glued_syllables"]
    _normalizes(cfg["examples"], "split", cfg["not_examples"])


# Named rules with examples and not_examples, checked as the stages compile them: (file, rule, how, flags).
_NAMED_RULES = [
    ("tasks.yaml", "bracket_role", "match", 0),
    ("tasks.yaml", "notes_heading", "match", 0),
    ("tasks.yaml", "basis_sentence", "match", regex.I),
    ("tasks.yaml", "speaker_predicate", "match", 0),
    ("tasks.yaml", "report_clause", "match", regex.I),
    ("tasks.yaml", "persons_in_list", "fullmatch", 0),
    ("tasks.yaml", "staff_titles", "fullmatch", 0),
    ("tasks.yaml", "conclusion_colon", "search", 0),
    ("tasks.yaml", "unit_list_more", "fullmatch", 0),
    ("tasks.yaml", "emphasis_members", "fullmatch", 0),
    ("tasks.yaml", "list_tail", "match", 0),
    ("tasks.yaml", "plural_marker", "fullmatch", 0),
    ("tasks.yaml", "plural_item_sep", "fullmatch", 0),
    ("tasks.yaml", "news_lead_in", "search", 0),
    ("tasks.yaml", "level_modifier", "fullmatch", 0),
    ("tasks.yaml", "task_list_connector", "fullmatch", regex.I),
    ("tasks.yaml", "timetable_opener", "match", 0),
    ("tasks.yaml", "consequence_connective", "fullmatch", regex.I),
    ("tasks.yaml", "kind_names_first", "match", 0),
    ("tasks.yaml", "demonstrative", "match", 0),
    ("tasks.yaml", "membership_tail", "match", 0),
    ("deadlines.yaml", "cited_document_before", "search", 0),
    ("deadlines.yaml", "completion_within", "search", regex.I),
]


@pytest.mark.parametrize("file, key, how, flags", _NAMED_RULES, ids=[r[1] for r in _NAMED_RULES])
def test_named_rule_examples(file, key, how, flags):
    _examples_hold(file, key, how, flags)


def test_consequence_break_examples():
    """tasks.yaml consequence_break, as the task stage compiles it ({CONNECTIVE} filled in): a comma before a word of
    consequence and an assigning verb splits the sentence; a duty word or a subject after the connective does not."""
    from notice_parser.tasks import _compiled
    rx = _compiled(RULES).consequence_break
    cfg = RULES.yaml("tasks.yaml")
    assert all(rx.match(ex) for ex in cfg["consequence_break_examples"])
    assert not any(rx.match(ex) for ex in cfg["consequence_break_not_examples"])


def test_adhoc_body_not_examples():
    """tasks.yaml adhoc_body_not: "Đội ngũ công chức phải …" names people, so the sentence has no agency and no task."""
    from notice_parser import parse
    for text in RULES.yaml("tasks.yaml")["adhoc_body_not_examples"]:
        g = parse(text, reference_date="2024-01-01")
        assert (g.agencies, g.tasks) == ([], []), (text, [a.name for a in g.agencies])


def test_law_names_with_commas():
    """citations.yaml law_comma_pairs: a comma inside a law's name does not end it."""
    from notice_parser import parse
    for ex in RULES.yaml("citations.yaml")["law_comma_examples"]:
        titles = [c.title for c in parse(ex["text"], reference_date="2024-01-01").citations]
        assert titles == [ex["title"]], (ex, titles)


def test_law_names_opening_with_a_stop_word():
    """citations.yaml law_capitalised_stop_examples: "Luật Ban hành văn bản quy phạm pháp luật" is found whole; a
    lower-case "ban hành" after a name still ends it ("Luật Đất đai ban hành năm 2013")."""
    from notice_parser import parse
    for ex in RULES.yaml("citations.yaml")["law_capitalised_stop_examples"]:
        titles = [c.title for c in parse(ex["text"], reference_date="2024-01-01").citations]
        assert titles == [ex["title"]], (ex, titles)


def test_glued_words_in_citations():
    """Words a site glued inside a citation (issue 14): the date "ngày 11tháng 12 năm 2010" is read, and "trực thuộc
    Trungương" still names the provinces."""
    from datetime import date
    from notice_parser import parse
    g = parse("Thực hiện Quyết định số 12/2010/QĐ-TTg ngày 11tháng 12 năm 2010 của Thủ tướng Chính phủ, UBND các tỉnh, "
              "thành phố trực thuộc Trungương báo cáo kết quả.")
    assert [(c.symbol, c.issued_on) for c in g.citations] == [("12/2010/QĐ-TTg", date(2010, 12, 11))]
    assert "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương" in [a.name for a in g.agencies]


def test_shared_unit_examples():
    """agency_patterns.yaml shared_unit_words: "Ban Chỉ huy Quân sự, Công an phường" names the ward's two bodies; a
    body the gazetteer knows as written keeps its name. person_after_place: a person's name after a known place does
    not cut the place off ("UBND TP Hà Nội Trần Sỹ Thanh")."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["shared_unit_examples"] + RULES.yaml("agency_patterns.yaml")["person_after_place_examples"]:
        assert [m.ref.name for m in find_agencies_in(ex["text"], RULES)] == ex["names"], ex


def test_group_level_tails_examples():
    """agency_patterns.yaml group_level_tails: the level written right after a group belongs to it ("các đoàn thể xã");
    after a comma it opens a group of its own ("các sở, ngành, huyện, thị xã")."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["group_level_tails_examples"] + cfg["group_level_tails_not_examples"]:
        found = find_agencies_in(ex["text"], RULES)
        assert [m.ref.name for m in found] == ex["names"], ex
        assert [ex["text"][m.start:m.end] for m in found] == ex["written"], ex


def test_name_comma_compounds_examples():
    """agency_patterns.yaml name_comma_compounds: "Tổng cục Phòng, chống thiên tai" is one name; a comma after any
    other field ends it."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["name_comma_compounds_examples"] + cfg["name_comma_compounds_not_examples"]:
        assert [m.ref.name for m in find_agencies_in(ex["text"], RULES)] == ex["names"], ex


def test_national_board_examples():
    """agency_patterns.yaml national_board_words: a national board's name runs through 'về' and its field;
    board_owner_words: "… của tỉnh" is the board's unit."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in (cfg["national_board_examples"] + cfg["lowercase_name_examples"] + cfg["board_owner_examples"]
               + cfg["board_agent_examples"] + cfg["board_established_examples"]):
        names = [ex["text"][m.start:m.end] for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_members_examples():
    """agency_patterns.yaml members_before: "các (đồng chí) thành viên" + a body are the body's members, a group named
    as written (any steering committee's members: the one group "Các thành viên Ban Chỉ đạo")."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["members_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_members_of_a_board_named_by_its_head_alone():
    """agency_patterns.yaml members_bare_heads: "các thành viên Hội đồng" with a name stop after the head is one group of
    the board spoken of; with the board's own name after it ("Hội đồng thẩm định quốc gia") it is not that group."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["members_bare_examples"]:
        got = [(m.ref.name, m.ref.kind) for m in find_agencies_in(ex["text"], RULES)]
        assert (ex["name"], "group") in got, (ex, got)
    for ex in cfg["members_bare_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] not in names, (ex, names)


def test_name_stop_compound_examples():
    """agency_patterns.yaml name_stop_compounds: a body's name runs on through a noun that begins with a stop word."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["name_stop_compounds_examples"]:
        names = [ex["text"][m.start:m.end] for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_name_runs_to_predicate_examples():
    """agency_patterns.yaml name_runs_to_predicate: an unknown body's name cut at "về" or a verb-like noun runs on to the
    predicate's opening word ("Cục Giám định nhà nước về chất lượng công trình xây dựng phối hợp …"); a causative verb,
    a determiner or a preposition on the way keeps the short name, and a name with its unit and place is complete."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")["name_runs_to_predicate"]
    for ex in cfg["examples"] + cfg["not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)
    longer = [ex for ex in cfg["not_examples"] if any(n.startswith(ex["name"] + " ")
              for n in (m.ref.name for m in find_agencies_in(ex["text"], RULES)))]
    assert not longer


def test_listed_provinces_examples():
    """agency_patterns.yaml listed_provinces: a provincial body before "các tỉnh, thành phố" and a list of provinces is
    that body of each province, named with the province's own unit ("… thành phố Hà Nội"); with no list it stays the
    group of every province."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["listed_provinces_examples"] + cfg["listed_provinces_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert all(n in names for n in ex["names"]), (ex, names)
        assert ex["names"] or not any(" tỉnh " in n and "các tỉnh" not in n for n in names), (ex, names)


def test_compressed_commune_examples():
    """agency_patterns.yaml compressed_lists (communes): a council before "các xã/phường" and a list of names is the
    council of each commune or ward listed; the list ends at another body."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["compressed_commune_examples"] + cfg["compressed_commune_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert names[-len(ex["names"]):] == ex["names"], (ex, names)


def test_compressed_place_examples():
    """agency_patterns.yaml compressed_lists (places): a People's Committee, or a district's body (Công an, Hạt Kiểm
    lâm, Phòng …), before "các / hai / 2 <unit>" and a list of places, numbered districts included, is that body of
    each place; without a list there is none. Every agency of the example is listed but the issuing committee."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["compressed_place_examples"] + cfg["compressed_place_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert [n for n in names if n != "Ủy ban nhân dân tỉnh"] == ex["names"], (ex, names)


def test_dated_short_names_examples():
    """agency_patterns.yaml dated_short_names: "Sở Nông nghiệp" is Sở Nông nghiệp và Phát triển nông thôn in a notice
    dated before 1 March 2025 and Sở Nông nghiệp và Môi trường from that day; a full name is never changed."""
    from notice_parser import parse
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["dated_short_names_examples"] + cfg["dated_short_names_not_examples"]:
        g = parse(ex["text"], reference_date=str(ex["dated"]))
        names = [a.name for a in g.agencies]
        assert ex["name"] in names and "Sở Nông nghiệp" not in names, (ex, names)
    undated = parse("Năm 2020, UBND tỉnh giao Sở Nông nghiệp kiểm tra đê biển, báo cáo trước ngày 15/10.")
    assert "Sở Nông nghiệp và Phát triển nông thôn" in [a.name for a in undated.agencies]


def test_commune_former_city_examples():
    """agency_patterns.yaml commune_former_city: a ward named after 1 July 2025 with its former city after a dash
    ("phường Xuân Hương - Đà Lạt", Nghị quyết 1671/NQ-UBTVQH15) keeps it in its name; a dash before a title or a
    lower-case word is an apposition, not part of the name."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["commune_former_city_examples"] + cfg["commune_former_city_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert names[-1] == ex["name"], (ex, names)


def test_unit_alias_examples():
    """agency_patterns.yaml unit_aliases: a unit written short ("H.", "TX.", "Q.") is the unit, dot glued or not."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["unit_aliases_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_list_item_body_examples():
    """agency_patterns.yaml list_item_bodies: an item of a list of bodies that opens with a body's head is a body,
    whatever its case ("Thanh tra tỉnh, Cục thuế, Công an tỉnh"); without bodies around it, it is none."""
    from notice_parser.agencies import find_agencies_in, match_key
    cfg = RULES.yaml("agency_patterns.yaml")["list_item_bodies"]
    for ex, want in [(e, True) for e in cfg["examples"]] + [(e, False) for e in cfg["not_examples"]]:
        names = [match_key(m.ref.name) for m in find_agencies_in(ex["text"], RULES)]
        assert (match_key(ex["name"]) in names) == want, (ex, names)


def test_absorbed_after_departments_examples():
    """agency_patterns.yaml absorbed_after_departments: "đơn vị" joins the departments only after the full "sở, ban,
    ngành"; "các sở, ngành, đơn vị" is two groups (corpus/GUIDELINES.md)."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["absorbed_after_departments_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES) if m.ref.kind == "group"]
        assert names == ex["names"], (ex, names)


def test_force_examples():
    """agency_patterns.yaml force_fields: "lực lượng" and the fields listed, as an addressee, name one force per field;
    the forces a directive mobilises are none."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["force_examples"] + cfg["force_not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES) if m.ref.name.startswith(cfg["force_name"])]
        assert names == ex["names"], (ex, names)


def test_place_syllable_variant_examples():
    """agency_patterns.yaml place_syllable_variants: a place spelt with another form of a syllable ("Đắk Glong" for the
    tables' "Đăk Glong") is the known place, so the body keeps it in its canonical name."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["place_syllable_variants_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_abbreviation_examples():
    for ex in RULES.yaml("agency_patterns.yaml")["abbreviation_examples"]:
        assert resolve_name(ex["text"], RULES).name == ex["name"]


def test_every_tsv_row_is_well_formed():
    for name, required in [("agencies.tsv", ["id", "name", "kind"]), ("doc_types.tsv", ["names"]),
                           ("issuers.tsv", ["code", "name"]), ("verbs.tsv", ["verb", "action_type"]),
                           ("places.tsv", ["name", "level"])]:
        rows = RULES.tsv(name)
        assert rows, name
        for row in rows:
            for col in required:
                assert row[col], (name, row)
    ids = [r["id"] for r in RULES.tsv("agencies.tsv")]
    assert len(ids) == len(set(ids)), "agency ids must be unique"
    assert {r["kind"] for r in RULES.tsv("agencies.tsv")} <= {"single", "group"}


def test_user_rules_extend_the_shipped_ones(tmp_path):
    (tmp_path / "agencies.tsv").write_text(
        "id\tname\tkind\tplace\taliases\tlevel\n"
        "BQLKCNC\tBan Quản lý Khu công nghệ cao tỉnh\tsingle\toptional\tBQL KCNC tỉnh\tprovince\n", encoding="utf-8")
    from notice_parser import parse

    g = parse("1. Giao BQL KCNC tỉnh chủ trì rà soát quy hoạch.", rules_dirs=[tmp_path])
    assert [g.agency(a).name for a in g.tasks[0].lead] == ["Ban Quản lý Khu công nghệ cao tỉnh"]
    assert g.agency(g.tasks[0].lead[0]).known
    plain = parse("1. Giao BQL KCNC tỉnh chủ trì rà soát quy hoạch.")
    assert "Ban Quản lý Khu công nghệ cao tỉnh" not in {a.name for a in plain.agencies}


def test_a_users_verb_with_an_unknown_action_type_is_named(tmp_path):
    """verbs.tsv rows are validated against tasks.yaml action_types: a user's typo is a RulesError naming the file,
    the verb and the field, and a verb the user adds with a known type opens directives."""
    from notice_parser import parse
    from notice_parser.pipeline import validate_rules

    (tmp_path / "verbs.tsv").write_text("verb\taction_type\nrà phá\tdepoly\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"verbs\.tsv: verb 'rà phá': action_type 'depoly' is not one of"):
        validate_rules([tmp_path])
    good = tmp_path / "good"
    good.mkdir()
    (good / "verbs.tsv").write_text("verb\taction_type\nrà phá\tdeploy\n", encoding="utf-8")
    g = parse("Giao Bộ Chỉ huy Quân sự tỉnh kiểm tra địa bàn. Rà phá bom mìn tại khu vực dự án.", rules_dirs=[good])
    assert [t.action_type for t in g.tasks] == ["review", "deploy"]
    assert {r["action_type"] for r in RULES.tsv("verbs.tsv")} <= set(RULES.yaml("tasks.yaml")["action_types"])


def test_shipped_rules_are_found():
    assert (package_rules_dir() / "citations.yaml").is_file()
    assert isinstance(RULES, Rules) and len(RULES.version) == 12


def test_a_stage_can_be_compiled_first(tmp_path):
    """Compiling agencies before anything else compiles normalisation inside it (no deadlock)."""
    import subprocess
    import sys

    code = ("from notice_parser.rules import load_rules\n"
            "from notice_parser.agencies import resolve_name\n"
            "print(resolve_name('UBND tỉnh', load_rules()).name)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "Ủy ban nhân dân tỉnh", r.stderr


def test_fast_compile_keeps_word_boundaries_and_refuses_regex_only_syntax():
    import regex

    from notice_parser.rules import RulesError, fast_compile

    rx = fast_compile(r"(?<![\p{L}\d/.])(?:ngày)(?![\p{L}])", regex.I)
    assert [m.start() for m in rx.finditer("Ngày; xngày 1/ngày ngàyđ, ngày")] == [0, 26]
    with pytest.raises(RulesError):
        fast_compile(r"\p{Lu}\p{Ll}+")


def test_first_char_guard_lists_only_possible_starts():
    import regex

    from notice_parser.rules import first_char_guard

    guard = first_char_guard(r"(?:quý[ ]+\d|tháng[ ]+\d|\d{1,2}/\d)", regex.I)
    assert guard.startswith("(?=[") and set("0123456789qQtT") <= set(guard)
    assert "n" not in guard and "g" not in guard
    assert first_char_guard(r"\p{Lu}\w+") == ""  # a pattern any capital can start: no guard


def _agency_readings(text):
    from notice_parser.agencies import find_agencies

    nt = normalize(text, RULES)
    return [(nt.text[m.start:m.end], m.ref.name) for m in find_agencies(nt, RULES)]


def test_body_heads_name_unknown_bodies_and_only_bodies():
    """agency_patterns.yaml body_heads: each example is one body with the canonical name given; the
    not_examples (a head word in ordinary prose, a foreign place) are no body."""
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["body_head_examples"]:
        got = _agency_readings(ex["text"])
        assert [(t, n) for t, n in got] == [(ex["text"], ex["name"])], (ex, got)
    for text in cfg["body_head_not_examples"]:
        assert _agency_readings(text) == [], text


def test_lowercase_heads_name_a_body_only_before_its_name():
    """agency_patterns.yaml lowercase_heads: "phòng NN&PTNT" inside a sentence is the office; "phòng chống dịch"
    (prevention) is no body."""
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["lowercase_head_examples"]:
        got = _agency_readings(f"Giao {ex['text']} thực hiện.")
        assert got == [(ex["text"], ex["name"])], (ex, got)
    for text in cfg["lowercase_head_not_examples"]:
        assert _agency_readings(f"Tăng cường {text}.") == [], text


def test_collectives_in_any_order():
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["collective_examples"]:
        got = _agency_readings(ex["text"])
        assert [n for _, n in got] == ex["names"], (ex, got)
        assert got[0][0] == ex["text"][:len(got[0][0])] and ex["text"].endswith(got[-1][0]), (ex, got)
    for text in cfg["collective_not_examples"]:
        assert _agency_readings(text) == [], text


def test_group_qualifiers_name_a_subset_group():
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["group_qualifier_examples"]:
        got = _agency_readings(ex["text"])
        assert [n for _, n in got] == ex["names"], (ex, got)
        assert got[0][0] == ex["text"], (ex, got)
    for text in cfg["group_qualifier_not_examples"]:
        got = _agency_readings(text)
        assert len(got) == 1 and got[0][0] == text and not regex.search(cfg["group_qualifier"], text), (text, got)


@pytest.mark.parametrize("key", ["copular_role", "report_followup", "frame_document"])
def test_task_frame_rules_match_their_examples(key):
    """tasks.yaml patterns, compiled as tasks.py compiles them: every example matches from its start."""
    cfg = RULES.yaml("tasks.yaml")
    rx = regex.compile(cfg[key], regex.I if key == "copular_role" else 0)
    for ex in cfg[f"{key}_examples"]:
        m = rx.match(ex) if key != "copular_role" else rx.match(" " + ex)
        assert m, (key, ex)
        if key in ("copular_role", "frame_document"):
            assert m.end() == len(ex) + (1 if key == "copular_role" else 0), (key, ex, m.group(0))
    for ex in cfg.get(f"{key}_not_examples", []):
        assert not (rx.match(ex) if key != "copular_role" else rx.match(" " + ex)), (key, ex)


def test_quarter_day_examples_are_quarterly_deadlines():
    from datetime import date

    from notice_parser.deadlines import find_deadlines

    for ex in RULES.yaml("deadlines.yaml")["quarter_day_examples"]:
        found = find_deadlines(ex["text"], 0, len(ex["text"]), date(2024, 5, 1), RULES, [])
        assert [(d.kind, d.every, d.start, d.end) for d in found] == [("recurring", ex["every"], 0, len(ex["text"]))], ex
    # the next 10th of a quarter's last month after 1 May 2024 is 10 June 2024; "ngày 31" is the month's last day
    t = "trước ngày 31 của tháng cuối quý"
    assert find_deadlines(t, 0, len(t), date(2024, 7, 1), RULES, [])[0].date == date(2024, 9, 30)


@pytest.mark.parametrize("key, how", [
    ("time_only_clause", "match"), ("list_intro", "search"), ("action_role_phrase", "fullmatch"),
    ("head_anaphora", "match"), ("headline_stamp", "match"), ("owner_opener", "match"),
    ("report_leadin", "fullmatch"), ("members_follow", "fullmatch"), ("recipient_reference", "fullmatch"),
    ("exhortation", "search"), ("policy_object", "fullmatch"), ("report_contents", "search"), ("cited_title", "fullmatch"), ("time_label", "match"),
    ("counted_unit_kinds", "match"), ("duty_cleft", "fullmatch"), ("duty_cleft_tail", "fullmatch"),
])
def test_task_clause_rules_match_their_examples(key, how):
    """tasks.yaml clause rules, compiled as tasks.py compiles them (case-insensitive except head_anaphora)."""
    cfg = RULES.yaml("tasks.yaml")
    rx = regex.compile(cfg[key], 0 if key in ("head_anaphora", "headline_stamp", "report_leadin", "members_follow",
                                              "recipient_reference", "policy_object", "counted_unit_kinds") else regex.I)
    for ex in cfg[f"{key}_examples"]:
        assert getattr(rx, how)(ex), (key, ex)
    for ex in cfg.get(f"{key}_not_examples", []):
        assert not getattr(rx, how)(ex), (key, ex)


def test_timetable_examples_give_one_task_per_entry():
    from notice_parser import parse

    for ex in RULES.yaml("tasks.yaml")["timetable_examples"]:
        g = parse(ex["text"], reference_date=__import__("datetime").date(2024, 5, 1))
        assert [t.action for t in g.tasks] == ex["entries"], ex
        assert all(t.deadline is not None and t.report_to for t in g.tasks), ex
        if "leads" in ex:  # an opener that names nobody: each entry's bodies lead it
            names = {a.id: a.name for a in g.agencies}
            assert [[names[i] for i in t.lead] for t in g.tasks] == ex["leads"], ex


def test_relative_dates_resolve_against_the_document_date():
    """deadlines.yaml `relative_examples`, each read whole, with its kind and dates, from `relative_reference`."""
    from notice_parser.deadlines import find_deadlines

    cfg = RULES.yaml("deadlines.yaml")
    ref = cfg["relative_reference"]
    for ex in cfg["relative_examples"]:
        found = find_deadlines(ex["text"], 0, len(ex["text"]), ref, RULES, [])
        assert len(found) == 1 and (found[0].start, found[0].end) == (0, len(ex["text"])), (ex, found)
        d = found[0]
        assert (d.kind, d.date, d.end_date) == (ex["kind"], ex["date"], ex.get("end_date")), (ex, d)
        # without a document date the kind stays and no date is guessed
        assert find_deadlines(ex["text"], 0, len(ex["text"]), None, RULES, [])[0].date is None


@pytest.mark.parametrize("text, kind, day, end", [
    ("hoàn thành trong tháng ba", "by", "2025-03-31", None),          # spelled month; March 2024 is past
    ("trước tháng mười năm 2017", "by", "2017-09-30", None),
    ("trong quý ba", "period", "2024-07-01", "2024-09-30"),            # spelled quarter
    ("trước quý IV của năm 2018", "by", "2018-09-30", None),           # "của năm"
    ("trước ngày mồng 3 tháng 3 năm 2025", "by", "2025-03-03", None),  # "mồng" before the day
    ("ngày mai", "on", "2024-05-09", None),
])
def test_calendar_words_resolve(text, kind, day, end):
    from datetime import date

    from notice_parser.deadlines import find_deadlines

    found = find_deadlines(text, 0, len(text), date(2024, 5, 8), RULES, [])
    assert len(found) == 1 and (found[0].start, found[0].end) == (0, len(text)), found
    assert (found[0].kind, str(found[0].date), found[0].end_date and str(found[0].end_date)) == (kind, day, end)


def test_a_deadline_span_never_starts_before_its_words():
    """'ngày 5 tháng 6 năm 2024' at the start of a text: the span is the date, not 5 characters before it."""
    from notice_parser.deadlines import find_deadlines

    for text in ("ngày 5 tháng 6 năm 2024", "Sở Xây dựng hoàn thành trước ngày 1 tháng 10 năm 2020"):
        d = find_deadlines(text, 0, len(text), None, RULES, [])[-1]
        assert 0 <= d.start and text[d.start:d.end] in ("ngày 5 tháng 6 năm 2024", "hoàn thành trước ngày 1 tháng 10 năm 2020")


def test_covered_period_examples_precede_a_period_that_is_no_deadline():
    from datetime import date

    from notice_parser.deadlines import find_deadlines

    cfg = RULES.yaml("deadlines.yaml")
    rx = regex.compile(cfg["covered_period_before"], regex.I)
    for ex in cfg["covered_period_examples"]:
        assert rx.search(ex), ex
        text = ex + "quý I năm 2024"
        assert find_deadlines(text, 0, len(text), date(2024, 1, 10), RULES, []) == [], text
    # with a deadline word of its own the period is the task's time again
    t = "báo cáo kết quả trong quý I năm 2024"
    assert find_deadlines(t, 0, len(t), date(2024, 1, 10), RULES, [])[0].kind == "period"


def test_title_prefix_examples_keep_the_office():
    """agency_patterns.yaml title_prefixes: 'Quyền Chủ tịch UBND tỉnh yêu cầu X …' assigns to X, as
    'Chủ tịch UBND tỉnh' does; 'Quyền Giám đốc Sở Y tế' stands for Sở Y tế."""
    from notice_parser import parse
    for ex in RULES.yaml("agency_patterns.yaml")["title_prefix_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        names = {a.id: a.name for a in g.agencies}
        assert [[names[i] for i in t.lead] for t in g.tasks] == [ex["lead"]], ex["text"]


def test_director_without_unit_examples():
    """agency_patterns.yaml director_without_unit: 'Giám đốc GD&ĐT' is the director of Sở Giáo dục và Đào tạo; the
    directors of bodies that are no department keep their bodies ('Giám đốc Công an tỉnh')."""
    from notice_parser import parse
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["director_without_unit_examples"] + cfg["director_without_unit_not_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        names = {a.id: a.name for a in g.agencies}
        assert [[names[i] for i in t.lead] for t in g.tasks] == [ex["lead"]], ex["text"]


def test_collective_owner_examples():
    """tasks.yaml collective_owner_words: "các đơn vị thuộc Ngân hàng Nhà nước Việt Nam" is one addressee, the bank's
    units; a collective followed by a partner keeps its own name."""
    from notice_parser import parse
    cfg = RULES.yaml("tasks.yaml")
    for ex in cfg["collective_owner_examples"] + cfg["collective_owner_not_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        names = {a.id: a.name for a in g.agencies}
        assert [[names[i] for i in t.lead] for t in g.tasks] == [[ex["lead"]]], ex["text"]


def test_bare_unit_addressee_examples():
    """tasks.yaml bare_unit_addressee: "Đề nghị xã linh hoạt …" on a page about one commune is that commune's People's
    Committee; with several places of the unit it is the level; "xã hội hóa" names no unit."""
    from notice_parser import parse
    cfg = RULES.yaml("tasks.yaml")
    for ex in cfg["bare_unit_addressee_examples"] + cfg["bare_unit_addressee_not_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        names = {a.id: a.name for a in g.agencies}
        assert [[names[i] for i in t.lead] for t in g.tasks] == ([[ex["lead"]]] if ex["lead"] else []), ex["text"]


def test_purpose_clause_examples_give_no_deadline():
    """tasks.yaml purpose_openers: the date of a fronted purpose clause is the occasion's, not the task's."""
    from notice_parser import parse
    for ex in RULES.yaml("tasks.yaml")["purpose_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        assert len(g.tasks) == 1, ex["text"]
        d = g.tasks[0].deadline
        assert (d.date.isoformat() if d else None) == ex["deadline"], ex["text"]


def test_capacity_adjunct_examples_and_not_examples():
    """tasks.yaml capacity_adjunct: the capacity or narrowing before an action is skipped, a verb is not."""
    _examples_hold("tasks.yaml", "capacity_adjunct", "match", regex.I)


def test_plan_time_examples_and_not_examples():
    """tasks.yaml plan_time: a line or heading that gives the time of the whole plan, not a clause about time."""
    _examples_hold("tasks.yaml", "plan_time", "match")


def test_board_names_stop_at_a_predicates_complement():
    """agency_patterns.yaml board_name_breakers: a board's name runs to its unit, never across 'về', 'tại' …"""
    from notice_parser.agencies import find_agencies

    for ex in RULES.yaml("agency_patterns.yaml")["board_name_examples"]:
        nt = normalize(ex["text"], RULES)
        names = [m.ref.name for m in find_agencies(nt, RULES) if m.ref.name.startswith("Ban")]
        assert names == [ex["name"]], ex["text"]


def test_counted_localities_examples():
    """tasks.yaml counted_localities: 'N địa phương (A, B, …)' names the places' People's Committees as leads."""
    from notice_parser import parse
    for ex in RULES.yaml("tasks.yaml")["counted_localities_examples"]:
        g = parse(ex["text"], reference_date="2024-05-01")
        assert [[g.agency(a).name for a in t.lead] for t in g.tasks] == [ex["lead"]], ex["text"]


def test_meeting_month_examples_and_not_examples():
    """deadlines.yaml meeting_verbs: a meeting's month is a deadline only when work is sent to the meeting."""
    from datetime import date
    from notice_parser.deadlines import find_deadlines
    cfg = RULES.yaml("deadlines.yaml")
    for ex in cfg["meeting_examples"]:
        assert [d.kind for d in find_deadlines(ex, 0, len(ex), date(2019, 1, 1), RULES, [])] == ["on"], ex
    for ex in cfg["meeting_not_examples"]:
        assert find_deadlines(ex, 0, len(ex), date(2019, 1, 1), RULES, []) == [], ex


def test_every_province_examples():
    """agency_patterns.yaml every_province: a provincial body of every province is one group."""
    from notice_parser.agencies import find_agencies

    for ex in RULES.yaml("agency_patterns.yaml")["every_province_examples"]:
        nt = normalize(ex["text"], RULES)
        groups = [m.ref.name for m in find_agencies(nt, RULES) if m.ref.kind == "group"]
        assert groups == [ex["name"]], ex["text"]


def test_opening_in_line_examples():
    """header.yaml opening_in_line: a capitalised 'Ngày' with a full date and a comma, wherever it stands."""
    cfg = RULES.yaml("header.yaml")
    rx = regex.compile(cfg["opening_in_line"])
    for ex in cfg["opening_in_line_examples"]:
        assert rx.search(ex), ex



def test_named_span_examples_and_not_examples():
    """deadlines.yaml named_span_before: years that end a plan's or a term's name are no deadline."""
    from datetime import date
    from notice_parser.deadlines import find_deadlines
    cfg = RULES.yaml("deadlines.yaml")
    for ex in cfg["named_span_examples"]:
        assert find_deadlines(ex, 0, len(ex), date(2020, 1, 1), RULES, []) == [], ex
    for ex in cfg["named_span_not_examples"]:
        assert [d.kind for d in find_deadlines(ex, 0, len(ex), date(2020, 1, 1), RULES, [])] == ["period"], ex


def test_horizon_examples_and_not_examples():
    """deadlines.yaml horizon_before: "đến năm 2030" after a plan's name is its horizon, no deadline."""
    from datetime import date
    from notice_parser.deadlines import find_deadlines
    cfg = RULES.yaml("deadlines.yaml")
    for ex in cfg["horizon_examples"]:
        assert find_deadlines(ex, 0, len(ex), date(2013, 1, 1), RULES, []) == [], ex
    for ex in cfg["horizon_not_examples"]:
        assert [(d.kind, d.date) for d in find_deadlines(ex, 0, len(ex), date(2013, 1, 1), RULES, [])] == [
            ("by", date(2020, 12, 31))], ex


def test_covered_since_examples():
    """deadlines.yaml covered_since / not_deadline_after: "(từ ngày 01/7/2025)" and "từ ngày … đến nay" name a period
    under review, no deadline; "thực hiện từ ngày 01/7/2025" stays one."""
    from datetime import date
    from notice_parser.deadlines import find_deadlines
    cfg = RULES.yaml("deadlines.yaml")
    for ex in cfg["covered_since_examples"]:
        assert find_deadlines(ex, 0, len(ex), date(2025, 1, 1), RULES, []) == [], ex
    for ex in cfg["covered_since_not_examples"]:
        assert find_deadlines(ex, 0, len(ex), date(2025, 1, 1), RULES, []) != [], ex


def test_assign_manner_and_own_body_examples():
    """tasks.yaml assign_manner: the words between an assigning verb and its colon; own_body_units: after a
    title, the speaker's own body named by its unit ('Lãnh đạo TP yêu cầu Sở X …' assigns to Sở X)."""
    from notice_parser import parse
    cfg = RULES.yaml("tasks.yaml")
    rx = regex.compile(cfg["assign_manner"])
    for ex in cfg["assign_manner_examples"]:
        assert rx.fullmatch(ex), ex
    for ex in cfg["own_body_examples"]:
        assert parse(ex, reference_date="2024-05-01").tasks, ex
    for ex in cfg["document_owner_examples"]:  # "Công điện khẩn của Chủ tịch UBND TP … yêu cầu …": a task, not the issuer's
        g = parse(ex, reference_date="2024-05-01")
        assert g.tasks and not any(g.agency(a).name.startswith("Ủy ban nhân dân t") for t in g.tasks for a in t.lead), ex
    for ex in cfg["document_owner_not_examples"]:
        assert not parse(ex, reference_date="2024-05-01").tasks, ex
    for ex in cfg["letter_recipients_examples"]:  # "… vừa ký văn bản gởi các Sở X, Y … yêu cầu …": the recipients lead
        g = parse(ex, reference_date="2024-05-01")
        assert g.tasks and g.agency(g.tasks[0].lead[0]).name.startswith("Sở"), ex
    for ex in cfg["letter_recipients_not_examples"]:
        assert not parse(ex, reference_date="2024-05-01").tasks, ex
    for ex in cfg["bare_issuer_examples"]:  # the issuer by its unit alone is not the lead
        g = parse(ex, reference_date="2024-05-01")
        assert g.tasks and all(g.agency(a).name not in ("Ủy ban nhân dân thành phố", "Ủy ban nhân dân tỉnh")
                               for t in g.tasks for a in t.lead), ex


@pytest.mark.parametrize("key", ["same_deadline", "adjunct_before_addressee", "emphasis_members"])
def test_task_word_rules_match_their_examples(key):
    """tasks.yaml same_deadline and adjunct_before_addressee, as tasks.py compiles them: each example is read whole,
    no not_example is found anywhere."""
    from notice_parser.tasks import _compiled as task_rules

    rx = getattr(task_rules(RULES), key)
    cfg = RULES.yaml("tasks.yaml")
    for ex in cfg[f"{key}_examples"]:
        assert rx.fullmatch(ex), (key, ex)
    for ex in cfg[f"{key}_not_examples"]:
        assert not rx.search(ex), (key, ex)


def test_date_grammar_examples():
    """rules/dates.yaml: every template's examples are matched whole, and none of its not_examples, by the pattern as
    the code compiles it (the deadline stage's forms with its flags; the rest case-insensitive, as the date reader)."""
    from notice_parser.dates import date_template
    from notice_parser.deadlines import _compiled as deadline_rules, deadline_patterns, line_spaced

    cfg = RULES.yaml("dates.yaml")
    compiled = deadline_patterns(RULES)
    fills = deadline_rules(RULES).fills
    templates = [k for k, v in cfg.items() if isinstance(v, dict) and "regex" in v]
    assert len(templates) >= 25
    for name in templates:
        entry = cfg[name]
        assert entry.get("examples"), f"dates.yaml {name} has no examples"
        patterns = compiled.get(name) or [
            regex.compile(line_spaced(date_template(RULES, name, fills)), regex.I | regex.X)]
        for ex in entry["examples"]:
            assert any(p.fullmatch(ex) for p in patterns), (name, ex)
        for ex in entry.get("not_examples", []):
            assert not any(p.fullmatch(ex) for p in patterns), (name, ex)


def test_a_date_template_names_what_is_wrong(tmp_path):
    """A user's dates.yaml that refers to a template it does not define is reported by file and template name."""
    from notice_parser.dates import date_template
    from notice_parser.rules import Rules, RulesError, package_rules_dir

    (tmp_path / "dates.yaml").write_text("day_num:\n  regex: '{NO_SUCH_PART}'\n", encoding="utf-8")
    with pytest.raises(RulesError, match="no template 'no_such_part'"):
        date_template(Rules([package_rules_dir(), tmp_path]), "date")


def test_date_openers_examples():
    """tasks.yaml clause_openers and due_opener, with {DATE} filled from rules/dates.yaml as the task stage fills it:
    every example matches whole, no not_example does."""
    from notice_parser.dates import date_template
    cfg = RULES.yaml("tasks.yaml")
    day = date_template(RULES, "date")
    for key in ("clause_openers", "due_opener"):
        rx = regex.compile(cfg[key].replace("{DATE}", day), regex.I)
        for ex in cfg[f"{key}_examples"]:
            assert rx.fullmatch(ex), (key, ex)
        for ex in cfg[f"{key}_not_examples"]:
            assert not rx.fullmatch(ex), (key, ex)


def test_after_assign_opener_examples():
    """tasks.yaml after_assign_opener, as the task stage compiles it ({DATE} filled, case as written): a time phrase
    between an assigning verb and its addressee, closed by a comma or, when closed by its own words ("trong 6 tháng
    cuối năm 2014", "trong thời gian tới"), by none."""
    from notice_parser.dates import date_template
    cfg = RULES.yaml("tasks.yaml")
    rx = regex.compile(cfg["after_assign_opener"].replace("{DATE}", date_template(RULES, "date")))
    for ex in cfg["after_assign_opener_examples"]:
        assert rx.fullmatch(ex), ex
    for ex in cfg["after_assign_opener_not_examples"]:
        assert not rx.fullmatch(ex), ex


def test_every_district_examples():
    """agency_patterns.yaml every_district: a district's body before "các <units>" is one group of that body in every
    district, named "Các <body> <units>" with the units each once and joined by commas ("công an các quận huyện, thị
    xã" → "Các Công an quận, huyện, thị xã"), never the committees of those districts."""
    from notice_parser.agencies import find_agencies_in
    for ex in RULES.yaml("agency_patterns.yaml")["every_district_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names and "Ủy ban nhân dân cấp huyện" not in names, (ex, names)


def test_every_district_two_bodies_examples():
    """agency_patterns.yaml every_district_two_bodies: a span holding two bodies is never one every-district name."""
    _examples_hold("agency_patterns.yaml", "every_district_two_bodies", "search")


def test_every_district_predicate_examples():
    """agency_patterns.yaml every_district_predicate: a span in which one body directs another is no every-district
    name; the directing body leads ("Công an Thành phố chỉ đạo công an các quận huyện …")."""
    from notice_parser import parse
    _examples_hold("agency_patterns.yaml", "every_district_predicate", "search", regex.I)
    g = parse("Giao Công an Thành phố chỉ đạo công an các quận huyện xây dựng kế hoạch phân luồng.",
              reference_date="2024-01-01")
    assert [[g.agency(a).name for a in t.lead] for t in g.tasks] == [["Công an thành phố"]]


# Rules moved from the stages' code into rules/ (issue 17): each compiled as its stage compiles it; every example
# must match in full and no not_example may.
_MOVED = [
    ("tasks.yaml", k, regex.I if k in ("led_by_agent", "from_date_opening") else 0)
    for k in ("led_by_agent", "head_clause", "topic_addressee", "issuer_owner", "object_list_sep", "obligation_word", "duty_near", "action_list_sep", "role_and",
              "inline_item_mark", "from_date_opening", "narrative_companion")
] + [
    ("agency_patterns.yaml", k, 0)
    for k in ("plural_before", "list_item_sep", "compressed_item_sep", "trailing_city_abbr", "province_suffix", "whole_level_qualifier",
              "steering_board_tail", "national_field", "prevent_fight", "every_province_generic")
]


_MOVED += [("citations.yaml", k, 0) for k in ("list_gap", "demonstrative", "pinpoint_range", "pinpoint_list",
                                              "date_word_pattern")]


@pytest.mark.parametrize("file, key, flags", _MOVED)
def test_moved_rule_examples_match_in_full(file, key, flags):
    _examples_hold(file, key, "fullmatch", flags)


def test_collective_list_examples_as_compiled():
    """agency_patterns.yaml collective_list, with its {COUNCILS} and {MEMBERS} filled in as the agency stage does."""
    from notice_parser.agencies import gazetteer
    cfg, rx = RULES.yaml("agency_patterns.yaml"), gazetteer(RULES).collective_re
    for ex in cfg["collective_list_examples"]:
        assert rx.fullmatch(ex), ex
    for ex in cfg["collective_list_not_examples"]:
        assert not rx.fullmatch(ex), ex
    from notice_parser.agencies import find_agencies_in
    names = [m.ref.name for m in find_agencies_in("… để tham mưu UBND tỉnh, Tỉnh ủy xử lý kịp thời.", RULES)]
    assert names == ["Ủy ban nhân dân tỉnh", "Tỉnh ủy"]  # a party committee's name is no member of a list


def test_item_letters_run_in_alphabet_order():
    """tasks.yaml item_letters: '… a) …; b) …; đ) …' — the successor of each letter an inline list may use."""
    letters = RULES.yaml("tasks.yaml")["item_letters"]
    assert letters.startswith("abcdđe") and len(set(letters)) == len(letters)


def test_verbs_written_inside_names_open_directives_but_never_cut_a_name(tmp_path):
    """verbs.tsv in_names: "quản lý" opens a ';' item ("…; quản lý chặt chẽ …") yet "Ban quản lý dự án huyện" stays one
    body; a value other than "yes" or empty is a RulesError naming the verb."""
    from notice_parser import parse
    from notice_parser.pipeline import validate_rules

    g = parse("Giao Ban quản lý dự án huyện kiểm tra chất lượng công trình; quản lý chặt chẽ vật liệu xây dựng.")
    names = {a.id: a.name for a in g.agencies}
    assert [([names[i] for i in t.lead], t.action[:8]) for t in g.tasks] == [
        (["Ban quản lý dự án huyện"], "kiểm tra"), (["Ban quản lý dự án huyện"], "quản lý ")]
    (tmp_path / "verbs.tsv").write_text("verb\taction_type\tin_names\nbảo trì\tdeploy\tmaybe\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"verbs\.tsv:2: in_names: Input should be '', 'yes' or 'proper'"):
        validate_rules([tmp_path])


def test_citation_defaults_name_their_issuers_and_types():
    """citations.yaml default_issuers, law_code_heads, fallback_type: a law and an ordinance cited without an issuer get
    the body that issues them; "Bộ luật" is of type Luật; a số ký hiệu with an issuer's code and no year is a Công văn."""
    from notice_parser import parse
    g = parse("Căn cứ Bộ luật Lao động ngày 20/11/2019; Pháp lệnh Phòng, chống lụt, bão ngày 08/3/1993; Công văn "
              "số 1234/UBND-KT của UBND tỉnh.")
    got = {(c.doc_type, c.issuer) for c in g.citations}
    assert ("Luật", "Quốc hội") in got and ("Pháp lệnh", "Ủy ban Thường vụ Quốc hội") in got
    assert any(c.doc_type == "Công văn" and c.symbol == "1234/UBND-KT" for c in g.citations)


def test_script_rules_detect_their_legacy_encodings():
    """script.yaml: each legacy-encoding example is read as that encoding; Unicode Vietnamese is not legacy; every
    tone-marked vowel of the alphabet is a vowel and "đ" is a letter of the lower-case alphabet."""
    from notice_parser.load import legacy_encoding, _has_vowel
    cfg = RULES.yaml("script.yaml")
    for ex in cfg["tcvn3_examples"]:
        assert legacy_encoding(ex + " " + ex) == "TCVN3 (ABC)", ex
    for ex in cfg["vni_examples"]:
        assert legacy_encoding(ex + " " + ex) == "VNI", ex
    assert legacy_encoding("Ủy ban nhân dân tỉnh Trà Vinh. Điều 1. Quyết định") is None
    assert all(_has_vowel(ch) for ch in "ạảãàáặẳẵằắậẩẫầấẹẻẽèéệểễềếịỉĩìíọỏõòóộổỗồốợởỡờớụủũùúựửữừứỵỷỹỳý")
    assert regex.fullmatch(f"[{cfg['alphabet_lower']}]+", "đườngphốhuyệnxã")


def test_every_rules_file_has_a_schema_and_the_shipped_rules_pass_it():
    """rules_schema: one model per YAML file and per TSV file of rules/; the shipped rules validate; the module is
    what scripts/gen_rules_schema.py writes from today's rules (regenerate after adding a key)."""
    import subprocess
    import sys
    from notice_parser import rules_schema
    shipped = {f.name for f in package_rules_dir().iterdir() if f.suffix in (".yaml", ".tsv")}
    assert shipped == set(rules_schema.YAML_FILES) | set(rules_schema.TSV_ROWS)
    RULES.validate(shipped=True)
    gen = Path(__file__).resolve().parents[1] / "scripts" / "gen_rules_schema.py"
    out = subprocess.run([sys.executable, str(gen), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize("file, content, message", [
    ("tasks.yaml", 'assign_verb: ["giao"]\n', r"tasks\.yaml: assign_verb: unknown key"),
    ("tasks.yaml", 'not_task:\n  - {name: bad, regex: "(?:x", examples: ["x"]}\n',
     r"tasks\.yaml: not_task\.0\.regex: not a valid pattern"),
    ("agency_patterns.yaml", 'name_stops: "và"\n', r"agency_patterns\.yaml: name_stops: Input should be a valid list"),
    ("agencies.tsv", "id\tname\tkind\tplace\taliases\tlevel\nX\tBan X\tsingel\tnone\t\tprovince\n",
     r"agencies\.tsv:2: kind: Input should be 'single' or 'group'"),
])
def test_a_users_broken_rules_file_is_named_with_entry_and_field(tmp_path, file, content, message):
    (tmp_path / file).write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        Rules([package_rules_dir(), tmp_path]).validate()


def test_difficulty_condition_examples():
    """tasks.yaml difficulty_condition: a condition of difficulty before the subject ("Trong quá trình thực hiện, nếu
    có khó khăn, vướng mắc, …") opens an instruction; a time adjunct alone or another condition does not."""
    _examples_hold("tasks.yaml", "difficulty_condition", "match")


def test_kind_area_tail_examples():
    """tasks.yaml kind_area_tail: where every body of a kind is ("… trên địa bàn Thành phố"), at the end of the
    kind's written name only."""
    _examples_hold("tasks.yaml", "kind_area_tail", "search")


def test_subject_line_examples():
    """header.yaml subject_line: "V/v …" on its own line or after the symbol on a flattened header line."""
    _examples_hold("header.yaml", "subject_line", "match")


def test_text_year_dates_days_on_a_page_without_a_date():
    """deadlines.yaml text_year: a page with no date of its own that names one year gives its days without a year
    that year ("trước ngày 10-6" → 10/6/2016) and says so in a warning; a relative deadline stays without a date; a page
    naming two years, or only a horizon or a past year's results, gives none."""
    from datetime import date
    from notice_parser import parse
    _examples_hold("deadlines.yaml", "text_year", "search", regex.I)
    g = parse("Bộ GD&ĐT vừa ban hành hướng dẫn thi THPT quốc gia năm 2016. Theo đó, Bộ yêu cầu các sở GD&ĐT báo cáo "
              "kết quả về Bộ trước ngày 10-6; các Hội đồng thi hoàn thành việc chấm thi trong 10 ngày.")
    assert g.document.issued_on is None
    assert [t.deadline.date if t.deadline else None for t in g.tasks] == [date(2016, 6, 10), None]
    assert g.tasks[0].deadline.basis == "text_year"
    assert any("2016" in w for w in g.warnings)
    two = parse("Năm 2015, các trường đã tổ chức tốt kỳ thi. Bộ yêu cầu các sở GD&ĐT báo cáo về Bộ trước ngày 10-6 về "
                "kỳ thi năm 2016.")
    assert [(t.deadline.kind, t.deadline.date) for t in two.tasks] == [("by", None)]


def test_days_without_a_year_take_the_year_nearest_the_pages_full_dates():
    """A page with no date of its own whose one year comes with full dates: a day written without a year is in the
    year (that one, the one before or after) that puts it nearest one of those dates — "kể từ ngày 15/12 …, báo cáo
    trước ngày 10/1/2018" is 15 December 2017, "trước ngày 5/1, sau hội nghị ngày 28/12/2018" is 5 January 2019."""
    from datetime import date
    from notice_parser import parse
    g = parse("Thành phố giao Sở Giao thông vận tải xóa vạch sơn cho phép đỗ xe kể từ ngày 15/12; lắp đặt biển cấm đỗ, "
              "hoàn thành trước ngày 20/12. Sở Giao thông vận tải rà soát các tuyến phố khác, báo cáo UBND thành phố "
              "trước ngày 10/1/2018.")
    assert [t.deadline.date for t in g.tasks] == [date(2017, 12, 15), date(2017, 12, 20), date(2018, 1, 10)]
    g = parse("UBND tỉnh vừa có văn bản yêu cầu Sở Y tế báo cáo kết quả trước ngày 5/1, sau hội nghị ngày 28/12/2018.")
    assert g.document.issued_on is None and [t.deadline.date for t in g.tasks] == [date(2019, 1, 5)]


def test_names_written_without_their_conjunction_or_with_a_short_city():
    """A gazetteer name written without its "và" is that body when only one reads so ("Sở Lao động - Thương binh xã
    hội"); a body the gazetteer lacks keeps one name however its city is written ("TPHCM", "TP. Hồ Chí Minh")."""
    from notice_parser.agencies import resolve_name
    assert resolve_name("Sở Lao động - Thương binh xã hội", RULES).name == "Sở Lao động - Thương binh và Xã hội"
    a = resolve_name("Viện Nghiên cứu phát triển TPHCM", RULES)
    b = resolve_name("Viện Nghiên cứu phát triển TP. Hồ Chí Minh", RULES)
    assert a.id == b.id and a.name == "Viện Nghiên cứu phát triển thành phố Hồ Chí Minh" and not a.known


def test_collective_gap_examples():
    """agency_patterns.yaml collective_gap: what may stand between two collectives of one list."""
    _examples_hold("agency_patterns.yaml", "collective_gap", "fullmatch")


def test_prohibition_examples():
    """tasks.yaml prohibition: the negative forms a directive takes after a ';'."""
    _examples_hold("tasks.yaml", "prohibition", "match")


def test_holder_after_body_examples():
    """agency_patterns.yaml holder_after_body: after a head's title, the holder's name is no part of the body's name;
    a body named after a person keeps that name."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")["holder_after_body"]
    for ex in cfg["examples"] + cfg["not_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"] in names, (ex, names)


def test_short_forms_defined_in_brackets():
    """agency_patterns.yaml defined_acronym: "Thanh tra Chính phủ (TTCP)" makes every later "TTCP" standing alone a
    mention of that body, with offsets into the original text; the same letters inside a document symbol
    ("03/2013/TT-TTCP") and before the definition are no mention."""
    from notice_parser import parse
    _examples_hold("agency_patterns.yaml", "defined_acronym", "match")
    text = ("TTCP là cơ quan ngang bộ. Ngày 02/8/2017, Thanh tra Chính phủ (TTCP) có văn bản theo Thông tư số "
            "03/2013/TT-TTCP. TTCP yêu cầu các bộ gửi báo cáo về TTCP.")
    g = parse(text)
    ttcp = next(a for a in g.agencies if a.name == "Thanh tra Chính phủ")
    uses = [(m.start, m.text) for m in ttcp.mentions if m.text == "TTCP"]
    assert uses == [(text.index("TTCP yêu"), "TTCP"), (text.rindex("TTCP"), "TTCP")]


def test_heading_lines_that_name_a_body():
    """agency_patterns.yaml heading_body: "* Tổng cục thuỷ sản:" on its own line is a body whatever the case of its
    field; a topic ("Phòng chống dịch bệnh:") or a predicate ("Sở kiểm tra các cơ sở:") is not."""
    from notice_parser.agencies import find_agencies_in
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["heading_body_examples"]:
        names = [m.ref.name for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"].casefold() in [n.casefold() for n in names], (ex, names)
    for ex in cfg["heading_body_not_examples"]:
        names = [m.ref.name.casefold() for m in find_agencies_in(ex["text"], RULES)]
        assert ex["name"].casefold() not in names, (ex, names)


def test_recipient_members_examples():
    """tasks.yaml recipient_members: a collective whose members the letter's "Kính gửi" names one by one is those
    recipients; a recipient list that is not all members leaves the group as written."""
    from notice_parser import parse
    cfg = RULES.yaml("tasks.yaml")
    for ex in cfg["recipient_members_examples"] + cfg["recipient_members_not_examples"]:
        g = parse(ex["text"])
        names = {a.id: a.name for a in g.agencies}
        assert g.tasks, ex
        assert [names[i] for i in g.tasks[0].lead] == ex["lead"], (ex, [names[i] for i in g.tasks[0].lead])


def test_report_role_nouns_examples():
    """tasks.yaml report_role_nouns: a noun whose second syllable is a report role's word ("công trình") names no
    recipient; the role words themselves still do."""
    from notice_parser.tasks import _compiled
    rx = _compiled(RULES).report_roles
    cfg = RULES.yaml("tasks.yaml")
    for ex in cfg["report_role_nouns_examples"]:
        assert rx.search(ex) is None, ex
    for ex in cfg["report_role_nouns_not_examples"]:
        assert rx.search(ex) is not None, ex


def test_numbered_body_heads_examples():
    """agency_patterns.yaml numbered_body_heads: 'Binh đoàn 18', 'Quân khu 4' are bodies named by their number; a
    number that is a document's ('18/2020') names none."""
    from notice_parser.agencies import find_agencies
    cfg = RULES.yaml("agency_patterns.yaml")
    for ex in cfg["numbered_body_heads_examples"]:
        names = [m.ref.name for m in find_agencies(normalize(ex["text"], RULES), RULES)]
        assert ex["name"] in names, (ex["text"], names)
    for ex in cfg["numbered_body_heads_not_examples"]:
        names = [m.ref.name for m in find_agencies(normalize(ex["text"], RULES), RULES)]
        assert names == [], (ex["text"], names)


def test_a_rule_written_twice_in_one_file_is_refused(tmp_path):
    """A rules file that writes one key twice (YAML would keep the second and drop the first rule without a word) is
    refused with the file, the line and the key."""
    from notice_parser.rules import Rules, RulesError, package_rules_dir

    (tmp_path / "tasks.yaml").write_text("counted_units: '(?!)'\nplural_marker: 'các '\ncounted_units: 'x'\n",
                                         encoding="utf-8")
    with pytest.raises(RulesError, match=r"tasks\.yaml:3:1: .*'counted_units' is written twice \(first at line 1\)"):
        Rules([package_rules_dir(), tmp_path]).yaml("tasks.yaml")


def test_document_speaker_examples_assign_work():
    """tasks.yaml document_speaker: a document named as the speaker ("Chỉ thị yêu cầu …", "Nội dung công điện đề nghị
    …") assigns the bodies after its verb: each example gives a task led by bodies named after the verb."""
    from notice_parser import parse
    for ex in RULES.yaml("tasks.yaml")["document_speaker_examples"]:
        g = parse(ex, reference_date="2024-05-01")
        assert g.tasks, ex
        verb = regex.search(r"(?:yêu cầu|đề nghị)", ex).end()
        first = {m.start for a in g.agencies if a.id in g.tasks[0].lead for m in a.mentions}
        assert first and min(first) >= verb, ex
