"""A real run: ``vnplan extract samples/ ../shared/corpus --db`` writes every record of the run
into the corpus database as it goes; a reload changes nothing; ``vnplan compare`` puts the five
seed plans' poverty and near-poverty targets side by side, as their texts state them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.corpus.compare import (
    Filters,
    failed_checks,
    indicator_table,
    missing_citations,
    vertical_consistency,
)
from pipeline.corpus.database import VIEWS, connect, export_parquet, table_names
from tests.conftest import CORPUS, ROOT, SAMPLES, needs_corpus

pytestmark = needs_corpus()


def vnplan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Records of samples/ and ../shared/corpus, loaded into the database as they are written."""
    out = tmp_path_factory.mktemp("run")
    records, db = out / "records", out / "corpus.duckdb"
    done = vnplan("extract", str(SAMPLES), str(CORPUS), "-o", str(records), "--db", str(db))
    assert done.returncode in (0, 1), done.stderr  # 1: some file of the corpus is unreadable
    manifest = [json.loads(line) for line in (records / "manifest.jsonl").read_text().splitlines()]
    return records, db, manifest


def snapshot(db: Path) -> dict[str, tuple[int, str]]:
    """Every table and view: its row count and a digest of its rows in any order."""
    con = connect(db)
    out = {}
    for name in [*table_names(), *VIEWS]:
        row = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, ',' ORDER BY h), '')) FROM "
            f'(SELECT md5(CAST(t AS VARCHAR)) AS h FROM "{name}" t)'
        ).fetchone()
        assert row is not None
        out[name] = (int(row[0]), str(row[1]))
    con.close()
    return out


def test_the_database_holds_every_record_of_the_run(run):
    records, db, manifest = run
    ok = [m for m in manifest if m["status"] == "ok"]
    assert len(ok) > 200
    con = connect(db)
    names = {r[0] for r in con.execute("SELECT record FROM documents").fetchall()}
    assert names == {Path(m["record"]).name for m in ok}
    shas = {r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()}
    assert shas == {m["sha256"] for m in ok}
    targets = sum(
        len(json.loads(Path(m["record"]).read_text(encoding="utf-8"))["targets"]) for m in ok
    )
    assert con.execute("SELECT count(*) FROM targets").fetchone() == (targets,)


