"""Doubling a document at most doubles the work of every stage: read, normalise, segment, each
component (extractors, resolvers, checks) and the redaction of personal data. Work is counted in
operations (calls and characters scanned by regular expressions, ``tests.opcount``), never timed:
timings are ``make bench``'s.

Documents are made from the seeds' own text: a plan whose body is twice as long (header and
closing once), its paragraphs as they are or run into one paragraph (a PDF text layer without line
breaks reads like that); and a PDF whose pages are there twice.
A step that loops over pairs, or searches to the end of the text for each item it finds, makes
the ratio tend to 4.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.assemble import document_for, pipeline_components, run_components
from pipeline.model.source import Source
from pipeline.normalize import normalise
from pipeline.readers import read
from pipeline.redact import redact_personal_data
from pipeline.segment import segment
from schemas.models import PlanRecord, SourceInfo
from tests.conftest import SAMPLES
from tests.opcount import operations

TOLERANCE = 2.3  # doubling may cost at most 2.3x (a fixed cost makes it less than 2)
SEEDS = sorted(p.name for p in SAMPLES.glob("*.txt"))


def _stage_operations(path: Path) -> dict[str, int]:
    """Operations of each stage of ``build_record`` on one file."""
    out: dict[str, int] = {}
    out["read"], source = operations(lambda: read(path))
    assert isinstance(source, Source)
    out["normalise"], doc = operations(lambda: normalise(source))
    out["segment"], doc = operations(lambda: segment(doc))
    record = PlanRecord(
        source=SourceInfo(path=str(path), sha256="", format=source.format),  # type: ignore[arg-type]
        text=doc.text,
    )
    for comp in pipeline_components():  # each run, checked and set as build_record does
        out[comp.name], _ = operations(lambda c=comp: run_components(doc, record, [c], True))  # type: ignore[misc]
    out["redact"], _ = operations(lambda: redact_personal_data(record, doc))
    return out


def _doubling(single_path: Path, double_path: Path, what: str) -> None:
    """Counts of both files, after one untimed pass that pays imports and fills caches."""
    _stage_operations(single_path)
    single, double = _stage_operations(single_path), _stage_operations(double_path)
    for stage, ops in single.items():
        assert double[stage] <= TOLERANCE * ops + 1000, (
            f"{stage}: {ops} -> {double[stage]} operations when the {what} doubles"
        )


@lru_cache
def _parts(seed: str) -> tuple[str, list[tuple[int, int]], str, str]:
    """A seed's normalised text cut around its body: what comes before, the body's lines (as
    spans), and what comes after (closing, appendices)."""
    doc = document_for(SAMPLES / seed)[1]
    body = doc.zone("body")
    assert body is not None
    lines = doc.lines[body.first : body.last + 1]
    spans = [(ln.start, ln.end) for ln in lines]
    return doc.text[: spans[0][0]], spans, doc.text[spans[-1][1] :], doc.text


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(SEEDS),
    lines=st.integers(min_value=20, max_value=300),
    one_paragraph=st.booleans(),
)
def test_doubling_a_plan_at_most_doubles_each_stage(tmp_path, seed, lines, one_paragraph):
    """A plan with its body twice as long (header and closing once): its first ``lines`` body
    lines, then the same again; as they are, or as one paragraph."""
    head, spans, tail, text = _parts(seed)
    body = text[spans[0][0] : spans[min(lines, len(spans)) - 1][1]]
    if one_paragraph:
        body = " ".join(body.split())
    joint = " " if one_paragraph else "\n\n"
    single, double = tmp_path / "x1.txt", tmp_path / "x2.txt"
    single.write_text(head + body + tail, encoding="utf-8")
    double.write_text(head + body + joint + body + tail, encoding="utf-8")
    _doubling(single, double, "body as one paragraph" if one_paragraph else "body")


def test_doubling_a_pdf_at_most_doubles_each_stage(tmp_path):
    # Seed 000 holds ruled tables: the reader once reopened the file for each of their pages.
    source = pdfium.PdfDocument(str(SAMPLES / "000_3dc63f02c7a2b475.pdf"))
    paths = []
    for times in (1, 2):
        pdf = pdfium.PdfDocument.new()
        for _ in range(times):
            pdf.import_pages(source, pages=list(range(8, 16)))  # the first tables, and text
        paths.append(tmp_path / f"x{times}.pdf")
        pdf.save(str(paths[-1]))
        pdf.close()
    source.close()
    _doubling(paths[0], paths[1], "PDF")
