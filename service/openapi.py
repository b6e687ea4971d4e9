"""OpenAPI helpers: bodies we read by hand still get documented schemas, errors their shape.

FastAPI documents a 422 `HTTPValidationError` on every operation with parameters, but this
service never answers 422 (`service.errors` turns validation errors into 400), and every error
it sends is a FHIR OperationOutcome. `add_components` makes the document say what we send.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from service.errors import FHIR_JSON

REF_TEMPLATE = "#/components/schemas/{model}"
_EXTRA_SCHEMAS: dict[str, Any] = {}
# Paths whose errors are OperationOutcomes; health checks answer plain JSON.
_OUTCOME_PATHS = ("/cds-services", "/fhir/")
_UNUSED_IF_NO_422 = ("HTTPValidationError", "ValidationError")

OPERATION_OUTCOME_SCHEMA: dict[str, Any] = {
    "title": "OperationOutcome",
    "description": (
        "FHIR R4 OperationOutcome, with the members this service sends: one issue with "
        "severity `error`, a FHIR issue type code and a readable `diagnostics` (never patient "
        "data or a stack trace)."
    ),
    "type": "object",
    "required": ["resourceType", "issue"],
    "properties": {
        "resourceType": {"type": "string", "const": "OperationOutcome"},
        "issue": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["severity", "code"],
                "properties": {
                    "severity": {
                        "type": "string",
                        "enum": ["fatal", "error", "warning", "information"],
                    },
                    "code": {"type": "string", "examples": ["invalid", "login", "not-found"]},
                    "diagnostics": {"type": "string"},
                },
            },
        },
    },
}
_OUTCOME_CONTENT = {FHIR_JSON: {"schema": {"$ref": REF_TEMPLATE.format(model="OperationOutcome")}}}
_INTERNAL_ERROR = {"description": "A bug of ours; the OperationOutcome has no details"}


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
    """Merge the registered request schemas and describe our error responses as they are sent."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _EXTRA_SCHEMAS.items():
        schemas.setdefault(name, schema)
    schemas["OperationOutcome"] = OPERATION_OUTCOME_SCHEMA
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            if not path.startswith(_OUTCOME_PATHS):
                continue
            responses.setdefault("500", _INTERNAL_ERROR)
            for status, response in list(responses.items()):
                if status[:1] in ("4", "5") and "content" not in response:
                    # A new dict: FastAPI may share a response object between operations.
                    responses[status] = {**response, "content": copy.deepcopy(_OUTCOME_CONTENT)}
    for name in _UNUSED_IF_NO_422:  # HTTPValidationError first: it refers to ValidationError
        rest = {k: v for k, v in document.items() if k != "components"}
        others = {k: v for k, v in schemas.items() if k != name}
        if f'"{REF_TEMPLATE.format(model=name)}"' not in json.dumps([rest, others]):
            schemas.pop(name, None)
    return document
