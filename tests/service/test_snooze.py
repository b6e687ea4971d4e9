"""Snooze after a reasoned dismissal (issue "signal, not noise", item 7; service/snooze.py).

A non-critical card overridden with a coded reason is not shown again for that patient and rule
within the local-policy period while the facts behind it are unchanged; never a critical card;
off by default; the database keeps only a keyed hash of issuer + patient.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from fixtures.build import FIXTURES, NOW
from fixtures.replay import fixture_app
from service.migrations import migrate
from service.settings import Settings
from service.snooze import Snoozes
from service.store import CardAuditRecord, FeedbackStore, SnoozeRecord

KEY = "snooze-key-of-this-test-0123456789abcdef"
SIGN = "spinal-metastases-order-sign"
QUESTION = "known-primary-routine-mri-no-complaints-question"  # info, spine.mri-urgency
WARNING = "steroid-mescc-anticoagulant-in-home-medication-ppi"  # warning, SM-CS03
CRITICAL = "mescc-suspected-12h"  # critical, SM-MRI-12h
REASON = {"reason": {"system": "https://example.org/override", "code": "facts-differ"}}


def _request(scenario: str, instance: str) -> dict[str, Any]:
    path = FIXTURES / SIGN / f"{scenario}.request.json"
    body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    body["hookInstance"] = instance
    return body


def _cards(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(f"/cds-services/{SIGN}", json=body)
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards


def _dismiss(
    client: TestClient, card: dict[str, Any], reason: dict[str, Any] | None = REASON, at: str = NOW
) -> None:
    item: dict[str, Any] = {"card": card["uuid"], "outcome": "overridden", "outcomeTimestamp": at}
    if reason is not None:
        item["overrideReason"] = reason
    response = client.post(f"/cds-services/{SIGN}/feedback", json={"feedback": [item]})
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 1, "duplicates": 0}


def _topics(cards: list[dict[str, Any]]) -> list[str]:
    return [c["source"]["topic"]["code"] for c in cards]


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """The fixture app with snoozing on for 30 days, on SQLite and on PostgreSQL."""
    if database_url.startswith("postgresql"):
        migrate(database_url)
    app = fixture_app(database_url=database_url, snooze_after_override_days=30, snooze_key=KEY)
    with TestClient(app) as test_client:
        yield test_client


def test_a_card_dismissed_with_a_reason_is_not_shown_again_while_its_facts_are_unchanged(
    client: TestClient,
) -> None:
    (card,) = _cards(client, _request(QUESTION, "snooze-0001"))
    assert (card["indicator"], _topics([card])) == ("info", ["spine.mri-urgency"])
    _dismiss(client, card)
    assert _cards(client, _request(QUESTION, "snooze-0002")) == []
    # A warning of another rule, dismissed with a reason, is snoozed the same way.
    (warning,) = _cards(client, _request(WARNING, "snooze-0003"))
    assert (warning["indicator"], _topics([warning])) == ("warning", ["SM-CS03"])
    _dismiss(client, warning)
    assert _cards(client, _request(WARNING, "snooze-0004")) == []


def test_the_card_comes_back_when_the_facts_behind_it_change(client: TestClient) -> None:
    (card,) = _cards(client, _request(QUESTION, "snooze-0101"))
    _dismiss(client, card)
    changed = _request(QUESTION, "snooze-0102")
    observations = changed["prefetch"]["observations"]
    answer = copy.deepcopy(observations["entry"][0])
    answer["resource"].update(
        id="answer-radicular-pain",
        category=[],
        code={
            "coding": [
                {
                    "system": "https://metastasis-cds.example/fhir/CodeSystem/metastasis-cds-input",
                    "code": "radicular-pain",
                }
            ]
        },
        effectiveDateTime=NOW,
    )
    answer["resource"].pop("valueQuantity")
    answer["resource"]["valueCodeableConcept"] = {
        "coding": [
            {
                "system": "https://metastasis-cds.example/fhir/CodeSystem/metastasis-cds-input",
                "code": "absent",
            }
        ]
    }
    observations["entry"].append(answer)
    (again,) = _cards(client, changed)
    assert _topics([again]) == ["spine.mri-urgency"]
    assert len(again["suggestions"]) < len(card["suggestions"])  # the answer closed branches


def test_a_dismissal_without_a_coded_reason_snoozes_nothing(client: TestClient) -> None:
    (card,) = _cards(client, _request(QUESTION, "snooze-0201"))
    _dismiss(client, card, reason=None)
    assert _topics(_cards(client, _request(QUESTION, "snooze-0202"))) == ["spine.mri-urgency"]
    _dismiss(client, card, reason={"userComment": "not now"}, at="2026-11-23T10:01:00Z")
    assert _topics(_cards(client, _request(QUESTION, "snooze-0203"))) == ["spine.mri-urgency"]


def test_a_critical_card_is_never_snoozed(client: TestClient) -> None:
    (card,) = _cards(client, _request(CRITICAL, "snooze-0301"))
    assert card["indicator"] == "critical"
    _dismiss(client, card)
    (again,) = _cards(client, _request(CRITICAL, "snooze-0302"))
    assert (again["indicator"], _topics([again])) == ("critical", ["SM-MRI-12h"])
    store: FeedbackStore = client.app.state.cds.store  # type: ignore[attr-defined]
    with store.transaction() as connection:
        assert connection.execute(select(SnoozeRecord)).all() == []


def test_the_snooze_ends_after_its_period(client: TestClient) -> None:
    (card,) = _cards(client, _request(QUESTION, "snooze-0401"))
    _dismiss(client, card, at="2026-10-20T10:00:00Z")  # 34 days before the fixtures' now
    assert _topics(_cards(client, _request(QUESTION, "snooze-0402"))) == ["spine.mri-urgency"]


def test_the_database_holds_a_keyed_hash_never_the_patient_id(client: TestClient) -> None:
    body = _request(QUESTION, "snooze-0501")
    patient = body["context"]["patientId"]
    (card,) = _cards(client, body)
    _dismiss(client, card)
    store: FeedbackStore = client.app.state.cds.store  # type: ignore[attr-defined]
    with store.transaction() as connection:
        snoozes = connection.execute(select(SnoozeRecord)).all()
        audited = connection.execute(
            select(CardAuditRecord.subject_key, CardAuditRecord.facts_hash)
        ).all()
    (row,) = snoozes
    assert row.rule_id == "spine.mri-urgency"
    assert row.expires_at.replace(tzinfo=UTC) == datetime.fromisoformat(NOW) + timedelta(days=30)
    keyed = Snoozes(store, SecretStr(KEY), 30)
    assert row.subject_key == keyed.subject_key(None, patient)
    assert row.subject_key != Snoozes(store, SecretStr("x" * 40), 30).subject_key(None, patient)
    assert row.subject_key != keyed.subject_key("https://another-ehr.example", patient)
    every_value = json.dumps([list(r) for r in [*snoozes, *audited]], default=str)
    assert patient not in every_value


def test_when_the_lookup_fails_every_card_is_shown(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    (card,) = _cards(client, _request(QUESTION, "snooze-0601"))
    _dismiss(client, card)
    snoozes: Snoozes = client.app.state.cds.snoozes  # type: ignore[attr-defined]

    def broken(*_args: object) -> dict[str, str]:
        raise OperationalError("SELECT", {}, Exception("database is down"))

    monkeypatch.setattr(snoozes, "active", broken)
    assert _topics(_cards(client, _request(QUESTION, "snooze-0602"))) == ["spine.mri-urgency"]


def test_snoozing_is_off_by_default(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with TestClient(fixture_app(database_url=url)) as client:
        assert client.app.state.cds.snoozes is None  # type: ignore[attr-defined]
        (card,) = _cards(client, _request(QUESTION, "snooze-0701"))
        _dismiss(client, card)
        assert _topics(_cards(client, _request(QUESTION, "snooze-0702"))) == ["spine.mri-urgency"]
    store = FeedbackStore(url)  # after shutdown: the audit queue is written out
    with store.transaction() as connection:
        assert connection.execute(select(SnoozeRecord)).all() == []
        keys = connection.execute(select(CardAuditRecord.subject_key)).scalars().all()
    store.close()
    assert len(keys) == 2
    assert set(keys) == {None}


def test_snoozing_needs_a_secret_key() -> None:
    with pytest.raises(ValidationError, match="snooze_key"):
        Settings(local_demo=True, snooze_after_override_days=14)
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(local_demo=True, snooze_after_override_days=14, snooze_key="short")
