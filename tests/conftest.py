from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.model.source import Block, Source
from pipeline.normalize import normalise
from pipeline.segment import segment

# Tests run strict: a component that fails raises instead of becoming a warning on the record.
os.environ.setdefault("VNPLAN_STRICT", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def doc_from_text(text: str):
    """A Document built the way the text reader builds one (for grammar tests on real lines)."""
    from pipeline.readers.text import blocks_from_lines

    return segment(
        normalise(Source(path="<test>", format="txt", blocks=blocks_from_lines(text.splitlines())))
    )


def doc_from_blocks(*texts: str):
    return segment(
        normalise(
            Source(path="<test>", format="txt", blocks=[Block("paragraph", t) for t in texts])
        )
    )


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in (SAMPLES / "gold" / "seeds").glob("*.json")
    }


def needs_corpus():
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
