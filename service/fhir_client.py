"""Read FHIR data from the EHR's server when it was not prefetched.

Only allow-listed base URLs are ever called (no SSRF through `fhirServer`), every request and
the whole call have time budgets (a hanging server must not make us miss the EHR's deadline),
and the bearer token is sent but never logged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson


class FhirReadError(Exception):
    """A query gave no usable answer; the message names the cause, never the data or token."""


def normalise_base(url: str) -> str:
    """Compare base URLs without a trailing slash and with a lower-case scheme and host."""
    parsed = httpx.URL(url.strip())
    return str(parsed.copy_with(path=parsed.path.rstrip("/") or "")).rstrip("/")


def is_allowed(base: str, allowlist: tuple[str, ...]) -> bool:
    """True when `base` is exactly one of the allowed FHIR base URLs."""
    try:
        wanted = normalise_base(base)
    except (httpx.InvalidURL, ValueError):
        return False
    return wanted in {normalise_base(a) for a in allowlist}


@dataclass
class FhirQueryBudget:
    """Shared deadline of all FHIR requests of one hook call."""

    total_s: float
    request_s: float
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.monotonic()

    def remaining(self) -> float:
        return self.total_s - (time.monotonic() - self.started)

    def timeout(self) -> float:
        remaining = self.remaining()
        if remaining <= 0:
            raise FhirReadError("time budget for FHIR queries used up")
        return min(self.request_s, remaining)


async def search(
    client: httpx.AsyncClient,
    base: str,
    query: str,
    token: str | None,
    budget: FhirQueryBudget,
    max_pages: int,
) -> tuple[list[dict[str, Any]], bool]:
    """Run one prefetch query against `base`: its resources, and whether pages were left unread.

    `next` links are followed up to `max_pages`; a `next` link that leaves `base` is not
    followed: a server must not steer us elsewhere.
    """
    headers = {"Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    base_norm = normalise_base(base)
    url = f"{base_norm}/{query.lstrip('/')}"
    resources: list[dict[str, Any]] = []
    for _ in range(max_pages):
        body = await _get_json(client, url, headers, budget.timeout(), is_read="?" not in query)
        if body.get("resourceType") != "Bundle":
            if body.get("resourceType") == "OperationOutcome":
                raise FhirReadError("FHIR server answered with an OperationOutcome")
            resources.append(body)
            return resources, False
        for entry in body.get("entry") or []:
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                resources.append(entry["resource"])
        next_url = _next_link(body)
        if next_url is None:
            return resources, False
        if not normalise_base(next_url).startswith(base_norm + "/"):
            raise FhirReadError("FHIR server sent a next link outside its base URL")
        url = next_url
    return resources, True


async def _get_json(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], timeout: float, is_read: bool
) -> dict[str, Any]:
    try:
        response = await client.get(url, headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise FhirReadError("FHIR server timed out") from exc
    except httpx.HTTPError as exc:
        raise FhirReadError(f"FHIR server unreachable ({type(exc).__name__})") from exc
    if response.status_code == 404 and is_read:
        # A read of a resource that does not exist is "no data", as a null prefetch is.
        return {"resourceType": "Bundle", "entry": []}
    if response.status_code != 200:
        raise FhirReadError(f"FHIR server answered HTTP {response.status_code}")
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise FhirReadError("FHIR server sent malformed JSON") from exc
    if not isinstance(body, dict):
        raise FhirReadError("FHIR server sent JSON that is not a resource")
    return body


def _next_link(bundle: dict[str, Any]) -> str | None:
    for link in bundle.get("link") or []:
        if isinstance(link, dict) and link.get("relation") == "next" and link.get("url"):
            return str(link["url"])
    return None
