"""The OpenAPI document says what the service sends: no 422, OperationOutcome error bodies."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.render import openapi_document

DOCUMENT: dict[str, Any] = json.loads(openapi_document())
OUTCOME_REF = "#/components/schemas/OperationOutcome"


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in DOCUMENT["paths"].items()
        for method, operation in operations.items()
    ]


def test_no_operation_lists_a_422_and_its_schemas_are_gone() -> None:
    for path, method, operation in _operations():
        assert "422" not in operation["responses"], f"{method} {path}"
    assert "HTTPValidationError" not in DOCUMENT["components"]["schemas"]
    assert "ValidationError" not in DOCUMENT["components"]["schemas"]
    assert "HTTPValidationError" not in json.dumps(DOCUMENT)


@pytest.mark.parametrize(
    ("path", "method"),
    [(p, m) for p, m, _ in _operations() if p.startswith(("/cds-services", "/fhir/"))],
)
def test_every_error_response_is_an_operation_outcome(path: str, method: str) -> None:
    responses = DOCUMENT["paths"][path][method]["responses"]
    errors = {status: r for status, r in responses.items() if status[0] in "45"}
    assert "500" in errors
    for status, response in errors.items():
        assert response["content"] == {
            "application/fhir+json": {"schema": {"$ref": OUTCOME_REF}}
        }, f"{method} {path} {status}"


def test_feedback_lists_413() -> None:
    responses = DOCUMENT["paths"]["/cds-services/{service_id}/feedback"]["post"]["responses"]
    assert set(responses) >= {"200", "400", "401", "404", "413", "500"}


def fits_schema(schema: dict[str, Any], value: Any) -> None:
    """The few JSON Schema keywords the OperationOutcome schema uses."""
    if "const" in schema:
        assert value == schema["const"]
    if "enum" in schema:
        assert value in schema["enum"]
    kind = schema.get("type")
    if kind == "object":
        assert isinstance(value, dict)
        assert set(schema.get("required", ())) <= set(value)
        for name, member in value.items():
            if name in schema.get("properties", {}):
                fits_schema(schema["properties"][name], member)
    elif kind == "array":
        assert isinstance(value, list)
        assert len(value) >= schema.get("minItems", 0)
        for item in value:
            fits_schema(schema["items"], item)
    elif kind == "string":
        assert isinstance(value, str)


def test_error_bodies_we_send_fit_the_documented_schema(client: TestClient) -> None:
    schema = DOCUMENT["components"]["schemas"]["OperationOutcome"]
    for response in (
        client.post("/cds-services/no-such-service", json={}),
        client.post("/cds-services/spinal-metastases-order-sign", json=[1]),
        client.get("/fhir/CodeSystem/no-such-code-system"),
    ):
        assert response.headers["content-type"].startswith("application/fhir+json")
        fits_schema(schema, response.json())
