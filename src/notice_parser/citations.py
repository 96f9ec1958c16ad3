"""Stage 4: legal citations — type, symbol, date, issuer and pinpoint, one entry per cited document.

Symbols follow NĐ 30/2020 (``N/TYPE-ISSUER``, ``N/YYYY/TYPE-ISSUER``, party ``N-TYPE/ISSUER``,
historical variants); the patterns and their examples live in ``rules/citations.yaml``.
Laws are cited by name ("Luật Công nghệ thông tin ngày 29/6/2006"); standards have a type of
their own; a later short form ("Nghị quyết 17") is a further mention of an earlier citation.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

import regex

from .agencies import Mention, find_agencies_in, head_before, strip_head
from .context import Context
from .dates import date_grammar, day_on_or_after, day_on_or_before, make_date, parse_date_match
from .normalize import NormText
from .rules import Rules, alternation, lazy_compile
from .spans import SpanSet


@dataclass
class FoundCitation:
    key: str
    doc_type: Optional[str]
    symbol: Optional[str]
    number: Optional[str]
    year: Optional[int]
    type_code: Optional[str]
    issuer_code: Optional[str]
    issuer: Optional[str]
    issued_on: Optional[date]
    title: Optional[str]
    pinpoint: Optional[dict]
    start: int
    end: int
    mentions: list[tuple[int, int]] = field(default_factory=list)
    explicit_issuer: bool = False


_WS_RUN = regex.compile(r"\s+")
_BARE_NUMBER = regex.compile(r"(?<![\p{L}\d/.,-])\d{1,5}[a-z]?(?![\p{L}\d/]|[.,-]\d)")
_CODE_SEP = regex.compile(r"[ \n]*[-–][ \n]*")
_LAW_WORD = regex.compile(r"[\p{L}\-]+")
WS = r"[ \n]"  # citations break across lines anywhere: one line break counts as a space


def _ws(pattern: str) -> str:
    return pattern.replace("[ ]", WS)


def _alt(words) -> str:
    return alternation(words, rf"{WS}+")


class _Compiled:
    def __init__(self, rules: Rules):
        """Every pattern and table of citations.yaml, doc_types.tsv and issuers.tsv, compiled once per rules."""
        cfg = rules.yaml("citations.yaml")
        number, date_w = regex.escape(cfg["number_word"]), regex.escape(cfg["date_word"])
        self._words(cfg)
        self._types(cfg, rules)
        type_alt, date_alt, sym_alts, lead = self._symbol_patterns(cfg, rules, number, date_w)
        self._reported_patterns(cfg)
        self._document_patterns(cfg, number, date_w, type_alt, date_alt, sym_alts, lead)

    def _words(self, cfg) -> None:
        """Pinpoints, list gaps, the law and fallback types, default issuers and the words that join laws."""
        self.list_gap = lazy_compile(cfg["list_gap"])
        self.demonstrative = lazy_compile(cfg["demonstrative"])
        self.pin_range = lazy_compile(cfg["pinpoint_range"])
        self.pin_list = lazy_compile(cfg["pinpoint_list"])
        self.date_word = lazy_compile(cfg["date_word_pattern"])
        self.law_type = cfg["law_type"]
        self.law_code_heads = set(cfg["law_code_heads"])
        self.law_heads_without_name = set(cfg["law_heads_without_name"])
        self.fallback_type = cfg["fallback_type"]
        self.generic_document_words = set(cfg["generic_document_words"])
        self.standard_type = cfg["standard_type"]
        self.default_issuers = dict(cfg["default_issuers"])
        self.amend_words = {w.casefold() for w in cfg["amend_words"]}
        self.amend_marker = cfg["amend_marker"]
        self.and_word = cfg["and_word"]
        self.of_word = cfg["issuer_prepositions"][0]
        law_code = "|".join(f"{WS}+".join(map(regex.escape, h.split())) for h in cfg["law_code_heads"])
        self.law_joint = lazy_compile(rf"{WS}*(?:,|{regex.escape(self.and_word)}){WS}*(?=(?:{law_code}))")
        self.issuer_stops = {w.casefold() for w in cfg.get("issuer_stops", [])}

    def _types(self, cfg, rules: Rules) -> None:
        """Document types by name and code (doc_types.tsv), issuers by code (issuers.tsv), OCR misreadings of codes."""
        self.type_by_name: dict[str, tuple[str, str]] = {}  # casefolded name → (canonical, code)
        self.type_by_code: dict[str, str] = {}
        for row in rules.tsv("doc_types.tsv"):
            names = row["names"].split("|")
            for n in names:
                self.type_by_name[n.casefold()] = (names[0], row["code"])
            if row["code"]:
                self.type_by_code.setdefault(row["code"].casefold(), names[0])
        self.issuers = {r["code"].casefold(): r["name"] for r in rules.tsv("issuers.tsv")}
        self.ocr_codes = {k: v for k, v in (cfg.get("ocr_codes") or {}).items() if k.casefold() not in self.type_by_code}
        self.ocr_re = lazy_compile(
            r"(?<=[/\-])(?:" + "|".join(map(regex.escape, self.ocr_codes)) + r")(?=[\-/]|$)") if self.ocr_codes else None
        self.type_abbr = {k: v for k, v in (cfg.get("type_abbreviations") or {}).items()}

    def _symbol_patterns(self, cfg, rules: Rules, number: str, date_w: str) -> tuple[str, str, list[str], str]:
        """The số ký hiệu grammar and what is looked up around a symbol (type word, pinpoint, date); returns (type
        alternation, date alternation, symbol alternatives, the lookbehind a symbol starts with)."""
        code = cfg["code"]
        type_alt = _alt(self.type_by_name)
        abbr_alt = "|".join(regex.escape(a) for a in sorted(self.type_abbr, key=lambda w: (-len(w), w)))
        dg = date_grammar(rules)
        date_alt = _ws(rf"(?:{dg.day_words_bare}|{dg.day_num})")
        sym_alts = []
        self.needs_type = []
        for p in cfg["symbol_patterns"]:
            rx = _ws(p["regex"].replace("{CODE}", code))
            (self.needs_type if p.get("needs_type") else sym_alts).append(rx)
        pin = _ws(cfg["pinpoint"])
        type_part = rf"(?:(?P<type>(?i:{type_alt}))|(?P<abbr>{abbr_alt})(?={WS}+(?i:{number})))"
        date_part = rf"(?P<datepart>{WS}*,?{WS}*\(?(?i:{date_w}){WS}+(?P<date>(?i:{date_alt})))?"
        # Symbol first (digit-anchored, fast), then the type word and pinpoint looked up just before it.
        # a symbol never starts inside a word or number, except right after "số" the site glued to it ("số43/2011/NĐ-CP")
        lead = rf"(?:(?<![\p{{L}}\d/])|(?<=(?<![\p{{L}}])(?i:{number})))"
        self.symbols = lazy_compile(rf"{lead}(?|{'|'.join(sym_alts)})(?![\p{{L}}\d/])")
        self.typed_symbols = lazy_compile(
            rf"{lead}(?|{'|'.join(self.needs_type)})(?![\p{{L}}\d/])") if self.needs_type else None
        # Searched backwards from the symbol (REVERSE), so only the text right before it is tried.
        self.type_before = lazy_compile(rf"{type_part}{WS}+(?:(?i:{number}){WS}*:?{WS}*)?$", regex.REVERSE)
        self.pin_before = lazy_compile(rf"(?i:{pin})$", regex.REVERSE)
        self.date_after = lazy_compile(date_part)
        self.date_re = lazy_compile(date_alt, regex.I)
        return type_alt, date_alt, sym_alts, lead

    def _reported_patterns(self, cfg) -> None:
        """The patterns of a reported document (the notice a web page reports on): citations.yaml reported_*."""
        self.reported_within = int(cfg.get("reported_within", 600))
        self.reported_lede = int(cfg.get("reported_lede_sentences", 3))
        (self.reported_frame, self.reported_about, self.reported_source, self.reported_prefix, self.reported_bracket,
         self.reported_date, self.reported_background, self.reported_intro) = (lazy_compile(cfg[k], regex.I) for k in (
            "reported_frame", "reported_about", "reported_source", "reported_line_prefix", "reported_title_bracket",
            "reported_date", "reported_background", "reported_intro"))
        self.reported_carrier_before = lazy_compile(cfg["reported_carrier_before"])
        self.reported_carrier_after = lazy_compile(cfg["reported_carrier_after"])
        self.reported_stated_at = lazy_compile(cfg["reported_stated_at"], regex.I)
        self.reported_stated_that = lazy_compile(cfg["reported_stated_that"], regex.I)
        self.reported_relative_head = lazy_compile(cfg["reported_relative_head"], regex.I)
        self.reported_paragraph_bracket = lazy_compile(cfg["reported_paragraph_bracket"])
        self.reported_day_month = lazy_compile(cfg["reported_day_month"], regex.I)
        self.reported_fulltext = lazy_compile(cfg["reported_fulltext"], regex.I) if cfg.get("reported_fulltext") else None

    def _document_patterns(self, cfg, number: str, date_w: str, type_alt: str, date_alt: str, sym_alts: list[str],
                           lead: str) -> None:
        """Laws by name, standards, where a symbol may start, issuers after a citation, amending laws, defined names
        and self-references."""
        self.law = lazy_compile(
            rf"(?<![\p{{L}}])(?P<head>{_alt(cfg['law_heads'])})(?P<rest>(?:(?:{WS}+|[ ]*,{WS}*)[\p{{L}}\-]+){{0,16}})"
        )
        self.law_stops = {w.casefold() for w in cfg["law_name_stops"]}
        self.law_openers = {w.casefold() for w in cfg.get("law_name_openers", [])}
        self.law_comma_pairs = [tuple(p.casefold().split(", ", 1)) for p in cfg.get("law_comma_pairs") or []]
        self.law_date = lazy_compile(rf"{WS}*,?{WS}*(?i:{date_w}){WS}+(?P<date>(?i:{date_alt}))")
        self.law_symbol = lazy_compile(rf"{WS}+(?i:{number}){WS}+(?P<sym>(?|{'|'.join(sym_alts)}))(?![\p{{L}}\d/])")
        self.doc_start = lazy_compile(rf"{WS}+(?:{_alt(cfg['law_heads'])}|(?i:{type_alt}))(?![\p{{L}}])")
        self.standard = lazy_compile(rf"(?<![\p{{L}}\d])(?:{_ws(cfg['standards'])})")
        self.standard_prefix = lazy_compile(rf"(?:{_ws(cfg['standard_prefix'])})$", regex.REVERSE)
        # Where a symbol may start: a number followed by '/' or '-' (cheap to find; the full grammar runs there).
        self.symbol_start = lazy_compile(
            rf"{lead}(?:\d{{1,5}}[a-z]?[ \n]?[/\-–]"
            rf"|(?:\d{{1,3}}\.\d{{3}}|\d{{1,5}})(?=[ ]*,?[ ]*{date_w}[ ]+\d))")  # a number before its date, for a typed number
        self.of_issuer = lazy_compile(rf"{WS}*,?{WS}*(?i:{_alt(cfg['issuer_prepositions'])}){WS}+")
        self.law_amend = lazy_compile(_ws(cfg["law_amend"]))
        self.defined_name = lazy_compile(_ws(cfg["defined_name"]))
        # found from its last word backwards: "này" is rare, the type alternation is costly to try everywhere
        self.self_reference_end = lazy_compile(
            _ws(cfg["self_reference"]).replace("{TYPE}", rf"(?i:{type_alt})") + "$", regex.REVERSE)

def _compiled(rules: Rules) -> _Compiled:
    return rules.compiled("citations", _Compiled)


def _split_codes(c: _Compiled, codes: str, party_type: Optional[str], normative: bool = False) -> tuple[Optional[str], Optional[str]]:
    """'NĐ-CP' → ('NĐ', 'CP'); 'BTTTT-THH' → (None, 'BTTTT'); party '12-NQ/TU' → ('NQ', 'TU')."""
    segs = [s for s in _CODE_SEP.split(codes) if s]
    if party_type:
        return party_type, "-".join(segs)
    if not segs:
        return None, None
    first = segs[0].split(".")[0]
    if first.casefold() in c.type_by_code and len(segs) > 1:
        # N/YYYY/TTLT-BYT-BNV-BTC: joint issuers; N/QĐ-BNN-KTHT: issuer then drafting unit
        return first, "-".join(segs[1:]) if normative else segs[1]
    if first.casefold() in c.type_by_code and "." in segs[0]:
        return first, segs[0].split(".", 1)[1]
    return None, segs[0]


def _issuer_after(text: str, end: int, rules: Rules, c: _Compiled, starts: list[int],
                  mentions: list[Mention]) -> tuple[int, Optional[str]]:
    m = c.of_issuer.match(text, end, end + 600)
    if not m:
        return end, None
    pos = m.end()
    # A head title may stand before the body ("của Bộ trưởng Bộ Nội vụ", "của Chủ tịch UBND tỉnh").
    i = bisect.bisect_left(starts, pos)
    if i < len(mentions) and mentions[i].start <= pos + 160:
        first = mentions[i]
        gap = text[pos:first.start]
        if first.start == pos or (head_before(text, first.start, rules) is not None and len(gap) <= 40
                                  and "\n" not in gap and not regex.search(r"[,;.]", gap)):
            return first.end, first.ref.name
    return _generic_issuer(text, pos, end, rules, c)


_ISSUER_WORD = regex.compile(r"[\p{L}\d][\p{L}\d\-&]*")


def _generic_issuer(text: str, pos: int, end: int, rules: Rules, c: _Compiled) -> tuple[int, Optional[str]]:
    """'của Ban chấp hành Đảng bộ tỉnh', 'của Giám đốc Đại học Quốc gia …': a capitalised name to a stop word."""
    from .agencies import resolve_name

    p = pos
    last = None
    n = 0
    while n < 12:
        m = _ISSUER_WORD.match(text, p, p + 600)
        if not m:
            break
        w = m.group(0)
        if n == 0 and not w[:1].isupper():
            return end, None
        two = (w + " " + (_ISSUER_WORD.match(text, m.end() + 1, m.end() + 600).group(0) if _ISSUER_WORD.match(text, m.end() + 1, m.end() + 600) else "")).casefold()
        if n > 0 and (w.casefold() in c.issuer_stops or two.strip() in c.issuer_stops):
            break
        last = m.end()
        n += 1
        gap = regex.match(r"[ ]?[-–][ ]?|[ \n]", text[m.end():m.end() + 3])
        if not gap:
            break
        p = m.end() + gap.end()
    if last is None:
        return end, None
    surface = _WS_RUN.sub(" ", text[pos:last])
    return last, resolve_name(strip_head(surface, rules), rules).name


def _pinpoint(c: _Compiled, m: regex.Match) -> Optional[dict]:
    if "pin" in m.groupdict() and not m.group("pin"):
        return None
    def tidy(v):  # "5–7" → "5-7", "2 ,3" → "2, 3", "5 đến 7" → "5-7"
        if v is None:
            return None
        return c.pin_list.sub(", ", c.pin_range.sub("-", v))

    return {"article": tidy(m.group("article")), "clause": tidy(m.group("clause")), "point": tidy(m.group("point"))}


def _symbol_candidates(c: _Compiled, text: str):
    """Symbols in text order: (match, needs a type word before it)."""
    found = []
    for cand in c.symbol_start.finditer(text):
        m = c.symbols.match(text, cand.start(), cand.start() + 600)
        if m is not None:
            found.append((m, False))
        elif c.typed_symbols is not None:
            m = c.typed_symbols.match(text, cand.start(), cand.start() + 600)
            if m is not None:
                found.append((m, True))
    return found


def symbol_key(symbol: str) -> str:
    """A số ký hiệu as symbols are compared: no whitespace, case folded ("27/2019/ QĐ-UBND" and "27/2019/qđ-ubnd"
    are one symbol). The evaluator and the review files fold their outside spellings first (dashes, the eth)."""
    return _WS_RUN.sub("", symbol).casefold()


def find_citations(nt: NormText, rules: Rules, ctx: Optional[Context] = None) -> list[FoundCitation]:
    """Distinct citations in the text, in order of first mention, each with all its mentions.

    ``ctx.mentions`` are the document's agency mentions (found once by the agencies stage; without them the text
    is read for agencies here); they name an explicit issuer ("… của Bộ trưởng Bộ Nội vụ"). ``ctx.header``: the
    document's own symbol is no citation, and its excluded spans after the first line are not read.
    """
    header = ctx.header if ctx is not None else None
    doc_symbol = header.symbol if header is not None else None
    excluded = [e for e in header.excluded if e[0] > 0] if header is not None else []
    c = _compiled(rules)
    text = nt.text
    mentions = ctx.mentions if ctx is not None else None  # [] is a text read with no agency in it
    if mentions is None:
        mentions = find_agencies_in(text, rules)
    mstarts = [m.start for m in mentions]
    raw: list[FoundCitation] = []
    taken: list[tuple[int, int]] = []  # the spans cited so far, sorted: a later scanner reads only what is free

    # Laws and codes by name first: "Luật Đầu tư công số 49/2014/QH13" is one citation.
    _scan_amending_laws(c, text, raw, taken)
    _scan_laws(c, nt, rules, mstarts, mentions, raw, taken)
    _scan_symbols(c, nt, rules, mstarts, mentions, raw, taken)
    _scan_standards(c, nt, raw, taken)

    excluded_set = SpanSet(excluded)
    raw = [r for r in raw if not excluded_set.covers(r.start)]
    raw.sort(key=lambda r: r.start)
    _share_list_issuer(c, text, raw)
    own = symbol_key(doc_symbol) if doc_symbol else None
    raw = [r for r in raw if not (own and r.symbol and symbol_key(r.symbol) == own)]
    merged = _merge(c, raw)
    _short_forms(c, nt, merged, taken)
    _defined_names(c, nt, merged, taken)
    return merged


def _free(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether ``[s, e)`` overlaps none of the ``taken`` spans (sorted, not overlapping each other)."""
    i = bisect.bisect_left(taken, (s, s))
    if i > 0 and taken[i - 1][1] > s:
        return False
    return not (i < len(taken) and taken[i][0] < e)


