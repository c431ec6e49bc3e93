"""The corpus database and the comparison views on records made here: vertical consistency
between a provincial plan and its districts' own plans, programme coverage from
responsibilities, filters, loading twice, and the pieces underneath (units, evidence)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline.corpus.compare import (
    Filters,
    compare,
    coverage_cells,
    coverage_matrix,
    indicator_table,
    parse_years,
    programme_order,
    vertical_consistency,
)
from pipeline.corpus.database import connect, ensure_schema
from pipeline.corpus.evidence import best_line, sentence
from pipeline.corpus.excel import write_workbook
from pipeline.corpus.html import render
from pipeline.corpus.load import CorpusWriter
from pipeline.corpus.places import resolve_scope, split_unit
from schemas.models import Locality, Responsibility
from tests.corpus_records import YEN_BAI, PlanText, district, plan


def load(*records):
    con = connect(None)
    writer = CorpusWriter(con)
    for record in records:
        writer.add(record, Path("records") / f"{Path(record.source.path).stem}.json")
    writer.close()
    return con


def provincial_plan():
    text = PlanText()
    spans = text.say(
        "- Giai đoạn 2022-2025: Giảm tỷ lệ hộ nghèo bình quân ",
        "3,3%/năm",
        " (trong đó: Huyện Trạm Tấu giảm ",
        "6,5%/năm",
        ", huyện Mù Cang Chải giảm ",
        "7,67%/năm",
        ").",
    )

    return plan(
        "province",
        issuer="Ủy ban nhân dân tỉnh Yên Bái",
        level="province",
        locality=YEN_BAI,
        date="2022-04-04",
        period=(2022, 2025),
        number="81/KH-UBND",
        text=text,
        targets=[
            poverty_cut(text, spans[1], 3.3),
            poverty_cut(text, spans[3], 6.5, scope="Huyện Trạm Tấu"),
            poverty_cut(text, spans[5], 7.67, scope="huyện Mù Cang Chải"),
        ],
    )


def poverty_cut(text, span, value, period=(2022, 2025), scope=None):
    """A yearly cut of the poverty rate stated at ``span`` of ``text``."""
    return {
        "text": text.text[span["start"] : span["end"]],
        "indicator": "poverty_rate",
        "label": "tỷ lệ hộ nghèo",
        "value": value,
        "unit": "%",
        "kind": "change",
        "per_year": True,
        "direction": "giảm",
        "period": {"start": period[0], "end": period[1]},
        "scope": scope,
        "span": span,
    }


def district_plan(name, code, value, date="2022-06-01", period=(2022, 2025)):
    text = PlanText()
    span = text.say("- Giảm tỷ lệ hộ nghèo bình quân ", f"{value:.2f}%/năm".replace(".", ","))[1]
    target = poverty_cut(text, span, value, period)
    return plan(
        f"district-{name}-{date}",
        issuer=f"Ủy ban nhân dân huyện {name}",
        level="district",
        locality=district(name, code),
        date=date,
        period=period,
        text=text,
        targets=[target],
    )


def test_provincial_targets_for_districts_meet_the_districts_own_plans_by_gso_code():
    con = load(
        provincial_plan(),
        district_plan("Trạm Tấu", "139", 6.0),
        # GSO spells it "Mù Căng Chải": the plan is found by its code, not by the name
        district_plan("Mù Căng Chải", "137", 7.67),
        # a Trạm Tấu plan of another period is not the plan for 2022-2025
        district_plan("Trạm Tấu", "139", 1.0, date="2017-03-01", period=(2016, 2020)),
    )
    view = vertical_consistency(con).set_index("scope_code")
    assert view.loc["139", "status"] == "differs"
    assert view.loc["139", "assigned"] == 6.5
    assert view.loc["139", "lower_value"] == 6.0
    assert view.loc["139", "difference"] == pytest.approx(-0.5)
    assert "Trạm Tấu giảm 6,5%/năm" in view.loc["139", "assigned_sentence"]
    assert view.loc["137", "status"] == "consistent"
    assert view.loc["137", "lower_plan"].endswith("Ủy ban nhân dân huyện Mù Căng Chải")
    assert len(view) == 2


def test_a_district_without_its_own_plan_is_said_so():
    view = vertical_consistency(load(provincial_plan()))
    assert set(view.status) == {"no plan of this unit in the corpus"}
    assert set(view.scope_name) == {"Trạm Tấu", "Mù Cang Chải"}
    assert view.lower_record.isna().all()


def responsibility(text, agency, role, items, canonical=None):
    span = text.say(f"{agency} chủ trì thực hiện " + ", ".join(items) + ".")[0]
    return Responsibility(
        agency=agency,
        agency_canonical=canonical,
        role=role,
        programme_items=items,
        span=span,
    ).model_dump()


def test_programme_coverage_names_the_lead_agency_of_each_item():
    text_a, text_b = PlanText(), PlanText()
    a = plan(
        "a",
        issuer="Ủy ban nhân dân tỉnh Yên Bái",
        level="province",
        locality=YEN_BAI,
        date="2022-04-04",
        text=text_a,
        responsibilities=[
            responsibility(text_a, "Sở Lao động - TBXH", "lead", ["DA4.TDA1", "DA2"], "SLDTBXH"),
            responsibility(text_a, "Sở Nông nghiệp và PTNT", "support", ["DA2"]),
        ],
    )
    b = plan(
        "b",
        issuer="Ủy ban nhân dân huyện Trạm Tấu",
        level="district",
        locality=district("Trạm Tấu", "139"),
        date="2022-06-01",
        text=text_b,
        responsibilities=[
            responsibility(text_b, "Phòng Lao động - TBXH", "assigned", ["DA2", "DA10"])
        ],
    )
    con = load(a, b)
    cells = coverage_cells(con)
    matrix = coverage_matrix(cells).set_index("place")
    assert list(matrix.columns) == ["record", "plan", "level", "DA2", "DA4.TDA1", "DA10"]
    assert matrix.loc["tỉnh Yên Bái", "DA2"] == "SLDTBXH"
    assert matrix.loc["tỉnh Yên Bái", "DA4.TDA1"] == "SLDTBXH"
    assert matrix.loc["huyện Trạm Tấu", "DA2"] == "Phòng Lao động - TBXH (assigned)"
    assert matrix.loc["huyện Trạm Tấu", "DA4.TDA1"] == ""
    first = cells[(cells.place == "tỉnh Yên Bái") & (cells.programme_item == "DA2")].iloc[0]
    assert first.n_agencies == 2
    assert first.sentence.startswith("Sở Lao động - TBXH chủ trì")


def test_the_reports_show_programme_coverage_as_a_heat_map_and_a_sheet(tmp_path):
    text = PlanText()
    record = plan(
        "a",
        issuer="Ủy ban nhân dân tỉnh Yên Bái",
        level="province",
        locality=YEN_BAI,
        date="2022-04-04",
        text=text,
        responsibilities=[
            responsibility(text, "Sở Lao động - TBXH", "lead", ["DA4.TDA1"]),
            responsibility(text, "Sở Xây dựng", "lead", ["DA5"]),
        ],
    )
    result = compare(load(record))
    page = render(result)
    assert "Programme coverage: lead agency per programme item" in page
    assert "tỉnh Yên Bái · 2022-04-04 · DA5: Sở Xây dựng (1 agencies)" in page  # a tooltip
    matrix = page[page.index('id="t-coverage"') : page.index("</table>", page.index("t-coverage"))]
    assert matrix.count('class="fig" href="#ev-') == 2  # each cell links to its sentence
    book = openpyxl.load_workbook(write_workbook(result, tmp_path / "c.xlsx"))
    sheet = book["Programme coverage"]
    rows = list(sheet.values)
    assert rows[0] == ("record", "plan", "place", "level", "DA4.TDA1", "DA5")
    assert rows[1][4:] == ("Sở Lao động - TBXH", "Sở Xây dựng")
    assert "Sở Xây dựng chủ trì" in sheet["F2"].comment.text


def test_programme_items_sort_by_their_numbers():
    items = ["DA10", "DA4.TDA1", "DA2", "DA3.TDA2", "DA3.TDA1", "other"]
    assert sorted(items, key=programme_order) == [
        "DA2",
        "DA3.TDA1",
        "DA3.TDA2",
        "DA4.TDA1",
        "DA10",
        "other",
    ]


def test_every_field_of_the_models_is_a_column_and_an_old_file_gains_new_ones(tmp_path):
    db = tmp_path / "corpus.duckdb"
    con = connect(db)
    columns = {r[0] for r in con.execute("DESCRIBE responsibilities").fetchall()}
    assert set(Responsibility.model_fields) - {"span"} <= columns
    con.execute("ALTER TABLE responsibilities DROP COLUMN deadlines")  # a file made before
    ensure_schema(con)
    columns = {r[0] for r in con.execute("DESCRIBE responsibilities").fetchall()}
    assert "deadlines" in columns


def test_an_older_file_gets_its_derived_tables_worked_out_again(tmp_path):
    db = tmp_path / "corpus.duckdb"
    con = connect(db)
    writer = CorpusWriter(con)
    writer.add(provincial_plan(), "records/province.json")
    writer.close()
    con.execute("ALTER TABLE indicator_rows DROP COLUMN scope_unit")  # made by an older vnplan
    con.execute("DROP TABLE coverage_cells")
    con.close()
    con = connect(db)
    rows = indicator_table(con, Filters(scoped=True))
    assert sorted(rows.scope_unit.dropna()) == ["huyện Mù Cang Chải", "huyện Trạm Tấu"]


def test_loading_a_record_again_replaces_it():
    first = provincial_plan()
    con = load(first)
    changed = first.model_copy(deep=True)
    changed.targets[0].value = 3.5
    writer = CorpusWriter(con)
    writer.add(changed, "records/province.json")
    result = writer.close()
    assert result.replaced == 1
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM targets").fetchone() == (3,)
    assert indicator_table(con).target.isna().all()
    assert indicator_table(con).change.tolist() == [-3.5]


def test_filters_select_by_successor_province_code_level_years_and_indicator_pattern():
    con = load(provincial_plan(), district_plan("Trạm Tấu", "139", 6.0))
    assert len(compare(con, Filters(provinces=["Lào Cai"])).plans) == 2  # Yên Bái's successor
    assert len(compare(con, Filters(provinces=["15"])).plans) == 2
    assert len(compare(con, Filters(provinces=["Lâm Đồng"])).plans) == 0
    assert compare(con, Filters(levels=["district"])).plans.place.tolist() == ["huyện Trạm Tấu"]
    assert len(compare(con, Filters(years=parse_years("2016-2021"))).plans) == 0
    assert len(compare(con, Filters(indicators=["poverty_*"])).indicators) == 2
    assert len(compare(con, Filters(indicators=["near_*"])).indicators) == 0
    with_units = compare(con, Filters(scoped=True)).indicators
    assert sorted(with_units.scope.dropna()) == ["Huyện Trạm Tấu", "huyện Mù Cang Chải"]


def test_years_are_a_year_or_a_range():
    assert parse_years("2023") == (2023, 2023)
    assert parse_years("2022-2025") == (2022, 2025)
    assert parse_years(None) is None
    with pytest.raises(ValueError):
        parse_years("recent")


PROVINCE = Locality(name="Yên Bái", type="tỉnh", province="Yên Bái", code="15", province_code="15")
CITY = Locality(
    name="Yên Bái", type="thành phố", province="Yên Bái", code="132", province_code="15"
)


@pytest.mark.parametrize(
    "scope, plan_locality, expected",
    [
        ("Huyện Trạm Tấu", PROVINCE, ("huyện", "Trạm Tấu", "district", "139")),
        ("huyện Mù Cang Chải", PROVINCE, ("huyện", "Mù Cang Chải", "district", "137")),
        ("P. Nguyễn Thái Học", CITY, ("phường", "Nguyễn Thái Học", "commune", "04258")),
        ("Xã Văn Phú", CITY, ("xã", "Văn Phú", "commune", "04558")),
    ],
)
def test_a_scope_names_a_unit_inside_the_plans_locality(scope, plan_locality, expected):
    unit = resolve_scope(scope, plan_locality, "2022-12-19")
    assert unit is not None
    assert (unit.type, unit.name, unit.level, unit.code) == expected


@pytest.mark.parametrize(
    "scope", ["huyện nghèo", "trong các dân tộc thiểu số", "KHU VỰC THÀNH THỊ", "các xã"]
)
def test_groups_of_people_or_places_are_not_units(scope):
    assert split_unit(scope) is None


def test_a_unit_gso_does_not_list_keeps_its_name_without_a_code():
    unit = resolve_scope("Xã Tu Lộc", CITY, "2022-12-19")  # a typo for Tuy Lộc
    assert unit is not None and unit.code is None and unit.name == "Tu Lộc"


def test_the_evidence_of_a_figure_is_its_sentence():
    line = (
        "- Đến cuối năm 2023, tỷ lệ hộ nghèo của thành phố còn 0,42% (giảm 0,25%, tương ứng"
        " giảm 80 hộ trong năm). Tỷ lệ hộ cận nghèo giảm còn 0,50%."
    )
    text = "2. Mục tiêu cụ thể\n" + line + "\nII. NHIỆM VỤ"
    start = text.index("0,42%")
    ev = sentence(text, start, start + 5)
    assert ev.text.startswith("- Đến cuối năm 2023") and ev.text.endswith("trong năm).")
    assert text[ev.start : ev.end] == ev.text
    start = text.index("0,50%")
    assert sentence(text, start, start + 5).text == "Tỷ lệ hộ cận nghèo giảm còn 0,50%."


def test_the_evidence_of_a_table_figure_is_the_row_it_names():
    table = (
        "TT\tĐơn vị\tSố hộ\tTỷ lệ (%)\n14\tXã Giới Phiên\t1224\t0.77\n15\tXã Văn Phú\t1503\t0.54"
    )
    ev = best_line(table, 0, len(table), "Xã Văn Phú", "1224 households in Phụ biểu 02")
    assert ev.text == "15 | Xã Văn Phú | 1503 | 0.54"


def test_an_empty_corpus_and_a_plan_without_facts_still_make_every_report(tmp_path):
    from pipeline.corpus.console import render as text

    for con in (
        load(),
        load(plan("bare", issuer="UBND tỉnh Yên Bái", level="province", locality=YEN_BAI,
                  date="2022-01-01")),
    ):  # fmt: skip
        result = compare(con)
        assert result.indicators.empty and result.shared_bases.empty
        assert write_workbook(result, tmp_path / "c.xlsx").stat().st_size > 0
        assert "None." in render(result) and "== Indicators: 0 rows" in text(result)
