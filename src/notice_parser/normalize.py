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
import itertools
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

import regex

from . import pattern_cache
from .rules import Rules, lazy_compile
from .spans import SpanSet, lines_with_offsets


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
_GLUE = r"(?<=\p{Ll})\p{Ll}(?=\p{Lu}\p{Ll})|\d(?=(?:{DATE_WORDS})(?!\p{L}))"  # also "ngày 21tháng 04" (glued_date_words)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0].lower()


def _is_vowel(ch: str) -> bool:
    return _base(ch) in "aeiouy"


def _vietnamese_only(ch: str) -> bool:
    """A tone mark or a letter English does not have (ă â đ ê ô ơ ư)."""
    d = unicodedata.normalize("NFD", ch)
    return ch in ("đ", "Đ") or len(d) > 1


class GluedSyllables:
    """Splits a word whose syllables a text layer glued together ("chỉđạo" → "chỉ đạo").

    Data in ``normalize.yaml`` (``glued_syllables``): the onsets and codas of Vietnamese spelling and the word
    list that says which syllables exist and which pairs are words. ``cuts(word)`` gives the positions (0 <
    i < len(word)) where a space belongs, or ``[]``: a word that can be one syllable, carries no Vietnamese
    letter, has a piece the word list does not know, or splits two ways equally well is left alone. The old
    rule for a small letter before a capitalised word ("trựcChính") is applied first.
    """

    def __init__(self, cfg: dict, fold, alphabet: str, rules: Rules):
        self.rules = rules
        self.onsets = set(cfg["onsets"]) | {""}
        self.codas = set(cfg["codas"]) | {""}
        self.front = set(cfg["front_vowels"])
        self.only_front = set(cfg["only_before_front"])
        self.never_front = set(cfg["never_before_front"])
        self.only_u = set(cfg["only_before_u"])
        self.lexicon_path = cfg["lexicon"]
        self.fold = fold
        self._lexicon: tuple[frozenset, frozenset] | None = None
        vowels = "".join(ch for ch in alphabet if ch.isalpha() and _is_vowel(ch)) + "eiouyEIOUY"
        # a vowel, consonants, a vowel inside one word: the word has two syllables' vowels (opens with a class: fast)
        self.candidate = regex.compile(rf"[{vowels}][^{vowels}\P{{L}}]++[{vowels}]")
        self.vowel_runs = regex.compile(rf"[{vowels}]+")

    def candidates(self, text: str):
        """The (start, end) of each word of ``text`` with two vowel groups, once each, in order."""
        last = -1
        for m in self.candidate.finditer(text):
            if m.start() < last:
                continue
            ws = _WORD_BACK.search(text, max(0, m.start() - 30), m.start())
            start = ws.start() if ws else m.start()
            end = _WORD_ON.match(text, m.end()).end()
            if end < len(text) and unicodedata.category(text[end]).startswith("M"):
                last = end
                continue  # a decomposed word: composed first, never split
            last = end
            yield start, end

    def lexicon(self) -> tuple[frozenset, frozenset]:
        """(known syllables, known words), lower-case and tone-folded; read once, on first use, from underthesea's
        word list — or from the disk cache (``pattern_cache``, a file of its own, so that a process that never splits
        a glued word never loads it), checked against the list's path, size and time."""
        if self._lexicon is None:
            path = self._lexicon_file()
            stamp = None
            if path is not None:
                st = os.stat(path)
                stamp = (path, st.st_size, st.st_mtime_ns)
            key = f"{self.rules.version}-lexicon"
            kept = pattern_cache.compiled_get(key, "lexicon")
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp:
                self._lexicon = kept[1]
            else:
                syllables, words = set(), set()
                if path is not None:
                    with open(path, encoding="utf-8") as f:
                        content = self.fold(unicodedata.normalize("NFC", f.read().lower()))  # one pass, not per line
                    for line in content.splitlines():
                        parts = line.split()
                        syllables.update(parts)
                        if len(parts) > 1:
                            words.add(" ".join(parts))
                self._lexicon = (frozenset(syllables), frozenset(words))
                pattern_cache.compiled_put(key, "lexicon", (stamp, self._lexicon))
        return self._lexicon

    def _lexicon_file(self) -> Optional[str]:
        import importlib.util
        spec = importlib.util.find_spec("underthesea")
        if spec is None or not spec.submodule_search_locations:
            return None
        path = os.path.join(list(spec.submodule_search_locations)[0], self.lexicon_path)
        return path if os.path.isfile(path) else None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_lexicon": None}  # kept in a cache file of its own (see lexicon)

    def _onset_ok(self, onset: str, vowel: str) -> bool:
        onset, vowel = onset.lower(), vowel.lower()
        if onset not in self.onsets:
            return False
        front = vowel in self.front
        if onset in self.only_front and not front:
            return False
        if onset in self.never_front and front and not (onset == "g" and _base(vowel) == "i"):
            return False
        return not (onset in self.only_u and _base(vowel) != "u")

    def _syllable_cuts(self, w: str, before: str, after: str) -> list[int]:
        runs = [m.span() for m in self.vowel_runs.finditer(w)]
        if len(runs) < 2 or not any(_vietnamese_only(ch) for ch in w):
            return []
        if not self._onset_ok(w[:runs[0][0]], w[runs[0][0]]) or w[runs[-1][1]:].lower() not in self.codas:
            return []
        options = []
        for (_, b), (c, _) in zip(runs, runs[1:]):
            opts = [b + k for k in range(c - b + 1) if w[b:b + k].lower() in self.codas and self._onset_ok(w[b + k:c], w[c])]
            if not opts:
                return []
            options.append(opts)
        syllables, words = self.lexicon()
        best, best_score, tie = None, -1, False
        for cuts in itertools.product(*options):
            pieces = [self.fold(w[i:j].lower()) for i, j in zip([0, *cuts], [*cuts, len(w)])]
            if any(p not in syllables or sum(ch in _TONES for ch in unicodedata.normalize("NFD", p)) > 1 for p in pieces):
                continue
            context = [self.fold(before.lower()), *pieces, self.fold(after.lower())]
            score = sum(f"{a} {b}" in words for a, b in zip(context, context[1:]))
            if score > best_score:
                best, best_score, tie = cuts, score, False
            elif score == best_score:
                tie = True
        return [] if best is None or tie else list(best)

    def cuts(self, word: str, before: str = "", after: str = "") -> list[int]:
        """Where spaces belong in ``word``; ``before``/``after`` are the words next to it ("" if none), which
        settle a split the word alone leaves open ("thành phốtrực thuộc": phố trực, as trực thuộc is a word)."""
        out: list[int] = []
        start = 0
        for i in range(2, len(word) - 1):
            if word[i - 2].islower() and word[i - 1].islower() and word[i].isupper() and word[i + 1].islower():
                out += [start + k for k in self._syllable_cuts(word[start:i], before if start == 0 else "", "")] + [i]
                start = i
        return out + [start + k for k in self._syllable_cuts(word[start:], before if start == 0 else "", after)]


