"""Consistency checks on seed 000, whose Phụ biểu 02 swaps two wards' household totals against
Phụ lục 01, and the table number format decided per column."""

import shutil

import pytest

from extractors.checks import breakdowns
from extractors.tables import Column, cell_value
from pipeline.assemble import build_record
from tests.conftest import SAMPLES, doc_from_text


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "doc"])
def test_seed_000_checks(fmt):
    if fmt == "doc" and not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    record = build_record(SAMPLES / f"000_3dc63f02c7a2b475.{fmt}")
    by_id = {}
    for check in record.checks:
        by_id.setdefault(check.id.split(":")[0], []).append(check)
    fails = [c for c in by_id["units_across_tables"] if c.status == "fail"]
    assert sorted(c.message.split(":")[0] for c in fails) == ["Xã Giới Phiên", "Xã Văn Phú"]
    assert all(len(c.evidence) == 2 for c in fails)  # both appendices
    assert "1224" in fails[0].message and "1503" in fails[0].message
    rate = next(c for c in by_id["rate_vs_count"] if c.id.endswith(":poverty_rate"))
    assert rate.status == "pass" and "0.256%" in rate.message  # 80 of 31.200 households
    assert record.text[rate.span.start : rate.span.end].startswith("0,25")
    assert {c.status for c in by_id["text_vs_appendix"]} == {"pass"}
    assert any("80" in c.message and "giảm" in c.message for c in by_id["text_vs_appendix"])
    assert [c.status for c in by_id["table_totals"]][:2] == ["pass", "pass"]


def test_breakdown_adds_up():  # seed 004
    doc = doc_from_text(
        "- Chiều thiếu hụt về việc làm: 89 hộ (hộ nghèo: 38 hộ; hộ cận nghèo: 51 hộ) có ít"
        " nhất một thành viên."
    )
    (check,) = breakdowns(doc)
    assert check.status == "pass" and check.message == "89 hộ = 38 + 51"
    doc = doc_from_text(
        "- Chiều thiếu hụt về y tế: 183 hộ (hộ nghèo: 44 hộ; hộ cận nghèo: 130 hộ)."
    )
    (check,) = breakdowns(doc)
    assert check.status == "fail" and "= 174" in check.message


def test_number_format_is_decided_per_column():
    counts = Column(2, "số hộ", integer=True)
    rates = Column(3, "tỷ lệ (%)", integer=False)
    assert cell_value("31,200", counts) == 31200  # English thousands mark in a count column
    assert cell_value("31.200", counts) == 31200
    assert cell_value("0.30", rates) == 0.30
    assert cell_value("0,30", rates) == 0.30
    assert cell_value("", rates) is None


def test_seed_000_ward_targets_from_phu_luc_01():
    from extractors.table_targets import table_targets

    record = build_record(SAMPLES / "000_3dc63f02c7a2b475.docx")
    rows = {
        (t.scope, t.indicator, t.kind): t
        for t in table_targets(record.tables, record.metadata.period)
    }
    yen_thinh = rows[("Phường Yên Thịnh", "poor_households_exit", "change")]
    assert (yen_thinh.value, yen_thinh.year) == (9, 2023)
    level = rows[("Phường Yên Thịnh", "poverty_rate", "level")]
    assert (level.value, level.baseline) == (0.39, 0.74)  # end-2023 rate, from the current 0,74%
    change = rows[("Phường Yên Thịnh", "poverty_rate", "change")]
    assert change.value == 0.35
    total = rows[(None, "poor_households_exit", "change")]
    assert total.value == 80 and total.table == "t1"
