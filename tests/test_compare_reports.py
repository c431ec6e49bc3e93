"""The reports of ``vnplan compare`` on the five seed plans: the Excel workbook read back with
openpyxl, and the HTML page rendered by headless Chromium (no network) and checked in the DOM
its script leaves, with a screenshot kept as the test's artefact."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from pipeline.assemble import build_record
from pipeline.corpus.compare import Comparison, Filters, compare
from pipeline.corpus.database import connect
from pipeline.corpus.excel import write_workbook
from pipeline.corpus.html import write_html
from pipeline.corpus.load import CorpusWriter
from tests.conftest import ROOT, SAMPLES

ARTEFACTS = ROOT / "output" / "test-artefacts"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# what the seed texts state (see tests/test_corpus_run.py): record -> indicator -> figures
EXPECTED = {
    ("000", "poverty_rate"): {"baseline": "0.67", "target": "0.42", "change": "−0.25"},
    ("000", "near_poverty_rate"): {"baseline": "0.65", "target": "0.5", "change": "−0.15"},
    ("001", "poverty_rate"): {"baseline": "1.3", "target": "1.15", "change": "−0.15"},
    ("001", "near_poverty_rate"): {"baseline": "3.11", "target": "2.91", "change": "−0.2"},
    ("002", "poverty_rate"): {"baseline": "", "target": "", "change": "−3.3"},
    ("003", "poverty_rate"): {"baseline": "", "target": "", "change": "−0.25"},
    ("004", "poverty_rate"): {"baseline": "", "target": "", "change": "−0.06"},
    ("004", "near_poverty_rate"): {"baseline": "", "target": "", "change": "−0.02"},
}


@pytest.fixture(scope="module")
def seeds() -> Comparison:
    con = connect(None)
    writer = CorpusWriter(con)
    for path in sorted(SAMPLES.glob("00?_*.docx")) + [SAMPLES / "002_e96895803e866879.pdf"]:
        writer.add(build_record(path), Path("output") / f"{path.name}.json")
    writer.close()
    return compare(con, Filters(indicators=["poverty_rate", "near_poverty_rate"]), "samples")


def test_a_plan_read_from_two_formats_counts_once_unless_every_copy_is_asked_for(seeds):
    assert len(seeds.plans) == 5
    assert seeds.plans.set_index("place").loc["tỉnh Yên Bái", "copies"] == 2
    con = connect(None)
    writer = CorpusWriter(con)
    for path in (SAMPLES / "002_e96895803e866879.docx", SAMPLES / "002_e96895803e866879.pdf"):
        writer.add(build_record(path), Path("output") / f"{path.name}.json")
    writer.close()
    every = compare(con, Filters(indicators=["poverty_rate"], all_copies=True))
    assert sorted(every.indicators.record) == [
        "002_e96895803e866879.docx.json",
        "002_e96895803e866879.pdf.json",
    ]
    assert set(every.indicators.change) == {-3.3}


def test_the_workbook_has_a_sheet_per_view_with_frozen_headers_filters_and_evidence(
    seeds, tmp_path
):
    path = write_workbook(seeds, tmp_path / "compare.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "About",
        "Indicators",
        "Programme coverage",
        "Coverage detail",
        "Legal bases",
        "Shared bases",
        "Higher plan cited",
        "Vertical",
        "Failed checks",
        "Plans",
    ]
    sheet = book["Indicators"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(EXPECTED)
    city = next(
        r
        for r in rows
        if r["Record"].value.startswith("output/000_") and r["Indicator"].value == "poverty_rate"
    )
    assert (city["Place"].value, city["Level"].value, city["Year / period"].value) == (
        "thành phố Yên Bái",
        "district",
        "2023",
    )
    assert (city["Baseline"].value, city["Target"].value, city["Change"].value) == (
        0.67,
        0.42,
        -0.25,
    )
    assert city["Target"].number_format == "0.00##"
    assert "0,42%" in city["Target"].comment.text  # the sentence, on the figure's cell
    assert "0,42%" in city["Target sentence"].value
    assert re.fullmatch(r"\d+-\d+", city["Target span"].value)


def test_the_page_is_one_self_contained_file(seeds, tmp_path):
    page = write_html(seeds, tmp_path / "compare.html").read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert page.count("<svg") >= 2  # the rate chart and the change chart


def find_chromium() -> str:
    for name in [os.environ.get("VNPLAN_CHROMIUM", ""), *CHROMIUM_NAMES]:
        found = shutil.which(name) if name else None
        if found:
            return found
    pytest.fail(
        "headless Chromium not found: install Debian's `chromium` (make system-deps, .ci/run) "
        "or set VNPLAN_CHROMIUM"
    )


def chromium(page: Path, profile: Path, *args: str, hash: str = "") -> str:
    """Run headless Chromium on a local page with no network; its stdout."""
    done = subprocess.run(
        [
            find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--proxy-server=127.0.0.1:9",  # nothing outside the file can load
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            *args,
            page.as_uri() + hash,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Cells(HTMLParser):
    """The rendered tables: for each row of the indicator table, its cells' text by column."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.anchors: dict[str, str] = {}
        self._table: str | None = None
        self._row: dict[str, str] | None = None
        self._col: str | None = None
        self._li: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id")
        elif tag == "tr" and self._table == "t-indicators" and "data-record" in a:
            self._row = {
                "record": a["data-record"] or "",
                "indicator": a.get("data-indicator") or "",
                "hidden": "hidden" if "hidden" in a else "",
            }
            self.rows.append(self._row)
        elif tag == "td" and self._row is not None:
            self._col = a.get("data-col")
            self._row[self._col or ""] = ""
        elif tag == "a" and self._row is not None and self._col:
            self._row[self._col + "_href"] = a.get("href") or ""
        elif tag == "li" and (a.get("id") or "").startswith("ev-"):
            self._li = a["id"] or ""
            self.anchors[self._li] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._col = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "li":
            self._li = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._col:
            self._row[self._col] += data
        if self._li:
            self.anchors[self._li] += data


