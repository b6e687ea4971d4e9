from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from fixtures.replay import fixture_app
from tests.conftest import spec_example
from tests.payloads import OVERRIDDEN_CARD, feedback_accepted, feedback_overridden

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
    body = feedback_accepted()
    assert client.post(FEEDBACK, json=body).json() == {"stored": 1, "duplicates": 0}
    assert client.post(FEEDBACK, json=body).json() == {"stored": 0, "duplicates": 1}
    assert client.app.state.cds.store.count() == 1  # type: ignore[attr-defined]


def test_feedback_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    with TestClient(fixture_app(database_url=url)) as first:
        assert first.post(FEEDBACK, json=feedback_overridden()).status_code == 200
    with TestClient(fixture_app(database_url=url)) as second:
        records = second.app.state.cds.store.feedback_for("spinal-metastases-order-sign")  # type: ignore[attr-defined]
    assert [(r.card_uuid, r.outcome) for r in records] == [(OVERRIDDEN_CARD, "overridden")]


def test_accepted_without_accepted_suggestions_is_400(client: TestClient) -> None:
    body = feedback_accepted()
    del body["feedback"][0]["acceptedSuggestions"]
    response = client.post(FEEDBACK, json=body)
    assert response.status_code == 400
    assert "acceptedSuggestions" in response.json()["issue"][0]["diagnostics"]


def test_unknown_outcome_and_empty_feedback_are_400(client: TestClient) -> None:
    body = feedback_overridden()
    body["feedback"][0]["outcome"] = "ignored"
    assert client.post(FEEDBACK, json=body).status_code == 400
    assert client.post(FEEDBACK, json={"feedback": []}).status_code == 400
    assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]


def test_feedback_for_an_unknown_service_is_404(client: TestClient) -> None:
    response = client.post("/cds-services/nope/feedback", json=feedback_overridden())
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("timestamp", "message"),
    [
        ("9999-12-31T23:59:59-14:00", "out of range"),
        ("0001-01-01T00:00:00+14:00", "out of range"),
        ("2021-12-11T10:05:31", "time zone"),
        ("2021-12-11", "time zone"),
        ("not a time", "outcomeTimestamp"),
    ],
)
def test_outcome_timestamp_out_of_range_or_without_offset_is_400(
    client: TestClient, timestamp: str, message: str
) -> None:
    body = feedback_overridden()
    body["feedback"][0]["outcomeTimestamp"] = timestamp
    response = client.post(FEEDBACK, json=body)
    assert response.status_code == 400, response.text
    assert message in response.json()["issue"][0]["diagnostics"]
    assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]


def test_outcome_timestamp_with_any_offset_is_stored_as_the_same_instant(
    client: TestClient,
) -> None:
    body = feedback_overridden()
    body["feedback"][0]["outcomeTimestamp"] = "2021-12-11T11:05:31+01:00"
    assert client.post(FEEDBACK, json=body).status_code == 200
    # The same instant in UTC is the same outcome: a duplicate, not a second record.
    body["feedback"][0]["outcomeTimestamp"] = "2021-12-11T10:05:31Z"
    assert client.post(FEEDBACK, json=body).json() == {"stored": 0, "duplicates": 1}
    (record,) = client.app.state.cds.store.feedback_for("spinal-metastases-order-sign")  # type: ignore[attr-defined]
    assert record.outcome_timestamp.replace(tzinfo=UTC) == datetime(
        2021, 12, 11, 10, 5, 31, tzinfo=UTC
    )


def test_card_longer_than_the_store_keeps_is_400(client: TestClient) -> None:
    body = feedback_overridden()
    body["feedback"][0]["card"] = "c" * 201
    response = client.post(FEEDBACK, json=body)
    assert response.status_code == 400
    assert "card" in response.json()["issue"][0]["diagnostics"]
    body["feedback"][0]["card"] = "c" * 200
    assert client.post(FEEDBACK, json=body).status_code == 200


@pytest.mark.parametrize(
    "reason", [{}, {"reason": {}}, {"userComment": ""}, {"reason": None, "userComment": None}]
)
def test_override_reason_without_reason_or_comment_is_400(
    client: TestClient, reason: dict[str, Any]
) -> None:
    body = feedback_overridden()
    body["feedback"][0]["overrideReason"] = reason
    response = client.post(FEEDBACK, json=body)
    assert response.status_code == 400
    assert "overrideReason" in response.json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize(
    "reason",
    [
        {"userComment": "Patient declined."},
        {"reason": {"code": "c", "system": "https://example.org/override"}},  # the sandbox's form
    ],
)
def test_override_reason_with_a_reason_or_a_comment_is_stored(
    client: TestClient, reason: dict[str, Any]
) -> None:
    body = feedback_overridden()
    body["feedback"][0]["overrideReason"] = reason
    assert client.post(FEEDBACK, json=body).status_code == 200


def test_feedback_while_the_store_is_down_is_503_and_stored_once_it_is_back(
    tmp_path: Path,
) -> None:
    """Nothing acknowledged is lost: 503 (retry) while the database is unreachable, never 500."""
    url = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    with TestClient(fixture_app(database_url=url), raise_server_exceptions=False) as client:
        store = client.app.state.cds.store  # type: ignore[attr-defined]
        healthy = store.engine
        store.engine = create_engine(f"sqlite:///{tmp_path / 'gone' / 'feedback.sqlite3'}")
        down = client.post(FEEDBACK, json=feedback_overridden())
        assert down.status_code == 503
        assert down.headers["retry-after"] == "5"
        assert down.headers["content-type"] == "application/fhir+json"
        (issue,) = down.json()["issue"]
        assert issue["code"] == "transient"
        assert "nothing was stored" in issue["diagnostics"]
        store.engine = healthy
        assert store.count() == 0
        again = client.post(FEEDBACK, json=feedback_overridden())
        assert again.json() == {"stored": 1, "duplicates": 0}
    with TestClient(fixture_app(database_url=url)) as restarted:
        assert restarted.app.state.cds.store.count() == 1  # type: ignore[attr-defined]
