"""Normalisation keeps every span traceable to the raw text."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.find_metadata import find_metadata
from pipeline.model.layout import should_join
from pipeline.model.mapped_text import MappedText
from pipeline.model.vietnamese import fold_text
from pipeline.normalize import normalise_block
from tests.conftest import doc_from_blocks, doc_from_text


def test_fold_is_letter_for_letter_and_canonical_tone():
    for text in ["Khánh Hoà", "THUỶ LỢI", "quý", "Hòa Bình"]:
        assert len(fold_text(text)) == len(text)
    assert fold_text("Khánh Hoà") == fold_text("khánh hòa")
    assert fold_text("thuỷ") == "thủy"
    assert fold_text("quý") == "quý"


def test_decomposed_text_becomes_nfc_and_maps_back():
    raw = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh")
    doc = doc_from_blocks(raw)
    assert doc.text == "Ủy ban nhân dân tỉnh"
    start = doc.text.index("tỉnh")
    s, e = doc.raw_span(start, start + 4)
    assert unicodedata.normalize("NFC", doc.raw_text[s:e]) == "tỉnh"


def test_hard_wrapped_seed_002_lines_are_rejoined():
    doc = doc_from_text(
        "Thực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022\n"
        "của Thủ tướng Chính phủ về việc phê duyệt Chương trình mục tiêu quốc gia giảm\n"
        "nghèo bền vững giai đoạn 2021-2025, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực\n"
        "hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững tỉnh Yên Bái giai đoạn\n"
        "2022-2025 với các nội dung như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU"
    )
    assert "18/01/2022 của Thủ tướng" in doc.text
    assert "giảm nghèo bền vững giai đoạn 2021-2025" in doc.text
    assert "như sau:\nI. MỤC ĐÍCH" in doc.text


def test_join_rules():
    assert should_join("Yên Bái, ngày 04", "tháng 4 năm 2022", None)
    assert not should_join("ỦY BAN NHÂN DÂN", "TỈNH YÊN BÁI", None)
    assert not should_join("- Thường trực Tỉnh ủy;", "- Lưu VT.", None)
    assert not should_join("1. Mục đích", "a) Thống nhất cách hiểu", None)


def test_mapped_text_sub_keeps_origins():
    mt = MappedText("a  b\u00a0c")
    import regex

    out = mt.sub(regex.compile(r" {2,}"), " ")
    assert out.text == "a b\u00a0c"
    assert [out.raw_offset(i) for i in range(len(out.text))] == [0, 1, 3, 4, 5]


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Số:/KH-UBND 0123456789ngàytháng năm\n\t,.ỦyTPHCMĐđâêôơư|*-") + ["\u0300"]
        ),
        max_size=400,
    )
)
def test_never_raises_and_spans_stay_inside(text):
    doc = doc_from_text(text)
    assert len(doc.fold) == len(doc.text) == len(doc.origins)
    meta = find_metadata(doc)
    for fact in (meta.number, meta.date, meta.signer, meta.issuer):
        if fact is not None and fact.span is not None:
            assert 0 <= fact.span.start <= fact.span.end <= len(doc.text)


def test_pdfium_line_end_hyphen_joins_the_code():
    doc = doc_from_blocks("Công văn số 3183/SNV\ufffe\nTCBC ngày 26/11/2025")
    assert "3183/SNV-TCBC" in doc.text


def test_word_segmented_copies_get_their_syllables_back():
    """A word-segmented plan (../shared/corpus/plans/hanoi-...-wordseg.txt) reads as Vietnamese;
    a stray joined name in ordinary text is left alone."""
    from pipeline.assemble import build_record
    from tests.conftest import CORPUS

    record = build_record(CORPUS / "plans" / "hanoi-kh-ho-tro-nha-o-ho-ngheo-wordseg.txt")
    assert "Sở_Lao_động" not in record.text and "Sở Lao động" in record.text
    assert any(r.agency_id == "ldtbxh" for r in record.responsibilities)
    doc = doc_from_text("Tệp bao_cao_2024.docx của Sở Tài chính")
    assert "bao_cao_2024" in doc.text


def test_table_header_words_are_repaired_in_ocr_cells_only() -> None:
    """ "Tỷ lê" in an OCR'd table cell is the header word "Tỷ lệ"; in running text "sổ hộ khẩu"
    stays what it says (the table vocabulary is not the text's)."""
    cell = normalise_block("Tỷ lê (%)\tSo hộ", "table", None, ocr=True).text
    assert cell == "Tỷ lệ (%)\tSố hộ"
    prose = normalise_block("Cấp sổ hộ khẩu cho hộ nghèo", "paragraph", None, ocr=True).text
    assert prose == "Cấp sổ hộ khẩu cho hộ nghèo"
    assert normalise_block("Tỷ lê", "table", None, ocr=False).text == "Tỷ lê"  # not OCR'd
