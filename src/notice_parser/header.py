"""Stage 2: the document header — type, symbol, place and date, issuer, title, signer, recipients.

Formal documents (NĐ 30/2020) carry a header block; web reports of a notice carry a title and
an opening sentence that dates the meeting. Which date was used is recorded in
``date_source``; ``reference_date=`` overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

import regex

from .context import Context
from .dates import date_grammar, day_on_or_before, last_day, make_date, parse_date_match
from .normalize import ITEM_MARKER, NormText, is_caps
from .rules import Rules, lazy_compile
from .spans import lines_with_offsets


@dataclass
class Header:
    doc_type: Optional[str] = None
    symbol: Optional[str] = None
    symbol_span: Optional[tuple[int, int]] = None
    issuer: Optional[str] = None
    issuer_caps: Optional[str] = None  # the issuer's lines as printed (the agencies stage gives the canonical name)
    issued_on: Optional[date] = None
    date_source: str = "none"
    place: Optional[str] = None
    title: Optional[str] = None
    signer_name: Optional[str] = None
    signer_title: Optional[str] = None
    recipients: list[str] = field(default_factory=list)
    recipient_span: Optional[tuple[int, int]] = None  # the first "Kính gửi" block (normalised offsets)
    body_start: int = 0
    title_span: Optional[tuple[int, int]] = None
    # Spans (normalised offsets) that are not body text: header lines, recipient lists, signatures.
    excluded: list[tuple[int, int]] = field(default_factory=list)


class _Compiled:
    def __init__(self, rules: Rules):
        cfg = rules.yaml("header.yaml")
        self.symbol_label = cfg["symbol_label"]
        self.national_motto_start = cfg["national_motto_start"]
        self.recipient_openers = tuple(cfg["recipient_openers"])
        self.flat_issuer = lazy_compile(cfg["flat_issuer"])
        self.titlecase_after = tuple(cfg["titlecase_after"])
        self.symbol_line = lazy_compile(cfg["symbol_line"])
        self.place_date = lazy_compile(cfg["place_date"])
        self.symbol_alone = lazy_compile(cfg["symbol_alone"])
        self.symbol_inline = lazy_compile(cfg["symbol_inline"])
        self.posted_label = lazy_compile(cfg["posted_label"])
        self.stamp_written_date = lazy_compile(cfg["stamp_written_date"])
        self.place_date_inline = lazy_compile(cfg["place_date_inline"])
        self.telegram_time = lazy_compile(cfg["telegram_time"])
        self.subject_line = lazy_compile(cfg["subject_line"])
        self.subject_line_type = cfg.get("subject_line_type")
        self.title_stops = lazy_compile(cfg["title_stops"])
        self.opening_day_month = lazy_compile(cfg["opening_day_month"])
        self.opening_day_month_in_line = lazy_compile(cfg["opening_day_month_in_line"])
        self.capture_month = lazy_compile(cfg["capture_month"])
        self.opening_period_year = lazy_compile(cfg["opening_period_year"])
        self.opening = lazy_compile(cfg["opening_date"])
        self.signature_time = lazy_compile(cfg["signature_time"]) if cfg.get("signature_time") else None
        self.opening_in_line = lazy_compile(cfg["opening_in_line"]) if cfg.get("opening_in_line") else None
        self.openers = lazy_compile(
            r"^[ ]*(?:" + "|".join(regex.escape(o) for o in cfg["body_openers"]) + r")(?![\p{L}])"
        )
        self.opener_inside = lazy_compile(
            r"(?<=\S)[ ]+(?=(?:" + "|".join(regex.escape(o) for o in cfg["body_openers"] if o not in cfg["recipient_heads"])
            + r")(?![\p{L}]))")
        self.telegram_head = lazy_compile(cfg["telegram_head"])
        self.closing_mark_head = lazy_compile(
            r"\./\.[ ]*(?=(?:" + "|".join(regex.escape(x) for x in cfg["recipient_heads"]) + r")[ ]*:)", regex.I)
        self.recipient_head = lazy_compile(
            r"^[ ]*(?:" + "|".join(regex.escape(h) for h in cfg["recipient_heads"]) + r")[ ]*:", regex.I
        )
        self.signature = lazy_compile(cfg["signature_marks"])
        self.signature_mark_split = lazy_compile(cfg["signature_mark_split"])
        self.signer_titles = set(cfg["signer_titles"])
        self.distribution_item = lazy_compile(cfg["distribution_item"])
        self.symbol_bare = lazy_compile(cfg["symbol_bare"])
        self.not_recipient = lazy_compile(cfg["not_recipient"])
        self.distribution_last = lazy_compile(cfg["distribution_last"])
        self.title_types = [(lazy_compile(t["regex"]), t["doc_type"]) for t in cfg["title_types"]]
        types = []
        for row in rules.tsv("doc_types.tsv"):
            for n in row["names"].split("|"):
                types.append(n)
        self.type_names = sorted(set(types), key=lambda w: (-len(w), w))
        self.type_line = lazy_compile(
            r"^[ ]*(?P<type>" + "|".join(regex.escape(t.upper()) for t in self.type_names) + r")(?![\p{L}])"
        )
        self.type_canonical = {t.upper(): t for t in self.type_names}


_TIME_OF_DAY = regex.compile(r"(?<!\d)\d{1,2}[ ]*(?::|h)[ ]*\d{2}(?!\d)")
_ISO_DATE = regex.compile(r"[ ]*(?:date[ ]+)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")


def parse_header(nt: NormText, rules: Rules, ctx: Optional[Context] = None) -> Header:
    """The header of a normalised notice: type, symbol, place and date, issuer, title, signer, recipients, where
    the body starts and the spans that are not body text (normalised offsets). ``ctx.reference_date`` overrides
    the date found (``date_source`` "reference")."""
    reference_date = ctx.reference_date if ctx is not None else None
    c = rules.compiled("header", _Compiled)
    date_re = date_grammar(rules).date_re
    text = nt.text
    h = Header()
    all_lines = [(s, e) for s, e, _line in lines_with_offsets(text)]  # every line, page chrome included
    lines = [(s, e) for s, e in all_lines if text[s:e].strip() and not nt.in_chrome(s)]
    head_zone = lines[:40]

    for i in range(len(head_zone)):
        if h.symbol is None:
            _symbol_at(c, text, head_zone, i, h)
        if h.issued_on is None and i < 15:
            _place_date_at(c, date_re, text, head_zone, i, h)
    type_line = _type_line(c, text, head_zone, h)
    if h.symbol or h.date_source == "header":
        _issuer(c, text, head_zone, h)
    _title_and_body_start(c, text, lines, head_zone, type_line, h)
    _recipients_and_signatures(c, text, all_lines, h)
    if h.issued_on is None:
        found = _date_without_header(c, date_re, nt, all_lines, lines, h.symbol)
        if found is not None:
            h.issued_on, h.date_source = found
    if reference_date is not None:
        h.issued_on, h.date_source = reference_date, "reference"
    return h


def _symbol_at(c: _Compiled, text: str, head_zone: list[tuple[int, int]], i: int, h: Header) -> None:
    """The symbol ("Số: 27/2019/QĐ-UBND") if header line ``i`` carries it (or names it for the next line)."""
    s, e = head_zone[i]
    line = text[s:e]
    m = c.symbol_line.match(line)
    sym_at = s
    if m is None and c.symbol_alone.match(line) and i + 1 < len(head_zone):
        # "Số:\n27/2019/QĐ-UBND": the symbol on the next line
        ns, ne = head_zone[i + 1]
        m = c.symbol_line.match(c.symbol_label + text[ns:ne].lstrip())
        sym_at = ns + (len(text[ns:ne]) - len(text[ns:ne].lstrip())) - len(c.symbol_label)
    if m is None and i < 3:
        m = c.symbol_inline.search(line) or c.symbol_bare.match(line)  # a flattened header; a bare symbol
    if m:
        h.symbol = regex.sub(r"[ ]+", "", m.group("symbol")).rstrip(".")
        h.symbol_span = (sym_at + m.start("symbol"), sym_at + m.end("symbol"))
        h.excluded.append((s, e))
        if sym_at != s:
            h.excluded.append(head_zone[i + 1])


def _place_date_at(c: _Compiled, date_re: regex.Pattern, text: str, head_zone: list[tuple[int, int]], i: int,
                   h: Header) -> None:
    """The place and date of issue ("Tân An, ngày 5 tháng 3 năm 2024") if header line ``i`` carries them."""
    s, e = head_zone[i]
    line = text[s:e]
    m = c.place_date.match(line) or c.place_date_inline.search(line)
    # … or a công điện's hour and day of dispatch on its number's line ("Số: 01 CĐ/PCLB hồi 15 giờ 30’ ngày 17/9/2013")
    tm = c.telegram_time.search(line) if m is None else None
    if m is None and tm is None:
        return
    dm = date_re.search((m or tm).group("date"))
    h.issued_on = parse_date_match(dm) if dm else None
    if h.issued_on and tm is not None:
        h.date_source = "header"
        h.excluded.append((s, e))
    elif h.issued_on:
        place = m.group("place").strip()
        if i > 0 and m.start("place") == len(line) - len(line.lstrip()):
            ps_, pe_ = head_zone[i - 1]
            prev = text[ps_:pe_].strip()
            if regex.fullmatch(r"\p{Lu}\p{Ll}+", prev):
                place = f"{prev} {place}"  # "Long\nXuyên, ngày …": the place broken over two lines
        if h.symbol_span and s <= h.symbol_span[1] <= s + m.end("place"):
            place = text[h.symbol_span[1]:s + m.end("place")].strip()  # "Số: 512/UBND-KT Tân An, ngày …"
        h.place = place
        h.date_source = "header"
        h.excluded.append((s, e))


def _type_line(c: _Compiled, text: str, head_zone: list[tuple[int, int]], h: Header) -> Optional[int]:
    """Document type: an all-caps type line in the header zone ("QUYẾT ĐỊNH …", "THÔNG BÁO"), with the title after
    it; returns the line's index in ``head_zone`` (None when there is none)."""
    for i, (s, e) in enumerate(head_zone):
        line = text[s:e]
        m = c.type_line.match(line)
        if m and is_caps(line):
            h.doc_type = c.type_canonical[m.group("type")]
            rest = line[m.end():].strip(" :")
            h.title = rest or None
            if h.title is None:
                # "QUYẾT ĐỊNH / BAN HÀNH QUY CHẾ … / ỦY BAN NHÂN DÂN TỈNH X": the caps lines after the type line,
                # up to the issuing authority's line or the body
                parts = []
                for ts, te in head_zone[i + 1:i + 4]:
                    tl = text[ts:te].strip()
                    if not tl or c.title_stops.match(tl) or not is_caps(tl) or c.openers.match(tl):
                        break
                    parts.append(tl)
                h.title = " ".join(parts) or None
            return i
    return None


