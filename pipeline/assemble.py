"""One file -> one ``PlanRecord``: read, normalise, segment, then the registered components
(extract, resolve, check) in their declared order.

Each component's result is validated when it is set; a failing component becomes a warning on
the record; a file that cannot be read raises ``ReadError`` for the batch to record.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from pipeline.model.components import REGISTRY, Component, Flagged, ordered
from pipeline.model.document import Document
from pipeline.model.source import Source
from pipeline.normalize import normalise
from pipeline.readers import read
from pipeline.redact import redact_personal_data
from pipeline.segment import segment
from schemas.models import PlanRecord, SourceInfo


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_for(path: Path, source: Source | None = None) -> tuple[Source, Document]:
    """Read (unless ``source`` is the file already read), normalise and segment one file."""
    source = read(path) if source is None else source
    return source, segment(normalise(source))


def pipeline_components() -> list[Component]:
    """Every registered component in run order: extract, resolve, check."""
    import extractors  # noqa: F401  (registers the extractors)
    import pipeline.resolve  # noqa: F401  (registers the resolvers)

    return ordered(list(REGISTRY.values()))


def strict_default() -> bool:
    """Strict mode (tests): a failing component raises instead of becoming a warning."""
    return os.environ.get("VNPLAN_STRICT", "") not in ("", "0")


def run_components(
    doc: Document, record: PlanRecord, components: list[Component], strict: bool
) -> None:
    """Run each component and set what it assigns, validated against the record's field types.
    A component that raises or returns a wrong shape leaves a warning and every other fact."""
    for comp in components:
        try:
            value = comp.func(doc, record)
            if isinstance(value, Flagged):
                record.warnings.extend(f"{comp.name}: {w}" for w in value.warnings)
                value = value.value
            values = value if len(comp.assigns) > 1 else (value,)
            if not isinstance(values, tuple) or len(values) != len(comp.assigns):
                raise TypeError(
                    f"returned {type(value).__name__}, expected values for"
                    f" {', '.join(comp.assigns)}"
                )
            pairs = [
                (path, v)
                for path, v in zip(comp.assigns, values, strict=True)
                if _has_owner(record, path)
            ]
            checked = [(path, validated(record, path, v)) for path, v in pairs]
            for path, v in checked:
                set_field(record, path, v)
        except Exception as exc:  # one component failing must not lose the other facts
            if strict:
                raise
            record.warnings.append(
                f"{comp.name}: component failed ({exc.__class__.__name__}: {_short(exc)})"
            )


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _has_owner(record: PlanRecord, path: str) -> bool:
    """A field of an absent object (the issuer's parent when there is no issuer) is not set."""
    obj: object = record
    for part in path.split(".")[:-1]:
        obj = getattr(obj, part)
        if obj is None:
            return False
    return True


def _owner(record: PlanRecord, path: str) -> tuple[BaseModel, str]:
    *parents, name = path.split(".")
    obj: BaseModel = record
    for part in parents:
        obj = getattr(obj, part)
    return obj, name


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    annotation = model.model_fields[name].annotation
    assert annotation is not None, f"{model.__name__}.{name} has no type"
    return TypeAdapter(annotation)


def validated(record: PlanRecord, path: str, value: Any) -> Any:
    """``value`` checked against the type of the record field at ``path`` (pydantic)."""
    owner, name = _owner(record, path)
    return _adapter(type(owner), name).validate_python(value)


def set_field(record: PlanRecord, path: str, value: Any) -> None:
    owner, name = _owner(record, path)
    setattr(owner, name, value)


def build_record(
    path: Path,
    strict: bool | None = None,
    source: Source | None = None,
    keep_personal_data: bool = False,
) -> PlanRecord:
    """Read, normalise, segment, extract, resolve and check one file, then redact private
    individuals' data unless ``keep_personal_data``. ``ReadError`` when the file cannot be read
    at all; ``strict`` (default: ``VNPLAN_STRICT``) makes component failures raise; ``source``:
    the file already read (the batch reads first to bound its length)."""
    source, doc = document_for(path, source)
    record = PlanRecord(
        source=SourceInfo(
            path=str(path),
            sha256=sha256_of(path),
            format=source.format,  # type: ignore[arg-type]
            pages=source.pages,
            pages_source=source.pages_source,  # type: ignore[arg-type]
            ocr=source.ocr,
            ocr_confidence=source.ocr_confidence,
            needs_ocr=source.needs_ocr,
            legacy_encoding=source.legacy_encoding,
        ),
        text=doc.text,
        warnings=list(source.warnings),
    )
    if not source.needs_ocr:
        run_components(
            doc, record, pipeline_components(), strict_default() if strict is None else strict
        )
    return record if keep_personal_data else redact_personal_data(record, doc)
