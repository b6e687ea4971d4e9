"""Unreadable is not empty: a prefetch value or FHIR answer we cannot read makes its key
unavailable, as a missing key does (service/searchset.py), never "no diagnoses"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from service.searchset import unreadable
from tests.fhir_test_server import RunningFhirServer
from tests.service.fhir_support import BASE, SIGN, fixture_request

NOT_CHECKED = "Wervelmetastasen: diagnoses niet leesbaar, order niet aan de richtlijn getoetst"
CONDITIONS = "Condition?patient={{context.patientId}}"
PATIENT_VIEW = "/cds-services/spinal-metastases-patient-view"

UNREADABLE = [
    pytest.param("junk", id="a-string"),
    pytest.param([{"resourceType": "Condition"}], id="an-array"),
    pytest.param({"resourceType": "Patient", "id": "pat-spine-03"}, id="a-patient-resource"),
    pytest.param({"resourceType": 7}, id="no-resource-type"),
    pytest.param({"resourceType": "Bundle", "entry": {"resource": {}}}, id="entry-not-a-list"),
    pytest.param(
        {"resourceType": "Bundle", "entry": [{"resource": "x"}, {"resource": {"code": 1}}, 3]},
        id="every-entry-malformed",
    ),
    pytest.param(
        {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}]},
        id="a-bundle-of-patients",
    ),
]


def _summaries(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [card["summary"] for card in response.json()["cards"]]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(fixture_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("value", UNREADABLE)
def test_unreadable_conditions_give_the_not_checked_card(client: TestClient, value: Any) -> None:
    body = fixture_request()
    body["prefetch"]["conditions"] = value
    assert _summaries(client.post(SIGN, json=body)) == [NOT_CHECKED]


@pytest.mark.parametrize("value", UNREADABLE)
def test_unreadable_conditions_on_patient_view_are_412(client: TestClient, value: Any) -> None:
    body = fixture_request()
    body["hook"] = "patient-view"
    body["context"] = {"patientId": "pat-spine-03", "userId": "Practitioner/prac-01"}
    body["prefetch"] = {"conditions": value}
    response = client.post(PATIENT_VIEW, json=body)
    assert response.status_code == 412, response.text
    assert "the prefetch is" in response.json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize("value", UNREADABLE)
def test_unreadable_prefetch_is_fetched_from_the_fhir_server(value: Any) -> None:
    body = fixture_request()
    conditions = body["prefetch"]["conditions"]
    body["prefetch"]["conditions"] = value
    with (
        respx.mock(base_url=BASE, assert_all_called=False) as fhir,
        TestClient(fixture_app(fhir_server_allowlist=[BASE])) as client,
    ):
        route = fhir.get("/Condition", params={"patient": "pat-spine-03"}).respond(
            200, json=conditions
        )
        response = client.post(SIGN, json=body)
    assert route.call_count == 1
    assert response.json()["cards"][0]["source"]["topic"]["code"] == "SM-MRI-12h"


@pytest.mark.parametrize("fault", ["patient", "array", "html"])
def test_a_wrong_type_fhir_answer_is_not_no_diagnoses(
    fhir_test_server: RunningFhirServer, fault: Any
) -> None:
    body = fixture_request()
    del body["prefetch"]["conditions"]
    body["fhirServer"] = fhir_test_server.base_url
    app = fixture_app(fhir_server_allowlist=[fhir_test_server.base_url])
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        fhir_test_server.faults(wrong_type=fault, types=frozenset({"Condition"})),
    ):
        assert _summaries(client.post(SIGN, json=body)) == [NOT_CHECKED]


def test_a_junk_bundle_from_the_fhir_server_is_not_no_diagnoses() -> None:
    body = fixture_request()
    del body["prefetch"]["conditions"]
    junk = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": "x"}]}
    with (
        respx.mock(base_url=BASE, assert_all_called=False) as fhir,
        TestClient(fixture_app(fhir_server_allowlist=[BASE])) as client,
    ):
        fhir.get("/Condition").respond(200, json=junk)
        assert _summaries(client.post(SIGN, json=body)) == [NOT_CHECKED]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="null"),
        pytest.param({"resourceType": "Bundle"}, id="bundle-without-entry"),
        pytest.param({"resourceType": "Bundle", "entry": []}, id="empty-bundle"),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [{"resource": "x"}, {"resource": {"resourceType": "Condition"}}],
            },
            id="one-good-entry-among-junk",
        ),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [
                    {"resource": {"resourceType": "Medication"}},
                    {"resource": {"resourceType": "Condition"}},
                ],
            },
            id="included-resources-beside-the-asked-type",
        ),
    ],
)
def test_no_data_and_partly_malformed_data_stay_readable(value: Any) -> None:
    assert unreadable(value, CONDITIONS) is None


def test_a_read_template_wants_its_own_resource_type() -> None:
    assert (
        unreadable({"resourceType": "Patient", "id": "p"}, "Patient/{{context.patientId}}") is None
    )
    assert unreadable({"resourceType": "Group"}, "Patient/{{context.patientId}}") is not None
