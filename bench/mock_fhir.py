"""A fast mock FHIR server for the long-history series (bench/long_history.py).

One process serves every configuration under its own base URL,
`/{observations}/{latency_ms}/{page}/{mode}/fhir`: the bench fixture's chart with that many
Observations (the fixture's own first, then laboratory results that decide nothing), each
answer after `latency_ms`, at most `page` entries a page whatever `_count` asks (as HAPI caps
it), and in mode `refuse` a 400 for any search by code (a server that does not support it).
Searches are answered from precomputed matches (token search on `code`, `combo-code`, `status`),
so the server's own cost stays far below the latency it simulates. `GET /_stats?base=…` gives
and clears the searches made under a base: (type, query, matches) per request, for the bench
to count requests against the issue's bound.

Run by the bench: `python -m bench.mock_fhir --port N`.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
import uvicorn

from bench.workload import ORDER_SIGN, _lab_result, load_request

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
_TYPES = {
    "conditions": "Condition",
    "observations": "Observation",
    "medications": "MedicationRequest",
    "medicationStatements": "MedicationStatement",
    "procedures": "Procedure",
}
_TOKEN_PARAMETERS = {"code", "combo-code", "status"}
_STATS: dict[str, list[tuple[str, str, int]]] = {}


@lru_cache(maxsize=1)
def _template() -> dict[str, Any]:
    return load_request(*ORDER_SIGN)


def request_template() -> dict[str, Any]:
    """The bench's order-sign call, dates moved to today, once a process: every chart and call
    of a run then has the same dates, so their cards can be compared as they are."""
    return copy.deepcopy(_template())


@lru_cache(maxsize=8)
def chart(observations: int) -> dict[str, tuple[dict[str, Any], ...]]:
    """The fixture's resources by type, with `observations` Observations in all."""
    request = request_template()
    patient = request["context"]["patientId"]
    found: dict[str, tuple[dict[str, Any], ...]] = {}
    for key, kind in _TYPES.items():
        bundle = request["prefetch"].get(key) or {}
        found[kind] = tuple(e["resource"] for e in bundle.get("entry", []))
    own = found["Observation"]
    labs = (_lab_result(n, patient) for n in range(len(own), observations))
    found["Observation"] = (*own, *labs)
    # Out of the collector's sight: a full collection walking 50,000 records would add its
    # pause to the latency the mock is meant to simulate exactly.
    gc.collect()
    gc.freeze()
    return found


def _tokens(value: str) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    exact, systems, bare = set(), set(), set()
    for token in value.split(","):
        if "|" not in token:
            bare.add(token)
        else:
            system, _, code = token.rpartition("|")
            (exact.add((system, code)) if code else systems.add(system))
    return exact, systems, bare


def _concepts(resource: dict[str, Any], parameter: str) -> list[Any]:
    if parameter == "status":
        return [{"coding": [{"code": resource.get("status")}]}]
    concepts = [resource.get("code")]
    if parameter == "combo-code":
        concepts += [c.get("code") for c in resource.get("component", []) if isinstance(c, dict)]
    return concepts


def _holds(resource: dict[str, Any], parameter: str, value: str) -> bool:
    exact, systems, bare = _tokens(value)
    for concept in _concepts(resource, parameter):
        for coding in (concept or {}).get("coding", []) if isinstance(concept, dict) else ():
            system, code = coding.get("system"), coding.get("code")
            if (system, code) in exact or system in systems or code in bare:
                return True
    return False


@lru_cache(maxsize=256)
def _matches(observations: int, kind: str, query: str) -> tuple[dict[str, Any], ...]:
    resources = chart(observations).get(kind, ())
    for name, value in parse_qsl(query):
        if name in _TOKEN_PARAMETERS:
            resources = tuple(r for r in resources if _holds(r, name, value))
    return resources


@lru_cache(maxsize=4096)
def _page(base: str, observations: int, kind: str, query: str, offset: int, count: int) -> bytes:
    matches = _matches(observations, kind, query)
    entries = matches[offset : offset + count]
    links = [{"relation": "self", "url": f"{base}/{kind}?{query}&_offset={offset}"}]
    if offset + count < len(matches):
        links.append({"relation": "next", "url": f"{base}/{kind}?{query}&_offset={offset + count}"})
    return orjson.dumps(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(matches),
            "link": links,
            "entry": [{"fullUrl": f"{base}/{kind}/{r['id']}", "resource": r} for r in entries],
        }
    )


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        return await send({"type": "lifespan.shutdown.complete"})
    if scope["type"] != "http":
        return
    path: str = scope["path"]
    params = parse_qsl(scope["query_string"].decode())
    if path == "/healthz":
        return await _answer(send, 200, b'{"status":"ok"}')
    if path == "/_stats":
        base = dict(params).get("base", "")
        return await _answer(send, 200, orjson.dumps(_STATS.pop(base, [])))
    parts = path.strip("/").split("/")
    if len(parts) < 6 or parts[4] != "fhir":
        return await _answer(send, 404, b'{"resourceType":"OperationOutcome"}')
    observations, latency_ms, page, mode = int(parts[0]), int(parts[1]), int(parts[2]), parts[3]
    base = f"http://{dict(scope['headers'])[b'host'].decode()}/" + "/".join(parts[:5])
    await asyncio.sleep(latency_ms / 1000)
    kind, rest = parts[5], parts[6:]
    if rest:  # a read: the fixture's resource, or 404
        found = [r for r in chart(observations).get(kind, ()) if r.get("id") == rest[0]]
        body = orjson.dumps(found[0]) if found else b'{"resourceType":"OperationOutcome"}'
        _STATS.setdefault(base, []).append((kind, f"_id={rest[0]}", len(found)))
        return await _answer(send, 200 if found else 404, body)
    offset = int(dict(params).get("_offset", 0))
    count = min(int(dict(params).get("_count", page)), page)
    query = urlencode([(k, v) for k, v in params if k not in ("_offset", "_count")])
    narrowed = any(k in ("code", "combo-code") for k, _ in params)
    if mode == "refuse" and narrowed:
        _STATS.setdefault(base, []).append((kind, query, -1))
        return await _answer(send, 400, b'{"resourceType":"OperationOutcome"}')
    _STATS.setdefault(base, []).append((kind, query, len(_matches(observations, kind, query))))
    return await _answer(send, 200, _page(base, observations, kind, query, offset, count))


async def _answer(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/fhir+json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mock_fhir")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
