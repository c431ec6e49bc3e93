"""Target scopes: a scope that names the plan's own place ("thành phố Yên Bái" in the city's plan)
is not narrower than the plan, so the target is the plan's own."""

from __future__ import annotations

from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.vietnamese import fold_text
from schemas.models import PlanRecord, Target


def own_scopes_dropped(targets: list[Target], place: str | None) -> list[Target]:
    if not place:
        return targets
    own = fold_text(place)
    return [
        t.model_copy(update={"scope": None}) if t.scope and fold_text(t.scope).endswith(own) else t
        for t in targets
    ]


@component(
    "target_scopes", stage="resolve", assigns=("targets",), requires=("targets", "metadata.place")
)
def _target_scopes(doc: Document, record: PlanRecord) -> list[Target]:
    return own_scopes_dropped(record.targets, record.metadata.place)
