"""Header grammar on real lines: date line, type line, title, issuer, signature, recipients."""

import pytest

from extractors.find_metadata import find_metadata
from extractors.issue_date import find_issue_date
from extractors.names import pretty_name, pretty_position
from extractors.period import find_period
from tests.conftest import doc_from_blocks, doc_from_text


def _date(line):
    return find_issue_date(line, [(0, len(line))], len(line))


def test_full_date_line():
    d = _date("Yên Bái, ngày 04 tháng 4 năm 2022")
    assert (d.value, d.precision, d.place) == ("2022-04-04", "day", "Yên Bái")


def test_blank_day_keeps_month_precision_and_strips_tp():
    d = _date("TP. Tuyên Quang, ngày tháng 3 năm 2020")
    assert (d.value, d.precision, d.place) == ("2020-03", "month", "Tuyên Quang")


def test_blank_day_and_month_keeps_year():
    d = _date("Lâm Đồng, ngày tháng năm 2026")
    assert (d.value, d.precision) == ("2026", "year")


def test_widget_day_run_into_month_word():
    d = _date("Lâm Đồng, ngày 12 tháng3 năm 2026")
    assert d.value == "2026-03-12"


def test_period_forms():
    assert find_period("Thực hiện công tác giảm nghèo bền vững giai đoạn 2024 – 2025") == (
        2024,
        2025,
    )
    assert find_period("Thực hiện Chương trình giảm nghèo năm 2020") == (2020, 2020)
    assert find_period("Phòng, chống ma túy đến năm 2030") == (None, 2030)
    assert find_period("Về việc tổ chức hội nghị") is None


def test_capitals_to_normal_case():
    assert pretty_name("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG") == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert pretty_name("UBND TỈNH LÂM ĐỒNG") == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert pretty_name("THÀNH ỦY YÊN BÁI") == "Thành ủy Yên Bái"
    assert pretty_name("SỞ NỘI VỤ") == "Sở Nội vụ"


def test_header_with_parent_body_and_interleaved_signature():
    doc = doc_from_blocks(
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 166 /TTr-SNV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 12"
        " tháng 3 năm 2026",
        "TỜ TRÌNH\nVề việc trình ký Báo cáo công tác cải cách hành chính quý I năm 2026 và\n"
        "phương hướng, nhiệm vụ quý II năm 2026 của tỉnh Lâm Đồng\nKính gửi: Chủ tịch Ủy ban"
        " nhân dân tỉnh Lâm Đồng.",
        "Kính trình Chủ tịch xem xét, ký ban hành./.",
        "Nơi nhận:\n- Như trên;\n- Văn phòng UBND tỉnh;\n- Lãnh đạo Sở;\n- Lưu: VT, CCHC.",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Hữu Tuấn",
    )
    meta = find_metadata(doc)
    assert meta.doc_type == "Tờ trình"
    assert meta.number.value == "166/TTr-SNV"
    assert (meta.issuer.name, meta.issuer.parent, meta.issuer.kind, meta.issuer.level) == (
        "Sở Nội vụ",
        "Ủy ban nhân dân tỉnh Lâm Đồng",
        "state",
        "province",
    )
    assert meta.title.startswith("Về việc trình ký Báo cáo") and meta.title.endswith(
        "của tỉnh Lâm Đồng"
    )
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (
        "KT.",
        "Phó Giám đốc",
        "Trần Hữu Tuấn",
    )
    assert meta.recipients == ["Như trên", "Văn phòng UBND tỉnh", "Lãnh đạo Sở"]
    for fact in (meta.number, meta.date, meta.signer):
        assert 0 <= fact.span.start < fact.span.end <= len(doc.text)


def test_issuer_inferred_from_opening_sentence_when_header_is_missing():
    doc = doc_from_text(
        "Số: /KH-UBND\n\nTP. Tuyên Quang, ngày tháng 3 năm 2020\n\nKẾ HOẠCH\nThực hiện Chương"
        " trình giảm nghèo năm 2020\n\n"
        "Ủy ban nhân dân thành phố xây dựng Kế hoạch thực hiện Chương trình giảm nghèo năm"
        " 2020 trên địa bàn thành phố."
    )
    meta = find_metadata(doc)
    assert meta.issuer.name == "Ủy ban nhân dân thành phố Tuyên Quang"
    assert meta.issuer.inferred is True
    assert meta.issuer.level == "district"


