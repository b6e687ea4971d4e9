"""The store under the concurrency it meets in production: feedback from the request threads
while the audit writer flushes a batch from its own thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.audit import CallRecord
from service.cds.models import FeedbackItem
from service.store import FeedbackStore

ROUNDS = 300


def _feedback(n: int) -> FeedbackItem:
    return FeedbackItem.model_validate(
        {
            "card": f"card-{n}",
            "outcome": "overridden",
            "outcomeTimestamp": "2026-11-23T10:00:00Z",
        }
    )


def _calls(n: int) -> list[CallRecord]:
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    return [
        CallRecord(
            at=at,
            service_id="svc",
            hook="order-sign",
            hook_instance=f"hi-{n}-{i}",
            issuer=None,
            tenant=None,
            status=200,
            latency_ms=1.0,
            cards=((f"card-{n}-{i}", "SM-MRI-12h"),),
        )
        for i in range(5)
    ]


@pytest.mark.parametrize("where", ["memory", "file"])
def test_feedback_and_audit_batches_written_at_once_are_all_kept(
    where: str, tmp_path: Path
) -> None:
    url = "sqlite://" if where == "memory" else f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = FeedbackStore(url)
    with ThreadPoolExecutor(max_workers=4) as pool:
        feedback = [pool.submit(store.add, "svc", [_feedback(n)]) for n in range(ROUNDS)]
        audit = [pool.submit(store.add_calls, _calls(n)) for n in range(ROUNDS)]
        results = [f.result() for f in feedback]
        for future in audit:
            future.result()
    assert results == [(1, 0)] * ROUNDS
    assert store.count() == ROUNDS
    assert len(store.calls()) == ROUNDS * 5
    store.close()
