"""`vnplan show`: every fact marked at its span, in the terminal and as an HTML page."""

from __future__ import annotations

import subprocess
import sys

from pipeline.assemble import build_record
from pipeline.show import marks, render_html, render_terminal
from tests.conftest import SAMPLES


def test_plain_terminal_output_brackets_each_fact_at_its_span():
    record = build_record(SAMPLES / "004_abbd3a2678e50d31.txt")
    out = render_terminal(record, colour=False)
    assert "Số: [139/KH - UBND]" in out
    assert "[Quy Nhơn, ngày 14 tháng 6 năm 2024]" in out
    assert "number: 139/KH-UBND" in out and "zone: closing" in out


def test_html_page_marks_facts_zones_and_the_matrix():
    record = build_record(SAMPLES / "001_516b95c28caaea9e.docx")
    page = render_html(record)
    assert page.count('class="responsibility"') >= len(
        [m for m in marks(record) if m.kind == "responsibility"]
    )
    assert "<h4>Responsibilities</h4>" in page and "DA4.TDA1" in page
    assert (
        'class="zone"' in page and "http" not in page.split("<main>")[0]
    )  # offline: nothing fetched


def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "show.html"
    doc = SAMPLES / "003_b3c289cca53b4e1f.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "show", str(doc), "--html", str(out)],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