def _issuer(c: _Compiled, text: str, head_zone: list[tuple[int, int]], h: Header) -> None:
    """Issuer: the caps lines at the very top, before "CỘNG HÒA …" (formal header only)."""
    top = []
    for s, e in head_zone[:6]:
        line = text[s:e].strip()
        flat = c.flat_issuer.match(line)
        if flat and not top:
            top.append(flat.group(1))  # "THỦ TƯỚNG CHÍNH PHỦ ------ Số: 24/CT-TTg | CỘNG HÒA …": one flattened line
            break
        if h.symbol_span and s <= h.symbol_span[0] < e and not top:
            continue  # a symbol printed alone above the issuer
        if line.upper().startswith(c.national_motto_start) or not is_caps(line):
            break
        top.append(line)
    if top:
        h.issuer_caps = " ".join(top)
        h.issuer = _titlecase_agency(c, h.issuer_caps)


def _title_and_body_start(c: _Compiled, text: str, lines: list[tuple[int, int]], head_zone: list[tuple[int, int]],
                          type_line: Optional[int], h: Header) -> None:
    """Body start: after the title in a formal document, after the subject line of a numbered letter, else after a
    first line that reads as a title; the header lines are excluded."""
    if type_line is not None and (h.symbol or h.date_source == "header"):
        s, e = head_zone[type_line]
        h.body_start = e
        h.excluded.append((0, e))
    elif h.symbol and (vv := next(((s_, e_) for s_, e_ in head_zone[:15] if c.subject_line.match(text[s_:e_])), None)):
        # "Số: 512/UBND-KT … / V/v tăng cường quản lý đất đai": a numbered letter, its subject the title
        s, e = vv
        h.doc_type = h.doc_type or c.subject_line_type
        h.title = c.subject_line.sub("", text[s:e]).strip(" :") or None
        h.title_span = (s, e)
        h.body_start = e
        h.excluded.append((0, e))
    elif lines:
        first_s, first_e = lines[0]
        first = text[first_s:first_e].strip()
        # a sentence closed inside its quotes ("… kết luận: “Sở X chủ trì …”") is no title either
        if (len(first) < 250 and not first.rstrip("”\"’)").endswith((".", ":", ";", "!", "?")) and not c.openers.match(first)
                and (first_s, first_e) not in h.excluded and not ITEM_MARKER.match(first)):
            h.title = first
            h.body_start = first_e
            h.title_span = (first_s, first_e)
            h.excluded.append((first_s, first_e))
            if h.doc_type is None:
                for rx, dt in c.title_types:
                    if rx.search(first):
                        h.doc_type = dt
                        break


