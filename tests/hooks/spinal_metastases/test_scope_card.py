"""Without readable Conditions the guideline's scope is unknown: say so, never answer silence."""

from __future__ import annotations

from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app, load

ORDER_SIGN = FIXTURES / "spinal-metastases-order-sign" / "lhermitte-12h.request.json"
PATIENT_VIEW = (
    FIXTURES / "spinal-metastases-patient-view" / "after-surgery-follow-up-and-taper.request.json"
)


def test_an_mri_order_without_readable_conditions_gets_a_card_that_says_it_was_not_checked() -> (
    None
):
    body = load(ORDER_SIGN)
    del body["prefetch"]["conditions"]
    body.pop("fhirServer", None)
    with TestClient(fixture_app()) as client:
        response = client.post("/cds-services/spinal-metastases-order-sign", json=body)
    assert response.status_code == 200
    [card] = response.json()["cards"]
    assert card["indicator"] == "warning"
    assert card["summary"].startswith("Wervelmetastasen: diagnoses niet leesbaar")
    assert "`conditions`" in card["detail"]


def test_patient_view_without_readable_conditions_is_412_not_an_empty_answer() -> None:
    body = load(PATIENT_VIEW)
    body["prefetch"]["conditions"] = {"resourceType": "OperationOutcome", "issue": []}
    body.pop("fhirServer", None)
    with TestClient(fixture_app()) as client:
        response = client.post("/cds-services/spinal-metastases-patient-view", json=body)
    assert response.status_code == 412
    assert response.json()["resourceType"] == "OperationOutcome"
