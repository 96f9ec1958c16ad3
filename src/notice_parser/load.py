"""Stage 1a: load a file as text, or say clearly why it cannot be read.

Formats as they really arrive:
  * text (.txt and no extension): UTF-8 with or without BOM, UTF-16 with a BOM, and legacy
    single-byte encodings such as Windows-1258, detected by charset-normalizer (never guessed);
  * .html/.htm: the text of the page from a real HTML parser (selectolax), menus, headers,
    footers, scripts and styles dropped, one line per block;
  * .docx: paragraphs and tables in document order (python-docx), a table row as cells joined by '|';
  * .pdf with a text layer (pypdf); a scanned PDF without one is an error.
Text in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI decodes to mojibake
("Uû ban nh©n d©n"); it is detected and reported with a hint instead of being parsed as garbage.

Errors are ``NoticeError`` with a ``kind`` a batch can record (empty, binary, encoding,
legacy_encoding, no_text, not_found, too_large, unsupported, unreadable) and a message that
names the file. Offsets in a task graph refer to the extracted text.
"""

from __future__ import annotations

import re

import codecs
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import regex

from .errors import NoticeParserError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
# Formats an office keeps notices in that the parser does not read: a folder walk reports each of them as an
# error record (with what to do) instead of skipping it silently.
OFFICE_SUFFIXES = {".doc": "save it as .docx or .pdf", ".rtf": "save it as .docx or .pdf",
                   ".odt": "save it as .docx or .pdf", ".xls": "save it as .xlsx or .pdf",
                   ".xlsx": "a spreadsheet, not a notice: save the notice as .docx or .pdf",
                   ".ppt": "save it as .pdf", ".pptx": "save it as .pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp", ".webp"}
NUL_TOLERANCE = 0.01  # a text file with a few NUL bytes (1% of its bytes; up to 16 in a short file) is read without them

_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1f]")
_LETTER = regex.compile(r"\p{L}")


@lru_cache(maxsize=1)
def _script() -> SimpleNamespace:
    """The shipped rules/script.yaml, compiled: Unicode-only letters, the legacy encodings' stand-ins and words, vowels."""
    from .rules import load_rules
    cfg = load_rules().yaml("script.yaml")
    return SimpleNamespace(
        vi_unicode=regex.compile(f"[{regex.escape(cfg['vietnamese_only'])}]", regex.I),
        tcvn3=regex.compile(f"[{regex.escape(cfg['tcvn3_letters'])}]"),
        tcvn3_words=regex.compile("(?:" + "|".join(map(regex.escape, cfg["tcvn3_words"])) + ")", regex.I),
        vni_words=regex.compile("(?:" + "|".join(map(regex.escape, cfg["vni_words"])) + ")", regex.I),
        vowels=set(cfg["vowels"]) | {chr(c) for c in range(0x1EA0, 0x1EFA)},
        e_family=set(cfg["e_family"]),
        looks={"TCVN3 (ABC)": cfg["tcvn3_examples"][0], "VNI": cfg["vni_examples"][0]},
    )


class NoticeError(NoticeParserError):
    """A file or text that cannot be parsed as a notice (``kind``: an input kind of ``ErrorKind``)."""

    def __init__(self, kind: str, message: str, path: str | None = None):
        super().__init__(message, kind, path)


