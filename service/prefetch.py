"""Prefetch-or-fetch: give each prefetch key its resources, however the EHR sent them.

Spec semantics per key: present → use it; `null` or an empty Bundle → no data; an
OperationOutcome (alone or in a Bundle) → the EHR failed, so we fetch it ourselves; absent,
or no readable answer to its query (service/searchset.py) → we fetch it from `fhirServer`. A prefetched Bundle with a `next` link is read on
from `fhirServer` as our own search is. Entries are read one by one: a malformed one is
skipped and counted, the rest still count; a resource of another patient is left out. What
cannot be read (in full) is marked on its key, so the cards say so, and never fails the call.

A service may name resource types whose references it needs (`CDSService.resolve_references`,
e.g. the Medication a MedicationStatement points to): a reference to one that no key holds is
read from `fhirServer` (at most MAX_REFERENCE_READS a call, within the FHIR budget) and added
to the key that referenced it; one that cannot be read marks that key incomplete.

Each read of the FHIR server (or one we had to leave out) is counted by its outcome in
`cds_fhir_queries_total` (service/metrics.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Collection, Coroutine, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx

from service import metrics
from service.cds.contract import FetchedData
from service.cds.models import HookRequest
from service.cds.query_plan import NarrowedKey
from service.errors import InvalidRequest
from service.fhir_client import (
    FhirQueryBudget,
    FhirReadError,
    follow,
    is_allowed,
    next_link,
    normalise_base,
    search,
)
from service.query_narrowing import refuses_query
from service.searchset import unreadable
from service.settings import Settings

log = logging.getLogger("service.prefetch")
_R = TypeVar("_R", bound=Mapping[str, Any])

_TOKEN = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
# `Patient/{id}` at the end of a relative or absolute reference, optionally with its version.
_PATIENT_REFERENCE = re.compile(r"(?:^|/)Patient/([^/?#]+)(?:/_history/[^/?#]+)?$")
# FHIR R4 id, and a relative reference `Type/id` (userId, order-dispatch's performer).
_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_FHIR_REFERENCE = re.compile(r"[A-Z][A-Za-z]{0,63}/[A-Za-z0-9\-.]{1,64}")
_REFERENCE_MEMBERS = frozenset({"userId", "performer"})
# A reference `Type/id` (optionally versioned) at the end of a relative or absolute URL.
_TYPED_REFERENCE = re.compile(
    r"^(?:(?P<base>.+)/)?(?P<type>[A-Z][A-Za-z]{0,63})/(?P<id>[A-Za-z0-9\-.]{1,64})"
    r"(?:/_history/[^/?#]+)?$"
)
# Referenced resources read per call at most; more are left unread and their keys marked.
MAX_REFERENCE_READS = 10
# Context members that the CDS Hooks Library defines as a Bundle of resources.
_BUNDLE_MEMBERS = frozenset({"draftOrders", "appointments"})
_USER_TOKENS = {
    "userPractitionerId": "Practitioner",
    "userPractitionerRoleId": "PractitionerRole",
    "userPatientId": "Patient",
    "userRelatedPersonId": "RelatedPerson",
}


def render_template(template: str, context: Mapping[str, Any]) -> str | None:
    """Fill the CDS Hooks 2.0 tokens; None when a token cannot be filled from this context.

    A value that is not a FHIR id (or `Type/id` for a reference member) is refused with 400:
    `patientId: "x&_include=*"` must not add parameters to a query sent with the EHR's token.
    The value is URL-encoded as well, so no value can change the query whatever its checks.
    """
    unresolved = False

    def fill(match: re.Match[str]) -> str:
        nonlocal unresolved
        value, reference = _token_fill(match.group(1), context)
        if value is None:
            unresolved = True
            return ""
        return quote(value, safe="/" if reference else "")

    rendered = _TOKEN.sub(fill, template)
    return None if unresolved else rendered


def _token_fill(token: str, context: Mapping[str, Any]) -> tuple[str | None, bool]:
    """A token's value (None when this context cannot fill it; 400 when it is not a FHIR id),
    and whether it is a reference `Type/id`, whose `/` stays unencoded."""
    if token.startswith("context."):
        name = token.removeprefix("context.")
        return _token_value(name, context.get(name)), name in _REFERENCE_MEMBERS
    if token in _USER_TOKENS:
        user = _token_value("userId", context.get("userId"))
        kind, _, ident = (user or "").partition("/")
        return (ident if kind == _USER_TOKENS[token] else None), False
    return None, False


def _token_value(name: str, value: Any) -> str | None:
    """A context member as a prefetch token: None when absent, 400 when not a FHIR id."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidRequest(f"context.{name} must be a string")
    if name in _REFERENCE_MEMBERS:
        if not _FHIR_REFERENCE.fullmatch(value):
            raise InvalidRequest(f"context.{name} is not a FHIR reference of the form Type/id")
    elif not _FHIR_ID.fullmatch(value):
        raise InvalidRequest(f"context.{name} is not a FHIR id (A-Z, a-z, 0-9, '-', '.'; 1-64)")
    return value