def test_party_signature_without_dot_and_without_name():
    doc = doc_from_text("Nơi nhận:\n- Thường trực Tỉnh ủy;\n- Lưu VP.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ")
    meta = find_metadata(doc)
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == (
        "TM.",
        "Bí thư",
        None,
    )


# Stamped day and month that text extraction put after the year (corpus ttr-303, ttr-05).
def test_stamped_day_and_month_after_the_year():
    assert _date("Lâm Đồng, ngày tháng năm 2025 16 9").value == "2025-09-16"
    assert _date("Lâm Đồng, ngày 06 tháng năm 01 2026").value == "2026-01-06"


def test_blank_date_still_gives_the_place():
    d = _date("Lâm Đồng, ngày tháng năm")
    assert (d.value, d.place) == (None, "Lâm Đồng")


def test_cited_document_dates_are_not_the_period():
    title = (
        "V/v tham gia góp ý dự thảo Báo cáo theo Công văn số 8151/BNV-CCHC ngày 18/9/2025 của Bộ"
        " Nội vụ"
    )
    assert find_period(title) is None
    assert find_period("V/v dự thảo Thông tư thay thế Thông tư số 244/2016/TT-BTC") is None


def test_vv_title_continued_in_short_paragraphs():
    # a draft that fakes the header columns: every title line is its own paragraph
    doc = doc_from_blocks(
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "Số:",
        "/UBND-NC",
        "Lâm Đồng, ngày tháng 9 năm 2025",
        "V/v tham gia góp ý dự thảo Báo cáo",
        "theo Công văn số 8151/BNV-CCHC",
        "ngày 18/9/2025 của Bộ Nội vụ",
        "Kính gửi: Sở Nội vụ",
        "Ủy ban nhân dân tỉnh nhận được Công văn số 8151/BNV-CCHC ngày 18/9/2025 của Bộ Nội vụ.",
    )
    meta = find_metadata(doc)
    assert (
        meta.title
        == "V/v tham gia góp ý dự thảo Báo cáo theo Công văn số 8151/BNV-CCHC ngày 18/9/2025 của"
        " Bộ Nội vụ"
    )
    assert meta.place == "Lâm Đồng" and meta.date.value == "2025-09"


def test_title_lines_starting_like_body_words_continue_the_title():
    doc = doc_from_blocks(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG",
        "KẾ HOẠCH",
        "Tổng kết thực hiện Chiến lược quốc gia phòng, chống và kiểm soát ma túy",
        "đến năm 2020 và định hướng đến năm 2030, gắn với tổng kết thực hiện",
        "Chương trình phòng, chống ma túy giai đoạn 2021 - 2025",
        "Thực hiện Quyết định số 1001/QĐ-TTg ngày 27/6/2011 của Thủ tướng Chính phủ.",
    )
    assert find_metadata(doc).title.endswith(
        "gắn với tổng kết thực hiện Chương trình phòng, chống ma túy giai đoạn 2021 - 2025"
    )


def test_invitation_sentence_is_not_a_title():
    doc = doc_from_blocks(
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG",
        "GIẤY MỜI",
        "Thực hiện Chương trình công tác của Ủy ban nhân dân tỉnh tháng 01/2026, Ủy ban nhân"
        " dân tỉnh tổ chức "
        "Họp đánh giá công tác cải cách hành chính năm 2025.",
    )
    assert find_metadata(doc).title is None


def test_standalone_appendix_has_no_issuer_and_takes_the_signing_stamp():
    doc = doc_from_text(
        "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00\nPhụ lục\n"
        "TỔNG HỢP Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC\nNĂM"
        " 2026 TỈNH LÂM ĐỒNG\n\n"
        "STT\tNội dung góp ý\tĐơn vị góp ý\n1\tĐề nghị bổ sung nhiệm vụ giao Sở Khoa học và"
        " Công nghệ chủ trì.\tUBND xã D'Ran\n"
    )
    meta = find_metadata(doc)
    assert meta.doc_type == "Phụ lục" and meta.issuer is None
    assert meta.date.value == "2025-12-22"
    assert meta.title.startswith("TỔNG HỢP Ý KIẾN GÓP Ý") and meta.title.endswith("TỈNH LÂM ĐỒNG")


