"""Output contract (v1) of vnplan: pydantic models and the generated JSON Schema."""

import json
from pathlib import Path

from schemas.models import SCHEMA_VERSION, PlanRecord

SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")


def json_schema() -> dict:
    """The JSON Schema of a record, generated from the models (never hand-edited)."""
    schema = PlanRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://vnplan.example/schema/plan-{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "PlanRecord", "json_schema", "json_schema_text"]
