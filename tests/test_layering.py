"""The rooms of the code show the data flow: extractors read the shared model (``pipeline.model``)
and the output models (``schemas``) and nothing else of ``pipeline``; the shared model depends on
no stage; readers and stages never import extractors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def project_imports(folder: str) -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for module in imports_of(path):
            if module.split(".")[0] in {"pipeline", "extractors", "schemas"}:
                out.append((str(path.relative_to(ROOT)), module))
    return out


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_extractors_import_only_the_model_and_schemas():
    bad = [
        (f, m)
        for f, m in project_imports("extractors")
        if not _under(m, "extractors", "pipeline.model", "schemas")
    ]
    assert bad == []


def test_the_shared_model_depends_on_no_stage():
    bad = [
        (f, m)
        for f, m in project_imports("pipeline/model")
        if not _under(m, "pipeline.model", "schemas")
    ]
    assert bad == []


@pytest.mark.parametrize("folder", ["pipeline/readers", "pipeline/segment"])
def test_readers_and_segmenter_do_not_reach_into_extractors(folder):
    assert [(f, m) for f, m in project_imports(folder) if _under(m, "extractors")] == []


def test_the_layering_test_sees_imports():
    assert ("extractors/references.py", "pipeline.model.grammar") in project_imports("extractors")
