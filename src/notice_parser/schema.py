"""The output contract: pydantic models of a task graph.

``SCHEMA_VERSION`` names the contract. Field names are the contract: fields may be
added, none is renamed or removed without a new major version. The JSON Schema of
these models is committed as ``schema/taskgraph.schema.json`` and a test keeps the
two in step, so every change to the contract is a visible diff.

Every ``start``/``end`` pair is a character offset into the ORIGINAL text handed to
``parse`` (``text[start:end]`` is exactly the span's ``text``).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.5"  # 1.5 adds the due basis "text_year"; 1.4 adds TaskGraph.review and Document.source_kind; 1.3 adds date_source "signature"; 1.2 Deadline.due and .basis; 1.1 Task.review; older output stays valid

DeadlineKind = Literal["by", "from", "on", "within", "recurring", "period"]
AgencyKind = Literal["single", "group"]
EdgeKind = Literal["contains", "lead", "support", "report_to", "cites", "based_on"]
ReviewStatus = Literal["pending", "accepted", "corrected", "rejected", "added"]
DateSource = Literal["reference", "header", "signature", "opening", "byline", "reported", "symbol_year", "none"]
DueBasis = Literal["named_date", "document_date", "byline", "text_year"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of the original text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Signer(_Model):
    name: Optional[str] = None
    title: Optional[str] = None


class Document(_Model):
    source: Optional[str] = Field(None, description="Path or name the text came from.")
    content_hash: str = Field(description="sha256 of the original text (UTF-8).")
    file_sha256: Optional[str] = Field(None, description="sha256 of the file's bytes, when parsed from a file.")
    doc_type: Optional[str] = Field(None, description='"Thông báo", "Quyết định", "Kế hoạch", …')
    symbol: Optional[str] = Field(None, description='Số, ký hiệu: "295/TB-UBND".')
    issuer: Optional[str] = None
    issued_on: Optional[Date] = None
    date_source: DateSource = Field(
        "none", description="Where issued_on came from: header, the electronic signature's stamp (signature), "
        "opening sentence, web byline, the date of the document a news page reports (reported), the symbol's year, "
        "or reference_date=."
    )
    source_kind: Optional[Literal["document", "news"]] = Field(
        None, description="document: the text has a formal header (number or place and date); news: a news or portal "
        "page (dated by its byline or opening, or describing the one document it reports); null when neither shows.")
    place: Optional[str] = None
    title: Optional[str] = None
    signer: Optional[Signer] = None
    recipients: list[str] = Field(default_factory=list)
    self_references: list[Span] = Field(
        default_factory=list, description='Where the text names itself ("Kế hoạch này", "Quyết định này").'
    )


class Section(_Model):
    id: str
    label: str = Field(description='"II", "1", "1.2", "a", "-", "+".')
    heading: str = Field(description="The item's first line, up to its colon when it has one.")
    level: int = Field(ge=1)
    parent_id: Optional[str] = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Pinpoint(_Model):
    article: Optional[str] = Field(None, description="Điều")
    clause: Optional[str] = Field(None, description="khoản")
    point: Optional[str] = Field(None, description="điểm")


class Citation(_Model):
    id: str
    key: str = Field(description="Canonical key, the same wherever the document is cited.")
    doc_type: Optional[str] = None
    symbol: Optional[str] = None
    number: Optional[str] = None
    year: Optional[int] = None
    issuer_code: Optional[str] = None
    issuer: Optional[str] = None
    issued_on: Optional[Date] = None
    title: Optional[str] = Field(None, description="For laws cited by name.")
    pinpoint: Optional[Pinpoint] = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    mentions: list[Span] = Field(default_factory=list, description="Every mention, the first included.")


class Agency(_Model):
    id: str
    name: str = Field(description="Canonical full name, abbreviations expanded.")
    kind: AgencyKind
    known: bool = Field(True, description="False when recognised by pattern only, not in the gazetteer.")
    mentions: list[Span] = Field(default_factory=list)


class Deadline(_Model):
    text: str
    kind: DeadlineKind
    date: Optional[Date] = None
    end_date: Optional[Date] = None
    every: Optional[str] = Field(None, description="ISO 8601 duration for recurring deadlines (P7D, P1M).")
    due: Optional[Date] = Field(
        None, description="The date by which the task must be done, for sorting and reminders: by/on its date, "
                          "period its last day, within the resolved end, recurring the next occurrence on or after "
                          "the document date; null for 'from' and for what could not be resolved (a warning says so).")
    basis: Optional[DueBasis] = Field(
        None, description="Where `due` comes from: named_date (the text names the full date), document_date (a "
                          "relative or year-less expression resolved against the document's date), byline (against "
                          "a news page's time stamp), text_year (a year-less day on a page with no date of its own, "
                          "in the one year its text names); null when there is no due date.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class TaskReview(_Model):
    """A reviewer's decision on a task (see ``notice-parser review``)."""

    status: ReviewStatus = Field("pending", description="pending, accepted, corrected, rejected, or added by a reviewer.")
    note: str = ""
    changed: list[str] = Field(default_factory=list, description="The fields the reviewer corrected.")
    needs_review: bool = Field(
        False, description="The decision was made on a different text of this task (a re-parse after a rules or "
        "text update moved it): check it again.")
    reason: Optional[str] = Field(None, description="Why needs_review is set.")