def _is_outcome(value: Any) -> bool:
    """An OperationOutcome, or a Bundle whose only entries are OperationOutcomes."""
    if not isinstance(value, dict):
        return False
    if value.get("resourceType") == "OperationOutcome":
        return True
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        if not isinstance(entries, list):
            return False
        # Stops at the first entry that is not an OperationOutcome: every ordinary Bundle is
        # asked this on every call, and its first entry answers.
        outcomes = False
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            resource = entry.get("resource")
            if not isinstance(resource, dict) or resource.get("resourceType") != "OperationOutcome":
                return False
            outcomes = True
        return outcomes
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
        if not isinstance(resource, dict):
            skipped += 1
            continue
        kind = resource.get("resourceType")
        if not isinstance(kind, str):
            skipped += 1
        elif kind != "OperationOutcome":
            good.append(resource)
    return tuple(good), skipped


def names_another_patient(resource: Mapping[str, Any], patient_id: str) -> bool:
    """True when `subject` or `patient` references a Patient other than `Patient/{patient_id}`.

    Spec § Prefetch: the service checks prefetched data against its template, and a template
    asks for `patient={{context.patientId}}`; an EHR or server bug that mixes in another
    patient's record must not become this patient's facts. A full URL or a versioned reference
    to the same patient is the same patient; a reference we cannot read as a Patient (a Group, a
    `urn:uuid:`, an identifier only) and a resource without subject or patient are kept.
    """
    return not _of_this_patient([resource], patient_id)


def _same_patient_reference(patient_id: str) -> str | None:
    """`Patient/{patient_id}` when that exact text can only name this patient, else None.

    The fast path of the patient check: nearly every reference is exactly this text. For a
    FHIR id (no `/`, `?`, `#` or blank) the pattern reads it as this patient, so a string
    comparison gives the same answer; any other id leaves every reference to the pattern.
    """
    return f"Patient/{patient_id}" if _FHIR_ID.fullmatch(patient_id) else None


def _of_this_patient(resources: Iterable[_R], patient_id: str) -> list[_R]:
    """The resources that `names_another_patient` keeps, in their order.

    One loop for a key's resources (dozens a call, each checked), not a call per resource.
    """
    same = _same_patient_reference(patient_id)
    kept: list[_R] = []
    for resource in resources:
        for element in ("subject", "patient"):
            reference = resource.get(element)
            if not isinstance(reference, dict):
                continue
            text = reference.get("reference")
            if text == same or not isinstance(text, str):
                continue
            named = _PATIENT_REFERENCE.search(text.strip())
            if named is not None and named.group(1) != patient_id:
                break
        else:
            kept.append(resource)
    return kept


