"""Prefetch queries that ask only for the codes the rules read, built once at start-up.

A real chart holds thousands of Observations and the rules read a few dozen codes: a broad
`Observation?patient=…` sends megabytes and, paged, puts the one decisive record on a page
past our page limit ("onvolledig"). So a service declares, per key, the search parameter and
the FHIR tokens of the codes its facts layer reads (`CodeQuery`; the guideline packages derive
the tokens from the same value sets their facts layers match on, operator files included), and
`narrow` turns its broad template into one or more narrowed ones:

- `code=system|code,…` (or another token parameter, e.g. `combo-code`), with `_count` set to a
  large page size (the server may cap it);
- each template short enough that the URL stays under `MAX_URL_CHARS` with a long base and id;
  a list that does not fit is split by code system over more keys (`observations`,
  `observations2`, …), read in parallel and merged back into the one key the rules read
  (`merge`), each resource once;
- still a valid CDS Hooks prefetch template (only the broad template's own tokens, no
  `_include`), readable in discovery.

A server that refuses a narrowed query (a 4xx that is about the query, `refuses_query`) gets the
broad one, and we keep what the narrowed one would have given (`keep`): the same facts, more
bytes; where that hits the page or byte limit the key is incomplete and the facts say so
("onvolledig"), never "nee". An EHR that prefetches a narrowed key broadly (it ignores our
template) is cut down the same way, before anything else reads it: a 5,000-Observation chart
then costs its decode and one pass, not a scan by every facts layer. Names no guideline: the
codes come from `hooks/`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from service.cds.contract import CDSService, FetchedData
from service.cds.query_plan import CodeQuery, NarrowedKey, QueryPlan

# Our own URL budget: many servers and proxies refuse request lines over 2,000 characters.
MAX_URL_CHARS = 2000
# What a template may take of it: the rest is for the base URL (up to 200 characters) and a
# patient id (64, FHIR's maximum) in place of its token.
MAX_TEMPLATE_CHARS = 1700
# Asked of the server with every narrowed query; servers cap it at their own maximum.
PAGE_SIZE = 1000
# Statuses that say nothing about the query itself: asking again, more broadly, cannot help.
_NOT_ABOUT_THE_QUERY = frozenset({401, 403, 407, 408, 429})


def narrow(service: CDSService) -> CDSService:
    """The service with its narrowed templates (and its plan to merge them), or as it is."""
    if not service.narrowing:
        return service
    plan = plan_queries(service.prefetch, service.narrowing)
    return replace(service, prefetch=plan.templates, query_plan=plan)


def plan_queries(prefetch: Mapping[str, str], narrowing: Mapping[str, CodeQuery]) -> QueryPlan:
    """Narrowed templates for the keys in `narrowing`; every other key keeps its template.

    A key whose tokens are empty is not narrowed: no code list is not "no codes wanted".
    """
    templates: dict[str, str] = {}
    keys: dict[str, NarrowedKey] = {}
    for key, broad in prefetch.items():
        query = narrowing.get(key)
        tokens = tuple(dict.fromkeys(query.tokens())) if query is not None else ()
        if query is None or not tokens:
            templates[key] = broad
            continue
        for number, chunk in enumerate(_chunks(broad, query.parameter, tokens), start=1):
            name = key if number == 1 else f"{key}{number}"
            if name in prefetch and name != key:
                raise ValueError(f"prefetch key {name!r} is taken; cannot split {key!r} into it")
            templates[name] = _template(broad, query.parameter, chunk)
            keys[name] = NarrowedKey(key, _with_count(broad), query.parameter, chunk)
    return QueryPlan(keys, templates)


def merge(data: Mapping[str, FetchedData], plan: QueryPlan | None) -> dict[str, FetchedData]:
    """The data by the keys the rules read: split keys joined, each resource once.

    Available when any part is; a part that is missing or incomplete makes the whole
    incomplete, so the facts read "onvolledig" rather than "nee".
    """
    if plan is None or all(plan.keys[k].key == k for k in data if k in plan.keys):
        return dict(data)
    parts: dict[str, list[FetchedData]] = {}
    for name, fetched in data.items():
        parts.setdefault(plan.keys[name].key if name in plan.keys else name, []).append(fetched)
    return {
        key: found[0] if len(found) == 1 else _joined(key, found) for key, found in parts.items()
    }


def refuses_query(status: int | None) -> bool:
    """A 4xx about the query (400 unknown parameter, 422, …), not about us or the load."""
    return status is not None and 400 <= status < 500 and status not in _NOT_ABOUT_THE_QUERY


def _joined(key: str, parts: Sequence[FetchedData]) -> FetchedData:
    available = [p for p in parts if p.available]
    if not available:
        lost = "; ".join(dict.fromkeys(p.problem for p in parts if p.problem))
        return FetchedData(key, (), False, "none", 0, lost or None)
    seen: set[tuple[Any, Any]] = set()
    resources: list[dict[str, Any]] = []
    for part in available:
        for resource in part.resources:
            identity = (resource.get("resourceType"), resource.get("id"))
            if identity[1] is not None and identity in seen:
                continue
            seen.add(identity)
            resources.append(resource)
    problems = [p.problem for p in parts if p.problem]
    if len(available) < len(parts) and not any(not p.available and p.problem for p in parts):
        problems.append("part of the query could not be read")
    origins = {p.origin for p in available}
    return FetchedData(
        key,
        tuple(resources),
        True,
        "fhir-server" if "fhir-server" in origins else "prefetch",
        sum(p.skipped_malformed for p in parts),
        "; ".join(dict.fromkeys(problems)) or None,
        sum(p.skipped_other_patient for p in parts),
    )


def _template(broad: str, parameter: str, tokens: Sequence[str]) -> str:
    return f"{_with_count(broad)}&{parameter}={','.join(tokens)}"


def _with_count(broad: str) -> str:
    return broad if "_count=" in broad else f"{broad}&_count={PAGE_SIZE}"


def _encoded(text: str) -> str:
    # What httpx sends: `|` and spaces encoded, the rest of a FHIR query as it is.
    return quote(text, safe="/?=&,:{}.-_~+%*'")


def _chunks(broad: str, parameter: str, tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """The tokens packed into templates under MAX_TEMPLATE_CHARS, one code system kept together
    where it fits (so each key is readable as "these LOINC codes")."""
    fixed = len(_encoded(_template(broad, parameter, ()))) + len("{{context.patientId}}")
    room = MAX_TEMPLATE_CHARS - fixed - 64
    by_system: dict[str, list[str]] = {}
    for token in tokens:
        by_system.setdefault(token.rpartition("|")[0], []).append(token)
    chunks: list[list[str]] = [[]]
    used = 0
    for group in by_system.values():
        size = sum(len(_encoded(t)) + 1 for t in group)
        if chunks[-1] and used + size > room:
            chunks.append([])
            used = 0
        for token in group:
            cost = len(_encoded(token)) + 1
            if cost > room:
                raise ValueError(f"a code of {len(token)} characters cannot be asked for in a URL")
            if chunks[-1] and used + cost > room:
                chunks.append([])
                used = 0
            chunks[-1].append(token)
            used += cost
    return [tuple(chunk) for chunk in chunks]