class ToneFold:
    """``fold(word)``: the old tone placement of ``normalize.yaml`` tone_fold written the new way ("hoà" → "hòa"); a
    plain class rather than a closure, so that the compiled rules can be cached on disk (``pattern_cache``)."""

    def __init__(self, folds: dict[str, str], fold_re) -> None:
        self.folds = folds
        self.fold_re = fold_re

    def _swap(self, m) -> str:
        return self.folds[m.group(0)]

    def __call__(self, w: str) -> str:
        return self.fold_re.sub(self._swap, w) if self.fold_re is not None else w


_WORD_BACK = regex.compile(r"\p{L}+$")
_WORD_ON = regex.compile(r"\p{L}*")
_NEIGHBOUR_BEFORE = regex.compile(r"(\p{L}+)[ ]+$")
_NEIGHBOUR_AFTER = regex.compile(r"[ ]+(\p{L}+)")


def _compile(rules: Rules) -> dict:
    cfg = rules.yaml("normalize.yaml")
    script = rules.yaml("script.yaml")
    vi_lower = lazy_compile(f"[{script['alphabet_lower']}]")
    alphabet = script["alphabet_lower"] + script["alphabet_upper"]
    glue = lazy_compile(_GLUE.replace("{DATE_WORDS}", "|".join(map(regex.escape, cfg["glued_date_words"]))))
    table = {ord(k): v for k, v in cfg["char_map"].items() if len(k) == 1 and len(v) == 1}
    folds = {}
    for pair in cfg.get("tone_fold", []):
        for a, b in ((pair["from"], pair["to"]), (pair["from"].capitalize(), pair["to"].capitalize()),
                     (pair["from"].upper(), pair["to"].upper())):
            folds[a] = b
    fold_re = lazy_compile(
        r"(?<![qQ])(?:" + "|".join(map(regex.escape, sorted(folds, key=lambda w: (-len(w), w)))) + r")(?!\p{L})"
    ) if folds else None

    fold = ToneFold(folds, fold_re)
    chrome_lines = [lazy_compile(c["regex"], regex.I) for c in cfg.get("chrome_lines", [])]
    chrome_tail = [lazy_compile(c["regex"], regex.I) for c in cfg.get("chrome_tail", [])]
    drop = "".join(cfg.get("drop", []))
    # Each pattern opens with a literal or a character class, so the engine skips ahead to where it can match (a
    # pattern opening with a lookbehind is tried at every position): combining marks (composed with the letter
    # before them), CRLF, dropped characters; then the glued words, each scanned on its own.
    changing = r"\r\n|\p{M}+" + (f"|[{regex.escape(drop)}]" if drop else "")
    def words(key: str) -> str:
        return "|".join(r"[ ]+".join(map(regex.escape, w.split())) for w in sorted(cfg.get(key, []), key=lambda w: (-len(w), w)))

    article = regex.escape(cfg["article_word"])
    return {"marker_only": lazy_compile(rf"^(?:(?:{article}[ ]+\d{{1,3}}|[IVXLC]{{1,7}}|\d{{1,3}}(?:\.\d{{1,2}})*|[a-zđ])[.)]|[{_LONE_MARKS}])$"),
            "header_line": lazy_compile(rf"^(?:{words('line_openers')})"),
            "expects_number": lazy_compile(rf"(?<![\p{{L}}])(?:{words('words_before_numbers')})[ ]*:?$"),
            "expects_complement": lazy_compile(rf"(?<![\p{{L}}])(?:{words('words_before_complement')})$"),
            "changing": lazy_compile(changing), "glue": glue, "vi_lower": vi_lower, "table": table,
            "glued": GluedSyllables(cfg["glued_syllables"], fold, alphabet, rules), "fold": fold, "folds": folds, "fold_re": fold_re,
            "chrome_lines": chrome_lines,
            "chrome_tail": chrome_tail, "drop": drop,
            "capture_stamp": lazy_compile(cfg["capture_stamp"]) if cfg.get("capture_stamp") else None,
            "unit_dot": lazy_compile(cfg["unit_dot_glue"]) if cfg.get("unit_dot_glue") else None,
            # (opens with the words, not a lookbehind: the word boundary before it is checked where it is used)
            "repeated": lazy_compile(rf"(?:{words('repeated_words')})[ ]+(?=(?:{words('repeated_words')})(?![\p{{L}}]))"
                                      ) if cfg.get("repeated_words") else None}


