"""Extractors: each a pure function of the document, run in the order registered here.

Adding a kind of fact means one new module and one line in ``REGISTRY``. An entry receives the
document and the record built so far, so later facts can use earlier ones (the references
extractor needs the plan's own number to tell self-references from citations).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractors.checks import run_checks
from extractors.find_metadata import find_metadata
from extractors.references import find_references
from extractors.table_targets import table_targets
from extractors.tables import find_tables
from extractors.targets import find_targets


def _own_number(record: Any) -> str | None:
    number = record.metadata.number
    return number.value if number is not None and number.number else None


# (record field, extractor(document, record so far)) in run order.
REGISTRY: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("metadata", lambda doc, record: find_metadata(doc)),
    ("references", lambda doc, record: find_references(doc, _own_number(record))),
    ("targets", lambda doc, record: find_targets(doc, record.metadata.period, record.metadata.place)),
    ("tables", lambda doc, record: find_tables(doc)),
    ("targets", lambda doc, record: record.targets + table_targets(record.tables, record.metadata.period)),
    ("checks", lambda doc, record: run_checks(doc, record.targets, record.tables, record.metadata.period)),
]

__all__ = ["REGISTRY", "find_metadata", "find_references", "find_tables", "find_targets", "run_checks"]
