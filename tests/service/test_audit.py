"""One audit record per hook call, written in the background and never lost on shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient
from sqlalchemy import String, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from fixtures.replay import fixture_app
from service.audit import AuditTrail, CallRecord
from service.store import CallAuditRecord, CardAuditRecord, FeedbackStore
from tests.service.test_auth import Clock, authenticated_app, bearer, hook_request
from tests.service.tokens import PUBLIC, SANDBOX_ISS, SANDBOX_JKU, SANDBOX_KEY, jwks, sandbox_token

SIGN = "/cds-services/spinal-metastases-order-sign"


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'audit.sqlite3'}"


def _cards_of(url: str) -> list[tuple[int, str, str | None]]:
    store = FeedbackStore(url)
    try:
        with Session(store.engine) as session:
            rows = session.scalars(select(CardAuditRecord).order_by(CardAuditRecord.id))
            return [(r.call_id, r.card_uuid, r.rule_id) for r in rows]
    finally:
        store.close()


def _calls_of(url: str) -> list[Any]:
    store = FeedbackStore(url)
    try:
        return store.calls()
    finally:
        store.close()


def test_every_call_is_audited_with_outcome_rule_ids_and_card_uuids(tmp_path: Path) -> None:
    url = _db(tmp_path)
    body = hook_request()
    mismatched = {**hook_request(), "hook": "patient-view"}
    no_data = hook_request()
    del no_data["prefetch"], no_data["fhirServer"]
    with TestClient(fixture_app(database_url=url)) as client:
        answered = client.post(SIGN, json=body).json()
        assert client.post(SIGN, json=mismatched).status_code == 400
        assert client.post(SIGN, json=no_data).status_code == 412
        assert client.post("/cds-services/no-such-service", json=body).status_code == 404
    calls = _calls_of(url)
    assert [c.status for c in calls] == [200, 400, 412, 404]
    first = calls[0]
    assert (first.service_id, first.hook, first.hook_instance) == (
        "spinal-metastases-order-sign",
        "order-sign",
        body["hookInstance"],
    )
    assert first.rule_ids == [c["source"]["topic"]["code"] for c in answered["cards"]]
    assert first.card_count == len(answered["cards"]) > 0
    assert first.latency_ms > 0
    assert first.issuer is None  # local demo: nobody authenticated
    assert calls[1].hook == "patient-view"
    assert calls[3].hook is None  # refused before the body was read
    assert _cards_of(url) == [
        (first.id, c["uuid"], c["source"]["topic"]["code"]) for c in answered["cards"]
    ]


def test_audit_is_written_after_the_answer_and_flushed_on_clean_shutdown(tmp_path: Path) -> None:
    url = _db(tmp_path)
    app = fixture_app(database_url=url, audit_flush_interval_s=3600, audit_batch_size=1000)
    with TestClient(app) as client:
        for _ in range(5):
            assert client.post(SIGN, json=hook_request()).status_code == 200
        # The answers are out; the writer is still collecting its batch.
        assert client.app.state.cds.store.calls() == []  # type: ignore[attr-defined]
    assert len(_calls_of(url)) == 5


def test_feedback_joins_to_the_rule_that_fired_the_card(tmp_path: Path) -> None:
    url = _db(tmp_path)

    def call(n: int) -> Any:
        body = {**hook_request(), "hookInstance": f"7c1f6f2e-1d9b-4c47-9a35-0f3c3f0a100{n}"}
        return client.post(SIGN, json=body).json()["cards"][0]

    with TestClient(fixture_app(database_url=url)) as client:
        accepted_card = call(1)
        overridden_card = call(2)
        call(3)  # a third card nobody reacted to
        call(3)  # the EHR retried that call: the same card, not a new one
        feedback = {
            "feedback": [
                {
                    "card": accepted_card["uuid"],
                    "outcome": "accepted",
                    "acceptedSuggestions": [{"id": accepted_card["suggestions"][0]["uuid"]}],
                    "outcomeTimestamp": "2026-11-23T10:05:00Z",
                },
                {
                    "card": overridden_card["uuid"],
                    "outcome": "overridden",
                    "overrideReason": {"reason": overridden_card["overrideReasons"][0]},
                    "outcomeTimestamp": "2026-11-23T10:06:00Z",
                },
            ]
        }
        assert client.post(SIGN + "/feedback", json=feedback).json()["stored"] == 2
    store = FeedbackStore(url)
    try:
        outcomes = store.rule_outcomes()
    finally:
        store.close()
    assert outcomes["SM-MRI-12h"] == {"cards": 3, "accepted": 1, "overridden": 1}


def test_authenticated_calls_record_the_issuer_and_refused_tokens_leave_no_record(
    tmp_path: Path,
) -> None:
    url = _db(tmp_path)
    app = authenticated_app(tmp_path, Clock(), database_url=url)
    with respx.mock(assert_all_called=False) as router:
        router.get(SANDBOX_JKU).respond(json=jwks(SANDBOX_KEY))
        with TestClient(app) as client:
            token = sandbox_token(PUBLIC + SIGN)
            assert client.post(SIGN, json=hook_request(), headers=bearer(token)).status_code == 200
            assert client.post(SIGN, json=hook_request()).status_code == 401
    (call,) = _calls_of(url)
    assert call.issuer == SANDBOX_ISS
    assert call.status == 200


def _record(n: int) -> CallRecord:
    return CallRecord(
        at=datetime.now(UTC),
        service_id="s",
        hook="order-sign",
        hook_instance=f"hi-{n}",
        issuer=None,
        tenant=None,
        status=200,
        latency_ms=1.0,
        cards=((f"card-{n}", "SM-MRI-12h"),),
    )


def test_a_full_queue_drops_the_record_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    trail = AuditTrail(lambda _batch: None, batch_size=10, flush_interval_s=1, queue_max=1)
    trail.record(_record(1))
    trail.record(_record(2))
    assert trail.dropped == 1
    assert "audit queue full" in caplog.text


def test_a_store_outage_is_logged_and_later_batches_are_still_written(
    caplog: pytest.LogCaptureFixture,
) -> None:
    written: list[str] = []
    failures = [OperationalError("INSERT", {}, Exception("database is locked"))]

    def write(batch: Sequence[CallRecord]) -> None:
        if failures:
            raise failures.pop()
        written.extend(r.hook_instance or "" for r in batch)

    async def run() -> None:
        trail = AuditTrail(write, batch_size=1, flush_interval_s=0.01, queue_max=10)
        await trail.start()
        trail.record(_record(1))
        trail.record(_record(2))
        trail.record(_record(3))
        await trail.stop()

    caplog.set_level(logging.ERROR, logger="service.audit")
    asyncio.run(run())
    assert written == ["hi-2", "hi-3"]
    assert "audit batch not written" in caplog.text


def test_an_unexpected_error_does_not_end_the_writer(caplog: pytest.LogCaptureFixture) -> None:
    """Only the store's errors were caught: any other ended the writer and lost every record."""
    written: list[str] = []
    failures = [RuntimeError("a bug that quotes hi-1")]

    def write(batch: Sequence[CallRecord]) -> None:
        if failures:
            raise failures.pop()
        written.extend(r.hook_instance or "" for r in batch)

    async def run() -> None:
        trail = AuditTrail(write, batch_size=1, flush_interval_s=0.01, queue_max=10)
        await trail.start()
        for n in (1, 2, 3):
            trail.record(_record(n))
            await asyncio.sleep(0.05)
        await asyncio.wait_for(trail.stop(), 5)

    caplog.set_level(logging.DEBUG, logger="service.audit")
    asyncio.run(run())
    assert written == ["hi-2", "hi-3"]
    assert [getattr(r, "cause", None) for r in caplog.records if r.levelno >= logging.ERROR] == [
        "RuntimeError"
    ]
    assert "quotes" not in caplog.text  # the type only: a message may quote the record