def _scan_amending_laws(c: _Compiled, text: str, raw: list[FoundCitation], taken: list[tuple[int, int]]) -> None:
    """A law amending laws ("Luật sửa đổi, bổ sung … Luật A và Luật B"): its title runs through the amended laws."""
    for am in c.law_amend.finditer(text):
        # The amended laws follow; the amending law's title runs through them.
        end = am.end()
        names_end = end
        pos = end
        while True:
            lm = c.law.match(text, pos, pos + 600)
            if lm is None:
                break
            names_end = _law_name_end(c, lm)
            joint = c.law_joint.match(text[names_end:names_end + 12])
            if not joint:
                break
            pos = names_end + joint.end()
        title = _WS_RUN.sub(" ", text[am.start():names_end]).strip(" ,")
        e2 = names_end
        issued_on = None
        dm = c.law_date.match(text, names_end, names_end + 600)
        if dm:
            d = c.date_re.match(dm.group("date"))
            issued_on = parse_date_match(d) if d else None
            e2 = dm.end()
        raw.append(FoundCitation(key="", doc_type=c.law_type, symbol=None, number=None, year=None, type_code=None,
                                 issuer_code=None, issuer=c.default_issuers.get(c.law_type), issued_on=issued_on, title=title,
                                 pinpoint=None, start=am.start(), end=e2))
        bisect.insort(taken, (am.start(), e2))