def test_the_page_renders_the_seed_figures_in_headless_chromium(seeds, tmp_path):
    page = write_html(seeds, tmp_path / "compare.html")
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert 'data-ready="1"' in dom  # the page's script ran
    cells = Cells()
    cells.feed(dom)
    got = {(r["record"][:3], r["indicator"]): r for r in cells.rows}
    assert set(got) == set(EXPECTED)
    for key, figures in EXPECTED.items():
        row = got[key]
        for column, shown in figures.items():
            assert row[column].strip() == shown, (key, column, row[column])
            if shown:  # each figure links to the sentence it came from, figure marked
                sentence = cells.anchors[row[column + "_href"].lstrip("#")]
                assert row["record"] in sentence or "output/" in sentence
    city = got[("000", "poverty_rate")]
    assert "0,42%" in cells.anchors[city["target_href"].lstrip("#")]
    assert "<mark>0,42%</mark>" in dom
    assert city["place"] == "thành phố Yên Bái" and city["when"] == "2023"
    assert "8 of 8 rows" in dom

    filtered = chromium(
        page, tmp_path / "profile2", "--dump-dom", hash="#filter=Quy%20Nh%C6%A1n"
    )  # "Quy Nhơn": the script filters every table on load
    cells = Cells()
    cells.feed(filtered)
    shown = {r["record"][:3] for r in cells.rows if not r["hidden"]}
    assert shown == {"004"}
    assert "2 of 8 rows" in filtered

    shot = tmp_path / "compare.png"
    chromium(page, tmp_path / "profile3", f"--screenshot={shot}", "--window-size=1400,1800")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTEFACTS / "compare.png")
    shutil.copy(page, ARTEFACTS / "compare.html")
    print(f"screenshot: {shot} (copied to {ARTEFACTS / 'compare.png'})")
