"""Readers on real files: e-signature widgets, scans, DOCX tables, HTML header cells."""

import zipfile

import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.assemble import build_record
from pipeline.model.source import ReadError
from pipeline.readers import read
from pipeline.readers.html import read_html
from tests.conftest import CORPUS, SAMPLES, needs_corpus


@needs_corpus()
def test_number_and_day_written_into_signature_widgets_are_read():
    meta = build_record(CORPUS / "pdf-text" / "vbai-ttr-166-snv.pdf").metadata
    assert meta.number.value == "166/TTr-SNV"
    assert meta.date.value == "2026-03-12"


def test_docx_appendix_tables_are_grids_and_header_is_cells():
    source = read(SAMPLES / "000_3dc63f02c7a2b475.docx")
    tables = [b for b in source.blocks if b.kind == "table"]
    assert len(tables) >= 8
    assert tables[0].rows[0][0].startswith("TT") or tables[0].rows[0][0] == ""
    assert source.blocks[0].kind == "header_cell"


def test_pdf_two_column_header_reads_left_column_first():
    source = read(SAMPLES / "002_e96895803e866879.pdf")
    assert source.blocks[0].text.splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH YÊN BÁI",
        "Số: 81/KH-UBND",
    ]


def test_html_header_table_cells(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH YÊN BÁI</td><td>CỘNG HÒA XÃ HỘI"
        " CHỦ NGHĨA VIỆT NAM</td></tr>"
        "<tr><td>Số: 81/KH-UBND</td><td>Yên Bái, ngày 04 tháng 4 năm 2022</td></tr></table>"
        "<p><b>KẾ HOẠCH</b></p><p>Thực hiện Chương trình giảm nghèo</p></body></html>",
        encoding="utf-8",
    )
    source = read_html(page)
    assert [b.kind for b in source.blocks[:4]] == ["header_cell"] * 4
    meta = build_record(page).metadata
    assert (meta.number.value, meta.date.value, meta.issuer.name, meta.doc_type) == (
        "81/KH-UBND",
        "2022-04-04",
        "Ủy ban nhân dân tỉnh Yên Bái",
        "Kế hoạch",
    )


def test_unsupported_type_is_a_clear_error(tmp_path):
    from pipeline.model.source import ReadError

    f = tmp_path / "a.xlsx"
    f.write_bytes(b"x")
    with pytest.raises(ReadError, match="unsupported file type"):
        read(f)


@needs_corpus()
def test_docx_header_table_with_spacer_column_is_layout():
    meta = build_record(CORPUS / "docx" / "vbai-cv-snv-tcbc-1984-draft.docx").metadata
    assert (meta.issuer.name, meta.issuer.parent) == ("Sở Nội vụ", "Ủy ban nhân dân tỉnh Lâm Đồng")
    assert (meta.number.value, meta.place, meta.date.value) == ("/SNV-TCBC", "Lâm Đồng", "2025-10")


def test_pdf_page_numbers_are_furniture_kept_in_the_text_but_not_read_as_content():
    from pipeline.assemble import document_for

    _, doc = document_for(SAMPLES / "002_e96895803e866879.pdf")
    numbers = [ln.text for ln in doc.furniture]
    assert "2" in numbers and "3" in numbers  # page headers of pages 2 and 3
    assert all(ln.text not in {"2", "3"} for ln in doc.lines[:400])
    assert all(b.bbox is not None for b in doc.blocks)  # every PDF block keeps its box


def test_esign_stamp_lines_are_furniture():
    from pipeline.assemble import document_for

    pdf = CORPUS / "pdf-text" / "vbai-tb-493-ubnd-ocr-layer.pdf"
    if not pdf.exists():
        pytest.skip("../shared/corpus not present")
    _, doc = document_for(pdf)
    assert any("Ký bởi" in ln.text or "Thời gian ký" in ln.text for ln in doc.furniture)
    assert not any("Thời gian ký" in ln.text for ln in doc.lines)


@needs_corpus()
def test_docx_pages_are_the_count_word_saved():
    source = read(CORPUS / "docx" / "vbai-bc-bcd-de-an-06-thang-10.docx")  # app.xml: 14 pages
    assert (source.pages, source.pages_source) == (14, "docProps")


def test_docx_without_saved_statistics_gets_an_estimate():
    # The samples' generator left the template's <Pages>1</Pages> with 0 characters: not a count.
    source = read(SAMPLES / "002_e96895803e866879.docx")
    assert source.pages_source == "estimate"
    assert 20 <= (source.pages or 0) <= 35  # its PDF has 26 pages
    assert read(SAMPLES / "002_e96895803e866879.pdf").pages_source == "pdf"


def test_docx_paragraph_text_is_python_docx_text():
    """The reader reads a paragraph's text from its elements; python-docx's ``Paragraph.text``
    is the reference (runs, hyperlinks, tabs, breaks), on every paragraph of the seeds and, when
    present, the corpus."""
    import docx

    from pipeline.readers.docx import paragraph_text

    paths = sorted(SAMPLES.glob("*.docx")) + (
        sorted(CORPUS.rglob("*.docx")) if CORPUS.is_dir() else []
    )
    count = 0
    for path in paths:
        for p in docx.Document(str(path)).element.body.iter(qn("w:p")):
            assert paragraph_text(p) == Paragraph(p, None).text, path.name
            count += 1
    assert count > 3000


def test_a_package_that_is_not_a_word_document_is_a_read_error(tmp_path):
    fake = tmp_path / "sheet.docx"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="not a Word file"):
        read(fake)


def test_docx_table_rows_are_python_docx_row_cells():
    """Merged cells (grid spans, vertical merges) resolve to the cells python-docx gives, on every
    table of the seeds and, when present, the corpus."""
    import docx
    from docx.table import Table

    from pipeline.readers.docx import table_rows

    paths = sorted(SAMPLES.glob("*.docx")) + (
        sorted(CORPUS.rglob("*.docx")) if CORPUS.is_dir() else []
    )
    tables = 0
    for path in paths:
        for tbl in docx.Document(str(path)).element.body.iter(qn("w:tbl")):
            want = [[cell._tc for cell in row.cells] for row in Table(tbl, None).rows]
            assert table_rows(tbl) == want, path.name
            tables += 1
    assert tables > 100