def _scan_laws(c: _Compiled, nt: NormText, rules: Rules, mstarts: list[int], mentions: list[Mention],
               raw: list[FoundCitation], taken: list[tuple[int, int]]) -> None:
    """Laws and codes by name ("Luật Đầu tư công số 49/2014/QH13"), with their symbol, date and issuer."""
    text = nt.text
    for m in c.law.finditer(text):
        s = m.start()
        if nt.in_chrome(s) or not _free(taken, s, m.end("head")):
            continue
        pm = c.pin_before.search(text, max(0, s - 60), s)
        if pm is not None:
            s = pm.start()
        head = m.group("head")
        name_words = _law_name_words(c, m)
        rest_start = m.start("rest")
        name_end = rest_start + name_words[-1].end() if name_words else m.end("head")
        end = name_end
        issued_on = None
        symbol = None
        sm = c.law_symbol.match(text, name_end, name_end + 600)
        law_issuer_code = None
        if sm:
            symbol = _WS_RUN.sub("", sm.group("sym"))
            end = sm.end()
            _t, law_issuer_code = _split_codes(c, sm.group("codes") or "", sm.groupdict().get("party_type"), True)
        dm = c.law_date.match(text, end, end + 600)
        if dm:
            d = c.date_re.match(dm.group("date"))
            issued_on = parse_date_match(d) if d else None
            end = dm.end()
        evidence = issued_on is not None or symbol is not None
        if head not in c.law_heads_without_name and (not name_words or (not name_words[0].group(0)[:1].isupper() and not evidence)):
            continue
        if name_words and not name_words[0].group(0)[:1].isupper() and name_words[0].group(0).casefold() in c.amend_words:
            continue
        title = _WS_RUN.sub(" ", text[m.start("head"):name_end])
        end2, issuer = _issuer_after(text, end, rules, c, mstarts, mentions) if evidence else (end, None)
        doc_type = c.law_type if head in c.law_code_heads else head
        year = None
        if symbol:
            ym = regex.search(r"/((?:19|20)\d{2})/", symbol)
            year = int(ym.group(1)) if ym else None
        raw.append(FoundCitation(
            key="", doc_type=doc_type, symbol=symbol, number=symbol.split("/")[0] if symbol else None, year=year,
            type_code=None, issuer_code=law_issuer_code,
            issuer=issuer or c.default_issuers.get(doc_type),
            issued_on=issued_on, title=title, pinpoint=_pinpoint(c, pm) if pm is not None else None, start=s, end=end2,
            explicit_issuer=issuer is not None,
        ))
        bisect.insort(taken, (s, end2))


