"""One batch over the whole shared corpus plus broken and hostile files made here: no traceback,
every input in the manifest exactly once, each file bounded in time and memory, and nothing
from outside the inputs in the output."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT
from tests.hostile import (
    PASSWD_LINE,
    big_text,
    make_broken_files,
    make_hostile_links,
    one_line_text,
    zip_bomb_docx,
)

TIMEOUT_S = 45  # 2.5x the slowest corpus file with both cores busy (17.5 s measured)
MEMORY_MB = 1000


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    make_broken_files(folder / "broken")
    make_hostile_links(folder / "links")
    zip_bomb_docx(folder / "bomb.docx", decompressed_mb=600)
    one_line_text(folder / "one-line-1mb.txt", 2**20)
    big_text(folder / "big-50mb.txt", 50 * 2**20)
    return folder


def expected_lines(root: Path) -> set[str]:
    """Every entry a walk that follows no link meets, except the real folders themselves."""
    out: set[str] = set()
    for folder, dirs, files in os.walk(root):
        out.update(os.path.join(folder, f) for f in files)
        out.update(os.path.join(folder, d) for d in dirs if os.path.islink(os.path.join(folder, d)))
    return {os.fsencode(p).decode("utf-8", "backslashreplace") for p in out}


@pytest.fixture(scope="module")
def corpus_batch(hostile, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(CORPUS), str(hostile)]
    cmd += ["-o", str(out), "-j", "2", "--timeout", str(TIMEOUT_S)]
    cmd += ["--memory-limit", str(MEMORY_MB)]
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=900)
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]
    return proc, lines, out


def test_no_traceback_and_every_stderr_line_is_one_error(corpus_batch):
    proc, _, _ = corpus_batch
    assert proc.returncode == 1  # some hostile files fail, as they should
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert all(line.startswith(("error: ", "warning: ")) for line in stderr.splitlines())


def test_every_input_is_in_the_manifest_exactly_once(corpus_batch, hostile):
    _, lines, _ = corpus_batch
    paths = [m["path"] for m in lines]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected_lines(CORPUS) | expected_lines(hostile)


def test_every_corpus_document_is_read(corpus_batch):
    _, lines, _ = corpus_batch
    corpus = [m for m in lines if m["path"].startswith(str(CORPUS))]
    assert [m for m in corpus if m["status"] == "error"] == []
    assert {m["reason"] for m in corpus if m["status"] == "skipped"} == {
        "not a supported document type (.json)",
        "not a supported document type (.xlsx)",
    }


def test_hostile_files_fail_by_cause_within_bounds(corpus_batch, hostile):
    _, lines, _ = corpus_batch
    by_name = {Path(m["path"]).name: m for m in lines if m["path"].startswith(str(hostile))}
    assert by_name["one-line-1mb.txt"]["status"] == "ok"  # 807k characters on one line: ~7 CPU-s
    assert by_name["big-50mb.txt"]["error"].startswith("too large: ")
    assert by_name["bomb.docx"]["status"] == "error"
    assert "dangling link" in by_name["dangling.pdf"]["error"]
    assert "link loop" in by_name["loop-a.pdf"]["error"]
    for name in ("random.pdf", "truncated.pdf", "empty.pdf", "random.docx", "empty.docx"):
        assert by_name[name]["status"] == "error"
    assert not [m for m in lines if "internal error" in m.get("error", "")]
    assert all(m.get("seconds", 0) <= TIMEOUT_S + 10 for m in lines)
    assert all(m.get("worker_peak_mb", 0) <= MEMORY_MB for m in lines)


def test_odd_encodings_and_names_get_a_record(corpus_batch):
    _, lines, _ = corpus_batch
    by_name = {Path(m["path"]).name: m for m in lines}
    for name in ("utf16-no-bom.txt", "windows-1258.txt", "k\\xea_ho\\xe1ch.txt"):
        assert by_name[name]["status"] == "ok"


def test_nothing_from_outside_the_inputs_is_in_the_output(corpus_batch):
    _, _, out = corpus_batch
    for path in out.iterdir():
        assert PASSWD_LINE not in path.read_text(encoding="utf-8", errors="replace")
