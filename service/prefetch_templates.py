"""Prefetch templates and the context they are filled from (CDS Hooks 2.0 § Prefetch tokens).

A token's value goes into a query sent with the EHR's bearer token, so every value is checked
(a FHIR id, or `Type/id` for a reference member) and URL-encoded: `patientId: "x&_include=*"`
gets a 400, never a wider query. `ensure_context` checks what a service needs before any data
is read, whether or not the EHR prefetched it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from service.cds.models import HookRequest
from service.errors import InvalidRequest

_TOKEN = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
# FHIR R4 id, and a relative reference `Type/id` (userId, order-dispatch's performer).
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_FHIR_REFERENCE = re.compile(r"[A-Z][A-Za-z]{0,63}/[A-Za-z0-9\-.]{1,64}")
_REFERENCE_MEMBERS = frozenset({"userId", "performer"})
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
    elif not FHIR_ID.fullmatch(value):
        raise InvalidRequest(f"context.{name} is not a FHIR id (A-Z, a-z, 0-9, '-', '.'; 1-64)")
    return value


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
