"""The bounded reader of FHIR bodies: inflated by us, stopped at the limits, whatever the ratio."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from fixtures.fhir_server import gzip_bomb
from service.fhir_body import BodyRefused, ByteAllowance, read_body

MIB = 1024 * 1024


def _response(chunks: AsyncIterator[bytes], encoding: str | None = None) -> httpx.Response:
    headers = {"Content-Encoding": encoding} if encoding else {}
    return httpx.Response(200, headers=headers, content=chunks)


async def _pieces(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _read(response: httpx.Response, limit: int, allowance: ByteAllowance) -> bytearray:
    return asyncio.run(read_body(response, limit, allowance))


def test_a_gzip_bomb_is_stopped_after_little_of_it_was_sent() -> None:
    sent = 0

    async def counted() -> AsyncIterator[bytes]:
        nonlocal sent
        async for chunk in gzip_bomb(1024 * MIB):
            sent += len(chunk)
            yield chunk

    allowance = ByteAllowance(16 * MIB)
    with pytest.raises(BodyRefused, match="per response"):
        _read(_response(counted(), "gzip"), MIB, allowance)
    assert sent < 64 * 1024  # ~1 KB a MiB inflated: a few KB, never the 1 GiB bomb
    assert allowance.left >= 15 * MIB  # what was refused was not charged to the call


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        pytest.param("gzip", gzip.compress(b'{"resourceType":"Bundle"}'), id="gzip"),
        pytest.param("deflate", zlib.compress(b'{"resourceType":"Bundle"}'), id="zlib-deflate"),
        pytest.param(
            "deflate", zlib.compress(b'{"resourceType":"Bundle"}', wbits=-15), id="raw-deflate"
        ),
        pytest.param(None, b'{"resourceType":"Bundle"}', id="identity"),
    ],
)
def test_each_encoding_we_ask_for_is_read(encoding: str | None, packed: bytes) -> None:
    body = _read(_response(_pieces(packed, 7), encoding), MIB, ByteAllowance(MIB))
    assert bytes(body) == b'{"resourceType":"Bundle"}'


def test_the_call_allowance_is_shared_by_its_answers() -> None:
    allowance = ByteAllowance(300 * 1024)
    data = b" " * (200 * 1024)
    assert len(_read(_response(_pieces(data)), MIB, allowance)) == len(data)
    with pytest.raises(BodyRefused, match="per call"):
        _read(_response(_pieces(data)), MIB, allowance)


@pytest.mark.parametrize(
    ("encoding", "packed", "why"),
    [
        pytest.param("gzip", gzip.compress(b"{}" * 1000)[:-12], "truncated", id="truncated"),
        pytest.param("gzip", b"not gzip at all", "does not inflate", id="not-gzip"),
        pytest.param("br", b"\x0b\x02\x80{}\x03", "Content-Encoding", id="brotli"),
    ],
)
def test_a_body_that_is_not_what_it_says_is_refused(encoding: str, packed: bytes, why: str) -> None:
    with pytest.raises(BodyRefused, match=why):
        _read(_response(_pieces(packed), encoding), MIB, ByteAllowance(MIB))


def test_a_plain_flood_stops_at_the_limit() -> None:
    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b" " * 65536

    with pytest.raises(BodyRefused, match="per response"):
        _read(_response(endless()), MIB, ByteAllowance(16 * MIB))
