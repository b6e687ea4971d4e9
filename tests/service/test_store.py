"""The store on each database it runs on: SQLite in memory (the tests' apps), a SQLite file
(`make serve`, one instance) and PostgreSQL (replicas), the same tests on each, including the
concurrency it meets in production: feedback from the request threads while the audit writer
flushes a batch from its own thread, and one token presented by many threads at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.audit import CallRecord
from service.cds.models import FeedbackItem
from service.migrations import migrate
from service.store import FeedbackStore

ROUNDS = 300
NOW = 1_795_430_000.0


@pytest.fixture(params=["sqlite-memory", "sqlite-file", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FeedbackStore]:
    """An open store on a new database; PostgreSQL's migrated first, as `migrate` does."""
    if request.param == "sqlite-memory":
        url = "sqlite://"
    elif request.param == "sqlite-file":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
        migrate(url)
    opened = FeedbackStore(url)
    yield opened
    opened.close()


def _feedback(n: int, **changes: object) -> FeedbackItem:
    return FeedbackItem.model_validate(
        {
            "card": f"card-{n}",
            "outcome": "overridden",
            "outcomeTimestamp": "2026-11-23T10:00:00Z",
            **changes,
        }
    )


def _calls(n: int, issuer: str | None = None) -> list[CallRecord]:
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    return [
        CallRecord(
            at=at,
            service_id="svc",
            hook="order-sign",
            hook_instance=f"hi-{n}-{i}",
            issuer=issuer,
            tenant=None,
            status=200,
            latency_ms=1.0,
            cards=((f"card-{n}-{i}", "SM-MRI-12h"),),
        )
        for i in range(5)
    ]


def _utc(value: datetime) -> datetime:
    """SQLite hands back a stored UTC time without its zone; PostgreSQL with it."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_feedback_and_audit_batches_written_at_once_are_all_kept(store: FeedbackStore) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        feedback = [pool.submit(store.add, "svc", [_feedback(n)]) for n in range(ROUNDS)]
        audit = [pool.submit(store.add_calls, _calls(n)) for n in range(ROUNDS)]
        results = [f.result() for f in feedback]
        for future in audit:
            future.result()
    assert results == [(1, 0)] * ROUNDS
    assert store.count() == ROUNDS
    assert len(store.calls()) == ROUNDS * 5


def test_feedback_is_stored_once_and_read_back_as_received(store: FeedbackStore) -> None:
    accepted = _feedback(
        1,
        outcome="accepted",
        acceptedSuggestions=[{"id": "s-1"}],
        outcomeTimestamp="2026-11-23T11:00:00+01:00",
    )
    overridden = _feedback(2, overrideReason={"reason": {"code": "r1"}, "userComment": "no"})
    assert store.add("svc", [accepted, overridden, overridden]) == (2, 1)
    assert store.add("svc", [accepted]) == (0, 1)
    assert store.add("other-svc", [accepted]) == (1, 0)
    first, second = store.feedback_for("svc")
    assert (first.card_uuid, first.outcome, first.accepted_suggestions) == (
        "card-1",
        "accepted",
        ["s-1"],
    )
    assert _utc(first.outcome_timestamp) == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert second.override_reason == {"reason": {"code": "r1"}, "userComment": "no"}
    assert store.count() == 3
    store.ping()


def test_audit_records_join_feedback_to_rules(store: FeedbackStore) -> None:
    store.add_calls(_calls(1, issuer="https://ehr.example/" + "x" * 600))
    store.add(
        "svc",
        [_feedback(0, card="card-1-0", outcome="accepted", acceptedSuggestions=[{"id": "s"}])],
    )
    store.add("svc", [_feedback(0, card="card-1-1")])
    calls = store.calls()
    assert [c.hook_instance for c in calls] == [f"hi-1-{i}" for i in range(5)]
    assert {len(c.issuer or "") for c in calls} == {500}  # PostgreSQL refuses a longer one
    assert store.rule_outcomes() == {"SM-MRI-12h": {"cards": 5, "accepted": 1, "overridden": 1}}


def test_a_token_id_is_accepted_once_until_its_token_has_expired(store: FeedbackStore) -> None:
    assert store.first_use("iss", "a", forget_after=NOW + 10, now=NOW)
    assert not store.first_use("iss", "a", forget_after=NOW + 10, now=NOW + 5)
    assert store.first_use("other-iss", "a", forget_after=NOW + 10, now=NOW + 5)
    assert store.first_use("iss", "b", forget_after=NOW + 10, now=NOW + 5)
    # After `forget_after` the row no longer protects anything: a new token may reuse the id.
    assert store.first_use("iss", "a", forget_after=NOW + 30, now=NOW + 11)
    assert not store.first_use("iss", "a", forget_after=NOW + 40, now=NOW + 12)
    assert store.seen_tokens() == 3


def test_long_issuers_and_token_ids_are_kept_apart_by_their_hash(store: FeedbackStore) -> None:
    issuer = "https://ehr.example/" + "é" * 600
    long_ids = ["ü" * 300 + "1", "ü" * 300 + "2"]
    assert all(store.first_use(issuer, jti, NOW + 10, NOW) for jti in long_ids)
    assert not any(store.first_use(issuer, jti, NOW + 10, NOW) for jti in long_ids)
    assert store.first_use(issuer[:-1], long_ids[0], NOW + 10, NOW)


def test_expired_token_ids_are_deleted_in_batches(store: FeedbackStore) -> None:
    for n in range(5):
        store.first_use("iss", f"old-{n}", forget_after=NOW + n, now=NOW)
    store.first_use("iss", "current", forget_after=NOW + 100, now=NOW)
    assert store.forget_expired_tokens(now=NOW + 50, limit=3) == 3
    assert store.forget_expired_tokens(now=NOW + 50, limit=3) == 2
    assert store.forget_expired_tokens(now=NOW + 50) == 0
    assert store.seen_tokens() == 1
    assert not store.first_use("iss", "current", forget_after=NOW + 100, now=NOW + 50)


def test_of_many_threads_presenting_one_token_at_once_exactly_one_is_first(
    store: FeedbackStore,
) -> None:
    def present(jti: str) -> bool:
        return store.first_use("iss", jti, NOW + 60, NOW)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for round_ in range(20):
            answers = list(pool.map(present, [f"jti-{round_}"] * 8))
            assert sorted(answers) == [False] * 7 + [True]
