"""Stage 1b: normalise the text for matching, keeping a map back to the original.

What changes, and how the map survives it:
  * NFC composition of decomposed Vietnamese, CRLF → LF and dropped zero-width characters
    change lengths: each such piece is recorded as an edit in ``OffsetMap``.
  * One-for-one replacements (``Ð`` → ``Đ``, NBSP → space, ``|`` → newline, old → new tone
    placement, soft line wraps → space) keep lengths, so they need no edit.
Every later stage works on ``NormText.text`` and reports spans in its coordinates;
``NormText.to_original`` turns them into offsets into the text the user gave.

Web-page chrome (menus, timestamps, "Tin mới nhất" lists) is not removed — removal would
break offsets — but marked in ``NormText.chrome`` so later stages skip it.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

import regex

from .rules import Rules
from .spans import SpanSet

_VI_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_VI_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
VI_LOWER = f"[{_VI_LOWER}]"
VI_UPPER = f"[{_VI_UPPER}]"
VI_LETTER = f"[{_VI_LOWER}{_VI_UPPER}]"

# A line that opens a list item: "I.", "1.", "1.2.", "a)", "đ)", "-", "+", "*", "(1)".
ITEM_MARKER = regex.compile(
    r"^\s*(?:[IVXLC]{1,7}\.\s|\d{1,4}(?:\.\d{1,2})*[.)]\s|\(\d{1,2}\)\s|[a-zđ]\)\s|[-–—•+*]\s?\S)"
)
_TERMINAL = tuple(".;:!?")
_DASH_ITEM = regex.compile(r"^[-–][ ]")


@dataclass
class OffsetMap:
    """Maps normalised offsets back to the original text.

    ``edits`` holds (norm_start, norm_end, orig_start, orig_end) for every piece whose length
    changed; between edits the two texts run in step.
    """

    edits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [e[0] for e in self.edits]

    def start(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, os_, oe = self.edits[i]
        if pos < ne:
            return os_
        return pos + (oe - ne)

    def end(self, pos: int) -> int:
        i = bisect.bisect_left(self._starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, os_, oe = self.edits[i]
        if pos <= ne:
            return oe
        return pos + (oe - ne)


@dataclass
class NormText:
    original: str
    text: str
    offsets: OffsetMap
    chrome: list[tuple[int, int]] = field(default_factory=list)  # fixed once the text is normalised
    _chrome_set: SpanSet = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self._chrome_set = SpanSet(self.chrome)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original-text offsets of the normalised span [start, end)."""
        if end <= start:
            s = self.offsets.start(start)
            return s, s
        return self.offsets.start(start), self.offsets.end(end)

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]

    def in_chrome(self, pos: int) -> bool:
        """Is normalised offset ``pos`` inside web-page chrome? O(log n)."""
        return self._chrome_set.covers(pos)


# Two words glued by a page's or a PDF's extraction ("Thường trựcChính phủ", "TổngBí thư"): a lower-case letter
# ending a run of two or more, then a capitalised word. A space is put between them (an edit in the offset map).
# Brand-like names with one lower-case letter ("VnExpress", "eKYC") are left alone.
_GLUE = r"(?<=\p{Ll})\p{Ll}(?=\p{Lu}\p{Ll})|\d(?=(?:tháng|năm|ngày)(?!\p{L}))"  # also "ngày 21tháng 04"


def _compile(rules: Rules) -> dict:
    cfg = rules.yaml("normalize.yaml")
    table = {ord(k): v for k, v in cfg["char_map"].items() if len(k) == 1 and len(v) == 1}
    folds = {}
    for pair in cfg.get("tone_fold", []):
        for a, b in ((pair["from"], pair["to"]), (pair["from"].capitalize(), pair["to"].capitalize()),
                     (pair["from"].upper(), pair["to"].upper())):
            folds[a] = b
    fold_re = regex.compile(
        r"(?<![qQ])(?:" + "|".join(map(regex.escape, sorted(folds, key=lambda w: (-len(w), w)))) + r")(?!\p{L})"
    ) if folds else None
    chrome_lines = [regex.compile(c["regex"], regex.I) for c in cfg.get("chrome_lines", [])]
    chrome_tail = [regex.compile(c["regex"], regex.I) for c in cfg.get("chrome_tail", [])]
    drop = "".join(cfg.get("drop", []))
    changing = r"\r\n|\P{M}\p{M}+" + (f"|[{regex.escape(drop)}]" if drop else "") + "|" + _GLUE
    def words(key: str) -> str:
        return "|".join(r"[ ]+".join(map(regex.escape, w.split())) for w in sorted(cfg.get(key, []), key=lambda w: (-len(w), w)))

    article = regex.escape(cfg.get("article_word", "Điều"))
    return {"marker_only": regex.compile(rf"^(?:{article}[ ]+\d{{1,3}}|[IVXLC]{{1,7}}|\d{{1,3}}(?:\.\d{{1,2}})*|[a-zđ])[.)]$"),
            "header_line": regex.compile(rf"^(?:{words('line_openers')})"),
            "expects_number": regex.compile(rf"(?<![\p{{L}}])(?:{words('words_before_numbers')})[ ]*:?$"),
            "changing": regex.compile(changing), "table": table, "folds": folds, "fold_re": fold_re, "chrome_lines": chrome_lines,
            "chrome_tail": chrome_tail, "drop": drop}


