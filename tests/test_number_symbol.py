"""One test per grammar of số và ký hiệu (domain.md §2), with the real lines they came from."""

import pytest

from extractors.number_symbol import find_document_number, parse_number_symbol


@pytest.mark.parametrize(
    ("line", "value", "number", "year", "type_code", "issuer_code"),
    [
        ("Số: 81/KH-UBND", "81/KH-UBND", "81", None, "KH", "UBND"),
        ("Số: 139/KH - UBND", "139/KH-UBND", "139", None, "KH", "UBND"),
        ("Số 169 -KH/TU", "169-KH/TU", "169", None, "KH", "TU"),
        ("Số: /KH-UBND", "/KH-UBND", None, None, "KH", "UBND"),
        ("Số: 166 /TTr-SNV", "166/TTr-SNV", "166", None, "TTr", "SNV"),
        ("Số:      /UBND-NC", "/UBND-NC", None, None, None, "UBND-NC"),
        ("Số: 3917/BTP-BTTP", "3917/BTP-BTTP", "3917", None, None, "BTP-BTTP"),
        ("Số: 07/2021/NĐ-CP", "07/2021/NĐ-CP", "07", 2021, "NĐ", "CP"),
        ("Số      /TTr- CAT-PC04", "/TTr-CAT-PC04", None, None, "TTr", "CAT-PC04"),
        ("Số: 05-CT/TW", "05-CT/TW", "05", None, "CT", "TW"),
        ("Số: 24/2021/QH15", "24/2021/QH15", "24", 2021, None, "QH15"),
    ],
)
def test_grammar_forms(line, value, number, year, type_code, issuer_code):
    found = find_document_number(line, len(line))
    assert found is not None
    assert (found.value, found.number, found.year, found.type_code, found.issuer_code) == (
        value,
        number,
        year,
        type_code,
        issuer_code,
    )
    assert (
        line[found.start : found.end].replace(" ", "").startswith(value.split("/")[0].split("-")[0])
    )


def test_cited_numbers_in_running_text_are_not_the_documents_number():
    text = "Thực hiện Chương trình hành động số 32-CTr/TU ngày 31/12/2021 của Thành ủy"
    assert find_document_number(text, len(text)) is None


def test_number_after_issuer_on_the_same_pdf_line():
    text = "SỞ NỘI VỤ Số: 166 /TTr-SNV Lâm Đồng, ngày 12 tháng3 năm 2026"
    assert find_document_number(text, len(text)).value == "166/TTr-SNV"


def test_incoming_stamp_number_is_skipped():
    text = "ĐẾN Số: 1614\nSố: 996/KH-TCTLNTW-C04"
    assert find_document_number(text, len(text)).value == "996/KH-TCTLNTW-C04"


def test_parse_returns_none_on_plain_words():
    assert parse_number_symbol("liệu báo cáo") is None


def test_a_symbol_in_no_known_grammar_is_kept_as_printed_after_its_label():
    # vbai-phieu-trinh-02-pt-nc-scan: an office's internal numbering
    text = "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\nSố: 02-02/26/PT-NC\n"
    found = find_document_number(text, len(text))
    assert found is not None
    assert (found.value, found.number, found.grammar) == ("02-02/26/PT-NC", "02-02", "unknown")
    assert text[found.start : found.end] == "02-02/26/PT-NC"


@pytest.mark.parametrize(
    "text",
    [
        "Số: 12/2024 ngày",  # a date, no code
        "ĐẾN Số: 1614/VT",  # the incoming stamp
        "theo văn bản Số: 02-02/26/PT-NC",  # running text
    ],
)
def test_the_labelled_fallback_needs_a_header_label_and_a_code(text):
    assert find_document_number(text, len(text)) is None