async def resolve(
    request: HookRequest,
    templates: Mapping[str, str],
    settings: Settings,
    client: httpx.AsyncClient,
    allowlist: tuple[str, ...],
    references: Collection[str] = (),
    service_id: str = metrics.UNKNOWN,
    broad: Mapping[str, NarrowedKey] = {},
) -> dict[str, FetchedData]:
    """Resolve every template of the service to resources, fetching what the EHR did not send.

    `allowlist` holds the FHIR servers this caller may name in `fhirServer`: the calling
    issuer's `fhir_servers`, or the global allow-list in local demo mode. No other is called.
    A prefetched Bundle with a `next` link is read on from `fhirServer` in the same way as our
    own search (spec: the EHR MAY page its prefetch). Whatever goes wrong with one key makes
    that key unavailable or incomplete, never the whole call fail. `references` are the
    resource types whose referenced resources are read when no key holds them. `service_id`
    labels the FHIR reads in the metrics. `broad` holds the narrowed keys (by code): whatever a
    narrowed key holds is cut to what its query asks for, and where the server refuses the
    query, its broad one is read instead (service/query_narrowing.py).
    """
    prefetch = request.prefetch or {}
    reader = _Reader(request, settings, client, allowlist, service_id, broad)
    result: dict[str, FetchedData] = {}
    pending: dict[str, tuple[Coroutine[Any, Any, FetchedData], FetchedData]] = {}
    for key, template in templates.items():
        value = prefetch.get(key)
        if key not in prefetch or _is_outcome(value):
            pending[key] = (reader.fetch(key, template), _missing(key, ""))
            continue
        if (why := unreadable(value, template)) is not None:
            # Unreadable is not empty (service/searchset.py): as if the key were missing.
            log.warning("prefetch value unreadable", extra={"prefetch_key": key, "reason": why})
            unread = f"the prefetch is {why}"
            pending[key] = (reader.fetch(key, template, unread), _missing(key, unread))
            continue
        held = _guarded(key, partial(reader.collect, key, [value], "prefetch"))
        if isinstance(value, dict) and held.available and next_link(value) is not None:
            pending[key] = (reader.read_on(key, value), held)
        else:
            result[key] = held
    if pending:
        fetched = await asyncio.gather(
            *(
                _within_budget(key, fetch, fallback, reader.budget, reader.service_id)
                for key, (fetch, fallback) in pending.items()
            )
        )
        result.update({data.key: data for data in fetched})
    for data in result.values():
        if data.skipped_malformed:
            log.warning(
                "skipped malformed prefetch entries",
                extra={"prefetch_key": data.key, "skipped": data.skipped_malformed},
            )
    resolved = {key: result[key] for key in templates}
    if references:
        resolved = await _references_within_budget(reader, resolved, frozenset(references))
    return resolved


async def _references_within_budget(
    reader: _Reader, data: dict[str, FetchedData], types: frozenset[str]
) -> dict[str, FetchedData]:
    """`reader.read_references`, stopped at the call's budget like every other FHIR read."""
    try:
        return await asyncio.wait_for(
            reader.read_references(data, types), timeout=max(reader.budget.remaining(), 0.001)
        )
    except TimeoutError:
        metrics.fhir_query(reader.service_id, metrics.FHIR_TIMEOUT)
        problem = "referenced resources not read: the FHIR server was too slow"
    except Exception as exc:
        metrics.fhir_query(reader.service_id, metrics.FHIR_ERROR)
        log.error("reading references failed", extra={"error_type": type(exc).__name__})
        problem = "referenced resources could not be read"
    wanted = _wanted(data, types, reader.request.fhir_server)
    return _mark(data, {key for keys in wanted.values() for key in keys}, problem)


def _references(
    resource: Mapping[str, Any], types: frozenset[str], base: str | None
) -> Iterator[tuple[str, str]]:
    """The (type, id) of each top-level reference of a wanted type, relative or under `base`.

    An absolute reference to another server, or a contained (`#id`) one, is not ours to read.
    """
    for value in resource.values():
        for item in value if isinstance(value, list) else (value,):
            text = item.get("reference") if isinstance(item, dict) else None
            if not isinstance(text, str):
                continue
            match = _TYPED_REFERENCE.fullmatch(text.strip())
            if match is None or match["type"] not in types:
                continue
            if match["base"] is not None and not _same_base(match["base"], base):
                continue
            yield match["type"], match["id"]


def _same_base(url: str, base: str | None) -> bool:
    if base is None:
        return False
    try:
        return normalise_base(url) == normalise_base(base)
    except (httpx.InvalidURL, ValueError):
        return False


def _wanted(
    data: Mapping[str, FetchedData], types: frozenset[str], base: str | None
) -> dict[tuple[str, str], list[str]]:
    """Referenced resources of the wanted types that no key holds, with the keys naming each."""
    held = {(r.get("resourceType"), r.get("id")) for d in data.values() for r in d.resources}
    wanted: dict[tuple[str, str], list[str]] = {}
    for key, fetched in data.items():
        for resource in fetched.resources:
            for target in _references(resource, types, base):
                if target not in held:
                    keys = wanted.setdefault(target, [])
                    if key not in keys:
                        keys.append(key)
    return wanted


