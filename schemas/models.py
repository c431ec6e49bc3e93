"""Output contract v1 as pydantic models: the single source of the JSON Schema.

Field names follow ``shared/design/architecture.md``; renaming or removing one needs a
new ``schema_version``. Every fact carries a ``span`` into ``PlanRecord.text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1.0"] = "1.0"

# The closed vocabularies of the contract, named once for the models and the code that fills them.
Format = Literal["pdf", "docx", "doc", "html", "txt", "md", "image"]
Grammar = Literal["state", "normative", "party", "unknown"]
IssuerKind = Literal["state", "party", "council", "other"]
Level = Literal["central", "province", "district", "commune"]
Precision = Literal["day", "month", "year"]
Authority = Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]
Relation = Literal["basis", "implements", "cites"]
ZoneKind = Literal[
    "preamble",
    "header",
    "doctype",
    "title",
    "bases",
    "body",
    "closing",
    "signature",
    "recipients",
    "appendix",
]
TargetKind = Literal[
    "level", "change", "count", "coverage", "ceiling", "floor", "range", "baseline"
]
Role = Literal["lead", "support", "assigned"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Code-point offsets into the record's ``text`` (end exclusive)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


PagesSource = Literal["pdf", "docProps", "estimate"]


class SourceInfo(Model):
    path: str
    sha256: str
    format: Format
    pages: int | None = None
    # Where ``pages`` comes from: the PDF itself, the count Word saved in a DOCX's
    # docProps/app.xml, or an estimate from the text's length (~1,800 characters a page).
    pages_source: PagesSource | None = None
    ocr: bool = False
    ocr_confidence: float | None = None  # mean Tesseract word confidence (0-1) when ocr is true
    needs_ocr: bool = False
    legacy_encoding: str | None = None


class NumberSymbol(Model):
    value: str
    number: str | None = None
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    grammar: Grammar = "unknown"
    span: Span
    page: int | None = None


class Issuer(Model):
    name: str | None = None  # None: the body is known only by its kind ("ủy ban nhân dân xã")
    parent: str | None = None
    kind: IssuerKind = "other"
    level: Level | None = None
    inferred: bool = False
    source: str | None = None
    span: Span | None = None
    page: int | None = None


class Successor2025(Model):
    province: str | None = None
    province_code: str | None = None
    note: str | None = None


class Locality(Model):
    name: str
    type: str | None = None
    province: str | None = None
    code: str | None = None
    province_code: str | None = None
    successor_2025: Successor2025 | None = None


class DateValue(Model):
    value: str
    precision: Precision
    span: Span
    page: int | None = None


class Period(Model):
    start: int | None = None
    end: int | None = None


class Signer(Model):
    name: str | None = None
    position: str | None = None
    authority: Authority | None = None
    span: Span
    page: int | None = None


class Metadata(Model):
    doc_type: str | None = None
    number: NumberSymbol | None = None
    issuer: Issuer | None = None
    locality: Locality | None = None
    place: str | None = None
    date: DateValue | None = None
    title: str | None = None
    title_span: Span | None = None
    period: Period | None = None
    signer: Signer | None = None
    recipients: list[str] | None = None


# When one document is cited several times, the strongest relation describes the citation.
RELATION_STRENGTH = {"basis": 3, "implements": 2, "cites": 1}


class Reference(Model):
    """One mention of another document. ``key`` is the same for every mention of one document
    (type-independent number, plus the year when the number alone repeats across years)."""

    text: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    name: str | None = None
    relation: Relation = "cites"
    key: str | None = None
    span: Span
    page: int | None = None


class Target(Model):
    """A quantified target (or, with ``kind: "baseline"``, a figure of the current situation).
    ``indicator`` is an id of ``extractors/data/indicators.json`` or null, never a guess."""

    text: str
    indicator: str | None = None
    label: str
    value: float | None = None
    unit: str | None = None
    kind: TargetKind = "level"
    baseline: float | None = None
    min: float | None = None
    max: float | None = None
    per_year: bool = False
    year: int | None = None
    period: Period | None = None
    scope: str | None = None
    direction: str | None = None
    table: str | None = None  # id of the appendix table a per-unit target was read from
    # which row of that table: a unit's, a group's or the total of a per-unit table, or an indicator
    # of an indicator table (rows are indicators, columns years: the plan's own targets)
    table_row: Literal["total", "group", "unit", "indicator"] | None = None
    span: Span
    page: int | None = None


class Table(Model):
    id: str
    caption: str | None = None
    page: int | None = None
    header: list[list[str]] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    span: Span


class Deadline(Model):
    """A time limit as written and parsed: ``trước ngày 10/12 hàng năm`` -> recurrence "yearly",
    month 12, day 10; ``trước ngày 30/6/2023`` -> date "2023-06-30"; ``trong quý II/2024`` ->
    date "2024-Q2"; ``định kỳ 6 tháng`` -> recurrence "half-yearly"."""

    text: str
    date: str | None = None
    recurrence: Literal["yearly", "half-yearly", "quarterly", "monthly", "weekly"] | None = None
    month: int | None = None
    day: int | None = None
    span: Span


class AgencySuccessor(Model):
    """What took over a body after the 2025 reorganisation (null names: abolished, no successor)."""

    names: list[str] = Field(default_factory=list)
    also: list[str] = Field(default_factory=list)
    note: str | None = None


class Responsibility(Model):
    """An agency given a role in the plan: ``lead`` (chủ trì, cơ quan thường trực, đầu mối),
    ``support`` (phối hợp, tham gia) or ``assigned`` (tasks without a stated role), in one
    statement (a numbered item of Tổ chức thực hiện, a "Phân công thực hiện" line, a sentence or
    a table row). ``agency_id`` is the lexicon's body (pipeline/model/data/agencies.json)."""

    agency: str
    agency_canonical: str | None = None
    agency_id: str | None = None
    level: Level | None = None
    collective: bool = False
    locality: str | None = None
    successor_2025: AgencySuccessor | None = None
    role: Role = "assigned"
    tasks: list[str] = Field(default_factory=list)
    task_spans: list[Span] = Field(default_factory=list)
    programme_items: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list)
    schedule: list[Deadline] = Field(default_factory=list)
    section: str | None = None
    span: Span
    page: int | None = None


