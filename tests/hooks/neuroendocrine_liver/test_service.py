"""The NET service over HTTP: information only, thesis strength, no card outside the topic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES

SERVICE = "neuroendocrine-liver-metastases-patient-view"
PV = f"/cds-services/{SERVICE}"


def fixture(scenario: str) -> dict[str, Any]:
    path = Path(FIXTURES) / SERVICE / f"{scenario}.request.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_information_card_without_orders(client: TestClient) -> None:
    request = fixture("functioning-net-liver-metastases-on-lutetium-dotatate")
    card = client.post(PV, json=request).json()["cards"][0]
    assert card["indicator"] == "info"
    assert card["source"]["topic"]["code"] == "NET-01"
    assert "suggestions" not in card
    assert "proefschrift" in card["summary"]
    assert "Soort bron: proefschrift" in card["detail"]
    for rule in ("NET-02", "NET-03", "NET-04"):
        assert f"`{rule}`" in card["detail"]
    assert "20-30%" in card["detail"]


def test_functioning_unknown_is_said_not_assumed(client: TestClient) -> None:
    card = client.post(PV, json=fixture("net-liver-metastases-functioning-unknown")).json()[
        "cards"
    ][0]
    assert "`NET-02`" in card["detail"]
    assert "onbekend in het dossier" in card["detail"]
    assert "`NET-04`" not in card["detail"]


@pytest.mark.parametrize(
    "scenario",
    [
        "net-without-liver-metastases-no-card",
        "colorectal-adenocarcinoma-liver-metastases-not-net-no-card",
    ],
)
def test_no_card(client: TestClient, scenario: str) -> None:
    assert client.post(PV, json=fixture(scenario)).json() == {"cards": []}


def test_english_card_states_thesis_strength(client: TestClient) -> None:
    request = fixture("functioning-net-liver-metastases-on-lutetium-dotatate")
    card = client.post(PV, json=request, headers={"Accept-Language": "en"}).json()["cards"][0]
    assert "Kind of source: thesis" in card["detail"]
    assert card["summary"].startswith("NET with liver metastases")