def skip_spaces(text: str, pos: int, end: int) -> int:
    """The first position at or after ``pos`` (and before ``end``) that is not a space."""
    while pos < end and text[pos] == " ":
        pos += 1
    return pos


def fold_tones(s: str, rules: Rules) -> str:
    """Fold old/new tone placement the way the normaliser does (for rule data and lookups)."""
    return rules.compiled("normalize", _compile)["fold"](s)


def _compose(original: str, c: dict) -> tuple[str, OffsetMap]:
    """NFC composition, CRLF, dropped characters and glued words, with the offset map of every change."""
    glued: GluedSyllables = c["glued"]
    pieces: list[tuple[int, int, str]] = []  # (start, end, kind) of every place that may change
    for m in c["changing"].finditer(original):
        s, e = m.span()
        if original[s] in "\r" or len(m.group(0)) == 1 and not unicodedata.category(original[s]).startswith("M"):
            pieces.append((s, e, "char"))
        else:
            pieces.append((max(0, s - 1), e, "marks"))  # a letter and its combining marks
    for m in c["glue"].finditer(original):
        pieces.append((m.start(), m.end(), "glue"))
    for s, e in glued.candidates(original):
        pieces.append((s, e, "word"))
    if c["unit_dot"] is not None:
        for m in c["unit_dot"].finditer(original):
            if not (m.start() and original[m.start() - 1].isalpha()):
                pieces.append((m.end() - 1, m.end(), "glue"))  # "TP.Thủ Đức" → "TP. Thủ Đức"
    if c["repeated"] is not None:
        for m in c["repeated"].finditer(original):
            nxt = original[m.end():m.end() + len(m.group(0).rstrip())]
            if nxt == m.group(0).rstrip() and not (m.start() and original[m.start() - 1].isalpha()):
                pieces.append((m.start(), m.end(), "repeat"))  # "yêu cầu các các huyện": a word typed twice
    if not pieces:
        return original, OffsetMap()
    pieces.sort(key=lambda x: (x[0], -x[1]))
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = 0
    npos = 0
    for s, e, kind in pieces:
        if s < pos:
            continue  # inside a piece already handled ("trựcChính" is read as one word)
        piece = original[s:e]
        if kind == "word":  # a word whose syllables may be glued: a space (edit) at each cut
            before, after = _NEIGHBOUR_BEFORE.search(original, max(0, s - 16), s), _NEIGHBOUR_AFTER.match(original, e)
            for cut in glued.cuts(piece, before.group(1) if before else "", after.group(1) if after else ""):
                out.append(original[pos:s + cut])
                npos += s + cut - pos
                edits.append((npos, npos + 1, s + cut, s + cut))
                out.append(" ")
                npos += 1
                pos = s + cut
            continue
        if piece == "\r\n":
            rep = "\n"
        elif kind == "glue":
            rep = piece + " "  # "trựcChính" → "trực Chính", "21tháng" → "21 tháng"
        elif kind in ("char", "repeat"):
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


