"""Every header field of the five seed plans equals the hand-made gold, in every format that
carries the information (text, DOCX, text-layer PDF, .doc)."""

import shutil

import pytest

from pipeline.assemble import build_record
from pipeline.corpus.evaluate import SCALAR_FIELDS, _get, _norm, merge_mentions
from pipeline.model.grammar import symbol_key
from tests.conftest import SAMPLES

SEEDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))
FORMATS = ["txt", "docx", "pdf", "doc"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_header_equals_gold(seed, fmt, seed_gold):
    if fmt == "doc" and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice not installed")
    built = build_record(SAMPLES / f"{seed}.{fmt}")
    record = built.model_dump()
    gold = seed_gold[seed]["metadata"]
    wrong = []
    for field in SCALAR_FIELDS:
        annotated, expected = _get(gold, field)
        if annotated:
            _, got = _get(record["metadata"], field)
            if _norm(field, expected) != _norm(field, got):
                wrong.append(f"{field}: expected {expected!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)
    expected = {_norm("r", r) for r in gold["recipients"]}
    got = {_norm("r", r) for r in record["metadata"]["recipients"] or []}
    assert got == expected
    # every numbered citation of the gold, and nothing else, with its date and type
    gold_refs = {symbol_key(r["number"]): r for r in seed_gold[seed]["references"] if r["number"]}
    pred_refs = merge_mentions(built.references)
    assert set(pred_refs) == set(gold_refs)
    for key, ref in gold_refs.items():
        assert pred_refs[key]["date"] == ref["date"], key
        assert _norm("reference.doc_type", pred_refs[key]["doc_type"]) == _norm(
            "reference.doc_type", ref["doc_type"]
        ), key


def test_locality_resolved_with_gso_codes_and_2025_successor():
    meta = build_record(SAMPLES / "002_e96895803e866879.docx").metadata
    assert (meta.locality.name, meta.locality.code) == ("Yên Bái", "15")
    assert meta.locality.successor_2025.province == "Lào Cai"
    city = build_record(SAMPLES / "000_3dc63f02c7a2b475.txt").metadata.locality
    assert (city.name, city.type, city.province, city.code) == (
        "Yên Bái",
        "thành phố",
        "Yên Bái",
        "132",
    )


def test_spans_point_at_the_text_they_claim(tmp_path):
    record = build_record(SAMPLES / "004_abbd3a2678e50d31.pdf")
    meta = record.metadata
    assert (
        record.text[meta.number.span.start : meta.number.span.end].replace(" ", "") == "139/KH-UBND"
    )
    assert "ngày 14 tháng 6 năm 2024" in record.text[meta.date.span.start : meta.date.span.end]
    assert meta.number.page == 1