def _mark(
    data: dict[str, FetchedData], keys: Collection[str], problem: str
) -> dict[str, FetchedData]:
    return {k: _with_problem(d, problem) if k in keys else d for k, d in data.items()}


def _missing(key: str, problem: str) -> FetchedData:
    return FetchedData(key, (), False, "none", 0, problem)


def _with_problem(data: FetchedData, problem: str) -> FetchedData:
    """Available data that is not all there is: kept, and marked so cards say so."""
    if not data.available:
        return _missing(data.key, problem)
    return replace(data, problem=f"{data.problem}; {problem}" if data.problem else problem)


def _guarded(key: str, read: Callable[[], FetchedData]) -> FetchedData:
    """`read()`, or the key marked unavailable when it raises: one bad value, one lost key."""
    try:
        return read()
    except Exception as exc:
        # The type only: an exception's message may quote patient data.
        log.error(
            "prefetch value could not be read",
            extra={"prefetch_key": key, "error_type": type(exc).__name__},
        )
        return _missing(key, "the data could not be read")


async def _within_budget(
    key: str,
    fetch: Coroutine[Any, Any, FetchedData],
    fallback: FetchedData,
    budget: FhirQueryBudget,
    service_id: str,
) -> FetchedData:
    """A hard deadline and a safety net around one key's FHIR reading.

    However a server trickles its answer we stop at the call's budget, and an unexpected
    exception makes this key unavailable instead of failing the call. `fallback` is what we
    already hold for the key (a first prefetched page), kept in either case.
    """
    try:
        return await asyncio.wait_for(fetch, timeout=max(budget.remaining(), 0.001))
    except TimeoutError:
        metrics.fhir_query(service_id, metrics.FHIR_TIMEOUT)
        log.warning("FHIR query stopped at the time budget", extra={"prefetch_key": key})
        return _with_problem(fallback, "the FHIR server was too slow")
    except Exception as exc:
        metrics.fhir_query(service_id, metrics.FHIR_ERROR)
        log.error(
            "FHIR query failed unexpectedly",
            extra={"prefetch_key": key, "error_type": type(exc).__name__},
        )
        return _with_problem(fallback, "the FHIR data could not be read")


