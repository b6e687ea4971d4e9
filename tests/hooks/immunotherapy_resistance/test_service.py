"""The research-news services over HTTP: labelled as research, never an order, no card off-topic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from hooks.immunotherapy_resistance import service
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from tests.hooks.policy_said import said


def fixture(service_id: str, scenario: str) -> dict[str, Any]:
    path = Path(FIXTURES) / service_id / f"{scenario}.request.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_card_is_labelled_research_news_in_summary_and_detail(client: TestClient) -> None:
    sid = "immunotherapy-resistance-patient-view"
    card = client.post(
        f"/cds-services/{sid}", json=fixture(sid, "nsclc-low-tmb-on-pembrolizumab")
    ).json()["cards"][0]
    assert card["summary"].startswith("Onderzoeksnieuws, geen richtlijn")
    assert "Soort bron: onderzoeksnieuws, geen richtlijn" in card["detail"]
    assert card["indicator"] == "info"
    assert "suggestions" not in card
    assert said("CDS_IO_TMB_LOW_BELOW", card["detail"])
    assert "`IO-01`" in card["detail"]


def test_english_summary_is_labelled_too(client: TestClient) -> None:
    sid = "immunotherapy-resistance-order-sign"
    card = client.post(
        f"/cds-services/{sid}",
        json=fixture(sid, "nivolumab-order-wnt-pathway-mutation"),
        headers={"Accept-Language": "en"},
    ).json()["cards"][0]
    assert card["summary"].startswith("Research news, not a guideline")
    assert "Kind of source: research news, not a guideline" in card["detail"]


@pytest.mark.parametrize(
    ("sid", "scenario"),
    [
        ("immunotherapy-resistance-patient-view", "nsclc-hot-tumour-on-pembrolizumab-no-card"),
        ("immunotherapy-resistance-patient-view", "cold-nsclc-not-on-pd1-inhibitor-no-card"),
        ("immunotherapy-resistance-patient-view", "nsclc-on-pembrolizumab-markers-unknown-no-card"),
        (
            "immunotherapy-resistance-order-select",
            "pembrolizumab-order-small-cell-lung-cancer-no-card",
        ),
        ("immunotherapy-resistance-order-sign", "durvalumab-pd-l1-inhibitor-order-no-card"),
    ],
)
def test_no_card(client: TestClient, sid: str, scenario: str) -> None:
    assert client.post(f"/cds-services/{sid}", json=fixture(sid, scenario)).json() == {"cards": []}


def test_markers_unknown_card_only_when_the_site_asks(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = "immunotherapy-resistance-patient-view"
    request = fixture(sid, "nsclc-on-pembrolizumab-markers-unknown-no-card")
    on = ImmunotherapyPolicy(show_when_markers_unknown=True)
    monkeypatch.setattr(service, "get_policy", lambda: on)
    card = client.post(f"/cds-services/{sid}", json=request).json()["cards"][0]
    assert card["summary"].endswith("kenmerken onbekend")
    assert said("CDS_IO_SHOW_WHEN_MARKERS_UNKNOWN", card["detail"])


def test_pd1_atc_setting_decides_which_orders_are_relevant(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = "immunotherapy-resistance-order-sign"
    request = fixture(sid, "durvalumab-pd-l1-inhibitor-order-no-card")
    monkeypatch.setattr(service, "get_policy", lambda: ImmunotherapyPolicy(pd1_atc=("L01FF",)))
    cards = client.post(f"/cds-services/{sid}", json=request).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == ["IO-02"]
