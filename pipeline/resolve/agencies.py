"""Agencies resolved: each responsibility's body gets its canonical name at its level, the place
it serves (the plan's locality when it is at the plan's level) and what took over after the 2025
reorganisation; then the plan's responsibility matrix (agency x programme item or task group)."""

from __future__ import annotations

import regex

from pipeline.model.agencies import agency_matcher, lexicon
from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import LOCALITY_LEVELS
from pipeline.model.vietnamese import fold_text
from schemas.models import (
    AgencySuccessor,
    Issuer,
    Level,
    Locality,
    PlanRecord,
    Responsibility,
    ResponsibilityMatrix,
    Role,
)

ROLE_STRENGTH: dict[Role, int] = {"lead": 3, "support": 2, "assigned": 1}
GENERAL = "general"  # the matrix column of tasks that name no programme item
LEVEL_WORD_AT_END = regex.compile(r"\s+(?:tỉnh|huyện|xã|thành phố|quận|thị xã|phường)$")


def canonical(key: str | None, level: Level | None, collective: bool) -> str | None:
    """The body's name at its level ("Sở Lao động - Thương binh và Xã hội"); a plural form by its
    class ("Ủy ban nhân dân cấp xã")."""
    lex = lexicon()
    if key is None:
        return None
    if key in lex.collectives:
        return lex.collectives[key].name
    if collective:
        same = [c for c in lex.collectives.values() if c.body == key and c.level == level]
        if same:
            return same[0].name
    body = lex.bodies.get(key)
    if body is None:
        return None
    name = body.names.get(level or "") or next(iter(body.names.values()), None)
    return LEVEL_WORD_AT_END.sub("", name) if name else None  # the place is the locality's


def successor(key: str | None, level: Level | None) -> AgencySuccessor | None:
    body = lexicon().bodies.get(key or "")
    if body is None or level is None or level not in body.successors:
        return None
    found = body.successors[level]
    if found is None:
        return None
    return AgencySuccessor(names=list(found.names), also=list(found.also), note=found.note)


def served_place(
    level: Level | None, locality: Locality | None, plan_level: Level | None
) -> str | None:
    """The place a body serves, when the plan says it: the plan's own unit for a body at the
    plan's level, the plan's province for a provincial body."""
    if locality is None or level is None:
        return None
    if level == plan_level:
        return locality.name
    if level == "province":
        return locality.province
    return None


def at_plan_level(resps: list[Responsibility], issuer: Issuer | None) -> list[Responsibility]:
    """A body named without a level word is at the plan's own level (a "Hội Nông dân" in a
    district plan is the district's); the plan's issuer handing tasks out is not assigned them.
    Bodies that thereby become one are merged, keeping the strongest role."""
    plan_level = issuer.level if issuer else None
    own = agency_matcher().find(issuer.name) if issuer and issuer.name else []
    own_key = (own[0].body or own[0].key) if own else None
    merged: dict[tuple[str | None, str | None, str | None, bool], Responsibility] = {}
    for r in resps:
        level = r.level or plan_level
        if (
            r.agency_id == own_key
            and level == plan_level
            and r.role == "assigned"
            and not r.collective
        ):
            continue
        key = (r.agency_id, level, r.section, r.collective)
        cur = merged.get(key)
        if cur is None:
            merged[key] = r.model_copy(update={"level": level})
            continue
        stronger = r if ROLE_STRENGTH[r.role] > ROLE_STRENGTH[cur.role] else cur
        merged[key] = stronger.model_copy(
            update={
                "level": level,
                "programme_items": list(dict.fromkeys(cur.programme_items + r.programme_items)),
                "deadlines": list(dict.fromkeys(cur.deadlines + r.deadlines)),
                "schedule": cur.schedule + [d for d in r.schedule if d.text not in cur.deadlines],
                "tasks": cur.tasks + [t for t in r.tasks if t not in cur.tasks],
                "task_spans": cur.task_spans + [t for t in r.task_spans if t not in cur.task_spans],
            }
        )
    return sorted(merged.values(), key=lambda r: r.span.start)


def own_city_level(
    doc: Document, resps: list[Responsibility], issuer: Issuer | None
) -> list[Responsibility]:
    """In the plan of a centrally-run city ("Ủy ban nhân dân thành phố Hà Nội", a province), a body
    of "... Thành phố" is the city's own, not a district's."""
    if issuer is None or issuer.level != "province" or not issuer.name:
        return resps
    city = fold_text(issuer.name)
    if "thành phố" not in city:
        return resps
    matcher = agency_matcher()
    out = []
    for r in resps:
        if r.level == "district" and r.span.end > r.span.start:
            found = matcher.find(doc.text[r.span.start : r.span.start + 400], r.span.start)
            words = found[0].level_words if found and found[0].start == r.span.start else None
            if (
                words
                and words.startswith("thành phố")
                and words[len("thành phố") :].strip() in city
            ):
                r = r.model_copy(update={"level": "province"})
        out.append(r)
    return out


def resolved(resps: list[Responsibility], locality: Locality | None) -> list[Responsibility]:
    plan_level = LOCALITY_LEVELS.get(locality.type or "") if locality else None
    if locality is not None and locality.code and locality.code == locality.province_code:
        plan_level = "province"  # a centrally-run city is a province
    return [
        r.model_copy(
            update={
                "agency_canonical": canonical(r.agency_id, r.level, r.collective),
                "locality": None if r.collective else served_place(r.level, locality, plan_level),  # type: ignore[arg-type]
                "successor_2025": successor(r.agency_id, r.level),
            }
        )
        for r in resps
    ]


def matrix(resps: list[Responsibility], programme: list[str]) -> ResponsibilityMatrix | None:
    """Agencies x programme items (the plan's task groups, by section, when it has no programme
    items): the strongest role of each agency for each column."""
    if not resps:
        return None
    use_items = bool(programme)
    columns: list[str] = list(programme) if use_items else []
    agencies: list[str] = []
    cells: dict[tuple[str, str], Role] = {}
    for r in resps:
        name = r.agency_canonical or r.agency
        if name not in agencies:
            agencies.append(name)
        keys = (r.programme_items or [GENERAL]) if use_items else [_task_group(r.section)]
        for col in keys:
            if col is None:
                continue
            if col not in columns:
                columns.append(col)
            cur = cells.get((name, col))
            if cur is None or ROLE_STRENGTH[r.role] > ROLE_STRENGTH[cur]:
                cells[(name, col)] = r.role
    return ResponsibilityMatrix(
        agencies=agencies,
        columns=columns,
        cells=[[cells.get((a, c)) for c in columns] for a in agencies],
    )


def _task_group(section: str | None) -> str | None:
    """A task group is the second level of the outline ("IV.2"), or a table."""
    if section is None:
        return None
    if section.startswith("table:"):
        return section
    return ".".join(section.split(".")[:2])


@component(
    "agencies",
    stage="resolve",
    assigns=("responsibilities", "responsibility_matrix"),
    requires=("responsibilities", "programme_items", "metadata.issuer", "metadata.locality"),
)
def _agencies(
    doc: Document, record: PlanRecord
) -> tuple[list[Responsibility], ResponsibilityMatrix | None]:
    resps = own_city_level(doc, record.responsibilities, record.metadata.issuer)
    resps = at_plan_level(resps, record.metadata.issuer)
    resps = resolved(resps, record.metadata.locality)
    return resps, matrix(resps, [p.id for p in record.programme_items])
