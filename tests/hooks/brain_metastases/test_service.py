"""The brain-metastases services over HTTP: cards, no card when the topic does not apply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.servicerequest import ServiceRequest

from fixtures.build import FIXTURES

PV = "/cds-services/brain-metastases-patient-view"
SIGN = "/cds-services/brain-metastases-order-sign"


def fixture(service: str, scenario: str) -> dict[str, Any]:
    path = Path(FIXTURES) / service / f"{scenario}.request.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_patient_view_card_names_source_strength_and_no_dose(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "melanoma-braf-mutated-symptomatic")
    cards = client.post(PV, json=request).json()["cards"]
    assert len(cards) == 1
    card = cards[0]
    assert card["source"]["topic"]["code"] == "BM-01"
    assert "url" not in card["source"]
    for rule in ("BM-02", "BM-03", "BM-06"):
        assert f"`{rule}`" in card["detail"]
    assert "Soort bron: overzichtsartikel" in card["detail"]
    assert " mg" not in card["detail"]  # the article gives no dose, so neither do we


def test_mdt_suggestion_is_a_valid_r4_service_request(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "melanoma-braf-mutated-symptomatic")
    card = client.post(PV, json=request).json()["cards"][0]
    resource = card["suggestions"][0]["actions"][0]["resource"]
    ServiceRequest.model_validate(resource)
    assert resource["subject"] == {"reference": "Patient/pat-brain-01"}
    assert resource["reasonReference"] == [{"reference": "Condition/pat-brain-01-brain-met"}]
    assert "meta" not in resource


def test_profile_unknown_names_no_gene_the_source_does_not_name(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "nsclc-no-molecular-result-profile-unknown")
    card = client.post(PV, json=request).json()["cards"][0]
    assert "moleculair profiel onbekend" in card["summary"]
    assert "onbekend, niet negatief" in card["detail"]
    for gene in ("EGFR", "ALK", "ROS1", "KRAS", "MET", "RET"):
        assert gene not in card["detail"]


def test_english_cards(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "nsclc-no-molecular-result-profile-unknown")
    card = client.post(PV, json=request, headers={"Accept-Language": "en"}).json()["cards"][0]
    assert card["summary"].startswith("Brain metastases: multidisciplinary treatment decision")
    assert "Kind of source: review article" in card["detail"]


@pytest.mark.parametrize(
    "scenario", ["no-brain-metastases-no-card", "brain-metastasis-refuted-no-card"]
)
def test_no_card_when_the_topic_does_not_concern_the_patient(
    client: TestClient, scenario: str
) -> None:
    response = client.post(PV, json=fixture("brain-metastases-patient-view", scenario))
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_missing_observations_still_answer_and_say_so(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "melanoma-braf-mutated-symptomatic")
    del request["prefetch"]["observations"]
    del request["fhirServer"]
    card = client.post(PV, json=request).json()["cards"][0]
    assert "`observations`" in card["detail"]
    assert "`BM-07`" in card["detail"]  # no result could be read: the profile is unknown


def test_no_conditions_at_all_is_412(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "melanoma-braf-mutated-symptomatic")
    request["prefetch"] = {}
    del request["fhirServer"]
    response = client.post(PV, json=request)
    assert response.status_code == 412
    assert response.headers["content-type"].startswith("application/fhir+json")


def test_dexamethasone_order_card_gives_no_dose(client: TestClient) -> None:
    request = fixture("brain-metastases-order-select", "dexamethasone-symptomatic-no-dose")
    card = client.post("/cds-services/brain-metastases-order-select", json=request).json()["cards"][
        0
    ]
    assert card["source"]["topic"]["code"] == "BM-02"
    assert "suggestions" not in card
    assert "geen dosis" in card["summary"]


def test_unrelated_order_reads_no_patient_data(client: TestClient) -> None:
    request = fixture("brain-metastases-order-sign", "unrelated-order-no-card")
    request["prefetch"] = {}
    del request["fhirServer"]  # would be a 412 if the service tried to read data
    response = client.post(SIGN, json=request)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_one_card_per_relevant_order(client: TestClient) -> None:
    request = fixture("brain-metastases-order-sign", "dabrafenib-braf-melanoma-weigh")
    dex = {
        "resourceType": "MedicationRequest",
        "id": "dex",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB02"}]
        },
    }
    request["context"]["draftOrders"]["entry"].append({"resource": dex})
    cards = client.post(SIGN, json=request).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == ["BM-06", "BM-02"]
