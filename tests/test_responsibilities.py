"""Responsibilities on the real lines they came from (seeds), and the seed 001 matrix."""

from __future__ import annotations

import pytest

from extractors.responsibilities import _items_in, find_responsibilities
from pipeline.assemble import build_record
from pipeline.corpus.matrix import responsibility_matrix
from pipeline.model.agencies import agency_matcher
from tests.conftest import SAMPLES, doc_from_text


def _roles(text: str, level: str = "district", issuer: str | None = None) -> set[tuple]:
    resps, _ = find_responsibilities(doc_from_text(text), level, [], issuer)  # type: ignore[arg-type]
    return {(r.agency_id, r.level, r.role) for r in resps}


def test_lead_and_partners_of_an_assignment_line():  # seed 001, Dự án 3
    text = (
        "II. Nhiệm vụ\n1. Dự án 3\n- Phân công thực hiện: Phòng Kinh tế thành phố chủ trì,"
        " phối hợp với "
        "các cơ quan, đơn vị và Uỷ ban nhân dân các phường, xã tổ chức thực hiện."
    )
    assert _roles(text) == {("kinh_te", "district", "lead"), ("ubnd", "commune", "support")}


def test_labelled_lines_and_a_partner_list_across_semicolons():  # seed 002, III.2.3
    text = (
        "III. Nội dung\n1. Chính sách\n+ Cơ quan chủ trì: Sở Y tế.\n"
        "+ Cơ quan phối hợp: Sở Lao động - Thương binh và Xã hội; Ban Dân tộc, Sở Nông nghiệp và "
        "Phát triển Nông thôn và các sở, ban, ngành."
    )
    assert _roles(text, "province") == {
        ("yte", "province", "lead"),
        ("ldtbxh", "province", "support"),
        ("dan_toc", "province", "support"),
        ("nnptnt", "province", "support"),
        ("so_ban_nganh", "province", "support"),
    }


def test_an_item_that_opens_with_its_body_takes_the_roles_said_without_a_subject():  # seed 002, VI
    text = (
        "VI. TỔ CHỨC THỰC HIỆN\n1. Sở Lao động - Thương binh và Xã hội\n"
        "- Là cơ quan thường trực, chủ trì tham mưu Ban Chỉ đạo tỉnh triển khai thực hiện"
        " Chương trình.\n"
        "- Định kỳ hàng năm (trước ngày 25/12 hàng năm), tổng hợp, báo cáo Ủy ban nhân dân tỉnh."
    )
    resps, _ = find_responsibilities(doc_from_text(text), "province", [])
    (lead,) = [r for r in resps if r.agency_id == "ldtbxh"]
    assert (lead.role, lead.section) == ("lead", "VI.1")
    assert [(d.recurrence, d.month, d.day) for d in lead.schedule] == [("yearly", 12, 25)]
    assert all(r.agency_id != "ubnd" for r in resps)  # the body reported to is given no task


def test_people_of_a_body_are_not_the_body():  # seed 000, VI.1
    text = (
        "VI. TỔ CHỨC THỰC HIỆN\n1. Các đồng chí Ủy viên Ban Thường vụ Thành ủy chỉ đạo, đôn đốc"
        " các chi bộ."
    )
    assert _roles(text) == set()


def test_a_body_directed_to_act_is_assigned():  # seed 001, IV.12
    text = (
        "IV. Tổ chức thực hiện\n12. Các hội\n- Phối hợp Ủy ban nhân dân phường, xã chỉ đạo Ủy"
        " ban Mặt "
        "trận Tổ quốc Việt Nam và các hội đoàn thể phường, xã nhận đỡ đầu các hộ nghèo."
    )
    roles = _roles(text)
    assert ("mttq", "commune", "assigned") in roles and (
        "to_chuc_ctxh",
        "commune",
        "assigned",
    ) in roles


