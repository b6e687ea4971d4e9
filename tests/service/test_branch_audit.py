"""The audit names the branch of every suggestion (issue "signal, not noise", item 2): suggestion
ids stay UUIDs on the wire, and feedback analytics can still say which complaint was picked."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app
from service.store import FeedbackStore, SuggestionAuditRecord

SIGN = "spinal-metastases-order-sign"
QUESTION = FIXTURES / SIGN / "known-primary-routine-mri-no-complaints-question.request.json"


def test_an_accepted_suggestion_is_counted_for_the_branch_it_chose(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with TestClient(fixture_app(database_url=url)) as client:
        response = client.post(f"/cds-services/{SIGN}", json=json.loads(QUESTION.read_bytes()))
        (card,) = response.json()["cards"]
        picked = next(s for s in card["suggestions"] if s["label"].startswith("Alleen lokale"))
        assert "branch" not in picked  # never on the wire
        feedback = {
            "card": card["uuid"],
            "outcome": "accepted",
            "acceptedSuggestions": [{"id": picked["uuid"]}],
            "outcomeTimestamp": "2026-11-23T10:01:00Z",
        }
        stored = client.post(f"/cds-services/{SIGN}/feedback", json={"feedback": [feedback]})
        assert stored.json() == {"stored": 1, "duplicates": 0}
    store = FeedbackStore(url)  # after shutdown: the audit queue is written out
    try:
        outcomes = store.branch_outcomes()
        with store.transaction() as connection:
            rows = connection.execute(
                select(SuggestionAuditRecord.suggestion_uuid, SuggestionAuditRecord.branch)
            ).all()
    finally:
        store.close()
    assert {uuid for uuid, _ in rows} == {s["uuid"] for s in card["suggestions"]}
    assert outcomes == {
        "SM-MRI-12h": {"suggestions": 4, "accepted": 0},
        "SM-MRI-24h": {"suggestions": 1, "accepted": 0},
        "SM-MRI-48h": {"suggestions": 1, "accepted": 0},
        "SM-MRI-1w": {"suggestions": 1, "accepted": 0},
        "SM-MRI-2w": {"suggestions": 1, "accepted": 1},
    }