def _law_name_words(c: _Compiled, m: regex.Match) -> list[regex.Match]:
    """The words of a law's name after its head (``m`` a match of the law pattern), up to a comma, a stop word or
    the next document."""
    words = list(_LAW_WORD.finditer(m.group("rest")))
    name_words: list[regex.Match] = []
    for i, w in enumerate(words):
        lw = w.group(0).casefold()
        rest = m.group("rest")
        if i > 0 and "," in rest[words[i - 1].end():w.start()] and not any(
                rest[:words[i - 1].end()].casefold().endswith(left) and rest[w.start():].casefold().startswith(right)
                for left, right in c.law_comma_pairs):
            break  # a comma ends the name unless it is inside one ("Luật Phòng, chống thiên tai")
        if lw == c.of_word and i + 1 < len(words) and words[i + 1].group(0)[:1].islower() and name_words:
            name_words.append(w)  # "Luật Phòng, chống tác hại của rượu, bia": "của" inside the name
            continue
        two = (lw + " " + words[i + 1].group(0).casefold()) if i + 1 < len(words) else ""
        three = (two + " " + words[i + 2].group(0).casefold()) if i + 2 < len(words) else ""
        if lw == c.and_word:
            # "và" joins two documents ("… và Luật Tổ chức …") or continues one name ("HĐND và UBND")
            if c.doc_start.match(m.group("rest"), w.start() - 1 if w.start() else 0) or i + 1 >= len(words) \
                    or c.doc_start.match(m.group("rest"), w.end()):
                break
            name_words.append(w)
            continue
        if (lw in c.law_stops or two in c.law_stops or three in c.law_stops) and (
                name_words or not w.group(0)[:1].isupper() or not (lw in c.law_openers or two in c.law_openers)):
            break  # "Luật Ban hành văn bản …": a stop word that also opens names, capitalised, opens this one
        name_words.append(w)
    while name_words and name_words[-1].group(0).casefold() == c.and_word:
        name_words.pop()
    return name_words


