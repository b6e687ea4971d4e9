"""Edits to the EHR's draft orders change only what we mean to change, whatever the order holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app, load
from hooks.orders import with_deadline

START = datetime(2026, 11, 23, 10, tzinfo=UTC)
END = datetime(2026, 11, 23, 22, tzinfo=UTC)


@pytest.mark.parametrize("period", ["2026-11-24", 5, [1], None])
def test_a_malformed_occurrence_period_is_replaced_not_fatal(period: Any) -> None:
    order = {"resourceType": "ServiceRequest", "id": "o", "occurrencePeriod": period, "note": [1]}
    updated = with_deadline(order, "stat", START, END)
    assert updated["occurrencePeriod"] == {
        "start": "2026-11-23T10:00:00+00:00",
        "end": "2026-11-23T22:00:00+00:00",
    }
    assert updated["note"] == [1]  # the rest of the EHR's JSON as it came


def test_the_service_answers_an_order_whose_period_is_a_bare_date() -> None:
    body = load(
        FIXTURES / "spinal-metastases-order-sign" / "bilateral-radicular-pain-12h.request.json"
    )
    for entry in body["context"]["draftOrders"]["entry"]:
        entry["resource"]["occurrencePeriod"] = "2026-11-24"
    with TestClient(fixture_app()) as client:
        response = client.post("/cds-services/spinal-metastases-order-sign", json=body)
    assert response.status_code == 200
    assert response.json()["cards"][0]["indicator"] == "critical"
