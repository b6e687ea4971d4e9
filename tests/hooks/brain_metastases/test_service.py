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


def _patient_view(client: TestClient, scenario: str, language: str = "nl") -> dict[str, Any]:
    request = fixture("brain-metastases-patient-view", scenario)
    cards = client.post(PV, json=request, headers={"Accept-Language": language}).json()["cards"]
    assert len(cards) == 1
    card: dict[str, Any] = cards[0]
    return card


def _why(detail: str, rule: str) -> str:
    """The why-trace block of one rule."""
    start = detail.index(f"(`{rule}`):")
    return detail[start : detail.index("\n\n>", start)]


def test_egfr_variant_in_nsclc_adds_bm06_with_the_finding_and_its_record(
    client: TestClient,
) -> None:
    card = _patient_view(client, "nsclc-egfr-variant-present-weigh")
    detail = card["detail"]
    assert card["source"]["topic"]["code"] == "BM-01"
    # BM-04 as it was: checkpoint inhibitors named for NSCLC, condition met
    assert "- `BM-04` Immuuntherapie met immuuncheckpointremmers (bij NSCLC)" in detail
    assert "*voorwaarde vervuld volgens het dossier*" in detail
    assert "- EGFR (HGNC:3236): **aanwezig** — Observation/pat-brain-13-egfr (2026-09-15)" in detail
    assert "`BM-06` **Laat de verschillen in responskans" in detail
    assert "noemt de bron niet welke moleculaire veranderingen" in detail
    assert "multidisciplinair overleg (MDO)" in detail
    why = _why(detail, "BM-06")
    assert "Observation/pat-brain-13-egfr (2026-09-15)" in why
    assert "Condition/pat-brain-13-primary" in why
    assert "melanoom" not in why  # the melanoma branch is not what BM-06 rests on here
    assert "responskans, tijd tot respons en responsduur" in detail  # the quote
    assert card["suggestions"][0]["label"].startswith("Vraag multidisciplinair overleg aan")


def test_egfr_variant_card_in_english(client: TestClient) -> None:
    detail = _patient_view(client, "nsclc-egfr-variant-present-weigh", "en")["detail"]
    assert "- EGFR (HGNC:3236): **present**" in detail
    assert "the source does not name which molecular alterations" in detail
    assert "multidisciplinary meeting (MDT)" in detail


def test_an_absent_variant_is_listed_and_weighs_nothing(client: TestClient) -> None:
    detail = _patient_view(client, "nsclc-egfr-variant-absent-listed")["detail"]
    assert "- EGFR (HGNC:3236): **afwezig** — Observation/pat-brain-14-egfr" in detail
    assert "`BM-06` **" not in detail  # no weighing
    assert "(`BM-06`)" not in detail  # and no why-trace for it
    assert "noemt de bron niet welke" not in detail
    # the genes without a result stay unknown: BM-06 only as "if the record confirms it"
    assert "`BM-06` Als het dossier dit bevestigt:" in detail
    assert "onbekend, niet negatief" in detail


def test_a_fully_absent_listed_panel_brings_no_bm06_at_all(client: TestClient) -> None:
    detail = _patient_view(client, "nsclc-variant-panel-all-absent-no-weighing")["detail"]
    assert detail.count("**afwezig**") == 6
    assert "BM-06" not in detail
    assert "BM-07" not in detail  # the profile is known


def test_text_match_and_unlisted_gene_are_marked(client: TestClient) -> None:
    detail = _patient_view(client, "nsclc-gene-as-text-and-unlisted-gene")["detail"]
    assert "- ALK: **aanwezig** — Observation/pat-brain-17-alk (2026-09-15) *(tekstmatch" in detail
    assert "- HGNC:9967 (in het dossier: RET): **aanwezig**" in detail
    assert "niet meegeteld voor BM-06" in detail
    assert "Observation/pat-brain-17-ret" not in _why(detail, "BM-06")


def test_melanoma_braf_card_shows_no_nsclc_findings(client: TestClient) -> None:
    detail = _patient_view(client, "melanoma-braf-mutated-symptomatic")["detail"]
    assert "Moleculaire bevindingen" not in detail
    assert "noemt de bron niet welke" not in detail
    assert "NSCLC" not in _why(detail, "BM-06")


def test_checkpoint_inhibitor_order_in_nsclc_with_a_variant_weighs_it(client: TestClient) -> None:
    request = fixture("brain-metastases-order-sign", "pembrolizumab-nsclc-egfr-variant-weigh")
    (card,) = client.post(SIGN, json=request).json()["cards"]
    assert card["source"]["topic"]["code"] == "BM-06"
    assert card["summary"].startswith("Hersenmetastasen, NSCLC met vastgelegde variant")
    assert "- EGFR (HGNC:3236): **aanwezig** — Observation/pat-brain-16-egfr" in card["detail"]
    assert "Observation/pat-brain-16-egfr" in _why(card["detail"], "BM-06")
    assert "Order: Pembrolizumab infusie." in card["detail"]


def test_a_malformed_observation_does_not_sink_the_molecular_findings(client: TestClient) -> None:
    request = fixture("brain-metastases-patient-view", "nsclc-egfr-variant-present-weigh")
    entries = request["prefetch"]["observations"]["entry"]
    variant_code = {"coding": [{"system": "http://loinc.org", "code": "69548-6"}]}
    bad = {"resourceType": "Observation", "id": "bad", "code": variant_code, "component": 7}
    entries.insert(0, {"resource": bad})
    detail = client.post(PV, json=request).json()["cards"][0]["detail"]
    assert "- EGFR (HGNC:3236): **aanwezig**" in detail
    assert "`BM-06` **Laat" in detail
