"""Remember each accepted token id (`jti`) until its token expires, so a token works only once.

Two guards behind one interface (`ReplayGuard`):

- `DatabaseReplayGuard`, what the service runs on: the seen-set is a table of the store
  (`jti_seen`, primary key (issuer, jti)), so a token accepted by one worker or replica is
  refused by every other on the same database. The database insert alone decides first use;
  no process keeps a local copy that could say yes on its own. It runs in the thread pool, as
  feedback does, so the event loop never waits on the database; a database that does not answer
  refuses the token (fail closed), as a JWKS that does not answer does.
- `LocalReplayGuard` over a `ReplayCache`: in memory, per process, bounded (a full cache refuses
  rather than forget). For a verifier used without a store: the token CLI's check, the bench.
"""

from __future__ import annotations

import heapq
import logging
import threading
from typing import Protocol

from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("service.auth")

# Far above any real call rate for a 1 h token lifetime (EHR tokens usually live 5 min).
DEFAULT_MAX_ENTRIES = 200_000
# How often one process deletes expired rows of the shared seen-set, and at most how many at a
# time: the delete rides along with a token check, so it is kept short.
CLEANUP_INTERVAL_S = 10.0
CLEANUP_BATCH = 1000


class ReplayCacheFull(Exception):
    """More unexpired token ids than we keep: refuse rather than accept a possible replay."""


class ReplayGuardUnavailable(Exception):
    """The shared seen-set did not answer: whether this is a replay is unknown, so refuse."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class ReplayGuard(Protocol):
    """Decides whether a token id is presented for the first time."""

    async def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        """True the first time (issuer, jti) is presented; remembered until `forget_after`.

        Raises `ReplayCacheFull` or `ReplayGuardUnavailable` when it cannot tell.
        """
        ...


class SeenTokens(Protocol):
    """The store's side of `DatabaseReplayGuard` (`service.store.FeedbackStore`)."""

    def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool: ...

    def forget_expired_tokens(self, now: float, limit: int = ...) -> int: ...


class ReplayCache:
    """In-memory, per process: each instance behind a load balancer keeps its own."""

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._expiry: dict[tuple[str, str], float] = {}
        self._heap: list[tuple[float, tuple[str, str]]] = []

    def __len__(self) -> int:
        return len(self._expiry)

    def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        """True the first time (issuer, jti) is presented; remembered until `forget_after`."""
        self._forget_expired(now)
        key = (issuer, jti)
        if key in self._expiry:
            return False
        if len(self._expiry) >= self._max_entries:
            raise ReplayCacheFull
        self._expiry[key] = forget_after
        heapq.heappush(self._heap, (forget_after, key))
        return True

    def _forget_expired(self, now: float) -> None:
        while self._heap and self._heap[0][0] < now:
            _, key = heapq.heappop(self._heap)
            self._expiry.pop(key, None)


class LocalReplayGuard:
    """A `ReplayCache` as a `ReplayGuard`: this process only."""

    def __init__(self, cache: ReplayCache | None = None) -> None:
        self.cache = ReplayCache() if cache is None else cache

    async def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        return self.cache.first_use(issuer, jti, forget_after, now)


class DatabaseReplayGuard:
    """The seen-set in the store's database, shared by every process that uses it."""

    def __init__(
        self,
        store: SeenTokens,
        cleanup_interval_s: float = CLEANUP_INTERVAL_S,
        cleanup_batch: int = CLEANUP_BATCH,
    ) -> None:
        self._store = store
        self._cleanup_interval_s = cleanup_interval_s
        self._cleanup_batch = cleanup_batch
        self._next_cleanup = float("-inf")
        self._cleanup_lock = threading.Lock()

    async def first_use(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        return await run_in_threadpool(self._decide, issuer, jti, forget_after, now)

    def _decide(self, issuer: str, jti: str, forget_after: float, now: float) -> bool:
        try:
            first = self._store.first_use(issuer, jti, forget_after, now)
        except SQLAlchemyError as exc:
            raise ReplayGuardUnavailable(type(exc).__name__) from None
        self._cleanup_if_due(now)
        return first

    def _cleanup_if_due(self, now: float) -> None:
        """Delete a batch of expired rows every `cleanup_interval_s` (one thread at a time).

        A full batch means more are waiting: the next token check deletes the next batch.
        A failed delete costs nothing but the delay: the rows are only garbage.
        """
        if now < self._next_cleanup or not self._cleanup_lock.acquire(blocking=False):
            return
        try:
            self._next_cleanup = now + self._cleanup_interval_s
            if self._store.forget_expired_tokens(now, self._cleanup_batch) >= self._cleanup_batch:
                self._next_cleanup = now
        except SQLAlchemyError as exc:
            log.warning("expired token ids not deleted", extra={"error_type": type(exc).__name__})
        finally:
            self._cleanup_lock.release()
