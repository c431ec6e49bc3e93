"""Every seed in every format against its golden record: a change in any fact shows here."""

from __future__ import annotations

import json

import pytest

from pipeline.assemble import build_record
from tests.conftest import ROOT, SAMPLES
from tests.golden_records import (
    REGEN_ENV,
    differences,
    dump,
    golden_path,
    golden_view,
    regenerating,
)

CASES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in {".txt", ".docx", ".pdf", ".doc"})


def test_regeneration_flag_is_off():
    assert not regenerating(), f"{REGEN_ENV} is set: golden files are being rewritten, not checked"


@pytest.mark.parametrize("name", CASES)
def test_record_equals_golden(name):
    view = golden_view(build_record(SAMPLES / name), ROOT)
    path = golden_path(name)
    if regenerating() or not path.exists():
        path.write_text(dump(view), encoding="utf-8")
        if not regenerating():
            pytest.fail(f"no golden record for {name}: written {path.name}, review and commit it")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    diff = differences(expected, json.loads(dump(view)))
    assert not diff, f"{name} differs from its golden record ({len(diff)} changes):\n" + "\n".join(
        diff[:60]
    )
