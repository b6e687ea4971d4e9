"""Feedback bodies an attacker (or a broken EHR) sends: too deep, too many items, too large a
batch for one write; each a clear 4xx OperationOutcome or a write in short transactions."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from service.cds.limits import MAX_FEEDBACK_DEPTH, nesting_depth_exceeds
from service.cds.models import FeedbackItem
from service.store import FEEDBACK_CHUNK, FeedbackStore
from tests.payloads import feedback_overridden

FEEDBACK = "/cds-services/spinal-metastases-order-sign/feedback"
AT = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"code": "x"}
    for _ in range(levels):
        value = {"extension": [value]}
    return value


def _items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "card": f"card-{n}",
            "outcome": "overridden",
            "outcomeTimestamp": (AT + timedelta(seconds=n)).isoformat(),
        }
        for n in range(count)
    ]


def _deep_body(levels: int) -> bytes:
    """An override reason `levels` times `{"extension": [...]}` deep, written as text: the
    JSON encoders (stdlib's, orjson's) refuse to write such a value themselves."""
    body = feedback_overridden()
    body["feedback"][0]["overrideReason"] = {"reason": "REASON"}
    head, tail = json.dumps(body).split('"REASON"')
    reason = '{"extension": [' * levels + '{"code": "x"}' + "]}" * levels
    return (head + reason + tail).encode()


@pytest.mark.parametrize("levels", [16, 200, 500, 5000])
def test_deeply_nested_override_reason_is_400_not_500(client: TestClient, levels: int) -> None:
    response = client.post(
        FEEDBACK, content=_deep_body(levels), headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/fhir+json"
    diagnostics = response.json()["issue"][0]["diagnostics"]
    # Beyond 1,024 levels the JSON reader already refuses it as malformed.
    assert "nests deeper than" in diagnostics or "Malformed JSON" in diagnostics
    assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]


def test_an_override_reason_with_extensions_is_still_stored(client: TestClient) -> None:
    body = feedback_overridden()
    body["feedback"][0]["overrideReason"] = {"reason": _nested(3)}
    assert client.post(FEEDBACK, json=body).json() == {"stored": 1, "duplicates": 0}


def test_the_depth_bound_counts_objects_and_arrays() -> None:
    assert not nesting_depth_exceeds({"a": [{"b": 1}]}, 3)
    assert nesting_depth_exceeds({"a": [{"b": {}}]}, 3)
    assert not nesting_depth_exceeds("text", 1)
    assert nesting_depth_exceeds(_nested(MAX_FEEDBACK_DEPTH), MAX_FEEDBACK_DEPTH)


def test_more_items_than_the_limit_is_413_and_nothing_stored() -> None:
    with TestClient(fixture_app(feedback_max_items=50), raise_server_exceptions=False) as client:
        response = client.post(FEEDBACK, json={"feedback": _items(51)})
        assert response.status_code == 413, response.text
        (issue,) = response.json()["issue"]
        assert issue["code"] == "too-costly"
        assert "at most 50 items" in issue["diagnostics"]
        assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]
        at_the_limit = client.post(FEEDBACK, json={"feedback": _items(50)})
        assert at_the_limit.json() == {"stored": 50, "duplicates": 0}


def test_ten_thousand_items_are_refused_by_default(client: TestClient) -> None:
    assert client.post(FEEDBACK, json={"feedback": _items(10_000)}).status_code == 413


class _CountingLock:
    """A lock that remembers how often it was taken: each time is one hold of the writer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.taken = 0

    def __enter__(self) -> None:
        self.lock.acquire()
        self.taken += 1

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.lock.release()


def test_a_large_batch_is_written_in_short_transactions() -> None:
    store = FeedbackStore("sqlite://")
    lock = _CountingLock()
    store._one_at_a_time = lock  # type: ignore[assignment]
    items = [FeedbackItem.model_validate(item) for item in _items(3 * FEEDBACK_CHUNK + 1)]
    repeated = [*items, items[0], items[-1]]  # repeats within the delivery, across chunks
    assert store.add("svc", repeated) == (len(items), 2)
    assert lock.taken == 4  # the write lock was let go between chunks of FEEDBACK_CHUNK items
    assert store.add("svc", items[:5]) == (0, 5)
    assert store.count() == len(items)
    store.close()