def _recipients_and_signatures(c: _Compiled, text: str, all_lines: list[tuple[int, int]], h: Header) -> None:
    """Recipient lists and signature blocks, anywhere in the text: read into ``h`` and excluded from the body."""
    i = 0
    while i < len(all_lines):
        s, e = all_lines[i]
        line = text[s:e]
        if c.recipient_head.match(line) or c.telegram_head.match(line):
            i = _recipient_block(c, text, all_lines, i, h)
        elif (cm := c.closing_mark_head.search(line)) is not None:
            # "… biết, thực hiện./.Nơi nhận:": a page that ran the closing mark and the recipients' head together
            i = _recipient_block(c, text, all_lines, i, h, shift=cm.end())
        elif c.signature.match(line):
            i = _signature_block(c, text, all_lines, i, h)
        else:
            i += 1


def _recipient_block(c: _Compiled, text: str, all_lines: list[tuple[int, int]], i: int, h: Header,
                     shift: int = 0) -> int:
    """The recipients of the block headed on line ``i`` ("Kính gửi: …", "Nơi nhận: …"), ``shift`` characters into
    the line; returns the index of the first line after the block."""
    s, e = all_lines[i]
    s += shift
    line = text[s:e]
    head = c.recipient_head.match(line)
    telegram = head is None  # "BỘ TRƯỞNG BỘ … ĐIỆN:": a công điện's addressees follow as a "Kính gửi" block's do
    if telegram:
        head = c.telegram_head.match(line)
    block_end = e
    inline = line[head.end():]
    # "Kính gửi: Ông (Bà) Hiệu trưởng các đơn vị trực thuộc. Thực hiện Kế hoạch …": the body goes on in the
    # same line after the addressees' full stop
    for dot in _FULL_STOP.finditer(inline):
        if c.openers.match(inline[dot.end():]):
            block_end = s + head.end() + dot.start() + 1
            inline = inline[:dot.start() + 1]
            break
    else:
        om = c.opener_inside.search(inline)
        if om and om.start() > 0:
            # "Kính gửi: Uỷ ban nhân dân các tỉnh, thành phố trực thuộc Trung ương Thực hiện nhiệm vụ …": the wrapped
            # lines were joined; the body's opening word, capitalised, starts the body
            block_end = s + head.end() + om.start()
            inline = inline[:om.start()]
    inline = inline.strip()
    if inline:
        h.recipients.extend(x for x in _items(inline) if not c.not_recipient.match(x))
    j = i + 1
    addressed = telegram or line.lstrip().startswith(c.recipient_openers)
    distribution = not addressed
    unfinished = False  # the item before does not end with ';' or '.': this line may carry it on
    carried = False  # the last item read is the last recipient
    cut_inline = block_end < e  # a block cut inside its line ends there
    first_line = True  # the next non-empty line is the first below the head
    while j < len(all_lines) and not cut_inline:
        ls, le = all_lines[j]
        item = text[ls:le].strip()
        if not item:
            j += 1
            continue
        if telegram and c.recipient_head.match(item):
            break  # "… điện:" and then "Kính gửi: …": the addressees are that block's
        dashed = regex.match(r"^[-–•+]", item)
        was_first, first_line = first_line, False
        if (was_first and not dashed and not distribution and not inline and not c.openers.match(item)
                and not c.signature.match(item)):
            # "Kính gửi:" alone on its line, the addressee on the next one (a layout a PDF's text layer keeps)
            new = [x for x in _items(item) if not c.not_recipient.match(x)]
            h.recipients.extend(new)
            block_end = le
            j += 1
            continue
        if dashed or distribution and not c.signature.match(item) and (
                unfinished or c.distribution_item.search(item)):
            if unfinished and not dashed and h.recipients and carried and not c.not_recipient.match(item):
                h.recipients[-1] = _items(f"{h.recipients[-1]} {item}")[0]  # an item broken over lines
            else:
                new = [x for x in _items(item) if not c.not_recipient.match(x)]
                h.recipients.extend(new)
                carried = bool(new)
            block_end = le
            unfinished = distribution and not item.endswith((";", "."))  # "…, Bến Tre," goes on
            j += 1
            if distribution and c.distribution_last.match(item):
                break  # "Lưu: VT, …" is the last item
            continue
        break
    h.excluded.append((s, block_end))
    if h.recipient_span is None and addressed and (block_end > e or inline):
        # a công điện's head line names its signer ("BỘ TRƯỞNG BỘ … ĐIỆN:"): the addressees start after it
        h.recipient_span = (s + head.end() if telegram else s, block_end)
    return j


