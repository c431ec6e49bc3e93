"""Extractors: each a pure function ``Document -> facts``, run in the order registered here.

Adding a kind of fact means one new module and one line in ``REGISTRY``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractors.find_metadata import find_metadata

# (record field, extractor) in run order.
REGISTRY: list[tuple[str, Callable[[Any], Any]]] = [
    ("metadata", find_metadata),
]

__all__ = ["REGISTRY", "find_metadata"]
