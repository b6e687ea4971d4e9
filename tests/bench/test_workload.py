"""The benchmark measures what it says: real fixture calls, grown histories, a fair ceiling."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi.testclient import TestClient

from bench.ceiling import create_ceiling_app
from bench.workload import ORDER_SIGN, load_request, observation_count, with_observations
from fixtures.build import FIXTURES, NOW
from fixtures.replay import fixture_app, load


def test_a_grown_history_keeps_the_fixture_observations_first_and_has_the_asked_size() -> None:
    request = load_request(*ORDER_SIGN)
    originals = [e["resource"] for e in request["prefetch"]["observations"]["entry"]]
    grown = with_observations(request, 1000)
    entries = grown["prefetch"]["observations"]["entry"]
    assert observation_count(grown) == 1000
    assert [e["resource"] for e in entries[: len(originals)]] == originals
    assert len({e["resource"]["id"] for e in entries}) == 1000
    assert observation_count(request) == len(originals)  # the original is left as it was


def test_moved_dates_give_the_cards_the_fixture_expects() -> None:
    """Replayed at the fixtures' own clock the moved request is the fixture itself."""
    service_id, scenario = ORDER_SIGN
    at_fixture_time = load_request(service_id, scenario, datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert at_fixture_time == load(FIXTURES / service_id / f"{scenario}.request.json")


def test_the_service_answers_a_5000_observation_history() -> None:
    body = with_observations(load_request(*ORDER_SIGN), 5000)
    with TestClient(fixture_app()) as client:
        response = client.post(f"/cds-services/{ORDER_SIGN[0]}", json=body)
    assert response.status_code == 200
    assert response.json()["cards"]


def test_the_ceiling_decodes_the_body_and_answers_the_stored_bytes() -> None:
    answer = orjson.dumps({"cards": [{"summary": "x"}]})
    client = TestClient(create_ceiling_app({ORDER_SIGN[0]: answer}))
    json_type = {"Content-Type": "application/json"}
    response = client.post(f"/cds-services/{ORDER_SIGN[0]}", content=b"{}", headers=json_type)
    assert response.content == answer
    not_an_object = client.post(f"/cds-services/{ORDER_SIGN[0]}", content=b"[]", headers=json_type)
    assert not_an_object.status_code == 400


def test_the_shell_answers_every_call_with_the_cards_its_service_decided_first() -> None:
    """`bench/shell.py` takes the guideline out, nothing else: same cards, one evaluation."""
    import dataclasses
    from datetime import datetime as clock

    from bench.shell import remembering
    from hooks import SERVICES, published_resources
    from service.app import create_app
    from service.settings import Settings

    evaluations: list[str] = []

    def counted(service: Any) -> Any:
        def evaluate(call: Any) -> Any:
            evaluations.append(service.id)
            return service.evaluate(call)

        return dataclasses.replace(service, evaluate=evaluate)

    services = tuple(remembering(counted(s)) for s in SERVICES)
    app = create_app(
        Settings(database_url="sqlite://", local_demo=True),
        services,
        now=lambda: clock.fromisoformat(NOW),
        published=published_resources,
    )
    body = load(FIXTURES / ORDER_SIGN[0] / f"{ORDER_SIGN[1]}.request.json")
    with TestClient(fixture_app()) as real, TestClient(app) as shell:
        expected = real.post(f"/cds-services/{ORDER_SIGN[0]}", json=body).json()
        answers = [shell.post(f"/cds-services/{ORDER_SIGN[0]}", json=body).json() for _ in range(3)]
    assert expected["cards"]
    assert answers == [expected] * 3
    assert evaluations == [ORDER_SIGN[0]]


def test_rounds_count_by_their_median_and_no_error_is_hidden() -> None:
    from bench.harness import Load, median_load

    taken = [Load(700.0, 20.0, 40.0, 0), Load(900.0, 15.0, 90.0, 2), Load(800.0, 18.0, 30.0, 0)]
    assert median_load(taken) == Load(800.0, 18.0, 40.0, 2)