def _signature_block(c: _Compiled, text: str, all_lines: list[tuple[int, int]], i: int, h: Header) -> int:
    """The signature block opened on line ``i`` (its titles, then the signer's name); returns the index of the first
    line after the block."""
    s, e = all_lines[i]
    block_start = s
    titles = [text[s:e].strip()]
    j = i + 1
    block_end = e
    while j < len(all_lines):
        ls, le = all_lines[j]
        item = text[ls:le].strip()
        if not item or regex.fullmatch(r"[*\s]+", item):
            j += 1
            continue
        if is_caps(item) and len(item) < 80:
            titles.append(item)
            block_end = le
            j += 1
            continue
        if regex.fullmatch(r"(?:\p{Lu}\p{Ll}*[ ]+){1,4}\p{Lu}\p{Ll}*", item):
            if h.signer_name is None:
                h.signer_name = item
                h.signer_title = _signer_title(c, " ".join(titles))
            block_end = le
            j += 1
        break
    h.excluded.append((block_start, block_end))
    return j


def _date_without_header(c: _Compiled, date_re: regex.Pattern, nt: NormText, all_lines: list[tuple[int, int]],
                         lines: list[tuple[int, int]], symbol: Optional[str]) -> Optional[tuple[date, str]]:
    """(date, date_source) when the header has no date, trying in order: the electronic signature's stamp, the
    opening sentence, a page capture's ISO date, a web byline, a capture's year and month, the same day written
    in full further on, the symbol's year. None when none gives one."""
    text = nt.text
    return (_signature_stamp(c, text)
            or _opening_date(c, date_re, text, lines)
            or _opening_in_line(c, date_re, nt)
            or _capture_iso_date(text, all_lines)
            or _byline(c, date_re, nt, lines)
            or _capture_month(c, nt, all_lines, lines)
            or _day_month_year_later(c, date_re, text, lines)
            or _symbol_year(symbol))