class ProgrammeItem(Model):
    """A project of the programme the plan covers: ``DA4.TDA1`` (Tiểu dự án 1 of Dự án 4 of the
    2021-2025 national poverty programme), with the section it heads when it heads one."""

    id: str
    label: str
    section: str | None = None
    span: Span


class ResponsibilityMatrix(Model):
    """Agencies x programme items (or task groups when the plan has none): the role in each cell."""

    agencies: list[str]
    columns: list[str]
    cells: list[list[Role | None]]


class Section(Model):
    """One item of the outline. ``number`` is the path of markers from the top ("III.2.1"), null
    for ``-``/``+`` items; ``span`` covers the whole section, ``heading_span`` its heading;
    ``parent`` is the index of the enclosing section in ``sections``."""

    number: str | None = None
    marker: str = ""
    heading: str
    level: int = Field(ge=1)
    parent: int | None = None
    span: Span
    heading_span: Span | None = None
    page: int | None = None


class Zone(Model):
    """A part of the document found by the segment stage (preamble: a web page's own text before
    the document; header, doctype, title, bases, body, closing, recipients, appendix); ``label``
    is the document type or the appendix caption."""

    kind: ZoneKind
    label: str | None = None
    span: Span
    page: int | None = None


class Check(Model):
    """A consistency finding; ``evidence`` holds every span it rests on (text and tables)."""

    id: str
    status: Literal["pass", "fail", "skip"]
    message: str
    span: Span | None = None
    evidence: list[Span] = Field(default_factory=list)


class PlanRecord(Model):
    """One normalised, evidence-backed record per input document."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: SourceInfo
    text: str
    metadata: Metadata = Field(default_factory=Metadata)
    references: list[Reference] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    programme_items: list[ProgrammeItem] = Field(default_factory=list)
    responsibility_matrix: ResponsibilityMatrix | None = None
    sections: list[Section] = Field(default_factory=list)
    zones: list[Zone] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
