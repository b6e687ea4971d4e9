"""Read FHIR data from the EHR's server when it was not prefetched, or only in part.

Only allow-listed base URLs are ever called (no SSRF through `fhirServer`), every request and
the whole call have time budgets (a hanging server must not make us miss the EHR's deadline),
and the bearer token is sent but never logged. Replies are read tolerantly: a member of the
wrong JSON type is a reply we cannot use, never an exception that fails the hook call.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from service.fhir_body import ACCEPT_ENCODING, BodyRefused, ByteAllowance, read_body


class FhirReadError(Exception):
    """A query gave no usable answer; the message names the cause, never the data or token.

    `status` is the server's HTTP status where it answered with one (None otherwise).
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


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


# Defaults of the byte limits (Settings.fhir_max_response_bytes / fhir_max_call_bytes).
DEFAULT_RESPONSE_BYTES = 2 * 1024 * 1024
DEFAULT_CALL_BYTES = 8 * 1024 * 1024


@dataclass
class FhirQueryBudget:
    """Shared deadline, and byte limits, of all FHIR requests of one hook call."""

    total_s: float
    request_s: float
    response_bytes: int = DEFAULT_RESPONSE_BYTES
    call_bytes: int = DEFAULT_CALL_BYTES
    started: float = 0.0
    allowance: ByteAllowance = field(init=False)

    def __post_init__(self) -> None:
        self.started = time.monotonic()
        self.allowance = ByteAllowance(self.call_bytes)

    def remaining(self) -> float:
        return self.total_s - (time.monotonic() - self.started)

    def timeout(self) -> float:
        remaining = self.remaining()
        if remaining <= 0:
            raise FhirReadError("time budget for FHIR queries used up")
        return min(self.request_s, remaining)


@dataclass
class Pages:
    """The bodies one query gave, page by page, and why reading stopped before the last page.

    A `problem` means the pages read are real data but not all of it: the caller keeps them
    and says the data is incomplete, rather than throwing away what it has.
    """

    bodies: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None


async def search(
    client: httpx.AsyncClient,
    base: str,
    query: str,
    token: str | None,
    budget: FhirQueryBudget,
    max_pages: int,
) -> Pages:
    """Run one prefetch query against `base` and follow its `next` links.

    Raises FhirReadError when the first page gives no answer; a later page that fails ends the
    reading with a `problem` and keeps the pages before it.
    """
    headers = _headers(token)
    base_norm = normalise_base(base)
    url = f"{base_norm}/{query.lstrip('/')}"
    first = await _get_json(client, url, headers, budget, is_read="?" not in query)
    if first.get("resourceType") == "OperationOutcome":
        raise FhirReadError("FHIR server answered with an OperationOutcome")
    pages = Pages([first])
    await _follow(client, base_norm, headers, budget, max_pages, pages)
    return pages


async def follow(
    client: httpx.AsyncClient,
    base: str,
    bundle: dict[str, Any],
    token: str | None,
    budget: FhirQueryBudget,
    max_pages: int,
) -> Pages:
    """The later pages of a Bundle we already hold (a paged prefetch), as `search` reads them.

    `bundle` counts as the first of `max_pages`. Never raises FhirReadError: a page that fails
    becomes the `problem`, and `bundle` with the pages before it is kept.
    """
    pages = Pages([bundle])
    try:
        base_norm = normalise_base(base)
    except (httpx.InvalidURL, ValueError):
        pages.problem = "the fhirServer URL is not usable; later pages not read"
        return pages
    await _follow(client, base_norm, _headers(token), budget, max_pages, pages)
    return pages


def next_link(bundle: dict[str, Any]) -> str | None:
    """The `next` link of a Bundle, or None; a `link` that is not a list of objects has none."""
    links = bundle.get("link")
    if not isinstance(links, list):
        return None
    for link in links:
        if isinstance(link, dict) and link.get("relation") == "next":
            url = link.get("url")
            if isinstance(url, str) and url.strip():
                return url.strip()
    return None


def _headers(token: str | None) -> dict[str, str]:
    headers = {"Accept": "application/fhir+json", "Accept-Encoding": ACCEPT_ENCODING}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _is_inside(url: str, base_norm: str) -> bool:
    """True when `url` lies under the FHIR base: a server must not steer us elsewhere."""
    try:
        return normalise_base(url).startswith(base_norm + "/")
    except (httpx.InvalidURL, ValueError):
        return False


async def _follow(
    client: httpx.AsyncClient,
    base_norm: str,
    headers: dict[str, str],
    budget: FhirQueryBudget,
    max_pages: int,
    pages: Pages,
) -> None:
    """Append the pages after `pages.bodies[-1]`, until the last, `max_pages` or a failure."""
    while (url := next_link(pages.bodies[-1])) is not None:
        page = len(pages.bodies) + 1
        if page > max_pages:
            pages.problem = f"only the first {max_pages} pages were read"
            return
        if not _is_inside(url, base_norm):
            pages.problem = "a next link points outside the FHIR server's base URL; not followed"
            return
        try:
            body = await _get_json(client, url, headers, budget, is_read=False)
        except FhirReadError as exc:
            pages.problem = f"page {page} could not be read: {exc}"
            return
        if body.get("resourceType") != "Bundle":
            pages.problem = f"page {page} is not a Bundle"
            return
        pages.bodies.append(body)


async def _get_json(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    budget: FhirQueryBudget,
    is_read: bool,
) -> dict[str, Any]:
    """One GET, its body streamed within the byte limits (service/fhir_body.py) and parsed.

    `asyncio.timeout` bounds the whole request, body included, so a server that trickles its
    answer cannot outlast the budget either; httpx's timeout bounds each network operation.
    """
    timeout = budget.timeout()
    try:
        async with asyncio.timeout(timeout):
            request = client.build_request("GET", url, headers=headers, timeout=timeout)
            response = await client.send(request, stream=True)
            try:
                if response.status_code == 404 and is_read:
                    # A read of a resource that does not exist is "no data", as a null prefetch is.
                    return {"resourceType": "Bundle", "entry": []}
                if response.status_code != 200:
                    raise FhirReadError(
                        f"FHIR server answered HTTP {response.status_code}", response.status_code
                    )
                content = await read_body(response, budget.response_bytes, budget.allowance)
            finally:
                await response.aclose()
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise FhirReadError("FHIR server timed out") from exc
    except httpx.InvalidURL as exc:
        raise FhirReadError("the FHIR query URL is not valid") from exc
    except httpx.HTTPError as exc:
        raise FhirReadError(f"FHIR server unreachable ({type(exc).__name__})") from exc
    except BodyRefused as exc:
        raise FhirReadError(str(exc)) from exc
    # The body is bounded (fhir_max_response_bytes), and that bound keeps this parse short:
    # orjson holds the interpreter lock, so a thread would not let other requests run either.
    # 2 MiB of Bundle entries parse in about 30 ms on our machines (bench/hostile.py).
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        raise FhirReadError("FHIR server sent malformed JSON") from exc
    if not isinstance(body, dict):
        raise FhirReadError("FHIR server sent JSON that is not a resource")
    return body