def skip_spaces(text: str, pos: int, end: int) -> int:
    """The first position at or after ``pos`` (and before ``end``) that is not a space."""
    while pos < end and text[pos] == " ":
        pos += 1
    return pos


def fold_tones(s: str, rules: Rules) -> str:
    """Fold old/new tone placement the way the normaliser does (for rule data and lookups)."""
    c = rules.compiled("normalize", _compile)
    if c["fold_re"] is None:
        return s
    return c["fold_re"].sub(lambda m: c["folds"][m.group(0)], s)


def _compose(original: str, changing: regex.Pattern) -> tuple[str, OffsetMap]:
    if unicodedata.is_normalized("NFC", original) and not changing.search(original):
        return original, OffsetMap()
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = 0
    npos = 0
    for m in changing.finditer(original):
        s, e = m.span()
        piece = m.group(0)
        if piece == "\r\n":
            rep = "\n"
        elif len(piece) == 1 and (piece.islower() and e < len(original) and original[e].isupper()
                                  or piece.isdigit()):
            rep = piece + " "  # "trựcChính" → "trực Chính", "21tháng" → "21 tháng"
        elif len(piece) == 1:
            rep = ""
        else:
            rep = unicodedata.normalize("NFC", piece)
        if rep == piece:
            continue
        out.append(original[pos:s])
        npos += s - pos
        edits.append((npos, npos + len(rep), s, e))
        out.append(rep)
        npos += len(rep)
        pos = e
    out.append(original[pos:])
    text = "".join(out)
    if not unicodedata.is_normalized("NFC", text):
        # Rare: composition across a cluster boundary. Fall back to per-character mapping.
        return _compose_slow(original)
    return text, OffsetMap(edits)


def _compose_slow(original: str) -> tuple[str, OffsetMap]:
    edits = []
    out = []
    npos = 0
    for m in regex.finditer(r"\X", original):
        s, e = m.span()
        g = m.group(0).replace("\r\n", "\n")
        rep = unicodedata.normalize("NFC", g)
        if rep != m.group(0):
            edits.append((npos, npos + len(rep), s, e))
        out.append(rep)
        npos += len(rep)
    return "".join(out), OffsetMap(edits)


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_NUMBERED_HEADING = regex.compile(r"(?:[IVX]{1,5}|\d{1,2})[.)][ ]+\p{Lu}")


