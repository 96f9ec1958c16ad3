"""Stage 7: tasks — who must do what, with whom, reporting to whom, by when.

Units. Items (``1.``, ``a)``, ``-``) are one unit each; running text is split into sentences
and ``;`` clauses. A clause that only reports on the one before ("báo cáo UBND tỉnh … trước
ngày …") or continues a list of objects joins the unit before it; a clause with a subject of
its own starts a new unit, even inside an item.

Roles. The lead is the object of an assigning verb ("giao X", "đề nghị X"), else the subject at
the start of the unit ("Sở X, Sở Y: chủ trì …", "Đối với X, …"), else the agency named in the
heading above ("1. Sở Tài chính thực hiện một số nội dung sau:"), else the lead of the sentence
before (elided subject, "Sở này"). Agencies after "phối hợp với" support; after "báo cáo",
"tham mưu", "trình", "gửi về" and in "(qua …)" they receive the report.

Words live in ``rules/tasks.yaml`` and ``rules/verbs.tsv``: a clause opens a directive when its first
word (after openers and manner words) is in the verb lexicon — no statistical tagger is consulted.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, NamedTuple, Optional

import regex

from .agencies import AgencyRef, Mention, gazetteer as _agency_compiled, unknown_agency_id, trie_pattern, match_key, resolve_name, strip_head, dated_short_names, title_prefix_pattern
from .citations import FoundCitation
from .context import Context
from .deadlines import FoundDeadline, find_deadlines, find_urgency, pick, year_of_capture, year_of_text
from .dates import date_template
from .header import Header, capture_month
from .normalize import NormText, is_caps, skip_spaces
from .rules import Rules, RulesError, alternation, fast_compile, lazy_compile
from .sections import FoundSection
from .spans import SpanSet, lines_with_offsets


@dataclass
class FoundTask:
    start: int
    end: int
    action_start: int
    action_end: int
    section: Optional[int]
    lead: list[AgencyRef]
    support: list[AgencyRef] = field(default_factory=list)
    report_to: list[AgencyRef] = field(default_factory=list)
    deadline: Optional[FoundDeadline] = None
    urgency: Optional[tuple[int, int]] = None
    citations: list[int] = field(default_factory=list)
    action_type: Optional[str] = None


_alt = alternation
_B = r"(?![\p{L}\d])"  # the end of a word


class _Compiled:
    def __init__(self, rules: Rules):
        """Every pattern and table of tasks.yaml and verbs.tsv, compiled once per rules."""
        cfg = rules.yaml("tasks.yaml")
        self.rules = rules
        self._assign_frames(cfg)
        self._openers(cfg, rules)
        self._role_words(cfg)
        self._page_marks(cfg)
        pre_alt = self._not_tasks(cfg)
        self._verbs(cfg, rules)
        self._lists(cfg)
        prefix = self._speakers(cfg, rules)
        self._collectives(cfg, rules)
        self._duties(cfg, pre_alt, prefix)

    def _assign_frames(self, cfg) -> None:
        """Assigning verbs and what stands around them: passives, topic and purpose openers, the issuer's words."""
        self.assign = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['assign_verbs'])}){_B}", regex.I)
        self.speaker_assign = lazy_compile(rf"(?:{_alt(cfg['speaker_assign_verbs'])}){_B}")
        self.passive = lazy_compile(rf"[ ]*(?:{_alt(cfg['passive_assign'])}){_B}", regex.I)
        self.topic_opener = lazy_compile(rf"(?:{_alt(cfg['topic_openers'])}){_B}[^:;\n]{{3,200}}?:[ ]*", regex.I)
        then = _alt(cfg["topic_then_words"])
        self.topic_then = lazy_compile(
            rf"(?:{_alt(cfg['topic_comma_openers'])}){_B}[ ]*[^,:;.\n]{{3,150}}?(?:[ ]*,[ ]*(?:(?:{then})[ ]+)?|[ ]+(?:{then})[ ]+)")
        # … a topic whose own commas list its parts, closed by the word ("Đối với các hư hỏng, bất cập phức tạp … thì
        # cần khẩn trương lập phương án …"; batch 157)
        self.topic_then_far = lazy_compile(
            rf"(?:{_alt(cfg['topic_comma_openers'])}){_B}[ ]*[^:;.\n]{{3,200}}?[ ]+(?:{then})[ ]+")
        self.topic_comma = lazy_compile(rf"(?:{_alt(cfg['topic_comma_openers'])}){_B}[ ]*(?P<topic>[^,:;\n]{{3,120}}?),[ ]*",
                                        regex.I)
        self.plan_time = lazy_compile(cfg["plan_time"])
        self.counted_localities = lazy_compile(cfg["counted_localities"], regex.I)
        manner = cfg["assign_manner"]
        # "chỉ đạo rõ: “Giao …": the words between a verb and its colon; an assigning verb ending the words before
        # a colon or an opening quote
        self.says_clearly = lazy_compile(rf"{manner}[ ]*(?=:)")
        self.assign_before_colon = lazy_compile(
            rf"(?<![\p{{L}}])(?:{_alt(cfg['assign_verbs'])}){_B}[ ]*{manner}[ ]*:?[ ]*“?$", regex.I)
        self.bracket_role = lazy_compile(cfg["bracket_role"])
        self.conclusion_colon = lazy_compile(cfg["conclusion_colon"])
        self.staff_titles = lazy_compile(cfg["staff_titles"])
        self.document_speaker = lazy_compile(cfg["document_speaker"])
        self.document_owner = lazy_compile(cfg["document_owner"])
        self.letter_recipients = lazy_compile(cfg["letter_recipients"])
        self.letter_cited = lazy_compile(cfg["letter_cited"])
        self.letter_news = lazy_compile(cfg["letter_news"])
        self.bare_issuer = lazy_compile(rf"(?:{_alt(cfg['bare_issuer_units'])})(?![\p{{L}}.])")
        self.own_body = lazy_compile(rf"(?:{_alt(cfg['own_body_units'])})(?![\p{{L}}.])")
        self.coordination_purpose = lazy_compile(cfg.get("coordination_purpose") or "(?!)", regex.I)
        self.agent_do = lazy_compile(cfg.get("agent_do") or "(?!)")
        self.agent_past = lazy_compile(cfg.get("agent_past") or "(?!)")
        self.agent_role = lazy_compile(rf"(?:{_alt(cfg.get('agent_roles') or ['(?!)'])}){_B}")
        self.address_intro = lazy_compile(cfg.get("address_intro") or "(?!)")
        self.counted_units = lazy_compile(cfg.get("counted_units") or "(?!)")
        self.counted_unit_numbers = dict(cfg.get("counted_unit_numbers") or {})
        self.counted_unit_council = cfg.get("counted_unit_council", "")
        self.submission_owner = lazy_compile(cfg.get("submission_owner") or "(?!)")
        self.submission_verb = lazy_compile(cfg.get("submission_verb") or "(?!)")
        self.purpose_opener = lazy_compile(rf"(?:{_alt(cfg['purpose_openers'])}){_B}[^,:;.\n]{{3,200}},", regex.I)
        self.purpose_word = lazy_compile(rf"(?:{_alt(cfg['purpose_openers'])}){_B}", regex.I)
        self.subject_opener = lazy_compile(rf"(?:{_alt(cfg['subject_openers'])}){_B}[ ]*", regex.I)

    def _openers(self, cfg, rules: Rules) -> None:
        """Sentence and clause openers ({DATE} from the date grammar), connectors, anaphora and addressee references."""
        day = date_template(rules, "date")
        self.clause_openers = cfg["clause_openers"].replace("{DATE}", day)
        self.consequence_break = lazy_compile(
            cfg["consequence_break"].replace("{CONNECTIVE}", f"(?:{cfg['consequence_connective']})"), regex.I
        ) if cfg.get("consequence_break") and cfg.get("consequence_connective") else None
        self.sentence_opener = lazy_compile(
            rf"(?:(?:{_alt(cfg['sentence_openers'])}){_B}[ ]*[,:]?[ ]*|{self.clause_openers})+", regex.I)
        self.due_opener = lazy_compile(cfg.get("due_opener", "(?!)").replace("{DATE}", day), regex.I)
        self.after_assign_opener = lazy_compile(cfg.get("after_assign_opener", "(?!)").replace("{DATE}", day))
        self.difficulty_condition = lazy_compile(cfg.get("difficulty_condition", "(?!)"))
        self.connector = lazy_compile(
            rf"[ ]*[,:]?[ ]*(?:(?:{_alt(cfg['connectors'])}){_B}[ ]*:?[ ]*|{cfg.get('task_list_connector') or '(?!)'}[ ]*)*",
            regex.I)
        self.anaphora = lazy_compile(rf"(?:{_alt(cfg['anaphora'])}){_B}", regex.I)
        self.demonstrative = lazy_compile(cfg.get("demonstrative") or "(?!)")
        self.demonstrative_end = lazy_compile(rf"(?:{cfg.get('demonstrative') or '(?!)'})$")
        self.honorific = lazy_compile(cfg["honorific"])
        self.recipient_reference = lazy_compile(cfg["recipient_reference"])
        self.head_anaphora = lazy_compile(cfg["head_anaphora"])
        self.unit_anaphora_bodies = {k.casefold(): v for k, v in (cfg.get("unit_anaphora_bodies") or {}).items()}

    def _role_words(self, cfg) -> None:
        """Role words (led by, lead, support, report, channel) and the clause, issuer and owner patterns around them."""
        self.led_by = lazy_compile(cfg["led_by_agent"], regex.I)
        self.led_by_end = lazy_compile(rf"[ ]*(?:{_alt(cfg['led_by'])}){_B}[ ]*,?[ ]*", regex.I)
        self.head_clause = lazy_compile(cfg["head_clause"]) if cfg.get("head_clause") else None
        self.led_by_verb = lazy_compile(rf"[ ]*(?=(?:{_alt(cfg.get('led_by_verbs') or ['(?!)'])}){_B})", regex.I)
        self.lead_roles = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['lead_roles'])}){_B}[ ]*,?[ ]*", regex.I)
        self.positional_partner_role = lazy_compile(rf"(?:{_alt(cfg['positional_partner_roles'])})[ ]*", regex.I)
        self.partner_unit_words = {u.casefold() for u in cfg.get("partner_unit_words") or []}
        self.duty_cleft = lazy_compile(cfg["duty_cleft"], regex.I)
        self.duty_cleft_tail = lazy_compile(cfg["duty_cleft_tail"], regex.I)
        self.addressee_relative = lazy_compile(rf"[ ]+(?:{_alt(cfg['addressee_relative_openers'])}){_B}", regex.I)
        self.support_roles = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['support_roles'])}){_B}[ ]*", regex.I)
        self.report_roles = lazy_compile(rf"(?<![\p{{L}}])(?:{_report_role_alt(cfg)}){_B}[ ]*", regex.I)
        self.channel = lazy_compile(rf"\([ ]*(?:{_alt(cfg['channel_roles'])}){_B}[ ]*", regex.I)
        self.report_clause = lazy_compile(cfg["report_clause"], regex.I)
        self.report_on_work = lazy_compile(cfg["report_on_work"], regex.I)
        self.time_only = lazy_compile(cfg["time_only_clause"], regex.I)
        self.action_role = lazy_compile(cfg["action_role_phrase"], regex.I)
        self.capacity = lazy_compile(cfg["capacity_adjunct"], regex.I)
        self.list_intro = lazy_compile(cfg["list_intro"], regex.I)
        self.report_contents = lazy_compile(cfg["report_contents"], regex.I)
        self.time_label = lazy_compile(cfg["time_label"])
        self.cited_title = lazy_compile(cfg["cited_title"])
        self.recipient_members = {k: tuple(v) for k, v in (cfg.get("recipient_members") or {}).items()}
        self.report_leadin = lazy_compile(cfg["report_leadin"])
        self.clause_closer = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['clause_closers'])}){_B}[ ]")
        self.news_lead_in = lazy_compile(cfg.get("news_lead_in") or "(?!)")
        self.topic_addressee = lazy_compile(cfg["topic_addressee"])
        self.acting_body = lazy_compile(rf"(?:{_alt(cfg['acting_body_heads'])}){_B}")
        self.superior_speakers = frozenset(cfg["superior_speakers"])
        self.policy_object = lazy_compile(cfg["policy_object"])
        self.issuer_office_prefix = cfg["issuer_office_prefix"]
        self.issuer_owner = lazy_compile(cfg["issuer_owner"])
        self.report_recipient_before = lazy_compile(cfg["report_recipient_before"])
        self.support_noun_before = lazy_compile(cfg["support_noun_before"])
        self.frame_connective = lazy_compile(rf"(?:{_alt(cfg['frame_connectives'])}){_B}", regex.I)
        self.issuer_act = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['issuer_acts'])}){_B}")
        self.coordinated_assign = lazy_compile(cfg["coordinated_assign"])
        self.owner_opener = lazy_compile(cfg["owner_opener"], regex.I)
        self.shared_head = lazy_compile(rf"(?:{_alt(cfg['shared_complement_heads'])}){_B}")
        self.shared_bodies = dict(cfg.get("shared_complement_bodies") or {})
        self.members_follow = lazy_compile(cfg["members_follow"])

    def _page_marks(self, cfg) -> None:
        """Headline stamps, notes headings, persons named in a list and timetables."""
        self.headline_stamp = lazy_compile(cfg["headline_stamp"])
        self.notes_heading = lazy_compile(cfg["notes_heading"])
        self.persons_in_list = lazy_compile(cfg["persons_in_list"])
        self.timetable_opener = lazy_compile(cfg["timetable_opener"])
        self.timetable_close = lazy_compile(cfg["timetable_close"], regex.I)
        self.timetable_entry = lazy_compile(cfg["timetable_entry"])

    def _not_tasks(self, cfg) -> str:
        """Adverbs, narrative predicates, what is no task and directive triggers; returns the deontic prefixes' pattern."""
        self.adverbs = lazy_compile(rf"(?:(?:{_alt(cfg['adverbs'])}){_B}[ ]*[,]?[ ]*)+", regex.I)
        self.prohibition = lazy_compile(cfg["prohibition"]) if cfg.get("prohibition") else None
        pre = cfg.get("deontic_prefixes") or []
        pre_alt = rf"(?:(?:{_alt(pre)})[ ]+)?" if pre else ""
        # "Ngành thuế cũng đã triển khai …": narrative after the same adverbs
        self.narrative = lazy_compile(
            rf"[ ]*{cfg.get('narrative_companion') or ''}{pre_alt}(?:{_alt(cfg['narrative_after_subject'])}){_B}", regex.I)
        # named entries (name, regex, examples, not_examples); a user's rules folder may still give bare patterns
        not_task = [p["regex"] if isinstance(p, dict) else p for p in cfg["not_task"]]
        # tried one by one: one alternation of them all is about four times slower (each alternative is tried at
        # every position, without the literal prefilter a single pattern gets)
        self.not_task = [lazy_compile(p, regex.I) for p in not_task]
        self.basis_sentence = lazy_compile(cfg["basis_sentence"], regex.I)
        self.speaker_predicate = lazy_compile(cfg["speaker_predicate"])
        # those that say how a sentence opens: a sentence that opens so is no task in any of its parts
        self.not_task_openers = [p for p in self.not_task if p.pattern.startswith("^")]
        self.elaboration = [lazy_compile(p["regex"], regex.I) for p in cfg.get("elaboration_openers", [])]
        self.elaboration_actions = [lazy_compile(p["regex"], regex.I) for p in cfg.get("elaboration_actions", [])]
        self.background = [lazy_compile(p["regex"]) for p in cfg["background_headings"]]
        self.triggers = lazy_compile(rf"(?<![\p{{L}}])(?:{_alt(cfg['directive_triggers'])}){_B}")
        return pre_alt

    def _verbs(self, cfg, rules: Rules) -> None:
        """The verb lexicon of rules/verbs.tsv (checked against action_types), agency heads and document types."""
        verbs = rules.tsv("verbs.tsv")
        kinds = set(cfg["action_types"])
        for v in verbs:
            if v.get("in_names", "") not in ("", "yes", "proper"):
                raise RulesError(f"verbs.tsv: verb {v['verb']!r}: in_names {v['in_names']!r} is not 'yes', 'proper' "
                                 f"or empty")
            if v["action_type"] not in kinds:
                raise RulesError(f"verbs.tsv: verb {v['verb']!r}: action_type {v['action_type']!r} is not one of "
                                 f"{', '.join(sorted(kinds))} (tasks.yaml action_types)")
        self.verb_types = {v["verb"].casefold(): v["action_type"] for v in verbs}
        self.verb_re = fast_compile(rf"(?:{trie_pattern(set(self.verb_types))}){_B}", regex.I, lazy=True)
        # the verbs that also name bodies ("đơn vị quản lý đường bộ") do not end a collective's modifiers
        self.np_verb_re = fast_compile(
            rf"(?:{trie_pattern({v['verb'].casefold() for v in verbs if v.get('in_names') != 'yes'})}){_B}", regex.I,
            lazy=True)
        self.heads = _agency_compiled(rules).heads
        types = [n for row in rules.tsv("doc_types.tsv") for n in row["names"].split("|")]
        self.doc_type_start = lazy_compile(rf"(?:{_alt([t[:1].upper() + t[1:] for t in types])}){_B}")

    def _lists(self, cfg) -> None:
        """List separators, agency tails, objects and quantifiers, report objects and the fillers of a frame."""
        # an object of a list that carries its own submission or deadline
        self.own_deadline = lazy_compile(
            rf",[ ]*(?:{_alt(cfg['own_deadline_verbs'])})(?![\p{{L}}]).{{0,120}}?(?:{_alt(cfg['own_deadline_times'])})[ ]+[\dIV]",
            regex.I)
        conj, sup = _alt(cfg["list_conjunctions"]), _alt(cfg["support_conjunctions"])
        self.conjunction_words = {w.casefold() for w in cfg["list_conjunctions"]}
        self.list_sep = lazy_compile(rf"[ ]*(?:,|;|{conj}|,[ ]*(?:{conj}))[ ]+")
        again = _alt(cfg.get("conjunction_assign_verbs") or ["(?!)"])
        self.list_sep2 = lazy_compile(rf"[ ]*(?:,|;|{conj}(?:[ ]+(?:{again}))?|,[ ]*(?:{conj})(?:[ ]+(?:{again}))?|{sup})[ ]+")
        self.agency_tail = lazy_compile(rf"[ ]*(?:{_alt(cfg['agency_tails'])})(?![\p{{L}}])")
        self.subordination_end = lazy_compile(cfg.get("subordination_end") or "(?!)")
        self.assign_object = lazy_compile(rf"(?:{_alt(cfg['assign_objects'])})[ ]+")
        self.quantifier = lazy_compile(rf"(?:{_alt(cfg['quantifiers'])})[ ]+", regex.I)
        self.before_temporal = lazy_compile(rf"(?:{_alt(cfg['not_a_recipient_before'])})[ ]*$", regex.I)
        self.report_object = lazy_compile(
            rf"(?:[^\s,;.()]{{1,40}}+[ ]+){{0,6}}?(?:{_alt(cfg['report_prepositions'])})[ ]+|(?:{_alt(cfg['report_meetings'])})[ ]+",
            regex.I)
        # spaces and filler words, one at a time (no nested repeats: linear on any input)
        self.frame_fillers = lazy_compile(
            rf"(?:[ ]|(?:{trie_pattern({w.casefold() for w in cfg['assign_frame_fillers']})}){_B})*$", regex.I)
        self.frame_document = lazy_compile(cfg["frame_document"])
        self.same_deadline = lazy_compile(cfg.get("same_deadline") or "(?!)", regex.I)
        self.adjunct_before_addressee = lazy_compile(cfg.get("adjunct_before_addressee") or "(?!)", regex.I)
        self.emphasis_members = lazy_compile(cfg.get("emphasis_members") or "(?!)")

    def _speakers(self, cfg, rules: Rules) -> str:
        """Issuer and speaker titles, preambles, causative verbs and context openers; returns the title prefix."""
        prefix = title_prefix_pattern(rules.yaml("agency_patterns.yaml"))
        titles = trie_pattern(set(cfg["issuer_titles"]))
        # "Đồng chí Chủ tịch UBND huyện", "Quyền Chủ tịch": titles may stack, after an "acting" prefix
        self.issuer_title = lazy_compile(rf"{prefix}(?:{titles}){_B}(?:[ ]+(?:{titles}){_B})*")
        self.consequence = lazy_compile(cfg.get("consequence_connective") or "(?!)", regex.I)
        self.speaker_speech = lazy_compile(rf"[ ]*(?:{_alt(cfg.get('speaker_speech') or ['(?!)'])}){_B}", regex.I)
        self.courtesy_titles = set(cfg.get("person_courtesy_titles") or [])
        self.speaker_title = lazy_compile(rf"(?<![\p{{L}}]){self.issuer_title.pattern}")  # a title as a word
        self.preamble = lazy_compile(rf"(?:{_alt(cfg['preamble_openers'])}){_B}")
        # after a sentence opener ("Theo đó, trong thời gian …,") the preamble is in lower case
        self.inner_preamble = lazy_compile(rf"(?:{_alt([w.lower() for w in cfg['preamble_openers']])}){_B}")
        self.causative = lazy_compile(rf"(?:{_alt(cfg['causative_verbs'])}){_B}", regex.I)
        self.causative_branch_partners = set(cfg.get("causative_branch_partners") or [])
        # "UBND tỉnh chỉ đạo về việc …": what the direction is about, not whom it directs (a report of it)
        self.causative_topic = lazy_compile(rf"[ ]*(?:{_alt(cfg['causative_topics'])}){_B}", regex.I)
        self.context_opener = lazy_compile(rf"(?:{_alt(cfg['context_openers'])}){_B}")
        return prefix

    def _collectives(self, cfg, rules: Rules) -> None:
        """Collective heads, plural kinds, list and item marks, and the words that end a collective's modifiers."""
        self.collective_head = lazy_compile(rf"(?:{_alt(cfg['collective_heads'])}){_B}")
        self.lone_collectives = {match_key(k): v for k, v in (cfg.get("lone_collectives") or {}).items()}
        self.lone_groups = set(self.lone_collectives.values())
        self.counted_unit_kinds = lazy_compile(cfg["counted_unit_kinds"])
        self.counted_plural = cfg["counted_unit_kinds_plural"]
        # nouns that end with a verb's syllable ("công lập", "việc làm"): no predicate inside a collective's modifiers
        self.noun_compounds = {w.casefold() for w in rules.yaml("agency_patterns.yaml").get("name_stop_compounds") or []}
        # the word that joins the last two names of a list (agency_patterns.yaml name_conjunction)
        self.conj = rules.yaml("agency_patterns.yaml")["name_conjunction"]
        self.partner_and = lazy_compile(rf"[ ]+{regex.escape(self.conj)}[ ]+")
        self.membership_tail = lazy_compile(cfg["membership_tail"]) if cfg.get("membership_tail") else None
        self.sector_heads = {match_key(h) for h in cfg.get("sector_heads") or []}
        self.sector_bodies = [match_key(h) for h in cfg.get("sector_bodies") or []]
        self.sector_fields: Optional[list[str]] = None  # built at first use from the gazetteer (_sector_field_end)
        self.group_tails = {match_key(t) for t in rules.yaml("agency_patterns.yaml").get("group_tails") or []}
        self.sector_head = lazy_compile(rf"(?:{_alt(cfg.get('sector_heads') or ['(?!)'])})[ ]+(?=\p{{L}})")
        self.unit_list_more = lazy_compile(cfg.get("unit_list_more") or "(?!)")
        self.level_modifier = lazy_compile(cfg.get("level_modifier") or "(?!)")
        plural = cfg.get("plural_body_heads") or []
        self.plural_body = lazy_compile(
            rf"{cfg['plural_marker']}(?i:{_alt(plural)}){_B}" if plural else "(?!)")
        self.plural_item_sep = lazy_compile(cfg.get("plural_item_sep") or "(?!)")
        self.object_list_sep = lazy_compile(cfg["object_list_sep"])
        self.action_list_sep = lazy_compile(cfg["action_list_sep"])
        self.role_and = lazy_compile(cfg["role_and"])
        self.obligation_word = lazy_compile(cfg["obligation_word"])
        self.duty_near = lazy_compile(cfg["duty_near"])
        self.inline_item_mark = lazy_compile(cfg["inline_item_mark"])
        self.item_letters = cfg["item_letters"]
        self.from_date_opening = lazy_compile(cfg["from_date_opening"], regex.I)
        self.kind_names_first = lazy_compile(cfg.get("kind_names_first") or "(?!)")
        self.kind_area_tail = lazy_compile(cfg.get("kind_area_tail") or "(?!)")
        self.plural_marker = lazy_compile(cfg["plural_marker"])
        self.list_tail = lazy_compile(cfg.get("list_tail") or "(?!)")
        adhoc = cfg.get("adhoc_body_heads") or []
        not_adhoc = cfg.get("adhoc_body_not") or []
        self.adhoc_body = lazy_compile(
            (rf"(?!(?-i:{_alt(not_adhoc)}){_B})" if not_adhoc else "") + rf"(?-i:{_alt(adhoc)}){_B}" if adhoc else "(?!)")
        self.plural_not_kind = lazy_compile(rf"(?i:{_alt(cfg.get('plural_not_kinds') or [])}){_B}" if cfg.get("plural_not_kinds") else "(?!)")
        places = cfg.get("collective_places") or []
        self.collective_places = lazy_compile(rf"(?i:{_alt(places)}){_B}") if places else None
        self.collective_bare = {w.casefold() for w in cfg["collective_bare_heads"]}
        self.collective_stop = lazy_compile(rf"(?:{_alt(cfg['collective_stops'])}){_B}")
        self.relative_markers = {w.casefold() for w in cfg["relative_markers"]}
        self.collective_owners = {w.casefold() for w in cfg.get("collective_owner_words") or []}
        self.bare_unit = lazy_compile(cfg["bare_unit_addressee"]) if cfg.get("bare_unit_addressee") else None
        self.bare_unit_place = cfg.get("bare_unit_place") or ""

    def _duties(self, cfg, pre_alt: str, prefix: str) -> None:
        """Duty words after a subject, copular roles, report follow-ups, exhortations, requests and addressee heads."""
        self.deontic = lazy_compile(rf"[ ]*{pre_alt}(?:{_alt(cfg['deontic_after_subject'])})(?![\p{{L}}])", regex.I)
        self.copular_role = lazy_compile(cfg["copular_role"], regex.I)
        self.report_followup = lazy_compile(cfg["report_followup"])
        self.report_followup_conditional = lazy_compile(cfg["report_followup_conditional"])
        self.exhortation = lazy_compile(cfg["exhortation"], regex.I)
        self.request_verb = lazy_compile(rf"(?:{_alt(cfg['request_verbs'])}){_B}", regex.I)
        self.head_re = lazy_compile(
            rf"{prefix}(?:{_alt(self.heads + cfg['addressee_person_heads'])}){_B}[ ]*", regex.I)