def _scan_symbols(c: _Compiled, nt: NormText, rules: Rules, mstarts: list[int], mentions: list[Mention],
                  raw: list[FoundCitation], taken: list[tuple[int, int]]) -> None:
    """Documents by their số ký hiệu ("Quyết định số 27/2019/QĐ-UBND ngày …"), with the type word and pinpoint
    before the symbol and the date and issuer after it."""
    text = nt.text
    for m, typed_only in _symbol_candidates(c, text):
        s, e = m.span()
        if not _free(taken, s, e) or nt.in_chrome(s):
            continue
        window = max(0, s - 160)
        tm = c.type_before.search(text, window, s)
        if typed_only and tm is None:
            continue
        if tm is not None:
            s = tm.start()
            pm = c.pin_before.search(text, max(0, s - 60), s)
        else:
            pm = c.pin_before.search(text, max(0, s - 60), s)
        if pm is not None:
            s = pm.start()
        if not _free(taken, s, e):
            s = m.start()
        dm = c.date_after.match(text, e, e + 600)
        if dm and dm.group("datepart"):
            e = dm.end()
        sym = _WS_RUN.sub("", m.group(0)).replace("–", "-")
        g = m.groupdict()
        codes = g.get("codes") or ""
        if c.ocr_re is not None:  # "43/2011/ND-CP" as OCR reads it is "43/2011/NĐ-CP"
            sym = c.ocr_re.sub(lambda x: c.ocr_codes[x.group(0)], sym)
            codes = c.ocr_re.sub(lambda x: c.ocr_codes[x.group(0)], "-" + codes)[1:]
        type_code, issuer_code = _split_codes(c, codes, g.get("party_type"), bool(g.get("year")))
        if g.get("codes") is None:
            type_code, issuer_code = None, None
        doc_type = _symbol_doc_type(c, tm, type_code, issuer_code, bool(g.get("year")))
        year = int(g["year"]) if g.get("year") else None
        issued_on = None
        if dm and dm.group("date"):
            d = c.date_re.match(dm.group("date"))
            issued_on = parse_date_match(d) if d else None
        end, issuer = _issuer_after(text, e, rules, c, mstarts, mentions)
        explicit = issuer is not None
        if issuer is None and issuer_code:
            issuer = c.issuers.get(issuer_code.split("-")[0].casefold())
        fc = FoundCitation(
            key="", doc_type=doc_type, symbol=sym, number=g.get("number"), year=year, type_code=type_code,
            issuer_code=issuer_code, issuer=issuer, issued_on=issued_on, title=None,
            pinpoint=_pinpoint(c, pm) if pm is not None else None, start=s, end=end, explicit_issuer=explicit,
        )
        raw.append(fc)
        bisect.insort(taken, (s, end))


