"""Every topic fixture answers in English too, with the same rules and valid summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_requests, load
from service.cds.models import CardsResponse

TOPIC_PREFIXES = (
    "brain-metastases-",
    "liver-metastases-",
    "neuroendocrine-liver-metastases-",
    "immunotherapy-resistance-",
)
CASES = [
    pytest.param(service, path, id=f"{service}/{scenario}")
    for service, scenario, path in fixture_requests()
    if service.startswith(TOPIC_PREFIXES)
]


@pytest.mark.parametrize(("service_id", "request_path"), CASES)
def test_english_cards_match_the_dutch_rules(
    client: TestClient, service_id: str, request_path: Path
) -> None:
    request = load(request_path)
    dutch = client.post(f"/cds-services/{service_id}", json=request).json()["cards"]
    response = client.post(
        f"/cds-services/{service_id}", json=request, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200, response.text
    english = CardsResponse.model_validate(response.json()).cards
    assert [c.source.topic for c in english] == [
        CardsResponse.model_validate({"cards": dutch}).cards[i].source.topic
        for i in range(len(dutch))
    ]
    for card in english:
        assert len(card.summary) < 140
        assert card.detail is not None
        assert "Kind of source:" in card.detail


def test_every_topic_service_has_a_positive_and_a_negative_fixture(client: TestClient) -> None:
    seen: dict[str, set[bool]] = {}
    for service_id, _scenario, path in fixture_requests():
        if not service_id.startswith(TOPIC_PREFIXES):
            continue
        cards = client.post(f"/cds-services/{service_id}", json=load(path)).json()["cards"]
        seen.setdefault(service_id, set()).add(bool(cards))
    assert len(seen) == 8
    assert all(kinds == {True, False} for kinds in seen.values()), seen