def test_one_record_the_database_refuses_costs_only_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    written: list[str] = []

    def write(batch: Sequence[CallRecord]) -> None:
        if any(r.hook_instance == "hi-3" for r in batch):
            raise ValueError("value too long for type character varying(200)")
        written.extend(r.hook_instance or "" for r in batch)

    async def run() -> None:
        trail = AuditTrail(write, batch_size=10, flush_interval_s=3600, queue_max=10)
        await trail.start()
        for n in range(1, 6):
            trail.record(_record(n))
        await asyncio.wait_for(trail.stop(), 5)

    caplog.set_level(logging.WARNING, logger="service.audit")
    asyncio.run(run())
    assert written == ["hi-1", "hi-2", "hi-4", "hi-5"]
    assert "audit record not written" in caplog.text


def test_a_store_outage_is_not_retried_for_each_record_of_the_batch() -> None:
    attempts: list[int] = []

    def write(batch: Sequence[CallRecord]) -> None:
        attempts.append(len(batch))
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    async def run() -> None:
        trail = AuditTrail(write, batch_size=10, flush_interval_s=3600, queue_max=10)
        await trail.start()
        for n in range(1, 6):
            trail.record(_record(n))
        await asyncio.wait_for(trail.stop(), 5)

    asyncio.run(run())
    assert attempts == [5, 1]  # the batch, then one record: the store is down, not the record


