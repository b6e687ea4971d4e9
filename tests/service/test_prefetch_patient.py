"""Prefetched and fetched resources must be about the context's patient (spec § Prefetch).

A resource whose `subject` or `patient` names another Patient is left out and the key is
marked incomplete, so another patient's record never becomes this patient's facts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app
from service.prefetch import names_another_patient

BASE = "https://fhir.hospital.example/r4"
SIGN = "/cds-services/spinal-metastases-order-sign"


def _request(scenario: str) -> dict[str, Any]:
    text = (FIXTURES / "spinal-metastases-order-sign" / f"{scenario}.request.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _foreign_conditions() -> list[dict[str, Any]]:
    """pat-spine-01's Conditions, among them suspected MESCC: they would fire an MRI card."""
    entries: list[dict[str, Any]] = _request("mescc-suspected-12h")["prefetch"]["conditions"][
        "entry"
    ]
    return entries


def test_prefetched_conditions_of_another_patient_fire_no_card(client: TestClient) -> None:
    body = _request("no-cancer-no-suspicion-no-card")
    assert body["context"]["patientId"] != "pat-spine-01"
    body["prefetch"]["conditions"]["entry"] += _foreign_conditions()
    response = client.post(SIGN, json=body)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_a_resource_of_another_patient_marks_its_key_incomplete(client: TestClient) -> None:
    body = _request("mescc-suspected-12h")
    for entry in body["prefetch"]["conditions"]["entry"]:
        if entry["resource"]["id"].endswith("-mescc"):
            entry["resource"]["subject"] = {"reference": "Patient/someone-else"}
    card = client.post(SIGN, json=body).json()["cards"][0]
    assert "gegevens onvolledig" in card["summary"]  # the MESCC of someone else did not count
    assert "niet alle gegevens konden worden gelezen (`conditions`)" in card["detail"]


def test_fetched_resources_of_another_patient_are_left_out_too() -> None:
    body = _request("no-cancer-no-suspicion-no-card")
    conditions = body["prefetch"].pop("conditions")
    conditions["entry"] += _foreign_conditions()
    with (
        respx.mock(base_url=BASE, assert_all_called=False) as fhir,
        TestClient(fixture_app(fhir_server_allowlist=[BASE])) as client,
    ):
        fhir.get("/Condition").respond(200, json=conditions)
        response = client.post(SIGN, json=body)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


@pytest.mark.parametrize(
    ("resource", "other"),
    [
        ({"subject": {"reference": "Patient/p-1"}}, False),
        ({"subject": {"reference": "https://fhir.example/r4/Patient/p-1"}}, False),
        ({"subject": {"reference": "Patient/p-1/_history/3"}}, False),
        ({"patient": {"reference": " Patient/p-1 "}}, False),
        ({"subject": {"reference": "Patient/p-2"}}, True),
        ({"patient": {"reference": "https://fhir.example/r4/Patient/p-2/_history/1"}}, True),
        ({"subject": {"reference": "Patient/p-1"}, "patient": {"reference": "Patient/p-2"}}, True),
        ({"subject": {"reference": "Group/g-1"}}, False),
        ({"subject": {"reference": "urn:uuid:0d3b"}}, False),
        ({"subject": {"identifier": {"value": "123"}}}, False),
        ({"subject": "Patient/p-2"}, False),  # not a Reference: nothing we can read
        ({"resourceType": "Patient", "id": "p-1"}, False),
        ({}, False),
    ],
)
def test_which_references_name_another_patient(resource: dict[str, Any], other: bool) -> None:
    assert names_another_patient(resource, "p-1") is other
