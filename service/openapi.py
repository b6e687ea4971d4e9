"""OpenAPI helpers: bodies we read by hand still get documented schemas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

REF_TEMPLATE = "#/components/schemas/{model}"
_EXTRA_SCHEMAS: dict[str, Any] = {}


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """An `openapi_extra` request body for `model`, registering its schemas as components."""
    schema = model.model_json_schema(by_alias=True, ref_template=REF_TEMPLATE, mode="validation")
    _EXTRA_SCHEMAS.update(schema.pop("$defs", {}))
    _EXTRA_SCHEMAS[model.__name__] = schema
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}
            },
        }
    }


def add_components(document: dict[str, Any]) -> dict[str, Any]:
    """Merge the registered request schemas into a generated OpenAPI document."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _EXTRA_SCHEMAS.items():
        schemas.setdefault(name, schema)
    return document
