from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from tests.conftest import spec_example

FEEDBACK = "/cds-services/spinal-metastases-order-sign/feedback"


def test_each_spec_feedback_example_is_stored(client: TestClient) -> None:
    for name in (
        "feedback-accepted.json",
        "feedback-overridden.json",
        "feedback-overridden-with-reason.json",
    ):
        response = client.post(FEEDBACK, json=spec_example(name))
        assert response.status_code == 200, response.text
        assert response.json() == {"stored": 1, "duplicates": 0}
    records = client.app.state.cds.store.feedback_for("spinal-metastases-order-sign")  # type: ignore[attr-defined]
    assert [r.outcome for r in records] == ["accepted", "overridden", "overridden"]
    assert records[0].accepted_suggestions == ["e56e1945-20b3-4393-8503-a1a20fd73152"]
    assert records[2].override_reason == {
        "reason": {
            "code": "d7ecf885",
            "system": "https://example.com/cds-hooks/override-reason-system",
        },
        "userComment": "A comment entered by the clinician.",
    }


def test_repeated_delivery_is_acknowledged_but_stored_once(client: TestClient) -> None:
    body = spec_example("feedback-accepted.json")
    assert client.post(FEEDBACK, json=body).json() == {"stored": 1, "duplicates": 0}
    assert client.post(FEEDBACK, json=body).json() == {"stored": 0, "duplicates": 1}
    assert client.app.state.cds.store.count() == 1  # type: ignore[attr-defined]


def test_feedback_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    with TestClient(fixture_app(database_url=url)) as first:
        assert (
            first.post(FEEDBACK, json=spec_example("feedback-overridden.json")).status_code == 200
        )
    with TestClient(fixture_app(database_url=url)) as second:
        records = second.app.state.cds.store.feedback_for("spinal-metastases-order-sign")  # type: ignore[attr-defined]
    assert [(r.card_uuid, r.outcome) for r in records] == [
        ("f6b95768-b1c8-40dc-8385-bf3504b82ffb", "overridden")
    ]


def test_accepted_without_accepted_suggestions_is_400(client: TestClient) -> None:
    body = spec_example("feedback-accepted.json")
    del body["feedback"][0]["acceptedSuggestions"]
    response = client.post(FEEDBACK, json=body)
    assert response.status_code == 400
    assert "acceptedSuggestions" in response.json()["issue"][0]["diagnostics"]


def test_unknown_outcome_and_empty_feedback_are_400(client: TestClient) -> None:
    body = spec_example("feedback-overridden.json")
    body["feedback"][0]["outcome"] = "ignored"
    assert client.post(FEEDBACK, json=body).status_code == 400
    assert client.post(FEEDBACK, json={"feedback": []}).status_code == 400
    assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]


def test_feedback_for_an_unknown_service_is_404(client: TestClient) -> None:
    response = client.post(
        "/cds-services/nope/feedback", json=spec_example("feedback-overridden.json")
    )
    assert response.status_code == 404