def test_the_issuer_handing_out_tasks_is_not_assigned_them():  # seed 004, V.9
    text = (
        "V. Tổ chức thực hiện\n9. Các xã\nỦy ban nhân dân thành phố yêu cầu các đơn vị triển khai"
        " thực hiện."
    )
    assert _roles(text, issuer="Ủy ban nhân dân thành phố Quy Nhơn") == set()


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Dự án 2, Dự án 4 (Tiểu dự án 1,3), Dự án 6 (Tiểu dự án 2) và Dự án 7",
            ["DA2", "DA4.TDA1", "DA4.TDA3", "DA6.TDA2", "DA7"],
        ),
        ("thực hiện Tiểu dự án 1, Dự án 6 giảm nghèo về thông tin", ["DA6.TDA1"]),
        ("Tiêu dự án 2 thuộc Dự án 3", ["DA3.TDA2"]),  # the typo of the seeds
    ],
)
def test_programme_items(text, items):
    assert _items_in(text.lower()) == items


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("trước ngày 30/6/2023 báo cáo", [("2023-06-30", None, 6, 30)]),
        ("hoàn thành trong quý II/2024", [("2024-Q2", None, None, None)]),
        (
            "Định kỳ 6 tháng (trước ngày 25/6), năm (trước ngày 25/11) báo cáo",
            [(None, "half-yearly", 6, 25), (None, "yearly", 11, 25)],
        ),
        ("lập dự toán ngân sách hàng năm", []),  # names a document, not a time limit
        # written out: nat-qd-982-2026-ttg, Điều 2
        ("báo cáo trước ngày 25 tháng 12 hằng năm", [(None, "yearly", 12, 25)]),
        (
            "Định kỳ hàng năm trước ngày 15 tháng 12 gửi báo cáo",
            [(None, "yearly", 12, 15)],
        ),
        ("công khai kết quả chậm nhất vào ngày 05 hằng tháng", [(None, "monthly", None, 5)]),
        ("trong 6 tháng 12 lần", []),  # a count of months, not a date
    ],
)
def test_deadlines(line, expected):
    from extractors.responsibilities import _deadlines

    doc = doc_from_text(line)
    got = [(d.date, d.recurrence, d.month, d.day) for d in _deadlines(doc, 0, len(doc.text))]
    assert got == expected


def test_lexicon_spellings_of_one_body():
    for text in (
        "Sở LĐ-TB&XH",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Lao động-TB&XH",
        "Sở LĐTBXH",
    ):
        (m,) = agency_matcher().find(text)
        assert (m.key, m.level) == ("ldtbxh", "province"), text
    assert agency_matcher().find("toàn bộ thông tin và truyền thông") == []  # no capital: no Bộ


def test_seed_001_matrix():
    frame = responsibility_matrix(build_record(SAMPLES / "001_516b95c28caaea9e.docx"))
    ldtbxh = frame.loc["Phòng Lao động - Thương binh và Xã hội"]
    assert {c for c, role in ldtbxh.items() if role == "lead"} >= {
        "DA2",
        "DA4.TDA1",
        "DA4.TDA3",
        "DA6.TDA2",
        "DA7.TDA1",
    }
    assert frame.loc["Trung tâm Y tế", "DA3.TDA2"] == "lead"


def test_successor_and_locality_of_a_district_department():
    record = build_record(SAMPLES / "001_516b95c28caaea9e.txt")
    (r,) = [
        r for r in record.responsibilities if r.agency_id == "ldtbxh" and r.section == "II.3.1.a"
    ]
    assert r.locality == "Phan Rang - Tháp Chàm"
    assert (
        r.successor_2025 is not None and r.successor_2025.note and "2025" in r.successor_2025.note
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Quý IV/2026", [("2026-Q4", None)]),
        ("Tháng 12/2026", [("2026-12", None)]),
        ("Trước ngày 15/12 hằng năm", [(None, "yearly")]),
        ("Thường xuyên", []),  # ongoing: no limit
        ("Nhiệm vụ thường xuyên", []),
        ("Sau khi Đề án được phê duyệt", [(None, None)]),  # kept by its words
    ],
)
def test_time_column_of_an_assignment_table(cell, expected):
    from extractors.responsibilities import _cell_deadlines
    from schemas.models import Span

    got = [(d.date, d.recurrence) for d in _cell_deadlines(cell, Span(start=0, end=0))]
    assert got == expected


def test_central_bodies_and_their_roles():  # nat-qd-982-2026-ttg, Điều 2
    text = (
        "Điều 2. Tổ chức thực hiện\n"
        "4. Bộ Ngoại giao\n"
        "Đồng chủ trì với Bộ Khoa học và Công nghệ, phối hợp với các cơ quan liên quan đẩy mạnh "
        "hoạt động ngoại giao kinh tế.\n"
        "7. Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương\n"
        "a) Chủ động rà soát, tháo gỡ thực chất những khó khăn, vướng mắc.\n"
        "9. Đề nghị Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam và "
        "các cơ quan thông tấn, báo chí phối hợp với các bộ, ngành, địa phương tuyên truyền về "
        "các nội dung thuộc Đề án."
    )
    roles = _roles(text, "central")
    assert ("ngoai_vu", "central", "lead") in roles
    assert ("ubnd", "province", "assigned") in roles
    assert {("vtv", "central", "support"), ("vov", "central", "support")} <= roles
    assert ("ttxvn", "central", "support") in roles