def _symbol_doc_type(c: _Compiled, tm: Optional[regex.Match], type_code: Optional[str], issuer_code: Optional[str],
                     has_year: bool) -> Optional[str]:
    """A cited symbol's document type: the type word before it (``tm``), else its type code, else the fallback type
    for an issuer's year-less symbol."""
    doc_type = None
    if tm is not None and tm.group("type"):
        doc_type = c.type_by_name[_WS_RUN.sub(" ", tm.group("type")).casefold()][0]
    elif tm is not None and tm.groupdict().get("abbr"):
        doc_type = c.type_abbr[tm.group("abbr")]
    elif type_code:
        doc_type = c.type_by_code.get(type_code.casefold())
    elif issuer_code and not has_year:
        doc_type = c.fallback_type
    if doc_type in c.generic_document_words or (doc_type is None and tm is not None):
        doc_type = c.fallback_type
    return doc_type


def _scan_standards(c: _Compiled, nt: NormText, raw: list[FoundCitation], taken: list[tuple[int, int]]) -> None:
    """Technical standards ("TCVN 5574:2018") with their prefix."""
    text = nt.text
    for m in c.standard.finditer(text):
        st = m.start()
        px = c.standard_prefix.search(text, max(0, st - 40), st)
        if px is not None:
            st = px.start()
        if not _free(taken, st, m.end()) or nt.in_chrome(st):
            continue
        sym = _WS_RUN.sub(" ", m.group("std"))
        raw.append(FoundCitation(key="", doc_type=c.standard_type, symbol=sym, number=None, year=None, type_code=None,
                                 issuer_code=None, issuer=None, issued_on=None, title=None, pinpoint=None,
                                 start=st, end=m.end()))
        bisect.insort(taken, (st, m.end()))


def _defined_names(c: _Compiled, nt: NormText, cites: list[FoundCitation], taken) -> None:
    """'Quyết định số 765/QĐ-UBND … (sau đây viết tắt là Quyết định số 765)': later uses of the alias cite it."""
    text = nt.text
    for ci in cites:
        for a, b in list(ci.mentions):
            dm = c.defined_name.match(text, b, b + 600)
            if not dm:
                continue
            alias = dm.group("alias").strip()
            rx = regex.compile(r"(?<![\p{L}\d])" + r"[ \n]+".join(map(regex.escape, alias.split())) + r"(?![\p{L}\d/])")
            for m in rx.finditer(text, dm.end()):
                if not any(m.start() < y and x < m.end() for x, y in taken) and not nt.in_chrome(m.start()):
                    ci.mentions.append(m.span())
            ci.mentions = sorted(set(ci.mentions))


def find_self_references(nt: NormText, rules: Rules) -> list[tuple[int, int]]:
    """'Kế hoạch này', 'Quyết định này': the document referring to itself."""
    c = _compiled(rules)
    out = []
    for m in c.demonstrative.finditer(nt.text):
        r = c.self_reference_end.search(nt.text, max(0, m.start() - 40), m.end())
        if r is not None and not nt.in_chrome(r.start()):
            out.append(r.span())
    return out


def _law_name_end(c: _Compiled, m: regex.Match) -> int:
    """End of a law's name in a ``c.law`` match (before 'ngày', 'số', punctuation, another document)."""
    words = list(_LAW_WORD.finditer(m.group("rest")))
    end = m.end("head")
    for i, w in enumerate(words):
        lw = w.group(0).casefold()
        two = (lw + " " + words[i + 1].group(0).casefold()) if i + 1 < len(words) else ""
        if lw in c.law_stops or two in c.law_stops:
            break
        gap = m.group("rest")[words[i - 1].end() if i else 0:w.start()]
        if regex.search(r"[^ \n]", gap):
            break
        end = m.start("rest") + w.end()
    return end


