"""Stage 5: agencies — find every named body, expand abbreviations, give it a canonical name.

Sources, in order of trust: the gazetteer (``rules/agencies.tsv``, with abbreviated aliases
generated from ``rules/agency_patterns.yaml``), compressed lists ("các Bộ: Tài chính, Tư pháp"),
place-named People's Committees ("UBND huyện Đức Phổ", place names from ``rules/places.tsv``),
then bodies recognised by shape only ("Sở X", "Ban Chỉ đạo …"), which get ``known=False``.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import regex

from .context import Context
from .normalize import NormText, fold_tones, skip_spaces
from .rules import Rules, fast_compile, lazy_compile
from .spans import SpanSet


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    kind: str
    known: bool


@dataclass
class Mention:
    start: int
    end: int
    ref: AgencyRef


_KEY_DASH = regex.compile(r"\s*[-–—]\s*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_KEY_COMMA = regex.compile(r"\s*,\s*")
_KEY_SPACE = regex.compile(r"\s+")


@lru_cache(maxsize=65536)
def match_key(s: str) -> str:
    """The form names are compared in: case-folded, one space, hyphens and apostrophes unified."""
    s = _KEY_DASH.sub(" - ", s.translate(_APOSTROPHES))
    s = _KEY_COMMA.sub(", ", s)
    return _KEY_SPACE.sub(" ", s).strip().casefold()


_DASH_TOKEN, _COMMA_TOKEN, _PLURAL_TOKEN = "\x01", "\x02", "\x03"
_DASHES = frozenset("-–—")  # what _KEY_DASH turns into one dash
_COUNT_WORD = regex.compile(r"(?<![\p{L}\d])\d{1,3}(?= \p{L})")  # "UBND 36 phường", "UBND 15 Phường"


def title_prefix_pattern(patterns: dict) -> str:
    """An optional prefix of agency_patterns.yaml `title_prefixes` before a title ('Quyền Chủ tịch' is a
    'Chủ tịch'), as a regex piece to put before an alternation of titles (the alternation is not doubled)."""
    prefixes = patterns.get("title_prefixes") or []
    return rf"(?:(?:{'|'.join(map(regex.escape, prefixes))})[ ]+)?" if prefixes else ""


def trie_pattern(phrases: set[str], counted: str = "") -> str:
    """One regex for many phrases, shaped as a trie so shared prefixes are tried once.

    Phrases are lower-case; a space matches one or more spaces, '-' and ',' any spaces around them.
    ``counted``: a plural word (agency_patterns.yaml plural_word, "các") that also matches a number ("Ủy ban nhân
    dân 36 phường, xã" is "… các phường, xã").
    """
    return _trie_pattern(frozenset(phrases), counted)


@lru_cache(maxsize=64)
def _trie_pattern(phrases: frozenset[str], counted: str) -> str:
    """``trie_pattern``, built once per set of phrases (the name stops' trie stands in several patterns)."""
    plural = regex.compile(rf"(?<![\p{{L}}]){regex.escape(counted)}(?= )") if counted else None
    trie: dict = {}
    for phrase in phrases:
        tokens = phrase
        if not _DASHES.isdisjoint(tokens):  # (the substitutions change only a phrase with their character)
            tokens = _KEY_DASH.sub(_DASH_TOKEN, tokens)
        if "," in tokens:
            tokens = _KEY_COMMA.sub(_COMMA_TOKEN, tokens)
        if plural is not None and counted in tokens:
            tokens = plural.sub(_PLURAL_TOKEN, tokens)
        node = trie
        for ch in tokens:
            node = node.setdefault(ch, {})
        node[""] = True
    # each character's piece of pattern, escaped once
    pieces = {" ": "[ ]+", _DASH_TOKEN: "[ ]*-[ ]*", _COMMA_TOKEN: "[ ]*,[ ]*",
              _PLURAL_TOKEN: rf"(?:{regex.escape(counted)}|\d{{1,3}})"}

    def piece(ch: str) -> str:
        p = pieces.get(ch)
        if p is None:
            p = pieces[ch] = regex.escape(ch)
        return p

    def build(node: dict) -> str:
        chain = []  # a run of nodes with one character after them and no phrase ending there, written in a row
        while len(node) == 1 and "" not in node:
            ch = next(iter(node))
            chain.append(piece(ch))
            node = node[ch]
        alts = [piece(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return "".join(chain)
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "".join(chain) + (f"(?:{body})?" if "" in node else body)

    return build(trie)


def _view(text: str) -> str:
    """A same-length lower-case view of the text for the gazetteer: line breaks as spaces, one dash (en and em dashes as "-")."""
    view = text.lower()
    if len(view) != len(text):  # a character whose lower case is longer ("İ"): keep it as it is
        view = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return view.replace("\n", " ").replace("–", "-").replace("—", "-")


def _pattern_for(phrase: str) -> str:
    parts = [regex.escape(p) for p in regex.split(r"\s+", phrase.strip())]
    body = r"[ \n]+".join(parts)  # a name may be broken across a line
    body = body.replace(r"\-", r"[ ]*[-–][ ]*").replace(r"\–", r"[ ]*[-–][ ]*")
    return body.replace(r",[ \n]+", r"[ ]*,[ \n]*")


_ABBR_JOINER = regex.compile(r"[ ]*[&-][ ]*")


def _joiner_variants(abbrevs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each abbreviation with its parts joined every way a notice writes them: "NN&MT", "NN-MT", "NN - MT", "NNMT",
    and a web page's "NN& MT" / "NN & MT" (an ampersand entity decoded with a space) are one abbreviation (the list
    in agency_patterns.yaml gives one spelling)."""
    out = list(abbrevs)
    known = {a for a, _f in abbrevs}
    for abbr, full in abbrevs:
        parts = _ABBR_JOINER.split(abbr)
        if len(parts) < 2 or len(parts) > 4:
            continue
        for joins in itertools.product(("&", "& ", " & ", "-", " - ", ""), repeat=len(parts) - 1):
            v = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:]))
            if v not in known:
                known.add(v)
                out.append((v, full))
    return out


class _Compiled:
    def __init__(self, rules: Rules):
        """Every pattern and table of agency_patterns.yaml, agencies.tsv and places.tsv, compiled once per rules."""
        cfg = rules.yaml("agency_patterns.yaml")
        self._words(cfg)
        self._gazetteer(cfg, rules)
        self._places(cfg, rules)
        units, unit_alt, place_end = self._units(cfg)
        self._boards(cfg)
        self._local_bodies(cfg, units, unit_alt, place_end)
        self._generic_names(cfg, rules)
        heads_alt = self._body_heads(cfg, units)
        self._name_stops(cfg, rules, heads_alt)
        self._collective_patterns(cfg, rules)
        self._predicate_runs(cfg)
        self._list_readers(cfg)

    def _list_readers(self, cfg) -> None:
        """The readers of lists of bodies (list_item_bodies, force_fields, compressed lists of communes) and of a holder's
        name after a body (holder_after_body)."""
        hb = cfg.get("holder_after_body")
        self.holder_re = lazy_compile(
            r"[ ]+(?:" + "|".join(_pattern_for(n) for n in sorted(hb["surnames"], key=lambda w: (-len(w), w)))
            + r")(?:[ ]+\p{Lu}\p{Ll}*){1,3}$") if hb else None
        li = cfg.get("list_item_bodies")
        self.list_item_sep = lazy_compile(li["separator"]) if li else None
        self.list_item_most = li["most_words"] if li else 0
        self.list_opener_re = lazy_compile(li["opens_list"]) if li else None
        # an item holds no punctuation and no conjunction; an item of a list of communes is a unit and a name
        self.list_item_break = lazy_compile(rf"[,;:.()\n]|[ ]{regex.escape(cfg.get('name_conjunction', '(?!)'))}[ ]")
        forces = cfg.get("force_fields") or []
        self.force_field_re = lazy_compile(r"(?:" + "|".join(_pattern_for(f) for f in sorted(forces, key=lambda w: (-len(w), w)))
                                           + r")(?![\p{L}])" if forces else r"(?!)")
        self.force_word = cfg.get("force_name", "")
        communes = "|".join(_pattern_for(u) for u in sorted(cfg["place_units"].get("commune", []), key=lambda w: (-len(w), w)))
        self.commune_item_re = lazy_compile(
            rf"(?:(?P<unit>{communes or '(?!)'})[ ]+)?(?P<name>\p{{Lu}}\p{{Ll}}*(?:[ ]\p{{Lu}}\p{{Ll}}*){{0,3}}|\d{{1,3}})(?![\p{{L}}\d])")
        self.any_case_head_re = lazy_compile(
            r"(?i:" + "|".join(_pattern_for(h) for h in sorted(cfg["body_heads"], key=lambda w: (-len(w), w))) + r")[ ]+\S")

    def _predicate_runs(self, cfg) -> None:
        """What an unknown body's name may run on to (agency_patterns.yaml name_runs_to_predicate)."""
        r = cfg.get("name_runs_to_predicate")
        self.predicate_opener_re = self.run_blocker_re = None
        if r:
            self.predicate_opener_re = lazy_compile(r"(?:" + trie_pattern(set(r["openers"])) + r")(?![\p{L}])")
            self.run_blocker_re = lazy_compile(r"(?:" + trie_pattern(set(r["never_in_names"])) + r")(?![\p{L}])")
            self.run_most = r["most_syllables"]

    def _words(self, cfg) -> None:
        """The name words of agency_patterns.yaml and its abbreviations ("UBND" for the People's Committee)."""
        self.conj = cfg.get("name_conjunction", "")  # the word that joins the last two fields of a name ("và")
        self.plural_word = cfg["plural_word"]
        self.plural_name_prefix = cfg["plural_name_prefix"]
        self.plural_before = lazy_compile(cfg["plural_before"])
        self.item_sep = lazy_compile(cfg["compressed_item_sep"])
        self.city_unit = cfg["city_unit"]
        self.trailing_city_abbr = lazy_compile(cfg["trailing_city_abbr"])
        self.province_suffix = lazy_compile(cfg["province_suffix"])
        self.province_unit = cfg["province_unit"]
        self.council_name = cfg["council_name"]
        self.steering_board_tail = lazy_compile(cfg["steering_board_tail"])
        self.national_field = lazy_compile(cfg["national_field"])
        self.prevent_fight = lazy_compile(cfg["prevent_fight"])
        self.comma_compound_second = set(cfg["comma_compound_second"])
        self.locality_group = cfg["locality_group"]
        self.every_province_generic = lazy_compile(cfg["every_province_generic"])
        self.every_province_name = cfg["every_province_name"]
        self.listed_provinces_re = lazy_compile(cfg.get("listed_provinces", r"(?!)"))
        second = "|".join(map(regex.escape, sorted(self.comma_compound_second)))
        self.field_word = lazy_compile(rf"(?:[ ]+|,[ ]+(?=(?:{second})(?![\p{{L}}])))"
                                        r"(?P<w>\p{Ll}+|\p{Lu}[\p{L}\d]*(?:-\d+)?)(?![\p{L}\d])")
        self.abbrevs = _joiner_variants([(a["abbr"], a["full"]) for a in cfg["abbreviations"]])
        abbr_alt = "|".join(regex.escape(a) for a, _ in sorted(self.abbrevs, key=lambda x: -len(x[0])))
        self._abbr_re = lazy_compile(rf"(?<![\p{{L}}&])(?:{abbr_alt})(?![\p{{L}}&])")
        self._abbr_map = {a: f for a, f in self.abbrevs}

    def holders_name(self, words: str) -> bool:
        """Are ``words`` a person's name rather than a district the tables lack: a family name and two or three more
        capitalised syllables ("Chủ tịch UBND huyện Trần Thị Quý")? Known places never reach this test; communes and
        wards are left alone (many are named after people: "phường Lê Hồng Phong")."""
        return (self.holder_re is not None and len(words.split()) >= 3
                and self.holder_re.fullmatch(" " + words) is not None)

    def field_abbreviation(self, word: str) -> bool:
        """Is ``word`` the abbreviation of a field ("TKCN": Tìm kiếm cứu nạn), not of a body ("UBND")?"""
        full = self._abbr_map.get(word)
        return full is not None and not self.any_case_head_re.match(full + " x")

    def _gazetteer(self, cfg, rules: Rules) -> None:
        """The gazetteer of rules/agencies.tsv: every alias and its abbreviated variants, by key and as one trie."""
        self.director_of = {f"{d['unit']} ": d["title"] for d in cfg.get("director_without_unit") or []}
        # Gazetteer: every alias (and its abbreviated variants) → entry.
        self.by_key: dict[str, dict] = {}
        self.by_id: dict[str, dict] = {}
        aliases: set[str] = set()
        # an alias the gazetteer writes in lower case names the body in lower case too ("cơ quan cảnh sát điều tra")
        self.lower_aliases: set[str] = set()
        for row in rules.tsv("agencies.tsv"):
            self.by_id[row["id"]] = row
            names = [row["name"]] + [a for a in row["aliases"].split("|") if a]
            if row["kind"] == "single":
                self.lower_aliases.update(fold_tones(a, rules) for a in names[1:] if a[:1].islower())
            # fields listed with commas are also written without them ("Sở Văn hóa Thể thao và Du lịch")
            names += [n.replace(", ", " ") for n in names if ", " in n and f" {self.conj} " in n]
            # a department's director named by the field alone ("Giám đốc GD&ĐT"): agency_patterns.yaml
            names += [f"{title} {n[len(unit):]}" for unit, title in self.director_of.items()
                      for n in names if n.startswith(unit) and row["kind"] == "single"]
            for n in names:
                for variant in self._abbreviated_variants(fold_tones(n, rules)):
                    self.by_key.setdefault(match_key(self.expand(variant)), row)
                    self.by_key.setdefault(match_key(variant), row)
                    aliases.add(variant)
        # Provincial bodies by the name they share across provinces ("Cục Thuế", "Công an", "Sở Y tế"); and a
        # province-level body of a centrally-run city written with "thành phố" where the gazetteer writes "tỉnh" ("Ban
        # Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn thành phố"): the same row, after every name the gazetteer
        # writes itself (so "Công an thành phố" stays its own row)
        self.province_bases: dict[str, dict] = {}
        city = f" {cfg['city_unit']}"
        for row in rules.tsv("agencies.tsv"):
            if row["kind"] != "single" or row.get("level") != "province":
                continue
            for n in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
                base = self.province_suffix.sub("", n)
                if " " not in base:
                    continue
                self.province_bases.setdefault(match_key(base), row)
                variant = fold_tones(base + city, rules)
                if base != n and match_key(variant) not in self.by_key:
                    self.by_key[match_key(variant)] = row
                    aliases.add(variant)
        self.sorted_keys = sorted(self.by_key)  # names that open with given words, by bisection
        # a single body's name written without its "và" ("Sở Kế hoạch Đầu tư", "Sở Lao động - Thương binh xã hội"),
        # when only one row reads so
        conj = f" {self.conj} "
        without: dict[str, set] = {}
        for key, row in self.by_key.items():
            if conj in f" {key} " and row["kind"] == "single":
                without.setdefault(f" {key} ".replace(conj, " ").strip(), set()).add(row["id"])
        self.by_key_without_conj = {k: self.by_id[next(iter(ids))] for k, ids in without.items()
                                    if len(ids) == 1 and k not in self.by_key}
        ep = cfg.get("every_province")
        self.every_province_re = lazy_compile(ep) if ep else None
        ed = cfg.get("every_district")
        self.every_district_re = lazy_compile(ed) if ed else None
        self.every_district_head = lazy_compile(cfg.get("every_district_heads") or "(?!)", regex.I)
        self.every_district_two = lazy_compile(cfg.get("every_district_two_bodies") or "(?!)")
        self.every_district_predicate = lazy_compile(cfg.get("every_district_predicate") or "(?!)", regex.I)
        # The names as a trie over a lower-case view of the text (several times faster than an alternation).
        self.gazetteer_view_re = fast_compile(
            rf"(?<![\p{{L}}\d])(?:{trie_pattern({a.lower().replace('–', '-') for a in aliases}, counted=self.plural_word)})(?![\p{{L}}\d])",
            lazy=True)

    def _places(self, cfg, rules: Rules) -> None:
        """Provinces and districts (rules/places.tsv and places_extra.tsv) and their spellings, as one trie."""
        # Places (generated from the vietnam-provinces package, plus sourced extras).
        places = rules.tsv("places.tsv") + rules.tsv("places_extra.tsv")
        self.provinces = {fold_tones(p["name"], rules) for p in places if p["level"] == "province"}
        self.districts = {fold_tones(p["name"], rules) for p in places if p["level"] == "district"}
        self.place_proper = {}
        for p_ in self.provinces | self.districts:
            self.place_proper[p_] = p_
            self.place_proper[p_.upper()] = p_
        for alias, proper in (cfg.get("place_aliases") or {}).items():
            self.place_proper[alias] = fold_tones(proper, rules)
        spellings = {w: group for group in cfg.get("place_syllable_variants") or [] for w in group}
        for p_ in self.provinces | self.districts:
            # "Đắk Glong" is "Đăk Glong", "Đăk Lăk" is "Đắk Lắk": any spelling of each syllable names the place
            options = [spellings.get(w, [w]) for w in p_.split(" ")]
            if any(len(o) > 1 for o in options):
                for words in itertools.product(*options):
                    self.place_proper.setdefault(fold_tones(" ".join(words), rules), p_)
        # a province's unit word ("tỉnh", "thành phố") for the name of its People's Committee
        self.place_kind = {fold_tones(p["name"], rules): p["kind"] for p in places if p["level"] == "province"}
        self.place_re = fast_compile(r"(?:" + trie_pattern(set(self.place_proper)) + r")(?![\p{L}\d])", lazy=True)

    def _units(self, cfg) -> tuple[dict, str, str]:
        """Place unit words ("tỉnh", "phường"); returns (units by level, their alternation, the end of a place's name)."""
        units = cfg["place_units"]
        self.unit_aliases = {k: v for k, v in (cfg.get("unit_aliases") or {}).items()}
        self.unit_alias_re = lazy_compile(
            r"(?<![\p{L}])(" + "|".join(regex.escape(a) for a in sorted(self.unit_aliases, key=lambda w: (-len(w), w)))
            + r")[ ]*(?=\p{Lu}\p{Ll})") if self.unit_aliases else None
        lower_units = "|".join(regex.escape(u) for u in sorted({u for us in units.values() for u in us if u.islower()},
                                                               key=lambda w: (-len(w), w)))
        self.unit_place = lazy_compile(  # a unit word and the place's name (or a ward's number): "phường Nghi Hương"
            rf"(?P<unit>(?i:{lower_units}))[ ]+(?P<place>\p{{Lu}}\p{{Ll}}*(?:[ ]+\p{{Lu}}\p{{Ll}}*){{0,3}}|\d{{1,3}})(?![\p{{L}}\d])")
        self.unit_levels = {u.casefold(): lvl for lvl, us in units.items() for u in us}
        unit_alt = "|".join(regex.escape(u) for u in sorted({u for us in units.values() for u in us}, key=lambda w: (-len(w), w)))
        # a known place ends where a capitalised word follows, unless that is a person's name ("UBND tỉnh Gia Lai Dương
        # Mah Tiệp vừa ký …": agency_patterns.yaml person_after_place)
        place_end = rf"(?:(?={cfg.get('person_after_place') or '(?!)'})|(?![ ]+\p{{Lu}}\p{{Ll}}))"
        self.place_suffix_re = lazy_compile(
            rf"[ ]+(?:(?P<unit>(?i:{unit_alt}))[ ]+)?(?P<place>{self.place_re.pattern}){place_end}"
        )
        return units, unit_alt, place_end

    def _boards(self, cfg) -> None:
        """The words that end, own or act for a board's name, and a body's members."""
        heads = cfg.get("lowercase_heads") or []
        self.lowercase_heads = set(heads)
        self.lowercase_head_re = lazy_compile(
            rf"(?:{'|'.join(map(regex.escape, heads))})\s+\p{{Lu}}" if heads else r"(?!)")
        self.board_breakers = {w for w in cfg.get("board_name_breakers") or [] if " " not in w}
        self.board_owner = set(cfg.get("board_owner_words") or [])
        self.board_agent = set(cfg.get("board_agent_words") or [])
        est = cfg.get("board_established_before") or []
        self.board_established_re = lazy_compile(
            rf"(?<![\p{{L}}])(?:{'|'.join(map(regex.escape, est))})[ ]+$" if est else "(?!)")
        self.board_established_stops = set(cfg.get("board_established_stops") or [])
        self.board_agent_next = set(cfg.get("board_agent_next") or [])
        self.field_conjunctions = set(cfg.get("field_conjunctions") or [])
        self.members_before_re = lazy_compile(cfg["members_before"] + "$") if cfg.get("members_before") else None
        self.members_name = cfg.get("members_name", "")
        self.members_generic_heads = tuple(cfg.get("members_generic_heads") or ())
        hb = cfg.get("heading_body_heads") or []
        self.heading_body_re = lazy_compile(cfg["heading_body"].replace(
            "{HEADS}", "(?:" + "|".join(_pattern_for(h) for h in sorted(hb, key=lambda w: (-len(w), w))) + ")")
        ) if hb and cfg.get("heading_body") else None
        bare = cfg.get("members_bare_heads") or []
        self.members_bare_re = lazy_compile(
            "(?:" + cfg["members_before"] + ")(?P<head>" + "|".join(_pattern_for(h) for h in sorted(bare, key=lambda w: (-len(w), w)))
            + r")(?=[ ]*[,.;:]|[ ]+(?:" + trie_pattern(set(cfg.get("name_stops") or ["(?!)"])
                                                      - set(cfg.get("members_bare_not_before") or [])) + r")(?![\p{L}]))"
        ) if bare and cfg.get("members_before") else None
        preds = cfg.get("board_predicates") or []
        compounds_alt = "|".join(_pattern_for(w) for w in cfg.get("name_stop_compounds") or [])
        self.board_predicate_re = lazy_compile(  # "giao thông" is no "giao"
            (rf"(?!(?:{compounds_alt})(?![\p{{L}}]))" if compounds_alt else "")
            + r"(?:" + "|".join(_pattern_for(w) for w in sorted(preds, key=lambda w: (-len(w), w))) + r")(?![\p{L}])"
        ) if preds else None
        self.national_words = {w.casefold() for w in cfg.get("national_board_words") or []}
        assigning = cfg.get("national_board_assigning") or []
        self.national_assigning_re = lazy_compile(
            r"(?:" + "|".join(_pattern_for(w) for w in sorted(assigning, key=lambda w: (-len(w), w))) + r")[ ]+"
        ) if assigning else None

    def _local_bodies(self, cfg, units: dict, unit_alt: str, place_end: str) -> None:
        """People's councils and committees of a place, lists of places and the tails of group names."""
        self.council_body = {w.casefold(): lc["body"] for lc in cfg["local_councils"] for w in lc["written"]}
        councils = "|".join(_pattern_for(w) for w in sorted(self.council_body, key=lambda w: (-len(w), w)))
        self.glued_units = dict(cfg.get("glued_unit_places") or {})  # "UBND TPHCM": the unit glued to the place
        glued = "|".join(map(regex.escape, sorted(self.glued_units, key=lambda w: (-len(w), w)))) or "(?!)"
        self.local_pc_re = lazy_compile(
            rf"(?P<council>(?i:{councils}))[ ]+(?:(?P<unit>(?i:{unit_alt}))(?:[ ]+|(?<=\.)(?=\p{{Lu}}))"  # "UBND TP.HCM"
            rf"|(?=(?P<glued>{glued})(?![\p{{L}}])))"
            rf"(?P<place>{self.place_re.pattern}{place_end}|\p{{Lu}}\p{{Ll}}*(?:[ ]+\p{{Lu}}\p{{Ll}}*){{0,2}}(?![\p{{L}}])"
            rf"|\p{{Lu}}{{2,}}(?:[ ]+\p{{Lu}}{{2,}}){{0,2}}(?![\p{{L}}]))(?![ ]+\p{{Lu}}\p{{Ll}})"  # "UBND XÃ IA YENG"
        )
        commune_units = "|".join(_pattern_for(u) for u in sorted(units.get("commune", []), key=lambda w: (-len(w), w)))
        self.more_numbered_re = lazy_compile(
            rf"(?:{cfg['list_item_sep']})(?P<item>(?:(?i:{commune_units or '(?!)'})[ ]+)?(?P<n>\d{{1,3}}))(?![\p{{L}}\d/.,])"
            if commune_units else r"(?!)")
        self.more_places_re = lazy_compile(
            rf"(?:{cfg['list_item_sep']})(?:(?P<unit>(?i:{unit_alt}))[ ]+)?(?P<place>{self.place_re.pattern})(?![ ]+\p{{Lu}}\p{{Ll}})")
        self.former_city_re = lazy_compile(  # "phường Xuân Hương - Đà Lạt" (commune_former_city)
            rf"(?:{cfg.get('commune_former_city') or '(?!)'})(?P<place>{self.place_re.pattern})(?![ ]+\p{{Lu}}\p{{Ll}})(?![\p{{L}}])")
        self.locality_after = dict(cfg.get("locality_after") or {})
        self.locality_re = lazy_compile(cfg.get("locality_words", r"(?!)"))
        # a body of this province or district named by its unit alone ("Kho bạc nhà nước thành phố")
        plain_units = [u for lvl in ("province", "district") for u in units[lvl] if u.islower()]
        self.bare_unit_re = lazy_compile(
            rf"[ ]+(?P<unit>{'|'.join(_pattern_for(u) for u in sorted(set(plain_units), key=lambda w: (-len(w), w)))})"
            r"(?![ ]+\p{Lu}\p{Ll})(?![\p{L}])")
        self.local_pc_prefix = lazy_compile(
            r"(?<![\p{L}])(?:" + "|".join(regex.escape(w) for w in sorted(self.council_body, key=lambda w: (-len(w), w))) + r")[ ]")
        self.unit_words = {u.casefold() for us in units.values() for u in us if u.islower()}
        closing = cfg.get("name_closing_country") or []
        self.closing_country_re = lazy_compile(
            r"[ ]+(?:" + "|".join(regex.escape(x) for x in closing) + r")(?![\p{L}])") if closing else None
        # a tail may end with the place it names ("các sở, ngành thành phố Đà Nẵng", "UBND các xã tỉnh Quảng Nam")
        self.group_tail_re = lazy_compile(
            r"(?:[ ]*,?[ ]*(?:" + "|".join(_pattern_for(t) for t in sorted(cfg.get("group_tails", []), key=lambda w: (-len(w), w)))
            + rf")(?![\p{{L}}])(?:[ ]+(?-i:{self.place_re.pattern}))?"
            # a unit's level right after the group, no comma around it ("các đoàn thể xã")
            r"|[ ]+(?:" + "|".join(_pattern_for(t) for t in sorted(cfg["group_level_tails"], key=lambda w: (-len(w), w)))
            + rf")(?![\p{{L}}])(?:[ ]+(?-i:{self.place_re.pattern}))?(?![ ]*,))*", regex.I)

    def _generic_names(self, cfg, rules: Rules) -> None:
        """Generic names (a head and a capitalised field), what is no agency, compressed lists and title heads."""
        not_heads = "|".join("[ ]".join(map(regex.escape, w.split())) for w in cfg["generic_name_not_heads"])
        body = rf"(?!(?:{not_heads})(?![\p{{L}}]))"
        # a capitalised word and the lower-case syllables that complete its field ("Y tế", "Quản lý đầu tư"; Vietnamese
        # capitalises only a field's first word), never a predicate ("Cục Thuế có …", "Sở Tư pháp thẩm định …"): up to
        # three, none a name stop or a verb of rules/verbs.tsv
        stop_words = {w.casefold() for w in cfg.get("name_stops", [])}
        stop_words |= {v["verb"].casefold() for v in rules.tsv("verbs.tsv")
                       if v.get("in_names") not in ("yes", "proper")}
        low = rf"(?:[ ]+(?!(?:{trie_pattern(stop_words)})(?![\p{{L}}]))\p{{Ll}}+){{0,3}}"
        # a name is up to five fields: one field written once, as a group the pattern calls (it compiles in half the
        # time of the field written out twice, and matches the same)
        commas = "|".join(_pattern_for(w) for w in sorted(cfg["name_comma_compounds"], key=lambda w: (-len(w), w)))
        field = rf"{body}(?:{commas}|\p{{Lu}}\p{{Ll}}*){low}"  # "Phòng, chống thiên tai": a comma inside the field
        name = rf"(?&_name_field)(?:[ ]+(?:(?:{regex.escape(self.conj)}|-|–|—)[ ]+)?(?&_name_field)){{0,4}}"
        self.generic = [
            (g["name"], lazy_compile(f"(?:{g['regex'].replace('{NAME}', name)})(?(DEFINE)(?P<_name_field>{field}))"
                                     if "{NAME}" in g["regex"] else g["regex"]), g.get("kind", "single"))
            for g in cfg.get("generic", [])
        ]
        self.not_agency_re = lazy_compile(
            "|".join(_pattern_for(fold_tones(p, rules)) for p in cfg.get("not_agencies", []))
        )
        self.compressed = [
            (lazy_compile(c["head"], regex.I), c) for c in cfg.get("compressed_lists", [])
        ]
        self.heads = sorted(cfg.get("heads", []), key=lambda w: (-len(w), w))
        self.title_prefix = title_prefix_pattern(cfg)
        mods = cfg.get("board_modifiers") or []
        self.board_modifier_re = lazy_compile(
            r"[ ]+(?:" + "|".join(_pattern_for(x) for x in sorted(mods, key=lambda w: (-len(w), w))) + r")(?![\p{L}])"
        ) if mods else None

    def _body_heads(self, cfg, units: dict) -> str:
        """Bodies by head noun and proper name, and the words around them; returns the heads' alternation."""
        # Bodies by head noun and proper name (known: false unless the gazetteer knows the name).
        heads_alt = "|".join(_pattern_for(h) for h in sorted(cfg.get("body_heads", []), key=lambda w: (-len(w), w)))
        units_lower = "|".join(_pattern_for(u) for u in sorted({u for us in units.values() for u in us if u.islower()},
                                                                 key=lambda w: (-len(w), w)))
        # heads whose proper name a page may write in lower case when the name ends in its unit ("Trung tâm phát triển
        # quỹ đất huyện"): only heads that are no common word ("Hội nghị tỉnh" is a meeting)
        lc_heads = "|".join(_pattern_for(h) for h in sorted(cfg.get("lowercase_name_heads") or [], key=lambda w: (-len(w), w))) or "(?!)"
        self.body_head_re = lazy_compile(
            rf"(?<![\p{{L}}\d])(?:(?:{heads_alt})(?=[ ]+(?:\p{{Lu}}|[A-ZĐ]{{2,}}|(?:{units_lower})[ ]+\p{{Lu}}))"
            rf"|(?:{lc_heads})(?=(?:[ ]+\p{{Ll}}+){{1,5}}[ ]+(?:{units_lower})(?![\p{{L}}])))")
        self.head_abbrevs = dict(cfg.get("head_abbreviations") or {})
        self.shared_unit_words = list(cfg.get("shared_unit_words") or [])
        self.place_unit_heads = tuple(h + " " for h in cfg.get("place_unit_heads") or [])
        self.shared_unit_gap = lazy_compile(cfg.get("shared_unit_gap") or r"(?!)")
        reform = cfg.get("reform_2025") or {}
        self.reform_from = reform.get("from")
        self.reform_localities = dict(reform.get("localities") or {})
        self.reform_words = lazy_compile(reform.get("words", "(?!)"))
        self.dated_short = {match_key(d["written"]): d for d in cfg.get("dated_short_names") or []}
        # where an item of a compressed list the gazetteer does not know ends (_unknown_item)
        self.item_next_re = lazy_compile(r"[,;]|[ ]" + regex.escape(self.conj) + r"[ ]")
        numbered = cfg.get("numbered_body_heads") or []
        nw = cfg.get("numbered_body_number_word")
        number_word = rf"(?:{_pattern_for(nw)}[ ]+)?" if nw else ""
        self.numbered_head_re = lazy_compile(
            r"(?:" + "|".join(_pattern_for(h) for h in sorted(numbered, key=lambda w: (-len(w), w)))
            + r")[ ]+" + number_word + r"\d{1,3}(?![\d/]|[.,]\d|[\p{L}])") if numbered else None
        venues = cfg.get("venue_heads") or []
        self.venue_re = lazy_compile("|".join(_pattern_for(v) for v in venues) + r"(?![\p{L}])") if venues else None
        always = cfg.get("venue_always") or []
        self.venue_always_re = lazy_compile("|".join(_pattern_for(v) for v in always) + r"(?![\p{L}])") if always else None
        preps = cfg.get("venue_prepositions") or []
        self.venue_before_re = lazy_compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(v) for v in preps) + r")[ ]+$") if preps else None
        appo = cfg.get("apposition_after_dash") or []
        self.apposition_re = lazy_compile(
            r"(?i:" + "|".join(_pattern_for(w) for w in appo) + r")(?![\p{L}])") if appo else None
        self.unit_compounds = {w.casefold() for w in cfg.get("unit_word_compounds") or []}
        self.group_qualifier_re = lazy_compile(cfg["group_qualifier"]) if cfg.get("group_qualifier") else None
        self.whole_level_qualifier = lazy_compile(cfg["whole_level_qualifier"])
        return heads_alt

    def _name_stops(self, cfg, rules: Rules, heads_alt: str) -> None:
        """The words a name stops before (name stops and verbs), as tries, and a series of fields."""
        stops = {w.casefold() for w in cfg.get("name_stops", [])}
        compounds = cfg.get("name_stop_compounds") or []
        not_compound = (r"(?!(?:" + "|".join(_pattern_for(w) for w in compounds) + r")(?![\p{L}]))") if compounds else ""
        # … and the nouns that end with one ("việc làm" is no "làm", "công lập" no "lập"): the stop after their first
        # words
        all_stops = stops | {v["verb"].casefold() for v in rules.tsv("verbs.tsv")
                             if v.get("in_names") not in ("yes", "proper")}
        heads = [w.rsplit(" ", 1)[0] for w in compounds if " " in w and w.rsplit(" ", 1)[1].casefold() in all_stops]
        if heads:
            not_compound = r"(?<!(?<![\p{L}])(?:" + "|".join(_pattern_for(h) for h in heads) + r")[ ]+)" + not_compound
        # as tries (shared prefixes tried once): these are tried at every word of every name
        self.strong_stop_re = lazy_compile(not_compound + r"(?:" + trie_pattern(stops) + r")(?![\p{L}])")
        stops = all_stops
        self.name_stop_re = lazy_compile(not_compound + r"(?:" + trie_pattern(stops) + r")(?![\p{L}])")
        series = cfg.get("name_field_series")
        # {HEAD} and {STOP}, each written once as a group the series calls (it compiles several times faster than
        # either written out at every place, and matches the same)
        self.field_series_re = lazy_compile(
            f"(?:{series.replace('{HEAD}', '(?&_series_head)').replace('{STOP}', '(?&_series_stop)')})(?(DEFINE)"
            rf"(?P<_series_head>(?:{heads_alt}|{'|'.join(_pattern_for(w) for w in self.council_body)})(?![\p{{L}}]))"
            rf"(?P<_series_stop>(?:{trie_pattern(stops)})(?![\p{{L}}])))") if series else None

    def _collective_patterns(self, cfg, rules: Rules) -> None:
        """Collectives ("các" and member nouns), related tails and the heads before a name."""
        # Collectives: "các" + member nouns in any order.
        members = cfg.get("collective_members") or {}
        self.collective_members = {match_key(k): v for k, v in members.items()}
        self.compound_members = {match_key(k) for k in cfg.get("compound_members") or []}
        mem_alt = "|".join(_pattern_for(m) for m in sorted(members, key=lambda w: (-len(w), w)))
        councils_alt = "|".join(_pattern_for(w) for w in sorted(self.council_body, key=lambda w: (-len(w), w)))
        self.collective_re = lazy_compile(
            cfg["collective_list"].replace("{COUNCILS}", councils_alt).replace("{MEMBERS}", mem_alt)
            .replace("{LEADERS}", "|".join(_pattern_for(w) for w in sorted(cfg.get("collective_leaders") or ["(?!)"]))))
        self.collective_member_re = lazy_compile(rf"(?<![\p{{L}}])(?i:{mem_alt})(?![\p{{L}}])")
        self.council_groups = set(cfg.get("council_groups") or [])
        self.absorbed_after = dict(cfg.get("absorbed_after") or {})
        self.collective_gap = lazy_compile(cfg.get("collective_gap") or r"(?!)")
        self.departments_absorb = cfg.get("absorbed_after_departments")
        self.related_tail_re = lazy_compile(cfg["related_tail"])
        self.related_group = dict(cfg.get("related_group") or {})
        self.related_split_after = set(cfg.get("related_split_after") or [])
        self.city_groups = list(cfg.get("city_groups") or [])
        self.not_after_council = set(cfg.get("not_after_council") or [])
        not_after = cfg.get("collective_not_after") or []
        self.collective_not_after_re = lazy_compile(
            r"(?<![\p{L}])(?i:" + "|".join(_pattern_for(w) for w in sorted(not_after, key=lambda w: (-len(w), w)))
            + r")[ ]+$") if not_after else None
        self.defined_alias_re = lazy_compile(rules.yaml("citations.yaml")["defined_name"])
        self.defined_acronym_re = lazy_compile(cfg.get("defined_acronym") or r"(?!)")
        self.head_at_start_re = lazy_compile(
            r"(?:" + self.title_prefix + r"(?i:" + "|".join(_pattern_for(h) for h in self.heads) + r")[ ]+)+"
        )
        # a title, and the plural word when it heads several bodies ("Giám đốc các Sở TT&TT các tỉnh, thành phố")
        self.head_before_re = lazy_compile(
            r"(?<![\p{L}])" + self.title_prefix + r"(?i:" + "|".join(_pattern_for(h) for h in self.heads) + r")[ ]+"
            + r"(?:" + _pattern_for(self.plural_word) + r"[ ]+)?$")

    def _abbreviated_variants(self, name: str) -> list[str]:
        """'Văn phòng Ủy ban nhân dân tỉnh' → also 'VP UBND tỉnh', 'Văn phòng UBND tỉnh', …"""
        bases = {name}
        conj = f" {self.conj} "
        if conj in name:
            bases.add(name.replace(conj, " & "))
            bases.add(name.replace(conj, "&"))  # "Ban Chỉ huy PCTT&TKCN tỉnh"
        out = set(bases)
        if name.count(conj) == 1 and "," not in name:
            out.add(name.replace(conj, " - "))  # "Sở Tài nguyên - môi trường", "Sở Kế hoạch - Đầu tư"
        for base in bases:
            present = [(a, f) for a, f in self.abbrevs if f in base]
            for r in range(1, min(3, len(present)) + 1):
                for combo in itertools.combinations(present, r):
                    v = base
                    for a, f in combo:
                        v = v.replace(f, a)
                    out.add(v)
        return sorted(out)

    def expand(self, s: str) -> str:
        return self._abbr_re.sub(lambda m: self._abbr_map[m.group(0)], s)


def _compiled(rules: Rules) -> _Compiled:
    return rules.compiled("agencies", _Compiled)


def gazetteer(rules: Rules) -> _Compiled:
    """The compiled gazetteer of these rules (rows by id and key, the name patterns), built once per rule set."""
    return _compiled(rules)


def unknown_agency_id(name: str) -> str:
    """The deterministic id of a body the gazetteer does not know: "x-" and a hash of its matching key."""
    return "x-" + hashlib.sha1(match_key(name).encode()).hexdigest()[:10]


def _canonical(c: _Compiled, surface: str) -> AgencyRef:
    expanded = regex.sub(r"\s+", " ", c.expand(surface)).strip()
    expanded = c.trailing_city_abbr.sub(" " + c.city_unit, expanded)  # "Công an TP": the city's police
    for abbr, full in c.head_abbrevs.items():
        if expanded.startswith(abbr + " "):
            expanded = full + expanded[len(abbr):]
    row = c.by_key.get(match_key(expanded))
    if row is None and regex.search(r"\s[-–]\s?|\s?[-–]\s|\p{Ll}[-–]\p{Lu}", expanded):
        # "Sở Kế hoạch - Đầu tư", "Sở Nông nghiệp - PTNT": a dash written for "và"; "Sở Giao thông - Vận tải": for
        # the space of a compound name; "Sở Văn hóa-Thể thao và Du lịch": for the comma of a list of fields
        row = (c.by_key.get(match_key(regex.sub(r"\s*[-–]\s*", f" {c.conj} ", expanded)))
               or c.by_key.get(match_key(regex.sub(r"\s*[-–]\s*", " ", expanded)))
               or c.by_key.get(match_key(regex.sub(r"\s*[-–]\s*", ", ", expanded))))
    if row is None and ", " in expanded:
        # "Phòng Văn hóa, Thông tin": the comma of two fields written for "và"
        head, _, last = expanded.rpartition(", ")
        row = c.by_key.get(match_key(f"{head} {c.conj} {last}"))
    if row is None and "&" in expanded:
        # "Phòng Nông nghiệp & Phát triển nông thôn": "&" is written for "và"
        expanded = regex.sub(r"\s*&\s*", f" {c.conj} ", expanded)
        row = c.by_key.get(match_key(expanded))
    if row is None and f" {c.conj} " not in expanded:
        row = c.by_key_without_conj.get(match_key(expanded))  # "Sở Lao động - Thương binh xã hội": "và" left out
    if row is not None:
        return AgencyRef(row["id"], row["name"], row["kind"], True)
    if c.unit_alias_re is not None:  # "… phát triển TP. Hồ Chí Minh": a unit written short before its place, in full
        expanded = c.unit_alias_re.sub(lambda u: c.unit_aliases[u.group(1)] + " ", expanded)
    last = expanded.rsplit(" ", 1)[-1]
    if last in c.glued_units or last in c.place_proper and not last.istitle():
        # "Viện Nghiên cứu phát triển TPHCM": a province written short at the end of a name, in full
        expanded = f"{expanded[:-len(last)]}{c.glued_units.get(last, '')} {c.place_proper[last]}".replace("  ", " ")
    name = expanded[0].upper() + expanded[1:]
    return AgencyRef(unknown_agency_id(name), name, "single", False)


def _plural(c: _Compiled, name: str) -> AgencyRef:
    """'các Sở Giáo dục và Đào tạo': every body of one kind, a group named after the kind (plural_name_prefix)."""
    plural = f"{c.plural_name_prefix} {name}"
    return AgencyRef(unknown_agency_id(plural), plural, "group", True)


def resolve_name(name: str, rules: Rules) -> AgencyRef:
    """The canonical agency for a name as a person writes it (used for gold and review data)."""
    c = _compiled(rules)
    found = find_agencies_in(fold_tones(name, rules), rules)
    whole = [m for m in found if m.start == 0 and m.end >= len(name.strip())]
    if whole:
        return whole[0].ref
    return _canonical(c, fold_tones(name, rules))


_UNKNOWN_PLACE = regex.compile(r"[ ]+(\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+){1,2})(?![ ]*\p{Lu})(?![\p{L}\d])")


def _with_place(c: _Compiled, text: str, row: dict, start: int, end: int) -> tuple[int, AgencyRef] | None:
    """Extend a gazetteer match by the place name that follows it, where the entry allows one."""
    mode = row.get("place", "none")
    if mode != "none":
        if text.startswith(".", end) and text[start:end].rsplit(" ", 1)[-1] + "." in c.unit_aliases:
            end += 1  # "Công an TP. Hà Nội": the matched name ends with a unit's abbreviation and its dot
        m = c.place_suffix_re.match(text, end, end + 600)
        last_word = row["name"].split()[-1].lower()
        if m:
            unit = c.unit_aliases.get(m.group("unit") or "", m.group("unit") or last_word).lower()
            level = c.unit_levels.get(unit, "province")
            place = c.place_proper.get(m.group("place"), m.group("place"))
            if unit == c.city_unit and place in c.provinces:
                level = "province"  # "thành phố Hà Nội": a centrally governed city (a province's city is a district)
            if (m.group("unit") is None and last_word not in c.unit_levels and place in c.districts
                    and place not in c.provinces):
                level = "district"  # "Thường trực Huyện ủy Đắk Glong": a body whose name gives no unit, then a district
            if (level == "province" and place not in c.provinces) or (level == "district" and place not in c.districts):
                m = None
        if m is None and c.unit_levels.get(last_word) == "district":
            um = _UNKNOWN_PLACE.match(text, end, end + 60)
            if um and um.group(1) not in c.provinces and not c.holders_name(um.group(1)):
                # "UBND huyện Mỹ Lộc": a district the gazetteer lacks, named by two or three capitalised syllables
                place = um.group(1)
                return um.end(), AgencyRef(f"{row['id']}/{place}", f"{row['name']} {place}", row["kind"], False)
        if m and (m.group("unit") is None or row["kind"] == "single"):
            place = c.place_proper.get(m.group("place"), m.group("place"))
            unit = m.group("unit")
            if unit:
                unit = c.unit_aliases.get(unit, unit).lower()
            base = row["name"]
            if (unit is None and level == "province" and base.split()[-1].lower() not in c.unit_levels
                    and (base + " ").startswith(c.place_unit_heads)):
                # "Sở Y tế Hà Nội" is the department of the city of Hà Nội: named with the province's unit word
                unit = c.place_kind.get(place)
            if unit and not base.endswith(unit) and base.split()[-1].lower() in c.unit_levels:
                base = base.rsplit(" ", 1)[0]  # "Văn phòng UBND huyện Văn Chấn": the unit written replaces the row's
            name = f"{base} {unit} {place}" if unit and not base.endswith(unit) else f"{base} {place}"
            return m.end(), AgencyRef(f"{row['id']}/{place}", name, row["kind"], True)
        if mode == "required":
            return None
        bu = c.bare_unit_re.match(text, end, end + 600)
        last = row["name"].split()[-1].lower()
        if bu and last not in c.unit_levels and row["kind"] == "single":
            # "Kho bạc nhà nước thành phố": the body of this province/city, named by its unit
            unit = regex.sub(r"\s+", " ", bu.group("unit"))
            if c.unit_levels.get(unit.casefold()) == row.get("level") or (
                    row.get("level") == "province" and unit.casefold() == c.city_unit):
                # "Sở Nông nghiệp và PTNT tỉnh": a provincial department of this province is the department; so is
                # "Sở Tài nguyên và Môi trường thành phố" in a centrally governed city's text (batch 162)
                return bu.end(), AgencyRef(row["id"], row["name"], row["kind"], True)
            return bu.end(), AgencyRef(f"{row['id']}/{unit}", f"{row['name']} {unit}", row["kind"], True)
    return end, AgencyRef(row["id"], row["name"], row["kind"], True)


def find_agencies_in(text: str, rules: Rules, lo: int = 0, hi: int | None = None) -> list[Mention]:
    """Agency mentions in ``text[lo:hi]`` (normalised text), without overlaps, in order."""
    c = _compiled(rules)
    hi = len(text) if hi is None else hi
    cands: list[tuple[int, int, int, AgencyRef]] = []  # (start, end, priority, ref)

    items: list[tuple[int, int]] = []  # the items of compressed lists ("các Sở Tài chính, Kế hoạch và Đầu tư, …")
    for cm_re, cfg in c.compressed:
        for m in cm_re.finditer(text, lo, hi):
            if cfg.get("communes"):
                found = _commune_items(c, text, m, hi)
            elif cfg.get("forces"):
                found = _force_items(c, text, m, hi)
            else:
                found = _compressed_items(c, text, m, cfg, hi)
            cands.extend(found)
            items += [(fs, fe) for fs, fe, _p, _r in found]

    view = _view(text)
    if c.every_province_re is not None:
        cands.extend(_every_province(c, text, lo, hi))
    if c.every_district_re is not None:
        cands.extend(_every_district(c, text, lo, hi))
    cands.extend(_local_councils(c, text, view, lo, hi))
    cands.extend(_gazetteer_mentions(c, text, view, rules, lo, hi))
    cands.extend(_generic_mentions(c, text, lo, hi))
    cands.extend(_collectives(c, text, lo, hi))
    cands.extend(_named_bodies(c, text, lo, hi, cands))
    cands.extend(_bare_members(c, text, lo, hi))
    cands.extend(_heading_bodies(c, text, lo, hi))
    cands = _outside_not_agencies(c, text, lo, hi, cands)
    if items:  # a name read across two items of a compressed list is no name ("Sở Tài chính, Kế hoạch và Đầu tư")
        cands = [x for x in cands if x[2] == 4 or not _across_items(x[0], x[1], items)]
    chosen = _list_items(c, text, _chosen_mentions(c, text, lo, cands))
    return _runs_to_predicate(c, text, _without_holder(c, text, _shared_units(c, text, chosen)), hi)


def _without_holder(c: _Compiled, text: str, chosen: list[Mention]) -> list[Mention]:
    """"Tổng cục trưởng Tổng cục Thủy lợi Nguyễn Văn Tỉnh": after a head's title, the holder's name that ends an unknown
    body's name is no part of it (agency_patterns.yaml holder_after_body)."""
    if c.holder_re is None:
        return chosen
    for i, m in enumerate(chosen):
        if m.ref.known or not c.head_at_start_re.match(text, m.start, m.end):
            continue
        hm = c.holder_re.search(text, m.start, m.end)
        if hm is None or hm.start() <= m.start:
            continue
        before = text[max(m.start, hm.start() - 12):hm.start()].rsplit(" ", 1)[-1].casefold()
        pm = c.place_re.match(text, hm.start() + 1, m.end)
        if before in c.unit_words or pm is not None and pm.end() == m.end:
            continue  # "… phường Võ Văn Hồng", "Đại học Quốc gia Hà Nội": a place, not a holder
        name = m.ref.name[:-len(hm.group(0))] if m.ref.name.endswith(hm.group(0)) else text[m.start:hm.start()]
        chosen[i] = Mention(m.start, hm.start(), _canonical(c, name))
    return chosen


def _list_items(c: _Compiled, text: str, chosen: list[Mention]) -> list[Mention]:
    """"Thanh tra tỉnh, Cục thuế, Công an tỉnh": an item between two bodies of a list that opens with a body's head, in
    any case, is a body too (agency_patterns.yaml list_item_bodies)."""
    if c.list_item_sep is None:
        return chosen
    out = []
    for a, b in zip([None] + chosen, chosen):
        start = None
        if a is not None:
            out.append(a)
            sep = c.list_item_sep.match(text, a.end, b.start)
            start = sep.end() if sep is not None else None
        if start is None:  # the first item, after the verb that opens the list ("yêu cầu phòng Tài nguyên môi trường, …")
            # (the head right after the opener, not the first head of the window: "… Viện … . Giao Tổng cục du lịch, Viện …")
            for head in c.any_case_head_re.finditer(text, max(0 if a is None else a.end, b.start - 120), b.start):
                if c.list_opener_re.search(text, max(0, head.start() - 30), head.start()):
                    start = head.start()
        if start is None or not c.any_case_head_re.match(text, start, b.start):
            continue
        after = next((x for x in c.list_item_sep.finditer(text, start, b.start) if x.end() == b.start), None)
        item = text[start:after.start()] if after else ""
        if item and len(item.split()) <= c.list_item_most and not c.list_item_break.search(item):
            out.append(Mention(start, after.start(), _canonical(c, item[:1].upper() + item[1:])))
    out.extend(chosen[-1:])
    return out




_RUN_WORD = regex.compile(r"[ ]+([\p{L}\d]+)")


def _runs_to_predicate(c: _Compiled, text: str, chosen: list[Mention], hi: int) -> list[Mention]:
    """An unknown body's name cut before words that run, with no punctuation, to a word that opens a predicate takes
    those words ("Cục Giám định nhà nước" + "về chất lượng công trình xây dựng" before "phối hợp"); a name that ends
    with its unit and place is complete (agency_patterns.yaml name_runs_to_predicate)."""
    if c.predicate_opener_re is None:
        return chosen
    for i, m in enumerate(chosen):
        if m.ref.known or text[m.end - 1:m.end] == ")" or any(
                w.casefold() in c.unit_words for w in _WORD.findall(text, m.start, m.end)) or any(
                w.casefold() in c.unit_words for w in _WORD.findall(m.ref.name)):
            continue  # (a place of a compressed list is named with its unit: "…, Gia Lai, Kon Tum")
        limit = chosen[i + 1].start if i + 1 < len(chosen) else hi
        p, n = m.end, 0
        while n <= c.run_most:
            w = _RUN_WORD.match(text, p, limit)
            if w is None or w.group(1).isdigit():
                break
            if c.predicate_opener_re.match(text, w.start(1), limit):  # (an opener may be a blocker too: "sớm")
                if n:
                    chosen[i] = Mention(m.start, p, _canonical(c, m.ref.name + text[m.end:p]))
                break
            if c.run_blocker_re.match(text, w.start(1), limit):
                break
            p, n = w.end(), n + 1
    return chosen


def _local_councils(c: _Compiled, text: str, view: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """People's councils and committees of a known place ("UBND tỉnh Bình Phước"), and of the more places or
    numbered wards listed after one council and unit ("UBND tỉnh Bình Phước, Tây Ninh", "UBND phường 11, 12")."""
    cands = []
    for pre in c.local_pc_prefix.finditer(view, lo, hi):
        m = c.local_pc_re.match(text, pre.start(), min(hi, pre.start() + 600))
        if m is None:
            continue
        unit = (c.unit_aliases.get(m.group("unit"), m.group("unit")) if m.group("unit")
                else c.glued_units[m.group("glued")]).lower()
        written = m.group("place")
        if written not in c.place_proper and written.isupper() and len(written) > 2:
            written = " ".join(w.capitalize() for w in written.split())  # a header in capitals
        place = c.place_proper.get(written, written)
        level = c.unit_levels.get(unit)
        known_place = place in c.provinces or place in c.districts
        if level != "commune" and not known_place:
            continue
        body = c.council_body[match_key(m.group("council"))]
        end = m.end()
        if level == "commune":
            fc = c.former_city_re.match(text, end, min(hi, end + 40))
            if fc is not None and c.place_proper.get(fc.group("place"), fc.group("place")) in c.districts:
                place, end = f"{place} - {c.place_proper.get(fc.group('place'), fc.group('place'))}", fc.end()
        name = f"{body} {unit} {place}"
        cands.append((m.start(), end, 3, AgencyRef(unknown_agency_id(name), name, "single", known_place)))
        # "UBND tỉnh Bình Phước, Tây Ninh": more places of the same level after one council and unit
        while level == "commune" and place.isdigit():
            # "Chủ tịch UBND phường 11, 12": wards and communes known by their number
            more = c.more_numbered_re.match(text, end, min(hi, end + 40))
            if not more:
                break
            name = f"{body} {unit} {more.group('n')}"
            cands.append((more.start("item"), more.end(), 3, AgencyRef(unknown_agency_id(name), name, "single", known_place)))
            end = more.end()
        while known_place:
            more = c.more_places_re.match(text, end, min(hi, end + 200))
            if not more:
                break
            nxt = c.place_proper.get(more.group("place"), more.group("place"))
            if more.group("unit"):  # "UBND thành phố Hà Nội, Đà Nẵng, tỉnh Khánh Hòa": the unit changes
                unit = c.unit_aliases.get(more.group("unit"), more.group("unit")).lower()
                level = c.unit_levels.get(unit, level)
            if not ((level == "province" or unit == c.city_unit) and nxt in c.provinces
                    or (level == "district" or unit == c.city_unit) and nxt in c.districts):
                break  # "thành phố" names a province or a district city
            name = f"{body} {unit} {nxt}"
            s0 = more.start("unit") if more.group("unit") else more.start("place")
            cands.append((s0, more.end(), 3, AgencyRef(unknown_agency_id(name), name, "single", True)))
            end = more.end()
    return cands


def _listed_places(c: _Compiled, text: str, row: dict, ref: AgencyRef, end: int, hi: int) -> list:
    """"Sở Giao thông vận tải Thừa Thiên Huế, Quảng Trị, Quảng Bình": after a body named with its province, more
    provinces listed are the same body of each ((start, end, priority, ref) candidates, one per province)."""
    out: list[tuple[int, int, int, AgencyRef]] = []
    if "/" not in ref.id or ref.id.split("/", 1)[1] not in c.provinces:
        return out
    while True:
        more = c.more_places_re.match(text, end, min(hi, end + 200))
        if not more or c.place_proper.get(more.group("place"), more.group("place")) not in c.provinces:
            return out
        s0 = more.start("unit") if more.group("unit") else more.start("place")
        written, name = text[s0:more.end()], row["name"]
        head, last = name.rsplit(" ", 1) if " " in name else (name, "")
        if more.group("unit") is None and last.casefold() in c.unit_levels:
            # "Công an tỉnh Quảng Ninh, Hải Phòng": each place with its own unit word ("thành phố Hải Phòng")
            place = c.place_proper.get(more.group("place"), more.group("place"))
            ext = _with_place(c, f"{head} {c.place_kind.get(place, last)} {written}", row, 0, len(head))
        else:
            ext = _with_place(c, f"{name} {written}", row, 0, len(name))
        if ext is None or "/" not in ext[1].id:
            return out
        out.append((s0, more.end(), 2, ext[1]))
        end = more.end()


def _gazetteer_mentions(c: _Compiled, text: str, view: str, rules: Rules, lo: int,
                        hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """Bodies the gazetteer names, with their place, plural ("các Sở …") and group readings."""
    cands = []
    for m in _gazetteer_matches(c, view, lo, hi):
        surface = text[m.start():m.end()]
        row = c.by_key.get(match_key(c.expand(surface))) or c.by_key.get(match_key(surface))
        if row is None and _COUNT_WORD.search(surface) and not text[m.end():m.end() + 3].lstrip().startswith("("):
            # "UBND 36 phường, xã" is "UBND các phường, xã"; "5 địa phương (Hà Nội, …)" are the places in brackets
            row = c.by_key.get(match_key(c.expand(_COUNT_WORD.sub(c.plural_word, surface))))
        if row is None:
            continue
        if row["kind"] == "single" and not surface[:1].isupper() and row["name"][:1].isupper():
            # "sở Thông tin …" is still the department, but a lower-case "chính phủ" is a common noun.
            # "công an tỉnh", "ủy ban nhân dân huyện": a body of this province or district, whatever its case.
            if (not c.lowercase_head_re.match(surface) and surface.split()[-1].casefold() not in c.unit_words
                    and fold_tones(surface, rules) not in c.lower_aliases):
                continue
        ext = _with_place(c, text, row, m.start(), m.end())
        if ext is None:
            continue
        end, ref = ext
        start = m.start()
        pl = c.plural_before.search(text, max(lo, start - 8), start)
        if ref.kind == "single" and pl and not ref.id.count("/"):
            # "Kính gửi: Các Sở Giáo dục và Đào tạo": every department of that kind, a group
            cands.append((pl.start(), end, 2, _plural(c, ref.name)))
            continue
        if row["kind"] == "group":
            if regex.match(r"[ ]+\p{Lu}", text[end:end + 3]) and surface.split()[-1].casefold() in c.unit_words:
                continue  # "UBND các tỉnh Đồng Tháp và Hà Tĩnh": the named places' councils, not the group
            if regex.match(r"[ ]+\p{L}", text[end:end + 3]):
                # "các Sở Giáo dục và Đào tạo": "các" + one kind of body is every body of that kind
                last = m.start() + len(surface) - len(surface.split()[-1])
                sm = c.gazetteer_view_re.match(view, last, hi)
                srow = c.by_key.get(match_key(c.expand(text[last:sm.end()]))) if sm else None
                if srow is not None and srow["kind"] == "single":
                    placed = _with_place(c, text, srow, last, sm.end())
                    if placed is not None and "/" in placed[1].id:
                        # "Các Sở Giao thông vận tải Thừa Thiên Huế, Quảng Trị": the departments of the provinces named
                        cands.append((m.start(), placed[0], 2, placed[1]))
                        cands.extend(_listed_places(c, text, srow, placed[1], placed[0], hi))
                        continue
                    cands.append((m.start(), sm.end(), 2, _plural(c, srow["name"])))
                    continue
            tail = c.group_tail_re.match(text, end, min(hi, end + 600))
            if tail:
                end = tail.end()
            end, ref = _qualified(c, text, m.start(), end, ref, hi)
            board = c.steering_board_tail.search(text[m.start():end])
            if board:
                # "các thành viên Ban Chỉ đạo xây dựng CQĐT tỉnh": the board's full name belongs to the group
                full = _board_extent(c, text, m.start() + board.start(), text[m.start() + board.start():hi][:200], board.group(0))
                end = max(end, m.start() + board.start() + len(full))
        cands.append((m.start(), end, 2, ref))
        cands.extend(_listed_places(c, text, row, ref, end, hi))
        loc_id = c.locality_after.get(row["id"])
        if loc_id:
            lm = c.locality_re.match(text, end, min(hi, end + 600))
            if lm:
                loc = c.by_id[loc_id]
                cands.append((lm.start("loc"), lm.end("loc"), 2, AgencyRef(loc["id"], loc["name"], loc["kind"], True)))
    return cands


def _is_venue(c: _Compiled, text: str, lo: int, pos: int, hi: int) -> bool:
    """Does a venue's name start at ``pos`` (agency_patterns.yaml venue_heads: always, or after a locative word)?"""
    return c.venue_re is not None and c.venue_re.match(text, pos, hi) is not None and (
        c.venue_always_re is not None and c.venue_always_re.match(text, pos, hi) is not None
        or c.venue_before_re is not None and c.venue_before_re.search(text, max(lo, pos - 8), pos) is not None)


def _generic_mentions(c: _Compiled, text: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """Bodies the gazetteer does not know, by the generic name patterns (a board or office read to its full name)."""
    cands = []
    for _name, g, kind in c.generic:
        for m in g.finditer(text, lo, hi):
            if _is_venue(c, text, lo, m.start(), hi):
                continue  # "tại Trung tâm Văn hóa tỉnh"
            surface = m.group(0).rstrip()
            prio = 1
            if _name in ("board", "office"):
                surface = _board_extent(c, text, m.start(), m.group(0), m.group("head"))
                prio = 2
            # "Ban chỉ đạo công nghệ thông tin (CNTT) tỉnh Bình Định": the abbreviation in brackets is not named
            ref = _canonical(c, _BRACKETED_ABBR.sub("", surface))
            if kind != ref.kind and not ref.known:
                ref = AgencyRef(ref.id, ref.name, kind, ref.known)
            cands.append((m.start(), m.start() + len(surface), prio, ref))
    return cands


def _heading_bodies(c: _Compiled, text: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """"* Tổng cục thuỷ sản:" on a line of its own: a body by the heading's shape (agency_patterns.yaml heading_body),
    its field in any case, unless a word of the field is a verb or a name stop."""
    if c.heading_body_re is None:
        return []
    out = []
    for m in c.heading_body_re.finditer(text, lo, hi):
        a, b = m.span("name")
        words = list(_WORD.finditer(text, a, b))
        if any(c.name_stop_re.match(text, w.start(), b) for w in words[1:]):
            continue  # "Sở kiểm tra các cơ sở:": a predicate, not a field
        out.append((a, b, 1, _canonical(c, text[a:b])))
    return out


def _bare_members(c: _Compiled, text: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """"các thành viên Hội đồng" with no name after the head: the members of the board already spoken of, one group
    (agency_patterns.yaml members_bare_heads)."""
    if c.members_bare_re is None:
        return []
    out = []
    for m in c.members_bare_re.finditer(text, lo, hi):
        ref = _canonical(c, f"{c.members_name} {m.group('head')}")
        out.append((m.start(), m.end(), 2, AgencyRef(ref.id, ref.name, "group", ref.known)))
    return out


def _outside_not_agencies(c: _Compiled, text: str, lo: int, hi: int,
                          cands: list[tuple[int, int, int, AgencyRef]]) -> list[tuple[int, int, int, AgencyRef]]:
    """The candidates not inside a phrase agency_patterns.yaml not_agencies names."""
    if c.not_agency_re.pattern:
        excluded = SpanSet((m.start(), m.end()) for m in c.not_agency_re.finditer(text, lo, hi))
        if excluded:
            cands = [x for x in cands if not excluded.contains(x[0], x[1])]
    return cands


def _chosen_mentions(c: _Compiled, text: str, lo: int, cands: list[tuple[int, int, int, AgencyRef]]) -> list[Mention]:
    """The candidates without overlaps, in order, each widened to the head that stands for its body."""
    chosen: list[Mention] = []
    prev_end = lo
    for s, e, _p, ref in _resolve_overlaps(cands):
        # A head stands for its body: "Giám đốc Sở Y tế", "Chủ tịch UBND tỉnh" are mentions of the body.
        hs = _head_start(c, text, s, max(prev_end, lo))
        mm = c.members_before_re.search(text, max(prev_end, lo, s - 60), s) if c.members_before_re else None
        if mm is not None and ref.kind == "single":
            # "các đồng chí thành viên Ban Chỉ huy Phòng thủ dân sự tỉnh": the board's members, a group
            head = next((h for h in c.members_generic_heads if text.startswith(h, s)), None)
            name = f"{c.members_name} {head or text[s:e]}"  # as written, like any body the gazetteer does not know
            known = _canonical(c, name)
            ref = known if known.known else AgencyRef(unknown_agency_id(name), name, "group", False)
            hs = min(hs, mm.start())
        chosen.append(Mention(hs, e, ref))
        prev_end = e
    return chosen


_LEADING_NUMBER = regex.compile(r"\d{1,3}[ ]+")


def _gazetteer_matches(c: _Compiled, view: str, lo: int, hi: int):
    """The gazetteer's matches in the lower-case ``view``, in order. A match that opens with a number (the count of a
    plural name, "36 phường, xã") is tried again after the number, so a count that names nothing does not hide the
    name after it ("… 2019-12 Bộ Y tế yêu cầu …")."""
    pos = lo
    while True:
        m = c.gazetteer_view_re.search(view, pos, hi)
        if m is None:
            return
        yield m
        num = _LEADING_NUMBER.match(view, m.start(), m.end())
        pos = num.end() if num is not None and num.end() < m.end() else m.end()


def _shared_units(c: _Compiled, text: str, chosen: list[Mention]) -> list[Mention]:
    """"Ban Chỉ huy Quân sự, Công an phường": a body named without its unit, listed right before one that ends with
    it, shares that unit when the two make a name the gazetteer knows (agency_patterns.yaml shared_unit_words)."""
    for i in range(len(chosen) - 1):
        a, b = chosen[i], chosen[i + 1]
        if a.ref.known or not b.ref.known or not c.shared_unit_gap.fullmatch(text, a.end, b.start):
            continue
        unit = next((u for u in c.shared_unit_words if b.ref.name.endswith(" " + u)), None)
        if unit is None:
            continue
        ref = _canonical(c, text[a.start:a.end] + " " + unit)
        if ref.known:
            chosen[i] = Mention(a.start, a.end, ref)
    return chosen


def _named_bodies(c: _Compiled, text: str, lo: int, hi: int, known: list) -> list:
    """Bodies by head noun + proper name ("Trường Cao đẳng Y tế tỉnh", "BCH Bộ đội Biên phòng")."""
    out = []
    # the known bodies (priority ≥ 2) by start, keeping their list order for the extension below
    strong = sorted((s, i, e) for i, (s, e, p, _r) in enumerate(known) if p >= 2)
    strong_starts = [s for s, _i, _e in strong]
    for m in c.body_head_re.finditer(text, lo, hi):
        if _is_venue(c, text, lo, m.start(), hi):
            continue  # "tại Trung tâm Hội nghị tỉnh": a venue
        pm = c.place_re.match(text, m.start(), hi)
        if pm and not _PROPER_WORDS.match(text, pm.end(), hi):
            continue  # "các huyện Văn Chấn, Trạm Tấu": a place whose name opens with a head word
        end = _name_extent(c, text, m.end(), hi)
        if end is None:
            continue
        # a known body that the name runs into ("Văn phòng Ban" + "An toàn giao thông") completes it;
        # only bodies starting before the furthest end the name can reach may apply
        first = bisect.bisect_right(strong_starts, m.start())
        bound, last = end, first
        while last < len(strong) and strong[last][0] < bound:
            bound = max(bound, strong[last][2])
            last += 1
        for s, _i, e in sorted(strong[first:last], key=lambda x: x[1]):
            if m.start() < s < end < e:
                end = e
        ref = _canonical(c, text[m.start():end])
        # a larger body around a known one ("BCH" + "Bộ đội Biên phòng") is the body meant
        contains_known = any(e <= end for s, _i, e in strong[first:last] if s < end)
        out.append((m.start(), end, 2 if ref.known or contains_known else 1, ref))
    if c.numbered_head_re is not None:
        for m in c.numbered_head_re.finditer(text, lo, hi):
            # "Binh đoàn 18", "Quân khu 4": a body named by its number (agency_patterns.yaml numbered_body_heads)
            out.append((m.start(), m.end(), 2, _canonical(c, m.group(0))))
    return out


_BRACKETED_ABBR = regex.compile(r"[ ]*\([A-ZĐ&]{2,12}\)")
_NAME_TOKEN = regex.compile(r"[ ]+(?:[-–&][ ]*)?|[-–][ ]*")
_WORD = regex.compile(r"[\p{L}\d]+(?:\.[\p{L}\d]+)*")
_NAME_PIECE = regex.compile(r"[\p{L}\d]+|[-–&]")  # a word or a joining mark of a name, as match_key keeps them
_LOWER_SYLLABLE = regex.compile(r"[ ]+(\p{Ll}+)(?![\p{L}])")
_DASH = regex.compile(r"[-–]")
_JOINER = regex.compile(r"[-–&]")  # what may stand for "và" in a name ("Tài nguyên - Môi trường", "NN & PTNT")
_BOARD_NUMBER = regex.compile(r"[ ]+\d{1,4}(?![\d/.,\p{L}])")
_PROPER_WORDS = regex.compile(r"[ ]+\p{Lu}\p{Ll}*(?:[ ]+\p{Lu}\p{Ll}*){0,2}")
_SPACES = regex.compile(r"\s*")
_ITEM_MARK = regex.compile(r"(?:\d{1,3}[.)]|[-–+•*]|[a-zđ]\))")  # a list item's marker at a line start


def _name_extent(c: _Compiled, text: str, pos: int, hi: int) -> int | None:
    """End of the proper name that starts after a body's head at ``pos`` (None if there is none)."""
    end = run_from = None  # run_from: where the name stood before the current run of lower-case words
    p = pos
    lower_run = 0
    n = 0
    while p < hi and n < 12:
        if end is not None and c.field_series_re is not None:
            fm = c.field_series_re.match(text, p, min(hi, p + 300))  # a list of fields is short
            if fm:  # "Vụ Khoa học, Công nghệ và Môi trường": fields listed with commas, closed by "và"
                end = p = fm.end()
                n += 1
                continue
        sep = _NAME_TOKEN.match(text, p, hi)
        if not sep:
            break
        q = sep.end()
        w = _WORD.match(text, q, hi)
        if not w:
            break
        word = w.group(0)
        if end is not None and _DASH.search(sep.group(0)) and (
                word[:1].islower() or c.apposition_re is not None and c.apposition_re.match(text, q, hi)
                or c.head_at_start_re.match(text, q, hi)):
            break  # "Sở Giao thông - Vận tải - Cơ quan thường trực …", "Sở Y tế - Trưởng Ban …": an apposition
        if word[:1].isupper() or word[:1].isdigit() and end is not None:
            # the name so far ends at this word's separator with a capitalised word ("Phan Trọng Bình")
            title_case = end == p and _WORD_BACK_CAP.search(text, max(pos, p - 12), p) is not None
            end, p, lower_run = w.end(), w.end(), 0
            # a capitalised syllable and the lower-case one that completes its word ("Biên phòng", "Y tế")
            nw = _LOWER_SYLLABLE.match(text, p, hi)
            if nw and nw.group(1) not in c.unit_words:
                st = c.name_stop_re.match(text, nw.start(1), hi)
                # a one-syllable verb may complete the word ("Biên phòng"); a name stop never does ("… Nam rất"),
                # nor does a verb after a name written with every syllable capitalised ("Quỹ … Phan Trọng Bình gửi")
                if st is None or (st.end() == nw.end() and not title_case
                                  and not c.strong_stop_re.match(text, nw.start(1), hi)):
                    end = p = nw.end()
        elif end is None and not (n == 0 and word in c.unit_words):
            # "Trung tâm phát triển quỹ đất huyện", "Ban quản lý dự án tỉnh": a name in lower case counts when
            # it runs on to its unit (a news page's spelling of a body the gazetteer may not know)
            return _unit_ahead(c, text, q, hi) if n == 0 else None
        elif word == c.conj:
            nxt = _WORD.match(text, skip_spaces(text, w.end(), hi), hi)
            if (not nxt or not nxt.group(0)[:1].isupper() or c.body_head_re.match(text, nxt.start(), hi)
                    or c.head_at_start_re.match(text, nxt.start(), hi)):
                break  # "Vụ Kế hoạch-Tài chính và Thủ trưởng các Vụ": "và" then another body or a head's title
            ahead = _view(text[nxt.start():min(hi, nxt.start() + 120)])
            if c.gazetteer_view_re.match(ahead) or c.local_pc_prefix.match(ahead):
                break  # "Thanh tra Chính phủ và Ủy ban nhân dân tỉnh": "và" joins two bodies
            p = w.end()
        elif c.name_stop_re.match(text, q, hi):
            if end is not None and not c.strong_stop_re.match(text, q, hi):
                # "Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh": a verb inside a name that runs on to its unit
                unit_end = _unit_ahead(c, text, q, hi)
                if unit_end is not None:
                    return unit_end
            break
        else:
            unit = c.bare_unit_re.match(text, p, hi)
            nxt = _WORD.match(text, skip_spaces(text, w.end(), hi), hi) if word in c.unit_words else None
            if nxt and f"{word} {nxt.group(0)}".casefold() in c.unit_compounds:
                unit = None  # "Phòng Bảo trợ xã hội": "xã hội" is no commune
            elif unit or word in c.unit_words:
                # "… tỉnh", "… huyện Phước Sơn": the unit (and its place) close the name
                end = unit.end() if unit else w.end()
                pm = c.place_suffix_re.match(text, end, hi) if unit is None else None
                if pm is None:
                    pm = _PROPER_WORDS.match(text, end, hi)
                    return pm.end() if pm else end
                return pm.end()
            run_from = end if lower_run == 0 else run_from
            lower_run += 1
            if lower_run > _MAX_LOWER_RUN:  # a longer run is a predicate ("Sở Ngoại vụ tiếp đón đoàn khách quốc tế …")
                end = run_from
                break
            end, p = w.end(), w.end()
        n += 1
    return end


# Lower-case words a field of a name may run to after its capitalised word ("An toàn vệ sinh thực phẩm", "An toàn
# giao thông quốc gia"): a field is a noun phrase of a few syllables; a longer run is a predicate the verb list lacks.
_MAX_LOWER_RUN = 5


_WORD_BACK_CAP = regex.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}*$")  # the word before ends the text searched and is capitalised
_LOWER_WORD = regex.compile(r"(?:[ ]+|[ ]*-[ ]*)(\p{Ll}+)(?![\p{L}])")


def _unit_ahead(c: _Compiled, text: str, pos: int, hi: int, limit: int = 6) -> int | None:
    """End of an administrative unit word ("tỉnh", "huyện") or of a province's name ("… phát triển TPHCM") within
    ``limit`` lower-case words from ``pos``, when no strong stop comes first and nothing but punctuation or a predicate
    follows it; else None."""
    p = pos - 1 if pos > 0 and text[pos - 1] == " " else pos
    for _ in range(limit):
        pm = c.place_re.match(text, p + 1, hi) if p > pos and text[p:p + 1] == " " else None
        if pm is not None and c.place_proper.get(pm.group(0), pm.group(0)) in c.provinces:
            after = text[pm.end():pm.end() + 2]
            if not after or after[0] in ",.;:()\n" or regex.match(r"[ ][\p{Ll}(]", after):
                return pm.end()  # "Viện Nghiên cứu phát triển TPHCM": the name runs on to its province
        cm = c.closing_country_re.match(text, p, hi) if c.closing_country_re is not None and p > pos else None
        if cm is not None:
            after = text[cm.end():cm.end() + 2]
            if not after or after[0] in ",.;:()\n" or regex.match(r"[ ][\p{Ll}(]", after):
                return cm.end()  # "Tổng Công ty Đầu tư phát triển đường cao tốc Việt Nam": a national body's name
        w = _LOWER_WORD.match(text, p, hi)
        if not w:
            return None
        if c.strong_stop_re.match(text, w.start(1), hi):
            return None
        nxt = _LOWER_WORD.match(text, w.end(), hi)
        if nxt and f"{w.group(1)} {nxt.group(1)}" in c.unit_compounds:
            p = nxt.end()  # "xã hội" is no commune
            continue
        if w.group(1) in c.unit_words:
            after = text[w.end():w.end() + 2]
            if not after or after[0] in ",.;:()\n" or regex.match(r"[ ][\p{Ll}(]", after):
                return w.end()
            return None
        p = w.end()
    return None


def _collectives(c: _Compiled, text: str, lo: int, hi: int) -> list:
    """Collective addressees written as "các" + member nouns in any order (see agency_patterns.yaml)."""
    out = []
    prev: Optional[tuple[int, str]] = None  # (end, group) of the collective before
    for m in c.collective_re.finditer(text, lo, hi):
        members = [(x.start(), x.end(), c.collective_members[match_key(x.group(0))])
                   for x in c.collective_member_re.finditer(text, m.start("list"), m.end("list"))]
        # "các sở, ngành liên quan và các địa phương": a collective right after another reads its localities as the
        # list it goes on does
        before = prev[1] if prev is not None and c.collective_gap.fullmatch(text, prev[0], m.start()) else None
        council = m.group("council") is not None
        carried = bool(members) and members[0][2] == c.locality_group and before in c.locality_after
        if len(members) < 2 and not carried and not (
                members and match_key(text[members[0][0]:members[0][1]]) in c.compound_members):
            continue  # one member ("UBND các huyện", "các sở") is the gazetteer's to name; "các phòng ngành" is two
        if not council and all(g in c.council_groups or g == "NEIGHBOUR" for _, _, g in members):
            if c.collective_not_after_re is not None and c.collective_not_after_re.search(text, max(lo, m.start() - 30), m.start()):
                continue  # "tại các xã, phường": places, not the bodies
        groups = []
        absorbed: Optional[tuple[int, str]] = None  # (start, own group) of the last member, when it was absorbed
        for i, (s, e, g) in enumerate(members):
            if g == "NEIGHBOUR":
                prev = members[i - 1][2] if i > 0 else None
                nxt = members[i + 1][2] if i + 1 < len(members) else None
                g = prev if prev in c.city_groups else nxt if nxt in c.city_groups else c.city_groups[0]
            if council and g in c.not_after_council:
                break  # "UBND các …" names councils, never departments
            last = groups[-1][2] if groups else before
            if g == c.locality_group and last in c.locality_after:
                g = c.locality_after[last]
            absorbed = None
            word = match_key(text[s:e])
            if groups and groups[-1][2] in c.absorbed_after.get(g, ()) and _joins(c, groups[-1], word):
                absorbed = (s, g)
                g = groups[-1][2]  # "các sở, ban, ngành, đơn vị": the units of the departments' level
            if groups and groups[-1][2] == g:
                groups[-1][1] = e
                groups[-1][3].add(word)
            else:
                groups.append([s, e, g, {word}])
        if not groups:
            continue
        groups[0][0] = m.start()
        tail = c.group_tail_re.match(text, groups[-1][1], min(hi, groups[-1][1] + 600))
        if tail:
            if (absorbed is not None and absorbed[1] in c.related_group and groups[-1][2] in c.related_split_after
                    and c.related_tail_re.fullmatch(text, groups[-1][1], tail.end())):
                # "các sở, ngành, đơn vị liên quan": the departments, then the related units
                comma = text.rfind(",", groups[-1][0], absorbed[0])
                groups[-1][1] = comma if comma >= 0 else absorbed[0]
                groups.append([absorbed[0], tail.end(), c.related_group[absorbed[1]], set()])
            else:
                groups[-1][1] = tail.end()
                if c.related_tail_re.fullmatch(text, groups[-1][1] - len(tail.group(0)), tail.end()):
                    # "các đơn vị và địa phương liên quan": the related units, and the localities
                    for grp in groups:
                        grp[2] = c.related_group.get(grp[2], grp[2])
        prev = (groups[-1][1], groups[-1][2])
        for s, e, g, _words in groups:
            row = c.by_id.get(g)
            if row is None:
                continue
            e, ref = _qualified(c, text, s, e, AgencyRef(row["id"], row["name"], row["kind"], True), hi)
            out.append((s, e, 3 if carried else 2, ref))
    return out


def _joins(c: _Compiled, group: list, word: str) -> bool:
    """Does member ``word`` join the departments' ``group`` before it ([start, end, group id, member words])? Only
    "đơn vị" right after the full "sở, ban, ngành" does, when the departments are named with "sở"
    (agency_patterns.yaml absorbed_after_departments)."""
    rule = c.departments_absorb
    if not rule or group[2] != rule["group"] or not group[3] & set(rule["when"]):
        return True
    return word in rule["members"] and bool(group[3] & set(rule["needs"]))


def _qualified(c: _Compiled, text: str, start: int, end: int, ref: AgencyRef, hi: int) -> tuple[int, AgencyRef]:
    """A group followed by a qualifier ("UBND các tỉnh ven biển") is a subset group, named as written."""
    if c.group_qualifier_re is None:
        return end, ref
    q = c.group_qualifier_re.match(text, end, min(hi, end + 200))
    if not q:
        return end, ref
    if c.whole_level_qualifier.fullmatch(text, end, q.end()):
        return q.end(), ref  # "UBND các huyện, TP thuộc tỉnh": all of them
    name = _canonical(c, text[start:q.start("demonstrative") if q.group("demonstrative") else q.end()])
    if name.known:
        return q.end(), AgencyRef(name.id, name.name, "group", True)
    # a subset of a known group keeps the group's id as its stem ("G-TINH/ven biển"), like a place after a body
    qual = match_key(text[q.start():q.start("demonstrative") if q.group("demonstrative") else q.end()])
    return q.end(), AgencyRef(f"{ref.id}/{qual}" if ref.known else name.id, name.name, "group", False)


_NAME_WORD = regex.compile(r"[\p{L}&\-]+")
_NAME_ONLY = regex.compile(r"[\p{L}&\- ]+")  # letters, '&', '-' and spaces: nothing that joins two bodies


def _names_before(text: str, lo: int, at: int, most: int = 8):
    """(start, text[start:at]) for the last ``most`` words before ``at`` (within 80 characters, not before ``lo``),
    longest first: where a body's name may begin when only its end is known."""
    words = list(_NAME_WORD.finditer(text, max(lo, at - 80), at))
    for k in range(min(most, len(words)), 0, -1):
        start = words[-k].start()
        yield start, text[start:at]


def _province_body_before(c: _Compiled, text: str, lo: int, at: int) -> tuple[int, dict | None, str] | None:
    """The provincial body whose name ends at ``at`` ("Cục Thuế" before "các tỉnh, …"): (start, gazetteer row or None
    for a generic department name, the name without its province's unit), or None."""
    for start, surface in _names_before(text, lo, at):
        if "\n" in surface:
            continue
        if surface.split(" ", 1)[0] in c.lowercase_heads:
            surface = surface[:1].upper() + surface[1:]  # "Giám đốc sở GD&ĐT các tỉnh, …": a head in lower case
        elif not surface[:1].isupper():
            continue
        row = c.province_bases.get(match_key(c.expand(surface))) or c.province_bases.get(match_key(surface))
        if row is None and not c.every_province_generic.fullmatch(surface):
            continue
        return start, row, c.province_suffix.sub("", row["name"]) if row is not None else surface
    return None


def _every_province(c: _Compiled, text: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """'Cục Thuế các tỉnh, thành phố trực thuộc Trung ương': a provincial body of every province, one group."""
    out = []
    for m in c.every_province_re.finditer(text, lo, hi):
        # the body's name ends where the suffix starts: try the words before it, longest first
        found = _province_body_before(c, text, lo, m.start())
        if found is None:
            continue
        start, row, base = found
        name = f"{base} {c.every_province_name}"
        ref = AgencyRef(f"G-{row['id']}-TINH" if row else unknown_agency_id(name), name, "group", True)
        # "Sở Giáo dục và Đào tạo các tỉnh, thành phố khu vực Trung Bộ, Tây Nguyên và Nam Bộ": a regional subset
        end = m.end()
        if not base.startswith(c.council_name):  # the councils' collectives carry their own qualifiers
            end, ref = _qualified(c, text, start, end, ref, hi)
        out.append((start, end, 3, ref))
    for m in c.listed_provinces_re.finditer(text, lo, hi):
        found = _province_body_before(c, text, lo, m.start())
        if found is not None:
            out.extend(_provinces_listed(c, text, m.end(), hi, found))
    return out


def _provinces_listed(c: _Compiled, text: str, pos: int, hi: int, found: tuple) -> list:
    """"Sở Nông nghiệp và PTNT các tỉnh, thành phố Lai Châu, Điện Biên, …, Hà Nội": the body of each province listed
    (agency_patterns.yaml listed_provinces), one candidate per province."""
    start, row, base = found
    out: list[tuple[int, int, int, AgencyRef]] = []
    pm = c.place_re.match(text, pos, min(hi, pos + 600))
    at = pm.group(0) if pm is not None else None
    while pm is not None:
        place = c.place_proper.get(at, at)
        if place not in c.provinces:
            break
        name = f"{base} {c.place_kind.get(place, c.province_unit)} {place}"
        ref = AgencyRef(f"{row['id']}/{place}", name, "single", True) if row else _canonical(c, name)
        # the first item's candidate starts with the body's name, the others with their unit or place
        item = start if not out else pm.start("unit") if pm.group("unit") else pm.start("place")
        out.append((item, pm.end(), 3, ref))
        # the next item, its unit written or not ("…, Quảng Ngãi và thành phố Đà Nẵng")
        pm = c.more_places_re.match(text, pm.end(), min(hi, pm.end() + 200))
        at = pm.group("place") if pm is not None else None
    return out


def _every_district(c: _Compiled, text: str, lo: int, hi: int) -> list[tuple[int, int, int, AgencyRef]]:
    """'phòng GD-ĐT các huyện, thị xã, thành phố': a district's body in every district, one group (agency_patterns.yaml
    every_district), named "Các <body> <units as written>"."""
    out = []
    for m in c.every_district_re.finditer(text, lo, hi):
        for start, surface in _names_before(text, lo, m.start()):
            if "\n" in surface or not c.every_district_head.match(surface) or c.every_district_predicate.search(surface):
                continue
            ref = _canonical(c, surface)
            if not ref.known and (not surface[:1].isupper() or not _NAME_ONLY.fullmatch(surface)
                                  or c.every_district_two.search(surface)):
                continue  # "Công an Thành phố, UBND …", "Ban chỉ đạo) với UBND": two bodies, not one name
            if c.local_pc_prefix.search(surface + " "):
                break  # "… và UBND các huyện": a council's collective
            if _canonical(c, text[start:m.end()]).known:
                break  # the gazetteer names the group ("Ban Chỉ huy PCTT&TKCN các huyện, thành phố")
            # the units as written, each once, joined by commas ("quận huyện, thị xã" → "quận, huyện, thị xã")
            units = ", ".join(regex.sub(r"\s+", " ", u) for u in m.captures("unit"))
            name = f"{_plural(c, ref.name).name} {units}"
            out.append((start, m.end(), 3, AgencyRef(unknown_agency_id(name), name, "group", ref.known)))
            break
    return out


def _across_items(s: int, e: int, items: list[tuple[int, int]]) -> bool:
    """Does [s, e) overlap two or more of the ``items`` spans?"""
    return sum(1 for a, b in items if a < e and s < b) >= 2


def _resolve_overlaps(cands: list[tuple[int, int, int, AgencyRef]]) -> list[tuple[int, int, int, AgencyRef]]:
    """Greedy: structured matches before shape-only ones, then longer spans; no overlaps."""
    ordered = sorted(cands, key=lambda x: (-min(x[2], 2), -(x[1] - x[0]), -x[2], x[0]))
    starts: list[int] = []
    taken: list[tuple[int, int, int, AgencyRef]] = []  # sorted by start, non-overlapping
    for cand in ordered:
        s, e = cand[0], cand[1]
        i = bisect.bisect_left(starts, s)
        if i > 0 and taken[i - 1][1] > s:
            continue
        if i < len(taken) and taken[i][0] < e:
            continue
        starts.insert(i, s)
        taken.insert(i, cand)
    return taken


def _board_extent(c: _Compiled, text: str, start: int, matched: str, head: str) -> str:
    """An ad-hoc body's name runs to its place ("… tỉnh Trà Vinh") or stays the short form."""
    b = _BoardName(c, text, start, matched, head)
    name = b.known_body()
    if name is None:
        name = b.to_unit()
    if name is None:
        name = b.being_established()
    if name is None:
        name = b.capitalised()
        if name == b.head:
            name = b.to_predicate() or name
    return name


class _BoardName:
    """The words after an ad-hoc body's head ("Ban Chỉ đạo …", "Tổ công tác …"), read to find where its name ends:
    ``words`` are the name's words (offsets in ``matched`` after ``head``) up to a second body or a stop mark."""

    def __init__(self, c: _Compiled, text: str, start: int, matched: str, head: str):
        if c.board_modifier_re is not None:
            mm = c.board_modifier_re.match(text, start + len(head), start + len(head) + 600)
            if mm:  # "Tổ công tác liên ngành": the modifier is part of the name
                head = text[start:mm.end()]
                matched = text[start:start + max(len(matched), len(head))]
        num = _BOARD_NUMBER.match(matched, len(head))
        if num:  # "Ban Chỉ đạo 389 Bộ Tài chính": the board's number belongs to its head
            head = matched[:num.end()]
        words = list(regex.finditer(r"[^\s,;.:()]+", matched[len(head):]))
        # stop before a second body ("… tỉnh và Ban Chỉ đạo …")
        for i, w in enumerate(words):
            if w.group(0) == c.conj and (i + 1 >= len(words) or words[i + 1].group(0)[:1].isupper()) and not (
                    i + 1 < len(words) and c.field_abbreviation(words[i + 1].group(0))):
                # "… tỉnh và Ban Chỉ đạo …"; "tệ nạn xã hội và xây dựng …" and "PCTT và TKCN" (a field's
                # abbreviation, no body) stay in the name
                words = words[:i]
                break
            gap = matched[len(head) + words[i - 1].end():len(head) + w.start()] if i > 0 else " "
            if gap not in (" ", ", ", " (", ") "):  # "(ANTQ)": an abbreviation inside the name
                words = words[:i]
                break
        self.c, self.text, self.start, self.matched, self.head, self.words = c, text, start, matched, head, words
        self.first = words[0] if words else None

    def gap_before(self, i: int) -> str:
        """What separates word ``i`` from the word before it."""
        return self.matched[len(self.head) + self.words[i - 1].end():len(self.head) + self.words[i].start()]

    def predicate_at(self, i: int) -> bool:
        """Whether the board's own predicate begins at word ``i`` ("… vừa công điện khẩn yêu cầu …")."""
        return self.c.board_predicate_re is not None and bool(
            self.c.board_predicate_re.match(self.text, self.start + len(self.head) + self.words[i].start()))

    def completes_capitalised(self, i: int) -> bool:
        """Is word ``i`` the lower-case syllable that completes the capitalised word before it ("Biên phòng", "Y tế"):
        no unit word, and no name stop unless a one-syllable verb that is no strong stop (as in _name_extent)?"""
        c, w = self.c, self.words[i].group(0)
        if not (w[:1].islower() and self.words[i - 1].group(0)[:1].isupper()) or w in c.unit_words:
            return False
        at = self.start + len(self.head) + self.words[i].start()
        st = c.name_stop_re.match(self.text, at)
        return st is None or (st.end() == at + len(w) and not c.strong_stop_re.match(self.text, at))

    def head_named_at(self, i: int) -> bool:
        """Whether word ``i`` says who heads the body ("do ba Phó Chủ tịch …", "do ông …": board_agent_words)."""
        words, c = self.words, self.c
        return (words[i].group(0) in c.board_agent and i + 1 < len(words)
                and (words[i + 1].group(0)[:1].isupper() or words[i + 1].group(0) in c.board_agent_next))

    def known_body(self) -> str | None:
        """The name completed by a known body right after the head ("Ban Thường vụ Tỉnh ủy")."""
        text, start, head, first = self.text, self.start, self.head, self.first
        if first is not None and self.matched[len(head):len(head) + first.start()] == " ":
            at = start + len(head) + first.start()
            gm = self.c.gazetteer_view_re.match(_view(text[at:at + 600]))
            if gm:  # "Ban Thường vụ Tỉnh ủy": a known body completes the name
                return text[start:at + gm.end()]
        return None

    def to_unit(self) -> str | None:
        """The name run to its unit word and place ("… tỉnh Trà Vinh"), or to the owner's level before the board's
        predicate; None when a predicate, a breaker, who heads it or a comma comes first."""
        c, text, start, head, words, gap_before = self.c, self.text, self.start, self.head, self.words, self.gap_before
        for i, w in enumerate(words):
            if i > 0 and w.group(0) in c.board_owner and i + 1 < len(words) and gap_before(i) == " " == gap_before(i + 1):
                nxt = words[i + 1].group(0)
                two = f"{nxt} {words[i + 2].group(0)}" if i + 2 < len(words) else ""
                k = i + (2 if two in c.unit_words else 1)
                if (two in c.unit_words or nxt in c.unit_words) and (
                        k + 1 >= len(words) or gap_before(k + 1) != " " or self.predicate_at(k + 1)):
                    # "… rừng của tỉnh yêu cầu": the board's own level, its predicate next ("… kế hoạch của tỉnh Hà
                    # Giang" is a complement's owner)
                    return text[start:start + len(head) + words[k].end()]
            if self.predicate_at(i) or (i > 0 and w.group(0) in c.board_breakers):
                break  # "… xây dựng biểu về tình hình …", "Ban Chỉ đạo yêu cầu …": the name ended before the predicate
            if self.head_named_at(i):
                break  # "Tổ công tác do ba Phó Chủ tịch …": who heads it, not its name
            if i > 0 and gap_before(i) == ", " and not any(
                    x.group(0) in c.unit_words for x in words[i:]):
                break  # a comma ends the name unless the name's unit is still to come
            two = f"{w.group(0)} {words[i + 1].group(0)}" if i + 1 < len(words) else ""
            if two.casefold() in c.unit_compounds:
                continue  # "xã hội" is no commune
            if two in c.unit_words or two.casefold() in c.unit_words:
                # "thành phố", "thị xã"; "Ban Chỉ đạo 515 Thành phố": a city's pages capitalise their own unit
                end = len(head) + words[i + 1].end()
            elif w.group(0) in c.unit_words:  # lower-case "tỉnh", not "Tỉnh ủy"
                end = len(head) + w.end()
            else:
                continue
            pm = c.place_suffix_re.match(text, start + end, start + end + 600)
            if pm and pm.group("unit") is None:
                end = pm.end() - start
            return text[start:start + end]
        return None

    def being_established(self) -> str | None:
        """A body being set up ("thành lập Tổ công tác xử lý dự án tồn đọng kéo dài, gồm …") is named in full, up to
        the comma, a breaker, who heads it or its own predicate."""
        c, words = self.c, self.words
        if not c.board_established_re.search(self.text, max(0, self.start - 40), self.start):
            return None
        last = None
        for i, w in enumerate(words):
            if (i > 0 and (self.gap_before(i) != " " or self.predicate_at(i)) or w.group(0) in c.board_breakers
                    or w.group(0) in c.board_established_stops or self.head_named_at(i)):
                break
            last = w
        if last is not None:
            return self.text[self.start:self.start + len(self.head) + last.end()]
        return None

    def scope_at(self, i: int) -> int | None:
        """The word that closes a scope ("quốc gia", "Trung ương") among the next few words from ``i``, when only
        plain words of the name stand between ("Ban Chỉ đạo Phòng thủ dân sự quốc gia")."""
        words, c = self.words, self.c
        for j in range(max(i, 1), min(len(words), i + 6)):
            if f"{words[j - 1].group(0)} {words[j].group(0)}".casefold() in c.national_words:
                return j
            gap = self.gap_before(j)
            if self.predicate_at(j) or (gap != " " and not (gap == ", " and words[j].group(0) in c.comma_compound_second)):
                return None
        return None

    def field_end(self, end: int) -> int:
        """A national board's field after its scope: "về phòng, chống thiên tai", "phòng chống dịch cúm gia cầm"."""
        c, text, start = self.c, self.text, self.start
        q = start + end
        about = c.national_field.match(text, q, q + 200)
        if about:
            q = about.end()
            to = self.field_to_assigning(q)
            if to is not None:
                return to - start
        pc = c.prevent_fight.match(text, q, start + end + 200)
        if pc:
            q = pc.end()  # "về phòng, chống …": the field's usual opening is no predicate
        elif not about:
            return end
        for fw in c.field_word.finditer(text, q, start + end + 200):
            if fw.start() != q:
                break
            if c.name_stop_re.match(text, fw.start("w")):
                nxt = c.field_word.match(text, fw.end(), start + end + 200)
                if not (fw.group("w") in c.field_conjunctions and nxt and nxt.group("w")[:1].islower()
                        and not c.name_stop_re.match(text, nxt.start("w"))):
                    break  # "… nhà ở và thị trường bất động sản": "và" joins two parts of the field
            q = fw.end()
        return q - start if q > (about.end() if about else start + end) else end

    def field_to_assigning(self, q: int) -> int | None:
        """Where a national board's field ends when its lower-case words run straight to an assigning predicate with a
        known body after it ("… về các vấn đề cấp bách trong bảo vệ rừng và phòng cháy, chữa cháy rừng yêu cầu UBND các
        tỉnh"), else None (the field is read word by word, as field_end does)."""
        c, text = self.c, self.text
        if c.national_assigning_re is None:
            return None
        pos, last = q, None
        for n, fw in enumerate(c.field_word.finditer(text, q, q + 300)):
            if fw.start() != pos or n > 24:
                return None
            am = c.national_assigning_re.match(text, fw.start("w"))
            if am:
                known = c.gazetteer_view_re.match(_view(text[am.end():am.end() + 600]))
                return last if last is not None and known else None
            if not fw.group("w")[:1].islower():
                return None
            pos = last = fw.end()
        return None

    def to_predicate(self) -> str | None:
        """A field in lower case right up to the board's own predicate ("Ban Chỉ đạo điều hành giá yêu cầu …"): at most
        six plain words, none a breaker, a conjunction, a verb that ends a name or behind a comma; else None."""
        c, words = self.c, self.words
        if self.first is None or self.matched[len(self.head):len(self.head) + self.first.start()] != " ":
            return None
        for i, w in enumerate(words[:7]):
            if i > 0 and self.predicate_at(i):
                return self.text[self.start:self.start + len(self.head) + words[i - 1].end()]
            word = w.group(0)
            if ((i > 0 and self.gap_before(i) != " ") or not word[:1].islower() or word in c.board_breakers
                    or word == c.conj or word in c.unit_words
                    or c.name_stop_re.match(self.text, self.start + len(self.head) + w.start())):
                return None
        return None

    def capitalised(self) -> str:
        """No unit: a name that starts with a capital runs while capitalised words or abbreviations follow ("Ban
        Chỉ đạo Kỳ thi tốt nghiệp THPT"); a lower-case word after the head ends it ("Ban Chỉ đạo thông qua"). A
        board's field after its head or scope belongs to the name."""
        c, text, start, head, words, first = self.c, self.text, self.start, self.head, self.words, self.first
        if first is not None and " " in head.strip() and c.national_field.match(text, start + len(head)):
            # "Ban Chỉ đạo về chính sách nhà ở …": a board's field right after its (two-word or longer) head
            return text[start:start + self.field_end(len(head))]
        if first is not None and first.group(0)[:1].islower() and c.prevent_fight.match(text, start + len(head)):
            return text[start:start + self.field_end(len(head))]  # "Ban Chỉ đạo phòng, chống dịch tả lợn châu Phi"
        first_scope = self.scope_at(0) if first is not None and not self.predicate_at(0) else None
        if first is not None and self.matched[len(head):len(head) + first.start()] == " " and (
                first.group(0)[:1].isupper() or first_scope is not None):
            end = len(head) + first.end()
            for i in range(1, min(len(words), 10)):
                w = words[i].group(0)
                gap = self.gap_before(i)
                if gap != " " and not (gap == ", " and w in c.comma_compound_second):  # "phòng, chống" is one word
                    break
                # the next words, a dash between two parts of the name not counted ("Phòng thủ dân sự - Phòng, chống …")
                ahead = [x.group(0) for x in words[i:i + 6] if x.group(0) not in ("-", "–")][:4]
                j = None if w[:1].isupper() or self.predicate_at(i) else self.scope_at(i)
                if j is not None and j + 1 < len(words) and self.gap_before(j + 1) == " " and words[j + 1].group(0)[:1].isupper():
                    j = None  # "Ban Quản lý Vườn quốc gia Tà Đùng": a proper name after "quốc gia", which is no scope here
                if j is not None:
                    # "Ban Chỉ đạo Quốc gia về phòng, chống thiên tai": a national board's name runs through its field
                    end = self.field_end(len(head) + words[j].end())
                    break
                if (w[:1].isupper() or any(x[:1].isupper() for x in ahead[1:])) and not self.predicate_at(i):
                    end = len(head) + words[i].end()
                elif gap == " " and self.completes_capitalised(i):
                    end = len(head) + words[i].end()  # "Ban Chỉ huy Bộ đội Biên phòng, …": "phòng" completes "Biên"
                    break
                else:
                    break
            return text[start:start + end]
        return head


_ITEM_WORDS = regex.compile(r"\p{Lu}\p{Ll}*(?:[ ]+\p{Ll}+)*")


def _shortened_item(c: _Compiled, text: str, p: int, hi: int, prefix: str) -> tuple[int, str] | None:
    """An item written by the first words of its name ("các Sở: …; Y tế, Giáo dục; …" — Giáo dục for Giáo dục và Đào
    tạo): the one gazetteer name "<prefix> <item> …" it opens, if exactly one."""
    wm = _ITEM_WORDS.match(text, p, min(hi, p + 40))
    if wm is None:
        return None
    words = list(regex.finditer(r"\S+", wm.group(0)))[:4]
    for n in range(len(words), 0, -1):  # the longest opening that names exactly one body
        key = match_key(f"{prefix} {wm.group(0)[:words[n - 1].end()]}") + " "
        i = bisect.bisect_left(c.sorted_keys, key)
        names = set()
        while i < len(c.sorted_keys) and c.sorted_keys[i].startswith(key):
            row = c.by_key[c.sorted_keys[i]]
            if row["kind"] == "single":
                names.add(row["name"])
            i += 1
        if len(names) == 1:
            return p + words[n - 1].end(), names.pop()
    return None


def _force_items(c: _Compiled, text: str, m: regex.Match, hi: int) -> list:
    """"lực lượng công an, kiểm lâm, quân sự", "lực lượng vũ trang tỉnh": a force of each field listed (agency_patterns.yaml
    force_fields), named "<force word> <field>" with the unit that follows it, or the unit's body the gazetteer knows
    ("lực lượng công an xã" is Công an xã) ((start, end, priority, ref) candidates)."""
    out: list[tuple[int, int, int, AgencyRef]] = []
    pos = m.end()
    while pos < hi:
        f = c.force_field_re.match(text, pos, hi)
        if f is None:
            break
        end = f.end()
        unit = _LOWER_SYLLABLE.match(text, end, hi)
        ref = None
        if unit is not None and unit.group(1) in c.unit_words:
            end = unit.end()  # "lực lượng vũ trang tỉnh"
            body = _canonical(c, text[f.start():end])
            ref = body if body.known else None  # "lực lượng công an xã": the force of a unit that has one is its body
        ref = ref or _canonical(c, f"{c.force_word} {text[f.start():end]}")
        out.append((m.start() if not out else f.start(), end, 4, ref))
        sep = c.item_sep.match(text, end, hi)
        if sep is None or not sep.group(0).strip():
            break
        pos = sep.end()
    return out


def _commune_items(c: _Compiled, text: str, m: regex.Match, hi: int) -> list:
    """"UBND các xã Ea Kly, Krông Búk và phường Buôn Hồ": a council of each commune or ward listed, named "<council>
    <unit> <name>" ((start, end, priority, ref) candidates; agency_patterns.yaml compressed_lists, communes)."""
    body, unit = c.council_body[match_key(m.group("council"))], m.group("unit")
    out: list[tuple[int, int, int, AgencyRef]] = []
    pos = m.end()
    while pos < hi:
        title = c.head_at_start_re.match(text, pos, hi)  # "Chủ tịch UBND …", not "Chánh Hưng"
        at = title.end() if title else pos
        if c.body_head_re.match(text, at, hi) or c.local_pc_prefix.match(_view(text[at:at + 40])):
            break  # "…, Công an huyện", "…, Chủ tịch UBND huyện": another body, the list is over
        item = c.commune_item_re.match(text, pos, hi)
        if item is None:
            break
        unit = item.group("unit") or unit
        name = f"{body} {unit} {item.group('name')}"
        out.append((m.start() if not out else item.start(), item.end(), 4, AgencyRef(unknown_agency_id(name), name, "single", False)))
        sep = c.item_sep.match(text, item.end(), hi)
        if sep is None or not sep.group(0).strip():
            break
        pos = sep.end()
    return out


_ITEM_NUMBER = regex.compile(r"\d{1,3}(?![\d/]|[.,]\d|\p{L})")
_SPACE_RUN = regex.compile(r"\s+")
_ITEM_MOST_WORDS = 5  # words: an item of a compressed list is a short name ("Hậu cần - Kỹ thuật")


def _unknown_item(c: _Compiled, text: str, p: int, hi: int, prefix: str) -> tuple[int, str] | None:
    """An item of a compressed list the gazetteer does not know (agency_patterns.yaml compressed_lists ``any_item``): a
    number ("Bộ Tư lệnh Quân khu: 1, 2"), the head written again with its number ("… và Tổng cục 2") or a proper
    name ("Hậu cần - Kỹ thuật"): (end, "<prefix> <item>"), or None."""
    nm = _ITEM_NUMBER.match(text, p, hi)
    if nm:
        return nm.end(), f"{prefix} {nm.group(0)}"
    q = p
    if text.startswith(prefix, p):
        q = p + len(prefix)
        nm = _ITEM_NUMBER.match(text, _SPACES.match(text, q, hi).end(), hi)
        if nm:
            return nm.end(), f"{prefix} {nm.group(0)}"
    if p == 0 or text[p - 1] != " " or not text[p:p + 1].isupper():
        return None
    # an item before the next separator is all of it ("Hậu cần - Kỹ thuật, …"); the last one ends where its name does
    nxt = c.item_next_re.search(text, p, min(hi, p + 60))
    end = nxt.start() if nxt and not regex.search(r"[\n:.()]", text[p:nxt.start()]) else None
    words = list(_WORD.finditer(text, p, end)) if end is not None else []
    if len(words) > _ITEM_MOST_WORDS and any(w.group(0)[:1].islower() and c.name_stop_re.match(text, w.start(), hi)
                                             for w in words):
        end = None  # "… Nam Hà Tĩnh bố trí lực lượng, …": the last item runs into its predicate before the comma
    if end is None:
        end = _name_extent(c, text, p - 1, hi)
    if not end:
        return None
    name = _SPACE_RUN.sub(" ", text[q:end]).strip()
    return end, f"{prefix} {name}"


def _compressed_items(c: _Compiled, text: str, m: regex.Match, cfg: dict, hi: int):
    """"các Bộ: Tài chính, Tư pháp", "Công an các quận: Hồng Bàng, Lê Chân": one body per item, named "<prefix> <item>"
    ((start, end, priority, ref) candidates; agency_patterns.yaml compressed_lists). The prefix may name the head's
    groups ("{body} {unit}": the body and the unit as the text writes them, spaces folded)."""
    prefix = cfg["prefix"]
    if "{" in prefix:
        prefix = prefix.format(**{k: regex.sub(r"\s+", " ", v or "") for k, v in m.groupdict().items()})
        prefix = prefix[:1].upper() + prefix[1:]  # "công an các huyện …" names Công an huyện …
    pos = m.end()
    items = []
    while pos < hi:
        p = _SPACES.match(text, pos, hi).end()
        if "\n" in text[pos:p] and _ITEM_MARK.match(text, p, hi):
            break  # "yêu cầu UBND các tỉnh:\n\n1) Gấp rút …": the items of a list, not names
        best = None
        if cfg.get("places"):
            pm = c.place_re.match(text, p, min(hi, p + 600))
            if pm:  # the place as the tables spell it ("Bắc Cạn" is Bắc Kạn)
                best = (pm.end(), f"{prefix} {c.place_proper.get(pm.group(0)) or pm.group(0)}")
        else:
            # Longest gazetteer name "<prefix> <item>" that the text continues with.
            for k in range(min(hi, p + 60), p, -1):
                piece = text[p:k]
                if not piece or not piece[-1].isalpha():
                    continue
                if k < hi and text[k].isalpha():
                    continue
                row = c.by_key.get(match_key(f"{prefix} {piece}"))
                if row:
                    best = (k, row["name"])
                    break
                if _JOINER.search(piece):  # "các sở: Tài nguyên - Môi trường, Kế hoạch - Đầu tư"
                    ref = _canonical(c, f"{prefix} {piece}")
                    if ref.known:
                        best = (k, ref.name)
                        break
            if best is None:
                best = _shortened_item(c, text, p, hi, prefix)
            if best is None and cfg.get("any_item"):
                best = _unknown_item(c, text, p, hi, prefix)
        if best is None:
            break
        end, name = best
        nw = _WORD.match(text, _SPACES.match(text, end, hi).end(), hi)
        if not cfg.get("places") and nw is not None and nw.group(0).casefold() in c.unit_words:
            break  # "Công an tỉnh" after "Bộ Chỉ huy Quân sự tỉnh, ": the item goes on with a unit, no ministry
        items.append((p, end, name))
        sep = c.item_sep.match(text, end, hi)
        if not sep:
            break
        pos = sep.end()
        if not sep.group(0).strip():
            break
    if cfg.get("not_agency") or len(items) < cfg.get("min_items", 1):
        return []
    out = []
    for i, (s, e, name) in enumerate(items):
        ref = _canonical(c, name)
        start = m.start() if i == 0 else s
        out.append((start, e, 4, ref))
    return out


def find_agencies(nt: NormText, rules: Rules, ctx: Context | None = None) -> list[Mention]:
    """Agency mentions in the normalised text, web chrome excluded.

    ``ctx.header.issued_on``: the document's date. From the 2025 reform of local government (``reform_2025`` in
    agency_patterns.yaml) the localities of a provincial notice are the communes, not the districts.

    Within a document a short name refers back to the full one: "Tổ công tác" after "Tổ công tác
    liên ngành", "Ban Biên tập" after "Ban Biên tập Cổng thông tin điện tử tỉnh (gọi tắt là Ban Biên tập)".
    """
    on = ctx.header.issued_on if ctx is not None and ctx.header is not None else None
    mentions = [m for m in find_agencies_in(nt.text, rules) if not nt.in_chrome(m.start)]
    c = _compiled(rules)
    if on is not None and c.reform_from is not None and on >= c.reform_from:
        for m in mentions:
            to = c.reform_localities.get(m.ref.id)
            if to and c.reform_words.search(nt.text, m.start, m.end) and to in c.by_id:
                row = c.by_id[to]
                m.ref = AgencyRef(row["id"], row["name"], row["kind"], True)
    if on is not None:
        dated_short_names(mentions, on, rules)
    mentions = _document_names(c, nt, mentions)
    aliases: dict[str, AgencyRef] = {}
    acronyms: list[tuple[int, str, AgencyRef]] = []  # short forms defined in brackets: (where, short form, body)
    seen: list[AgencyRef] = []
    placed: dict[str, dict[str, AgencyRef]] = {}  # gazetteer id → the bodies of that row named with a place so far
    for m in mentions:
        key = match_key(m.ref.name)
        if key in aliases:
            m.ref = aliases[key]
        elif not m.ref.known:
            for earlier in reversed(seen):
                ek = match_key(earlier.name)
                if ek != key and ek.startswith(key + " ") and len(key.split()) >= 2:
                    m.ref = earlier
                    # "Sở Chỉ huy hiện trường có nhiệm vụ …" after "Sở Chỉ huy hiện trường tìm kiếm cứu nạn": the words
                    # written that go on with the full name belong to the mention
                    for w in _NAME_PIECE.findall(ek[len(key):]):
                        q = skip_spaces(nt.text, m.end, len(nt.text))
                        if nt.text.startswith(",", q) and nt.text[q + 1:q + 2] == " " and nt.text[q + 2:q + 3].isupper():
                            # "Vụ Kế hoạch, Tài chính" after "Vụ Kế hoạch Tài chính": a comma between the fields
                            q = skip_spaces(nt.text, q + 1, len(nt.text))
                        nw = _NAME_PIECE.match(nt.text, q, len(nt.text))
                        if nw is None or match_key(nw.group(0)) != w:
                            break
                        m.end = nw.end()
                    break
        else:
            named = placed.get(m.ref.id, {})
            if len(named) == 1 and not _names_level(c, m.ref.name):
                m.ref = next(iter(named.values()))  # "Sở Xây dựng TPHCM … Sở Xây dựng": the one body named before
        base = m.ref.id.split("/", 1)[0] if m.ref.known and "/" in m.ref.id else None
        if base is not None and m.ref.kind == "single":
            placed.setdefault(base, {})[m.ref.name] = m.ref
        seen.append(m.ref)
        am = c.defined_alias_re.match(nt.text, m.end, m.end + 600)
        if am:
            aliases[match_key(c.expand(am.group("alias")))] = m.ref
        xm = c.defined_acronym_re.match(nt.text, m.end, m.end + 20)
        if xm:
            acronyms.append((xm.end(), xm.group("alias"), m.ref))
    return _acronym_mentions(nt, mentions, acronyms, c.plural_before) if acronyms else mentions


def _acronym_mentions(nt: NormText, mentions: list[Mention], acronyms: list[tuple[int, str, AgencyRef]],
                      plural_before: regex.Pattern) -> list[Mention]:
    """``mentions`` with the later uses of the short forms defined in brackets after a name (agency_patterns.yaml
    defined_acronym): each ``(end of the definition, short form, body)`` adds a mention of that body wherever the
    short form stands alone after its definition ("TTCP yêu cầu …"; for a group with the plural word before it,
    ``plural_before``: "các TCTD"), outside web chrome and other mentions; never inside a document symbol
    ("03/2013/TT-TTCP"). Returns the mentions in text order."""
    text = nt.text
    taken = _Taken(mentions)
    for after, alias, ref in acronyms:
        use = regex.compile(r"(?<![\p{L}\d/\-–])" + regex.escape(alias) + r"(?![\p{L}\d/\-–])")
        for um in use.finditer(text, after):
            a, b = um.start(), um.end()
            if nt.in_chrome(a) or not taken.free(a, b):
                continue
            if ref.kind == "group":
                pm = plural_before.search(text, max(0, a - 8), a)
                if pm is not None and taken.free(pm.start(), a):
                    a = pm.start()
            taken.add(Mention(a, b, ref))
    return taken.with_added(mentions)


class _Taken:
    """The spans a document's mentions cover, sorted, and the mentions added to them (mentions never overlap)."""

    def __init__(self, mentions: list[Mention]):
        self.spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [a for a, _b in self.spans]
        self.added: list[Mention] = []

    def free(self, a: int, b: int) -> bool:
        """Does ``[a, b)`` overlap no mention?"""
        k = bisect.bisect_left(self.starts, b)
        return k == 0 or self.spans[k - 1][1] <= a

    def add(self, m: Mention) -> None:
        k = bisect.bisect_left(self.starts, m.start)
        self.spans.insert(k, (m.start, m.end))
        self.starts.insert(k, m.start)
        self.added.append(m)

    def with_added(self, mentions: list[Mention]) -> list[Mention]:
        """``mentions`` and those added, in text order."""
        return sorted(mentions + self.added, key=lambda m: m.start) if self.added else mentions


_NAME_END = regex.compile(r"[ ]*[(,;]")
_ECHO_WORDS = 3  # words: a name this long written again in other case is the same body


def _document_names(c: _Compiled, nt: NormText, mentions: list[Mention]) -> list[Mention]:
    """What the document itself says of the names the gazetteer does not know. (1) A name cut before lower-case words
    that follow it alike at two of its mentions, at one running straight to a bracket, comma or semicolon and at
    another going on to a predicate, takes them at every mention: "Viện Nghiên cứu" + "phát triển du lịch" in "… và Viện Nghiên cứu phát triển du lịch (đơn vị
    chủ trì …)" and "Giao …, Viện Nghiên cứu phát triển du lịch chuẩn bị …" (agency_patterns.yaml
    name_runs_to_predicate: the same words that no name takes, ``never_in_names``, stop it). (2) A name of
    ``_ECHO_WORDS`` words or more written again with other capitals ("Tổng cục du lịch" after "Tổng cục Du lịch") is
    another mention of that body. Returns the mentions in text order."""
    text = nt.text
    if c.run_blocker_re is None:
        return mentions
    by_name: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if not m.ref.known and m.ref.kind == "single":
            by_name.setdefault(m.ref.name, []).append(i)
    for name, idx in by_name.items():
        if len(idx) < 2:
            continue
        runs = []  # for each mention: the ends of the words after it, and whether the last one ends the name
        for i in idx:
            m = mentions[i]
            limit = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
            ends, p = [], m.end
            while len(ends) < c.run_most:
                w = _RUN_WORD.match(text, p, limit)
                if w is None or not w.group(1)[0].islower() or c.run_blocker_re.match(text, w.start(1), limit):
                    break
                p = w.end()
                ends.append(p)
            runs.append((m, ends, bool(ends) and _NAME_END.match(text, ends[-1]) is not None))
        for m, ends, closed in runs:
            if not closed:
                continue
            tail = match_key(text[m.end:ends[-1]])
            alike = [(o, oe) for o, oe, _c in runs if o is not m and any(match_key(text[o.end:x]) == tail for x in oe)]
            if not any(_NAME_END.match(text, next(x for x in oe if match_key(text[o.end:x]) == tail)) is None
                       for o, oe in alike):
                continue  # never followed by a predicate: the same words repeated ("X kiểm tra hồ sơ, …" twice)
            ref = _canonical(c, name + text[m.end:ends[-1]])
            for o, oe in [(m, ends)] + alike:
                stop = next(x for x in oe if match_key(text[o.end:x]) == tail)
                mentions[mentions.index(o)] = Mention(o.start, stop, ref)
            break
    taken = _Taken(mentions)
    folded = text.casefold()
    written = [text[m.start:m.end].casefold() for m in mentions]
    by_ref = {m.ref.name: m.ref for m in reversed(mentions) if len(m.ref.name.split()) >= _ECHO_WORDS}
    for name, ref in by_ref.items():
        key = name.casefold()
        if folded.count(key) <= sum(w.count(key) for w in written):
            continue  # written nowhere but inside mentions (the common case): no pattern to run
        for em in regex.finditer(r"(?<![\p{L}\d])" + regex.escape(name) + r"(?![\p{L}\d])", text, regex.I):
            a, b = em.start(), em.end()
            if text[a].isupper() and taken.free(a, b) and not nt.in_chrome(a):
                taken.add(Mention(a, b, ref))
    return taken.with_added(mentions)


def dated_short_names(mentions: list[Mention], on: date, rules: Rules, year_only: bool = False) -> None:
    """A body written by the first words of a name that changed on a date ("Sở Nông nghiệp"): the gazetteer's body of
    that name on the notice's date ``on`` (agency_patterns.yaml dated_short_names). ``year_only``: ``on`` gives only
    the year (a page with no date of its own), and a year the change falls inside resolves nothing. Changes the
    mentions' refs in place."""
    c = _compiled(rules)
    for m in mentions:
        row = c.dated_short.get(match_key(m.ref.name))
        if row is None or m.ref.known:
            continue
        if year_only and date(on.year, 1, 1) < row["from"] <= date(on.year, 12, 31):
            continue  # "năm 2025" alone: before or after 1 March?
        to = c.by_id.get(row["from_id"] if on >= row["from"] else row["before_id"])
        if to is not None:
            m.ref = AgencyRef(to["id"], to["name"], to["kind"], True)


def _head_start(c: _Compiled, text: str, pos: int, floor: int) -> int:
    """Start of the head titles right before ``pos`` ("Phó Chủ tịch Thường trực "), or ``pos``."""
    start = pos
    while True:
        m = c.head_before_re.search(text, max(floor, start - 60), start)
        if not m:
            return start
        start = m.start()


def _names_level(c: _Compiled, name: str) -> bool:
    """Does a body's name end with its level ("Ủy ban nhân dân tỉnh", "Công an huyện")? Such a name keeps naming the
    level even after the body was named with its place."""
    words = name.casefold().split()
    return bool(words) and (words[-1] in c.unit_words or " ".join(words[-2:]) in c.unit_words)


def strip_head(name: str, rules: Rules) -> str:
    """'Giám đốc Đại học Quốc gia …' → 'Đại học Quốc gia …' (a head stands for its body)."""
    c = _compiled(rules)
    m = c.head_at_start_re.match(name)
    return name[m.end():] if m and m.end() < len(name) else name


def head_before(text: str, pos: int, rules: Rules) -> int | None:
    """Start of a head title ("Giám đốc", "Chủ tịch") right before ``pos``, or None."""
    m = _compiled(rules).head_before_re.search(text, max(0, pos - 60), pos)
    return m.start() if m else None
