"""Targets beyond poverty reduction (issue 9): units outside the poverty vocabulary, rates per
population, ceilings and floors, a year said after the figure or leading a list, a unit said once
for two years, indicator tables (one cell per paragraph in web copies, ``|`` rows, DOCX grids),
and seed 000's Phụ lục 03 as one grid in every format.

The documents are the unseen development set's web copies (``samples/unseen/dev``) and the seeds;
the short texts quote the forms the issue names."""

from pathlib import Path

import pytest

from extractors.indicator_tables import indicator_table_targets
from extractors.tables import find_tables
from extractors.targets import find_targets
from pipeline.assemble import build_record
from schemas.models import Period, PlanRecord
from tests.conftest import SAMPLES, doc_from_text

DEV = SAMPLES / "unseen" / "dev"


def _record(name: str) -> PlanRecord:
    return build_record(DEV / name)


def _plan_targets(record: PlanRecord) -> list[tuple]:
    return [
        (t.value, t.unit, t.kind, t.year)
        for t in record.targets
        if t.kind != "baseline" and (t.table is None or t.table_row == "indicator")
    ]


def test_ceilings_and_the_year_said_after_each_figure():
    """Bến Tre QĐ 1591/2013: "xuống dưới 22,5% vào năm 2015 và xuống còn 20% vào năm 2020"; the
    next sentence ("Duy trì 100% trạm y tế xã ...") names no year and takes none."""
    got = _plan_targets(_record("bentre-qd-1591-2013.txt"))
    assert got == [
        (22.5, "%", "ceiling", 2015),
        (20.0, "%", "level", 2020),
        (12.5, "%", "ceiling", 2015),
        (10.0, "%", "level", 2020),
        (100.0, "%", "coverage", None),
    ]


def test_a_year_leading_a_list_and_footnote_marks_after_rates():
    """Lạng Sơn KH 54/2020: "- Đến năm 2025: … dưới 24%1; … dưới 15%2" (footnote marks), then
    "- Đến năm 2030:" on its own line with the items below; "(dưới 2.500 gram)" is part of the
    indicator's name, not a target."""
    record = _record("langson-kh-54-2020.txt")
    got = _plan_targets(record)
    assert got[:6] == [
        (24.0, "%", "ceiling", 2025),
        (15.0, "%", "ceiling", 2025),
        (5.0, "%", "ceiling", 2025),
        (22.0, "%", "ceiling", 2030),
        (13.5, "%", "ceiling", 2030),
        (4.0, "%", "ceiling", 2030),
    ]
    assert not [t for t in record.targets if t.value == 2500]
    stunting = [t for t in record.targets if t.indicator == "child_stunting_rate"]
    assert [t.value for t in stunting] == [24.0, 22.0]
    assert "thấp còi" in stunting[0].label


def test_a_table_copied_one_cell_per_paragraph_gives_one_target_per_cell():
    """Nghệ An KH 151/2021: TT / Nội dung chỉ tiêu / Đơn vị tính / Giai đoạn 2021 - 2025 /
    Giai đoạn 2026 - 2030, each cell its own paragraph."""
    record = _record("nghean-kh-151-2021.txt")
    (table,) = record.tables
    assert table.header == [
        ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Giai đoạn 2021 - 2025", "Giai đoạn 2026 - 2030"]
    ]
    assert [row[0] for row in table.rows] == ["1", "2", "3", "4"]
    cells = [t for t in record.targets if t.table_row == "indicator"]
    first, second = Period(start=2021, end=2025), Period(start=2026, end=2030)
    assert [(t.value, t.unit, t.kind, t.period) for t in cells] == [
        (80, "%", "coverage", first),
        (90, "%", "coverage", second),
        (70, "%", "coverage", first),
        (80, "%", "coverage", second),
        (1000, "người", "count", first),
        (1500, "người", "count", second),
    ]
    assert cells[4].label.startswith("Số người khuyết tật được phẫu thuật chỉnh hình")


def test_figures_in_the_titles_of_cited_documents_are_not_targets():
    """Phú Yên KH 140/2016 lists "Nghị quyết 30a/2008/NQ-CP về … đối với 61 huyện nghèo"."""
    record = _record("phuyen-kh-140-2016.txt")
    assert not [t for t in record.targets if t.unit == "huyện"]


ISSUE_FORMS = """II. MỤC TIÊU
2. Mục tiêu cụ thể
- Giảm tỷ suất trẻ em bị tử vong do tai nạn thương tích xuống 15/100.000 trẻ em vào năm 2025 \
và 12/100.000 trẻ em vào năm 2030.
- Xây mới 300 ngôi nhà đại đoàn kết vào năm 2025 và 500 vào năm 2030.
- Tỷ số giới tính khi sinh dưới 109 bé trai/100 bé gái.
- Phấn đấu đến năm 2025:
+ Tỷ lệ hộ nghèo dưới 3%;
+ Trên 90% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế;
+ 50 trường học đạt chuẩn quốc gia.
- Đến năm 2025, 80% cơ sở giáo dục có nhà vệ sinh đạt chuẩn.
"""


def test_the_forms_the_issue_names():
    got = [(t.value, t.unit, t.kind, t.year) for t in find_targets(doc_from_text(ISSUE_FORMS))]
    assert got == [
        (15, "/100.000 trẻ em", "level", 2025),
        (12, "/100.000 trẻ em", "level", 2030),
        (300, "nhà", "count", 2025),
        (500, "nhà", "count", 2030),  # the unit said once
        (109, "bé trai/100 bé gái", "ceiling", None),
        (3, "%", "ceiling", 2025),  # the year that leads the list
        (90, "%", "coverage", 2025),
        (50, "trường", "count", 2025),
        (80, "%", "coverage", 2025),  # "2025, 80%" is not the number 2025.80
    ]


def test_an_indicator_table_in_pipe_rows_takes_its_years_from_the_header():
    doc = doc_from_text(
        "Chỉ tiêu | Đơn vị | 2025 | 2030 |\n"
        "Tỷ lệ trẻ em được học bơi | % | 40 | ≥ 50 |\n"
        "Số xã đạt chuẩn nông thôn mới | Xã | 12 | 20 |\n"
    )
    got = [(t.value, t.unit, t.kind, t.year) for t in indicator_table_targets(find_tables(doc))]
    assert got == [
        (40, "%", "coverage", 2025),
        (50, "%", "floor", 2030),
        (12, "xã", "count", 2025),
        (20, "xã", "count", 2030),
    ]


def test_a_per_unit_table_is_not_an_indicator_table():
    """A ``Đơn vị`` column that names wards is a per-unit table (seed 000 Phụ lục 01)."""
    doc = doc_from_text(
        "TT | Đơn vị | Tổng số hộ | Năm 2023 |\n"
        "1 | Phường Yên Thịnh | 1.200 | 9 |\n"
        "2 | Xã Văn Phú | 1.224 | 8 |\n"
    )
    assert indicator_table_targets(find_tables(doc)) == []


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "doc"])
def test_seed_000_housing_list_is_one_grid_with_all_its_rows(fmt):
    """Phụ lục 03 breaks across a page and repeats its two header rows: one table, nine
    households and the total, in every format."""
    path = Path(SAMPLES / f"000_3dc63f02c7a2b475.{fmt}")
    record = build_record(path)
    housing = [t for t in record.tables if "HỖ TRỢ LÀM NHÀ" in (t.caption or "")]
    assert len(housing) == 1
    assert [row[0] for row in housing[0].rows] == [*map(str, range(1, 10)), "Cộng 09 hộ"]
    assert len(housing[0].header) == 2