def _share_list_issuer(c: _Compiled, text: str, cites: list[FoundCitation]) -> None:
    """'QĐ 1819/QĐ-TTg …, QĐ 846/QĐ-TTg …, QĐ 877/QĐ-TTg … của Thủ tướng Chính phủ': the issuer is shared."""
    i = 0
    while i < len(cites):
        j = i
        while j + 1 < len(cites) and c.list_gap.fullmatch(text, cites[j].end, cites[j + 1].start):
            if cites[j].explicit_issuer:
                break
            j += 1
        if j > i and cites[j].explicit_issuer:
            for k in range(i, j):
                if cites[k].doc_type != c.law_type:
                    cites[k].issuer = cites[j].issuer
        i = j + 1


def _merge(c: _Compiled, raw: list[FoundCitation]) -> list[FoundCitation]:
    out: list[FoundCitation] = []
    by_key: dict[str, FoundCitation] = {}
    by_symbol: dict[str, list[FoundCitation]] = {}
    for r in raw:
        if r.symbol:
            base = symbol_key(r.symbol)
            same = by_symbol.get(base, [])
            target = None
            if r.issued_on is None or r.year is not None:
                target = same[0] if same else None
            else:
                for cand in same:
                    if cand.issued_on is None or cand.issued_on == r.issued_on:
                        target = cand
                        break
            key = base if r.year or r.issued_on is None else f"{base}@{r.issued_on.year}"
        else:
            base = "law:" + _WS_RUN.sub(" ", (r.title or "")).casefold()
            if r.issued_on is not None and c.amend_marker in base:
                base += f"@{r.issued_on.year}"  # amending laws share titles across years
            target = by_key.get(base)
            key = base
        if target is not None:
            target.mentions.append((r.start, r.end))
            for attr in ("issued_on", "issuer", "pinpoint"):
                if getattr(target, attr) is None and getattr(r, attr) is not None:
                    setattr(target, attr, getattr(r, attr))
            if target.key.count("@") == 0 and target.year is None and target.issued_on is not None and target.symbol:
                target.key = f"{symbol_key(target.symbol)}@{target.issued_on.year}"
            continue
        if r.symbol and r.year is None and r.issued_on is not None:
            key = f"{symbol_key(r.symbol)}@{r.issued_on.year}"
        r.key = key
        r.mentions.append((r.start, r.end))
        by_key[key] = r
        if r.symbol:
            by_symbol.setdefault(symbol_key(r.symbol), []).append(r)
        out.append(r)
    return out


def _short_forms(c: _Compiled, nt: NormText, cites: list[FoundCitation], taken) -> None:
    """'Nghị quyết 17' after 'Nghị quyết số 17/NQ-CP …' is a further mention of it."""
    by_number: dict[str, list[FoundCitation]] = {}
    for ci in cites:
        if ci.number and ci.doc_type:
            by_number.setdefault(ci.number, []).append(ci)
    if not by_number:
        return
    for m in _BARE_NUMBER.finditer(nt.text):
        if m.group(0) not in by_number:
            continue
        s, e = m.span()
        tm = c.type_before.search(nt.text, max(0, s - 60), s)
        if tm is None or not tm.group("type") or nt.in_chrome(s):
            continue
        s = tm.start()
        if any(s < b and a < e for a, b in taken):
            continue
        t = c.type_by_name.get(_WS_RUN.sub(" ", tm.group("type")).casefold())
        for target in by_number[m.group(0)]:
            if t and target.doc_type == t[0] and target.start < s:
                target.mentions.append((s, e))
                break
    for ci in cites:
        ci.mentions = sorted(set(ci.mentions))


_SENTENCE_BREAK = regex.compile(r"[.!?…][ \n]+\p{Lu}")
_BRACKET_CLOSE = regex.compile(r"[ ]*(?:,[^()\n]{0,40})?\)")


def reported_document(nt: NormText, citations: list[FoundCitation], body_start: int, rules: Rules,
                      mentions: Iterable[Mention] = (), stamp: Optional[date] = None,
                      ) -> tuple[Optional[FoundCitation], Optional[str], Optional[date]]:
    """(the one document a news or portal page reports, its issuer, its date) or (None, None, None); rules:
    citations.yaml ``reported_*``. The issuer is the body that issues it in the sentence ("UBND tỉnh Cao Bằng ban
    hành Công văn …"), else the citation's own; the date is the citation's, else a full date earlier in the same
    sentence ("Ngày 11/7/2018, UBND tỉnh đã có Công văn số 1128 …"), never another document's; a date without its
    year right after the number takes it from ``stamp`` (the page's own date) or from the documents the sentence
    cites (citations.yaml ``reported_day_month``).

    The page then describes that document (its ``symbol``, ``doc_type``, ``issuer``, ``issued_on``) and the document
    is no citation of itself (issue 14; corpus/GUIDELINES.md). Only for texts without a header number of their own;
    the caller checks that."""
    c = _compiled(rules)
    text = nt.text
    mentions = sorted(mentions, key=lambda x: x.start)
    found, sentence, frame_at = _reported(c, text, citations, body_start, mentions)
    if found is None:
        return None, None, None
    issued_on = found.issued_on
    if issued_on is None:
        others = {ci.issued_on for ci in citations if ci is not found and ci.issued_on is not None
                  and sentence <= ci.start < found.start}
        own = c.reported_day_month.search(text, found.start, min(len(text), found.end + 40, found.start + 80))
        if own is not None and c.date_word.search(text, found.start, own.start()):
            own = None  # the first "ngày" after the number is the document's own; a later one is another's
        if own is not None:
            issued_on = _year_for(int(own["d"]), int(own["m"]), stamp, max(others, default=None))
        else:
            for d in c.reported_date.finditer(text, sentence, found.start):
                day = make_date(int(d.group("y")), int(d.group("m")), int(d.group("d")), [], "")
                if day is not None and day not in others:  # another document's date is not this one's
                    issued_on = day
                    break
    if frame_at is not None:
        before = [x for x in mentions if sentence <= x.start and x.end <= frame_at]
        if before:
            return found, before[-1].ref.name, issued_on
    return found, found.issuer, issued_on


