"""Header grammar on real lines: date line, type line, title, issuer, signature, recipients."""

from extractors.find_metadata import find_metadata
from extractors.issue_date import find_issue_date
from extractors.names import pretty_name
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
    assert find_period("Thực hiện công tác giảm nghèo bền vững giai đoạn 2024 – 2025") == (2024, 2025)
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
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 12 tháng 3 năm 2026",
        "TỜ TRÌNH\nVề việc trình ký Báo cáo công tác cải cách hành chính quý I năm 2026 và\n"
        "phương hướng, nhiệm vụ quý II năm 2026 của tỉnh Lâm Đồng\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng.",
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
    assert meta.title.startswith("Về việc trình ký Báo cáo") and meta.title.endswith("của tỉnh Lâm Đồng")
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == ("KT.", "Phó Giám đốc", "Trần Hữu Tuấn")
    assert meta.recipients == ["Như trên", "Văn phòng UBND tỉnh", "Lãnh đạo Sở"]
    for fact in (meta.number, meta.date, meta.signer):
        assert 0 <= fact.span.start < fact.span.end <= len(doc.text)


def test_issuer_inferred_from_opening_sentence_when_header_is_missing():
    doc = doc_from_text(
        "Số: /KH-UBND\n\nTP. Tuyên Quang, ngày tháng 3 năm 2020\n\nKẾ HOẠCH\nThực hiện Chương trình giảm nghèo năm 2020\n\n"
        "Ủy ban nhân dân thành phố xây dựng Kế hoạch thực hiện Chương trình giảm nghèo năm 2020 trên địa bàn thành phố."
    )
    meta = find_metadata(doc)
    assert meta.issuer.name == "Ủy ban nhân dân thành phố Tuyên Quang"
    assert meta.issuer.inferred is True
    assert meta.issuer.level == "district"


def test_party_signature_without_dot_and_without_name():
    doc = doc_from_text("Nơi nhận:\n- Thường trực Tỉnh ủy;\n- Lưu VP.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ")
    meta = find_metadata(doc)
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == ("TM.", "Bí thư", None)