class _WriterKilled(BaseException):
    """Not an Exception: ends the writer task however carefully it catches errors."""


def test_stop_does_not_hang_when_the_writer_died_with_a_full_queue(
    caplog: pytest.LogCaptureFixture,
) -> None:
    written: list[str] = []
    kills = [_WriterKilled()]

    def write(batch: Sequence[CallRecord]) -> None:
        if kills:
            raise kills.pop()
        written.extend(r.hook_instance or "" for r in batch)

    async def run() -> None:
        trail = AuditTrail(write, batch_size=1, flush_interval_s=0.01, queue_max=2)
        await trail.start()
        trail.record(_record(1))
        for _ in range(100):
            await asyncio.sleep(0.01)
            if not kills:
                break
        await asyncio.sleep(0.05)  # the writer has ended
        for n in (2, 3, 4):  # the third finds the queue full and is dropped
            trail.record(_record(n))
        await asyncio.wait_for(trail.stop(), 5)

    caplog.set_level(logging.ERROR, logger="service.audit")
    asyncio.run(run())
    assert written == ["hi-2", "hi-3"]  # what the dead writer left queued is written at stop
    assert "audit writer ended" in caplog.text


def test_the_store_and_the_http_client_are_closed_even_when_the_audit_stop_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = fixture_app()
    state = app.state.cds
    closed: list[str] = []
    close_store = state.store.close

    async def failing_stop() -> None:
        raise RuntimeError("audit writer broke")

    def store_close() -> None:
        closed.append("store")
        close_store()

    monkeypatch.setattr(state.audit, "stop", failing_stop)
    monkeypatch.setattr(state.store, "close", store_close)
    with pytest.raises(RuntimeError, match="audit writer broke"), TestClient(app):
        pass
    assert closed == ["store"]
    assert state.http.is_closed


def test_long_issuer_and_tenant_values_fit_their_columns(tmp_path: Path) -> None:
    """SQLite ignores String lengths; PostgreSQL refuses the whole batch for one long value."""
    store = FeedbackStore(_db(tmp_path))
    try:
        record = _record(1)
        long = CallRecord(**{**vars(record), "issuer": "i" * 5000, "tenant": "t" * 5000})
        store.add_calls([long])
        (call,) = store.calls()
    finally:
        store.close()
    issuer_type, tenant_type = (CallAuditRecord.__table__.c[n].type for n in ("issuer", "tenant"))
    assert isinstance(issuer_type, String)
    assert isinstance(tenant_type, String)
    assert call.issuer == "i" * (issuer_type.length or 0)
    assert call.tenant == "t" * (tenant_type.length or 0)