@dataclass
class Loaded:
    text: str
    file_sha256: str
    format: str  # "text", "html", "docx", "pdf"
    encoding: str | None = None
    warnings: tuple[str, ...] = ()  # what was repaired while reading (NUL bytes removed …)


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str, path: str | None = None) -> None:
    """Reject text with nothing to parse (empty, control characters, legacy font encodings)."""
    if not text.strip():
        raise NoticeError("empty", "the text is empty", path)
    bad = _SURROGATE.search(text)
    if bad:
        raise NoticeError("encoding", f"an unpaired UTF-16 surrogate (U+{ord(bad.group(0)):04X}) at character "
                                      f"{bad.start()}: not valid Unicode text", path)
    sample = text[:20000]
    if not _LETTER.search(sample):
        raise NoticeError("no_text", "no letters in the text: not a notice", path)
    if len(_CONTROLS.findall(sample)) > max(8, len(sample) // 50):
        raise NoticeError("binary", "mostly control characters: binary data, not a text notice", path)
    legacy = legacy_encoding(sample)
    if legacy:
        raise NoticeError(
            "legacy_encoding",
            f"the text is in the legacy {legacy} font encoding (it reads as '{_script().looks[legacy]}'); convert it to "
            "Unicode first (for example with UniKey's converter: source {legacy}, target Unicode) and parse it again"
            .replace("{legacy}", legacy),
            path,
        )


def legacy_encoding(sample: str) -> str | None:
    """'TCVN3' or 'VNI' when the text looks like a legacy Vietnamese font encoding, else None."""
    words = len(regex.findall(r"\p{L}+", sample)) or 1
    sc = _script()
    unicode_vi = len(sc.vi_unicode.findall(sample))
    # the words first (each encoding's own), then the density of stand-in letters, which VNI text has as well
    tcvn3, vni = len(sc.tcvn3_words.findall(sample)), len(sc.vni_words.findall(sample))
    if max(tcvn3, vni) >= 2:
        return "VNI" if vni > tcvn3 else "TCVN3 (ABC)"  # "UÛy" (VNI) holds "Uû" (TCVN3): the encoding with more words
    if len(sc.tcvn3.findall(sample)) > words * 0.15 and unicode_vi < words * 0.05:
        return "TCVN3 (ABC)"
    return None


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding). BOMs are honoured; other encodings are detected, not guessed."""
    if not data.strip():
        raise NoticeError("empty", "the file is empty", path)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:8192]:
        raise NoticeError("binary", "binary data (NUL bytes), not a text notice", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    # Legacy Vietnamese font encodings are single-byte: they show their signature in a Western view.
    legacy = legacy_encoding(data[:20000].decode("cp1252", errors="replace"))
    if legacy:
        return data.decode("cp1252", errors="replace"), "cp1252"  # check_text reports it with a hint
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise NoticeError("encoding", f"not UTF-8 text (byte 0x{data[first_bad]:02x} at offset {first_bad}) and no other "
                          "encoding fits; save the file as UTF-8", path)
    return str(best), best.encoding


def _strict(data: bytes, encoding: str, path: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise NoticeError("encoding", f"not valid {encoding.upper()} (byte 0x{data[e.start]:02x} at offset {e.start})",
                          path) from None


_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
              "select", "template")
_HTML_DROP_CLASSES = regex.compile(r"(?:^|[\s_-])(?:menu|nav|navbar|breadcrumb|footer|header|sidebar|share|social|"
                                   r"related|comment|banner|advert|ads)(?:$|[\s_-])", regex.I)
_HTML_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section", "article",
                "blockquote", "pre", "ul", "ol", "td", "th")


def html_text(html: str) -> str:
    """The readable text of a page: one line per block, menus and footers dropped."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for tag in _HTML_DROP:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id]"):
        attrs = " ".join(filter(None, [node.attributes.get("class"), node.attributes.get("id")]))
        if _HTML_DROP_CLASSES.search(attrs or ""):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css(",".join(_HTML_BLOCKS)):
        if node.tag in ("td", "th"):
            node.insert_after(" | ")
        else:
            node.insert_before("\n")
            node.insert_after("\n")
    text = root.text(separator="", strip=False)
    lines = [regex.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    out, blank = [], False
    for ln in lines:
        if ln:
            out.append(ln)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    return "\n".join(out).strip()


def docx_text(data: bytes) -> str:
    """Paragraphs and tables of a .docx in document order (a table row: its cells joined by ' | ')."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                lines.append(" | ".join(cells))
    return "\n".join(lines)


# Letters a browser's PDF printer draws as glyphs of their own: the Vietnamese block (ạ … ỹ) and ơ, ư. pypdf then
# reads each one between spaces ("Trang ch ủ  | Tin t ứ c", "Nguy ễ n", "đ ượ c").
_SPLIT_GLYPH = regex.compile(r"[\u1EA0-\u1EF9\u01A0\u01A1\u01AF\u01B0]+")


def _has_vowel(w: str) -> bool:
    vowels = _script().vowels
    return any(ch in vowels for ch in w)


def _closed(w: str, nxt: str = "") -> bool:
    """A syllable nothing more joins: it has its vowel and then a final consonant ("động"), or ends in a vowel and
    a semivowel ("khai", "ngày", "sao") — except the "iê/yê" nuclei ("Nguy" + "ễ", "tri" + "ể")."""
    if not _has_vowel(w):
        return False
    sc = _script()
    if w[-1] not in sc.vowels:
        return True
    if len(w) >= 2 and w[-1].lower() in "iyou" and w[-2] in sc.vowels:
        return not (w[-1].lower() in "iy" and nxt[:1] in sc.e_family)
    return False


def rejoin_split_glyphs(text: str) -> tuple[str, int]:
    """Put back letters a PDF's text layer split off their words ("t ứ c" → "tức", "Nguy ễ n" → "Nguyễn") by
    the shape of a Vietnamese syllable: a split glyph joins the word before it unless that word is closed by a
    final consonant or written in another case, and the consonants or vowels right after it join it. Double spaces
    are real word breaks. Returns (text, number of glyphs rejoined); a text without the pattern is returned as is."""
    found = len(regex.findall(r"(?<=\p{L}) " + _SPLIT_GLYPH.pattern + r" ", text))
    total = len(_SPLIT_GLYPH.findall(text))
    if found < 5 or found < 0.3 * total:
        return text, 0
    out_lines = []
    for line in text.split("\n"):
        words: list[str] = []
        for i, chunk in enumerate(line.split(" ")):
            if chunk == "":
                words.append("")  # a double space: a real break
                continue
            glyph = _SPLIT_GLYPH.fullmatch(chunk) is not None
            prev = words[-1] if words else ""
            prev_glyph_end = bool(prev) and _SPLIT_GLYPH.search(prev[-1]) is not None
            if glyph and prev and not _closed(prev, chunk) and not (chunk[0].isupper() and prev[-1].islower()):
                words[-1] = prev + chunk
            elif (not glyph and prev and prev_glyph_end
                  and ((chunk[0].islower() or chunk.isupper() and prev.isupper())
                       and (not _has_vowel(chunk) and len(chunk) <= 3 or not _closed(prev))
                       or chunk[0] in ",.;:)!?…”\"")):
                words[-1] = prev + chunk  # "ứ" + "ng", "ễ" + "n", "ĐIỆ" + "N", "chỉ" + ":"
            else:
                words.append(chunk)
        out_lines.append(regex.sub(r" {2,}", " ", " ".join(words)))
    return "\n".join(out_lines), found


def pdf_text(data: bytes, path: str | None = None) -> str:
    """The text layer of a PDF, page by page (letters a browser's printer split off their words put back)."""
    import logging
    import warnings

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf reports damaged objects it works around on its logger and as warnings: the batch's own error record
    # (or nothing, when the text comes out) is the message, not a library's line on stderr
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise NoticeError("unreadable", f"not a readable PDF ({e})", path) from None
    text = "\n".join(pages)
    if not text.strip():
        raise NoticeError("no_text", "the PDF has no text layer (a scan?): run OCR on it first", path)
    return rejoin_split_glyphs(text)[0]


def _unsupported(suffix: str, name: str) -> NoticeError:
    """The error for a format the parser does not read, with what to do about it."""
    if suffix in IMAGE_SUFFIXES:
        hint = "an image: run OCR on it and save the text as .txt or a .pdf with a text layer"
    else:
        hint = OFFICE_SUFFIXES.get(suffix, "supported: .txt, .html, .htm, .docx, .pdf")
    return NoticeError("unsupported", f"unsupported format '{suffix}': {hint}", name)


_CONTROL_BYTES = bytes([*range(1, 9), *range(14, 32)])


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read one notice file of any supported format."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise NoticeError("not_found", "no such file", name)
    if p.is_dir():
        raise NoticeError("not_a_file", "is a folder, not a file", name)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _unsupported(suffix, name)  # before reading a file that cannot be parsed
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise NoticeError("too_large", f"{size} bytes is over the limit of {max_bytes} (see --max-bytes)", name)
        data = p.read_bytes()
    except OSError as e:
        raise NoticeError("unreadable", f"cannot be read: {e.strerror or e}", name) from None
    return load_bytes(data, name, suffix)


def load_bytes(data: bytes, name: str = "<stdin>", suffix: str = ".txt") -> Loaded:
    """Read one notice from its bytes (``suffix`` gives the format, e.g. ".html"); errors as ``load``."""
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _unsupported(suffix, name)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise NoticeError("empty", "the file is empty", name)
    warnings: list[str] = []
    enc = None
    if suffix in HTML_SUFFIXES:
        html, enc = decode(data, name)
        text, fmt = html_text(html), "html"
    elif suffix == ".docx":
        try:
            text, fmt = docx_text(data), "docx"
        except Exception as e:  # python-docx raises several kinds for a file that is not a .docx
            raise NoticeError("unreadable", f"not a readable .docx ({type(e).__name__})", name) from None
    elif suffix == ".pdf":
        text, fmt = pdf_text(data, name), "pdf"
        tokens = regex.findall(r"\p{L}+", text)
        if tokens and sum(len(t) == 1 for t in tokens) > 0.25 * len(tokens):
            # letters still split off their words: say so rather than hand back a quietly empty graph
            warnings.append("the PDF's text layer looks broken (many letters apart from their words): check the "
                            "tasks, or parse the .docx or .html of the same notice")
    else:
        nuls = data.count(b"\x00")
        if nuls and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            few = nuls <= len(data) * NUL_TOLERANCE or (nuls <= 16 and nuls * 20 <= len(data))
            controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
            if few and controls <= max(8, len(data) // 50):
                data = data.replace(b"\x00", b"")
                warnings.append(f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed from the text")
        text, enc = decode(data, name)
        fmt = "text"
    check_text(text, name)
    return Loaded(text=text, file_sha256=digest, format=fmt, encoding=enc, warnings=tuple(warnings))
