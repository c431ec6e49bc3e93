"""Extractors: one module per kind of fact, each a pure function of the document.

Each module registers its component (``pipeline.model.components.component``) with the record
fields it requires and assigns; importing this package registers them all. Adding a kind of fact
means one new module and its import here.
"""

from __future__ import annotations

from extractors import (
    checks,
    find_metadata,
    references,
    responsibilities,
    structure,
    tables,
    targets,
)

__all__ = [
    "checks",
    "find_metadata",
    "references",
    "responsibilities",
    "structure",
    "tables",
    "targets",
]