def _join_wrapped_lines(text: str, chrome: list[tuple[int, int]], c: dict, wrapped: bool | None = None) -> str:
    """Turn soft line wraps into spaces (same length, so offsets do not move)."""
    chrome_set = SpanSet(chrome)
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    long_lines = [ln for ln in nonblank if len(ln) >= 30]
    unterminated = [ln for ln in long_lines if not ln.endswith(_TERMINAL + (",",))]
    hard_wrapped = wrapped if wrapped is not None else (
        len(long_lines) >= 8 and len(unterminated) >= 0.3 * len(long_lines))
    width = sorted(len(ln) for ln in long_lines)[len(long_lines) // 2] if long_lines else 0  # the usual line width

    chars = list(text)
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    i = 0
    while i < len(lines) - 1:
        prev = lines[i].rstrip()
        j = i + 1
        while j < len(lines) and not lines[j].strip() and j - i <= 3:
            j += 1
        if j >= len(lines) or not prev.strip():
            i += 1
            continue
        nxt = lines[j].strip()
        join = False
        if chrome_set.covers(offsets[i]) or chrome_set.covers(offsets[j]):
            join = False
        elif c["header_line"].match(nxt):
            join = False  # "Số: 99/TB-UBND", "Kính gửi:", "Nơi nhận:" open a line of their own
        elif c["marker_only"].match(prev.strip()) and j == i + 1 and not ITEM_MARKER.match(nxt):
            join = True  # "Điều 3." or "a)" alone on its line: the item's text is on the next line
        elif prev.endswith((";", ",")) and j == i + 1 and regex.match(VI_LOWER, nxt) and not ITEM_MARKER.match(nxt):
            join = True  # "…; hải quan điện tử;\nhộ chiếu điện tử; …": a run-in list goes on
        elif prev.endswith(_TERMINAL) or _is_separator(prev) or _is_separator(nxt):
            join = False
        elif (ITEM_MARKER.match(nxt) and _NUMBERED_HEADING.match(prev.strip()) and not _is_caps(prev)
              and len(prev.strip()) < 0.35 * width):
            join = False  # "2. Ban nhân dân các thôn" over "- Thực hiện …": a heading over its first item
        elif ITEM_MARKER.match(nxt) and not _is_range_continuation(prev, nxt) and not (
                hard_wrapped and j == i + 1 and _DASH_ITEM.match(nxt) and not prev.endswith(_TERMINAL + (",",))
                and len(prev.strip()) >= 0.6 * width):
            join = False
        elif ITEM_MARKER.match(nxt) and not _is_range_continuation(prev, nxt):
            # "Sở Lao động\n- Thương binh và Xã hội": a name broken at its dash where the line reached the margin;
            # a short line before a dash ("- Tổng cục Lâm nghiệp\n- Tổng cục Thủy sản") is an item of a list
            join = True
        elif regex.match(VI_LOWER, nxt):
            join = True  # a sentence continues in lower case, even across a blank line
        elif j == i + 1 and c["expects_number"].search(prev) and regex.match(r"\d", nxt):
            join = True  # "… trước ngày\n30/4/2021": a date or number broken from its word
        elif (j == i + 1 and hard_wrapped and _NUMBERED_HEADING.match(prev.strip()) and not _is_caps(prev)
              and len(prev.strip()) < 0.35 * width):
            join = False  # "I. Nhiệm vụ chung" then "Ban Chỉ huy …": a heading ends its line well before the margin
        elif j == i + 1 and hard_wrapped and _is_caps(prev) == _is_caps(nxt):
            join = True
        if join:
            for k in range(i, j):
                chars[offsets[k] + len(lines[k])] = " "
        i = j
    return "".join(chars)


def _is_separator(line: str) -> bool:
    s = line.strip()
    return bool(s) and not any(ch.isalnum() for ch in s)


def _is_range_continuation(prev: str, nxt: str) -> bool:
    # "giai đoạn 2016\n- 2020;" is a year range broken at the dash, not a bullet.
    return bool(regex.search(r"\d$", prev) and regex.match(r"^[-–]\s*\d{4}\b", nxt))


def _find_chrome(text: str, c: dict) -> list[tuple[int, int]]:
    chrome = []
    pos = 0
    prev_line, prev_span = None, None
    for line in text.split("\n"):
        s = line.strip()
        end = pos + len(line)
        if s and s == prev_line and not s.endswith((".", ";", ":")):
            # the same unpunctuated line twice in a row: a photo caption the page repeats
            chrome.extend([prev_span, (pos, end)])
        if s:
            prev_line, prev_span = s, (pos, end)
            if any(p.search(s) for p in c["chrome_tail"]):
                chrome.append((pos, len(text)))
                break
            if any(p.search(s) for p in c["chrome_lines"]):
                chrome.append((pos, end))
        pos = end + 1
    return sorted(set(chrome))


def normalize(original: str, rules: Rules, wrapped: bool | None = None) -> NormText:
    """Normalise ``original`` for matching; see the module docstring.

    ``wrapped`` says the text is hard-wrapped (a PDF's text layer); None detects it.
    """
    c = rules.compiled("normalize", _compile)
    text, offsets = _compose(original, c["changing"])
    text = text.translate(c["table"])
    if c["fold_re"] is not None:
        text = c["fold_re"].sub(lambda m: c["folds"][m.group(0)], text)
    chrome = _find_chrome(text, c)
    text = _join_wrapped_lines(text, chrome, c, wrapped)
    return NormText(original=original, text=text, offsets=offsets, chrome=chrome)