def _signature_stamp(c: _Compiled, text: str) -> Optional[tuple[date, str]]:
    """The electronic signature's stamp near the top (header.yaml signature_time)."""
    if c.signature_time is None:
        return None
    sm = c.signature_time.search(text, 0, min(len(text), 1500))  # the stamp is web-chrome-like: not in lines
    if sm:
        try:
            return date(int(sm["y"]), int(sm["m"]), int(sm["d"])), "signature"
        except ValueError:
            pass
    return None


def _opening_date(c: _Compiled, date_re: regex.Pattern, text: str,
                  lines: list[tuple[int, int]]) -> Optional[tuple[date, str]]:
    """A full date opening one of the first body lines (header.yaml opening_date)."""
    for s, e in lines[:12]:
        m = c.opening.match(text[s:e])
        if m:
            dm = date_re.search(m.group(0))
            d = parse_date_match(dm) if dm else None
            if d:
                return d, "opening"
    return None


def _opening_in_line(c: _Compiled, date_re: regex.Pattern, nt: NormText) -> Optional[tuple[date, str]]:
    """An opening sentence joined to the line before it (header.yaml opening_in_line)."""
    if c.opening_in_line is None:
        return None
    text = nt.text
    # a hard-wrapped page (a PDF) whose opening sentence was joined to the line before it: "… tỉnh Bình Định
    # Ngày 25/12/2018, Phó Chủ tịch …" — a capitalised "Ngày" with a full date and a comma opens a sentence
    m = next((x for x in c.opening_in_line.finditer(text, 0, min(len(text), 1500)) if not nt.in_chrome(x.start())), None)
    if m:
        d = parse_date_match(date_re.search(m.group(0)))
        if d:
            return d, "opening"
    return None


