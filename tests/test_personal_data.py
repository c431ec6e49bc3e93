"""Private individuals are redacted from every output by default; officials are kept.

The nine household heads and the leaders in charge are read from seed 000 itself (Phụ lục 03 and
Phụ lục 04 of the text version), not written into the test."""

from __future__ import annotations

import json

import pytest
import regex

from pipeline.assemble import build_record
from pipeline.cli import main
from pipeline.redact import redact_personal_data
from schemas.models import PlanRecord, SourceInfo, Span, Table
from tests.conftest import SAMPLES

SEED = "000_3dc63f02c7a2b475"
FORMATS = ("txt", "docx", "pdf", "doc")


def _appendix(title: str, until: str | None = None) -> list[list[str]]:
    """Tab-separated rows from the line ``title`` up to the line ``until``."""
    text = (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
    start = text.index(f"\n{title}\n")
    end = text.index(f"\n{until}", start) if until else len(text)
    return [line.split("\t") for line in text[start:end].splitlines() if "\t" in line]


def household_heads() -> list[str]:
    """Rows of Phụ lục 03 start with their number, then the head of the household."""
    rows = _appendix("Phụ lục 03", "NHIỆM VỤ TRỌNG TÂM CỦA CÁC PHÒNG")
    return [r[1] for r in rows if r[0].strip().isdigit()]


def leaders() -> list[str]:
    """The last column of Phụ lục 04 names the city leader in charge: "Đ/c X - position"."""
    text = (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
    title = next(
        ln for ln in text.splitlines() if ln.startswith("NHIỆM VỤ TRỌNG TÂM CỦA CÁC PHÒNG")
    )
    rows = _appendix(title)
    found = [regex.match(r"Đ/c (\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*)+) -", r[-1].strip()) for r in rows]
    return sorted({m.group(1) for m in found if m})


def test_the_seed_names_nine_household_heads_and_its_leaders():
    assert len(household_heads()) == 9
    assert len(leaders()) >= 3


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict:
    """Everything `vnplan extract` writes for seed 000 in every format, by default and with
    --keep-personal-data."""
    out: dict = {}
    for mode, flags in (("default", []), ("keep", ["--keep-personal-data"])):
        folder = tmp_path_factory.mktemp(mode)
        paths = [str(SAMPLES / f"{SEED}.{fmt}") for fmt in FORMATS]
        if mode == "default":  # the scan too (OCR loses its grids: its list pages are withheld)
            paths.append(str(SAMPLES / f"{SEED}.scan.pdf"))
        assert main(["extract", *paths, "-o", str(folder), *flags]) == 0
        files = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".jsonl"))
        out[mode] = "\n".join(p.read_text(encoding="utf-8") for p in files)
        out[f"{mode}_records"] = [
            p.read_text(encoding="utf-8") for p in files if p.suffix == ".json"
        ]
    return out


def test_no_output_names_a_household_head_by_default(outputs):
    text = outputs["default"]
    assert [n for n in household_heads() if n in text] == []
    assert "[Người 1]" in text and "[năm sinh]" in text


def test_the_scans_list_pages_are_withheld_and_the_rest_kept(outputs):
    scan = next(
        json.loads(part)
        for part in outputs["default_records"]
        if json.loads(part)["source"]["path"].endswith(".scan.pdf")
    )
    assert scan["source"]["ocr"]
    assert scan["text"].count("[trang danh sách cá nhân: đã ẩn]") == 2
    assert "NHIỆM VỤ TRỌNG TÂM CỦA CÁC PHÒNG" in scan["text"]


def test_keep_personal_data_keeps_them(outputs):
    assert all(n in outputs["keep"] for n in household_heads())


def test_leaders_in_charge_are_kept(outputs):
    assert all(n in outputs["default"] for n in leaders())


@pytest.fixture(scope="module")
def records() -> tuple[PlanRecord, PlanRecord]:
    return (
        build_record(SAMPLES / f"{SEED}.docx", keep_personal_data=True),
        build_record(SAMPLES / f"{SEED}.docx"),
    )


def test_pseudonyms_are_stable_and_counts_still_work(records):
    kept, redacted = records
    table = next(t for t in redacted.tables if "chủ hộ" in str(t.header).lower())
    names = [r[1] for r in table.header + table.rows if r[1].startswith("[Người")]
    assert len(set(names)) == len(names)
    in_text = set(regex.findall(r"\[Người \d+\]", redacted.text))
    assert len(in_text) == len(household_heads())


def test_spans_still_point_at_the_same_facts(records):
    kept, redacted = records
    assert len(kept.references) == len(redacted.references)
    for a, b in zip(kept.references, redacted.references, strict=True):
        assert kept.text[a.span.start : a.span.end] == redacted.text[b.span.start : b.span.end]
    for a, b in zip(kept.sections, redacted.sections, strict=True):
        assert a.heading == redacted.text[b.heading_span.start : b.heading_span.end] or (
            kept.text[a.heading_span.start : a.heading_span.end] == a.heading
        )
    table = next(t for t in redacted.tables if "chủ hộ" in str(t.header).lower())
    assert "[Người 1]" in redacted.text[table.span.start : table.span.end]


def _record(text: str, tables: list[Table] | None = None) -> PlanRecord:
    return PlanRecord(
        source=SourceInfo(path="<test>", sha256="", format="txt"), text=text, tables=tables or []
    )


def test_narratives_private_person_redacted_official_kept():
    text = (
        "Hỗ trợ làm nhà cho hộ bà Nguyễn Thị Lan, sinh năm 1958, trú tại thôn Đồng Tâm, "
        "CCCD số 015158000123, điện thoại 0912 345 678.\n"
        "Giao Đ/c Trần Văn Nam - Chủ tịch UBND xã phụ trách; liên hệ ông Lê Văn Hùng, Phó Chủ"
        " tịch UBND xã, điện thoại 0988 111 222.\n"
        "Bà Nguyễn Thị Lan đã nhận hỗ trợ."
    )
    out = redact_personal_data(_record(text)).text
    for private in ("Nguyễn Thị Lan", "1958", "Đồng Tâm", "015158000123", "0912 345 678"):
        assert private not in out
    for public in ("Trần Văn Nam - Chủ tịch", "Lê Văn Hùng", "0988 111 222"):
        assert public in out
    assert out.count("[Người 1]") == 2


def test_a_contact_list_of_officials_is_not_a_private_list():
    rows = [
        ["TT", "Họ và tên", "Chức vụ", "Điện thoại"],
        ["1", "Phạm Văn An", "Phó Giám đốc Sở", "0912000111"],
    ]
    text = "\n".join("\t".join(r) for r in rows)
    table = Table(id="t1", header=rows[:1], rows=rows[1:], span=Span(start=0, end=len(text)))
    assert redact_personal_data(_record(text, [table])).text == text
