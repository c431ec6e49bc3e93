"""Contract: the committed schema matches the models; batches account for every input."""

import json
import subprocess
import sys

import jsonschema

from pipeline.batch import output_names, run_batch
from schemas import SCHEMA_PATH, json_schema_text
from tests.conftest import SAMPLES


def test_committed_schema_matches_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema_text(), "run `make schema`"


def test_batch_records_validate_and_bad_files_are_errors_not_crashes(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (bad / "broken.docx").write_bytes(b"PK not a zip")
    (bad / "notes.xlsx").write_bytes(b"whatever")
    (bad / "plan.txt").write_text(
        (SAMPLES / "004_abbd3a2678e50d31.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_batch([str(bad)], out, log=lambda m: None)
    assert (result.written, result.errors, result.skipped) == (1, 2, 1)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(manifest) == 4
    statuses = {m["path"].split("/")[-1]: m["status"] for m in manifest}
    assert statuses == {
        "broken.pdf": "error",
        "broken.docx": "error",
        "notes.xlsx": "skipped",
        "plan.txt": "ok",
    }
    assert all("error" in m for m in manifest if m["status"] == "error")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads((out / "plan.json").read_text(encoding="utf-8")), schema)


def test_cli_exit_code_is_non_zero_when_a_file_fails(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(bad), "-o", str(tmp_path / "o")],
        capture_output=True,
    )
    assert proc.returncode == 1
    assert b"not readable as PDF" in proc.stderr


def test_colliding_stems_get_deterministic_names(tmp_path):
    from pathlib import Path

    names = output_names([Path("a/x.pdf"), Path("a/x.docx"), Path("b/y.txt")])
    assert names == {
        Path("a/x.docx"): "x.docx.json",
        Path("a/x.pdf"): "x.pdf.json",
        Path("b/y.txt"): "y.json",
    }