def _report_role_alt(cfg: dict) -> str:
    """The report roles as an alternation; a role that is the second syllable of a noun (tasks.yaml report_role_nouns:
    "công trình", "chương trình") is never matched after that noun's first syllable."""
    firsts: dict[str, set[str]] = {}
    for noun in cfg.get("report_role_nouns") or []:
        first, _sp, rest = noun.partition(" ")
        firsts.setdefault(rest.casefold(), set()).add(first)
    plain = [r for r in cfg["report_roles"] if r.casefold() not in firsts]
    guarded = [rf"(?<!(?<![\p{{L}}])(?:{_alt(sorted(firsts[r.casefold()]))})[ ]+){regex.escape(r)}"
               for r in cfg["report_roles"] if r.casefold() in firsts]
    return "|".join(guarded + ([_alt(plain)] if plain else []))


def _compiled(rules: Rules) -> _Compiled:
    return rules.compiled("tasks", _Compiled)


# ---------------------------------------------------------------- text units

# a sentence's end: its mark, spaces, then a capital, a digit, a quote or a bracket — or a page's bold marks ("… theo quy
# định. ** Về việc …", a capture that kept its markdown), which _strip leaves out of the next sentence
_SENT_END = regex.compile(
    r"(?<!\b(?:TP|Tp|TS|ThS|PGS|GS|St|Q|TM|KT|TL)\.)(?<=[.!?…][”\"]?)[ ]+(?:\*\*[ ]*)?(?=[\p{Lu}\d\"“(])|\./\.")


_CLAUSE_GAP = regex.compile(r"[ ]*[,;][ ]*")  # the gap between parallel clauses of one sentence


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    for m in _SENT_END.finditer(text, s, e):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < e:
        out.append((pos, e))
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in out) if b > a]


def _split_at_new_actor(c: _Compiled, text: str, s: int, e: int, spans: "_Spans") -> list[tuple[int, int]]:
    """One part per actor: 'A ít nhất 07 ngày phải …  và Phó Trưởng Ban (Giám đốc Sở X) ít nhất 10 ngày phải …';
    and after a comma, a clause with a subject and verb of its own: 'Phòng Kinh tế – hạ tầng thẩm định về nội dung,
    phòng Tài chính & kế hoạch thẩm định kinh phí'. A comma inside a list of agencies ('Giao Sở A, Sở B thực
    hiện') or before a supporting agency ('Sở A chủ trì, Sở B phối hợp') splits nothing."""
    out = []
    pos = s
    objects_go_on = False
    om = c.sentence_opener.match(text, skip_spaces(text, s, e), e)
    hm = _head_clause(c, text, spans.at(skip_spaces(text, om.end() if om else s, e)), e)
    for m in c.object_list_sep.finditer(text[s:e]):
        q = s + m.end()
        if hm is not None and s + m.start() < hm.end():
            continue  # "Tổ công tác số 2 do ông … - Giám đốc Văn phòng …, Sở … làm tổ trưởng, …": who heads the body
        titled = c.head_re.match(text, q, e)
        if not titled and (spans.at(q) is None or not text[q].isalpha()):
            continue
        comma = not any(ch.isalpha() for ch in m.group(0))
        if comma:
            p0 = skip_spaces(text, pos, e)
            first = _subject(c, text, pos, s + m.start(), spans)
            if first is None or not first.explicit or not first.lead or not (
                    spans.at(p0) or c.head_re.match(text, p0, e) or c.subject_opener.match(text, p0, e)):
                continue  # parallel clauses only, each opening with who acts ("A làm X, B làm Y")
            if not c.verb_re.search(text, first.after, s + m.start()):
                continue  # a list of agencies ("Giao Sở A, Sở B thực hiện"): no predicate before the comma
            objects_go_on = _objects_reach(c, text, first.after, s + m.start(), spans)
            if c.support_roles.search(text, pos, s + m.start()):
                continue  # "Sở A phối hợp với Sở B, Sở C hướng dẫn …": the list of those who support goes on
        elif not titled:
            continue
        else:
            first = _subject(c, text, pos, s + m.start(), spans)
            if first is not None and first.lead and not (
                    c.verb_re.search(text, first.after, s + m.start())
                    or c.obligation_word.search(text[first.after:s + m.start()])):
                continue  # "yêu cầu thủ trưởng các sở, ban, ngành và chủ tịch UBND xã … tập trung …": one verb for both
        subj = _subject(c, text, q, e, spans)
        if subj is None or not subj.lead:
            continue
        if comma and objects_go_on and not _peers(c, first.lead[0], subj.lead[0]):
            continue  # "Phòng A chỉ đạo các xã, HTX tập trung …": the causative's objects go on after the comma
        if comma:
            after = skip_spaces(text, subj.after, e)
            if c.support_roles.match(text, after, e) or c.lead_roles.match(text, after, e):
                continue  # "Sở A chủ trì, Sở B phối hợp": one task, Sở B supports
        rest = text[subj.after:min(e, subj.after + 40)]
        if c.obligation_word.search(rest) or c.verb_re.match(text, skip_spaces(text, subj.after, e), e):
            out.append((pos, s + m.start()))
            pos = q
    out.append((pos, e))
    return out


def _peers(c: _Compiled, a: AgencyRef, b: AgencyRef) -> bool:
    """Are two bodies of one kind and level ("Sở Y tế", "Sở Tài chính"; two People's Committees of one level)? A body
    does not direct its peer: "Giao Sở Y tế hướng dẫn các cơ sở khám bệnh, Sở Tài chính bố trí kinh phí" is two
    clauses, while "chỉ đạo Phòng X, UBND xã …" goes on with the causative's objects."""
    wa, wb = a.name.split(), b.name.split()
    if not wa or not wb or wa[0].casefold() != wb[0].casefold():
        return False
    levels = _agency_compiled(c.rules).unit_levels

    def level(words: list[str]) -> Optional[str]:  # the first unit word after the head: "… cấp huyện", "… xã An Phú"
        return next((levels[w.casefold()] for w in words[1:] if w.casefold() in levels), None)

    return level(wa) == level(wb)


def _objects_reach(c: _Compiled, text: str, s: int, comma: int, spans: "_Spans") -> bool:
    """Does the last causative verb in ``[s, comma)`` take a list of bodies that runs up to the comma ("chỉ đạo các xã,
    HTX …", "kiểm tra, đôn đốc chính quyền cấp xã, chủ rừng, lực lượng Kiểm lâm thực hiện …")? Then the list goes
    on after the comma and the comma opens no clause of its own."""
    last = None
    for cm in c.causative.finditer(text, s, comma):
        last = cm
    if last is None:
        return False
    q = skip_spaces(text, last.end(), comma)
    while q < comma:
        obj = spans.at(q) or _collective_np(c, text, q, comma, spans)
        if obj is None:
            return False
        if obj.end >= comma:
            return True
        sep = c.list_sep.match(text, obj.end, comma)
        if sep is None:
            return False
        q = sep.end()
    return False


def _clauses(text: str, s: int, e: int, consequence=None) -> list[tuple[int, int]]:
    """The ';' clauses of a sentence (outside brackets); also split after a comma that a ``consequence`` pattern
    matches (tasks.yaml consequence_break: "…, vì vậy đề nghị X …" opens a directive of its own)."""
    out = []
    pos = s
    depth = 0
    for i in range(s, e):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append((pos, i))
            pos = i + 1
        elif ch == "," and depth == 0 and consequence is not None and consequence.match(text, i, e):
            out.append((pos, i))
            pos = i + 1
        elif ch == "…" and depth == 0 and regex.match(r"[ ]+\p{Ll}", text[i + 1:i + 3]):
            # "… làm rõ… gói thầu số 7… giao cho Sở X …": an excerpt's ellipsis between fragments; a fragment
            # that gives no directive joins the unit before it
            out.append((pos, i))
            pos = i + 1
    out.append((pos, e))
    return [(a, b) for a, b in (_strip(text, a, b) for a, b in out) if b > a]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \n":
        s += 1
    while e > s and text[e - 1] in " \n;,":
        e -= 1
    return s, e


# ---------------------------------------------------------------- agencies in a span

class _Spans:
    """The agency mentions of a document, looked up by start and by position (mentions never overlap)."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self.addressees: list[AgencyRef] = []  # a letter's "Kính gửi" addressees, for "quý Tổng cục", "Thủ trưởng đơn vị"
        self.addressee_ids: set[str] = set()
        self.issuer: Optional[str] = None  # the canonical name of a formal document's issuer (_addressed_body)
        self.by_start = {m.start: m for m in mentions}
        self._sorted = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._sorted]
        # the subjects already read, by (start, end, elided, version): a unit is read again by every stage that
        # splits or joins units; ``version`` changes whenever a mention or the addressees are added
        self.version = 0
        self.subjects: dict[tuple, Optional["_Subject"]] = {}
        self.partners_read: set[int] = set()  # the partnership roles whose partners were read by position

    def at(self, pos: int) -> Optional[Mention]:
        return self.by_start.get(pos)

    def within(self, s: int, e: int) -> list[Mention]:
        return [m for m in self.mentions if s <= m.start and m.end <= e]

    def last_within(self, s: int, e: int) -> Optional[Mention]:
        """The last mention that lies inside ``[s, e)``, or None."""
        i = bisect.bisect_left(self._starts, e) - 1
        while i >= 0 and self._starts[i] >= s:
            if self._sorted[i].end <= e:
                return self._sorted[i]
            i -= 1
        return None

    def covering(self, pos: int) -> Optional[Mention]:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._sorted[i] if i >= 0 and pos < self._sorted[i].end else None

    def add(self, m: Mention) -> None:
        """Register a mention found by position (a lower-case collective addressee)."""
        self.mentions.append(m)
        self.by_start[m.start] = m
        i = bisect.bisect_left(self._starts, m.start)
        self._starts.insert(i, m.start)
        self._sorted.insert(i, m)
        self.version += 1

    def discard_since(self, n: int) -> None:
        """Forget the mentions added after the first ``n`` (a reading tried and given up)."""
        if len(self.mentions) <= n:
            return
        for m in self.mentions[n:]:
            i = bisect.bisect_left(self._starts, m.start)
            while self._sorted[i] is not m:
                i += 1
            del self._starts[i], self._sorted[i]
            if self.by_start.get(m.start) is m:
                del self.by_start[m.start]
        del self.mentions[n:]
        self.version += 1

    def set_addressees(self, refs: list[AgencyRef]) -> None:
        """The letter's "Kính gửi" addressees (read by "quý Tổng cục", "Thủ trưởng đơn vị"); subjects read before are
        read again."""
        self.addressees = refs
        self.addressee_ids = {r.id for r in refs}
        self.version += 1


_WORDS = regex.compile(r"[\p{L}\d]+")
_PAREN_OPEN = regex.compile(r"[^()\n]{0,40}?\([ ]*")
_PAREN = regex.compile(r"[ ]*\(([^()\n]{1,120})\)")




def _acting_subject(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> bool:
    """Is the text from ``p`` up to the verb at ``verb`` one office or a list of offices that carry work out
    (tasks.yaml acting_body_heads: Sở, Công an, Cục …), and nothing else?"""
    subject = spans.at(p)
    if subject is not None and skip_spaces(text, subject.end, verb) == verb:
        return c.acting_body.match(subject.ref.name) is not None
    refs, end = _agency_list(c, text, p, verb, spans)
    return (len(refs) > 1 and skip_spaces(text, end, verb) == verb
            and all(c.acting_body.match(r.name) for r in refs))


def _page_speaker(c: _Compiled, text: str, spans: _Spans) -> Optional[str]:
    """The speaker of a news page when it is one of the Government's heads (tasks.yaml superior_speakers): the body or
    title before the page's first assigning verb ("(Tổ Quốc) - Phó Thủ tướng Trịnh Đình Dũng chỉ đạo các cơ quan …").
    A ministry the page goes on to name directs its own units as its task, as in the Government Office's notices."""
    for am in c.assign.finditer(text):
        if spans.covering(am.start()) is not None:
            continue
        start = max(text.rfind(". ", 0, am.start()), text.rfind("\n", 0, am.start())) + 1
        for m in spans.within(start, am.start()):
            if _issuer_before(c, text, m.start, am.start(), spans):
                return m.ref.name if m.ref.name in c.superior_speakers else None
        return None
    return None


