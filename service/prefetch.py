"""Prefetch-or-fetch: give each prefetch key its resources, however the EHR sent them.

Spec semantics per key: present → use it; `null` or an empty Bundle → no data; an
OperationOutcome (alone or in a Bundle) → the EHR failed, so we fetch it ourselves; absent →
we fetch it ourselves from `fhirServer`. Entries are read one by one: a malformed one is
skipped and counted, the rest still count.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Coroutine, Mapping
from typing import Any

import httpx

from service.cds.contract import FetchedData
from service.cds.models import HookRequest
from service.errors import InvalidRequest
from service.fhir_client import FhirQueryBudget, FhirReadError, is_allowed, search
from service.settings import Settings

log = logging.getLogger("service.prefetch")

_TOKEN = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
_USER_TOKENS = {
    "userPractitionerId": "Practitioner",
    "userPractitionerRoleId": "PractitionerRole",
    "userPatientId": "Patient",
    "userRelatedPersonId": "RelatedPerson",
}


def render_template(template: str, context: Mapping[str, Any]) -> str | None:
    """Fill the CDS Hooks 2.0 tokens; None when a token cannot be filled from this context."""
    unresolved = False

    def fill(match: re.Match[str]) -> str:
        nonlocal unresolved
        token = match.group(1)
        value: Any = None
        if token.startswith("context."):
            value = context.get(token.removeprefix("context."))
        elif token in _USER_TOKENS:
            kind, _, ident = str(context.get("userId", "")).partition("/")
            value = ident if kind == _USER_TOKENS[token] else None
        if not isinstance(value, str | int) or value == "":
            unresolved = True
            return ""
        return str(value)

    rendered = _TOKEN.sub(fill, template)
    return None if unresolved else rendered


def _is_outcome(value: Any) -> bool:
    """An OperationOutcome, or a Bundle whose only entries are OperationOutcomes."""
    if not isinstance(value, dict):
        return False
    if value.get("resourceType") == "OperationOutcome":
        return True
    if value.get("resourceType") == "Bundle":
        resources = [e.get("resource") for e in value.get("entry") or [] if isinstance(e, dict)]
        return bool(resources) and all(
            isinstance(r, dict) and r.get("resourceType") == "OperationOutcome" for r in resources
        )
    return False


def read_entries(value: Any) -> tuple[tuple[dict[str, Any], ...], int]:
    """The resources of a prefetch value, and how many entries were malformed and skipped."""
    if value is None:
        return (), 0
    if not isinstance(value, dict):
        return (), 1
    if value.get("resourceType") != "Bundle":
        return ((value,), 0) if isinstance(value.get("resourceType"), str) else ((), 1)
    good: list[dict[str, Any]] = []
    skipped = 0
    entries = value.get("entry")
    if entries is None:
        return (), 0
    if not isinstance(entries, list):
        return (), 1
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str):
            if resource["resourceType"] != "OperationOutcome":
                good.append(resource)
        else:
            skipped += 1
    return tuple(good), skipped


async def resolve(
    request: HookRequest,
    templates: Mapping[str, str],
    settings: Settings,
    client: httpx.AsyncClient,
    allowlist: tuple[str, ...],
) -> dict[str, FetchedData]:
    """Resolve every template of the service to resources, fetching what the EHR did not send.

    `allowlist` holds the FHIR servers this caller may name in `fhirServer`: the calling
    issuer's `fhir_servers`, or the global allow-list in local demo mode. No other is called.
    """
    prefetch = request.prefetch or {}
    result: dict[str, FetchedData] = {}
    to_fetch: list[str] = []
    for key in templates:
        if key in prefetch and not _is_outcome(prefetch[key]):
            resources, skipped = read_entries(prefetch[key])
            result[key] = FetchedData(key, resources, True, "prefetch", skipped)
        else:
            to_fetch.append(key)
    if to_fetch:
        budget = FhirQueryBudget(settings.fhir_total_budget_s, settings.fhir_request_timeout_s)
        fetched = await asyncio.gather(
            *(
                _within_budget(
                    key,
                    _fetch(key, templates[key], request, settings, client, allowlist, budget),
                    budget,
                )
                for key in to_fetch
            )
        )
        result.update({data.key: data for data in fetched})
    for data in result.values():
        if data.skipped_malformed:
            log.warning(
                "skipped malformed prefetch entries",
                extra={"prefetch_key": data.key, "skipped": data.skipped_malformed},
            )
    return result


async def _within_budget(
    key: str, fetch: Coroutine[Any, Any, FetchedData], budget: FhirQueryBudget
) -> FetchedData:
    """A hard deadline: however a server trickles its answer, we stop at the call's budget."""
    try:
        return await asyncio.wait_for(fetch, timeout=max(budget.remaining(), 0.001))
    except TimeoutError:
        log.warning("FHIR query stopped at the time budget", extra={"prefetch_key": key})
        return FetchedData(
            key, (), False, "none", 0, "not prefetched and the FHIR server was too slow"
        )


async def _fetch(
    key: str,
    template: str,
    request: HookRequest,
    settings: Settings,
    client: httpx.AsyncClient,
    allowlist: tuple[str, ...],
    budget: FhirQueryBudget,
) -> FetchedData:
    def missing(problem: str) -> FetchedData:
        return FetchedData(key, (), False, "none", 0, problem)

    if request.fhir_server is None:
        return missing("not prefetched and no fhirServer to query")
    if not is_allowed(request.fhir_server, allowlist):
        log.warning("fhirServer not on the allow-list; not called", extra={"prefetch_key": key})
        return missing("not prefetched; the EHR's FHIR server is not on our allow-list")
    query = render_template(template, request.context)
    if query is None:
        return missing("not prefetched; the query needs context the hook did not send")
    token = (
        request.fhir_authorization.access_token.get_secret_value()
        if request.fhir_authorization
        else None
    )
    try:
        resources, truncated = await search(
            client, request.fhir_server, query, token, budget, settings.fhir_max_pages
        )
    except FhirReadError as exc:
        log.warning("FHIR query failed", extra={"prefetch_key": key, "reason": str(exc)})
        return missing(f"not prefetched and the FHIR server query failed: {exc}")
    good = tuple(r for r in resources if isinstance(r.get("resourceType"), str))
    problem = f"only the first {settings.fhir_max_pages} pages were read" if truncated else None
    return FetchedData(key, good, True, "fhir-server", len(resources) - len(good), problem)


def ensure_context(request: HookRequest, required: tuple[str, ...]) -> None:
    """The hook's context members that this service cannot work without."""
    absent = [name for name in required if request.context.get(name) in (None, "", [], {})]
    if absent:
        raise InvalidRequest(f"context is missing required member(s): {', '.join(absent)}")
