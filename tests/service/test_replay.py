"""One `jti` replay guard for every process on the database: the store's seen-set decides.

In-process here (two apps on one database are two workers as far as the database can tell);
tests/service/test_replay_processes.py does the same with real server processes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from service.auth import AuthFailure, Caller
from service.auth.replay import (
    DatabaseReplayGuard,
    LocalReplayGuard,
    ReplayCache,
    ReplayGuard,
    ReplayGuardUnavailable,
)
from service.auth.tokens import CdsHooksJwtVerifier, share_replay_guard
from service.migrations import migrate
from service.settings import Settings, TrustedIssuer
from service.store import FeedbackStore
from tests.service.test_auth import (
    SIGN,
    SIGN_URL,
    Clock,
    assert_unauthorized,
    auth_failures,
    authenticated_app,
    bearer,
    hook_request,
)
from tests.service.tokens import NOW, SANDBOX_ISS, SANDBOX_JKU, SANDBOX_KEY, jwks, sandbox_token


@pytest.fixture
def sandbox_keys() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.get(SANDBOX_JKU).respond(json=jwks(SANDBOX_KEY))
        yield router


@pytest.fixture
def shared_url(database_url: str) -> str:
    """A database two apps share: a SQLite file, or PostgreSQL after `migrate`."""
    if database_url.startswith("postgresql"):
        migrate(database_url)
    return database_url


def test_a_token_accepted_by_one_app_is_refused_by_another_on_the_same_database(
    tmp_path: Path,
    shared_url: str,
    sandbox_keys: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    first = authenticated_app(tmp_path, clock, database_url=shared_url)
    second = authenticated_app(tmp_path, clock, database_url=shared_url)
    token = sandbox_token(SIGN_URL)
    with TestClient(first) as one, TestClient(second) as other:
        assert one.post(SIGN, json=hook_request(), headers=bearer(token)).status_code == 200
        caplog.set_level(logging.WARNING, logger="service.auth")
        assert_unauthorized(other.post(SIGN, json=hook_request(), headers=bearer(token)), token)
        assert_unauthorized(one.post(SIGN, json=hook_request(), headers=bearer(token)), token)
        assert auth_failures(caplog) == ["replayed-jti", "replayed-jti"]
        fresh = sandbox_token(SIGN_URL)
        assert other.post(SIGN, json=hook_request(), headers=bearer(fresh)).status_code == 200
        assert one.app.state.cds.store.seen_tokens() == 2  # type: ignore[attr-defined]


def test_the_app_gives_its_verifier_the_stores_seen_set(tmp_path: Path) -> None:
    app = authenticated_app(tmp_path, Clock())
    assert isinstance(app.state.cds.verifier.replay, DatabaseReplayGuard)


def test_expired_token_ids_are_deleted_as_tokens_are_checked(
    tmp_path: Path, sandbox_keys: respx.MockRouter
) -> None:
    clock = Clock()
    with TestClient(authenticated_app(tmp_path, clock)) as client:
        store: FeedbackStore = client.app.state.cds.store  # type: ignore[attr-defined]
        first = client.post(SIGN, json=hook_request(), headers=bearer(sandbox_token(SIGN_URL)))
        assert first.status_code == 200
        assert store.seen_tokens() == 1
        clock.now = NOW + 600  # the first token has expired (exp + skew = NOW + 330)
        later = sandbox_token(SIGN_URL, iat=NOW + 595, exp=NOW + 900)
        assert client.post(SIGN, json=hook_request(), headers=bearer(later)).status_code == 200
        assert store.seen_tokens() == 1  # the expired one went


def test_a_seen_set_that_does_not_answer_refuses_the_token(
    tmp_path: Path,
    sandbox_keys: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def down(*_args: object) -> bool:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    with TestClient(authenticated_app(tmp_path, Clock())) as client:
        monkeypatch.setattr(client.app.state.cds.store, "first_use", down)  # type: ignore[attr-defined]
        caplog.set_level(logging.WARNING, logger="service.auth")
        token = sandbox_token(SIGN_URL)
        assert_unauthorized(client.post(SIGN, json=hook_request(), headers=bearer(token)), token)
    assert auth_failures(caplog) == ["replay-guard-unavailable"]
    (line,) = [r for r in caplog.records if r.getMessage() == "authentication failed"]
    assert line.cause == "OperationalError"  # type: ignore[attr-defined]


class _Seen:
    """A store's seen-set in memory, recording the threads and cleanups it is asked for."""

    def __init__(self, expired: int = 0, fail_cleanup: bool = False) -> None:
        self.seen: set[tuple[str, str]] = set()
        self.threads: list[threading.Thread] = []
        self.cleanups: list[float] = []
        self.expired = expired
        self.fail_cleanup = fail_cleanup

    def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        self.threads.append(threading.current_thread())
        first = (issuer, jti) not in self.seen
        self.seen.add((issuer, jti))
        return first

    def forget_expired_tokens(self, now: float, limit: int = 1000) -> int:
        self.cleanups.append(now)
        if self.fail_cleanup:
            raise OperationalError("DELETE", {}, Exception("database is locked"))
        gone = min(self.expired, limit)
        self.expired -= gone
        return gone


