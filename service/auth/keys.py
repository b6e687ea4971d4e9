"""Trusted EHRs' public signing keys (JWKS): fetched from configured URLs or files, and cached.

Only URLs from the settings are ever fetched (a token's `jku` is matched against them first),
and an unknown `kid` triggers at most one refetch per source per interval, so forged key ids
cannot turn us into a load generator against the EHR's key endpoint.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from service.auth import AuthFailure

log = logging.getLogger("service.auth.jwks")

# A JWKS of a few keys is 1-5 KB; anything far larger is not one.
MAX_JWKS_BYTES = 256 * 1024


class JwksTooLarge(ValueError):
    """The key endpoint sent more than MAX_JWKS_BYTES."""


@dataclass(frozen=True)
class KeySource:
    """Where one set of keys comes from: an https URL or a file on this machine."""

    url: str | None = None
    file: Path | None = None

    def __str__(self) -> str:
        return self.url or f"file:{self.file}"


@dataclass
class _Entry:
    keys: KeySet | None = None
    loaded_at: float = float("-inf")
    attempted_at: float = float("-inf")
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class JwksCache:
    """Keys per source, reloaded after `ttl_s` or, rate-limited, when a `kid` is unknown."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        ttl_s: float,
        min_refresh_interval_s: float,
        fetch_timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._ttl_s = ttl_s
        self._min_refresh_s = min_refresh_interval_s
        self._timeout_s = fetch_timeout_s
        self._clock = clock
        self._entries: dict[KeySource, _Entry] = {}

    async def key(self, source: KeySource, kid: str, key_type: str) -> Key:
        """The key with this id and type; AuthFailure when the source has none."""
        entry = self._entries.setdefault(source, _Entry())
        if entry.keys is not None and not self._expired(entry):
            # A key we hold is answered at once: it never queues behind another request's
            # refetch (a forged kid's, or a slow key endpoint's).
            found = _find(entry.keys, kid, key_type)
            if found is not None:
                return found
        found = await self._look_up(source, entry, kid, key_type)
        if found is not None:
            return found
        if entry.keys is None:
            raise AuthFailure("jwks-unavailable")
        raise AuthFailure("unknown-kid")

    async def _look_up(
        self, source: KeySource, entry: _Entry, kid: str, key_type: str
    ) -> Key | None:
        """Reload when due or when the kid is unknown, one request at a time per source.

        With keys cached, a request waits for another's reload at most one fetch deadline and
        then answers from the keys it has, so a queue of refetches cannot stall verification.
        """
        try:
            async with asyncio.timeout(self._timeout_s if entry.keys is not None else None):
                await entry.lock.acquire()
        except TimeoutError:
            return _find(entry.keys, kid, key_type)
        try:
            if entry.keys is None or self._expired(entry):
                await self._reload(source, entry)
            found = _find(entry.keys, kid, key_type)
            if found is None and self._may_refresh(entry):
                await self._reload(source, entry)
                found = _find(entry.keys, kid, key_type)
        finally:
            entry.lock.release()
        return found

    def _expired(self, entry: _Entry) -> bool:
        return self._clock() - entry.loaded_at >= self._ttl_s

    def _may_refresh(self, entry: _Entry) -> bool:
        return self._clock() - entry.attempted_at >= self._min_refresh_s

    async def _reload(self, source: KeySource, entry: _Entry) -> None:
        """Load the source once per interval at most; on failure keep the keys we had."""
        if not self._may_refresh(entry):
            return
        entry.attempted_at = self._clock()
        try:
            # One deadline for the whole download: httpx's timeout is per read, and a server
            # that trickles a byte at a time would otherwise hold this source's lock for long.
            async with asyncio.timeout(self._timeout_s):
                raw = await self._read(source)
            keys = KeySet.import_key_set(orjson.loads(raw))
        except (TimeoutError, httpx.HTTPError, OSError, orjson.JSONDecodeError, JoseError) as exc:
            log.warning(
                "JWKS could not be loaded",
                extra={"jwks_source": str(source), "cause": type(exc).__name__},
            )
            return
        except (KeyError, TypeError, ValueError) as exc:
            log.warning(
                "JWKS is not a key set",
                extra={"jwks_source": str(source), "cause": type(exc).__name__},
            )
            return
        entry.keys = keys
        entry.loaded_at = entry.attempted_at
        log.info("JWKS loaded", extra={"jwks_source": str(source), "keys": len(keys.keys)})

    async def _read(self, source: KeySource) -> bytes:
        if source.file is not None:
            return await asyncio.to_thread(source.file.read_bytes)
        if source.url is None:
            raise ValueError("a key source has a url or a file")
        async with self._http.stream(
            "GET", source.url, timeout=self._timeout_s, headers={"Accept": "application/json"}
        ) as response:
            if response.status_code != 200:
                raise httpx.HTTPStatusError(
                    f"JWKS answered HTTP {response.status_code}",
                    request=response.request,
                    response=response,
                )
            # Read no further than the limit: a huge or endless body is not a JWKS.
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_JWKS_BYTES:
                    raise JwksTooLarge("JWKS too large")
            return bytes(body)


def _find(keys: KeySet | None, kid: str, key_type: str) -> Key | None:
    """A signing key with this id and type (an EC and an RSA key may share an id)."""
    if keys is None:
        return None
    for key in keys:
        if key.kid == kid and key.key_type == key_type:
            return key
    return None