def _addressed_body(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> bool:
    """Is the text from ``p`` up to the verb at ``verb`` a list of bodies, none of them a speaker of the document
    (tasks.yaml superior_speakers: its issuer, the issuer's level named alone, the body whose office issues it, the
    Government's heads)? False when the document's issuer is unknown (a news page)."""
    issuer = spans.issuer
    if not issuer:
        return False
    refs, end = _agency_list(c, text, p, verb, spans)
    if not refs or skip_spaces(text, end, verb) != verb:
        return False
    spoken_for = issuer[len(c.issuer_office_prefix):] if issuer.startswith(c.issuer_office_prefix) else None

    def speaker(name: str) -> bool:
        return (name in c.superior_speakers or any(
            s == name or s.startswith(name + " ") for s in (issuer, spoken_for) if s))

    return not any(speaker(r.name) for r in refs)


def _agency_list(c: _Compiled, text: str, pos: int, e: int, spans: _Spans,
                 places: bool = False) -> tuple[list[AgencyRef], int]:
    """A list of agencies starting at ``pos`` ("Sở X, Sở Y và UBND các huyện"), heads allowed.

    ``places``: the list is the object of an assigning verb, where a province's name stands for its People's
    Committee ("yêu cầu Hà Nội, TP.HCM … báo cáo"); as a subject a place is a dateline ("Quảng Ninh: …").
    """
    refs: list[AgencyRef] = []
    p = skip_spaces(text, pos, e)
    end = pos
    while p < e:
        back = _counted_named_before(c, text, p, e, spans)
        if back is not None:
            refs.extend(back[0])  # "yêu cầu hai huyện chỉ đạo …": the two districts named before
            end, nxt = _list_goes_on(c, text, back[1], e, spans, places)
            if nxt is None:
                break
            p = nxt
            continue
        m = _listed_mention(c, text, p, e, spans, places)
        if m is None:
            q = _past_plural_head(c, text, p, e, spans)
            if q != p:
                p, m = q, _listed_mention(c, text, q, e, spans, places)
        hm = None if m is not None else c.head_re.match(text, p, e)
        q = hm.end() if hm else p
        if hm and text.startswith(":", q):
            q = skip_spaces(text, q + 1, e)  # "Giao Giám đốc: Sở Y tế, Sở Giáo dục và Đào tạo …"
        if m is None:
            m = spans.at(q)
        if m is None and hm:
            m = _collective_np(c, text, q, e, spans)  # "Hiệu trưởng các trường tiểu học": the head of each
        if m is None and hm:
            # "Chánh Văn phòng UBND tỉnh": the head's last word begins the agency's name.
            inside = [x for x in spans.within(p, e) if p < x.start < q]
            if inside:
                m = inside[0]
        if m is None and hm and places:
            m = _place_addressee(c, text, q, e, spans)  # "yêu cầu lãnh đạo tỉnh Long An …": the province's council
        if m is None:
            more, more_end, nxt = _list_without_mention(c, text, p, q, e, hm, spans, places)
            refs.extend(more)
            if more_end is not None:
                end = more_end
            if nxt is None:
                break
            p = nxt
            continue
        members = _members_listed(c, text, m, e, spans, places)
        if members is not None:
            refs.extend(members[0])
            end = members[1]
            break
        refs.append(m.ref)
        end = _past_tails(c, text, m, e, spans)
        if m.ref.kind == "group":
            before = _kind_named_before(c, text, m, end, e, spans)
            if before is not None:
                refs[-1:], end = before
        par = _PAREN.match(text[end:e])
        if par:
            named = m.ref.id == _agency_compiled(c.rules).locality_group  # "Các địa phương (Tuyên Quang, …)"
            if c.bracket_role.match(par.group(1)):
                inner = []  # "(Cơ quan Thường trực Ban ATGT Thành phố)": the capacity it acts in
            else:
                inner, _ = _agency_list(c, text, end + par.start(1), end + par.end(1), spans, places or named)
            if inner and (named or c.head_re.match(text, m.start, m.end)):
                # "Phó Trưởng Ban Biên tập (Giám đốc Sở X)": the person acts for Sở X; "Các địa phương (Tuyên Quang,
                # Khánh Hòa, …)": the places named act (as in counted_localities)
                refs[-1:] = inner
            elif inner:
                refs.extend(inner)  # "gửi về Bộ Y tế (Vụ Kế hoạch - Tài chính)": the body and its unit
            end += par.end()
        rel = _relative_clause_end(c, text, end, e, spans)
        if rel is not None:
            end = rel  # "…, Sở Xây dựng được giao quản lý quốc lộ (…), Tổng Công ty …": which Sở is meant
        em = c.emphasis_members.match(text, end, e)
        if em:
            # "UBND các tỉnh khu vực Trung Bộ, nhất là các tỉnh: Khánh Hòa, Đắk Lắk …": the places singled out act too
            inner, inner_end = _agency_list(c, text, em.end(), e, spans, True)
            if inner:
                refs.extend(inner)
                end = inner_end
                break
        end, nxt = _list_goes_on(c, text, end, e, spans, places)
        if nxt is None:
            break
        p = nxt
    return _uniq(refs), end


def _counted_named_before(c: _Compiled, text: str, p: int, e: int,
                          spans: _Spans) -> Optional[tuple[list[AgencyRef], int]]:
    """"hai huyện" with no name after it (tasks.yaml counted_units): the People's Committees of the last so many units
    of that kind named before ``p``, and where the words end; None unless exactly that many were named."""
    cm = c.counted_units.match(text, p, e)
    if cm is None:
        return None
    n = int(cm.group("n")) if cm.group("n").isdigit() else c.counted_unit_numbers.get(cm.group("n").casefold())
    named = _named_before(spans, p, f"{c.counted_unit_council} {cm.group('unit')}")
    if not n or len(named) < n:
        return None
    return named[-n:], cm.end()


def _named_before(spans: _Spans, pos: int, kind: str) -> list[AgencyRef]:
    """The single bodies whose names open with ``kind`` ("Ủy ban nhân dân huyện", "Ngân hàng Nhà nước chi nhánh
    tỉnh"), named before ``pos``: each once, in the order of its last mention."""
    prefix = match_key(kind) + " "
    named: list[AgencyRef] = []
    for x in reversed(spans.mentions):
        if x.end <= pos and x.ref.kind != "group" and x.ref not in named and match_key(x.ref.name).startswith(prefix):
            named.append(x.ref)
    return named[::-1]


def _kind_named_before(c: _Compiled, text: str, m: Mention, end: int, e: int,
                       spans: _Spans) -> Optional[tuple[list[AgencyRef], int]]:
    """"các NHNN chi nhánh tỉnh nêu trên" after "NHNN chi nhánh các tỉnh: Bình Định, Cao Bằng, …": a group of one kind
    with a demonstrative after it (tasks.yaml demonstrative) is the bodies of that kind named before it; returns them
    and where the demonstrative ends, or None when none was named."""
    dm = c.demonstrative.match(text, end, e)
    if dm is None:
        return None
    prefix = _agency_compiled(c.rules).plural_name_prefix + " "
    if not m.ref.name.startswith(prefix):
        return None
    named = _named_before(spans, m.start, m.ref.name[len(prefix):])
    return (named, dm.end()) if named else None


def _past_plural_head(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> int:
    """Past the plural word of heads at ``p`` ("các Chủ tịch UBND huyện", "các Bí thư Tỉnh ủy, Thành ủy": the head of
    each body, as "Chủ tịch UBND các huyện" says) when a head and a body follow it; else ``p``."""
    pm = c.plural_marker.match(text, p, e)
    if pm is None:
        return p
    q = pm.end()
    hm = c.head_re.match(text, q, e)
    if hm is None:
        return p
    m = spans.at(q) or spans.at(hm.end())
    return q if m is not None else p


def _counted_units(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[Mention]:
    """'yêu cầu 10 huyện, thành phố và các sở, ban, ngành …': units counted and named by their kind alone (no place
    follows: tasks.yaml counted_unit_kinds) are the People's Committees of every such unit, the group its first unit
    word names in lone_collectives; registered as a mention, or None."""
    cm = c.counted_unit_kinds.match(text, p, e)
    if cm is None:
        return None
    ref = _lone_group(c, f"{c.counted_plural} {cm.group('unit')}")
    if ref is None:
        return None
    m = Mention(p, cm.end(), ref)
    spans.add(m)
    return m


def _lone_group(c: _Compiled, written: str) -> Optional[AgencyRef]:
    """The group a plural written alone names ("các đơn vị", "các huyện": tasks.yaml lone_collectives), or None."""
    row = _agency_compiled(c.rules).by_id.get(c.lone_collectives.get(match_key(written), ""))
    return AgencyRef(row["id"], row["name"], row["kind"], True) if row is not None else None


def _listed_mention(c: _Compiled, text: str, p: int, e: int, spans: _Spans, places: bool) -> Optional[Mention]:
    """The agency a list names at ``p`` without a head title: a mention, a collective, a bare head or a place."""
    m = spans.at(p)  # mentions include their head titles ("Giám đốc Sở X")
    if m is not None and m.ref.id in c.lone_groups:
        back = _group_named_in_full(c, text[m.start:m.end], m.start, spans)
        if back is not None:
            m = Mention(m.start, m.end, back)  # "các đơn vị, huyện thị …" after "các đơn vị có sử dụng …"
    if m is None:
        m = _collective_np(c, text, p, e, spans)
    if m is None:
        m = _counted_units(c, text, p, e, spans)
    if m is None:
        m = _head_anaphor(c, text, p, e, spans)
    if m is None:
        st = c.staff_titles.match(text, p, e)
        m = _head_anaphor(c, text, st.end(), e, spans) if st else None  # "lãnh đạo, công chức phòng"
        if m is not None:
            m = Mention(p, m.end, m.ref)
    if m is None and places:
        m = _place_addressee(c, text, p, e, spans)
    return m


def _list_without_mention(c: _Compiled, text: str, p: int, q: int, e: int, hm, spans: _Spans,
                          places: bool) -> tuple[list[AgencyRef], Optional[int], Optional[int]]:
    """No mention at ``p`` (head title ``hm`` to ``q``, or none): (agencies named after all, their end, the next p)."""
    if hm and not c.shared_head.match(text, p, e):
        hsep = c.list_sep.match(text[q:e])
        if hsep and c.head_re.match(text, q + hsep.end(), e):
            return [], None, q + hsep.end()  # "Giám đốc, Thủ trưởng các sở, ban, ngành": heads that share the bodies after them
    if hm and c.shared_head.match(text, p, e):
        # "bí thư, chủ tịch UBND các tỉnh, thành phố": the secretary of the body named after the next head
        sep = c.list_sep.match(text[q:e])
        if sep:
            nxt, nxt_end = _agency_list(c, text, q + sep.end(), e, spans, places)
            mine = [r for r in (c.shared_bodies.get(x.id.split("/")[0]) for x in nxt) if r]
            refs = []
            for rid in mine:
                row = _agency_compiled(c.rules).by_id[rid]
                refs.append(AgencyRef(row["id"], row["name"], row["kind"], True))
            if nxt:
                # (a secretary's body the tables do not pair with the council is left out: "Bí thư, Chủ tịch UBND
                # các phường, xã" names at least the communes' councils)
                return refs + nxt, nxt_end, None
    if not hm:
        cm = c.counted_localities.match(text, p, e)
        if cm:
            # "5 địa phương (Hà Nội, TP.HCM, …)": the places named in brackets act
            par = _PAREN.match(text[cm.end():e])
            inner = _agency_list(c, text, cm.end() + par.start(1), cm.end() + par.end(1), spans, True)[0] if par else []
            if inner:
                end = cm.end() + par.end()
                sep = c.list_sep2.match(text[end:e])
                return inner, end, (end + sep.end() if sep else None)
    if hm:
        # "Phó Trưởng Ban Biên tập (Giám đốc Sở …)": the agency in brackets names the actor.
        pm = _PAREN_OPEN.match(text[q:e])
        if pm:
            inner, inner_end = _agency_list(c, text, q + pm.end(), e, spans)
            close = text.find(")", inner_end, e)
            if inner and close != -1:
                end = close + 1
                sep = c.list_sep.match(text[end:e])
                return inner, end, (end + sep.end() if sep else None)
    return [], None, None


def _members_listed(c: _Compiled, text: str, m: Mention, e: int, spans: _Spans,
                    places: bool) -> Optional[tuple[list[AgencyRef], int]]:
    """The members listed after ``m`` ("Các đơn vị gồm: Sở X, …"), who act, and where they end; or None."""
    gm = c.members_follow.match(text, m.end, e)
    if gm and gm.group("colon") and m.ref.kind != "group":
        gm = None  # "Sở Y tế: chủ trì …" — a body and its own items
    if gm and gm.end() > m.end:
        inner, inner_end = _agency_list(c, text, gm.end(), e, spans, places)
        if inner:
            return inner, inner_end
    return None


def _past_tails(c: _Compiled, text: str, m: Mention, e: int, spans: _Spans) -> int:
    """Where a listed mention ends, past its tail words and the board a group is the members of."""
    end = m.end
    tail = c.agency_tail.match(text[end:e])
    if tail:
        end += tail.end()
    elif c.subordination_end.search(text, m.start, m.end):
        above = spans.at(skip_spaces(text, end, e))  # "các đơn vị trực thuộc UBND tỉnh": the body above is named
        if above is not None:
            end = above.end
    if m.ref.kind == "group" and c.membership_tail is not None:
        # "các sở, ban, ngành thành viên Ban Chỉ huy … tỉnh": the members of a board are the group named
        mt = c.membership_tail.match(text, end, e)
        # the board's mention starts at "thành viên" (a head's title) or right after it
        board = (spans.at(skip_spaces(text, end, e)) or spans.at(mt.end())) if mt else None
        if board is not None:
            end = board.end
    return end


def _relative_clause_end(c: _Compiled, text: str, end: int, e: int, spans: _Spans) -> Optional[int]:
    """Where a clause that says which body is meant ends, when it opens right after a listed body (tasks.yaml
    addressee_relative_openers: "Sở Xây dựng được giao quản lý quốc lộ (…)") and the list goes on after its comma
    with another body; else None."""
    rm = c.addressee_relative.match(text, end, e)
    if rm is None:
        return None
    k = rm.end()
    depth = 0
    while k < e:
        ch = text[k]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in ";:\n" or ch == "." and text[k + 1:k + 2] in (" ", "")):
            return None
        elif depth == 0 and ch == ",":
            q = skip_spaces(text, k + 1, e)
            if spans.at(q) is not None:
                return k
        k += 1
    return None


def _list_goes_on(c: _Compiled, text: str, end: int, e: int, spans: _Spans,
                  places: bool) -> tuple[int, Optional[int]]:
    """Past a separator at ``end`` and people named beside the bodies: (the list's end so far, its next start or None)."""
    sep = c.list_sep2.match(text[end:e])
    if not sep:
        return end, None
    nxt = end + sep.end()
    pm = c.persons_in_list.match(text, nxt, e)
    if pm:
        # "các bộ phận chuyên môn, các cá nhân phụ trách …": people named beside the bodies act with them, but
        # are no agency; the list goes on after them
        end = pm.end()
        sep = c.list_sep2.match(text[end:e])
        if not sep:
            return end, None
        nxt = end + sep.end()
    nxt = _past_plural_head(c, text, nxt, e, spans)
    hm2 = c.head_re.match(text, nxt, e)
    if "," in text[end:nxt] and _speaks_next(c, text, spans.at(hm2.end() if hm2 else nxt) or spans.at(nxt), e):
        return end, None  # "Đối với UBND các tỉnh, Thủ tướng giao nhiệm vụ …": the next name is the speaker's
    if (spans.at(nxt) is None and spans.at(hm2.end() if hm2 else nxt) is None
            and not (hm2 and "(" in text[nxt:nxt + 60]) and not c.collective_head.match(text, nxt, e)
            and not (places and _place_addressee(c, text, nxt, e, spans) is not None)
            and not c.counted_localities.match(text, nxt, e)
            and not (hm2 and c.shared_head.match(text, nxt, e))):
        return end, None
    return end, nxt


def _purpose_without_comma(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[int]:
    """Where the speaker starts when a purpose opens the unit with no comma after it ("Để chủ động … Ban chỉ huy …
    huyện yêu cầu …"): the first body in it followed by an assigning verb; None otherwise."""
    if not c.purpose_word.match(text, p, e):
        return None
    om = c.purpose_opener.match(text, p, e)
    for m in spans.within(p, om.end() if om else e):
        if m.start > p and _speaks_next(c, text, m, e):
            return m.start  # (a comma after the assigning verb separates its addressees, it does not end the purpose)
    return None


def _opener_topic(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> list[AgencyRef]:
    """The bodies an opener names before the speaker's comma ("Đối với các sở, ngành liên quan, đồng chí … đề nghị"),
    or []."""
    sm = c.subject_opener.match(text, p, verb)
    comma = text.rfind(",", p, verb)  # the opener ends at the comma before the speaker
    return _agency_list(c, text, sm.end(), comma, spans)[0] if sm and comma > sm.end() else []


def _opener_addressees(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> list[AgencyRef]:
    """The bodies an opener names right before ``verb``, closed by a colon or comma ("Đối với Sở Xây dựng: chỉ đạo …",
    "Về phía UBND các huyện, hướng dẫn …"), or []."""
    sm = c.subject_opener.match(text, p, verb)
    if sm is None:
        return []
    k = verb
    while k > sm.end() and text[k - 1] in " \t":
        k -= 1
    if k <= sm.end() or text[k - 1] not in ":,":
        return []
    lst, after = _agency_list(c, text, sm.end(), k - 1, spans)
    return lst if lst and skip_spaces(text, after, k - 1) >= k - 1 else []


def _speaks_next(c: _Compiled, text: str, m: Optional[Mention], e: int) -> bool:
    """Is the mention ``m`` the subject of an assigning verb right after it (its holder's name between allowed): "…,
    Thủ tướng (Nguyễn Xuân Phúc) giao nhiệm vụ …", "…, UBND tỉnh yêu cầu …"? "chỉ đạo", "lưu ý" and the like are
    left out: after a listed body they are its own action ("Sở Y tế, Sở Tài chính chỉ đạo các đơn vị …")."""
    if m is None:
        return False
    p = m.end
    pm = _PERSON.match(text, p, e)
    if pm:
        p = pm.end()
    am = c.speaker_assign.match(text, skip_spaces(text, p, e), e)
    return am is not None


@dataclass
class _Subject:
    lead: list[AgencyRef]
    after: int          # where the predicate starts
    explicit: bool
    addressed: bool = False  # the lead is the object of an assigning verb ("chỉ đạo cho Phòng X yêu cầu …")
    verb: Optional[int] = None  # where that assigning verb starts: the words before it are the frame's narrative
    anaphoric: bool = False  # "Sở này", "Các địa phương này": the lead in force, named again


def _subject(c: _Compiled, text: str, s: int, e: int, spans: _Spans, elided: bool = False) -> Optional[_Subject]:
    """The actor at the start of a unit, or the object of an assigning verb that opens a frame in it.

    ``elided``: a lead is in force from the sentence before, so a causative verb at the start ("Chỉ đạo X …")
    is that lead's action, not an assignment to X. Read once per unit and state of ``spans`` (callers never change
    the ``_Subject`` returned).
    """
    key = (s, e, elided, spans.version)
    if key not in spans.subjects:
        spans.subjects[key] = _read_subject(c, text, s, e, spans, elided)
    return spans.subjects[key]


def _read_subject(c: _Compiled, text: str, s: int, e: int, spans: _Spans, elided: bool) -> Optional[_Subject]:
    p = skip_spaces(text, s, e)
    speaker = _purpose_without_comma(c, text, p, e, spans)
    if speaker is not None:
        # "Để chủ động đối phó với diễn biến Ban chỉ huy … huyện yêu cầu các ngành …": the purpose runs into the
        # speaker with no comma; the sentence is read from the speaker on
        return _subject(c, text, speaker, e, spans, elided)
    if p < e and text[p] in "“\"‘":
        p = skip_spaces(text, p + 1, e)  # a quoted directive: "“Sở Xây dựng chủ trì theo dõi …"
    # "Cụ thể, trước ngày 30.6.2016, Sở NN&PTNT chỉ đạo các cơ quan chuyên môn …": a body given a due date is being
    # assigned work; a causative verb after it is its own action
    due = c.due_opener.match(text, p, e) is not None
    om = c.sentence_opener.match(text, p, e)
    if om:
        p = om.end()
    dc = c.difficulty_condition.match(text, p, e)
    if dc:
        p = dc.end()  # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo …"
    cm = c.duty_cleft.match(text, p, e)
    if cm:
        # "một trong những nhiệm vụ trọng tâm mà các huyện, thành phố cần phải triển khai là trực tiếp làm việc …": the
        # bodies inside the cleft lead, the action follows "là"
        lead, after = _agency_list(c, text, cm.end(), e, spans, places=True)
        tm = c.duty_cleft_tail.match(text, after, e) if lead else None
        if tm:
            return _Subject(lead, tm.end(), True, addressed=True)
    am = c.anaphora.match(text, p, e)
    named = spans.at(p)
    if am and named is not None and named.end <= am.end():
        # "Cơ quan này phải phổ biến …": the words of an anaphor read as a body's name point back to the lead in force
        return _Subject([], am.end(), False, anaphoric=True)
    sector = c.sector_head.match(text, p, e) if named is None else None
    if sector is not None and _sector_field_end(c, text, sector.end(), e) > sector.end():
        # "Ngành nông nghiệp và phát triển nông thôn chỉ đạo các địa phương …": the sector is named before any frame is
        # read, as a body the gazetteer knows would be, so that it is the subject of its causative verb
        _collective_np(c, text, p, e, spans)
    found = _assigned_subject(c, text, p, e, spans, elided, due)
    if found is None:
        found = _led_by_subject(c, text, p, e, spans)
    if found is None:
        found = _subject_after_preambles(c, text, p, e, spans, bool(om))
    if found is not None:
        return found
    # "Đối với Kế hoạch …: Sở X làm …"
    tm = c.topic_opener.match(text, p, e)
    if tm and not spans.within(p, tm.end()):
        p = tm.end()
    found = _opened_subject(c, text, p, e, spans)
    if found is None:
        # "Với dự án …, tỉnh Bình Phước, Đắk Nông đẩy nhanh …": a topic that names no body, then the subject
        tc = c.topic_comma.match(text, p, e)
        if tc is not None and not spans.within(tc.start("topic"), tc.end("topic")):
            found = _opened_subject(c, text, tc.end(), e, spans)
    return found if found is not None else _other_subject(c, text, p, e, spans)


_STOP, _SKIP = "stop", "skip"  # an assigning verb opens no frame, nor does any after it; it opens none, a later may
_SELF = "self"  # a body directs the work itself: no frame, unless a later one after a comma names addressees


def _assigned_subject(c: _Compiled, text: str, p: int, e: int, spans: _Spans, elided: bool,
                      due: bool) -> Optional[_Subject]:
    """The subject of the first frame an assigning verb opens ("UBND tỉnh yêu cầu Sở X …"), or None."""
    # "Giao Sở X chủ trì …", "Thực hiện Công văn số …, Chủ tịch UBND tỉnh yêu cầu Sở X …" (however long the preamble)
    for am in c.assign.finditer(text, p, e):
        verdict = _assign_verdict(c, text, p, am, e, spans, elided, due)
        if verdict == _SELF:
            # "Chủ tịch UBND huyện chỉ đạo khắc phục ngay hậu quả …, giao Phòng X thống kê …": the frame after the
            # comma names the addressees
            return _later_frame(c, text, am.end(), e, spans)
        if verdict == _STOP:
            break
        if verdict == _SKIP:
            continue
        q = _past_assign_verbs(c, text, am, e, spans)
        tq = skip_spaces(text, q + 1, e) if text.startswith(",", q) else q
        tom = c.topic_addressee.match(text, tq, e)
        if tom:
            pm = _place_addressee(c, text, tom.end(), e, spans)
            k = skip_spaces(text, pm.end, e) if pm is not None else e
            if pm is not None and text.startswith(",", k):
                # "chỉ đạo, đối với huyện Lý Nhân, tổ chức thực hiện …": the unit the verb turns to is addressed
                return _Subject([pm.ref], skip_spaces(text, k + 1, e), True, addressed=True, verb=am.start())
        q, lead, after = _assign_object(c, text, q, e, spans)
        found = _frame_subject(c, text, p, am, q, e, spans, lead, after)
        if isinstance(found, _Subject):
            return found
        if found == _STOP:
            break
    return None


def _assign_verdict(c: _Compiled, text: str, p: int, am, e: int, spans: _Spans, elided: bool,
                    due: bool) -> Optional[str]:
    """None when the assigning verb ``am`` may open a frame in the clause at ``p``; else _SKIP, _STOP or _SELF."""
    stop = _CLAUSE_STOP.search(text, p, am.start())
    if stop and spans.covering(stop.start()) is None and not _dot_in_place(c, text, p, stop.start()):
        # a clause ends before the verb ("UBND TP. Cần Thơ yêu cầu …", "Lãnh đạo TP. HCM giao …": the dot is inside
        # a name)
        return _STOP
    if spans.covering(am.start()) is not None:
        return _SKIP  # "Ban Chỉ đạo …": part of a name
    if elided and c.causative.match(text, am.start(), e) and _no_subject_before(c, text, p, am.start(), spans):
        # "Chỉ đạo UBND cấp xã …" after a lead, "…; tiếp tục chỉ đạo các cơ sở giáo dục …", or after a topic that names
        # no body ("Đối với các vụ việc phức tạp: chỉ đạo các Đội … liên hệ …"): that lead's action
        return _STOP
    if not _opens_frame(c, text, p, am.start(), spans):
        return _SKIP
    if elided and am.start() > p and c.report_roles.match(text, p, e):
        # "…; đề xuất UBND tỉnh, Chủ tịch UBND tỉnh phân công …" with a lead in force: that lead's proposal (whom
        # it goes to, then what it proposes), no assignment by the Chairman
        return _STOP
    if due and c.causative.match(text, am.start(), e) and am.start() > p and spans.within(p, am.start()):
        return _STOP
    if (am.start() > p and spans.addressees and c.causative.match(text, am.start(), e) and spans.at(p) is not None
            and spans.at(p).ref.id in spans.addressee_ids):
        # "Kính gửi: Chủ tịch UBND tỉnh Phú Thọ" … "Chủ tịch UBND tỉnh Phú Thọ chỉ đạo các sở, ngành chức năng
        # kiểm tra …": the body a letter is addressed to acts; whom it directs is its action
        return _STOP
    if c.causative.match(text, am.start(), e) and am.start() > p:
        nxt = _after_causative(c, text, am.end(), e)
        if (c.verb_re.match(text, nxt, e) and not c.assign.match(text, nxt, e)
                and spans.at(nxt) is None and spans.within(p, am.start())):
            # "Bộ Công Thương chỉ đạo, giám sát quá trình …", "Bộ Công Thương chỉ đạo vận hành an toàn hệ thống
            # điện": an agency directs the work itself, nobody else is named (unless a later frame does)
            return _SELF
    return None


def _dot_in_place(c: _Compiled, text: str, p: int, k: int) -> bool:
    """Is the dot at ``k`` inside a place's name that starts with the word before it ("TP. HCM")?"""
    if text[k] != ".":
        return False
    ws = max(text.rfind(" ", p, k), text.rfind("\n", p, k)) + 1
    ac = _agency_compiled(c.rules)
    pm = ac.place_re.match(text, max(ws, p)) or ac.unit_place.match(text, max(ws, p))
    return pm is not None and pm.end() > k + 1


def _no_subject_before(c: _Compiled, text: str, p: int, v: int, spans: _Spans) -> bool:
    """Is ``[p, v)`` empty, manner words ("tiếp tục", "khẩn trương") or a fronted topic that names no body ("Đối với
    các vụ việc phức tạp:", "Về lâu dài,"), so that the verb at ``v`` has no subject of its own?"""
    if spans.within(p, v):
        return False
    tm = c.topic_opener.match(text, p, v) or c.topic_comma.match(text, p, v)
    if tm is not None:
        p = tm.end()
    am = c.adverbs.match(text, p, v)
    if am is not None:
        p = am.end()
    return skip_spaces(text, p, v) == v


def _past_assign_verbs(c: _Compiled, text: str, am, e: int, spans: _Spans) -> int:
    """Where the addressee of the assigning verb ``am`` is looked for: past more verbs, manner words, colon, comma, time."""
    q = am.end()
    while True:  # "nhắc nhở, đề nghị các đơn vị …", "chỉ đạo và giao trách nhiệm Sở Y tế …": the last verb's object
        lm = c.action_list_sep.match(text, q, e)
        vm = c.assign.match(text, lm.end(), e) if lm else None
        if vm is None or spans.covering(vm.start()) is not None:
            break
        q = vm.end()
    q = skip_spaces(text, q, e)
    rm = c.says_clearly.match(text, q, e)
    if rm:
        q = rm.end()  # "chỉ đạo rõ: “…", "yêu cầu cụ thể như sau:"
    if text.startswith(":", q):
        q = skip_spaces(text, q + 1, e)  # "… cũng giao: Giám đốc Sở Thông tin và Truyền thông chủ trì …"
        if text.startswith(("“", '"'), q):
            q = skip_spaces(text, q + 1, e)
        som = c.sentence_opener.match(text, q, e)
        if som:
            q = som.end()  # "UBND tỉnh yêu cầu: trong tháng 6/2024, Sở Tài chính …"
    if text.startswith(",", q):
        q2 = skip_spaces(text, q + 1, e)
        som = c.sentence_opener.match(text, q2, e)
        if som:
            q = som.end()  # "chỉ đạo, trước mắt, UBND tỉnh Hà Nam …"
        elif c.after_assign_opener.match(text, q2, e):
            q = q2  # "nhấn mạnh, trong 6 tháng cuối năm, các đoàn thể cần …": the time phrase is read below
        elif spans.at(q2) is not None:
            q = q2  # "Chủ tịch UBND tỉnh cũng yêu cầu, Sở Văn hóa … phối hợp …": a comma after the verb
    som = c.sentence_opener.match(text, q, e) or c.after_assign_opener.match(text, q, e)
    if som and (spans.at(_past_plural_head(c, text, som.end(), e, spans)) is not None
                or c.head_anaphora.match(text, som.end(), e)):
        q = som.end()  # "yêu cầu trong thời gian tới xã cần tập trung …": a time phrase before the addressee
    return q


def _assign_object(c: _Compiled, text: str, q: int, e: int,
                   spans: _Spans) -> tuple[int, list[AgencyRef], int]:
    """The addressees named at ``q``, past "cho" and an adjunct: (where they start, the agencies, where they end)."""
    cho = c.assign_object.match(text[q:e])
    if cho:
        q += cho.end()
    if spans.addressees:
        lead, after = _addressees(c, text, q, e, spans)
        if lead:
            return q, lead, after  # "đề nghị các quý cơ quan, đơn vị …" in a letter: its addressees
    adj = c.adjunct_before_addressee.match(text, q, e) if spans.at(q) is None else None
    if adj and spans.at(skip_spaces(text, adj.end(), e)) is None:
        q = _after_adjunct(c, text, q, e, spans)  # "yêu cầu đối với khu vực …, chính quyền các địa phương …"
    lead, after = _agency_list(c, text, q, e, spans, places=True)
    qm = c.quantifier.match(text, q, e) if not lead else None
    if qm:
        lead, after = _agency_list(c, text, qm.end(), e, spans, places=True)  # "yêu cầu tất cả cơ sở y tế …"
    if not lead:
        lead, after = _addressees(c, text, q, e, spans)
    if not lead:
        lead, after = _bare_unit(c, text, q, e, spans)
    return q, lead, after


def _bare_unit(c: _Compiled, text: str, q: int, e: int, spans: _Spans) -> tuple[list[AgencyRef], int]:
    """'Đề nghị xã linh hoạt …': an administrative unit named alone as the addressee is its People's Committee, of the
    one place of that unit the text names (tasks.yaml bare_unit_addressee); ([], q) when the words at ``q`` are none."""
    um = c.bare_unit.match(text, q, e) if c.bare_unit is not None and spans.at(q) is None else None
    if um is None:
        return [], q
    ac = _agency_compiled(c.rules)
    nxt = _NEXT_WORD.match(text, um.end(), e)
    if nxt is None or f"{text[q:um.end()]} {nxt.group(1)}".casefold() in ac.unit_compounds:
        return [], q  # "đề nghị xã hội hóa …"
    unit = regex.sub(r"\s+", " ", um.group("unit"))
    place_re = regex.compile(c.bare_unit_place.replace("{UNIT}", regex.escape(unit).replace("\\ ", "[ ]+")))
    places = {regex.sub(r"\s+", " ", m.group("place")) for m in place_re.finditer(text)}
    if ac.unit_levels.get(unit.casefold()) == "province":
        # the provinces are known: "Phó Chủ tịch UBND tỉnh  Nguyễn Trung Thảo" names a person, not a province
        places = {pl for pl in places if ac.place_proper.get(pl, pl) in ac.provinces}
    name = f"{ac.council_name} {unit}" + (f" {places.pop()}" if len(places) == 1 else "")
    m = Mention(q, um.end(), resolve_name(name, c.rules))
    spans.add(m)
    return [m.ref], um.end()


def _frame_subject(c: _Compiled, text: str, p: int, am, q: int, e: int, spans: _Spans, lead: list[AgencyRef],
                   after: int) -> _Subject | str:
    """The subject of the frame ``am`` opens, given its addressees ``lead``; or _SKIP (try the next verb) or _STOP."""
    if lead and am.start() > p and c.causative.match(text, am.start(), e):
        turned_to = _opener_addressees(c, text, p, am.start(), spans)
        if turned_to:
            # "Đối với Sở Xây dựng: chỉ đạo các đơn vị kiểm định …": the body the opener turns to is addressed and
            # directing is its action
            return _Subject(turned_to, am.start(), True, addressed=True)
    if lead and am.start() > p and c.causative.match(text, am.start(), e) and _addressed_body(c, text, p, am.start(), spans):
        # "1. Bộ Y tế chỉ đạo các bệnh viện …" in the Government Office's notice: a body the document addresses
        # directs as its own task
        return _STOP
    if (lead and am.start() > p and c.causative.match(text, am.start(), e) and _acting_subject(c, text, p, am.start(), spans)
            and not c.head_re.match(text, p, e) and not c.subject_opener.match(text, p, am.start())):
        # "Sở Công thương chỉ đạo lực lượng quản lý thị trường tăng cường …", "Công an tỉnh, Sở Công Thương, Cục Hải
        # quan tỉnh chỉ đạo cơ quan chuyên môn …": the offices' own task (an office that issued a document to them,
        # "Chi cục Kiểm lâm vừa ban hành văn bản chỉ đạo các hạt …", assigns them)
        return _STOP
    if lead:
        return _Subject(lead, after, True, addressed=True, verb=am.start())
    nxt = skip_spaces(text, am.end(), e)
    pm = c.policy_object.match(text, nxt, e)
    if pm:
        nxt = skip_spaces(text, pm.end(), e)  # "đồng ý chủ trương giao UBND tỉnh …": the approval carries the assignment
    assign_next = c.assign.match(text, nxt, e) or c.assign.match(text, q, e)
    if assign_next and am.start() > p and spans.within(p, am.start()):
        topic = _opener_topic(c, text, p, am.start(), spans)
        if topic:
            # "Đối với UBND các tỉnh, Thủ tướng giao nhiệm vụ chỉ đạo tổ chức thực hiện …": the topic's bodies are
            # assigned, and directing (whoever it names) is their action
            return _Subject(topic, q, True, addressed=True)
    if assign_next:
        return _SKIP  # "có ý kiến chỉ đạo giao Chủ tịch UBND thành phố …", "chỉ đạo: Giao Sở X …": the next verb names the addressee
    if (am.start() > p and c.causative.match(text, am.start(), e) and spans.at(p) is not None
            and not c.head_re.match(text, p, e) and not c.subject_opener.match(text, p, am.start())
            and not text.startswith(":", skip_spaces(text, am.end(), e))
            and not c.causative_topic.match(text, am.end(), e)):
        # "Sở Công Thương chỉ đạo các chủ đập kiểm tra hồ đập": a body (no speaker's title) directs people the
        # parser cannot name as agencies; the body is the actor and directing is its action
        return _STOP
    if am.start() > p and spans.within(p, am.start()):
        topic = _opener_topic(c, text, p, am.start(), spans)
        if topic:
            # "Đối với các sở, ngành liên quan, đồng chí Phó Bí thư đề nghị: căn cứ chức năng … tổ chức …": the
            # bodies the speaker turns to are addressed
            return _Subject(topic, q, True, addressed=True)
        to = _letter_recipients(c, text, p, am.start(), spans)
        if to:
            # "… vừa ký văn bản gởi các Sở Nội vụ, Tài chính … yêu cầu rà soát …": the letter's recipients are assigned
            return _Subject(to, q, True, addressed=True, verb=am.start())
        later = _later_frame(c, text, q, e, spans)
        if later is not None:
            # "UBND tỉnh phân công nhiệm vụ tham mưu …, phân công nhiệm vụ UBND các huyện … thực hiện …": the frame
            # after the comma names its addressees
            return later
        # "UBND tỉnh Cà Mau yêu cầu triển khai …": the issuer speaks, nobody is named: the lead in force
        return _Subject([], q, False)
    return _SKIP


def _later_frame(c: _Compiled, text: str, q: int, e: int, spans: _Spans) -> Optional[_Subject]:
    """The subject of an assigning verb later in the clause from ``q`` that names its addressees, after a comma or
    coordinated with the speaker's own act ("Thủ tướng chỉ đạo làm rõ nguyên nhân Thủ tướng gửi lời chia buồn … và yêu
    cầu UBND TP.HCM khẩn trương …"), or None."""
    for am in c.assign.finditer(text, q, e):
        stop = _CLAUSE_STOP.search(text, q, am.start())
        if stop and spans.covering(stop.start()) is None:
            return None
        if spans.covering(am.start()) is not None:
            continue
        if not text[q:am.start()].rstrip().endswith(",") and not _issuer_act_then_assign(
                c, text, _last_issuer_start(text, q, am.start(), spans), am.start(), spans):
            continue
        found = _assigned_subject(c, text, am.start(), e, spans, False, False)
        if found is not None and found.explicit and found.lead:
            return found
    return None


def _last_issuer_start(text: str, q: int, verb: int, spans: _Spans) -> int:
    """Where the last agency named in ``[q, verb)`` starts (the speaker of a coordinated act), else ``q``."""
    named = spans.within(q, verb)
    return named[-1].start if named else q


def _letter_recipients(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> list[AgencyRef]:
    """The agencies a letter is sent to (tasks.yaml letter_recipients) when they stand right before the assigning verb
    at ``verb``; else [] (also for a letter cited by its number and not said to be just sent: letter_cited)."""
    found: list[AgencyRef] = []
    if c.letter_cited.search(text, p, verb) and not c.letter_news.search(text, p, verb):
        return found  # "… có Công văn số 2058/VPCP-KGVX ngày 15/3 gửi Bộ X đề nghị …": an earlier letter, background
    for m in c.letter_recipients.finditer(text, p, verb):
        refs, end = _agency_list(c, text, m.end(), verb, spans)
        found = refs if refs and skip_spaces(text, end, verb) == verb else []
    return found


def _led_by_subject(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[_Subject]:
    """'… thành lập Tổ công tác do Giám đốc Sở X chủ trì cùng …': the body after "do" leads; else None. A body named
    first and then who heads it ("Tổ công tác số 1 do ông … làm tổ trưởng, phụ trách …") is the one that acts."""
    first = spans.at(skip_spaces(text, p, e))
    hm = _head_clause(c, text, first, e)
    if hm is not None:
        return _Subject([first.ref], hm.end(), True)
    for dm in c.led_by.finditer(text, p, min(e, p + 240)):
        lead, after = _agency_list(c, text, dm.end(), e, spans)
        if lead:
            em = c.led_by_end.match(text, after, e)
            if em is None and len(_WORDS.findall(text, p, dm.start())) <= 8 and not regex.search(r"[,;:]", text[p:dm.start()]):
                # "Kinh phí hoạt động của Tổ do Bộ Tài chính cấp …": only when "do …" closes the opening noun phrase
                # ("… kiểm tra thực tế tại cơ sở do địa phương bố trí" is a relative clause)
                em = c.led_by_verb.match(text, after, e)
            if em:
                return _Subject(lead, em.end(), True)
    return None


def _head_clause(c: _Compiled, text: str, first: Optional[Mention], e: int):
    """The clause that says who heads the body ``first`` right after its name (tasks.yaml head_clause), or None."""
    if first is None or c.head_clause is None:
        return None
    return c.head_clause.match(text, first.end, e)


def _subject_after_preambles(c: _Compiled, text: str, p: int, e: int, spans: _Spans,
                             opened: bool) -> Optional[_Subject]:
    """The subject after time and purpose preambles (lower case after a sentence opener, ``opened``), or None."""
    # "Theo đó, trong thời gian từ … tới ngày 15/3/2013, Công an tỉnh bố trí …"
    pq = p
    for _ in range(3):
        pm = c.preamble.match(text, pq, e) or (c.inner_preamble.match(text, pq, e) if opened else None)
        dm = c.due_opener.match(text, pq, e) if pm is None and pq > p else None
        if dm is not None:
            pq = skip_spaces(text, dm.end(), e)  # "Theo chỉ đạo, trước ngày 30-9-2010, Bộ …": a due date, then the body
        else:
            if not pm:
                break
            comma = text.find(",", pm.end(), e)
            if comma < 0 or regex.search(r"[;.:]", text[pq:comma]):
                break
            pq = skip_spaces(text, comma + 1, e)
        lead, after = _agency_list(c, text, pq, e, spans)
        while lead and _preamble_goes_on(c, text, after, e):
            # "Sau khi có ý kiến của Bộ Nội vụ, Bộ GTVT và tham khảo các tỉnh, Sở GTVT tổng hợp …": the bodies after
            # the first comma still belong to the preamble; the subject follows its last comma
            comma = text.find(",", after, e)
            if comma < 0 or regex.search(r"[;.:]", text[after:comma]):
                return None
            pq = skip_spaces(text, comma + 1, e)
            lead, after = _agency_list(c, text, pq, e, spans)
        if lead and not c.assign.match(text, skip_spaces(text, after, e), e):
            pas = c.passive.match(text, after, e)
            return _Subject(lead, pas.end() if pas else after, True)
    return None


def _preamble_goes_on(c: _Compiled, text: str, after: int, e: int) -> bool:
    """Do the words after a list of bodies at ``after`` go on with the conjunction and a verb ("… Bộ GTVT và tham khảo
    các tỉnh, …"), so that the list was part of the preamble?"""
    q = skip_spaces(text, after, e)
    if not text.startswith(c.conj + " ", q):
        return False
    return c.verb_re.match(text, skip_spaces(text, q + len(c.conj), e), e) is not None


def _opened_subject(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[_Subject]:
    """The agencies at ``p``, after "Đối với X, …" / "Về phía X, …" if written; None when there are none."""
    sm = c.subject_opener.match(text, p, e)
    q = sm.end() if sm else p
    # after "Đối với", "Riêng đối với" a place stands for its People's Committee ("Riêng đối với phường Nghi Hương, cần …")
    lead, after = _agency_list(c, text, q, e, spans, places=bool(sm) and q > p)
    with_unit = _place_ahead(c, text, q, e) if not lead and not sm else None
    if with_unit is not None:
        # so does a place that acts: "Tỉnh Hòa Bình khẩn trương trình …", "Hải Phòng chủ động xây dựng …", "TP Hồ Chí
        # Minh và tỉnh Tây Ninh đẩy nhanh …". A bare name needs a word of duty or urgency after it ("Tiền Giang và Long
        # An cấp bách chống mặn" is a headline); a place written with its unit may take the action verb at once.
        n = len(spans.mentions)
        lead, after = _agency_list(c, text, q, e, spans, places=True)
        w = skip_spaces(text, after, e)
        if lead and not (c.adverbs.match(text, w, e) or c.deontic.match(text, after, e)
                         or with_unit and c.verb_re.match(text, w, e)):
            lead = []
            spans.discard_since(n)  # "Quảng Nam đấu giá 3 mỏ cát" (a news link): no place was addressed
    if lead and all(r.kind == "group" for r in lead):
        dm = c.demonstrative.match(text, after, e)
        de = c.demonstrative_end.search(text, q, after)
        if de is not None and len(_WORDS.findall(text, q, de.start())) > 3:
            de = None  # "UBND các tỉnh được ứng vốn trên": the demonstrative ends a qualifier, not the group's name
        if dm or de is not None:
            # "Các địa phương này phải báo cáo …", "Các đơn vị nêu trên tiếp tục …": the bodies named before
            return _Subject([], dm.end() if dm else after, False, anaphoric=True)
    if lead:
        pas = c.passive.match(text, after, e)
        if pas:
            return _Subject(lead, pas.end(), True)
        if sm and sm.end() > p:
            cm = regex.match(r"[ ]*,[ ]*", text[after:e])
            if cm:
                after += cm.end()  # "Về phía Sở Y tế, cần …": the opener's comma closes the subject
        return _Subject(lead, after, True)
    return None


def _place_ahead(c: _Compiled, text: str, p: int, e: int) -> Optional[bool]:
    """Does a place's name start at ``p``: True when written with its unit ("tỉnh Hòa Bình", "TP Hồ Chí Minh"), False
    when bare ("Hải Phòng"), None when no place starts there."""
    ac = _agency_compiled(c.rules)
    if ac.unit_place.match(text, p, e) or _short_unit_place(ac, text, p, e) is not None:
        return True
    return False if ac.place_re.match(text, p, e) else None


def _short_unit_place(ac, text: str, p: int, e: int):
    """"TP Hồ Chí Minh", "H.Bắc Bình": a unit written short and a place the tables know, as (unit match, place match);
    None otherwise."""
    am = ac.unit_alias_re.match(text, p, e) if ac.unit_alias_re is not None else None
    pm = ac.place_re.match(text, am.end(), e) if am else None
    return (am, pm) if pm else None


def _other_subject(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[_Subject]:
    """A quantified list, an anaphor, the letter's addressees or the bodies after a consequence word; else None."""
    # "100% các sở, ngành cấp tỉnh phải …"
    pm = c.quantifier.match(text[p:e])
    if pm:
        lead, after = _agency_list(c, text, p + pm.end(), e, spans)
        if lead:
            return _Subject(lead, after, True)
    am = c.anaphora.match(text, p, e)
    if am:
        return _Subject([], am.end(), False, anaphoric=True)
    lead, after = _addressees(c, text, p, e, spans)
    if lead:
        return _Subject(lead, after, True)  # "Quý cơ quan, đơn vị gửi …"
    # "Theo Chủ tịch UBND tỉnh, quý I/2020 là thời điểm Tết …, vì vậy các ngành, địa phương cần …"
    for cm in c.consequence.finditer(text, p, e):
        if spans.covering(cm.start()) is not None:
            continue
        lead, after = _agency_list(c, text, cm.end(), e, spans)
        if lead and c.deontic.match(text, after, e):
            return _Subject(lead, after, True)
        break
    return None


def _addressees(c: _Compiled, text: str, q: int, e: int, spans: _Spans) -> tuple[list[AgencyRef], int]:
    """'quý Sở Y tế' (the name after the honorific) or 'quý Tổng cục', 'Thủ trưởng đơn vị' (the letter's
    addressees) at ``q``: (lead, end), or ([], q)."""
    hm = c.honorific.match(text, q, e)
    if hm:
        lead, after = _agency_list(c, text, hm.end(), e, spans, places=True)
        if lead:
            return lead, after
    rm = c.recipient_reference.match(text, q, e)
    if rm and spans.addressees:
        return list(spans.addressees), rm.end()
    return [], q


def _after_adjunct(c: _Compiled, text: str, q: int, e: int, spans: _Spans) -> int:
    """Where the addressee starts after an adjunct that opens at ``q`` and ends at a comma ("đối với khu vực xảy ra lũ
    quét, sạt lở đất, chính quyền …"): after the first comma an agency follows, within the clause; else ``q``."""
    stop = _CLAUSE_STOP.search(text, q, e)
    end = stop.start() if stop else e
    for cm in _COMMA.finditer(text, q, end):
        if spans.at(cm.end()) is not None:
            return cm.end()
    return q


def _opens_frame(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> bool:
    """Is the assigning verb at ``verb`` the main verb of the clause that starts at ``p``?

    The words before it, after the last comma, must be empty, the issuer (agencies, a head title, a
    person's name) or the issuer and fillers ("đã", "vừa có văn bản"); when they are empty, whatever
    precedes the comma must be a preamble ("Thực hiện …,", "Trong bối cảnh …,", a time) or nothing.
    """
    # the last comma, colon, bracket or quote before the verb ("… chỉ đạo rõ: “Giao cho Sở X …": a quoted directive),
    # not one inside a name ("Ban Chỉ đạo phòng, chống dịch tỉnh yêu cầu …")
    cut = -1
    for ch in ",:)“":
        k = text.rfind(ch, p, verb)
        while k > cut and spans.covering(k) is not None:
            k = text.rfind(ch, p, k)
        cut = max(cut, k)
    for cm in c.clause_closer.finditer(text, p, verb):
        cut = max(cut, cm.end() - 1)  # "Vì … nên UBND tỉnh giao …"
    comma_cut = cut
    for dm in c.news_lead_in.finditer(text, p, verb):
        # "(TN&MT) - Chủ tịch UBND tỉnh … giao …", "(Baoquangngai.vn)- …": a news lead-in before the issuer
        if dm.end() - 1 > cut and spans.covering(dm.start()) is None and spans.covering(dm.end() - 1) is None:
            cut = dm.end() - 1
    if _issuer_act_then_assign(c, text, p, verb, spans):
        return True
    seg_start = p if cut < 0 else cut + 1
    seg_start = skip_spaces(text, seg_start, verb)
    om = c.frame_connective.match(text, seg_start, verb)
    if om and skip_spaces(text, om.end(), verb) >= verb:
        return True  # "…, trong đó yêu cầu các địa phương …"
    if seg_start >= verb and cut > p and text[cut] == ",":
        # "…, trong đó, yêu cầu UBND các huyện …": the connective set off by its own comma
        prev = text.rfind(",", p, cut)
        k = skip_spaces(text, prev + 1 if prev >= 0 else p, cut)
        om = c.frame_connective.match(text, k, cut)
        if om and skip_spaces(text, om.end(), cut) >= cut:
            return True
    if seg_start >= verb or _only_fillers(c, text, seg_start, verb):
        # nothing before the verb, or only fillers with the issuer left unsaid ("Kính đề nghị Giám đốc các Sở …",
        # "ông …, Chủ tịch UBND tỉnh, cho biết đã ký công văn khẩn yêu cầu …")
        if cut < 0:
            return True
        if text[cut] in ":“" and c.assign_before_colon.search(text, p, cut + 1):
            return True  # "Chủ tịch UBND tỉnh chỉ đạo: Giao Sở X …": the verb after the colon names the addressee
        return bool(c.preamble.match(text, p, verb) or c.sentence_opener.match(text, p, verb)
                    or c.report_leadin.match(text, p, verb)
                    # "Theo đó, nhằm đẩy nhanh …, yêu cầu Sở X …": after an opener the preamble is in lower case
                    or c.inner_preamble.match(text, skip_spaces(text, p, verb), verb)
                    # "Ông Nguyễn Văn A, Chủ tịch UBND huyện, yêu cầu …": the issuer, its title set off by commas;
                    # "(BĐT) - Thanh tra Chính phủ (TTCP) vừa có văn bản đề nghị …": after a news lead-in
                    or _issuer_before(c, text, _past_lead_in(c, text, p, verb), verb, spans))
    if _issuer_before(c, text, seg_start, verb, spans):
        return True
    if comma_cut != cut and _issuer_before(c, text, skip_spaces(text, comma_cut + 1 if comma_cut >= 0 else p, verb),
                                           verb, spans):
        return True  # "ông Hồ Văn Mười - Chủ tịch UBND tỉnh Lâm Đồng - đã có văn bản yêu cầu …": a dash after a name
    if cut < 0 and c.preamble.match(text, seg_start, verb):
        # "Phát biểu kết luận phiên họp Chủ tịch UBND huyện yêu cầu …": a preamble written without its comma,
        # then the issuer
        for tm in c.issuer_title.finditer(text, seg_start + 1, verb):
            if _issuer_before(c, text, tm.start(), verb, spans):
                return True
        # "Ngày 02/11/2010 UBND tỉnh đã có công văn số … chỉ đạo X …": or the issuer's name; not when a comma closes the
        # verb ("Sau khi Chính phủ có văn bản chỉ đạo, UBND tỉnh …": the verb ends the preamble)
        vm = c.assign.match(text, verb)
        if vm is not None and not text.startswith(",", skip_spaces(text, vm.end(), len(text))):
            for m in spans.within(seg_start + 1, verb):
                if _issuer_before(c, text, m.start, verb, spans):
                    return True
    return False


_LEAD_IN_TAG = regex.compile(r"\([^()\n]{1,30}\)|[^\s()]{1,30}")  # "(BĐT)", "TPO": the tag a news lead-in ends


def _past_lead_in(c: _Compiled, text: str, p: int, verb: int) -> int:
    """Where the clause at ``p`` starts after a news lead-in ("(BĐT) - ", a tag then tasks.yaml news_lead_in), else
    its start."""
    q = skip_spaces(text, p, verb)
    tag = _LEAD_IN_TAG.match(text, q, verb)
    nl = c.news_lead_in.match(text, tag.end(), verb) if tag else None
    return skip_spaces(text, nl.end(), verb) if nl else q


def _issuer_act_then_assign(c: _Compiled, text: str, p: int, verb: int, spans: _Spans) -> bool:
    """'UBND tỉnh ban hành kế hoạch … và yêu cầu Sở Y tế …': the clause at ``p`` opens with the issuer and one of its
    own acts (tasks.yaml issuer_acts), and the assigning verb at ``verb`` is coordinated with that act."""
    co = c.coordinated_assign.search(text, p, verb)
    if co is None or co.end() != verb:
        return False
    act = c.issuer_act.search(text, p, co.start())
    if act is None or act.start() <= p:
        return False
    starts = [p]
    k = text.rfind(",", p, act.start())
    while k >= 0 and spans.covering(k) is not None:
        k = text.rfind(",", p, k)
    if k > p and (c.preamble.match(text, p, k) or c.sentence_opener.match(text, p, k)):
        starts.append(skip_spaces(text, k + 1, act.start()))  # "Ngày 12/3/2024, UBND tỉnh ban hành …"
    return any(_issuer_before(c, text, q, act.start(), spans) for q in starts)


def _only_fillers(c: _Compiled, text: str, a: int, b: int) -> bool:
    """Are the words in [a, b) only frame fillers, with at most the document that carries the directive ("cho biết
    đã ký công văn khẩn")?"""
    if c.frame_fillers.fullmatch(text, a, b):
        return True
    for dm in c.frame_document.finditer(text, a, b):
        if c.frame_fillers.fullmatch(text, a, dm.start()) and c.frame_fillers.fullmatch(text, dm.end(), b):
            return True
    return False


_APPOSITION_DASH = regex.compile(r"[ ]*[-–—,][ ]*")  # around a title set off after a person's name


def _issuer_before(c: _Compiled, text: str, q: int, verb: int, spans: _Spans) -> bool:
    """Do the words from ``q`` to ``verb`` name the issuer (agencies, or a title and its body, a person's name and
    the title set off after it by dashes or commas), then only fillers ("đã", "vừa có văn bản")?"""
    tm = None
    lead, after = _agency_list(c, text, q, verb, spans)
    if lead and all(r.kind == "group" for r in lead):
        return False  # "UBND các xã chỉ đạo các ban, ngành …": bodies of a kind never issue one document; they act
    if lead:
        q = after
        om = c.issuer_owner.match(text, q, verb)
        owner = spans.at(om.end()) if om else None
        if owner is not None:
            q = owner.end  # "Ban Chỉ đạo của Chính phủ đề nghị …": the owner is part of the issuer's name
    else:
        tm = c.issuer_title.match(text, q, verb)
        if not tm:
            dm = c.document_speaker.match(text, q, verb)
            if dm and c.frame_fillers.fullmatch(text, dm.end(), verb):
                return True  # "Theo đó thông báo yêu cầu …": the reported document speaks
            om = c.document_owner.match(text, dm.end(), verb) if dm else None
            if om and _issuer_before(c, text, om.end(), verb, spans):
                return True  # "Công điện khẩn của Chủ tịch UBND TP … yêu cầu …": the document and its issuer
            bm = c.bare_issuer.match(text, q, verb) or _agency_compiled(c.rules).unit_place.match(text, q, verb)
            if not bm:
                return False
            # "Thành phố cũng giao …", "Tỉnh yêu cầu …": the issuer by its unit alone; "…, tỉnh Đắk Lắk yêu cầu …": by
            # its unit and name
            tm = bm
        q = tm.end()
        inner, after = _agency_list(c, text, skip_spaces(text, q, verb), verb, spans)
        if inner:
            q = after
        else:
            k = skip_spaces(text, q, verb)
            ac = _agency_compiled(c.rules)
            um = c.own_body.match(text, k, verb) or ac.unit_place.match(text, k, verb) or ac.place_re.match(text, k, verb)
            if um:
                # "Lãnh đạo TP yêu cầu …", "Lãnh đạo Bộ đề nghị …": the speaker's own body; "Chủ tịch TPHCM giao …",
                # "Lãnh đạo thành phố Huế yêu cầu …": the place whose council the title heads
                q = um.end()
    nm = _PERSON.match(text, q, verb)
    if nm is None and tm is not None and tm.group(0) in c.courtesy_titles:
        nm = _GIVEN_NAME.match(text, q, verb)  # "Ông Xứng yêu cầu …"
    if nm:
        q = nm.end()
        dash = _APPOSITION_DASH.match(text, q, verb)
        inner, after = _agency_list(c, text, dash.end(), verb, spans) if dash else ([], q)
        close = _APPOSITION_DASH.match(text, after, verb) if inner else None
        if close:
            q = close.end()  # "ông Hồ Văn Mười - Chủ tịch UBND tỉnh Lâm Đồng - đã có văn bản yêu cầu …"
    q = skip_spaces(text, q, verb)
    dm = c.frame_document.match(text, q, verb)
    if dm:
        q = dm.end()
    if c.frame_fillers.fullmatch(text, q, verb):
        return True
    # "… đã có công văn gửi Sở Y tế các tỉnh, thành phố đề nghị …": the letter's recipients up to the verb, a comma
    # inside their names
    return dm is not None and bool(_letter_recipients(c, text, dm.start(), verb, spans))


def _collective_np(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[Mention]:
    """'các lực lượng chức năng', 'chủ đầu tư', 'Thủ trưởng các đơn vị có sử dụng ngân sách Nhà nước':
    a collective actor written in lower case, from its head up to the predicate (a verb, a role word,
    a separator or an agency). Registered as a mention so that it has offsets in the graph."""
    plural = c.plural_body.match(text, p, e)
    hm = c.collective_head.match(text, p, e)
    if not hm and not plural:
        return _adhoc_body(c, text, p, e, spans)
    if hm:
        named = _named_units(c, text, hm, e, spans)
        if named is not None:
            return named
    if plural and (not hm or plural.end() >= hm.end()):
        kind_end = _modifiers_end(c, text, plural.end(), e, spans)
        nxt = _NEXT_WORD.match(text, plural.end(), e)
        if kind_end > plural.end() and not c.plural_not_kind.match(text, nxt.start(1), e):
            # "các Hội đồng thi", "các trung tâm y tế huyện": a kind of body
            return _plural_kinds(c, text, p, plural.end(), kind_end, e, spans)
        if not hm and nxt is not None and kind_end == plural.end() and (
                c.verb_re.match(text, nxt.start(1), e) or c.adverbs.match(text, nxt.start(1), e)
                or c.deontic.match(text, nxt.start(1), e)):
            # "yêu cầu các Tổ xây dựng …", "các Tiểu ban tiếp tục phối hợp …", "các Chi cục cần …"
            return _plural_kinds(c, text, p, plural.end(), plural.end(), e, spans)
        if not hm:
            return None  # "các tổ trưởng" are people
    end = _modifiers_end(c, text, hm.end(), e, spans)
    if match_key(hm.group(0)) in c.sector_heads:
        # "Ngành giao thông vận tải …", "Ngành nông nghiệp và phát triển nông thôn …": a sector's field as the gazetteer
        # spells one is read whole ("giao" and "và" inside it end no name)
        at = skip_spaces(text, hm.end(), e)
        field_end = _sector_field_end(c, text, at, e)
        if field_end > at:
            end = max(end, field_end)
    if end == hm.end() and hm.group(0).casefold() in c.collective_bare:
        return None  # a bare noun with nothing to say which bodies
    if c.collective_places is not None and c.collective_places.search(text, p, end):
        return None  # "các đơn vị hành chính": territories
    name = regex.sub(r"\s+", " ", text[p:end])
    second = skip_spaces(text, hm.end(), end)
    both = c.collective_head.match(text, second, end) if second > hm.end() else None
    if both is not None and both.group(0).casefold().startswith(_agency_compiled(c.rules).plural_word + " "):
        # "các cấp các ngành": two collectives coordinated without their comma are named as written with it
        name = regex.sub(r"\s+", " ", f"{text[p:hm.end()]}, {text[second:end]}")
    ref = resolve_name(strip_head(name, c.rules), c.rules)
    if not ref.known and hm.start() == p:
        whole = resolve_name(name, c.rules)
        if whole.known:
            ref = whole  # "lực lượng chức năng": the collective's own head is no title to strip
    if not ref.known and match_key(hm.group(0)) in c.sector_heads and end > hm.end():
        # "đề nghị ngành văn hóa và thể thao …" where the page names "Sở Văn hóa và Thể thao": the sector is that body
        # (its field may hold "và", which ends a collective's modifiers)
        at = skip_spaces(text, hm.end(), e)
        for other in spans._sorted:
            key = match_key(other.ref.name)
            body = next((b for b in c.sector_bodies if key.startswith(b + " ")), None)
            if other.ref.kind != "single" or body is None:
                continue
            field = key[len(body) + 1:]
            if match_key(text[at:at + len(field) + 1]) == field and not regex.match(r"\p{L}", text[at + len(field):at + len(field) + 1]):
                ref, end = other.ref, at + len(field)
                break
    whole = end == hm.end() or match_key(text[hm.end():end]) in c.group_tails
    if whole and not ref.known:
        # a tail that leaves the group whole ("các đơn vị trên địa bàn tỉnh": where they are, not which; agency_patterns
        # group_tails) names the plain plural's group as nothing after it would
        written = name if end == hm.end() else regex.sub(r"\s+", " ", text[p:hm.end()])
        back = _group_named_in_full(c, strip_head(written, c.rules), p, spans, known=True)
        if back is not None:
            ref = back  # "các đơn vị" after "các đơn vị có sử dụng ngân sách nhà nước": the group the page named in full
        else:
            # "yêu cầu các đơn vị đẩy nhanh …": a plural alone as an addressee names its group (tasks.yaml lone_collectives)
            ref = _lone_group(c, hm.group(0)) or ref
    m = Mention(p, end, ref)
    spans.add(m)
    return m


def _sector_field_end(c: _Compiled, text: str, at: int, e: int) -> int:
    """Where the longest field of a sector body the gazetteer knows (agencies.tsv "Sở <field>", tasks.yaml sector_bodies)
    ends when the text at ``at`` starts with it, whole words only; else ``at``."""
    fields = c.sector_fields
    if fields is None:
        fields = set()
        for row in _agency_compiled(c.rules).by_id.values():
            key = match_key(row["name"])
            body = next((b for b in c.sector_bodies if key.startswith(b + " ")), None)
            if body is not None and row["kind"] == "single":
                fields.add(key[len(body) + 1:])
        c.sector_fields = fields = sorted(fields, key=len, reverse=True)
    window = match_key(text[at:min(e, at + 80)])
    for field in fields:
        if window.startswith(field) and not regex.match(r"\p{L}", text[at + len(field):at + len(field) + 1]):
            if match_key(text[at:at + len(field)]) == field:
                return at + len(field)
    return at


def _group_named_in_full(c: _Compiled, written: str, before: int, spans: _Spans, known: bool = False) -> Optional[AgencyRef]:
    """The group a bare plural refers back to: the last group not in the gazetteer, named before ``before``, whose
    name goes on from the words written with what defines its members ("các đơn vị" → "các đơn vị có sử dụng ngân
    sách nhà nước"); else None. A group narrowed by a region (agency_patterns.yaml group_qualifier: "các địa phương
    ven biển") is a subset: the bare plural after it names every member again. With ``known`` a group the gazetteer
    knows counts too ("các lực lượng" → "Các lực lượng chức năng")."""
    key = match_key(written)
    if len(key.split()) < 2:
        return None
    region = _agency_compiled(c.rules).group_qualifier_re
    for o in reversed(spans._sorted[:bisect.bisect_left(spans._starts, before)]):  # the mentions that start before
        if o.end <= before and (known and o.ref.kind == "group" or not o.ref.known) and match_key(o.ref.name).startswith(key + " "):
            rest = o.ref.name[len(written):] if o.ref.name[:len(written)].casefold() == written.casefold() else None
            if rest is not None and region is not None and region.match(rest):
                return None
            return o.ref
    return None


_ANY_WORD = regex.compile(r"[\p{L}\d]+")
_PARTNER_COMMA = regex.compile(r"[ ]*,[ ]*")
_ACRONYM = regex.compile(r"[A-ZĐ]{2,}(?![\p{Ll}])")
_PARTNER_MOST_WORDS = 10  # words: a partner's name is a noun phrase, not a clause


def _partners_by_position(c: _Compiled, text: str, role, e: int, spans: _Spans) -> None:
    """'phối hợp với Hội đồng gia tộc họ Nguyễn Đình và TTVHTT - TT huyện thành lập ban tổ chức …': partners the
    gazetteer does not know, read by their place between a partnership role (tasks.yaml positional_partner_roles)
    and the action's verb (the first lower-case word that opens a verb), and registered as mentions named as written
    (issue 13: an agency the gazetteer does not know is still an agency). The list is cut at commas, and at "và" only
    before a body's head or an acronym ("Bộ Nông nghiệp và Phát triển nông" is one name); each piece opens with a
    capital, is a short noun phrase, ends with a capitalised word (or its second syllable: "Thiếu nhi"), a number or a
    unit word, and is no known body's name in part. Nothing is registered when any piece fails."""
    if role.end() in spans.partners_read or not c.positional_partner_role.fullmatch(text, role.start(), role.end()):
        return
    spans.partners_read.add(role.end())  # (the action's start and the roles both ask; the list is read once)
    q = skip_spaces(text, role.end(), e)
    if not text[q:q + 1].isupper():
        return
    verb = None
    for w in _ANY_WORD.finditer(text, q, e):
        if w.group(0)[:1].islower() and c.verb_re.match(text, w.start(), e):
            verb = w.start()
            break
    if verb is None or regex.search(r"[;:.()\n]", text[q:verb]):
        return
    end = verb
    while end > q and text[end - 1] in " ,":
        end -= 1
    cuts = list(_PARTNER_COMMA.finditer(text, q, end))
    ac = _agency_compiled(c.rules)
    cuts += [m for m in c.partner_and.finditer(text, q, end)
             if c.head_re.match(text, m.end(), end) or ac.body_head_re.match(text, m.end(), end)
             or _ACRONYM.match(text, m.end(), end)]
    cuts.sort(key=lambda m: m.start())
    pieces, k = [], q
    for sm in cuts + [None]:
        a, b = k, (sm.start() if sm else end)
        words = list(_ANY_WORD.finditer(text, a, b))
        if not words or not text[a:a + 1].isupper() or len(words) > _PARTNER_MOST_WORDS:
            return
        known = spans.at(a)
        if known is not None and known.end == b:
            k = sm.end() if sm else end
            continue  # a known body in the list
        if spans.within(a, b) or spans.covering(a) is not None or _place_ahead(c, text, a, b) is not None:
            return  # (a place is its People's Committee: the list of agencies reads it)
        last = words[-1].group(0)
        if not (last[:1].isupper() or last[:1].isdigit() or last.casefold() in c.partner_unit_words
                or len(words) > 1 and words[-2].group(0)[:1].isupper()):
            return  # "Đường sắt Việt Nam trong việc": the piece runs on into the action ("… Thiếu nhi" ends a word)
        pieces.append((a, b))
        k = sm.end() if sm else end
    for a, b in pieces:
        spans.add(Mention(a, b, resolve_name(regex.sub(r"\s+", " ", text[a:b]), c.rules)))


def _adhoc_body(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[Mention]:
    """'Tổ kiểm kê tài sản có nhiệm vụ …': an ad-hoc body (tasks.yaml adhoc_body_heads) named by lower-case words,
    right before a duty word (deontic_after_subject). The name as written, through the gazetteer; None otherwise."""
    am = c.adhoc_body.match(text, p, e)
    if am is None:
        return None
    first = _NEXT_WORD.match(text, am.end(), e)
    if first is None or not first.group(1)[:1].islower() or spans.at(first.start(1)) is not None:
        return None
    # the first word names the body even when it is a verb ("Đoàn kiểm tra", "Hội đồng thẩm định")
    end = _modifiers_end(c, text, first.end(), e, spans)
    if not c.deontic.match(text, end, e):
        return None
    m = Mention(p, end, resolve_name(regex.sub(r"\s+", " ", text[p:end]), c.rules))
    spans.add(m)
    return m


def _modifiers_end(c: _Compiled, text: str, end: int, e: int, spans: _Spans) -> int:
    """Where a collective's modifiers end after its head (which ends at ``end``): at a verb (unless a relative
    marker comes before it), a connector, a role word, a narrative or adverb word, an agency or a stop word."""
    prev_word = None
    for words in range(8):
        wm = _NEXT_WORD.match(text, end, e)
        if not wm:
            break
        w0 = wm.start(1)
        lm = c.level_modifier.match(text, w0, e)
        if lm:
            end, prev_word = lm.end(), None  # "chính quyền cấp xã": a level, not the verb "cấp"
            continue
        relative = words > 0 and prev_word in c.relative_markers
        owned = spans.at(w0) if words > 0 and prev_word in c.collective_owners else None
        if owned is not None:
            return owned.end  # "các đơn vị thuộc Ngân hàng Nhà nước Việt Nam": the owner is part of the name
        vm = c.np_verb_re.match(text, w0, e)
        compound = vm is not None and _ends_compound(c, text, w0, vm.end())
        if (vm and not relative and not compound or c.connector.match(text, w0, e).end() > w0
                or c.support_roles.match(text, w0, e) or c.lead_roles.match(text, w0, e)
                or c.narrative.match(text, w0, e) or c.adverbs.match(text, w0, e) or spans.at(w0) is not None
                or c.collective_stop.match(text, w0, e)):
            break
        end = wm.end()
        prev_word = wm.group(1).casefold()
    return end


def _ends_compound(c: _Compiled, text: str, s: int, e: int) -> bool:
    """Is the verb at ``[s, e)`` the end of a noun written before it ("công lập", "việc làm": name_stop_compounds)?"""
    verb = text[s:e].casefold()
    before = text[max(0, s - 24):s].casefold()
    return any(n.endswith(" " + verb) and before.endswith(n[:-len(verb)]) for n in c.noun_compounds)


def _plural_kinds(c: _Compiled, text: str, p: int, head_end: int, end: int, e: int, spans: _Spans) -> Mention:
    """'các trường mầm non, tiểu học, THCS nộp …': every body of a kind ([p, end)), and more kinds under the same head
    after it (tasks.yaml plural_item_sep), when the items run up to a verb: each one word to three, none a verb, an
    agency or a collective head. Every kind is registered as a mention; the first is returned."""
    items: list[tuple[int, int]] = []
    pos = end
    while True:
        sm = c.plural_item_sep.match(text, pos, e)
        if sm is None:
            break
        q, words = sm.end(), 0
        while words < 3:
            wm = _WORD_AT.match(text, q, e)
            if wm is None:
                break
            w0 = wm.start(1)
            if (c.verb_re.match(text, w0, e) or spans.at(w0) is not None or c.collective_head.match(text, w0, e)
                    or c.collective_stop.match(text, w0, e)):
                break
            q, words = wm.end(), words + 1
        if words == 0:
            break
        items.append((sm.end(), q))
        pos = q
    nxt = _NEXT_WORD.match(text, pos, e)
    if items and not (nxt and c.verb_re.match(text, nxt.start(1), e)):
        items = []  # the list does not run up to the predicate: no more kinds
    head = regex.sub(r"\s+", " ", text[p:head_end])

    def kind(s: int, t: int, written: str) -> Mention:
        ref = resolve_name(written, c.rules)
        m = Mention(s, t, ref)
        spans.add(m)
        return m

    written = regex.sub(r"\s+", " ", text[p:end])
    nm = c.kind_names_first.match(text, end, e) if not items else None
    if nm is not None:
        # "các hạt kiểm lâm: Ba Vì, Chương Mỹ …": each named body of the kind
        pm = c.plural_marker.match(written)
        one = written[pm.end() if pm else 0:].strip()
        one = one[:1].upper() + one[1:]
        first = kind(p, nm.end(), f"{one} {nm.group('place')}")
        for mm in _more_names(c, text, nm.end(), e, spans):
            kind(mm.start("place"), mm.end(), f"{one} {mm.group('place')}")
        return first
    first = kind(p, end, c.kind_area_tail.sub("", written))  # "các trường THCS trên địa bàn Thành phố": all of them
    for s, t in items:
        kind(s, t, f"{head} {text[s:t]}")
    return first


def _unit_council(ac, unit: str, place: str, start: int, end: int) -> Mention:
    """The People's Committee of ``unit`` ``place`` ("huyện", "Tứ Kỳ"), a mention at [start, end); known when the
    place is in rules/places.tsv."""
    unit = ac.unit_aliases.get(unit, unit).lower()
    name = f"{ac.council_name} {unit} {place}"
    return Mention(start, end, AgencyRef(unknown_agency_id(name), name, "single", place in ac.place_proper))


def _named_units(c: _Compiled, text: str, hm, e: int, spans: _Spans) -> Optional[Mention]:
    """'yêu cầu các huyện Thanh Hà, Tứ Kỳ, Kim Thành và Ninh Giang đẩy nhanh …': a plural unit (tasks.yaml
    lone_collectives) followed by names is each named place's People's Committee. Every place is registered as a
    mention (so the addressee list goes on through them); the first is returned. None when no name follows."""
    if match_key(hm.group(0)) not in c.lone_collectives:
        return None
    ac = _agency_compiled(c.rules)
    unit_at = hm.start() + _FIRST_WORD.match(hm.group(0)).end()
    um = ac.unit_place.match(text, unit_at, e)
    if um is None or um.end() <= hm.end():
        return None
    unit = um.group("unit")
    first = _unit_council(ac, unit, um.group("place"), hm.start(), um.end())
    spans.add(first)
    for mm in _more_names(c, text, um.end(), e, spans):
        spans.add(_unit_council(ac, unit, mm.group("place"), mm.start("place"), mm.end()))
    return first


def _more_names(c: _Compiled, text: str, pos: int, e: int, spans: _Spans):
    """The names that go on a list after ``pos`` (", Tứ Kỳ", " và Ninh Giang"; tasks.yaml unit_list_more), up to one
    that is already a mention: their matches, in order."""
    while True:
        mm = c.unit_list_more.match(text, pos, e)
        if mm is None or spans.at(mm.start("place")) is not None:
            return
        yield mm
        pos = mm.end()


def _place_addressee(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[Mention]:
    """'Thủ tướng yêu cầu Hà Nội, TP.HCM, Đà Nẵng … báo cáo …': a province named as an addressee is its People's
    Committee (the council that answers for the province, Luật Tổ chức chính quyền địa phương)."""
    ac = _agency_compiled(c.rules)
    um = ac.unit_place.match(text, p, e)
    if um and ac.unit_levels.get(um.group("unit").casefold()) == "province" and (
            ac.place_proper.get(um.group("place"), um.group("place")) not in ac.provinces):
        um = None  # "Phó Chủ tịch UBND tỉnh  Nguyễn Trung Thảo": the provinces are known; a person's name is none
    if um:
        # "Riêng đối với phường Nghi Hương, cần …", "Đối với huyện Mộ Đức, …": a unit and its name
        m = _unit_council(ac, um.group("unit"), um.group("place"), p, um.end())
        spans.add(m)
        return m
    short = _short_unit_place(ac, text, p, e)
    if short and not regex.match(r"[ ]+\p{Lu}\p{Ll}", text[short[1].end():short[1].end() + 3]):
        # "TP Hồ Chí Minh và tỉnh Tây Ninh đẩy nhanh …": a unit written short ("TP", "H.", "Q.") and a known place
        am, pm = short
        m = _unit_council(ac, am.group(1), ac.place_proper.get(pm.group(0), pm.group(0)), p, pm.end())
        spans.add(m)
        return m
    pm = ac.place_re.match(text, p, e)
    if not pm or regex.match(r"[ ]+\p{Lu}\p{Ll}", text[pm.end():pm.end() + 3]):
        return None
    place = ac.place_proper.get(pm.group(0), pm.group(0))
    if place not in ac.provinces:
        return None
    name = f"{ac.council_name} {ac.place_kind.get(place, ac.province_unit)} {place}"
    m = Mention(p, pm.end(), AgencyRef(unknown_agency_id(name), name, "single", True))
    spans.add(m)
    return m


def _head_anaphor(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> Optional[Mention]:
    """'Sở có thể hướng dẫn …': a bare head noun names the last body of that head before it (see head_anaphora)."""
    hm = c.head_anaphora.match(text, p, e)
    if not hm:
        return None
    word = hm.group(0).casefold()
    head = c.unit_anaphora_bodies.get(word, word).casefold() + " "
    i = bisect.bisect_left(spans._starts, p) - 1
    while i >= 0:
        m = spans._sorted[i]
        if m.ref.name.casefold().startswith(head) and m.ref.kind == "single":
            return Mention(p, hm.end(), m.ref)
        i -= 1
    return None


_DASH = regex.compile(r"[ ]*[-–][ ]*")


def _dash_apposition(c: _Compiled, text: str, p: int, e: int) -> Optional[tuple[int, bool]]:
    """After a name, a dash and what the body or its head also is: (where the apposition's words end, whether it is a
    head's title). '- Cơ quan Thường trực …' (apposition words of agency_patterns.yaml) says what the body is;
    'Bí thư Huyện ủy Núi Thành - Trưởng Ban Chỉ đạo …' gives the capacity the head is addressed in."""
    dm = _DASH.match(text, p, e)
    if not dm:
        return None
    ac = _agency_compiled(c.rules)
    am = ac.apposition_re.match(text, dm.end(), e) if ac.apposition_re is not None else None
    if am:
        return am.end(), False
    hm = ac.head_at_start_re.match(text, dm.end(), e)
    return (hm.end(), True) if hm else None
_CLAUSE_STOP = regex.compile(r";|\.(?:[ ]|$)")
_COMMA = regex.compile(r",[ ]*")
_DASH_ITEM = regex.compile(r"[-–+•][ ]")
_CLOSING_MARK = regex.compile(r"[ ]*(?:\./\.|/\.)[ ]*")
_NEXT_WORD = regex.compile(r"[ ]+([\p{L}\d]+)")
_WORD_AT = regex.compile(r"[ ]*([\p{L}\d&]+)")
_FIRST_WORD = regex.compile(r"\S+\s+")
_GIVEN_NAME = regex.compile(r"[ ]+\p{Lu}\p{Ll}*(?![\p{L}])")
_PERSON = regex.compile(r"[ ]+\p{Lu}\p{Ll}*(?:[ ]+\p{Lu}\p{Ll}*){1,3}(?=[ ,\-–(:]|$)")


def _starts_directive(c: _Compiled, text: str, s: int, e: int) -> bool:
    """Does the clause open with a verb (after openers and manner words)?"""
    p = skip_spaces(text, s, e)
    if c.doc_type_start.match(text, p, e):
        return False  # "Quy chế về …; Chỉ thị về …": a list of documents, not a new directive
    om = c.sentence_opener.match(text, p, e)
    if om:
        p = om.end()
    am = c.adverbs.match(text, p, e)
    if am:
        p = am.end()
    pm = c.prohibition.match(text, p, e) if c.prohibition is not None else None
    if pm is not None and c.verb_re.match(text, pm.end(), e):
        return True  # "…; không sử dụng ngân sách nhà nước …": a directive in the negative
    return bool(c.verb_re.match(text, p, e) or c.assign.match(text, p, e))


def _after_causative(c: _Compiled, text: str, end: int, e: int) -> int:
    """Where the word after a causative verb ending at ``end`` starts, past a list separator ("chỉ đạo, giám sát …")."""
    lm = c.action_list_sep.match(text, end, e)
    return lm.end() if lm else skip_spaces(text, end, e)


def _roles(c: _Compiled, text: str, s: int, e: int, spans: _Spans, lead_ids: set[str]):
    """(support, report_to) named in ``[s, e)``. A partner named after a causative verb supports the task too
    ("Công an thành phố chỉ đạo các đơn vị chức năng phối hợp với Công an các quận … xử lý …": the lead answers for the
    work its units do with them), but a police branch there works beside the force directed (tasks.yaml
    causative_branch_partners)."""
    support: list[AgencyRef] = []
    report: list[AgencyRef] = []
    caus = None  # the causative verb before a partner, looked for only when a police branch is named
    for m in c.support_roles.finditer(text, s, e):
        if c.support_noun_before.search(text, max(s, m.start() - 20), m.start()):
            continue  # "giải pháp phối hợp với …": a plan's name, not partners
        # partners are addressed too: a place's name is its People's Committee ("…, thành phố Quảng Ngãi")
        _partners_by_position(c, text, m, e, spans)
        refs, _ = _agency_list(c, text, m.end(), e, spans, places=True)
        if any(r.id in c.causative_branch_partners for r in refs):
            caus = caus or c.causative.search(text, s, e)
        directed = caus is not None and caus.start() < m.start()
        support.extend(r for r in refs if r.id not in lead_ids
                       and not (directed and r.id in c.causative_branch_partners))
    for m in c.report_roles.finditer(text, s, e):
        if c.before_temporal.search(text, max(s, m.start() - 12), m.start()):
            continue  # "trước khi trình Chính phủ": a time, not a recipient
        q = m.end()
        refs, _ = _agency_list(c, text, q, e, spans)
        if not refs:
            # "báo cáo kết quả thực hiện cho UBND thành phố", "trình phiên họp Chính phủ": a short object first
            om = c.report_object.match(text, q, e)
            if om:
                refs, _ = _agency_list(c, text, om.end(), e, spans)
        report.extend(r for r in refs if r.id not in lead_ids)
    first_report = c.report_roles.search(text, s, e)
    if first_report is not None:
        for x in spans.within(first_report.end(), e):
            if (x.ref.id not in lead_ids and c.report_recipient_before.search(text, max(s, x.start - 12), x.start)
                    and ";" not in text[first_report.end():x.start]):
                # "báo cáo kết quả … của Tổng cục Thuế nêu trên về Cục Thanh tra - Kiểm tra Thuế, Tổng cục Thuế …"
                refs, _ = _agency_list(c, text, x.start, e, spans)
                report.extend(r for r in refs if r.id not in lead_ids)
    for m in c.channel.finditer(text, s, e):
        refs, _ = _agency_list(c, text, m.end(), e, spans)
        report.extend(r for r in refs if r.id not in lead_ids)
    return _uniq(support), _uniq([r for r in report if r.id not in {x.id for x in support}])


def _uniq(refs: list[AgencyRef]) -> list[AgencyRef]:
    seen = set()
    out = []
    for r in refs:
        if r.id not in seen:
            seen.add(r.id)
            out.append(r)
    return out


def _action_start(c: _Compiled, text: str, p: int, e: int, spans: _Spans) -> int:
    """Skip connectors, 'chủ trì, phối hợp với …' role phrases and manner words to the main verb."""
    for _ in range(6):
        q = p
        om = c.sentence_opener.match(text, q, e)
        if om and om.end() > q:
            q = om.end()  # "Trong đó, bố trí …"
        im = c.inline_item_mark.match(text[q:e])
        if im and im.end() < e - q:
            q += im.end()  # "…: (1) Tăng cường …"
        if text.startswith("…", q):
            q = skip_spaces(text, q + 1, e)  # "phối hợp với Sở X… làm rõ …": an excerpt's ellipsis
        rm = c.action_role.match(text, q, e)
        if rm and c.verb_re.match(text, rm.end(), e):
            q = rm.end()  # "trong công tác tổ chức …", "được giao nhiệm vụ thẩm định …"
        cm = c.connector.match(text, q, e)
        if cm and cm.end() > q:
            q = cm.end()
        km = c.capacity.match(text, q, e)
        if km and km.end() < e:
            q = km.end()  # "theo chức năng nhiệm vụ được giao, chủ động …"
        lm = c.lead_roles.match(text, q, e)
        if lm:
            q = lm.end()
            jm = c.role_and.match(text[q:e])
            if jm and c.support_roles.match(text, q + jm.end(), e):
                q += jm.end()  # "chủ trì và phối hợp với …"
        sm = c.support_roles.match(text, q, e)
        if sm:
            _partners_by_position(c, text, sm, e, spans)
            refs, after = _agency_list(c, text, sm.end(), e, spans, places=True)
            if refs and _WORDS.search(text, after, e) and not c.coordination_purpose.match(
                    text, skip_spaces(text, after, e), e):
                q = after  # "phối hợp với Sở X làm A": the action is A; alone (or for a purpose: "… với Sở X để …"),
                # "phối hợp chặt chẽ với Sở X" is it
            elif not refs and c.verb_re.match(text, skip_spaces(text, sm.end(), e), e):
                q = sm.end()
        am = c.adverbs.match(text, q, e)
        if am and am.end() < e:
            q = am.end()
        q = skip_spaces(text, q, e)
        if q == p:
            break
        p = q
    return p


def _heading_lead(c: _Compiled, text: str, sec: FoundSection, spans: _Spans) -> Optional[list[AgencyRef]]:
    subj = _subject(c, text, sec.content_start, sec.heading_end, spans)
    if subj and subj.lead:
        if subj.explicit and not subj.addressed:
            nm = _PERSON.match(text, subj.after, sec.heading_end)
            if c.narrative.match(text, nm.end() if nm else subj.after, sec.heading_end):
                return None  # "- Ngày 4/3, Chủ tịch UBND huyện … chủ trì cuộc họp …": a news lede, not whom its items address
        return subj.lead
    return None


def _heading_frame(c: _Compiled, text: str, sec: FoundSection,
                   spans: _Spans) -> Optional[tuple[list[AgencyRef], list[AgencyRef]]]:
    """(lead, partners) of a heading that is only a role frame over its items ("1. Sở Công Thương chủ trì, phối hợp
    với các sở, ngành, địa phương liên quan" / "… :"), or None: the items are the lead's actions, with those partners."""
    subj = _subject(c, text, sec.content_start, sec.heading_end, spans)
    if not (subj and subj.explicit and subj.lead):
        return None
    pos = skip_spaces(text, subj.after, sec.heading_end)
    lm = c.lead_roles.match(text, pos, sec.heading_end)
    if not lm:
        return None
    pos = skip_spaces(text, lm.end(), sec.heading_end)
    support: list[AgencyRef] = []
    sm = c.support_roles.match(text, pos, sec.heading_end)
    if sm:
        support, pos = _agency_list(c, text, skip_spaces(text, sm.end(), sec.heading_end), sec.heading_end, spans)
        if not support:
            return None
    if not _FRAME_END.fullmatch(text, pos, sec.heading_end):
        return None
    lead_ids = {r.id for r in subj.lead}
    return subj.lead, [r for r in support if r.id not in lead_ids]


def _frame_of(d: "_Doc", sec: FoundSection) -> Optional[tuple[list[AgencyRef], list[AgencyRef]]]:
    """``_heading_frame`` of a section, read once per document (every paragraph under the heading asks for it)."""
    if sec.index not in d.frames:
        d.frames[sec.index] = _heading_frame(d.c, d.text, sec, d.spans)
    return d.frames[sec.index]


_FRAME_END = regex.compile(r"[\s:.;]*")
_LABEL_REST_WORDS = 3  # words: what may follow a plan's time label on its line and still leave it a label
_CAPS_LABEL_WORDS = 4  # words: a running line in capitals this short is a page's label


def _is_background(c: _Compiled, text: str, sec: FoundSection) -> bool:
    heading = text[sec.content_start:sec.heading_end]
    return any(p.search(heading) for p in c.background)


@dataclass
class _Doc:
    """What find_tasks knows of a notice, and the state its loop carries from one paragraph to the next."""
    c: _Compiled
    text: str
    rules: Rules
    ref: Optional[date]
    spans: _Spans
    masked: SpanSet
    citations: list[FoundCitation]
    sections: list[FoundSection]
    has_children: set[int]  # the sections that have items under them
    formal: bool
    headlines: set[int]
    headline_texts: set[str]
    with_trigger: set[int]  # paragraphs with a directive word outside an agency's name
    first_trigger: Optional[int]
    # "Kính gửi: Các Sở Giáo dục và Đào tạo" — a letter's addressees do the items that name nobody
    recipients_lead: list[AgencyRef]
    tasks: list[FoundTask] = field(default_factory=list)
    section_starts: list[int] = field(init=False)  # each section's start, in the order of ``sections``
    frames: dict = field(default_factory=dict)  # section index → its heading's role frame (``_frame_of``)
    prev_lead: list[AgencyRef] = field(default_factory=list)
    # the lead an item named, by its parent section: a sibling item that names nobody keeps it ("1. Bộ Y tế tiếp tục
    # …  2. Khẩn trương hoàn thiện …": GUIDELINES, a sentence without a subject keeps the lead before it)
    item_lead: dict[Optional[int], list[AgencyRef]] = field(default_factory=dict)
    # The document's addressees (the opening assignment "… đề nghị X, Y tổ chức … Nội dung như sau:"): the
    # lead of subjectless paragraphs under headings that name nobody.
    doc_lead: list[AgencyRef] = field(default_factory=list)
    intro_lead: list[AgencyRef] = field(default_factory=list)  # the addressees of a line that introduces the items below it
    intro_support: list[AgencyRef] = field(default_factory=list)  # … and the partners it names for them
    # the items below list the contents of a report the line before asks for: the parent of those items (-1: the
    # top-level items after a running line), or None
    report_contents: Optional[int] = None
    in_context: bool = False
    in_notes: bool = False  # inside the items of a "Ghi chú:" block
    prev_sec: Optional[FoundSection] = None
    timetable: Optional["_Timetable"] = None  # an open "Thời hạn … như sau:" timetable
    last_ps: Optional[int] = None
    plan_deadline: Optional[FoundDeadline] = None  # the time of the whole plan ("Thời gian thực hiện: …")

    def __post_init__(self) -> None:
        self.section_starts = [x.start for x in self.sections]


@dataclass
class _Para:
    """One paragraph of find_tasks' loop and the state its units carry from one to the next."""
    ps: int
    pe: int
    sec: Optional[FoundSection]
    is_item: bool
    actions_follow: bool  # a running-text line before items that open with an action
    after_task_para: bool  # the paragraph just before this one gave a task
    prev_para_start: int
    heading_lead: Optional[list[AgencyRef]] = None
    heading_support: list[AgencyRef] = field(default_factory=list)  # the partners a role-frame heading names
    units: list[tuple[int, int]] = field(default_factory=list)
    has_trigger: bool = False
    n_tasks: int = 0  # how many tasks there were before this paragraph
    chain_support: list[AgencyRef] = field(default_factory=list)
    narrative_end: Optional[int] = None
    sentence_starts: list[int] = field(default_factory=list)


@dataclass
class _Unit:
    """One unit of a paragraph and what find_tasks has read of it so far."""
    us: int
    ue: int
    utext: str
    subj: Optional[_Subject] = None
    explicit: bool = False
    owner: list[AgencyRef] = field(default_factory=list)
    lead: list[AgencyRef] = field(default_factory=list)
    after: int = 0  # where the predicate starts
    deontic: bool = False
    due_followup: bool = False
    astart: int = 0  # where the action starts
    chained: bool = False


def _cited_titles(c: _Compiled, text: str, citations: list[FoundCitation]) -> list[tuple[int, int]]:
    """The subject that follows a cited document's number, up to its clause's end ("Kế hoạch số 25/KH-UBND … về kế
    hoạch phòng chống lụt bão năm 2013"): its year names the plan, it is no deadline."""
    out = []
    for ci in citations:
        for _s, e in ci.mentions:
            tm = c.cited_title.match(text, e)
            if tm:
                out.append((e, tm.end()))
    return out


def find_tasks(nt: NormText, rules: Rules, ctx: Context) -> list[FoundTask]:
    """The tasks of a notice, from the findings of the stages before (``ctx``: header, sections, agency mentions,
    citations; ``ctx.reported``: spans whose dates are no deadline besides the citations' — the document a news
    page reports, named in its lede). Deadlines are resolved against ``ctx.header.issued_on``; on a page with no date
    of its own, against the one year its text names outside those spans, which this stage puts in ``ctx.text_year``."""
    header, sections, mentions, citations = ctx.header, ctx.sections, ctx.mentions or [], ctx.citations
    c = _compiled(rules)
    text = nt.text
    spans = _Spans(mentions)
    masked = SpanSet([m for ci in citations for m in ci.mentions] + _cited_titles(c, text, citations)
                     + list(ctx.reported))
    if header.issued_on is None:
        cm = capture_month(nt, rules)  # "date 2025-07 …": the capture's year before any year the text names
        ctx.text_year = year_of_capture(*cm) if cm is not None else year_of_text(text, rules, masked)
        if ctx.text_year is not None:  # "Sở Nông nghiệp" on a page of 2020: by the year the page names
            dated_short_names(mentions, ctx.text_year, rules, year_only=True)
    ref = header.issued_on or ctx.text_year
    excluded = SpanSet(header.excluded + nt.chrome)
    paragraphs = _paragraphs(text, sections, excluded)
    has_children = {s.parent for s in sections if s.parent is not None}
    # a page that reports one document (ctx.reported) takes its number, yet is a news page: its headline is no task
    formal = bool((header.symbol and not ctx.reported) or header.date_source == "header")
    headlines = set() if formal else _headlines(c, text, paragraphs)
    # In a formal document the paragraphs before its first directive word ("yêu cầu", "kết luận như sau",
    # "QUYẾT ĐỊNH:") are its preamble: background, not work (a unit there needs a directive of its own).
    # paragraphs with a directive word outside an agency's name ("Ban Chỉ đạo" is a name, "chỉ đạo" a directive)
    with_trigger = {ps for ps, pe, _s, _i in paragraphs
                    if any(spans.covering(t.start()) is None for t in c.triggers.finditer(text, ps, pe))}
    first_trigger = min(with_trigger, default=None)
    headline_texts = {text[a:b].strip() for a, b, _s, _i in paragraphs if a in headlines}
    recipients_lead = _uniq([m.ref for m in spans.within(*header.recipient_span)]) if header.recipient_span else []
    spans.set_addressees(recipients_lead)
    spans.issuer = header.issuer if formal else _page_speaker(c, text, spans)
    d = _Doc(c, text, rules, ref, spans, masked, citations, sections, has_children, formal, headlines, headline_texts,
             with_trigger, first_trigger, recipients_lead)
    for k_para, (ps, pe, sec, is_item) in enumerate(paragraphs):
        # items that open with an action follow ("…, các đơn vị có liên quan chủ động ứng phó với cơn bão số 6:\n
        # 1. Khẩn trương triển khai …"): a running-text line that ends with a colon introduces them
        nxt_para = paragraphs[k_para + 1] if k_para + 1 < len(paragraphs) else None
        actions_follow = (not is_item and nxt_para is not None and nxt_para[3]
                          and _starts_directive(c, text, nxt_para[0], nxt_para[1]))
        # did the paragraph just before this one give a task?
        after_task_para = d.last_ps is not None and bool(d.tasks) and d.tasks[-1].start >= d.last_ps
        prev_para_start = d.last_ps if d.last_ps is not None else ps
        d.last_ps = ps
        if _skipped_paragraph(d, ps, pe, sec, is_item):
            continue
        _paragraph_tasks(d, _Para(ps, pe, sec, is_item, actions_follow, after_task_para, prev_para_start))
    _document_deadlines(d)
    return _without_repeats(text, d.tasks)


def _paragraphs(text: str, sections: list[FoundSection],
                excluded: SpanSet) -> list[tuple[int, int, Optional[FoundSection], bool]]:
    """Paragraphs of the body outside the excluded spans, each with its innermost section and whether it is an item."""
    paragraphs: list[tuple[int, int, Optional[FoundSection], bool]] = []
    sec_by_start = {s.start: s for s in sections}
    sec_starts = [s.start for s in sections]

    def innermost(at: int) -> Optional[FoundSection]:
        i = bisect.bisect_right(sec_starts, at) - 1
        sec = sections[i] if i >= 0 else None
        while sec is not None and not (sec.start <= at < sec.end):
            sec = sections[sec.parent] if sec.parent is not None else None
        return sec

    for s, e, line in lines_with_offsets(text):
        if not line.strip():
            continue
        cut = excluded.cover_end(s)
        if cut is not None:
            if cut >= e or not text[cut:e].strip():
                continue
            s = skip_spaces(text, cut, e)  # "Kính gửi: … trực thuộc. Thực hiện …": the body goes on in the line
            line = text[s:e]
        lead_ws = len(line) - len(line.lstrip())
        sec = sec_by_start.get(s + lead_ws)
        is_item = sec is not None
        if sec is None:
            sec = innermost(s)
        paragraphs.append((s if not is_item else sec.content_start, e, sec, is_item))
    return paragraphs


def _skipped_paragraph(d: _Doc, ps: int, pe: int, sec: Optional[FoundSection], is_item: bool) -> bool:
    """Is the paragraph no place for tasks: under a background heading, a headline, or a note under a table?"""
    c, text = d.c, d.text
    if sec is not None and _under_background(c, text, sec, d.sections):
        return True
    if ps in d.headlines or (d.headline_texts and text[ps:pe].strip() in d.headline_texts):
        return True  # a headline, or the headline repeated further down the page
    if c.address_intro.search(text[max(0, ps - 200):ps].rstrip()):
        return True  # "… theo địa chỉ:" ¶ "Cục Văn hóa cơ sở - số 51, Ngô Quyền …": the address announced
    if c.notes_heading.match(text, skip_spaces(text, ps, pe), pe):
        d.in_notes = True  # "Ghi chú:" under a table: its items explain the table
        return True
    if d.in_notes and (is_item or _DASH_ITEM.match(text, skip_spaces(text, ps, pe), pe)):
        return True
    d.in_notes = False
    return False


def _paragraph_tasks(d: _Doc, g: _Para) -> None:
    """The tasks of one paragraph: a timetable's entries, a plan's time, or what its units give."""
    c, text, sec = d.c, d.text, g.sec
    if sec is not None and (d.prev_sec is None or sec.index != d.prev_sec.index) and not (
            d.prev_sec is not None and sec.parent == d.prev_sec.index):
        d.prev_lead = []  # an elided subject refers back within a section, never across sections
    d.prev_sec = sec
    anc = sec
    while anc is not None and g.heading_lead is None:
        if not (g.is_item and anc is sec):
            g.heading_lead = _heading_lead(c, text, anc, d.spans)
            if g.heading_lead:
                frame = _frame_of(d, anc)
                g.heading_support = frame[1] if frame else []
        anc = d.sections[anc.parent] if anc.parent is not None else None
    g.units = _units(c, text, g.ps, g.pe, g.is_item, d.spans, {r.id for r in g.heading_lead or []})
    g.has_trigger = g.ps in d.with_trigger
    if c.context_opener.match(text, skip_spaces(text, g.ps, g.pe), g.pe):
        d.in_context = True  # "Theo đó, …": the content of the document the page reports
    g.n_tasks = len(d.tasks)
    if _timetable_paragraph(d, g):
        return
    d.timetable = None
    if _plan_time_paragraph(d, g):
        return
    if not g.is_item:
        d.intro_lead = []
        d.intro_support = []
        d.report_contents = None
    g.sentence_starts = [a for a, _b in _directive_sentences(c, text, g.ps, g.pe, d.spans)]
    for us, ue in g.units:
        _unit_task(d, g, _Unit(us, ue, text[us:ue]))
    _share_chain_deadline(c, text, d.tasks[g.n_tasks:])
    if g.has_trigger:
        d.in_context = True


def _timetable_paragraph(d: _Doc, g: _Para) -> bool:
    """The tasks of a timetable's opening line or of its entries; True when the paragraph is done with."""
    opened = _timetable_opener(d.c, d.text, g.ps, g.pe, d.spans)
    if opened is not None or (d.timetable is not None and d.c.timetable_entry.match(d.text, g.ps, g.pe)):
        if opened is not None:
            d.timetable, entries_from = opened, opened.entries_from
        else:
            entries_from = g.ps
        made = _timetable_tasks(d.c, d.text, entries_from, g.pe, d.timetable, g.sec, d.ref, d.rules, d.masked, d.spans)
        d.tasks.extend(made)
        if made or opened is not None:
            return True
    return False


def _plan_time_paragraph(d: _Doc, g: _Para) -> bool:
    """A paragraph that gives the plan's time: the deadline of its item's tasks, else of the whole plan; True if so."""
    # "- Về thời gian thực hiện: … từ ngày 01/9/2025 đến ngày 30/11/2025"
    c, text, sec = d.c, d.text, g.sec
    if (c.plan_time.match(text, g.ps, g.pe)
            or sec is not None and not g.is_item and c.plan_time.match(text, sec.content_start, sec.heading_end)):
        dated = [x for x in find_deadlines(text, g.ps, g.pe, d.ref, d.rules, d.masked) if x.date is not None]
        if dated:
            anc, owners = sec, []
            while anc is not None and not owners:
                owners = [t for t in d.tasks if t.section == anc.index]
                anc = d.sections[anc.parent] if anc.parent is not None else None
            for t in owners:
                if t.deadline is None:
                    t.deadline = pick(dated)
            if not owners and d.plan_deadline is None:
                d.plan_deadline = pick(dated)
            return True
    pm = c.time_label.match(text, g.ps, g.pe)
    if pm and len(_WORDS.findall(text, pm.end(), g.pe)) < _LABEL_REST_WORDS:
        return True  # "1. Thời gian: Ngày" (its date on the lines a page's text layer broke off): a label, no task
    return False


def _unit_task(d: _Doc, g: _Para, u: _Unit) -> None:
    """One unit: a task added to ``d.tasks``, or what it says passed to the tasks and leads around it, or nothing."""
    if _no_task_unit(d, g, u):
        return
    _unit_lead(d, g, u)
    if not _unit_predicate(d, u):
        return
    if _narrated(d, g, u) or _item_title(d, g, u) or _report_followup(d, g, u) or _time_followup(d, g, u):
        return
    if not _is_directive(d, g, u) or not u.lead:
        return
    if not _has_action(d, g, u):
        return
    task = _new_task(d, g, u)
    d.tasks.append(task)
    if u.explicit:
        # "X chủ trì, phối hợp với Y làm A; làm B": the role frame (lead, then partners) governs the chain;
        # "X phối hợp với Y làm A; làm B" names Y's part in A only
        framed = (d.c.lead_roles.search(d.text, u.after, u.astart) and d.c.support_roles.search(d.text, u.after, u.astart)
                  or _partners_open_predicate(d.c, d.text, u))
        g.chain_support = task.support if framed else []
    elif not u.chained:
        # "Phối hợp với Sở X, … đề xuất các giải pháp …; tiếp tục xây dựng …": a subjectless chain whose first action
        # opens with its partners shares them, as a subject's does
        g.chain_support = task.support if _partners_open_predicate(d.c, d.text, u) else []
    d.prev_lead = u.lead
    if g.is_item and u.explicit and g.sec is not None:
        d.item_lead[g.sec.parent] = u.lead
    if g.sec is None and u.explicit and not d.doc_lead and d.c.assign.search(d.text, u.us, u.astart):
        d.doc_lead = u.lead  # the opening assignment names the document's addressees


def _partners_open_predicate(c: _Compiled, text: str, u: _Unit) -> bool:
    """Does the predicate open with the partners ("Sở X, phối hợp với Y, làm A; làm B", "X phối hợp chặt chẽ với Y làm A;
    làm B")? Then they are the subject's partners for the whole chain (issue 13, item 8); after other words ("X có
    trách nhiệm khẩn trương phối hợp với Y làm A; …", "X được giao phối hợp với Y …") they are Y's part in A only."""
    p = u.after
    if any(m.end() == p for m in c.passive.finditer(text, max(0, p - 40), p)):
        return False  # the subject was given the work: "X được giao phối hợp với Y …"
    while p < u.astart and text[p] in " ,\n":
        p += 1
    return c.support_roles.match(text, p, u.astart) is not None


def _no_task_unit(d: _Doc, g: _Para, u: _Unit) -> bool:
    """Is the unit no task by its words (no-task opener, exhortation, basis, intro)? Their subjects may still lead."""
    c, text, us, ue, utext = d.c, d.text, u.us, u.ue, u.utext
    k = bisect.bisect_right(g.sentence_starts, us) - 1
    sent = g.sentence_starts[k] if k >= 0 else us
    if sent < us and any(p.search(text[sent:ue]) for p in c.not_task_openers):
        # "Tham dự phiên họp có …; lãnh đạo các phòng, ban …": a sentence that opens as no task is none in
        # every part; a result further on ("… đạt 60% trở lên") leaves the clauses around it alone
        return True
    if c.exhortation.search(utext):
        sj = _subject(c, text, us, ue, d.spans)
        if sj is not None and sj.explicit and sj.lead:
            d.prev_lead = sj.lead  # no task, but its subject leads the clauses after it
        return True
    if not g.is_item and is_caps(utext) and len(_WORDS.findall(utext)) <= _CAPS_LABEL_WORDS and not any(
            ch in utext for ch in ".;:,"):
        return True  # "THÔNG TIN", "TIN LIÊN QUAN": a page's label in capitals, no directive
    intro = not g.is_item and (c.list_intro.search(utext) or (
        g.actions_follow and us == g.units[-1][0] and utext.rstrip().endswith(":")))
    if g.is_item and d.report_contents is not None and g.sec is not None and (
            -1 if g.sec.parent is None else g.sec.parent) == d.report_contents:
        sj = _subject(c, text, us, ue, d.spans)
        if not (sj is not None and sj.explicit and sj.lead):
            return True  # "1. Công tác chỉ đạo …" under "báo cáo … theo các nội dung sau:": a heading of the report
    if (intro and not g.is_item and us == g.units[-1][0] and c.report_contents.search(utext)
            and not _items_act(d, ue)):
        # the report is the task and the items below, which name no action, are its contents; items that open
        # with an action ("1. Điền đủ số liệu …") are the work the report asks for, under the line as an intro
        d.report_contents = -1
        intro = False
    if c.basis_sentence.match(utext.lstrip()):
        sj = _subject(c, text, us, ue, d.spans)
        comma = text.find(",", us, ue)
        if not (sj is not None and sj.explicit and sj.lead and comma >= 0 and sj.after > comma):
            return True  # "Căn cứ Luật …;": the basis, no task ("Căn cứ …, UBND tỉnh X nghiên cứu …" is one)
    # the unit with the document's closing mark after it ("… triển khai thực hiện./."), for the closing call
    marked = text[us:g.pe] if _CLOSING_MARK.fullmatch(text, ue, g.pe) else utext
    if intro or any(p.search(marked) for p in c.not_task):
        if utext.rstrip().endswith(":"):
            # "Đề nghị các sở, ngành thực hiện một số việc như sau:": the items below are theirs
            sj = _subject(c, text, us, ue, d.spans)
            speaker = (sj is not None and not sj.addressed
                       and c.speaker_predicate.match(text, sj.after, ue) is not None)
            if sj is not None and sj.explicit and sj.lead and not speaker:
                d.prev_lead = d.intro_lead = sj.lead
                # "… chỉ đạo các sở giáo dục và đào tạo chủ động phối hợp với các sở y tế … thực hiện một số nội dung
                # sau:": the partners of the line work on each item below it
                d.intro_support, _ = _roles(c, text, sj.after, ue, d.spans, {r.id for r in sj.lead})
            elif intro and d.prev_lead:
                # "Đồng chí nhấn mạnh một số nhiệm vụ cần thực hiện:": the speaker names nobody; the items
                # are for whom the sentence before addressed
                d.intro_lead = d.prev_lead
        return True
    return False


def _items_act(d: _Doc, pos: int) -> bool:
    """Does any of the items right after ``pos`` open with an action ("Điền đủ số liệu …"), rather than a noun phrase
    ("Công tác chỉ đạo …")? An item naming a body of its own ("UBND huyện X: báo cáo …") stays its task either way."""
    k = bisect.bisect_left(d.section_starts, pos)
    if k == len(d.sections) or d.text[pos:d.sections[k].start].strip(" \n\t:"):
        return True  # no item right after the line: it keeps its reading as an intro
    first = d.sections[k]
    for sec in d.sections[k:k + 12]:
        if sec.parent != first.parent or sec.kind != first.kind:
            if sec.level <= first.level:
                break  # past the list
            continue  # the sub-items of an item
        if _starts_directive(d.c, d.text, sec.content_start, sec.heading_end):
            return True
    return False


def _unit_lead(d: _Doc, g: _Para, u: _Unit) -> None:
    """The unit's subject and lead: its own, else the lead in force, the owner, the heading's or the document's."""
    c, text, us, ue, sec = d.c, d.text, u.us, u.ue, g.sec
    # (an item under "đề nghị X … như sau:", or of a letter to X, has X in force: "- Chỉ đạo các đơn vị chức năng …" is
    # X's action)
    u.subj = _subject(c, text, us, ue, d.spans,
                      elided=bool(d.prev_lead) or (g.is_item and bool(d.intro_lead or d.recipients_lead)))
    u.explicit = u.subj is not None and u.subj.explicit
    if u.subj is not None and not u.explicit:
        u.lead = d.prev_lead
    elif u.subj is not None:
        u.lead = _numbered_members(d, u.subj.lead)
    else:
        u.owner = _owner(c, text, us, ue, d.spans)
        u.lead = u.owner or g.heading_lead or d.prev_lead or (d.doc_lead if sec is not None else [])
        if (not u.owner and d.prev_lead and len(d.tasks) > g.n_tasks
                and _CHAIN_GAP.fullmatch(text, d.tasks[-1].end, us)):
            # "… đề nghị ngành nông nghiệp huyện tổ chức thăm đồng; rà soát …": an action chained after a
            # task of this paragraph is that task's lead's, whatever the heading above names
            u.lead = d.prev_lead
        if g.is_item and g.heading_lead is None:
            u.lead = u.owner or d.intro_lead or d.recipients_lead or (
                d.item_lead.get(sec.parent, []) if sec and _opens_with_action(c, text, us, ue) else [])


def _numbered_members(d: _Doc, lead: list[AgencyRef]) -> list[AgencyRef]:
    """'Các tổ công tác có nhiệm vụ …' after 'Tổ công tác số 1', 'Tổ công tác số 2', …: a plural of a kind whose bodies
    the text has named by number (agency_patterns.yaml numbered_body_heads) names those bodies."""
    ac = _agency_compiled(d.c.rules)
    if ac.numbered_head_re is None:
        return lead
    plural = ac.plural_word + " "
    out: list[AgencyRef] = []
    for r in lead:
        key = match_key(r.name)
        members: list[AgencyRef] = []
        if not r.known and key.startswith(plural):
            kind = key[len(plural):] + " "
            for m in d.spans._sorted:
                if (match_key(m.ref.name).startswith(kind) and ac.numbered_head_re.fullmatch(m.ref.name)
                        and all(x.id != m.ref.id for x in members)):
                    members.append(m.ref)
        out.extend(members if len(members) >= 2 else [r])
    return out


def _unit_predicate(d: _Doc, u: _Unit) -> bool:
    """Where the predicate starts and whether it opens with a duty word; False after a person's name and apposition."""
    c, text, us, ue = d.c, d.text, u.us, u.ue
    u.after = u.subj.after if u.subj is not None else skip_spaces(text, us, ue)
    if u.explicit:
        # "Chủ tịch UBND tỉnh Nguyễn Văn A - Trưởng ban …": a person's name and an apposition.
        nm = _PERSON.match(text, u.after, ue)
        if nm:
            if regex.match(r"[ ]*[-–,(]", text[nm.end():ue]):
                return False
            u.after = nm.end()
    dm = c.deontic.match(text, u.after, ue) if u.explicit else None
    nm2 = c.narrative.match(text, u.after, ue) if dm else None
    u.deontic = dm is not None and not (nm2 and nm2.end() > dm.end())  # "chủ trì cuộc họp" is narrative
    if u.deontic and c.speaker_speech.match(text, u.after, ue) and c.speaker_title.search(text, us, u.after):
        u.deontic = False  # a titled speaker's own next step ("Phó Thủ tướng sẽ họp với …") is narrated
    if u.explicit:
        cm = c.copular_role.match(text, u.after, ue)
        if cm:
            u.after = cm.end()
        ap = _dash_apposition(c, text, u.after, ue)
        if ap:
            # "Sở Giao thông - Vận tải - Cơ quan Thường trực Ban An toàn giao thông tỉnh kiểm tra …"
            inner = ([x for x in d.spans.within(u.after, ue) if x.start <= ap[0]] if ap[1]
                     else d.spans.within(ap[0], min(ue, ap[0] + 60)))
            if inner:
                u.after = inner[0].end
                if ap[1] and u.subj.addressed:
                    u.lead = [inner[0].ref]  # "yêu cầu Bí thư Huyện ủy X - Trưởng Ban Chỉ đạo Y …": addressed as Y's head
    return True


def _narrated(d: _Doc, g: _Para, u: _Unit) -> bool:
    """Is the unit narrative (what a body did or said), or a subjectless clause that goes on with the narrative?"""
    c, text, us, ue = d.c, d.text, u.us, u.ue
    # (an addressee's action is never narrative: "Giao Sở Y tế tổ chức hội nghị tập huấn …")
    hc = c.head_clause.search(text, us, u.after) if c.head_clause is not None and u.explicit else None
    titled_end = hc.start() if hc is not None else u.after  # (a title inside "do ông … - Giám đốc … làm tổ trưởng," heads the body)
    if u.explicit and not u.deontic and not u.subj.addressed and (
            c.narrative.match(text, u.after, ue)
            or c.speaker_speech.match(text, u.after, ue) and c.speaker_title.search(text, us, titled_end)):
        # "Sở X đã …", "Sở X báo cáo tại hội nghị", "Chủ tịch UBND tỉnh … đánh giá": narrative, not a directive.
        g.narrative_end = ue
        return True
    if not u.explicit and g.narrative_end is not None and _CHAIN_GAP.fullmatch(text, g.narrative_end, us):
        # "Cuộc họp đã nghe …; nghe đồng chí … báo cáo …": the narrative goes on after ';'
        g.narrative_end = ue
        return True
    return False


def _item_title(d: _Doc, g: _Para, u: _Unit) -> bool:
    """Is the unit the heading of an item that has items under it, which only introduces or names them?"""
    sec = g.sec
    # A heading that only introduces its items ("… thực hiện một số nội dung sau:").
    if g.is_item and sec is not None and u.utext.rstrip().endswith(":") and sec.index in d.has_children:
        if (d.c.report_contents.search(u.utext) and u.us <= sec.content_start
                and not _items_act(d, skip_spaces(d.text, u.ue, len(d.text)))):
            # "1. Báo cáo về tình hình …, trong đó nêu rõ:" over "- Tổng số quỹ nhà ở …": the report is the task,
            # its items are what it holds
            d.report_contents = sec.index
            return False
        if u.explicit:
            d.prev_lead = u.lead
        return True
    if (g.is_item and sec is not None and sec.index in d.has_children and u.explicit and u.us <= sec.content_start
            and _frame_of(d, sec) is not None):
        d.prev_lead = u.lead
        return True  # "1. Sở Công Thương chủ trì, phối hợp với …" over its items: whose they are, not an action
    if (g.is_item and sec is not None and sec.index in d.has_children and not u.explicit and not u.owner
            and not _starts_directive(d.c, d.text, u.after, u.ue)):
        return True  # "2. Nhiệm vụ thời gian tới" over its items: a title, not an action
    return False


def _report_followup(d: _Doc, g: _Para, u: _Unit) -> bool:
    """A unit that says where and when the task before (and its chain) reports: passed to them; True if so."""
    # "… Yêu cầu gửi báo cáo về X trước ngày …"; its chain: "X chủ trì …; đồng thời tham mưu …. Báo cáo kết quả về Y …"
    c, text, us, ue, tasks = d.c, d.text, u.us, u.ue, d.tasks
    vm = c.verb_re.match(text, skip_spaces(text, us, ue), ue) if g.is_item and len(tasks) == g.n_tasks else None
    if vm is not None and d.spans.at(skip_spaces(text, vm.end(), ue)) is not None:
        # "3. Báo cáo UBND danh sách … trước 14h00 hàng ngày": an item that reports to someone something of its own is a
        # task of its own ("2. Thời hạn gửi báo cáo trước ngày …", "1. Báo cáo gửi về Bộ phải có …" qualify the report)
        return False
    if not u.explicit and tasks and c.report_followup.match(u.utext) and tasks[-1].end < us:
        prev = tasks[-1]
        prev_ids = {r.id for r in prev.lead}
        chain = [prev] if c.report_followup_conditional.match(u.utext.lstrip()) else (
            [t for t in tasks[g.n_tasks:] if {r.id for r in t.lead} == prev_ids] or [prev])
        sup, rep = _roles(c, text, us, ue, d.spans, prev_ids)
        found = find_deadlines(text, us, ue, d.ref, d.rules, d.masked)
        for t in chain:
            t.report_to = _uniq(t.report_to + rep)
            if t.deadline is None and found:
                t.deadline = pick(found)
        return True
    return False


def _time_followup(d: _Doc, g: _Para, u: _Unit) -> bool:
    """A unit that only says when: the deadline of the tasks just before it; True if so."""
    # "… rà soát …, khẩn trương thu …. Các đơn vị thực hiện trước ngày 24/3/2016.": this paragraph's, else the one before
    c, text, us, ue, tasks, lead = d.c, d.text, u.us, u.ue, d.tasks, u.lead
    if (tasks and tasks[-1].end < us and (not u.explicit or all(r.kind == "group" for r in lead)
                                          or {r.id for r in lead} == {r.id for r in tasks[-1].lead})
            and c.time_only.match(text[skip_spaces(text, u.after, ue):ue])):
        found = [x for x in find_deadlines(text, us, ue, d.ref, d.rules, d.masked) if x.kind != "from"]
        if found:
            since = g.ps if len(tasks) > g.n_tasks else g.prev_para_start
            for t in reversed(tasks):
                if t.start < since:
                    break
                if t.deadline is None:
                    t.deadline = pick(found)
            return True
    return False


def _is_directive(d: _Doc, g: _Para, u: _Unit) -> bool:
    """Does the unit give a directive (a duty word, an addressee, a continuation, a directive paragraph, an item …)?"""
    c, text, us, ue, tasks, explicit, lead = d.c, d.text, u.us, u.ue, d.tasks, u.explicit, u.lead
    # "Các sở, ngành và các địa phương tiếp tục …": bodies addressed as a group are told, not reported on
    addressed = (explicit and bool(lead) and all(r.kind == "group" for r in lead)
                 and _starts_directive(c, text, u.after, ue))
    # a subjectless action after a task of this paragraph continues that directive
    continues = not explicit and len(tasks) > g.n_tasks
    # "Công an tỉnh … báo cáo Thường trực Tỉnh ủy. ¶ Báo cáo nhanh gửi trước 14h00 ngày 13/02/2021.": a
    # paragraph with no subject that opens with a verb and sets a due date is more work for the same lead
    u.due_followup = (not continues and not explicit and not u.owner and not g.is_item and g.after_task_para
            and len(tasks) == g.n_tasks
            and (c.verb_re.match(text, skip_spaces(text, us, ue), ue) or _starts_directive(c, text, us, ue))
            and any(x.kind == "by" for x in find_deadlines(text, us, ue, d.ref, d.rules, d.masked)))
    continues = continues or u.due_followup
    in_preamble = d.first_trigger is not None and g.ps < d.first_trigger
    # "Giao Sở Y tế hướng dẫn …, Sở Tài chính bố trí …" (or "…; Sở Tài chính …"): a parallel clause after a task
    # shares its directive
    parallel = explicit and bool(tasks) and tasks[-1].end <= us and bool(
        _CLAUSE_GAP.fullmatch(text, tasks[-1].end, us))
    # "Trước 10/5, các trường … nộp kế hoạch …": a deadline before the subject states an obligation
    due_first = explicit and c.due_opener.match(text, skip_spaces(text, us, ue), ue) is not None
    # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo …": what to do when stuck
    conditional = explicit and c.difficulty_condition.match(text, skip_spaces(text, us, ue), ue) is not None
    # "Ý kiến … của các cơ quan, địa phương gửi về Văn phòng UBND tỉnh trước ngày 30/7/2012": what the owners send, by a
    # date ("Báo cáo của Sở Y tế gửi UBND tỉnh cho thấy …" sets no date: a report described)
    sends = (bool(u.owner) and c.submission_owner.match(text, skip_spaces(text, us, ue), ue) is not None
             and any(x.kind == "by" for x in find_deadlines(text, us, ue, d.ref, d.rules, d.masked)))
    # "Nhiệm vụ cấp bách mà Sở Y tế phải làm ngay là …": a duty stated as a cleft
    cleft = explicit and u.subj.addressed and c.duty_cleft.search(text, us, u.after) is not None
    return bool(
        u.deontic or addressed or continues or parallel or cleft or d.in_context or (d.formal and not in_preamble)
        or g.has_trigger or due_first or conditional or sends
        or g.is_item
        or bool(c.assign.search(text, us, ue))
    )


def _has_action(d: _Doc, g: _Para, u: _Unit) -> bool:
    """Does the directive unit name an action to track? Sets where the action starts (``u.astart``)."""
    c, text, us, ue, explicit, owner, sec = d.c, d.text, u.us, u.ue, u.explicit, u.owner, g.sec
    if (not explicit and not owner and any(p.match(u.utext) for p in c.elaboration)
            and not (any(p.match(u.utext) for p in c.elaboration_actions)
                     and _starts_directive(c, text, us, ue))):
        return False  # "Cụ thể, hỗ trợ …" details the task before; "Trong đó, bố trí …" is an action
    u.astart = astart = _action_start(c, text, u.after, ue, d.spans)
    if explicit and not u.subj.addressed and c.request_verb.match(text, astart, ue):
        # "Ban Chỉ đạo … yêu cầu các Tổ xây dựng kế hoạch …" with an addressee the parser cannot name: the
        # speaker is not the lead of its own request (issue 13); no task rather than a wrong one
        return False
    if (explicit and g.is_item and sec is not None and sec.index in d.has_children
            and not _starts_directive(c, text, astart, ue)):
        d.prev_lead = u.lead  # "1. Đề nghị các cơ quan, đơn vị trên địa bàn xã" over its items: they are theirs
        return False
    if len(_WORDS.findall(text, astart, ue)) < 2:
        # "… Ủy ban nhân dân các huyện, thị" (a page cut off): agencies, but no action to track
        if explicit:
            d.prev_lead = u.lead
        return False
    if explicit and c.list_tail.match(text, astart, ue) and not c.verb_re.search(text, astart, ue):
        # "Các Đội Kiểm lâm cơ động và PCCCR, các chủ rừng" (a page cut off): a list goes on, no action
        return False
    if explicit and _only_agencies(c, text, astart, ue, d.spans):
        # "Cơ quan thường trực: Trung tâm Thông tin - Tin học, Văn phòng UBND thành phố": bodies named, nothing to do
        return False
    if (g.is_item and not explicit and not owner and ":" not in u.utext
            and len(_WORDS.findall(text, astart, ue)) < 6
            and not _starts_directive(c, text, us, ue)):
        return False  # "a) Học sinh", "b) Giáo viên": labels of what the item above asks for, no action
    if not explicit and not owner:
        p0 = skip_spaces(text, us, ue)
        tt = c.topic_then.match(text, p0, ue)
        if not (tt and _starts_directive(c, text, tt.end(), ue)):
            tt = c.topic_then_far.match(text, p0, ue)
        if not (tt and _starts_directive(c, text, tt.end(), ue)):
            tt = c.topic_opener.match(text, p0, ue)
            if tt and not c.causative.match(text, tt.end(), ue):
                tt = None  # "Đối với các cơ sở giáo dục công lập: Thực hiện theo …" is read by the heading's frame
        if tt and not d.spans.within(tt.start(), tt.end()) and _starts_directive(c, text, tt.end(), ue):
            # "Đối với hai dự án ngọt hóa …, (thì) ưu tiên công trình …", "Đối với các vụ việc phức tạp, liên quan
            # đến nhiều ngành: chỉ đạo các Đội …": a topic that names no body, then the action of the lead in force
            u.after = tt.end()
            u.astart = _action_start(c, text, tt.end(), ue, d.spans)
            return True
    # "Sở này phải báo cáo …", "Các địa phương này phải …": after an anaphoric subject, its duty word
    anaphoric = u.subj is not None and u.subj.anaphoric
    if anaphoric:
        adm = c.deontic.match(text, u.after, ue)
        if adm and adm.end() > u.after and text[adm.end() - 1] != ":":
            u.after = adm.end()
    # ("Chủ tịch UBND tỉnh yêu cầu cảnh báo kịp thời …" in the paragraph after a task: after a speaker's request that
    # names nobody, the lead in force acts and the predicate starts after the verb)
    spoke = (u.subj is not None and not explicit and u.subj.after > skip_spaces(text, us, ue) and g.after_task_para
             and c.request_verb.search(text, us, u.subj.after) is not None)
    start = u.after if anaphoric or spoke else us
    if not explicit and not owner and not g.is_item and not u.due_followup and not _starts_directive(c, text, start, ue):
        past = _past_time_preamble(c, text, start, ue)
        if past is not None and _starts_directive(c, text, past, ue):
            # "Ngay sau khi bão tan, tổ chức dọn dẹp vệ sinh trường lớp …": a time clause, then the lead in force's action
            u.after = past
            u.astart = _action_start(c, text, past, ue, d.spans)
            return True
        if not c.own_deadline.search(text, us, ue):
            return False
    return True


def _past_time_preamble(c: _Compiled, text: str, s: int, e: int) -> Optional[int]:
    """Where the words after a preamble clause closed by its comma start ("Sau khi bão tan, …"), else None."""
    p = skip_spaces(text, s, e)
    pm = c.preamble.match(text, p, e)
    if pm is None:
        return None
    comma = text.find(",", pm.end(), e)
    if comma < 0 or regex.search(r"[;.:]", text[p:comma]) or len(_WORDS.findall(text, pm.end(), comma)) > _SHORT_PREAMBLE:
        return None  # (a long one may hold a list's comma: "Trong quá trình thực hiện công tác thanh tra, kiểm tra …")
    return skip_spaces(text, comma + 1, e)


_SHORT_PREAMBLE = 8  # words after the opener of a time clause read as a whole before its comma


def _only_agencies(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> bool:
    """Is ``text[s:e]`` nothing but agencies, separators and the conjunction between them?"""
    if spans.at(skip_spaces(text, s, e)) is None:
        return False  # (most actions open with a verb: no scan of the document's mentions)
    rest = text[s:e]
    for m in sorted(spans.within(s, e), key=lambda x: -x.start):
        rest = rest[:m.start - s] + " " + rest[m.end - s:]
    words = _WORDS.findall(rest)
    return len(words) < len(_WORDS.findall(text, s, e)) and all(w.casefold() in c.conjunction_words for w in words)


def _addressed_members(d: _Doc, lead: list[AgencyRef]) -> list[AgencyRef]:
    """A lead that is one collective whose members the letter's "Kính gửi" names one by one ("UBND các tỉnh" under
    "Kính gửi: Ủy ban nhân dân các tỉnh Gia Lai, Kon Tum, …") is those recipients; any other lead is kept."""
    if len(lead) != 1 or len(d.recipients_lead) < 2:
        return lead
    members = d.c.recipient_members.get(lead[0].name) if lead[0].kind == "group" else None
    if members and all(r.name.startswith(members) for r in d.recipients_lead):
        return list(d.recipients_lead)
    return lead


def _new_task(d: _Doc, g: _Para, u: _Unit) -> FoundTask:
    """The task of a unit: its lead, the partners and recipients it names (or its chain's), its deadline."""
    u.lead = _addressed_members(d, u.lead)
    c, text, us, ue, tasks, explicit, subj = d.c, d.text, u.us, u.ue, d.tasks, u.explicit, u.subj
    lead_ids = {r.id for r in u.lead}
    # the frame before the assigning verb ("… đã có công văn gửi Sở X đề nghị …") names nobody's role
    roles_from = subj.verb if explicit and subj.verb is not None else us
    if not explicit and len(u.lead) > 1:
        # "Kính gửi: A; B; C … - Chủ trì, phối hợp với B, C …": a body the unit names as a partner is not its lead
        # (nobody works with itself); the leads in force that remain lead
        partners = {r.id for r in _roles(c, text, roles_from, ue, d.spans, set())[0]}
        if partners & lead_ids and not lead_ids <= partners:
            u.lead = [r for r in u.lead if r.id not in partners]
            lead_ids = {r.id for r in u.lead}
    support, report = _roles(c, text, roles_from, ue, d.spans, lead_ids)
    continuation = (not explicit and not u.owner and not _starts_directive(c, text, us, ue)
                    and bool(c.own_deadline.search(text, us, ue)))
    u.chained = (not explicit and len(tasks) > g.n_tasks
                 and _CHAIN_GAP.fullmatch(text, tasks[-1].end, us) is not None)
    if continuation and not support and tasks:
        # "…, phối hợp với X chuẩn bị: A, trình …; B, trình …": B shares A's partners
        support = list(tasks[-1].support)
    elif not explicit and not support and g.heading_support and not u.owner and u.lead == g.heading_lead:
        # "1. Sở X chủ trì, phối hợp với Y" over "a) Nắm bắt …": Y works on each item
        support = [r for r in g.heading_support if r.id not in lead_ids]
    elif g.is_item and not explicit and not support and d.intro_support and not u.owner and u.lead == d.intro_lead:
        # "… phối hợp với các sở y tế và cơ quan có liên quan thực hiện một số nội dung sau:" over "1. Đẩy mạnh …"
        support = [r for r in d.intro_support if r.id not in lead_ids]
    elif u.chained and not support and g.chain_support:
        # "X chủ trì, phối hợp với Y chuẩn bị A; bố trí B; báo cáo C": the partners of the role frame
        # before the first action work on every action of the chain
        support = [r for r in g.chain_support if r.id not in lead_ids]
    opener = (c.topic_opener.match(text, skip_spaces(text, us, ue), ue)
              or c.purpose_opener.match(text, skip_spaces(text, us, ue), ue))
    # "Đối với Kế hoạch … năm 2020: Sở X …": the topic's year names the plan, it is not the task's deadline;
    # "Để chuẩn bị cho buổi lễ vào ngày 19/12, …": the purpose's day is the occasion's
    # … and "Ngày 02/11/2010 UBND tỉnh đã có công văn … chỉ đạo X …": a date before the assigning verb is the
    # narrative's, not the task's
    own_masks = ([(us, opener.end())] if opener else []) + (
        [(us, subj.verb)] if explicit and subj.verb is not None else [])
    found = find_deadlines(text, us, ue, d.ref, d.rules, d.masked.plus(own_masks) if own_masks else d.masked)
    return FoundTask(
        start=us, end=ue, action_start=u.astart, action_end=ue, section=g.sec.index if g.sec else None,
        lead=u.lead, support=support, report_to=report, deadline=pick(found),
        urgency=find_urgency(text, us, ue, d.rules),
        citations=[i for i, ci in enumerate(d.citations) if any(us <= a and b <= ue for a, b in ci.mentions)],
        action_type=_action_type(c, text, u.astart, ue),
    )


def _document_deadlines(d: _Doc) -> None:
    """Deadlines across tasks: "cùng thời hạn" takes the date before; the plan's time fills every task without one."""
    tasks = d.tasks
    for prev, t in zip(tasks, tasks[1:]):
        if t.deadline is None and prev.deadline is not None and d.c.same_deadline.search(d.text, t.start, t.end):
            t.deadline = prev.deadline  # "… gửi về Văn phòng UBND TP cùng thời hạn", "Cũng với thời hạn trên, X …": the date before
    if d.plan_deadline is not None:
        for t in tasks:
            if t.deadline is None:
                t.deadline = d.plan_deadline


def _without_repeats(text: str, tasks: list[FoundTask]) -> list[FoundTask]:
    """A news page's lede repeats a directive its body gives again ("Phó Chủ tịch … chỉ đạo các sở … khẩn trương kiểm
    tra, rà soát …" over "Giao các sở … khẩn trương kiểm tra, rà soát …"): the same leads and the same first words of
    the action make one task, the later one (the body's)."""
    def key(t: FoundTask) -> tuple:
        words = _WORDS.findall(text, t.action_start, t.action_end)[:20]
        return (frozenset(r.id for r in t.lead), tuple(w.casefold() for w in words))
    keys = [key(t) for t in tasks]
    later = set()
    out = []
    for i in range(len(tasks) - 1, -1, -1):
        k = keys[i]
        if len(k[1]) >= 8 and k in later and tasks[i].section is None:
            continue  # (numbered items may open alike: "3. Tăng cường công tác thanh tra …", "6. Tăng cường …")
        later.add(k)
        out.append(tasks[i])
    return out[::-1]


def _headlines(c: _Compiled, text: str, paragraphs) -> set[int]:
    """Starts of news headlines: a line without closing punctuation with the page's time stamp within two lines after
    it or before it."""
    out = set()
    for i, (ps, pe, _sec, _item) in enumerate(paragraphs):
        line = text[ps:pe].rstrip()
        if not line or line[-1] in ".;:!?" or len(line) > 250:
            continue
        # the next two lines of the page, web chrome included (a stamp line is chrome, not a paragraph)
        pos, seen = pe, 0
        while seen < 2 and pos < len(text):
            nxt = text.find("\n", pos + 1)
            nxt = len(text) if nxt < 0 else nxt
            qs, qe = pos + 1, nxt
            if text[qs:qe].strip():
                seen += 1
                if c.headline_stamp.match(text[qs:qe]):  # "^" anchors at the line, not at pos
                    out.add(ps)
                    break
            pos = nxt
        pos, seen = ps, 0
        while seen < 2 and pos > 0 and ps not in out:
            prv = text.rfind("\n", 0, pos - 1)
            qs, qe = prv + 1, pos - 1
            if text[qs:qe].strip():
                seen += 1
                if c.headline_stamp.match(text[qs:qe]):
                    out.add(ps)
            pos = qs
    return out


class _Timetable(NamedTuple):
    """What a timetable's opener says; its entries give the dates."""
    lead: list[AgencyRef]  # [] when each entry names its own bodies
    report_to: list[AgencyRef]
    entries_from: int  # where the entries start
    asked: Optional[tuple[int, int]]  # what the bodies send, when the opener names nobody (the entries' action)


def _timetable_opener(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> Optional[_Timetable]:
    """'Thời hạn các đơn vị gửi báo cáo về Sở Nội vụ như sau:' → its lead, report_to and where the entries start."""
    p = skip_spaces(text, s, e)
    om = c.timetable_opener.match(text, p, e)
    if not om:
        return None
    close = c.timetable_close.search(text, om.end(), e)
    if not close:
        return None
    lead, after = _agency_list(c, text, om.end(), close.start(), spans)
    if not lead:
        # "Thời gian gửi báo cáo về Bộ Tư pháp cụ thể như sau: (i) các Bộ, … là trước ngày 16/6/2020; (ii) …": each
        # entry names whose it is; the opener says what they send and to whom
        _sup, report = _roles(c, text, om.end(), close.start(), spans, set())
        return _Timetable([], report, close.end(), (om.end(), close.start())) if report else None
    if not _WORDS.search(text, after, close.start()):
        return None
    _sup, report = _roles(c, text, after, close.start(), spans, {r.id for r in lead})
    return _Timetable(lead, report, close.end(), None)


def _timetable_tasks(c: _Compiled, text: str, s: int, e: int, timetable: _Timetable, sec, ref, rules, masked,
                     spans: _Spans) -> list[FoundTask]:
    """One task per 'label: when' entry of a timetable, each with the entry's own deadline (none when its time is
    written in a way the date grammar does not read)."""
    out = []
    for m in c.timetable_entry.finditer(text, s, e):
        ws, we = m.span("when")
        found = find_deadlines(text, ws, we, ref, rules, masked)
        if not found and text[m.end("label"):ws].strip() == ":":
            continue  # "label: when" with no time at all is no entry
        ls, le = m.span("label")
        entry_lead, (a_s, a_e) = list(timetable.lead), (ls, le)
        if timetable.asked is not None:
            # an entry of an opener that named nobody: the bodies it names send what the opener says
            entry_lead = _uniq([x.ref for x in spans.within(ls, le)])
            if not entry_lead or not found:
                continue
            a_s, a_e = _strip(text, *timetable.asked)
        out.append(FoundTask(start=ls, end=_strip(text, ls, we)[1], action_start=a_s, action_end=a_e,
                             section=sec.index if sec else None, lead=entry_lead, report_to=list(timetable.report_to),
                             deadline=pick(found) if found else None, action_type=_action_type(c, text, a_s, a_e)))
    return out


def _closes_chain(c: _Compiled, text: str, t: FoundTask) -> bool:
    d = t.deadline
    if d.kind in ("by", "within"):
        return True
    clause = max(text.rfind(";", t.start, d.start) + 1, t.start)
    return bool(c.time_only.match(text[skip_spaces(text, clause, d.start):d.end]))


_CHAIN_GAP = regex.compile(r"[ ]*;[ \n]*")


def _share_chain_deadline(c: _Compiled, text: str, tasks: list[FoundTask]) -> None:
    """'Giao X rà soát A; đề xuất B; báo cáo kết quả trước ngày 30/6/2024': the deadline that closes a chain of
    actions joined by ';' governs every action of the chain that has none of its own. Only a due date ("trước",
    "chậm nhất", "trong N ngày") or a clause that only says when ("…; thực hiện trong 2 năm 2025-2026") closes a
    chain; a year or a start written in the last action belongs to that action.
    A time fronted before the first action ('Trong thời gian từ đầu tháng 1 tới ngày 15/3/2013, Công an tỉnh bố
    trí A; chỉ đạo B') scopes over the whole sentence, so over every action of the chain."""
    for chain in _chains(text, tasks, same_lead=True):
        shared = None
        if len(chain) > 1 and chain[-1].deadline is not None and _closes_chain(c, text, chain[-1]):
            shared = chain[-1].deadline
        elif (len(chain) > 1 and chain[0].deadline is not None and chain[0].deadline.date is not None
              and chain[0].deadline.end <= chain[0].action_start):
            shared = chain[0].deadline
        if shared is not None:
            for x in chain:
                if x.deadline is None:
                    x.deadline = shared
    # "Trước 10/5, các trường mầm non … nộp kế hoạch …; các trường trực thuộc Sở nộp …": a due date written before the
    # first subject scopes over every clause of the sentence, whoever acts in it
    for run in _chains(text, tasks, same_lead=False):
        first = run[0]
        if len(run) > 1 and first.deadline is not None and first.deadline.date is not None:
            om = c.sentence_opener.match(text, skip_spaces(text, first.start, first.end), first.end)
            if om is not None and om.end() >= first.deadline.end:
                for x in run[1:]:
                    if x.deadline is None:
                        x.deadline = first.deadline


def _chains(text: str, tasks: list[FoundTask], same_lead: bool) -> Iterable[list[FoundTask]]:
    """The runs of tasks joined by ';' (and, with ``same_lead``, with one lead), in order."""
    run: list[FoundTask] = []
    for t in tasks:
        if run and _CHAIN_GAP.fullmatch(text, run[-1].end, t.start) and (not same_lead or t.lead == run[-1].lead):
            run.append(t)
            continue
        if run:
            yield run
        run = [t]
    if run:
        yield run


def _under_background(c: _Compiled, text: str, sec: FoundSection, sections: list[FoundSection]) -> bool:
    s = sec
    while s is not None:
        if _is_background(c, text, s):
            return True
        s = sections[s.parent] if s.parent is not None else None
    return False


def _action_type(c: _Compiled, text: str, s: int, e: int) -> Optional[str]:
    m = c.verb_re.match(text, s, e)
    if m:
        return c.verb_types.get(regex.sub(r"[ ]+", " ", m.group(0)).casefold())
    m = c.verb_re.search(text, s, min(e, s + 60))
    return c.verb_types.get(regex.sub(r"[ ]+", " ", m.group(0)).casefold()) if m else None


def _inline_items(c: _Compiled, text: str, s: int, e: int) -> Optional[list[tuple[int, int]]]:
    """'… yêu cầu các cơ quan, đơn vị: (1) Tăng cường …; (2) Tập trung …; (3) …': the spans of an enumeration
    written inside one paragraph (two or more markers numbered from 1 or 'a', in order), the first one with the
    words before it (they name the lead). None when there is none."""
    run: list[regex.Match] = []
    letters = c.item_letters
    for m in c.inline_item_mark.finditer(text[s:e]):
        label = m.group("a") or m.group("b")
        want = "1" if not run else None
        if run:
            prev = run[-1].group("a") or run[-1].group("b")
            want = str(int(prev) + 1) if prev.isdigit() else (letters[letters.index(prev) + 1] if prev in letters[:-1] else None)
        if label == want or (not run and label == "a"):
            run.append(m)
        elif not run:
            continue
        else:
            break
    if len(run) < 2:
        return None
    starts = [s] + [s + m.end() for m in run[1:]]
    ends = [s + m.start("mark") for m in run[1:]] + [e]
    return list(zip(starts, ends))


def _directive_sentences(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> list[tuple[int, int]]:
    """The sentences of ``text[s:e]``, a chair's conclusions split at their colon: 'Chủ tịch UBND xã kết luận …: X làm
    A; Y làm B' → the speaker's words, then the directives (conclusion_colon); so is a list's introduction that names
    nobody, with its first item on the same line ('Nội dung chỉ đạo tập trung một số nhiệm vụ như: Rà soát …',
    list_intro; ``spans`` tells whether it names an agency: 'UBND các huyện thực hiện các giải pháp sau: A; B' stays
    one sentence, its subject leading every item)."""
    out = []
    for ss, se in _sentences(text, s, e):
        colon = text.find(":", ss, se)
        if colon != -1 and skip_spaces(text, colon + 1, se) < se and spans.covering(colon) is None:
            # (a colon inside a body's list is no split: "có ý kiến chỉ đạo các Bộ: Y tế, Công Thương …")
            if c.conclusion_colon.search(text[ss:colon + 1]):
                out.append((ss, colon))
                ss = skip_spaces(text, colon + 1, se)
            elif c.list_intro.search(text[ss:colon + 1]) and spans.last_within(ss, colon) is None:
                out.append((ss, colon + 1))  # the colon stays: it marks the introduction
                ss = skip_spaces(text, colon + 1, se)
        out.append((ss, se))
    return out


def _ends_with_partners(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> bool:
    """Does the clause end with a support role and its agencies ("…, phối hợp Sở Khoa học và Công nghệ")?"""
    last = None
    for m in c.support_roles.finditer(text, s, e):
        last = m
    if last is None:
        return False
    lst, after = _agency_list(c, text, last.end(), e, spans)
    return bool(lst) and skip_spaces(text, after, e) >= e


def _units(c: _Compiled, text: str, s: int, e: int, is_item: bool, spans: _Spans,
           inherited: set[str] = frozenset()) -> list[tuple[int, int]]:
    """Directive units of a paragraph (see the module docstring). An enumeration written inline ('(1) …; (2) …')
    gives one unit per item, as items on their own lines do."""
    units: list[tuple[int, int]] = []
    inline = _inline_items(c, text, s, e)
    if inline is not None:
        for a, b in inline:
            units.extend(_units(c, text, a, b, True, spans, inherited))
        return units
    for ss, se in _directive_sentences(c, text, s, e, spans):
        units.extend(_sentence_units(c, text, ss, se, is_item, spans))
    if is_item and len(units) > 1:
        units = _item_units(c, text, units, spans, inherited)
    return [_strip(text, a, b) for a, b in units]


def _sentence_units(c: _Compiled, text: str, ss: int, se: int, is_item: bool, spans: _Spans) -> list[tuple[int, int]]:
    """The units of one sentence: its clauses, each joined to the unit before it or opening a unit of its own."""
    units: list[tuple[int, int]] = []
    clauses = [part for cs, ce in _clauses(text, ss, se, c.consequence_break)
               for part in _split_at_new_actor(c, text, cs, ce, spans)]
    cur: Optional[list[int]] = None
    pending_subject: Optional[int] = None
    prev_end = ss
    support_open = False  # the unit so far ends in "phối hợp (với) <agencies>"
    for cs, ce in clauses:
        elided = "…" in text[prev_end:cs]  # the fragment goes on after an excerpt's ellipsis
        prev_end = ce
        # A clause that is only a subject ("Chánh Văn phòng UBND tỉnh;") joins the next one.
        lst, after = _agency_list(c, text, cs, ce, spans)
        if lst and cur is not None and support_open and pending_subject is None:
            # "… chủ trì, phối hợp Sở Khoa học và Công nghệ; Viễn thông Đồng Nai; UBND cấp xã và các đơn vị liên
            # quan thực hiện …": the partners listed with ';' go on, and the action after them is the lead's
            cur[1] = ce
            support_open = skip_spaces(text, after, ce) >= ce
            continue
        support_open = False
        if (not lst or skip_spaces(text, after, ce) < ce) and pending_subject is None and cur is None:
            # "Giao các sở, ngành tỉnh; UBND các huyện; Ban Quản lý … rà soát …", "UBND tỉnh yêu cầu các Sở: Xây
            # dựng; Công Thương; Y tế chủ động …": the first addressees
            sj = _subject(c, text, cs, ce, spans)
            if sj is not None and sj.explicit and sj.lead and (
                    not lst or sj.addressed and skip_spaces(text, sj.after, ce) >= ce):
                lst, after = sj.lead, sj.after
        if lst and skip_spaces(text, after, ce) >= ce:
            if pending_subject is None:
                pending_subject = cs
            continue
        start = pending_subject if pending_subject is not None else cs
        pending_subject = None
        if cur is None:
            cur = [start, ce]
            support_open = _ends_with_partners(c, text, cs, ce, spans)
            continue
        if _opens_unit(c, text, cs, ce, is_item, elided, spans):
            units.append((cur[0], cur[1]))
            cur = [start, ce]
        else:
            cur[1] = ce
        support_open = _ends_with_partners(c, text, cs, ce, spans)
    if pending_subject is not None:
        if cur is None:
            cur = [pending_subject, se]
        else:
            cur[1] = se
    if cur is not None:
        units.append((cur[0], cur[1]))
    return units


def _opens_unit(c: _Compiled, text: str, cs: int, ce: int, is_item: bool, elided: bool, spans: _Spans) -> bool:
    """Does the clause open a unit of its own (a new actor, a directive, its own deadline) rather than join the last?"""
    subj = _subject(c, text, cs, ce, spans)
    new_subject = subj is not None and subj.explicit and subj.lead
    if new_subject and subj.after > cs and not _acts_after(c, text, subj.after, ce):
        # "…; các doanh nghiệp, nhà hàng, khách sạn; hộ gia đình …": objects of the action before, no new actor
        new_subject = False
    if (_reports_on_work(c, text, cs, ce, spans) or c.time_only.match(text[cs:ce])) and not new_subject:
        return False
    if new_subject:
        return True
    if not is_item and not elided and _starts_directive(c, text, cs, ce):
        return True
    if c.own_deadline.search(text, cs, ce):
        # "…: Dự thảo Nghị quyết …, trình … tháng 11/2019; Dự thảo Chỉ thị …, trình … trong tháng 11/2019"
        return True
    return not is_item and _opens_with_deadline_and_agency(c, text, cs, ce, spans)


def _item_units(c: _Compiled, text: str, units: list[tuple[int, int]], spans: _Spans,
                inherited: set[str]) -> list[tuple[int, int]]:
    """An item's units merged into one task unless a later part names a lead of its own (a different one)."""
    merged = [list(units[0])]
    first = _subject(c, text, units[0][0], units[0][1], spans)
    cur_lead = {r.id for r in first.lead} if first is not None and first.explicit else set(inherited)
    for us, ue in units[1:]:
        subj = _subject(c, text, us, ue, spans)
        lead = subj.lead if subj is not None and subj.explicit else []
        if not lead and c.submission_owner.match(text, skip_spaces(text, us, ue), ue):
            lead = _owner(c, text, us, ue, spans)  # "Ý kiến … của các cơ quan, địa phương gửi về …": theirs to send
        if lead and {r.id for r in lead} != cur_lead:
            merged.append([us, ue])
            cur_lead = {r.id for r in lead}
        else:
            merged[-1][1] = ue
    return [(a, b) for a, b in merged]


def _acts_after(c: _Compiled, text: str, p: int, e: int) -> bool:
    """Does a predicate follow a subject ending at ``p``: a deontic or role word, a passive assignment, a colon,
    a narrative predicate ("đã cấp …", "là …": a clause of its own, kept apart and dropped as no directive), or a
    verb (after openers and manner words)?"""
    q = skip_spaces(text, p, e)
    if (q >= e or text[q] == ":" or c.deontic.match(text, q, e) or c.passive.match(text, q, e)
            or c.narrative.match(text, q, e)):
        return True
    if c.duty_near.search(text[q:min(e, q + 40)].split(",")[0]):
        return True  # "Phó Trưởng Ban (Giám đốc Sở X) ít nhất 10 ngày phải …"
    q2 = _action_start(c, text, q, e, _Spans([]))
    return _starts_directive(c, text, q2, e) or _starts_directive(c, text, q, e)


def _reports_on_work(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> bool:
    """'…; báo cáo UBND tỉnh trước ngày …', '…; báo cáo kết quả …': a report on the clause before (see report_on_work)."""
    if not c.report_clause.match(text, s, e):
        return False
    if spans.within(s, e) or c.report_on_work.search(text, s, e):
        return True
    return any(d.kind != "recurring" for d in find_deadlines(text, s, e, None, c.rules, []))


def _owner(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> list[AgencyRef]:
    """'(giao) từ ngày 22/5/2020, 100% văn bản … của các sở, ban, ngành …': the agency whose work it is."""
    p = skip_spaces(text, s, e)
    om = c.sentence_opener.match(text, p, e)
    if om:
        p = om.end()
    sub = c.submission_owner.match(text, p, e)
    if sub:
        # "Ý kiến … của các cơ quan, địa phương gửi về Văn phòng UBND tỉnh trước …": the senders named after "của"
        n = len(spans.mentions)
        refs, after = _agency_list(c, text, sub.end(), e, spans)
        if refs and c.submission_verb.match(text, skip_spaces(text, after, e), e):
            return refs
        spans.discard_since(n)  # "uy tín của doanh nghiệp … mà còn …": nobody sends anything, no collective named
    for dm in c.agent_do.finditer(text, p, e):
        # "Đề án … do UBND huyện Vũng Liêm làm chủ đầu tư, tiến hành …": the body named after "do" with its role
        m = spans.at(dm.end())
        if m is not None and m.end <= e and c.agent_role.match(text, skip_spaces(text, m.end, e), e):
            return [] if c.agent_past.search(text, p, m.start) else [m.ref]
    head = c.owner_opener.match(text, p, e)
    if not head:
        av = c.assign.search(text, p, min(e, p + 25))  # "giao từ ngày 22/5/2020, …"
        if av:
            head = c.owner_opener.match(text, skip_spaces(text, av.end(), e), e)
    if not head:
        return []
    for m in spans.within(p, e):
        before = text[max(s, m.start - 25):m.start]
        if c.support_roles.search(before) or c.report_roles.search(before):
            continue
        return [m.ref]
    return []


def _opens_with_action(c: _Compiled, text: str, s: int, e: int) -> bool:
    """Does the unit open with an action of its own (a verb or a manner word, no assigning verb, no 'Label:' before)?"""
    p = skip_spaces(text, s, e)
    colon = text.find(":", p, min(e, p + 60))
    if colon != -1 or c.assign.match(text, p, e):
        return False
    return _starts_directive(c, text, p, e)


def _opens_with_deadline_and_agency(c: _Compiled, text: str, s: int, e: int, spans: _Spans) -> bool:
    if not c.from_date_opening.match(text[s:e]):
        return False
    return bool(spans.within(s, e))
