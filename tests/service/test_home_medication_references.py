"""Home medication naming its medicine by reference (MP9): the spinal service reads the
Medication from `fhirServer` when the prefetch does not carry it, and says what it could not."""

from __future__ import annotations

import copy
from typing import Any

import respx
from fastapi.testclient import TestClient

from tests.service.fhir_support import SIGN, fixture_request

SCENARIO = "steroid-mescc-anticoagulant-referenced-medication-ppi"
MEDICATION_ID = "pat-home-04-acenocoumarol"
TOKEN = "opaque-token-6f1e"


def _request(*, with_medication: bool = False) -> dict[str, Any]:
    """The fixture, its Medication left out of the prefetch unless asked for."""
    body = fixture_request(SCENARIO)
    statements = body["prefetch"]["medicationStatements"]
    if not with_medication:
        statements["entry"] = [
            e for e in statements["entry"] if e["resource"]["resourceType"] != "Medication"
        ]
    return body


def _medication() -> dict[str, Any]:
    entries = fixture_request(SCENARIO)["prefetch"]["medicationStatements"]["entry"]
    return copy.deepcopy(
        next(e["resource"] for e in entries if e["resource"]["resourceType"] == "Medication")
    )


def _ppi_card(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return next(c for c in cards if c["source"]["topic"]["code"] == "SM-CS03")


def test_a_medication_in_the_prefetch_is_not_read(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    route = fhir.get(url__regex=r".*").respond(500)
    card = _ppi_card(fhir_client.post(SIGN, json=_request(with_medication=True)))
    assert not route.called
    assert "gebruik van anticoagulantia: **ja**" in card["detail"]


def test_a_referenced_medication_not_prefetched_is_read_with_the_token(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = _request()
    body["fhirAuthorization"] = {
        "access_token": TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/MedicationStatement.read patient/Medication.read",
        "subject": "metastasis-cds",
    }
    route = fhir.get(f"/Medication/{MEDICATION_ID}").respond(200, json=_medication())
    card = _ppi_card(fhir_client.post(SIGN, json=body))
    assert route.call_count == 1
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert card["summary"].startswith("Risicofactor bij dexamethason")
    assert f"(via Medication/{MEDICATION_ID})" in card["detail"]
    assert "Let op" not in card["detail"]


def test_a_medication_that_does_not_exist_leaves_the_record_named_and_unknown(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    fhir.get(f"/Medication/{MEDICATION_ID}").respond(404)
    card = _ppi_card(fhir_client.post(SIGN, json=_request()))
    assert "gebruik van anticoagulantia: **onbekend** — MedicationStatement/" in card["detail"]
    assert f"Medication/{MEDICATION_ID} niet gevonden" in card["detail"]
    assert "`medicationStatements`" not in card["detail"]  # nothing failed: it is not there


def test_a_read_that_fails_marks_the_list_incomplete(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    fhir.get(f"/Medication/{MEDICATION_ID}").respond(503)
    card = _ppi_card(fhir_client.post(SIGN, json=_request()))
    assert "gebruik van anticoagulantia: **onbekend**" in card["detail"]
    assert "`medicationStatements`" in card["detail"]  # the missing-data line names the list


def test_a_read_that_answers_another_resource_is_not_used(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    other = {**_medication(), "id": "someone-elses"}
    fhir.get(f"/Medication/{MEDICATION_ID}").respond(200, json=other)
    card = _ppi_card(fhir_client.post(SIGN, json=_request()))
    assert "gebruik van anticoagulantia: **onbekend**" in card["detail"]
    assert "`medicationStatements`" in card["detail"]


def test_no_read_from_a_server_that_is_not_allowed(
    client: TestClient, fhir: respx.MockRouter
) -> None:
    """Local demo mode without an allow-list: the reference is named, nothing is called."""
    route = fhir.get(url__regex=r".*").respond(200, json=_medication())
    card = _ppi_card(client.post(SIGN, json=_request()))
    assert not route.called
    assert "gebruik van anticoagulantia: **onbekend**" in card["detail"]
    assert "`medicationStatements`" in card["detail"]
