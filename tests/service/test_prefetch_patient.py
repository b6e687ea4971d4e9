"""Prefetched and fetched resources must be about the context's patient (spec § Prefetch).

A resource whose `subject` or `patient` names another Patient is left out and the key is
marked incomplete, so another patient's record never becomes this patient's facts.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app
from service.prefetch_entries import names_another_patient

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


_OLD_PATIENT_REFERENCE = re.compile(r"(?:^|/)Patient/([^/?#]+)(?:/_history/[^/?#]+)?$")


def _by_the_pattern_only(resource: dict[str, Any], patient_id: str) -> bool:
    """The check as it was before its fast path for the exact `Patient/{id}`: the reference."""
    for element in ("subject", "patient"):
        reference = resource.get(element)
        if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
            continue
        named = _OLD_PATIENT_REFERENCE.search(reference["reference"].strip())
        if named is not None and named.group(1) != patient_id:
            return True
    return False


# Context ids: FHIR ids (the fast path applies) and others it must leave to the pattern.
_IDS = ("p-1", "p-2", "P.1", "x/Patient/y", "p-1 ", " p-1", "p-1\n", "a?b", "a#b", "", "ü")
_REFERENCE_TEXTS = (
    "Patient/{id}",
    " Patient/{id} ",
    "Patient/{id}\n",
    "Patient/{id}/_history/2",
    "https://fhir.example/r4/Patient/{id}",
    "https://fhir.example/r4/Patient/{id}/_history/7",
    "Patient/{id}x",
    "xPatient/{id}",
    "Group/{id}",
    "Patient/p-2",
    "Patient/y",
    "Patient/",
    "patient/{id}",
)


@pytest.mark.parametrize("patient_id", _IDS)
@pytest.mark.parametrize("element", ["subject", "patient"])
def test_the_exact_reference_fast_path_decides_as_the_pattern_does(
    patient_id: str, element: str
) -> None:
    """Exact, relative with history and absolute references, for ids inside and outside FHIR's."""
    for reference_id in _IDS:
        for text in _REFERENCE_TEXTS:
            resource = {element: {"reference": text.format(id=reference_id)}}
            expected = _by_the_pattern_only(resource, patient_id)
            assert names_another_patient(resource, patient_id) is expected, resource


def test_an_exact_reference_to_this_patient_does_not_hide_another_in_the_other_element() -> None:
    both = {"subject": {"reference": "Patient/p-1"}, "patient": {"reference": "Patient/p-2"}}
    assert names_another_patient(both, "p-1") is True
    assert names_another_patient({**both, "patient": {"reference": "Patient/p-1"}}, "p-1") is False


def test_a_context_id_outside_fhir_ids_is_still_read_by_the_pattern() -> None:
    # `Patient/x/Patient/y` ends in `Patient/y`: another patient than `x/Patient/y`, although
    # the text is exactly `Patient/` + the context's id.
    assert names_another_patient({"subject": {"reference": "Patient/x/Patient/y"}}, "x/Patient/y")
    assert names_another_patient({"subject": {"reference": "Patient/p-1 "}}, "p-1 ")


@pytest.mark.parametrize(
    "reference",
    [
        "Patient/someone-else",
        "Patient/someone-else/_history/2",
        "https://fhir.hospital.example/r4/Patient/someone-else",
    ],
)
def test_prefetched_resources_of_another_patient_are_left_out_beside_exact_references(
    client: TestClient, reference: str
) -> None:
    """The call keeps the exact `Patient/{id}` resources and drops the other patient's."""
    body = _request("mescc-suspected-12h")
    patient_id = body["context"]["patientId"]
    entries = body["prefetch"]["conditions"]["entry"]
    assert all(e["resource"]["subject"]["reference"] == f"Patient/{patient_id}" for e in entries)
    for entry in entries:
        if entry["resource"]["id"].endswith("-mescc"):
            entry["resource"]["subject"] = {"reference": reference}
    card = client.post(SIGN, json=body).json()["cards"][0]
    assert "gegevens onvolledig" in card["summary"]
    assert "niet alle gegevens konden worden gelezen (`conditions`)" in card["detail"]
