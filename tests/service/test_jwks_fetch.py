"""JWKS downloads are bounded: in total time, in size, and in how long they make others wait.

A trusted EHR's key endpoint that trickles its answer (each read quick, the whole slow) or sends
an endless body must not hold the per-source lock, nor the verifications behind it, for long.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import httpx
import orjson
import pytest
import respx

from service.auth import AuthFailure
from service.auth.keys import MAX_JWKS_BYTES, JwksCache, KeySource
from tests.service.tokens import SANDBOX_JKU, SANDBOX_KEY, SANDBOX_KID, es384_key, jwks

DEADLINE_S = 0.3
SOURCE = KeySource(url=SANDBOX_JKU)


class _Clock:
    """The cache's clock for TTL and refresh interval; the fetch deadline runs on real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _trickle(body: bytes, pause_s: float) -> AsyncIterator[bytes]:
    """The body a byte at a time, each byte well within any per-read timeout."""
    for byte in body:
        await asyncio.sleep(pause_s)
        yield bytes([byte])


def _cache(http: httpx.AsyncClient, clock: Callable[[], float] | None = None) -> JwksCache:
    return JwksCache(
        http,
        ttl_s=3600,
        min_refresh_interval_s=1,
        fetch_timeout_s=DEADLINE_S,
        clock=clock or _Clock(),
    )


def test_a_trickling_key_endpoint_is_given_up_after_the_fetch_deadline() -> None:
    body = orjson.dumps(jwks(SANDBOX_KEY))  # a few hundred bytes at 10 ms each: seconds in all

    async def run() -> float:
        with respx.mock() as router:
            router.get(SANDBOX_JKU).mock(
                side_effect=lambda _request: httpx.Response(200, content=_trickle(body, 0.01))
            )
            async with httpx.AsyncClient() as http:
                started = time.monotonic()
                with pytest.raises(AuthFailure, match="jwks-unavailable"):
                    await asyncio.wait_for(_cache(http).key(SOURCE, SANDBOX_KID, "EC"), 10)
                return time.monotonic() - started

    assert asyncio.run(run()) < DEADLINE_S + 0.5


def test_an_endless_body_is_not_read_past_the_size_limit() -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        chunk = b" " * 16384
        while True:
            sent += len(chunk)
            yield chunk
            await asyncio.sleep(0)

    async def run() -> None:
        with respx.mock() as router:
            router.get(SANDBOX_JKU).mock(
                side_effect=lambda _request: httpx.Response(200, content=endless())
            )
            async with httpx.AsyncClient() as http:
                cache = JwksCache(
                    http, ttl_s=3600, min_refresh_interval_s=1, fetch_timeout_s=10, clock=_Clock()
                )
                with pytest.raises(AuthFailure, match="jwks-unavailable"):
                    await asyncio.wait_for(cache.key(SOURCE, SANDBOX_KID, "EC"), 20)

    asyncio.run(run())
    assert MAX_JWKS_BYTES < sent <= MAX_JWKS_BYTES + 2 * 16384


def test_a_known_key_does_not_wait_behind_a_slow_refetch_for_an_unknown_kid() -> None:
    clock = _Clock()
    body = orjson.dumps(jwks(SANDBOX_KEY))
    answers = iter(
        [
            httpx.Response(200, content=body),
            # The refetch for a forged kid: slower than any deadline.
            httpx.Response(200, content=_trickle(body, 1.0)),
        ]
    )

    async def run() -> tuple[float, float]:
        with respx.mock() as router:
            route = router.get(SANDBOX_JKU).mock(side_effect=lambda _request: next(answers))
            async with httpx.AsyncClient() as http:
                cache = _cache(http, clock)
                assert (await cache.key(SOURCE, SANDBOX_KID, "EC")).kid == SANDBOX_KID
                clock.now += 2  # past the refresh interval: an unknown kid may refetch

                async def timed(kid: str) -> float:
                    started = time.monotonic()
                    with contextlib.suppress(AuthFailure):
                        await cache.key(SOURCE, kid, "EC")
                    return time.monotonic() - started

                forged = asyncio.create_task(timed(str(es384_key("forged").kid)))
                await asyncio.sleep(0.05)  # the forged kid's refetch holds the lock now
                known = await asyncio.wait_for(timed(SANDBOX_KID), 10)
                forged_s = await asyncio.wait_for(forged, 10)
                assert route.call_count == 2
                return known, forged_s

    known_s, forged_s = asyncio.run(run())
    assert known_s < 0.1
    assert forged_s < DEADLINE_S + 0.5


def test_an_expired_cache_waits_at_most_one_deadline_then_uses_the_keys_it_has() -> None:
    clock = _Clock()
    body = orjson.dumps(jwks(SANDBOX_KEY))
    answers = iter(
        [httpx.Response(200, content=body), httpx.Response(200, content=_trickle(body, 1.0))]
    )

    async def run() -> float:
        with respx.mock() as router:
            router.get(SANDBOX_JKU).mock(side_effect=lambda _request: next(answers))
            async with httpx.AsyncClient() as http:
                cache = _cache(http, clock)
                await cache.key(SOURCE, SANDBOX_KID, "EC")
                clock.now += 3601  # past the TTL: the next lookup reloads, slowly
                reloading = asyncio.create_task(cache.key(SOURCE, SANDBOX_KID, "EC"))
                await asyncio.sleep(0.05)
                started = time.monotonic()
                key = await asyncio.wait_for(cache.key(SOURCE, SANDBOX_KID, "EC"), 10)
                waited = time.monotonic() - started
                assert key.kid == SANDBOX_KID
                assert (await asyncio.wait_for(reloading, 10)).kid == SANDBOX_KID  # kept keys
                return waited

    assert asyncio.run(run()) < DEADLINE_S + 0.5
