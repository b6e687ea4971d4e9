"""Every fixture request, replayed over HTTP, gives exactly its reviewed expected cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_requests, load, strip_uuids
from service.cds.models import CardsResponse
from tests.conftest import assert_no_empty_members

CASES = [
    pytest.param(service, path, id=f"{service}/{scenario}")
    for service, scenario, path in fixture_requests()
]


def test_there_are_fixtures_for_every_registered_service() -> None:
    from hooks import SERVICES

    assert {service for service, _, _ in fixture_requests()} == {s.id for s in SERVICES}


@pytest.mark.parametrize(("service_id", "request_path"), CASES)
def test_fixture_replay(client: TestClient, service_id: str, request_path: Path) -> None:
    response = client.post(f"/cds-services/{service_id}", json=load(request_path))
    assert response.status_code == 200, response.text
    body = response.json()
    CardsResponse.model_validate(body)
    assert_no_empty_members(body)
    for card in body["cards"]:
        assert len(card["summary"]) < 140
        assert card["uuid"]
        assert all(s["uuid"] for s in card.get("suggestions", []))
    expected = load(
        request_path.with_name(request_path.name.replace(".request.json", ".cards.json"))
    )
    assert strip_uuids(body) == expected


def test_card_uuids_are_unique_across_calls(client: TestClient) -> None:
    seen: set[str] = set()
    for service_id, _, path in fixture_requests():
        for card in client.post(f"/cds-services/{service_id}", json=load(path)).json()["cards"]:
            assert card["uuid"] not in seen
            seen.add(card["uuid"])
    assert seen
