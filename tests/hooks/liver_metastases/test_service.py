"""The liver-metastases service over HTTP: referral, follow-up, site settings, no-card cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.servicerequest import ServiceRequest

from fixtures.build import FIXTURES
from hooks.liver_metastases import service
from hooks.liver_metastases.policy import LiverPolicy
from tests.hooks.policy_said import said

PV = "/cds-services/liver-metastases-patient-view"


def fixture(scenario: str) -> dict[str, Any]:
    path = Path(FIXTURES) / "liver-metastases-patient-view" / f"{scenario}.request.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_referral_offers_verwijzing_or_beoordeling_as_valid_service_requests(
    client: TestClient,
) -> None:
    card = client.post(PV, json=fixture("colorectal-liver-metastases-refer-to-panel")).json()[
        "cards"
    ][0]
    assert card["source"]["topic"]["code"] == "LM-03"
    assert card["selectionBehavior"] == "at-most-one"
    kinds = []
    for suggestion in card["suggestions"]:
        resource = suggestion["actions"][0]["resource"]
        ServiceRequest.model_validate(resource)
        kinds.append(resource["orderDetail"][0]["text"])
        assert resource["performer"][0]["reference"] == "#liver-panel"
        assert resource["contained"][0]["telecom"][0]["value"] == "Leverpanel@lumc.nl"
        assert "LM-04" in resource["note"][0]["text"]
    assert kinds == ["Verwijzing", "Beoordeling"]
    for rule in ("LM-04", "LM-05", "LM-06", "LM-10", "LM-11", "LM-12"):
        assert f"`{rule}`" in card["detail"]
    assert "Soort bron: zorgpad ziekenhuis" in card["detail"]
    assert "iedere dinsdag om 15.30 uur" in card["detail"]
    assert said("CDS_LIVER_PANEL_NAME", card["detail"])


def test_site_settings_replace_the_lumc_defaults(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = LiverPolicy(
        panel_name="Leverpanel Ziekenhuis Oost",
        panel_email="leverpanel@oost.example",
        panel_meeting_nl="iedere donderdag om 8.00 uur",
    )
    monkeypatch.setattr(service, "get_policy", lambda: site)
    card = client.post(PV, json=fixture("colorectal-liver-metastases-refer-to-panel")).json()[
        "cards"
    ][0]
    assert "Leverpanel Ziekenhuis Oost" in card["summary"]
    assert "iedere donderdag om 8.00 uur" in card["detail"]
    resource = card["suggestions"][0]["actions"][0]["resource"]
    assert resource["contained"][0]["name"] == "Leverpanel Ziekenhuis Oost"
    assert "lumc.nl" not in json.dumps(resource)


def test_follow_up_suggestion_repeats_every_4_months_for_2_years(client: TestClient) -> None:
    card = client.post(PV, json=fixture("after-resection-follow-up-every-4-months")).json()[
        "cards"
    ][0]
    assert card["source"]["topic"]["code"] == "LM-13"
    resource = card["suggestions"][0]["actions"][0]["resource"]
    ServiceRequest.model_validate(resource)
    repeat = resource["occurrenceTiming"]["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (1, 4, "mo")
    assert repeat["boundsPeriod"] == {"start": "2026-03-10", "end": "2028-03-10"}
    assert "10 mrt 2028" in card["summary"]


def test_warning_signs_after_treatment_are_a_warning_without_a_duplicate_ct(
    client: TestClient,
) -> None:
    card = client.post(PV, json=fixture("after-ablation-fever-recorded-warning")).json()["cards"][0]
    assert card["indicator"] == "warning"
    assert card["source"]["topic"]["code"] == "LM-14"
    assert "suggestions" not in card  # a follow-up CT is already ordered
    assert "112" in card["detail"]


@pytest.mark.parametrize(
    "scenario",
    [
        "referral-already-in-record-no-card",
        "no-liver-metastases-no-card",
        "liver-metastasis-entered-in-error-no-card",
    ],
)
def test_no_card(client: TestClient, scenario: str) -> None:
    assert client.post(PV, json=fixture(scenario)).json() == {"cards": []}


def test_risk_reminder_only_when_the_site_switches_it_on(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = fixture("no-liver-metastases-no-card")
    assert client.post(PV, json=request).json() == {"cards": []}
    monkeypatch.setattr(service, "get_policy", lambda: LiverPolicy(risk_reminder=True))
    card = client.post(PV, json=request).json()["cards"][0]
    assert card["source"]["topic"]["code"] == "LM-01"
    assert said("CDS_LIVER_RISK_REMINDER", card["detail"])


def test_english_card(client: TestClient) -> None:
    response = client.post(
        PV,
        json=fixture("colorectal-liver-metastases-refer-to-panel"),
        headers={"Accept-Language": "en"},
    )
    card = response.json()["cards"][0]
    assert card["summary"].startswith("Liver metastases: refer to LUMC Leverpanel")
    assert "Kind of source: hospital care pathway" in card["detail"]