def _ymd(m: Optional[regex.Match]) -> Optional[date]:
    """The date of a match with groups ``y``, ``m``, ``d``; None without a match or for a day no calendar has."""
    if m is None:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _capture_iso_date(text: str, all_lines: list[tuple[int, int]]) -> Optional[tuple[date, str]]:
    """A page capture that opens with its ISO date ("date 2025-12-03 (TBTCO) - Văn phòng Chính phủ …")."""
    for s, e in all_lines[:3]:
        iso = _ISO_DATE.match(text, s, e)
        if iso:
            d = _ymd(iso)
            return (d, "byline") if d is not None else None
    return None


def _byline(c: _Compiled, date_re: regex.Pattern, nt: NormText,
            lines: list[tuple[int, int]]) -> Optional[tuple[date, str]]:
    """A web page's dated chrome line, the one with a time of day first; a year-less opening day under it wins."""
    text = nt.text
    stamps = []  # (has a time of day, position, date) of each dated chrome line in the page's first half
    for s, e in nt.chrome:
        if s > len(text) // 2 and not c.posted_label.match(text[s:e]):
            continue  # lower down only a labelled posting stamp ("Ngày đăng: …") dates the page
        d = _ymd(_ISO_DATE.match(text, s, e))
        if d is None:
            dm = date_re.search(text, s, min(e, s + 60))
            d = parse_date_match(dm) if dm else None
        if d is None:
            d = _ymd(c.stamp_written_date.search(text, s, min(e, s + 60)))  # "Thứ Hai, 22 tháng 7, 2019"
        if d is not None:
            timed = bool(_TIME_OF_DAY.search(text, s, min(e, s + 80)))
            stamps.append((timed, s, d))
    if not stamps:
        return None
    # the article's own stamp carries its time ("Chủ Nhật 11/09/2022, 08:00"); a site's banner shows
    # today's date alone ("Thứ Hai, 28/7/2025")
    timed = [x for x in stamps if x[0]]
    stamped = (timed or stamps)[0][2]
    om = _opening_day_month(c, nt, lines)
    if om is not None:
        day = day_on_or_before(om[0], om[1], stamped)  # "Ngày 04/12, …" under a 15/01/2019 stamp
        if day is not None:
            return day, "opening"
    return stamped, "byline"


def capture_month(nt: NormText, rules: Rules) -> Optional[tuple[int, int]]:
    """(year, month) of a page capture's stamp with no day ("date 2025-07 Ông …", header.yaml capture_month) in the
    first three lines, or None: for a page with no date of its own, the year its year-less days are in."""
    c = rules.compiled("header", _Compiled)
    text = nt.text
    for k, (s, e, _line) in enumerate(lines_with_offsets(text)):
        if k == 3:
            break
        m = c.capture_month.match(text, s, e)
        if m and 1 <= int(m["m"]) <= 12:
            return int(m["y"]), int(m["m"])
    return None


def _capture_month(c: _Compiled, nt: NormText, all_lines: list[tuple[int, int]],
                   lines: list[tuple[int, int]]) -> Optional[tuple[date, str]]:
    """A page capture's year and month ("date 2019-12 … Ngày 23.12, ông …"): the year of a year-less opening."""
    text = nt.text
    cm = next((m for s, e in all_lines[:3] if (m := c.capture_month.match(text, s, e))), None)
    om = _opening_day_month(c, nt, lines) if cm else None
    if om is not None:
        month_end = last_day(int(cm["y"]), int(cm["m"])) if 1 <= int(cm["m"]) <= 12 else None
        day = day_on_or_before(om[0], om[1], month_end) if month_end else None
        if day is not None:
            return day, "opening"
    return None


