"""One file -> one validated ``PlanRecord``: read, normalise, extract, resolve.

A failing extractor becomes a warning on the record; a file that cannot be read raises
``ReadError`` for the batch to record.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors import REGISTRY
from pipeline.localities import locality_from_name, resolve_locality
from pipeline.model.document import Document
from pipeline.model.source import Source
from pipeline.normalize import normalise
from pipeline.readers import read
from schemas.models import Metadata, PlanRecord, SourceInfo


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve(meta: Metadata) -> None:
    """Attach the locality (with GSO codes and 2025 successor) of the issuing body."""
    if meta.issuer is None:
        return
    found = locality_from_name(meta.issuer.name) or locality_from_name(meta.issuer.parent)
    if found is None:
        return
    name, kind = found
    meta.locality = resolve_locality(name, kind, meta.date.value if meta.date else None)
    issuer = meta.issuer
    if issuer.kind == "party" and issuer.parent is None and issuer.level == "district" and meta.locality.province:
        issuer.parent = f"Đảng bộ tỉnh {meta.locality.province}"
    if meta.place and meta.locality:
        from pipeline.model.vietnamese import match_key

        squash = lambda s: "".join(ch for ch in match_key(s) if ch.isalnum())  # noqa: E731
        if squash(meta.place) == squash(meta.locality.name) and meta.place != meta.locality.name:
            meta.place = meta.locality.name


def document_for(path: Path) -> tuple[Source, Document]:
    source = read(path)
    return source, normalise(source)


def build_record(path: Path) -> PlanRecord:
    source, doc = document_for(path)
    record = PlanRecord(
        source=SourceInfo(
            path=str(path),
            sha256=sha256_of(path),
            format=source.format,
            pages=source.pages,
            ocr=False,
            needs_ocr=source.needs_ocr,
            legacy_encoding=source.legacy_encoding,
        ),
        text=doc.text,
        warnings=list(source.warnings),
    )
    if source.needs_ocr:
        return PlanRecord.model_validate(record.model_dump())
    for field, extractor in REGISTRY:
        try:
            setattr(record, field, extractor(doc, record))
        except Exception as exc:  # one extractor failing must not lose the other facts
            record.warnings.append(f"{field}: extractor failed ({exc.__class__.__name__}: {exc})")
    try:
        resolve(record.metadata)
    except Exception as exc:
        record.warnings.append(f"locality: resolution failed ({exc.__class__.__name__}: {exc})")
    return PlanRecord.model_validate(record.model_dump())