def _year_for(day: int, month: int, stamp: Optional[date], cited: Optional[date]) -> Optional[date]:
    """``day``/``month`` in the year that puts it on or before ``stamp`` (the page's date) or, without one, on or
    after ``cited`` (the latest document it implements); None without either, or for no such day (31/4)."""
    if stamp is not None:
        return day_on_or_before(day, month, stamp)
    return day_on_or_after(day, month, cited) if cited is not None else None


def _reported(c: _Compiled, text: str, citations: list[FoundCitation], body_start: int,
              mentions: list[Mention]) -> tuple[Optional[FoundCitation], int, Optional[int]]:
    """(the reported document, where its sentence starts, where the verb of issuing before it starts or None)."""
    numbered = sorted((ci for ci in citations if ci.symbol), key=lambda ci: ci.start)  # a title line may name it too
    mentions = sorted(mentions, key=lambda x: x.end)
    mention_ends = [x.end for x in mentions]
    if not numbered:
        return None, 0, None
    for ci in numbered:
        if ci.start >= body_start + c.reported_within:
            break
        if len(_SENTENCE_BREAK.findall(text, min(body_start, ci.start), ci.start)) >= c.reported_lede:
            break  # past the lede: a document named further down is background
        line_start = text.rfind("\n", 0, ci.start) + 1
        sentence = max(text.rfind(".", 0, ci.start) + 1, line_start)
        if c.reported_background.search(text[max(0, sentence - 1):ci.start]):
            continue  # "Trước đó, Thủ tướng có Công điện số …": the background of the news
        window = max(line_start, ci.start - 120)
        frame = c.reported_frame.search(text[window:ci.start])
        if frame is not None:
            return ci, sentence, window + frame.start()
        if c.reported_carrier_before.search(text[sentence:ci.start]) and c.reported_carrier_after.match(
                text[ci.end:min(len(text), ci.end + 160)]):
            return ci, sentence, None  # "Tại Công điện số 08/CĐ-UBND, Chủ tịch UBND tỉnh Gia Lai yêu cầu …"
        k = bisect.bisect_left(mention_ends, ci.start + 1) - 1  # the last body named before the document
        speaker = mentions[k] if k >= 0 and mentions[k].start >= sentence else None
        if (speaker is not None and c.reported_stated_at.match(text[speaker.end:ci.start])
                and not c.reported_relative_head.search(text[sentence:speaker.start])) \
                or c.reported_stated_that.search(text[max(0, sentence - 1):ci.start]):
            return ci, sentence, ci.start  # "Phó Chủ tịch UBND tỉnh kết luận tại Thông báo số 139/TB-UBND …"
        if c.reported_prefix.match(text[line_start:ci.start]):
            line_end = text.find("\n", ci.end)
            if c.reported_about.match(text[ci.end:ci.end + 80]) or (
                    line_start == body_start and c.reported_intro.match(text[ci.end:len(text) if line_end < 0 else line_end])):
                return ci, sentence, None
        if not text[:line_start].strip() and c.reported_bracket.search(text[window:ci.start]) \
                and _BRACKET_CLOSE.match(text, ci.end, ci.end + 80):
            return ci, sentence, None  # "Về việc … (3585/VP-KTN, ngày 23/10/2017)." — the title line of the page
        if c.reported_bracket.search(text[window:ci.start]) and c.reported_paragraph_bracket.match(
                text, ci.end, min(len(text), ci.end + 80)):
            return ci, sentence, None  # "… thông báo ý kiến của Phó Chủ tịch … (Công văn số 5001/VP-KTN, ngày 4/12/2019)."
    last = numbered[-1]
    close = text.find(")", last.end, last.end + 40)
    if close >= 0 and c.reported_source.search(text[max(0, last.start - 12):last.start]) \
            and not text[close + 1:].strip(" \n.…"):
        return last, max(text.rfind(".", 0, last.start) + 1, text.rfind("\n", 0, last.start) + 1), None
    if c.reported_fulltext is not None and len({ci.symbol for ci in numbered}) == 1:
        # "Sở Nội vụ trân trọng giới thiệu toàn văn Văn bản số581/BNV-CCHC …": the page links the one document it reports
        for ci in numbered:
            line_start = text.rfind("\n", 0, ci.start) + 1
            if c.reported_fulltext.search(text[max(line_start, ci.start - 120):ci.start]):
                return ci, max(text.rfind(".", 0, ci.start) + 1, line_start), None
    return None, 0, None