@dataclass
class _Reader:
    """Reads one call's prefetch keys: the prefetched pages, later pages and our own queries."""

    request: HookRequest
    settings: Settings
    client: httpx.AsyncClient
    allowlist: tuple[str, ...]
    service_id: str = metrics.UNKNOWN
    broad: Mapping[str, NarrowedKey] = field(default_factory=dict)
    budget: FhirQueryBudget = field(init=False)

    def __post_init__(self) -> None:
        self.budget = FhirQueryBudget(
            self.settings.fhir_total_budget_s,
            self.settings.fhir_request_timeout_s,
            self.settings.fhir_max_response_bytes,
            self.settings.fhir_max_call_bytes,
        )

    @property
    def token(self) -> str | None:
        authorization = self.request.fhir_authorization
        return authorization.access_token.get_secret_value() if authorization else None

    def server_problem(self, key: str) -> str | None:
        """Why we may not call the EHR's FHIR server for this call, or None when we may."""
        if self.request.fhir_server is None:
            metrics.fhir_query(self.service_id, metrics.FHIR_NOT_CALLED)
            return "no fhirServer to query"
        if not is_allowed(self.request.fhir_server, self.allowlist):
            metrics.fhir_query(self.service_id, metrics.FHIR_NOT_ALLOWED)
            log.warning("fhirServer not on the allow-list; not called", extra={"prefetch_key": key})
            return "the EHR's FHIR server is not on our allow-list"
        return None

    def collect(
        self,
        key: str,
        bodies: list[Any],
        origin: Literal["prefetch", "fhir-server"],
        problem: str | None = None,
    ) -> FetchedData:
        """One key's data from the bodies of its pages, read entry by entry."""
        resources: list[dict[str, Any]] = []
        skipped = 0
        for body in bodies:
            good, bad = read_entries(body)
            resources.extend(good)
            skipped += bad
        if key in self.broad:
            # A narrowed key holds what its query asks for, however much the EHR or a server
            # that refused the query sent: nothing else is read (nor scanned for references).
            resources = [r for r in resources if self.broad[key].keep(r)]
        patient_id = self.request.context.get("patientId")
        others = 0
        if isinstance(patient_id, str):
            kept = _of_this_patient(resources, patient_id)
            others = len(resources) - len(kept)
            resources = kept
        if others:
            log.warning(
                "resources of another patient left out",
                extra={"prefetch_key": key, "skipped": others},
            )
            left_out = f"{others} resource(s) of another patient left out"
            problem = f"{problem}; {left_out}" if problem else left_out
        return FetchedData(key, tuple(resources), True, origin, skipped, problem, others)

    async def read_on(self, key: str, bundle: dict[str, Any]) -> FetchedData:
        """A prefetched Bundle with a `next` link: its later pages, as our own search reads them."""
        reason = self.server_problem(key)
        if reason is not None or self.request.fhir_server is None:
            return self.collect(
                key, [bundle], "prefetch", f"the prefetch has more pages, not read: {reason}"
            )
        pages = await follow(
            self.client,
            self.request.fhir_server,
            bundle,
            self.token,
            self.budget,
            self.settings.fhir_max_pages,
        )
        metrics.fhir_query(
            self.service_id, metrics.FHIR_INCOMPLETE if pages.problem else metrics.FHIR_OK
        )
        if pages.problem:
            log.warning(
                "prefetch pages not all read", extra={"prefetch_key": key, "reason": pages.problem}
            )
        return self.collect(key, pages.bodies, "prefetch", pages.problem)

    async def fetch(
        self, key: str, template: str, why: str = "not prefetched", narrowed: bool = True
    ) -> FetchedData:
        """A key the EHR did not prefetch (or could not): our own query of `fhirServer`.

        `why` says what was wrong with the prefetch, for the problem this key carries. A
        narrowed query the server refuses (a 4xx about the query) is asked again broadly;
        `collect` keeps what the narrowed one would have given (service/query_narrowing.py).
        """
        reason = self.server_problem(key)
        if reason is not None or self.request.fhir_server is None:
            return _missing(key, f"{why}; {reason}")
        query = render_template(template, self.request.context)
        if query is None:
            metrics.fhir_query(self.service_id, metrics.FHIR_NOT_CALLED)
            return _missing(key, f"{why}; the query needs context the hook did not send")
        try:
            pages = await search(
                self.client,
                self.request.fhir_server,
                query,
                self.token,
                self.budget,
                self.settings.fhir_max_pages,
            )
        except FhirReadError as exc:
            metrics.fhir_query(self.service_id, metrics.FHIR_FAILED)
            log.warning("FHIR query failed", extra={"prefetch_key": key, "reason": str(exc)})
            if narrowed and key in self.broad and refuses_query(exc.status):
                return await self.fetch(key, self.broad[key].broad, why, narrowed=False)
            return _missing(key, f"{why} and the FHIR server query failed: {exc}")
        if (answer := unreadable(pages.bodies[0], template)) is not None:
            metrics.fhir_query(self.service_id, metrics.FHIR_FAILED)
            log.warning("FHIR answer unreadable", extra={"prefetch_key": key, "reason": answer})
            return _missing(key, f"{why} and the FHIR server answered {answer}")
        metrics.fhir_query(
            self.service_id, metrics.FHIR_INCOMPLETE if pages.problem else metrics.FHIR_OK
        )
        if pages.problem:
            log.warning(
                "FHIR pages not all read", extra={"prefetch_key": key, "reason": pages.problem}
            )
        return self.collect(key, pages.bodies, "fhir-server", pages.problem)

    async def read_references(
        self, data: dict[str, FetchedData], types: frozenset[str]
    ) -> dict[str, FetchedData]:
        """Read the referenced resources no key holds and add each to the keys naming it.

        At most MAX_REFERENCE_READS reads, in parallel; one that fails, or is left over, marks
        the keys that named it as incomplete. A 404 is no data: the guideline names the record.
        """
        wanted = _wanted(data, types, self.request.fhir_server)
        if not wanted:
            return data
        reason = self.server_problem("references")
        if reason is not None or self.request.fhir_server is None:
            return _mark(
                data,
                {key for keys in wanted.values() for key in keys},
                f"{len(wanted)} referenced resource(s) not read: {reason}",
            )
        targets = list(wanted)[:MAX_REFERENCE_READS]
        answers = await asyncio.gather(
            *(self._read(self.request.fhir_server, kind, rid) for kind, rid in targets)
        )
        added: dict[str, list[dict[str, Any]]] = {}
        problems: dict[str, list[str]] = {}
        for target, (resource, problem) in zip(targets, answers, strict=True):
            for key in wanted[target]:
                if resource is not None:
                    added.setdefault(key, []).append(resource)
                elif problem is not None:
                    problems.setdefault(key, []).append(problem)
        for target in list(wanted)[MAX_REFERENCE_READS:]:
            for key in wanted[target]:
                problems.setdefault(key, []).append(
                    f"only {MAX_REFERENCE_READS} referenced resources are read per call"
                )
        if problems:
            log.warning(
                "referenced resources not all read",
                extra={"prefetch_key": ",".join(sorted(problems)), "skipped": len(wanted)},
            )
        result = {}
        for key, fetched in data.items():
            if key in added:
                fetched = replace(fetched, resources=(*fetched.resources, *added[key]))
            if key in problems:
                fetched = _with_problem(fetched, "; ".join(dict.fromkeys(problems[key])))
            result[key] = fetched
        return result

    async def _read(
        self, base: str, kind: str, rid: str
    ) -> tuple[dict[str, Any] | None, str | None]:
        """`GET {base}/{kind}/{rid}`: the resource, or None with why (None: not there)."""
        try:
            pages = await search(
                self.client, base, f"{kind}/{quote(rid, safe='')}", self.token, self.budget, 1
            )
        except FhirReadError as exc:
            metrics.fhir_query(self.service_id, metrics.FHIR_FAILED)
            return None, f"a referenced {kind} could not be read: {exc}"
        body = pages.bodies[0]
        if body.get("resourceType") == kind and body.get("id") == rid:
            metrics.fhir_query(self.service_id, metrics.FHIR_OK)
            patient_id = self.request.context.get("patientId")
            if isinstance(patient_id, str) and not _of_this_patient([body], patient_id):
                return None, f"a referenced {kind} names another patient; left out"
            return body, None
        if body.get("resourceType") == "Bundle" and not body.get("entry"):
            metrics.fhir_query(self.service_id, metrics.FHIR_NOT_FOUND)
            return None, None  # 404: no such resource
        metrics.fhir_query(self.service_id, metrics.FHIR_FAILED)
        return None, f"a read of a referenced {kind} gave another resource"


