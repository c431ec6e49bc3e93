"""OCR of scans: the same header as the text version, stamps kept apart, vocabulary repaired."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.assemble import build_record, document_for
from pipeline.model.grammar import (
    DATE_LINE,
    NUMBER_LABEL,
    OCR_NUMBER,
    OCR_PROVINCE,
    OCR_VOCABULARY,
    repair_ocr_number,
    repair_ocr_province,
    repair_ocr_term,
)
from pipeline.readers import read
from pipeline.readers.ocr import read_tsv
from tests.conftest import CORPUS, SAMPLES, needs_corpus

SCAN = SAMPLES / "003_b3c289cca53b4e1f.scan.pdf"
HEADER = ("doc_type", "number", "issuer", "place", "date", "title", "period", "signer")


def _header(record) -> dict:
    meta = record.metadata.model_dump(mode="json")
    out = {}
    for key in HEADER:
        value = meta[key]
        out[key] = (
            {k: v for k, v in value.items() if k not in ("span", "page")}
            if isinstance(value, dict)
            else value
        )
    return out


@pytest.fixture(scope="module")
def scan_record():
    return build_record(SCAN)


def test_scan_is_read_by_ocr_with_a_confidence(scan_record):
    source = scan_record.source
    assert (source.ocr, source.needs_ocr) == (True, False)
    assert source.ocr_confidence is not None and source.ocr_confidence > 0.9


def test_scan_gives_the_header_of_the_text_version(scan_record):
    assert _header(scan_record) == _header(build_record(SAMPLES / "003_b3c289cca53b4e1f.pdf"))


def test_scan_gives_the_references_and_targets_of_the_text_version(scan_record):
    text = build_record(SAMPLES / "003_b3c289cca53b4e1f.pdf")
    assert {r.key for r in scan_record.references} == {r.key for r in text.references}
    got = [(t.value, t.unit) for t in scan_record.targets]
    assert sum(1 for t in text.targets if (t.value, t.unit) in got) >= 0.9 * len(text.targets)


def test_ocr_blocks_keep_their_page_and_box():
    _, doc = document_for(SCAN)
    assert {b.page for b in doc.blocks} == set(range(1, 8))
    assert all(b.bbox is not None for b in doc.blocks)


def test_tesseract_lines_split_at_a_column_gap_and_specks_are_dropped():
    tsv = "\n".join(
        [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
            "\tconf\ttext",
            *(
                f"5\t1\t1\t1\t1\t{i}\t{x}\t100\t{w}\t30\t{c}\t{t}"
                for i, (x, w, c, t) in enumerate(
                    [
                        (100, 40, 96, "ỦY"),
                        (150, 60, 96, "BAN"),
                        (400, 80, 96, "CỘNG"),
                        (490, 60, 96, "HÒA"),
                        (900, 8, 10, "^"),
                    ],
                    start=1,
                )
            ),
        ]
    )
    page = read_tsv(tsv, 0, dpi=72, page_height=1000)
    assert [p.text for p in page.pieces] == ["ỦY BAN", "CỘNG HÒA"]
    assert (page.pieces[0].left, page.pieces[0].top) == (100, 900)
    assert len(page.confidences) == 4


def test_a_bullet_dash_stays_with_its_line():
    rows = [(200, 10, 4, "-"), (220, 60, 30, "UBND"), (290, 50, 30, "tỉnh;")]
    tsv = "h\n" + "\n".join(
        f"5\t1\t1\t1\t1\t{i}\t{x}\t{115 if h == 4 else 100}\t{w}\t{h}\t90\t{t}"
        for i, (x, w, h, t) in enumerate(rows, start=1)
    )
    assert [p.text for p in read_tsv(tsv, 0, dpi=72, page_height=1000).pieces] == ["- UBND tỉnh;"]


def test_missing_tesseract_leaves_the_scan_marked_needs_ocr(monkeypatch):
    import pipeline.readers.pdf as pdf

    monkeypatch.setattr(pdf, "ocr_available", lambda: False)
    source = read(SCAN)
    assert source.needs_ocr and not source.ocr
    assert any("OCR not available" in w for w in source.warnings)


@needs_corpus()
def test_esign_stamp_over_a_scan_is_furniture_and_the_page_is_read():
    _, doc = document_for(CORPUS / "pdf-scan" / "vbai-bcdx-03-cat-scan.pdf")
    assert doc.source.ocr
    stamps = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "stamp"]
    assert any("16:42:26" in s for s in stamps)
    assert not any("16:42:26" in ln.text for ln in doc.lines)
    assert any("CÔNG AN TỈNH LÂM ĐỒNG" in ln.text for ln in doc.lines)


@needs_corpus()
def test_a_poor_ocr_layer_is_replaced_by_ocr():
    source = read(CORPUS / "pdf-text" / "vbai-gm-560-ubnd-ocr-layer.pdf")
    assert source.ocr and not source.needs_ocr
    assert not read(CORPUS / "pdf-text" / "vbai-bc-184-snv.pdf").ocr


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("QUYT ĐNH", "QUYẾT ĐỊNH"),
        ("PHO CHU TỊCH", "PHÓ CHỦ TỊCH"),
        ("ỦY BAN NHÂN DAN", "ỦY BAN NHÂN DÂN"),
        ("THANHPHO", "THÀNH PHỐ"),
        ("Quyết dịnh số 12", "Quyết định số 12"),
        ("so với kế hoạch", "so với kế hoạch"),
        ("- Công TTĐT tỉnh;", "- Cổng TTĐT tỉnh;"),  # the province's portal, a recipient
        ("PHO CHANH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        ("nhiều người ăn theo", "nhiều người ăn theo"),  # not "như điều", a phrase left out
        ("––––– SƠ TƯ PHÁP", "––––– SỞ TƯ PHÁP"),  # a department's name heads its header
        ("BÁO CÁO SƠ KẾT", "BÁO CÁO SƠ KẾT"),  # "sơ kết" is a word, not a department
        ("BỔ NỘI VỤ", "BỘ NỘI VỤ"),
    ],
)
def test_ocr_damage_in_fixed_terms_is_repaired(ocr, fixed):
    assert OCR_VOCABULARY.sub(repair_ocr_term, ocr) == fixed


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("CÔNG AN TÍNH LÂM ĐÒNG", "CÔNG AN TỈNH LÂM ĐỒNG"),
        ("Quảng Ngải, ngày", "Quảng Ngãi, ngày"),
        ("hằng năm định kỳ", "hằng năm định kỳ"),  # not a name: no capitals
    ],
)
def test_province_names_are_repaired_only_as_names(ocr, fixed):
    assert OCR_PROVINCE.sub(repair_ocr_province, ocr) == fixed


def test_letters_read_for_digits_inside_numbers():
    assert OCR_NUMBER.sub(repair_ocr_number, "tháng l1 năm 2O24; Old") == "tháng 11 năm 2024; Old"


def test_number_label_tolerates_a_damaged_mark():
    assert NUMBER_LABEL.match("Sô: 12/KH-UBND") and NUMBER_LABEL.match("Só:")


@pytest.mark.parametrize(
    ("line", "day", "month"),
    [
        ("Hà Nội, ngày MỸ tháng 5 năm 2025", None, "5"),  # a handwritten day OCR cannot read
        ("Lâm Đồng, ngày,#8 tháng 12 năm 2025", None, "12"),
        ("Quảng Ngãi, ngay 04 thang 01 nam 2025", "04", "01"),  # marks lost
    ],
)
def test_date_line_passes_over_an_unread_blank(line, day, month):
    m = DATE_LINE.search(line)
    assert m and (m.group("d"), m.group("m")) == (day, month)


def test_coloured_ink_is_dropped_and_print_kept() -> None:
    """A red seal over black print: the seal turns to paper, the print and grey stay."""
    from PIL import Image, ImageDraw

    from pipeline.readers.ocr import printed_ink

    page = Image.new("RGB", (200, 100), (250, 248, 240))  # yellowish paper
    draw = ImageDraw.Draw(page)
    draw.rectangle((20, 40, 180, 50), fill=(20, 20, 20))  # a line of print
    draw.ellipse((60, 10, 140, 90), outline=(210, 40, 50), width=6)  # the seal's ring
    draw.line((10, 80, 190, 70), fill=(30, 40, 170), width=3)  # a blue signature
    grey = printed_ink(page)
    assert grey.mode == "L"
    pixels, paper = np.asarray(grey), np.asarray(page.convert("L"))
    assert pixels[45, 100] < 60  # print inside the seal
    assert pixels[70, 63] > 240  # the ring
    assert pixels[79, 20] > 240  # the signature
    assert abs(int(pixels[5, 5]) - int(paper[5, 5])) <= 1  # paper
    plain = page.convert("L")
    assert printed_ink(plain).tobytes() == plain.tobytes()  # a grey scan is read as it is


@needs_corpus()
def test_a_signature_under_a_red_seal_is_read() -> None:
    """Quảng Ngãi's report 23/BC-UBND: the seal covers "PHÓ CHỦ TỊCH" and the signer's name."""
    record = build_record(CORPUS / "pdf-scan/qn-bc-23-ubnd-2025-scan.pdf", strict=True)
    signer = record.metadata.signer
    assert signer is not None
    assert (signer.authority, signer.position) == ("KT.", "Phó Chủ tịch")
    assert signer.name is not None and signer.name.startswith("Trần Hoàng")


def test_tesseract_output_that_is_not_tsv_is_an_error_not_an_empty_page(tmp_path, monkeypatch):
    """A tessdata folder holding the model but not Tesseract's configs makes it print plain
    text: read as TSV that is a page with no words, lost without a word of warning."""
    import glob
    import shutil

    from PIL import Image

    from pipeline.readers.ocr import _run_tesseract

    models = glob.glob("/usr/share/tesseract-ocr/*/tessdata/vie.traineddata")
    assert models, "Debian's tesseract-ocr-vie is installed by .ci/run"
    shutil.copy(models[0], tmp_path / "vie.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(RuntimeError, match="not TSV"):
        _run_tesseract(Image.new("L", (200, 60), 255))


def test_a_giant_scanned_page_is_rendered_within_the_pixel_limit() -> None:
    """A page declared 150 inches square with a scan over it: at 200 dpi that would be 900
    million pixels (2.7 GB in colour); it is rendered smaller instead."""
    import pypdfium2 as pdfium
    from PIL import Image

    from pipeline.readers.ocr import MAX_PAGE_PIXELS, _render

    pdf = pdfium.PdfDocument.new()
    side = 150 * 72.0
    page = pdf.new_page(side, side)
    scan = pdfium.PdfImage.new(pdf)
    scan.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("L", (2000, 2000), 255)))
    scan.set_matrix(pdfium.PdfMatrix().scale(side, side))
    page.insert_obj(scan)
    page.gen_content()
    image, dpi, height = _render(pdf, 0)
    assert image.width * image.height <= MAX_PAGE_PIXELS * 1.01
    assert dpi < 72 and height == side