def _checks(guard: DatabaseReplayGuard, times: list[float]) -> list[bool]:
    async def run() -> list[bool]:
        return [await guard.first_use("iss", f"jti-{t}", t + 60, t) for t in times]

    return asyncio.run(run())


def test_the_database_is_asked_from_a_worker_thread_not_the_event_loop() -> None:
    seen = _Seen()
    assert _checks(DatabaseReplayGuard(seen), [NOW]) == [True]
    (thread,) = seen.threads
    assert thread is not threading.main_thread()


def test_expired_rows_are_deleted_once_an_interval_in_batches() -> None:
    seen = _Seen(expired=2500)
    guard = DatabaseReplayGuard(seen, cleanup_interval_s=10, cleanup_batch=1000)
    _checks(guard, [NOW, NOW + 1, NOW + 2, NOW + 3, NOW + 4, NOW + 20])
    # Full batches at NOW and NOW + 1 (more were waiting), the rest at NOW + 2, then every 10 s.
    assert seen.cleanups == [NOW, NOW + 1, NOW + 2, NOW + 20]
    assert seen.expired == 0


def test_a_failed_cleanup_is_logged_and_the_check_still_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen = _Seen(fail_cleanup=True)
    caplog.set_level(logging.WARNING, logger="service.auth")
    assert _checks(DatabaseReplayGuard(seen), [NOW, NOW]) == [True, False]
    assert "expired token ids not deleted" in caplog.text


def test_a_store_error_means_unknown_not_first_use() -> None:
    class Down(_Seen):
        def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
            raise OperationalError("INSERT", {}, Exception("no route to host"))

    with pytest.raises(ReplayGuardUnavailable) as unavailable:
        _checks(DatabaseReplayGuard(Down()), [NOW])
    assert unavailable.value.cause == "OperationalError"


# --- which verifier gets which guard ---------------------------------------------------


def _verifier(http: httpx.AsyncClient, replay: ReplayGuard | None = None) -> CdsHooksJwtVerifier:
    settings = Settings(
        public_base_url="https://cds.hospital.example",
        trusted_issuers=[
            TrustedIssuer(iss=SANDBOX_ISS, allowed_jku=(SANDBOX_JKU,), test_only=True)
        ],
    )
    return CdsHooksJwtVerifier(settings, http, clock=lambda: float(NOW), replay=replay)


def test_share_replay_guard_moves_only_our_default_guard_into_the_store() -> None:
    class OtherScheme:
        async def verify(self, token: str, endpoint_url: str) -> Caller:
            return Caller(issuer="x")

    async def run() -> None:
        seen = _Seen()
        async with httpx.AsyncClient() as http:
            default = _verifier(http)
            assert isinstance(default.replay, LocalReplayGuard)
            assert share_replay_guard(default, seen) is default
            assert isinstance(default.replay, DatabaseReplayGuard)
            chosen = LocalReplayGuard()
            kept = _verifier(http, replay=chosen)
            share_replay_guard(kept, seen)
            assert kept.replay is chosen
        other = OtherScheme()
        assert share_replay_guard(other, seen) is other
        assert share_replay_guard(None, seen) is None

    asyncio.run(run())


def test_a_verifier_without_a_store_keeps_the_bounded_in_memory_cache(
    sandbox_keys: respx.MockRouter,
) -> None:
    async def run() -> list[str]:
        reasons = []
        async with httpx.AsyncClient() as http:
            verifier = _verifier(http, replay=LocalReplayGuard(ReplayCache(max_entries=1)))
            token = sandbox_token(SIGN_URL)
            await verifier.verify(token, SIGN_URL)
            for again in (token, sandbox_token(SIGN_URL)):
                try:
                    await verifier.verify(again, SIGN_URL)
                except AuthFailure as failure:
                    reasons.append(failure.reason)
        return reasons

    assert asyncio.run(run()) == ["replayed-jti", "replay-cache-full"]
