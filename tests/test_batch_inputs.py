"""Every path given or found is one manifest line with its cause; links out of an input folder
are not followed; names that are not UTF-8 are written, not fatal."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.batch import BatchOptions, discover, run_batch
from pipeline.batch.names import output_names, shown
from tests.conftest import ROOT, SAMPLES
from tests.hostile import PASSWD_LINE, UNDECODABLE_NAME, make_hostile_links

PLAN = SAMPLES / "004_abbd3a2678e50d31.txt"


def manifest_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]


def by_name(out: Path) -> dict[str, dict]:
    return {Path(m["path"]).name: m for m in manifest_of(out)}


def test_links_loops_pipes_and_outside_links_each_get_their_cause(tmp_path):
    folder = tmp_path / "in"
    make_hostile_links(folder)
    shutil.copy(PLAN, folder / "plan.txt")
    found = {f.path.name: (f.status, f.reason) for f in discover([str(folder)])}
    assert found["plan.txt"] == ("todo", "")
    assert found["dangling.pdf"][0] == "error" and "dangling link" in found["dangling.pdf"][1]
    assert found["loop-a.pdf"][0] == found["loop-b.pdf"][0] == found["self.txt"][0] == "error"
    assert "link loop" in found["self.txt"][1]
    assert found["passwd.txt"][0] == found["etc"][0] == "skipped"
    assert "not followed" in found["passwd.txt"][1]
    assert found["here"] == ("skipped", "link to a folder of this input, read there")
    assert found["pipe.txt"] == ("skipped", "not a regular file (a named pipe)")
    assert len(found) == 9


def test_a_link_to_etc_passwd_never_reaches_the_output(tmp_path):
    folder = tmp_path / "in"
    make_hostile_links(folder)
    out = tmp_path / "out"
    result = run_batch([str(folder)], out, log=lambda m: None, options=BatchOptions(jobs=1))
    assert result.written == 0
    for path in out.iterdir():
        assert PASSWD_LINE not in path.read_text(encoding="utf-8", errors="replace")
    assert sorted(by_name(out)) == sorted(p.name for p in folder.iterdir())


def test_follow_links_reads_the_target_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(PLAN, outside / "plan.txt")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "linked.txt").symlink_to(outside / "plan.txt")
    assert discover([str(folder)])[0].status == "skipped"
    assert discover([str(folder)], follow_links=True)[0].status == "todo"


def test_a_link_loop_named_on_the_command_line_is_one_error_line(tmp_path):
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    missing = tmp_path / "missing.pdf"
    args = [str(loop), str(missing), str(tmp_path / "*.nothing")]
    found = discover(args)
    assert [(f.status, f.reason.split(":")[0]) for f in found] == [
        ("error", "link loop"),
        ("error", "no such file or folder"),
        ("error", "no file matches this pattern"),
    ]
    result = run_batch(args, tmp_path / "out", log=lambda m: None)
    assert (result.errors, result.written) == (3, 0)
    assert [m["path"] for m in manifest_of(tmp_path / "out")] == args


def test_an_unreadable_folder_is_an_error_line_and_the_rest_goes_on(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(PLAN, folder / "plan.txt")
    real_scandir = os.scandir

    def scandir(path):  # as root every folder is readable: make one refuse like a locked one
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = {f.path.name: (f.status, f.reason) for f in discover([str(folder)])}
    assert found == {
        "locked": ("error", "cannot read folder: Permission denied"),
        "plan.txt": ("todo", ""),
    }


def test_a_really_unreadable_folder_in_a_real_batch(tmp_path):
    """chmod 000 stops root only without its override capabilities: drop them with setpriv."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(PLAN, folder / "locked" / "hidden-plan.txt")
    shutil.copy(PLAN, folder / "plan.txt")
    (folder / "locked").chmod(0)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(folder), "-o", str(out), "-j", "1"]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]
    try:
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120)
    finally:
        (folder / "locked").chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    lines = by_name(out)
    assert lines["locked"]["error"] == "cannot read folder: Permission denied"
    assert lines["plan.txt"]["status"] == "ok"
    assert len(lines) == 2


def test_a_name_that_is_not_utf8_is_read_and_written_with_escapes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/" + UNDECODABLE_NAME
    shutil.copy(PLAN, odd)
    out = tmp_path / "out"
    result = run_batch([str(folder)], out, log=lambda m: None, options=BatchOptions(jobs=1))
    assert result.written == 1
    (line,) = manifest_of(out)
    assert line["path"].endswith("k\\xea_ho\\xe1ch.txt")
    assert bytes.fromhex(line["path_bytes"]) == odd
    record = json.loads(Path(line["record"]).read_text(encoding="utf-8"))
    assert record["source"]["path"] == line["path"]
    assert Path(line["record"]).name == "k__ho_ch.json"


def test_the_same_file_by_two_paths_is_read_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PLAN, folder / "plan.txt")
    (folder / "again.txt").symlink_to(folder / "plan.txt")
    found = {f.path.name: (f.status, f.reason) for f in discover([str(folder), str(folder)])}
    assert found["plan.txt"] == ("todo", "")
    assert found["again.txt"] == ("skipped", f"same file as {folder / 'plan.txt'}")


def test_hidden_files_and_the_output_folder_are_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "out").mkdir()
    found = {f.path.name: f.reason for f in discover([str(folder)], exclude=folder / "out")}
    assert found == {
        ".DS_Store": "hidden file, not read",
        ".git": "hidden folder, not read",
        "out": "the output folder, not read",
    }


def test_colliding_stems_get_deterministic_names_and_avoid_reserved_ones():
    paths = [Path("a/x.pdf"), Path("a/x.docx"), Path("b/y.txt")]
    assert output_names(paths) == output_names(list(reversed(paths)))
    assert output_names([Path("b/y.txt")], reserved=frozenset({"y.json"})) == {
        Path("b/y.txt"): "y.2.json"
    }
    assert shown(Path(os.fsdecode(b"a\xff.txt"))) == "a\\xff.txt"
