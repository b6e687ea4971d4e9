from __future__ import annotations

from fastapi.testclient import TestClient
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire

from hooks.input_contract import FACTS
from service.settings import PRODUCT_CANONICAL_BASE


def test_questionnaire_is_served_and_valid_fhir(client: TestClient) -> None:
    response = client.get("/fhir/Questionnaire/spinal-metastases-intake")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    questionnaire = Questionnaire.model_validate(response.json())
    assert [item.linkId for item in questionnaire.item or []] == [f.code for f in FACTS]
    assert questionnaire.url == f"{PRODUCT_CANONICAL_BASE}/Questionnaire/spinal-metastases-intake"


def test_code_systems_are_served_and_valid_fhir(client: TestClient) -> None:
    for cs_id in (
        "metastasis-cds-input",
        "metastasis-cds-rules",
        "metastasis-cds-override-reasons",
    ):
        response = client.get(f"/fhir/CodeSystem/{cs_id}")
        assert response.status_code == 200
        assert CodeSystem.model_validate(response.json()).concept
    rules = client.get("/fhir/CodeSystem/metastasis-cds-rules").json()
    assert "SM-MRI-12h" in {c["code"] for c in rules["concept"]}


def test_every_questionnaire_answer_code_resolves_in_the_code_system(client: TestClient) -> None:
    system = client.get("/fhir/CodeSystem/metastasis-cds-input").json()
    codes = {c["code"] for c in system["concept"]}
    questionnaire = client.get("/fhir/Questionnaire/spinal-metastases-intake").json()
    for item in questionnaire["item"]:
        assert item["code"][0]["code"] in codes
        for option in item.get("answerOption", []):
            if option["valueCoding"]["system"] == system["url"]:
                assert option["valueCoding"]["code"] in codes


def test_unknown_resource_is_404(client: TestClient) -> None:
    assert client.get("/fhir/Questionnaire/nope").status_code == 404


def test_questionnaire_uses_r4_item_types(client: TestClient) -> None:
    questionnaire = client.get("/fhir/Questionnaire/spinal-metastases-intake").json()
    r4_types = {"boolean", "choice", "dateTime", "integer", "quantity"}
    assert {item["type"] for item in questionnaire["item"]} <= r4_types
