"""Named components: declared order, validation when a fact is set, failures as warnings."""

from __future__ import annotations

import pytest

from pipeline.assemble import build_record, pipeline_components, run_components
from pipeline.model.components import Component, analyze, ordered
from pipeline.model.document import Document
from schemas.models import PlanRecord, Reference, SourceInfo
from tests.conftest import SAMPLES, doc_from_text

SEED = SAMPLES / "004_abbd3a2678e50d31.txt"


def test_every_requirement_is_assigned_by_an_earlier_component():
    components = pipeline_components()
    assert analyze(components) == []
    names = [c.name for c in components]
    assert names.index("metadata") < names.index(
        "references"
    )  # references skip the plan's own number
    assert names.index("tables") < names.index("targets")
    assert names.index("locality") < names.index("citation_keys")  # keys carry the plan's province
    assert [c.stage for c in components] == sorted(
        (c.stage for c in components), key=("extract", "resolve", "check").index
    )


def test_analyze_reports_a_requirement_met_too_late():
    noop = lambda doc, record: None  # noqa: E731
    late = [
        Component("b", "extract", ("x",), ("y",), noop),
        Component("a", "extract", ("y",), (), noop),
    ]
    assert analyze(late) == [
        "b requires y, which no earlier component assigns",
        "b requires y, which a assigns after it",
    ]
    assert [c.name for c in ordered(late)] == ["a", "b"]


def _record() -> PlanRecord:
    return PlanRecord(source=SourceInfo(path="x", sha256="0", format="txt"), text="")


def _broken(doc: Document, record: PlanRecord) -> list[Reference]:
    raise RuntimeError("boom")


def _wrong_shape(doc: Document, record: PlanRecord) -> str:
    return "not a list of references"


@pytest.mark.parametrize("func", [_broken, _wrong_shape])
def test_a_failing_component_leaves_a_warning_and_every_other_fact(func):
    doc = doc_from_text(SEED.read_text(encoding="utf-8"))
    components = [
        c
        if c.name != "references"
        else Component("references", "extract", c.assigns, c.requires, func)
        for c in pipeline_components()
    ]
    record = _record()
    run_components(doc, record, components, strict=False)
    assert record.references == []
    assert any(w.startswith("references: component failed") for w in record.warnings)
    assert record.metadata.number is not None and record.metadata.number.value == "139/KH-UBND"
    assert record.targets and record.sections


def test_strict_mode_raises():
    doc = doc_from_text("Số: 12/KH-UBND")
    broken = Component("references", "extract", ("references",), (), _broken)
    with pytest.raises(RuntimeError):
        run_components(doc, _record(), [broken], strict=True)


def test_seed_record_has_sections_and_zones():
    record = build_record(SEED)
    kinds = [z.kind for z in record.zones]
    assert kinds[:3] == ["header", "doctype", "title"] and "body" in kinds and "closing" in kinds
    assert record.sections and record.sections[0].number == "I"
