"""Columns of the fact tables, derived from the output models: a field added to
``schemas/models.py`` (a responsibility's ``level``, say) becomes a column of the corpus database
without a change here. Spans and periods are split into two integer columns each.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from schemas.models import Period, Span

SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    read: Callable[[Any], Any]  # the fact -> the cell


def _base(annotation: Any) -> Any:
    """``X | None`` -> ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _sql_type(annotation: Any) -> str:
    base = _base(annotation)
    if typing.get_origin(base) is Literal:
        return "VARCHAR"
    if typing.get_origin(base) is list:
        (item,) = typing.get_args(base) or (str,)
        if item is Span:
            return 'STRUCT("start" INTEGER, "end" INTEGER)[]'
        return f"{SCALARS[item]}[]" if item in SCALARS else "JSON"
    return SCALARS.get(base, "JSON")


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda fact: getattr(fact, name)


def _sub(name: str, part: str) -> Callable[[Any], Any]:
    def read(fact: Any) -> Any:
        value = getattr(fact, name)
        return None if value is None else getattr(value, part)

    return read


def _spans(name: str) -> Callable[[Any], Any]:
    return lambda fact: [{"start": s.start, "end": s.end} for s in getattr(fact, name)]


def _json(name: str) -> Callable[[Any], Any]:
    """A nested value as plain JSON data (the loader writes it as JSON, not as a string)."""

    def read(fact: Any) -> Any:
        value = getattr(fact, name)
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        if isinstance(value, list):
            return [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        return value

    return read


def model_columns(model: type[BaseModel], rename: dict[str, str] | None = None) -> list[Column]:
    """One column per field (two for a span or a period), in the model's order."""
    rename = rename or {}
    out: list[Column] = []
    for name, field in model.model_fields.items():
        col = rename.get(name, name)
        base = _base(field.annotation)
        if base is Span:
            out += [
                Column(f"{col}_start", "INTEGER", _sub(name, "start")),
                Column(f"{col}_end", "INTEGER", _sub(name, "end")),
            ]
        elif base is Period:
            out += [
                Column(f"{col}_start", "INTEGER", _sub(name, "start")),
                Column(f"{col}_end", "INTEGER", _sub(name, "end")),
            ]
        else:
            sql = _sql_type(field.annotation)
            if sql.startswith("STRUCT"):
                out.append(Column(col, sql, _spans(name)))
            elif sql == "JSON":
                out.append(Column(col, sql, _json(name)))
            else:
                out.append(Column(col, sql, _getter(name)))
    return out