def _found(text: str, level: str = "province") -> list:
    resps, _ = find_responsibilities(doc_from_text(text), level, [])  # type: ignore[arg-type]
    return resps


def test_a_body_given_the_items_below_a_colon():  # vbai-tb-ubnd-ket-luan-22-1-2026, III
    text = (
        "III. TỔ CHỨC THỰC HIỆN\n"
        "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:\n"
        "1. Theo dõi, đôn đốc, tổng hợp tình hình triển khai thực hiện Thông báo kết luận này.\n"
        "2. Tổ chức đánh giá và công khai kết quả đánh giá chậm nhất vào ngày 05 hằng tháng.\n"
        "IV. ĐIỀU KHOẢN\n"
        "Giao Sở Tài chính:\n"
        "a) Tham mưu bố trí kinh phí."
    )
    by_body = {(r.agency_id, r.role): r for r in _found(text)}
    lead = by_body[("noi_vu", "lead")]
    assert [(d.recurrence, d.day) for d in lead.schedule] == [("monthly", 5)]
    assert ("tai_chinh", "assigned") in by_body and not by_body[("tai_chinh", "assigned")].schedule


def test_a_deadline_at_the_end_of_a_sentence_of_clauses():  # vbai-tb-ubnd-ket-luan-skhcn, 4
    text = (
        "4. Về kinh phí cho hoạt động Khoa học và Công nghệ\n"
        "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan, "
        "khẩn trương rà soát, phân bổ chi tiết kinh phí; chủ trì, phối hợp với các sở, ngành đề "
        "xuất danh mục đầu tư công; báo cáo chi tiết gửi UBND tỉnh xem xét trước ngày 30/5/2026."
    )
    dated = {(r.agency_id, r.role): [d.date for d in r.schedule] for r in _found(text)}
    assert dated[("khcn", "lead")] == ["2026-05-30"]
    assert dated[("tai_chinh", "support")] == ["2026-05-30"]


def test_headings_that_name_whose_duties_follow():  # vbai-tb-ubnd-ket-luan-22-1-2026, II.7
    text = (
        "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu\n"
        "a) Chủ động xây dựng kế hoạch khắc phục tồn tại, hạn chế."
    )
    roles = {(r.agency_id, r.level, r.role) for r in _found(text)}
    assert ("ubnd", "commune", "assigned") in roles


def test_partners_without_voi_and_a_unit_in_brackets():  # vbai-cv-ubnd-nc-cai-thien-chi-so
    text = (
        "g) Giao Thanh tra tỉnh chủ trì, phối hợp Sở Nội vụ, Văn phòng Ủy ban nhân dân tỉnh tổ "
        "chức thanh tra, kiểm tra công vụ.\n"
        "h) Giao Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh): tham "
        "mưu công khai kết quả giải quyết hồ sơ; căn cứ kế hoạch cải cách hành chính hằng năm."
    )
    found = _found(text)
    roles = {(r.agency_id, r.role) for r in found}
    assert {("noi_vu", "support"), ("vp_ubnd", "support")} <= roles
    assert not any(r.agency_id == "tt_phvhcc" for r in found)
    assert not any(d.recurrence for r in found for d in r.schedule)  # "kế hoạch ... hằng năm"


def test_a_centrally_run_city_is_a_province():
    for text in (
        "UBND các thành phố trực thuộc Trung ương",
        "Ủy ban nhân dân thành phố trực thuộc TW",
    ):
        (m,) = agency_matcher().find(text)
        assert (m.key, m.level, m.end) == ("ubnd", "province", len(text))


def test_in_a_centrally_run_citys_plan_its_own_bodies_are_the_citys():
    """ "... Thành phố" in the plan of Hà Nội (a province) is the city's body, not a district's;
    a named district stays a district."""
    from pipeline.resolve.agencies import own_city_level
    from schemas.models import Issuer

    text = (
        "V. TỔ CHỨC THỰC HIỆN\n"
        "5. Đề nghị Ủy ban Mặt trận Tổ quốc, Hội Nông dân Thành phố phối hợp vận động.\n"
        "6. Ủy ban nhân dân quận Ba Đình tổ chức thực hiện trên địa bàn."
    )
    doc = doc_from_text(text)
    resps, _ = find_responsibilities(doc, None, [])
    issuer = Issuer(name="Ủy ban nhân dân thành phố Hà Nội", kind="state", level="province")
    levels = {r.agency_id: r.level for r in own_city_level(doc, resps, issuer)}
    assert levels["nong_dan"] == levels["mttq"] == "province"
    assert levels["ubnd"] == "district"