def _day_month_year_later(c: _Compiled, date_re: regex.Pattern, text: str,
                          lines: list[tuple[int, int]]) -> Optional[tuple[date, str]]:
    """A year-less opening ("Chiều ngày 12-7, …") with no stamp: the year of the same day written in full further on
    ("tính đến ngày 12-7-2017"), or of a period the opening sentence names."""
    for s, e in lines[:12]:
        om = c.opening_day_month.match(text[s:e])
        if om:
            d = _same_day_in_full(date_re, text, e, int(om["d"]), int(om["m"])) or _period_year_day(
                c, text, s + om.end(), e, int(om["d"]), int(om["m"]))
            return (d, "opening") if d is not None else None
    return None


def _symbol_year(symbol: Optional[str]) -> Optional[tuple[date, str]]:
    """1 January of the year a symbol carries ("27/2019/QĐ-UBND")."""
    ym = regex.search(r"/((?:19|20)\d{2})/", symbol) if symbol else None
    return (date(int(ym.group(1)), 1, 1), "symbol_year") if ym else None


_SENTENCE_STOP = regex.compile(r"\.(?:[ ]|$)")


def _opening_day_month(c, nt: NormText, lines: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """(day, month) of a year-less opening date (header.yaml opening_day_month): at the start of one of the first
    body lines ("Ngày 04/12, …"), or capitalised after a title joined to it ("… chống mặn Ngày 23.12, ông …"), in
    the first 1,500 characters outside page chrome. None when the page opens otherwise."""
    text = nt.text
    for s, e in lines[:12]:
        om = c.opening_day_month.match(text[s:e])
        if om:
            return int(om["d"]), int(om["m"])
    for om in c.opening_day_month_in_line.finditer(text, 0, min(len(text), 1500)):
        if not nt.in_chrome(om.start()):
            return int(om["d"]), int(om["m"])
    return None


def _period_year_day(c, text: str, start: int, end: int, day: int, month: int) -> Optional[date]:
    """``day``/``month`` in the latest year of a period the opening sentence names (header.yaml
    opening_period_year); a month after the opening's is of the year before it. None when it names none."""
    stop = _SENTENCE_STOP.search(text, start, end)
    years = [int(m["y"]) + (1 if m["m"] and int(m["m"]) > month else 0)
             for m in c.opening_period_year.finditer(text, start, stop.start() if stop else end)]
    return make_date(max(years), month, day, [], "") if years else None


def _same_day_in_full(date_re: regex.Pattern, text: str, start: int, day: int, month: int) -> Optional[date]:
    """The first date after ``start`` written with a year whose day and month are ``day``/``month``."""
    for dm in date_re.finditer(text, start):
        d = parse_date_match(dm)
        if d is not None and (d.day, d.month) == (day, month) and (dm.group("y") or dm.group("y2")):
            return d
    return None


def _items(s: str) -> list[str]:
    s = regex.sub(r"^[-–•+][ ]*", "", s.strip()).rstrip(" ;.")
    return [s] if s else []


def _signer_title(c, caps: str) -> str:
    """'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH' → 'Phó Chủ tịch' (the signer's own title: the last of
    header.yaml signer_titles the block ends with, after its last signature mark; NĐ 30/2020/NĐ-CP, Phụ lục I)."""
    last = c.signature_mark_split.split(caps)[-1].strip()
    words = last.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if tail in c.signer_titles:
            return tail.capitalize()
    return last.capitalize()


_FULL_STOP = regex.compile(r"\.[ ]+")


def _titlecase_agency(c: _Compiled, caps: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH TRÀ VINH' → 'Ủy ban nhân dân tỉnh Trà Vinh' (best effort)."""
    lowered = caps.lower()
    words = lowered.split()
    out = []
    for i, w in enumerate(words):
        if i == 0:
            out.append(w.capitalize())
        elif out and out[-1] in c.titlecase_after or (out and out[-1][:1].isupper() and i > 3):
            out.append(w.capitalize())
        else:
            out.append(w)
    return " ".join(out)