def test_the_government_keeps_its_capital_but_a_non_governmental_body_does_not():
    assert pretty_name("THỦ TƯỚNG CHÍNH PHỦ") == "Thủ tướng Chính phủ"
    assert pretty_name("VĂN PHÒNG CHÍNH PHỦ") == "Văn phòng Chính phủ"
    assert (
        pretty_name("LIÊN HIỆP CÁC TỔ CHỨC PHI CHÍNH PHỦ") == "Liên hiệp các tổ chức phi chính phủ"
    )


def test_a_scrap_of_the_body_read_before_the_motto_does_not_end_the_header():
    # vbai-cv-4409-bca-scan as OCR reads it: a line of the body's left column comes between the
    # number and the motto; the date line after the motto is still the header's.
    doc = doc_from_text(
        "BỘ CÔNG AN\nSố: 4409/BCA-C04\nThực hiện c hiện Nohị\nNghị\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 01 tháng 10 năm 2025 phố trực thuộc Trung ương\n"
        "1/2025 của Chính phủ ban hành\n"
        "Thực hiện Nghị quyết số 01/NQ-CP của Chính phủ, Bộ Công an đề nghị các đơn vị.\n"
    )
    meta = find_metadata(doc)
    assert meta.number is not None and meta.number.value == "4409/BCA-C04"
    assert meta.date is not None and meta.date.value == "2025-10-01"
    assert meta.place == "Hà Nội"


def test_the_issuer_stops_at_a_number_label_ocr_read_without_its_mark():
    # vbai-cv-8977-bnv as OCR reads it: "Sô:" for "Số:"
    doc = doc_from_text(
        "BỘ NỘI VỤ\nSô: /BNV-TCPCP\nV/v trả lời đề nghị của\nSở Nội vụ tỉnh Lâm Đồng\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày tháng năm 2025\nKính gửi: Sở Nội vụ tỉnh Lâm Đồng\n"
        "Bộ Nội vụ nhận được Công văn số 1843/SNV-TCBC ngày 01/10/2025 của Sở Nội vụ.\n"
    )
    meta = find_metadata(doc)
    assert meta.issuer is not None and meta.issuer.name == "Bộ Nội vụ"
    assert meta.number is not None and meta.number.value == "/BNV-TCPCP"