def is_caps(line: str) -> bool:
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
    offsets = [s for s, _e, _ln in lines_with_offsets(text)]
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
        elif c["marker_only"].match(prev.strip()) and j == i + 1 and not ITEM_MARKER.match(nxt) and (
                prev.strip()[-1] in ".)" or _closes_before(lines, i)):
            # "Điều 3." or "a)" alone on its line: the item's text is on the next line; so with a dash alone after a
            # line that opens a list or ends such an item ("… như sau:" ¶ "-" ¶ "Chỉ đạo …"), not between headlines
            join = True
        elif prev.endswith((";", ",")) and j == i + 1 and c["vi_lower"].match(nxt) and not ITEM_MARKER.match(nxt):
            join = True  # "…; hải quan điện tử;\nhộ chiếu điện tử; …": a run-in list goes on
        elif prev.endswith(_TERMINAL) or _is_separator(prev) or _is_separator(nxt):
            join = False
        elif (ITEM_MARKER.match(nxt) and _NUMBERED_HEADING.match(prev.strip()) and not is_caps(prev)
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
        elif c["vi_lower"].match(nxt):
            join = True  # a sentence continues in lower case, even across a blank line
        elif j == i + 1 and c["expects_number"].search(prev) and regex.match(r"\d", nxt):
            join = True  # "… trước ngày\n30/4/2021": a date or number broken from its word
        elif j == i + 1 and c["expects_complement"].search(prev) and not ITEM_MARKER.match(nxt):
            join = True  # "… phối hợp với\nUBND xã …": a word that never ends a sentence
        elif (j == i + 1 and hard_wrapped and _NUMBERED_HEADING.match(prev.strip()) and not is_caps(prev)
              and len(prev.strip()) < 0.35 * width):
            join = False  # "I. Nhiệm vụ chung" then "Ban Chỉ huy …": a heading ends its line well before the margin
        elif j == i + 1 and hard_wrapped and is_caps(prev) == is_caps(nxt):
            join = True
        if join:
            for k in range(i, j):
                chars[offsets[k] + len(lines[k])] = " "
        i = j
    return "".join(chars)


_LONE_MARKS = "-–+•"  # the item marks a page may write alone on a line, the item's text on the next


def _closes_before(lines: list[str], i: int) -> bool:
    """Is the lone mark on line ``i`` an item's: the last non-blank line before it opens a list (":"), or ends an item
    (".", ";") that a lone mark opened too? (A dash between a page's news links is a separator.)"""
    before = [k for k in range(i - 1, -1, -1) if lines[k].strip()][:2]
    if not before:
        return False
    last = lines[before[0]].strip()
    if last.endswith(":"):
        return True
    mark = lines[before[1]].strip() if len(before) > 1 else ""
    return last.endswith((".", ";")) and len(mark) == 1 and mark in _LONE_MARKS


def _is_separator(line: str) -> bool:
    s = line.strip()
    return bool(s) and not any(ch.isalnum() for ch in s)


def _is_range_continuation(prev: str, nxt: str) -> bool:
    # "giai đoạn 2016\n- 2020;" is a year range broken at the dash, not a bullet.
    return bool(regex.search(r"\d$", prev) and regex.match(r"^[-–]\s*\d{4}\b", nxt))


_BODY_PARAGRAPH = 200  # characters: a line this long that ends a sentence is the article's text, not a link


def _is_body(line: str) -> bool:
    """A line of the article's own text: long, and ending a sentence."""
    s = line.strip()
    return len(s) >= _BODY_PARAGRAPH and s.endswith((".", ";", ":", "…"))


_HEADLINE_WORDS = 6  # words: a first line this long, unpunctuated, written again further down is the page's headline


def _find_chrome(text: str, c: dict) -> list[tuple[int, int]]:
    chrome = []
    prev_line, prev_span = None, None
    headline = None  # the page's first line when it reads as a headline
    body_seen = False  # a line of the article's text came before
    lines = text.split("\n")
    for k, (pos, end, line) in enumerate(lines_with_offsets(text)):
        s = line.strip()
        if s and s == prev_line and not s.endswith((".", ";", ":")):
            # the same unpunctuated line twice in a row: a photo caption the page repeats
            chrome.extend([prev_span, (pos, end)])
        elif s and s == headline:
            # "CIC nâng cao chất lượng …" at the top and again over the photo further down: the headline repeated
            # as a caption, not the article's text
            chrome.append((pos, end))
        if s and prev_line is None and not s.endswith((".", ";", ":", "…")) and not s.isupper() and len(
                s.split()) >= _HEADLINE_WORDS:
            headline = s
        if s:
            prev_line, prev_span = s, (pos, end)
            body_seen = body_seen or _is_body(s)
            if any(p.search(s) for p in c["chrome_tail"]):
                nxt = next((x.strip() for x in lines[k + 1:] if x.strip()), "")
                if _is_body(nxt) or (not body_seen and any(_is_body(x) for x in lines[k + 1:])):
                    # "TIN LIÊN QUAN" whose links the capture left out, the article going on below; a portal's
                    # "Liên kết website" box above the article ("… Liên kết website / <title> / 1. Yêu cầu …"):
                    # the heading only
                    chrome.append((pos, end))
                    continue
                chrome.append((pos, len(text)))
                break
            if any(p.search(s) for p in c["chrome_lines"]):
                chrome.append((pos, end))
    return sorted(set(chrome))


def normalize(original: str, rules: Rules, wrapped: bool | None = None) -> NormText:
    """Normalise ``original`` for matching; see the module docstring.

    ``wrapped`` says the text is hard-wrapped (a PDF's text layer); None detects it.
    """
    c = rules.compiled("normalize", _compile)
    text, offsets = _compose(original, c)
    text = text.translate(c["table"])
    text = c["fold"](text)
    cs = c["capture_stamp"].match(text) if c["capture_stamp"] is not None else None
    if cs is not None:
        # "date 2025-09-16 Chính phủ yêu cầu …": the capture's stamp on a line of its own (a space becomes the line
        # break, so offsets do not move); the page's first line follows it
        text = text[:cs.end() - 1] + "\n" + text[cs.end():]
    chrome = _find_chrome(text, c)
    text = _join_wrapped_lines(text, chrome, c, wrapped)
    return NormText(original=original, text=text, offsets=offsets, chrome=chrome)
