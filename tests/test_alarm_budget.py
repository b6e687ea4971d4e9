"""The alarm budget (issue "Signal, not noise", items 1, 4 and 9), replayed over HTTP.

Ordinary in-scope patients (`panel-*` fixtures, `fixtures/build_panel.py`) get no critical and
no warning card and at most one info card per call; every fixture where a recorded fact makes
SM-MRI-12h, SM-MRI-24h or SM-TT24h hold keeps its critical card (named one by one in
`fixtures.alarm_budget.MUST_STAY_CRITICAL`, so neither side can pass on an empty list).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fixtures.alarm_budget import BUDGET, MUST_STAY_CRITICAL, PANEL_PREFIX, main
from fixtures.build_panel import PANEL
from fixtures.replay import fixture_requests, load

PANEL_CASES = [
    pytest.param(service, path, id=f"{service}/{scenario}")
    for service, scenario, path in fixture_requests()
    if scenario.startswith(PANEL_PREFIX)
]
FIXTURES = {f"{service}/{scenario}": path for service, scenario, path in fixture_requests()}


def _cards(client: TestClient, name: str, path: Path) -> list[dict[str, object]]:
    service_id = name.split("/", 1)[0]
    response = client.post(f"/cds-services/{service_id}", json=load(path))
    assert response.status_code == 200, response.text
    cards: list[dict[str, object]] = response.json()["cards"]
    return cards


def test_the_panel_is_at_least_twelve_patients_each_on_patient_view_and_an_mri_order() -> None:
    assert len(PANEL) >= 12
    names = {str(case.id) for case in PANEL_CASES}
    for patient in PANEL:
        assert f"spinal-metastases-patient-view/panel-{patient.name}" in names
        assert f"spinal-metastases-order-sign/panel-{patient.name}-mri" in names
    assert any(name.endswith("-dexamethasone") for name in names)


@pytest.mark.parametrize(("service_id", "request_path"), PANEL_CASES)
def test_a_panel_call_stays_within_the_alarm_budget(
    client: TestClient, service_id: str, request_path: Path
) -> None:
    name = f"{service_id}/{request_path.name.removesuffix('.request.json')}"
    found = Counter(card["indicator"] for card in _cards(client, name, request_path))
    assert all(found[indicator] <= limit for indicator, limit in BUDGET.items()), found


@pytest.mark.parametrize(("name", "fact"), list(MUST_STAY_CRITICAL.items()))
def test_a_recorded_fact_that_makes_a_critical_row_hold_keeps_its_critical_card(
    client: TestClient, name: str, fact: str
) -> None:
    assert name in FIXTURES, f"{name} ({fact}) is not a fixture"
    rule = fact.split(":", 1)[0]
    critical = [
        card for card in _cards(client, name, FIXTURES[name]) if card["indicator"] == "critical"
    ]
    assert critical, f"{name}: {fact}"
    assert rule in {card["source"]["topic"]["code"] for card in critical}  # type: ignore[index]


def test_a_suspected_cord_compression_on_patient_view_is_an_mri_within_12_hours(
    client: TestClient,
) -> None:
    name = "spinal-metastases-patient-view/suspected-mescc-coded-12h"
    (card,) = _cards(client, name, FIXTURES[name])
    assert card["indicator"] == "critical"
    assert "MRI binnen 12 uur" in str(card["summary"])


@pytest.mark.parametrize(
    ("scenario", "rules"),
    [
        pytest.param("suspected-mescc-coded-asia-a-over-48h-no-emergency", {"SM-MRI-ASIA-A"}),
        pytest.param("resolved-mescc-coded-follow-up", {"SM-FU02"}),
        pytest.param("suspected-mescc-coded-no-cancer-unknown-origin", {"SM-D02", "SM-CS01"}),
    ],
)
def test_the_other_branches_of_a_coded_cord_compression_are_not_critical(
    client: TestClient, scenario: str, rules: set[str]
) -> None:
    name = f"spinal-metastases-patient-view/{scenario}"
    cards = _cards(client, name, FIXTURES[name])
    assert {card["source"]["topic"]["code"] for card in cards} == rules  # type: ignore[index]
    assert all(card["indicator"] != "critical" for card in cards)


def test_a_confirmed_cord_compression_goes_to_time_to_therapy_not_to_an_mri(
    client: TestClient,
) -> None:
    name = "spinal-metastases-patient-view/confirmed-mescc-coded-time-to-therapy"
    rules = {card["source"]["topic"]["code"] for card in _cards(client, name, FIXTURES[name])}  # type: ignore[index]
    # The time-to-therapy card: decided (SM-TT24h) or, with the window open, the table's question.
    assert rules & {"SM-TT24h", "spine.time-to-therapy"}
    assert not rules & {"SM-D02", "SM-MRI-12h"}


def test_make_alarm_budget_prints_both_sides_and_holds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "budget held" in out
    assert all(name in out for name in MUST_STAY_CRITICAL)
    assert all(f"panel-{patient.name}" in out for patient in PANEL)
