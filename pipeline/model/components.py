"""Named components: each extractor, resolver and check registers once, saying what it needs from
the record (``requires``) and which fields it sets (``assigns``), after spaCy's
``Language.factory(..., requires=, assigns=)``.

A component is a pure function ``(Document, PlanRecord) -> value`` of the fields it assigns (a
tuple when it assigns several). The runner (``pipeline.run``) validates each value against the
record's field type when it is set, so a failure or a wrong shape costs only that component's
facts, as a warning on the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pipeline.model.document import Document
    from schemas.models import PlanRecord

Stage = Literal["extract", "resolve", "check"]
STAGES: tuple[Stage, ...] = ("extract", "resolve", "check")
ComponentFunc = Callable[["Document", "PlanRecord"], Any]


@dataclass(frozen=True)
class Component:
    name: str
    stage: Stage
    assigns: tuple[str, ...]  # record field paths: "references", "metadata.locality"
    requires: tuple[str, ...]
    func: ComponentFunc


@dataclass(frozen=True)
class Flagged:
    """A component's value with the warnings it adds to the record ("issuer 'X |' fails its
    grammar: left null")."""

    value: Any
    warnings: tuple[str, ...]


REGISTRY: dict[str, Component] = {}


def component(
    name: str, *, stage: Stage = "extract", assigns: tuple[str, ...], requires: tuple[str, ...] = ()
) -> Callable[[ComponentFunc], ComponentFunc]:
    """Register a function as the component ``name`` (once: a second registration is an error)."""

    def register(func: ComponentFunc) -> ComponentFunc:
        if name in REGISTRY and REGISTRY[name].func is not func:
            raise ValueError(f"component {name!r} registered twice")
        REGISTRY[name] = Component(name, stage, assigns, requires, func)
        return func

    return register


def _provides(assigned: set[str], need: str) -> bool:
    """Is ``need`` assigned (or part of it: a component may require "metadata.issuer" when an
    earlier one assigned "metadata")?"""
    return any(need == a or need.startswith(a + ".") or a.startswith(need + ".") for a in assigned)


def _overwrites(assigns: set[str], need: str) -> bool:
    """Does assigning ``assigns`` replace what ``need`` reads (the field or a field holding it)?
    A component that only fills a part ("metadata.issuer.parent") does not replace the whole."""
    return any(need == a or need.startswith(a + ".") for a in assigns)


def ordered(components: list[Component]) -> list[Component]:
    """Run order: stage by stage; within a stage, each component after every other one that
    assigns something it requires (registration order among the ready ones)."""
    out: list[Component] = []
    for stage in STAGES:
        pending = [c for c in components if c.stage == stage]
        while pending:
            ready = next(
                (c for c in pending if not _waits_for(c, pending)), pending[0]
            )  # a cycle: analyze() says so
            pending.remove(ready)
            out.append(ready)
    return out


def _feeds(first: Component, then: Component) -> bool:
    """Must ``first`` run before ``then``: it replaces something ``then`` reads, and ``then``
    replaces nothing ``first`` reads (two components that refine each other's fields, like a
    validator and a resolver of the place, run in registration order)."""
    reads = any(_overwrites(set(first.assigns), need) for need in then.requires)
    back = any(_overwrites(set(then.assigns), need) for need in first.requires)
    return reads and not back


def _waits_for(comp: Component, pending: list[Component]) -> bool:
    return any(_feeds(o, comp) for o in pending if o is not comp)


def analyze(components: list[Component]) -> list[str]:
    """Problems of a run order (spaCy's ``analyze_pipes``): a requirement no earlier component
    assigns, or one a later component assigns; a field assigned again by a component that does not
    require it."""
    problems: list[str] = []
    assigned: set[str] = set()
    for i, comp in enumerate(components):
        for need in comp.requires:
            if not _provides(assigned, need):
                problems.append(f"{comp.name} requires {need}, which no earlier component assigns")
            later = [
                c.name
                for c in components[i + 1 :]
                if _overwrites(set(c.assigns), need) and _feeds(c, comp)
            ]
            if later:
                problems.append(
                    f"{comp.name} requires {need}, which {', '.join(later)} assigns after it"
                )
        for field in comp.assigns:
            if field in assigned and field not in comp.requires:
                problems.append(f"{comp.name} assigns {field} again without requiring it")
        assigned.update(comp.assigns)
    return problems
