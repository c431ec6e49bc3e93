"""Citation grammar on the real lines it came from (seeds and corpus), and properties on any
input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.references import find_references
from pipeline.corpus.graph import build_graph, citing_records
from pipeline.model.grammar import canonical_symbol
from pipeline.resolve.citations import citation_key, keyed
from schemas.models import PlanRecord
from tests.conftest import doc_from_blocks, doc_from_text


def _refs(text: str, own: str | None = None):
    return find_references(doc_from_text(text), own)


def test_implements_and_nested_citation():  # seed 000
    refs = _refs(
        "Thực hiện Chương trình hành động số 32-CTr/TU ngày 31/12/2021 của Thành ủy về thực"
        " hiện Nghị quyết số "
        "61-NQ/TU ngày 20/10/2021 của Ban thường vụ Tỉnh ủy về tiếp tục lãnh đạo có hiệu quả"
        " công tác giảm nghèo."
    )
    assert [(r.doc_type, r.number, r.date, r.issuer, r.relation) for r in refs] == [
        ("Chương trình hành động", "32-CTr/TU", "2021-12-31", "Thành ủy", "implements"),
        ("Nghị quyết", "61-NQ/TU", "2021-10-20", "Ban thường vụ Tỉnh ủy", "cites"),
    ]
    assert refs[0].subject.startswith("về thực hiện Nghị quyết")


def test_basis_without_so_and_list_after_verb():  # seed 001
    refs = _refs(
        "Căn cứ Kế hoạch 721/KH-UBND ngày 02/3/2023 của Ủy ban nhân dân tỉnh về thực hiện"
        " công tác giảm nghèo;\n"
        "Thực hiện Nghị quyết 04-NQ/TU ngày 23/4/2021 của Ban Thường vụ Thành Ủy về tăng"
        " cường sự lãnh đạo; "
        "Nghị quyết số 144/NQ-HĐND ngày 15/12/2022 của Hội đồng nhân dân thành phố về kế"
        " hoạch năm 2023;"
    )
    assert [(r.number, r.relation) for r in refs] == [
        ("721/KH-UBND", "basis"),
        ("04-NQ/TU", "implements"),
        ("144/NQ-HĐND", "implements"),
    ]
    assert refs[0].issuer == "Ủy ban nhân dân tỉnh" and refs[0].subject.startswith("về thực hiện")


def test_long_date_and_normative_number():  # nat-tt-01-2025-bldtbxh
    (ref,) = _refs(
        "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ quy định"
        " chức năng, nhiệm vụ;"
    )
    assert (ref.number, ref.date, ref.issuer, ref.relation) == (
        "62/2022/NĐ-CP",
        "2022-09-12",
        "Chính phủ",
        "basis",
    )
    assert (
        keyed([ref], "Yên Bái")[0].key == "62/2022/NĐ-CP"
    )  # the year is in the number: no province


def test_comma_before_date_and_party_number_without_hyphen():  # vbai-cv-8977-bnv
    refs = _refs(
        "thực hiện theo Kết luận 174 KL/TW ngày 4/7/2025, Kết luận 177-KL/TW, ngày 11/7/2025;"
        " của Bộ Chính trị"
    )
    assert [(r.number, r.date) for r in refs] == [
        ("174-KL/TW", "2025-07-04"),
        ("177-KL/TW", "2025-07-11"),
    ]


def test_stray_spaces_in_symbols():
    assert canonical_symbol("169 -KH/TU") == "169-KH/TU"
    assert canonical_symbol("139/KH - UBND") == "139/KH-UBND"
    assert canonical_symbol("126/2024/NĐ-CP1") == "126/2024/NĐ-CP"  # footnote mark
    (ref,) = _refs(
        "Công văn số 191 1/BNV-TCPCP ngày 29/4/2025 của Bộ Nội vụ;"
    )  # kerning split, vbai-cv-3917
    assert ref.number == "1911/BNV-TCPCP"


def test_one_issuer_for_a_list_of_decisions():  # lamdong-kh-tong-ket-chien-luoc-pcmt
    refs = _refs(
        "(ban hành kèm theo Quyết định số 2331/QĐ-TTg ngày 20/12/2010 và Quyết định số"
        " 2406/QĐ-TTg ngày "
        "18/12/2011 của Thủ tướng Chính phủ)"
    )
    assert [(r.number, r.issuer) for r in refs] == [
        ("2331/QĐ-TTg", "Thủ tướng Chính phủ"),
        ("2406/QĐ-TTg", "Thủ tướng Chính phủ"),
    ]


def test_issuer_and_date_before_the_mention():  # vbai-cv-1984-snv, vbai-ttr-303-snv
    (ref,) = _refs(
        "Ngày 06/10/2025, Bộ Nội vụ ban hành Công văn số 8977/BNV-TCPCP về việc trả lời đề nghị."
    )
    assert (ref.issuer, ref.date) == ("Bộ Nội vụ", "2025-10-06")
    (ref,) = _refs(
        "Thực hiện ý kiến chỉ đạo của UBND tỉnh tại Công văn số 4377/UBND-NC ngày 30/9/2025"
        " về việc xem xét."
    )
    assert (ref.issuer, ref.relation) == ("UBND tỉnh", "implements")


def test_number_on_the_next_line():  # PDF paragraphs keep their line breaks (lamdong-ttr-124)
    doc = doc_from_blocks(
        "Sở Nội vụ xây dựng dự thảo Kế hoạch và ban hành Công văn số\n638/SNV-CCHC&VTLT ngày"
        " 02/02/2026 để lấy ý kiến."
    )
    (ref,) = find_references(doc)
    assert (ref.number, ref.date, ref.issuer) == ("638/SNV-CCHC&VTLT", "2026-02-02", "Sở Nội vụ")


def test_law_cited_by_name_and_date():
    (ref,) = _refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert (ref.doc_type, ref.number, ref.name, ref.date, ref.relation) == (
        "Luật",
        None,
        "Luật Tổ chức chính quyền địa phương",
        "2015-06-19",
        "basis",
    )
    (ref,) = _refs("theo Luật Bảo hiểm y tế năm 2014.")  # seed 004
    assert (ref.name, ref.date) == ("Luật Bảo hiểm y tế", "2014")


def test_own_number_in_an_appendix_caption_is_not_a_citation():  # seed 000
    text = (
        "(Kèm theo Kế hoạch số 169-KH/TU ngày 19/12/2022 của Thành ủy Yên Bái)\nTheo Nghị quyết"
        " số 17/NQ-HĐND."
    )
    assert [r.number for r in _refs(text, own="169-KH/TU")] == ["17/NQ-HĐND"]


def test_key_is_shared_by_every_mention():
    refs = _refs(
        "Thực hiện Nghị quyết số 61-NQ/TU ngày 20/10/2021 của Ban Thường vụ Tỉnh ủy.\nTheo"
        " Nghị quyết 61-NQ/TU."
    )
    assert {r.key for r in keyed(refs, None)} == {"61-NQ/TU@2021"}  # dated by its fullest mention
    assert {r.key for r in keyed(refs, "Yên Bái")} == {"61-NQ/TU@2021@Yên Bái"}
    assert citation_key("61-NQ/TU", "2021", "Yên Bái", None, None) == "61-NQ/TU@2021@Yên Bái"
    assert (
        citation_key("90/QĐ-TTg", "2022", "Yên Bái", None, None) == "90/QĐ-TTG@2022"
    )  # national: no province


def test_graph_links_plans_citing_the_same_document_and_resolves_records():
    span = {"start": 0, "end": 1}

    def record(number, date, refs):
        meta = {
            "number": {"value": number, "number": number.split("/")[0].split("-")[0], "span": span},
            "date": {"value": date, "precision": "day", "span": span},
            "locality": {"name": "Yên Bái", "province": "Yên Bái"},
        }
        source = {"path": number, "sha256": f"sha-{number}", "format": "txt"}  # one per file
        return PlanRecord.model_validate(
            {"source": source, "text": "", "metadata": meta, "references": refs}
        )

    key = "61-NQ/TU@2021@Yên Bái"  # as the citation_keys resolver writes it
    nq61 = {
        "text": "",
        "span": span,
        "number": "61-NQ/TU",
        "date": "2021-10-20",
        "relation": "cites",
        "key": key,
    }
    records = {
        "city.json": record("169-KH/TU", "2022-12-19", [nq61]),
        "province.json": record("81/KH-UBND", "2022-04-04", [dict(nq61, relation="implements")]),
        "resolution.json": record("61-NQ/TU", "2021-10-20", []),
    }
    graph = build_graph(records)
    assert citing_records(graph, "61-NQ/TU") == {
        "city.json": "cites",
        "province.json": "implements",
    }
    assert graph.documents["61-NQ/TU@2021@Yên Bái"].record == "resolution.json"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Luật,;.\n-0123456789"
            )
        )
    )
)
def test_never_raises_and_spans_lie_inside_the_text(text):
    doc = doc_from_text(text)
    for ref in find_references(doc):
        assert 0 <= ref.span.start < ref.span.end <= len(doc.text)
        assert doc.text[ref.span.start : ref.span.end] == ref.text


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    doc = doc_from_text(text)
    for ref in find_references(doc):
        assert 0 <= ref.span.start < ref.span.end <= len(doc.text)