class Task(_Model):
    id: str
    section_id: Optional[str] = None
    text: str = Field(description="The whole directive.")
    action: str = Field(description="The verb phrase as one line (whitespace folded, closing punctuation and './.' "
                                    "dropped); action_start/action_end give its extent in the original text.")
    action_type: Optional[str] = Field(None, description="report, review, build, deploy, advise, coordinate, …")
    action_start: int = Field(ge=0)
    action_end: int = Field(ge=0)
    lead: list[str] = Field(default_factory=list, description="Agency ids.")
    support: list[str] = Field(default_factory=list)
    report_to: list[str] = Field(default_factory=list)
    deadline: Optional[Deadline] = None
    urgency: Optional[str] = Field(None, description='"khẩn trương", "ngay", "kịp thời" …')
    citation_ids: list[str] = Field(default_factory=list)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    review: Optional[TaskReview] = Field(
        None, description="The reviewer's decision, when the task was reviewed. A reviewed action or deadline may be "
        "the reviewer's own words; its offsets then cover the whole task.")


class UnappliedDecision(_Model):
    line: int = Field(ge=1, description="Line of the review file.")
    problem: str


class GraphReview(_Model):
    """Which reviewer decisions a re-parse (``parse --reviewed``) carried onto this notice."""

    file: str = Field(description="The review file.")
    matched_by: Literal["content_hash", "identity", "path", "file_name"] = Field(
        description="How the notice was recognised: the same text (content_hash), the same document symbol, issuer "
        "and date (identity), the same file (path), or the same file name with the reviewed tasks still in the text.")
    applied: list[int] = Field(default_factory=list, description="Lines of the review file applied to this notice.")
    unapplied: list[UnappliedDecision] = Field(
        default_factory=list, description="Lines meant for this notice that could not be applied, with the problem.")


class Edge(_Model):
    source: str
    target: str
    kind: EdgeKind


class TaskGraph(_Model):
    schema_version: str = SCHEMA_VERSION
    parser_version: str
    rules_version: Optional[str] = Field(None, description="Hash of the rules in use: changes when a rule changes.")
    document: Document
    sections: list[Section] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    review: Optional[GraphReview] = Field(None, description="Set by a re-parse with reviewer decisions.")

    def agency(self, agency_id: str) -> Optional[Agency]:
        """The agency with this id, or None."""
        for a in self.agencies:
            if a.id == agency_id:
                return a
        return None

    def agency_names(self, ids: list[str]) -> list[str]:
        """Canonical names for a list of agency ids (as a reviewer reads them)."""
        by_id = {a.id: a.name for a in self.agencies}
        return [by_id.get(i, i) for i in ids]


def json_schema() -> dict:
    """The JSON Schema of a task graph (what ``notice-parser schema`` prints)."""
    schema = TaskGraph.model_json_schema()
    schema["$id"] = f"https://notice-parser/schema/taskgraph-{SCHEMA_VERSION}.json"
    schema["title"] = "TaskGraph"
    return schema
