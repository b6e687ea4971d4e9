"""Tolerant in what we read: what the sandbox and real EHRs send must still get cards."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from fixtures.build import FIXTURES

SIGN = "/cds-services/spinal-metastases-order-sign"


def _request() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (FIXTURES / "spinal-metastases-order-sign" / "lhermitte-12h.request.json").read_text()
    )
    return loaded


def test_sandbox_shape_draft_orders_without_type_and_unknown_members(client: TestClient) -> None:
    body = _request()
    del body["context"]["draftOrders"]["type"]
    body["extension"] = {"com.example.timestamp": "2017-11-27T22:13:25Z"}
    body["context"]["com.vendor.extra"] = {"anything": True}
    body["unknownTopLevel"] = [1, 2, 3]
    body["prefetch"]["conditions"]["entry"][0]["resource"]["someVendorElement"] = "x"
    response = client.post(SIGN, json=body)
    assert response.status_code == 200
    assert response.json()["cards"][0]["source"]["topic"]["code"] == "SM-MRI-12h"


def test_prefetch_keys_silently_dropped_and_no_fhir_authorization(client: TestClient) -> None:
    body = _request()
    del body["prefetch"]["medications"]
    del body["prefetch"]["procedures"]
    del body["fhirServer"]
    response = client.post(SIGN, json=body)
    assert response.status_code == 200
    card = response.json()["cards"][0]
    assert card["source"]["topic"]["code"] == "SM-MRI-12h"
    assert "(`medications`, `procedures`)" in card["detail"]


def test_fhir_json_content_type_is_accepted(client: TestClient) -> None:
    response = client.post(
        SIGN,
        content=json.dumps(_request()),
        headers={"Content-Type": "application/fhir+json; charset=utf-8"},
    )
    assert response.status_code == 200
