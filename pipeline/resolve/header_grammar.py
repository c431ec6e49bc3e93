"""A header value that fails its own grammar is not written: an issuer with a cell separator or
words of the motto in it, or naming a place that is no place ("Ủy ban nhân dân tỉnh Bình Phước
Nghĩa Việt Nam"), and a place of the date line that no map knows ("Giang" cut from "Kiên Giang").
Such a value becomes null with a warning: a visibly wrong value is worse than none."""

from __future__ import annotations

import regex

from pipeline.model.components import Flagged, component
from pipeline.model.document import Document
from pipeline.model.grammar import LOCALITY_TYPE, MOTTO_START_FOLD, starts_with_organisation
from pipeline.model.places import is_place
from pipeline.model.vietnamese import fold_text
from schemas.models import Issuer, PlanRecord

PLACE_IN_NAME = regex.compile(rf"\b{LOCALITY_TYPE}\s+(?P<place>\p{{Lu}}.*)$")
MOTTO_WORDS_FOLD = regex.compile(r"\b(?:cộng hòa|chủ nghĩa|độc lập|hạnh phúc)\b|\bcộng$")


# "Ủy ban nhân dân xã" said in the opening sentence: a kind of body, not which one.
UNNAMED_UNIT_FOLD = regex.compile(
    rf"^(?:ủy ban nhân dân|hội đồng nhân dân|đảng ủy|ban thường vụ đảng ủy)\s+(?:{LOCALITY_TYPE})$"
)


def issuer_problem(issuer: Issuer) -> str | None:
    """Why an issuer's name is not a body's name, or None when it is one."""
    if issuer.name is None:
        return None
    name, fold = issuer.name, fold_text(issuer.name)
    if "|" in name:
        return "contains a cell separator"
    if MOTTO_START_FOLD.search(fold) or MOTTO_WORDS_FOLD.search(fold):
        return "runs into the motto"
    if not starts_with_organisation(" ".join(fold.split())):
        return "does not name a body"
    place = PLACE_IN_NAME.search(name)
    if place and not is_place(place.group("place")):
        return f"names no known place ({place.group('place')!r})"
    return None


@component(
    "header_grammar",
    stage="resolve",
    assigns=("metadata.issuer", "metadata.place"),
    requires=("metadata.issuer", "metadata.place"),
)
def _header_grammar(doc: Document, record: PlanRecord) -> Flagged:
    meta = record.metadata
    warnings: list[str] = []
    issuer, place = meta.issuer, meta.place
    problem = issuer_problem(issuer) if issuer is not None else None
    if issuer is not None and problem:
        warnings.append(f"issuer {issuer.name!r} {problem}: left null")
        issuer = None
    if issuer is not None and issuer.name and UNNAMED_UNIT_FOLD.search(fold_text(issuer.name)):
        warnings.append(f"issuer {issuer.name!r} names no unit: its name left null")
        issuer = issuer.model_copy(update={"name": None})
    if place and not is_place(place):
        warnings.append(f"place {place!r} is not a place of Vietnam's maps: left null")
        place = None
    return Flagged((issuer, place), tuple(warnings))