def ensure_context(
    request: HookRequest, required: tuple[str, ...], templates: Iterable[str] = ()
) -> None:
    """400 unless the context has what this service needs, in the shape the hook defines.

    Required members must be present and of their type: ids are FHIR ids, references `Type/id`,
    `draftOrders` a Bundle (its `type` may be missing: the sandbox sends none). Every member a
    prefetch template names must be fit for a query, whether or not the EHR prefetched it, so
    the answer to one request does not depend on what the EHR chose to prefetch.
    """
    context = request.context
    absent = [name for name in required if context.get(name) in (None, "", [], {})]
    if absent:
        raise InvalidRequest(f"context is missing required member(s): {', '.join(absent)}")
    for name in required:
        value = context[name]
        if name in _BUNDLE_MEMBERS:
            if not isinstance(value, dict) or value.get("resourceType") != "Bundle":
                raise InvalidRequest(f"context.{name} must be a FHIR Bundle")
        elif name in _REFERENCE_MEMBERS or name in ("patientId", "encounterId"):
            _token_value(name, value)
    for template in templates:
        _check_tokens(template, context)


@lru_cache(maxsize=512)
def _tokens(template: str) -> tuple[str, ...]:
    """The tokens of a template, in order; templates are the services' own, a handful."""
    return tuple(match.group(1) for match in _TOKEN.finditer(template))


def _check_tokens(template: str, context: Mapping[str, Any]) -> None:
    """400 exactly where `render_template(template, context)` would raise, without rendering.

    Every call checks all of its service's templates; the check alone needs no substitution
    and no encoding, only each token's `_token_fill`, in the template's order.
    """
    for token in _tokens(template):
        _token_fill(token, context)
