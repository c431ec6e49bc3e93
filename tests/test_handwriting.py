"""The handwritten number and date of a scanned header, re-read by the digit recogniser.

The decoding is tested on probability tables written by hand (what the model would say of a pen
"16" it reads as "A6"), and the whole path on two real scans of the corpus whose number and day
were written in by pen after signing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.assemble import build_record
from pipeline.readers.handwriting import (
    LineRecogniser,
    Reading,
    _number_text,
    read_date,
    read_number,
    reread_header,
)
from pipeline.readers.ocr import OcrPage, Piece
from tests.conftest import CORPUS, needs_corpus

Step = str | dict[str, float]


def reading(*tokens: Step) -> Reading:
    """A line as the model would output it: each character (or dict of alternatives with their
    probabilities) on one time step, then a blank step, as CTC emits print."""
    LineRecogniser.available()
    labels = {label: i for i, label in enumerate(LineRecogniser._labels) if label}
    rows = []
    for token in tokens:
        for char in token if isinstance(token, str) else [token]:
            row = np.full(len(LineRecogniser._labels), 1e-6, dtype=np.float32)
            alternatives = {char: 1.0} if isinstance(char, str) else char
            for label, p in alternatives.items():
                row[labels[label]] = p
            rows.append(row)
            blank = np.full(len(LineRecogniser._labels), 1e-6, dtype=np.float32)
            blank[0] = 1.0
            rows.append(blank)
    return LineRecogniser.decode(np.stack(rows))


def test_a_pen_digit_read_as_a_letter_is_the_digit_it_most_resembles() -> None:
    line = reading("Lâm Đồng, ngày ", {"A": 0.9, "1": 0.06, "4": 0.02}, "6 tháng 3 năm 2026")
    assert line.text == "Lâm Đồng, ngày A6 tháng 3 năm 2026"
    day, month, year = read_date(line) or (None, None, None)
    assert (day and day.value, month and month.value, year and year.value) == ("16", "3", "2026")


def test_a_day_is_the_likeliest_valid_one() -> None:
    line = reading("ngày ", {"4": 0.6, "1": 0.35}, "5 tháng 4 năm 2020")
    found = read_date(line)
    assert found is not None and found[0].value == "15"  # "45" is no day


def test_the_number_is_the_digits_between_the_label_and_the_symbol() -> None:
    found = read_number(reading("Só: ", {"&": 0.7, "2": 0.2, "8": 0.1}, "99 /UBND-TTHC"))
    assert found is not None
    slot, code = found
    assert (slot.value, code) == ("299", "UBND-TTHC")


def test_a_printed_separator_in_the_number_is_not_a_digit() -> None:
    found = read_number(reading("Só: 02-02/26/PT-NC"))
    assert found is not None
    slot, code = found
    assert (slot.value, code) == ("02-02", "26/PT-NC")


def test_pen_strokes_read_as_slashes_are_not_the_printed_symbol() -> None:
    # Tesseract read the pen "11" of "511" as two slashes; the symbol is the slash before the
    # text the line model read as the code.
    lines = [reading("Só: 511/TTr-CAT(PC04)")] * 3
    assert _number_text("Số: Z// /TTr-CAT(PC04)", lines) == "Số: 511/TTr-CAT(PC04)"
    # A normative number keeps its year: the slash before "2021/NĐ-CP" is the symbol's.
    lines = [reading("Só: 07/2021/NĐ-CP")] * 3
    assert _number_text("Số: 0Z/2021/NĐ-CP", lines) == "Số: 07/2021/NĐ-CP"


def test_a_number_the_crops_disagree_on_is_left_unread() -> None:
    crops = ["5", "51", "51", "54", "5", "5", "1"]
    lines = [reading(f"Só: {digits}/TTr-CAT(PC04)") for digits in crops]
    assert _number_text("Số: Z// /TTr-CAT(PC04)", lines) is None
    agreeing = [reading("Só: 511/TTr-CAT(PC04)")] * 4 + lines[:3]
    assert _number_text("Số: Z// /TTr-CAT(PC04)", agreeing) == "Số: 511/TTr-CAT(PC04)"


def test_a_blank_slot_most_crops_see_blank_is_not_given_a_number() -> None:
    # vbai-cv-171-skhcn rendered and read as a scan: "Số:    /SKHCN-CĐS" is printed blank, and
    # one crop of six read a "1" into it.
    blank = [reading("Só: /SKHCN-CDS")] * 5
    one = reading("Só: ", {"1": 0.3, "7": 0.2}, "/SKHCN-CDS")
    found = read_number(blank[0])
    assert found is not None and found[0].value == ""
    assert _number_text("Số: /SKHCN-CĐS", [*blank, one]) is None
    # A pen number most crops read is still taken when a crop or two see the slot blank.
    pen = [reading("Só: 511/TTr-CAT(PC04)")] * 5
    assert _number_text("Số: Z/ /TTr-CAT(PC04)", [*pen, *blank[:2]]) == "Số: 511/TTr-CAT(PC04)"


def test_a_line_without_the_date_words_is_not_a_date() -> None:
    assert read_date(reading("To trinh so 95/TTr-HDTD ngay 03/02/2026")) is None
    assert read_number(reading("Kinh gui: Bo Cong an")) is None


def test_a_page_without_a_header_line_is_left_as_read() -> None:
    LineRecogniser.available()
    page = OcrPage(0, pieces=[Piece("Điều 1. Phê duyệt Kế hoạch", 80, 700, 400, 712)])
    before = list(page.pieces)
    assert reread_header(page, Image.new("L", (2480, 3508), 255), 300, 842) == []
    assert page.pieces == before


@needs_corpus()
@pytest.mark.parametrize(
    ("name", "number", "date"),
    [
        ("plans/bca-kh-996-tctlntw-c04-scan.pdf", "996/KH-TCTLNTW-C04", "2026-02-24"),
        ("pdf-scan/qn-ttr-239-ubnd-2024-scan.pdf", "239/TTr-UBND", "2024-12-20"),
    ],
)
def test_a_scanned_header_gets_its_handwritten_number_and_date(
    name: str, number: str, date: str
) -> None:
    record = build_record(Path(CORPUS / name), strict=True)
    assert record.source.ocr
    assert record.metadata.number is not None and record.metadata.number.value == number
    assert record.metadata.date is not None and record.metadata.date.value == date
    assert any("re-read by the digit recogniser" in w for w in record.warnings)
