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


def test_every_created_resource_is_valid_fhir_r4b(client: TestClient) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    created = 0
    for service_id, _, path in fixture_requests():
        for card in client.post(f"/cds-services/{service_id}", json=load(path)).json()["cards"]:
            for suggestion in card.get("suggestions", []):
                for action in suggestion.get("actions", []):
                    if action["type"] == "create":
                        resource = action["resource"]
                        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
                        assert resource["status"] == "draft"
                        assert "meta" not in resource  # no profile we cannot validate
                        created += 1
    assert created >= 5


def test_an_order_update_changes_only_priority_and_deadline(client: TestClient) -> None:
    path = next(p for _, s, p in fixture_requests() if s == "unilateral-deficit-3d-progressive-24h")
    request = load(path)
    draft = request["context"]["draftOrders"]["entry"][0]["resource"]
    card = client.post("/cds-services/spinal-metastases-order-sign", json=request).json()["cards"][
        0
    ]
    updated = card["suggestions"][0]["actions"][0]["resource"]
    assert card["suggestions"][0]["actions"][0]["type"] == "update"
    changed = {key for key in updated.keys() | draft.keys() if updated.get(key) != draft.get(key)}
    assert changed == {"priority", "occurrencePeriod"}
    assert updated["priority"] == "asap"


def test_cards_speak_english_when_asked(client: TestClient) -> None:
    path = next(p for _, s, p in fixture_requests() if s == "lhermitte-12h")
    response = client.post(
        "/cds-services/spinal-metastases-order-sign",
        json=load(path),
        headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"},
    )
    card = response.json()["cards"][0]
    assert card["summary"].startswith("Spine MRI within 12 hours")
    assert "**Why**" in card["detail"]


def test_every_fixture_call_has_its_own_hook_instance() -> None:
    """Two fixtures with one hookInstance would share an audit trail and card uuids' seed."""
    seen: dict[str, str] = {}
    for service_id, scenario, path in fixture_requests():
        instance = load(path)["hookInstance"]
        assert instance not in seen, f"{service_id}/{scenario} reuses {seen.get(instance)}'s"
        seen[instance] = f"{service_id}/{scenario}"
    assert len(seen) > 100
