"""Remember each accepted token id (`jti`) until its token expires, so a token works only once."""

from __future__ import annotations

import heapq

# Far above any real call rate for a 1 h token lifetime (EHR tokens usually live 5 min).
DEFAULT_MAX_ENTRIES = 200_000


class ReplayCacheFull(Exception):
    """More unexpired token ids than we keep: refuse rather than accept a possible replay."""


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
