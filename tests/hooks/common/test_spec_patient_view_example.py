"""The spec's patient-view example against our patient-view services: a defined 412, not a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import spec_example

PATIENT_VIEW = [
    "brain-metastases-patient-view",
    "liver-metastases-patient-view",
    "neuroendocrine-liver-metastases-patient-view",
    "immunotherapy-resistance-patient-view",
]


@pytest.mark.parametrize("service_id", PATIENT_VIEW)
def test_example_without_conditions_and_with_an_unlisted_fhir_server_is_412(
    client: TestClient, service_id: str
) -> None:
    response = client.post(
        f"/cds-services/{service_id}", json=spec_example("request-patient-view.json")
    )
    assert response.status_code == 412
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert "allow-list" in body["issue"][0]["diagnostics"]
    assert "some-opaque-fhir-access-token" not in response.text


@pytest.mark.parametrize("service_id", PATIENT_VIEW)
def test_example_with_an_empty_conditions_prefetch_has_no_cards(
    client: TestClient, service_id: str
) -> None:
    request = spec_example("request-patient-view.json")
    request["prefetch"]["conditions"] = None  # spec: null = the EHR has no such data
    response = client.post(f"/cds-services/{service_id}", json=request)
    assert response.status_code == 200
    assert response.json() == {"cards": []}
