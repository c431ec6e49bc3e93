"""Resolution: canonical values for what the extractors found (localities with GSO codes and
2025 successors, citation keys). Runs after extraction, before the checks."""

from __future__ import annotations

from pipeline.resolve import agencies, citations, header_grammar, localities, scopes

__all__ = ["agencies", "citations", "header_grammar", "localities", "scopes"]
