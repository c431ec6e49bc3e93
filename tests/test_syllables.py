"""OCR's wrong tone and vowel marks put back by the neighbouring syllables.

The rules are tested on a small table written here (what each rule must and must not change);
the shipped table on lines Tesseract really read from the corpus scans."""

from __future__ import annotations

import regex

from pipeline.model.syllables import SyllableTable, count, respell_line, table

# A few counted syllables among as many others as a real table holds (2,000): how likely an
# unseen pair is depends on how many syllables there are.
OTHERS = {f"q{i}": 2 for i in range(2000)}
SMALL = SyllableTable(
    {"tổng": 50, "kết": 60, "công": 90, "tác": 80, "chống": 40, "phòng": 70, "ma": 30, "túy": 30}
    | OTHERS,
    {("tổng", "kết"): 40, ("phòng", "chống"): 35, ("chống", "ma"): 30, ("ma", "túy"): 30},
    {("trông", "chờ")},
)


def respelt(line: str, known: SyllableTable | None = None) -> str:
    """The line with ``respell_line``'s changes made."""
    out = line
    for start, syllable in sorted(respell_line(line, known).items(), reverse=True):
        end = regex.compile(r"\p{L}+").match(line, start).end()  # type: ignore[union-attr]
        out = out[:start] + syllable + out[end:]
    return out


def test_an_unseen_syllable_takes_the_marks_its_neighbours_vouch_for() -> None:
    assert respelt("tông kết công tác", SMALL) == "tổng kết công tác"
    assert respelt("phòng, chông ma túy", SMALL) == "phòng, chống ma túy"
    assert respelt("II. TÓNG KẾT", SMALL) == "II. TỔNG KẾT"  # a heading in capitals


def test_what_is_seen_or_has_no_evidence_is_left() -> None:
    assert respelt("tổng kết", SMALL) == "tổng kết"
    assert respelt("tông màu", SMALL) == "tông màu"  # no neighbour vouches for "tổng"
    assert respelt("không trông chờ", SMALL) == "không trông chờ"  # a word of the dictionary


def test_names_are_left() -> None:
    assert respelt("đồng chí Tông Kết", SMALL) == "đồng chí Tông Kết"
    assert respelt("Tỉnh ủy Yên tông kết", SMALL) == "Tỉnh ủy Yên tông kết"  # after a capital


def test_the_table_counts_syllables_and_pairs_on_one_line() -> None:
    counted = count(["tổng kết tổng kết\ntổng", "kết"])
    assert counted["unigrams"] == {"kết": 3, "tổng": 3}
    assert counted["bigrams"] == {"tổng kết": 2}


def test_lines_tesseract_read_from_corpus_scans() -> None:
    # Each line as Tesseract read it from a scan of the corpus, and as it is printed.
    lines = {
        "Phối hợp kiểm soát các hoạt động hợp pháp liên quan đên ma túy năm 2026": (
            "Phối hợp kiểm soát các hoạt động hợp pháp liên quan đến ma túy năm 2026"
        ),
        "V/v tông kết công tác PCMT năm 2025 của Ủy ban Quốc gia": (
            "V/v tổng kết công tác PCMT năm 2025 của Ủy ban Quốc gia"
        ),
        "Chương trình MTQG phòng, chông ma tuý đên năm 2030": (
            "Chương trình MTQG phòng, chống ma tuý đến năm 2030"
        ),
        "Theo đê nghị của Giám đốc Sở Tài chính": "Theo đề nghị của Giám đốc Sở Tài chính",
        "II. PHẠM VI ĐIÊU CHỈNH, ĐÓI TƯỢNG ÁP DỤNG": "II. PHẠM VI ĐIỀU CHỈNH, ĐỐI TƯỢNG ÁP DỤNG",
        # Right as read: words the counted letters rarely use, and a name.
        "phấn đấu vươn lên, không trông chờ, ỷ lại vào Nhà nước": (
            "phấn đấu vươn lên, không trông chờ, ỷ lại vào Nhà nước"
        ),
        "có nguy cơ sập đổ và không có khả năng tự cải thiện": (
            "có nguy cơ sập đổ và không có khả năng tự cải thiện"
        ),
        "KT. CHỦ TỊCH Trần Hoàng Tuân": "KT. CHỦ TỊCH Trần Hoàng Tuân",
    }
    assert table().unigrams, "the shipped table is loaded"
    for read, printed in lines.items():
        assert respelt(read) == printed, read