def test_a_reload_changes_nothing(run, tmp_path):
    records, db, _ = run
    before = snapshot(db)
    done = vnplan("load", str(records), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "all" in done.stdout and "records of the manifest are in the database" in done.stdout
    assert snapshot(db) == before
    fresh = tmp_path / "fresh.duckdb"
    assert vnplan("load", str(records), "--db", str(fresh)).returncode == 0
    assert snapshot(fresh) == before  # loading afterwards gives the database of the run


def test_every_table_exports_to_parquet(run, tmp_path):
    _, db, _ = run
    con = connect(db)
    written = export_parquet(con, tmp_path / "parquet")
    assert {p.stem for p in written} == {*table_names(), *VIEWS}
    assert {"documents", "targets", "citations", "indicator_rows", "table_cells"} <= {
        p.stem for p in written
    }
    for path in written:
        got = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()
        assert got == con.execute(f'SELECT count(*) FROM "{path.stem}"').fetchone(), path.stem


# (seed, place, level, province code, GSO code, year or period, indicator,
#  baseline, target, change, per year) -- read off the seed texts:
SEED_TARGETS = [
    # 000 "tỷ lệ hộ nghèo ... còn 0,42% (giảm 0,25% ...)", "chiếm tỷ lệ 0,67%"
    ("000", "thành phố Yên Bái", "district", "15", "132", "2023", "poverty_rate",
     0.67, 0.42, -0.25, False),
    # 000 "Tỷ lệ hộ cận nghèo ... giảm còn 0,50% (giảm 0,15% ...)", "chiếm tỷ lệ 0,65%"
    ("000", "thành phố Yên Bái", "district", "15", "132", "2023", "near_poverty_rate",
     0.65, 0.50, -0.15, False),
    # 001 "giảm tỷ lệ hộ nghèo là 0,15%/năm (... từ 1,30%/năm xuống còn 1,15%/năm)"
    ("001", "thành phố Phan Rang - Tháp Chàm", "district", "58", "582", "2023", "poverty_rate",
     1.30, 1.15, -0.15, True),
    # 001 "giảm tỷ lệ hộ cận nghèo là 0,20% (... từ 3,11%/năm xuống còn 2,91%/năm)"
    ("001", "thành phố Phan Rang - Tháp Chàm", "district", "58", "582", "2023",
     "near_poverty_rate", 3.11, 2.91, -0.20, None),
    # 002 "Giai đoạn 2022-2025: Giảm tỷ lệ hộ nghèo bình quân 3,3%/năm"
    ("002", "tỉnh Yên Bái", "province", "15", "15", "2022–2025", "poverty_rate",
     None, None, -3.3, True),
    # 003 "tỷ lệ hộ nghèo toàn thành phố giảm 0,25%/năm" (2020)
    ("003", "thành phố Tuyên Quang", "district", "08", "070", "2020", "poverty_rate",
     None, None, -0.25, True),
    # 004 "Năm 2024, giảm tỷ lệ hộ nghèo 0,06%, giảm tỷ lệ hộ cận nghèo 0,02%"
    ("004", "thành phố Quy Nhơn", "district", "52", "540", "2024", "poverty_rate",
     None, None, -0.06, False),
    ("004", "thành phố Quy Nhơn", "district", "52", "540", "2024", "near_poverty_rate",
     None, None, -0.02, False),
]  # fmt: skip


def seed_rows(db: Path):
    con = connect(db)
    table = indicator_table(con, Filters(indicators=["poverty_rate", "near_poverty_rate"]))
    return table[table.record.str.match(r"^00\d_")]


def test_the_seed_plans_poverty_targets_stand_side_by_side(run):
    _, db, _ = run
    rows = seed_rows(db)
    got = {(r.record[:3], r.indicator): r for r in rows.itertuples()}
    assert len(rows) == len(SEED_TARGETS)  # one row per plan and indicator, copies merged
    for expected_row in SEED_TARGETS:
        seed, place, level, province, code, when, ind, base, target, change, per_year = expected_row
        row = got[(seed, ind)]
        assert (row.place, row.level, row.province_code, row.locality_code, row.when) == (
            place,
            level,
            province,
            code,
            when,
        ), (seed, ind)
        for field, expected in (("baseline", base), ("target", target), ("change", change)):
            value = getattr(row, field)
            if expected is None:
                assert value != value, (seed, ind, field, value)  # NaN: the plan does not say
            else:
                assert value == pytest.approx(expected), (seed, ind, field)
        if per_year is not None:
            assert bool(row.per_year) is per_year, (seed, ind)
        assert row.change_span and row.change_sentence, (seed, ind)
    assert "0,42%" in got[("000", "poverty_rate")].target_sentence
    assert "3,3%/năm" in got[("002", "poverty_rate")].change_sentence
    assert "1,30%" in got[("001", "poverty_rate")].baseline_sentence
    assert got[("003", "poverty_rate")].poverty_standard.startswith("2016-2020")
    assert got[("000", "poverty_rate")].poverty_standard.startswith("2021-2025")


def test_seed_002_district_targets_are_in_the_vertical_view_without_their_plans(run):
    _, db, _ = run
    view = vertical_consistency(connect(db), Filters(indicators=["poverty_rate"]))
    view = view[view.higher_record.str.startswith("002_")].set_index("scope_name")
    assert view.loc["Trạm Tấu", "assigned"] == 6.5
    assert view.loc["Trạm Tấu", "scope_code"] == "139"
    assert view.loc["Mù Cang Chải", "assigned"] == 7.67
    assert view.loc["Mù Cang Chải", "scope_code"] == "137"
    for unit in ("Trạm Tấu", "Mù Cang Chải"):
        assert view.loc[unit, "status"] == "no plan of this unit in the corpus"
        assert view.loc[unit, "when"] == "2022–2025" and view.loc[unit, "per_year"]


def test_the_city_plan_does_not_cite_the_provincial_plan_it_shares_a_basis_with(run):
    _, db, _ = run
    view = missing_citations(connect(db))
    seeds = view[view.record.str.startswith("000_") & view.higher_record.str.startswith("002_")]
    assert set(seeds.status) == {"missing"}
    assert set(seeds.higher_number) == {"81/KH-UBND"}
    assert "61-NQ/TU" in seeds.iloc[0].shared_documents


def test_failed_checks_point_at_the_rows_they_name(run):
    _, db, _ = run
    checks = failed_checks(connect(db))
    seed = checks[checks.record.str.startswith("000_") & checks.message.str.startswith("Xã Văn")]
    assert len(seed) == 2  # Phụ biểu 02 and Phụ lục 01
    assert all("Văn Phú" in e for e in seed.evidence)
    assert {e.split(" | ")[2] for e in seed.evidence} == {"1224", "1503"}


def test_cli_compare_prints_the_table_and_writes_the_reports(run, tmp_path):
    _, db, _ = run
    done = vnplan(
        "compare",
        str(db),
        "--indicator",
        "poverty_rate,near_poverty_rate",
        "--province",
        "Yên Bái",
        "--xlsx",
        str(tmp_path / "r.xlsx"),
        "--html",
        str(tmp_path / "r.html"),
    )
    assert done.returncode == 0, done.stderr
    assert "thành phố Yên Bái" in done.stdout and "tỉnh Yên Bái" in done.stdout
    assert "Quy Nhơn" not in done.stdout
    assert (tmp_path / "r.xlsx").stat().st_size > 5000
    assert (tmp_path / "r.html").stat().st_size > 5000
    done = vnplan("compare", str(db), "--province", "Atlantis")
    assert done.returncode == 2 and "no plans" in done.stderr