def test_ministry_name_keeps_xa_hoi_lower_case():
    assert (
        pretty_name("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Bộ Lao động - Thương binh và Xã hội"
    )


def test_esign_and_gazette_lines_are_not_the_issuer():
    doc = doc_from_text(
        "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\n"
        "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\nBỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 01/2026/TT-BTC\nHà Nội, ngày 05 tháng 01 năm"
        " 2026\nTHÔNG TƯ\n"
        "Quy định về phí\nCăn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;\n"
    )
    assert find_metadata(doc).issuer.name == "Bộ Tài chính"


# Web copies of plans (law-library pages): cells ended by "|", words wrapped inside cells.
WEB_ONE_CELL_PER_LINE = """ỦY
BAN NHÂN DÂN
TỈNH KIÊN GIANG
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 168/KH-UBND
|
Kiên
Giang, ngày 06
tháng 9 năm 2021
|
KẾ HOẠCH
PHÒNG, CHỐNG TAI NẠN, THƯƠNG TÍCH TRẺ EM GIAI ĐOẠN 2021-2025 VÀ ĐẾN NĂM
2030 TRÊN ĐỊA BÀN TỈNH KIÊN GIANG
Thực hiện Quyết định số 1248/QĐ-TTg
ngày 19/7/2021 của Thủ tướng Chính phủ về phê duyệt Chương trình."""


def test_web_copy_with_one_cell_per_line():
    meta = find_metadata(doc_from_text(WEB_ONE_CELL_PER_LINE))
    assert meta.issuer is not None and meta.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert (meta.place, meta.date.value, meta.number.value) == (
        "Kiên Giang",
        "2021-09-06",
        "168/KH-UBND",
    )
    assert meta.title.endswith("2030 TRÊN ĐỊA BÀN TỈNH KIÊN GIANG")


def test_web_copy_with_a_preamble_and_the_second_issuer_line_dropped():
    text = (
        "Văn bản liên quan\n"
        "- 3 Quyết định 2382/QĐ-UBND năm 2016 về Kế hoạch thực hiện Chiến lược Quốc gia về"
        " bình đẳng giới\n"
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 71/KH-UBND | Bạc Liêu, ngày 29 tháng 4 năm 2021 |\n"
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03 tháng 3 năm 2021 của Chính phủ.\n"
        "UBND tỉnh xây dựng Kế hoạch tổ chức thực hiện Chiến lược quốc gia về bình đẳng giới."
    )
    doc = doc_from_text(text)
    meta = find_metadata(doc)
    assert doc.zones[0].kind == "preamble"  # the site's list of related documents is not the plan
    assert (meta.number.value, meta.doc_type, meta.place) == ("71/KH-UBND", "Kế hoạch", "Bạc Liêu")
    assert meta.issuer.name == "Ủy ban nhân dân tỉnh Bạc Liêu" and meta.issuer.inferred


def test_decision_title_ends_before_the_enacting_authority():
    text = (
        "UỶ BAN NHÂN DÂN\nTỈNH BẾN TRE\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố:"
        " 1591/QĐ-UBND\n\n"
        "Bến Tre, ngày 09 tháng 9 năm 2013\n\nQUYẾT ĐỊNH\n\n"
        "PHÊ DUYỆT CHƯƠNG TRÌNH HÀNH ĐỘNG VÌ TRẺ EM TỈNH BẾN TRE GIAI ĐOẠN 2013-2020\n\n"
        "UỶ BAN NHÂN DÂN TỈNH BẾN TRE\n\nCăn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân."
    )
    meta = find_metadata(doc_from_text(text))
    assert (
        meta.title == "PHÊ DUYỆT CHƯƠNG TRÌNH HÀNH ĐỘNG VÌ TRẺ EM TỈNH BẾN TRE GIAI ĐOẠN 2013-2020"
    )


def test_an_issuer_or_place_that_fails_its_grammar_is_left_null_with_a_warning():
    from pipeline.resolve.header_grammar import issuer_problem
    from schemas.models import Issuer

    assert issuer_problem(Issuer(name="Ủy ban nhân dân |")) == "contains a cell separator"
    assert issuer_problem(Issuer(name="Ban Nhân dân tỉnh Kiên Giang Cộng")) == "runs into the motto"
    assert "no known place" in (
        issuer_problem(Issuer(name="Ủy ban nhân dân tỉnh Bình Phước Nghĩa Việt")) or ""
    )
    assert issuer_problem(Issuer(name="Ủy ban nhân dân tỉnh Kiên Giang")) is None


def test_records_of_the_unseen_development_set_hold_no_ungrammatical_issuer_or_place(tmp_path):
    from pipeline.assemble import build_record
    from pipeline.model.places import is_place
    from pipeline.resolve.header_grammar import issuer_problem
    from tests.conftest import SAMPLES

    for path in sorted((SAMPLES / "unseen" / "dev").glob("*.txt")):
        meta = build_record(path).metadata
        assert meta.issuer is None or issuer_problem(meta.issuer) is None, path.name
        assert meta.place is None or is_place(meta.place), path.name


def _dev_metadata(name: str):
    from pipeline.assemble import build_record
    from tests.conftest import SAMPLES

    return build_record(SAMPLES / "unseen" / "dev" / name).metadata


def test_a_province_under_its_name_before_a_renaming_is_a_place():
    """Thừa Thiên Huế became Huế city in 2025; a 2012 plan still names it."""
    meta = _dev_metadata("thuathienhue-kh-93-2012.txt")
    assert meta.place == "Thừa Thiên Huế"
    assert meta.issuer is not None and meta.issuer.name == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"


def test_a_portal_page_names_its_document_in_a_sentence_case_line():
    """A commune portal's page: no header block, "Kế hoạch tổ chức phát động ... năm 2020", and
    "ủy ban nhân dân xã xây dựng kế hoạch" (unnamed) rather than the HĐND named in passing."""
    meta = _dev_metadata("hue-thuongquang-kh-ntm-2020.txt")
    assert meta.doc_type == "Kế hoạch"
    assert meta.title == (
        "tổ chức phát động xây dựng nông thôn mới và phong trào làm vườn năm 2020"
    )
    assert meta.period is not None and (meta.period.start, meta.period.end) == (2020, 2020)
    assert meta.issuer is not None
    assert (meta.issuer.name, meta.issuer.kind, meta.issuer.level) == (None, "state", "commune")


def test_the_enacting_quyet_dinh_line_has_no_title_after_it():
    """Bình Phước QĐ 47/2011: no title in the header; "QUYẾT ĐỊNH:" then "Điều 1."."""
    meta = _dev_metadata("binhphuoc-qd-47-2011.txt")
    assert meta.doc_type == "Quyết định" and meta.title is None


def test_a_steering_committee_under_a_party_committee_is_a_party_body():
    meta = _dev_metadata("hatinh-camha-kh-14-2022.txt")
    assert meta.issuer is not None
    assert (meta.issuer.parent, meta.issuer.kind) == ("Đảng ủy xã Cẩm Hà", "party")


def test_the_year_of_a_plan_comes_before_the_programme_it_implements():
    assert find_period(
        "VỀ KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2024 THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA ... "
        "GIAI ĐOẠN 2021 - 2030"
    ) == (2024, 2024)
    assert find_period("Kế hoạch thực hiện Chương trình giảm nghèo năm 2023") == (2023, 2023)


def _ocr_doc(text: str):
    """A Document as the OCR path builds one: the same lines, flagged as read by OCR."""
    from pipeline.model.source import Source
    from pipeline.normalize import normalise
    from pipeline.readers.text import blocks_from_lines
    from pipeline.segment import segment

    source = Source(path="<scan>", format="pdf", blocks=blocks_from_lines(text.splitlines()))
    source.ocr = True
    return segment(normalise(source))


RECIPIENTS = "Nơi nhận:\n- Như trên;\n- Lưu: VT, NC.\n\n"


@pytest.mark.parametrize(
    ("closing", "signer"),
    [
        # Lines a red seal left as noise between the position and the name (corpus 3980/C04-P6).
        (
            "CỤC TRƯỞNG\nTS\nSỜ TGSÀÀ t2\n1...\nThiểu tướng Ngô Thanh Bình",
            (None, "Cục trưởng", "Ngô Thanh Bình"),
        ),
        # A signature's marks read as lower-case letters after the position (4377/UBND-NC).
        (
            "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG csây\nNguyễn Nhân Bản",
            ("TL.", "Chánh Văn phòng", "Nguyễn Nhân Bản"),
        ),
        # A title misread by a letter or two (seed 001's scan: PHÓ CHỦ TỊCH in bold).
        (
            "KT.CHỦ TỊCH ề\nCHỔ CHỊ TỊCH\nTrần Ngọc Quang",
            ("KT.", "Phó Chủ tịch", "Trần Ngọc Quang"),
        ),
        # ... and before the name (01/CT-UBND).
        ('CHỦ TỊCH\nPS) Tự\n/‹2..Đ lJ "Đặng Văn Minh', (None, "Chủ tịch", "Đặng Văn Minh")),
    ],
)
def test_an_ocr_closing_keeps_the_signer_through_the_noise_of_a_seal(closing, signer):
    meta = find_metadata(_ocr_doc(RECIPIENTS + closing))
    assert meta.signer is not None
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == signer


def test_noise_before_a_name_is_not_read_past_in_a_text_layer():
    meta = find_metadata(doc_from_text(RECIPIENTS + 'CHỦ TỊCH\n/‹2..Đ lJ "Đặng Văn Minh'))
    assert meta.signer is not None and meta.signer.name is None


def test_the_position_is_the_first_title_under_the_signature_head():
    # A steering committee's head signs as its head, then names the office he holds.
    meta = find_metadata(
        doc_from_text(RECIPIENTS + "TRƯỞNG BAN\nCHỦ TỊCH UBND TỈNH\nNguyễn Hoàng Giang")
    )
    assert meta.signer is not None
    assert (meta.signer.position, meta.signer.name) == ("Trưởng ban", "Nguyễn Hoàng Giang")


def test_a_deputy_minister_is_one_title():
    assert pretty_position("THỨ TRƯỞNG") == "Thứ trưởng"
    assert pretty_position("PHÓ CHÁNH VĂN PHÒNG") == "Phó Chánh Văn phòng"
    assert pretty_position("PHÓ CHÁNH ÁN") == "Phó Chánh án"
