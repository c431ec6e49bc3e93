"""Targets on the real sentences of the seed plans, and the headline targets of each seed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.targets import find_targets
from pipeline.model.grammar import parse_vn_number as parse_number
from pipeline.resolve.scopes import own_scopes_dropped
from schemas.models import Period
from tests.conftest import SAMPLES, doc_from_text


def _targets(text: str, period=None, place=None):
    found = own_scopes_dropped(find_targets(doc_from_text(text), period), place)
    return [t for t in found if t.kind != "baseline"]


def test_vietnamese_number_format():
    assert (
        parse_number("31.200") == 31200 and parse_number("0,67") == 0.67 and parse_number("09") == 9
    )


def test_rate_level_change_and_households_lifted_out():  # seed 000
    got = _targets(
        "III. MỤC TIÊU\n- Đến cuối năm 2023, tỷ lệ hộ nghèo của thành phố còn 0,42% (giảm"
        " 0,25%, tương ứng giảm 80 hộ "
        "trong năm, cuối năm còn 130 hộ)."
    )
    assert [(t.indicator, t.value, t.unit, t.kind, t.year) for t in got] == [
        ("poverty_rate", 0.42, "%", "level", 2023),
        ("poverty_rate", 0.25, "%", "change", 2023),
        ("poor_households_exit", 80, "hộ", "change", 2023),
        ("poor_households", 130, "hộ", "level", 2023),
    ]


def test_baseline_in_the_same_sentence():  # seed 001
    (t,) = [
        t
        for t in _targets(
            "2. Mục tiêu cụ thể\ngiảm tỷ lệ hộ nghèo từ 1,30%/năm xuống còn 1,15%/năm",
            Period(start=2023, end=2023),
        )
        if t.value == 1.15
    ]
    assert (t.indicator, t.kind, t.baseline, t.year) == ("poverty_rate", "level", 1.30, 2023)


def test_per_year_change_over_a_period_with_district_scope():  # seed 002
    got = _targets(
        "1. Mục tiêu\nTỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân 3,3%/năm giai"
        " đoạn 2022-2025 (trong đó: "
        "Huyện Trạm Tấu giảm 6,5%/năm, huyện Mù Cang Chải giảm 7,67%/năm)."
    )
    assert [(t.value, t.kind, t.per_year, t.period.end, t.scope) for t in got] == [
        (3.3, "change", True, 2025, None),
        (6.5, "change", True, 2025, "Huyện Trạm Tấu"),
        (7.67, "change", True, 2025, "huyện Mù Cang Chải"),
    ]


def test_coverage_and_no_poor_households_left():  # seeds 000 and 004
    got = _targets(
        "2. Mục tiêu cụ thể\n- Duy trì 100% người thuộc hộ nghèo, hộ cận nghèo được hỗ trợ"
        " tham gia bảo hiểm y tế."
    )
    assert [(t.indicator, t.value, t.kind) for t in got] == [
        ("health_insurance_coverage", 100, "coverage")
    ]
    got = _targets(
        "2. Mục tiêu cụ thể\n- Năm 2025, thành phố Quy Nhơn không còn hộ nghèo.", place="Quy Nhơn"
    )
    assert [(t.indicator, t.value, t.kind, t.year, t.scope) for t in got] == [
        ("poor_households", 0, "level", 2025, None)
    ]


def test_situation_figures_are_baselines():  # seed 000
    doc = doc_from_text(
        "I. THỰC TRẠNG\nToàn thành phố hiện có 31.200 hộ dân; hộ nghèo là 210 hộ, chiếm tỷ lệ"
        " 0,67%."
    )
    got = find_targets(doc)
    assert [(t.value, t.kind) for t in got] == [
        (31200, "baseline"),
        (210, "baseline"),
        (0.67, "baseline"),
    ]


def test_breakdown_in_brackets_follows_what_it_breaks_down():  # seed 004
    got = _targets(
        "III. NỘI DUNG VÀ GIẢI PHÁP\n+ Phối hợp tổ chức đào tạo nghề cho 62 người lao động"
        " (nguyên nhân có người ốm đau: "
        "36 người; nguyên nhân khác: 26 người)."
    )
    assert [(t.indicator, t.value, t.unit) for t in got] == [
        ("vocational_training", 62, "lao động"),
        ("vocational_training", 36, "lao động"),
        ("vocational_training", 26, "lao động"),
    ]


def test_unknown_indicator_is_null_never_a_guess():
    (t,) = _targets("2. Mục tiêu\nPhấn đấu trồng mới 15 ha rừng phòng hộ.")
    assert t.indicator is None and t.value == 15 and t.unit == "ha"


HEADLINES = {  # the headline targets, each checked against the seed text
    "000_3dc63f02c7a2b475": [
        ("poverty_rate", 0.42, "level", None, 2023),
        ("poor_households_exit", 80, "change", None, 2023),
    ],
    "001_516b95c28caaea9e": [
        ("poverty_rate", 1.15, "level", 1.30, 2023),
        ("poor_households_exit", 71, "change", None, 2023),
        ("near_poverty_rate", 2.91, "level", 3.11, 2023),
        ("near_poor_households_exit", 95, "change", None, 2023),
    ],
    "002_e96895803e866879": [("poverty_rate", 3.3, "change", None, None)],
    "003_b3c289cca53b4e1f": [
        ("poor_households_exit", 90, "change", None, 2020),
        ("poverty_rate", 0.25, "change", None, 2020),
    ],
    "004_abbd3a2678e50d31": [
        ("poverty_rate", 0.06, "change", None, 2024),
        ("near_poverty_rate", 0.02, "change", None, 2024),
        ("poor_households", 0, "level", None, 2025),
    ],
}


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("seed", sorted(HEADLINES))
def test_seed_headline_targets(seed, fmt):
    from pipeline.assemble import build_record

    record = build_record(SAMPLES / f"{seed}.{fmt}")
    got = {
        (t.indicator, t.value, t.kind, t.baseline, t.year)
        for t in record.targets
        if t.kind != "baseline"
    }
    for headline in HEADLINES[seed]:
        assert headline in got, headline
    if seed.startswith(
        "002"
    ):  # −3,3%/year for 2022-2025; Trạm Tấu −6,5%/year, Mù Cang Chải −7,67%/year
        scoped = {
            (t.value, t.scope, t.per_year, t.period.end if t.period else None)
            for t in record.targets
        }
        assert {
            (3.3, None, True, 2025),
            (6.5, "Huyện Trạm Tấu", True, 2025),
            (7.67, "huyện Mù Cang Chải", True, 2025),
        } <= scoped


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Mục tiêu giảm còn từ xuống 0123456789,.%/năm hộ người (): ;\n-")
        )
    )
)
def test_never_raises_and_spans_lie_inside_the_text(text):
    doc = doc_from_text(text)
    for t in find_targets(doc):
        assert 0 <= t.span.start < t.span.end <= len(doc.text)
