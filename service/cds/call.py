"""`POST /cds-services/{id}`: validate the hook call, resolve its data, run the service.

Every call the EHR could authenticate leaves one audit record (status, rule ids, card uuids,
latency), one log line and its counts in the metrics (service/metrics.py), whatever its
outcome; none of them holds patient data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.exc import SQLAlchemyError

from service import metrics
from service.audit import CallRecord, CardDetail
from service.auth import Caller
from service.auth.request import UNAUTHORIZED, authenticated
from service.cds.body import parse, read_json
from service.cds.contract import HookCall
from service.cds.language import negotiate
from service.cds.models import Card, CardsResponse, HookRequest, wire_json
from service.errors import CDSError, InvalidRequest, PrefetchUnavailable, UnknownService
from service.openapi import request_body
from service.prefetch import resolve
from service.prefetch_templates import ensure_context
from service.query_narrowing import merge
from service.snooze import Snoozes
from service.state import AppState, state_of

router = APIRouter()
log = logging.getLogger("service.call")
_NO_CARDS = orjson.dumps({"cards": []})
# Resources of a call up to which its rules run on the event loop (~30 µs each, so ~15 ms);
# a call with more runs them in a worker thread. Nearly every call has far fewer.
EVALUATE_INLINE_MAX = 500

_ERRORS = {
    400: {
        "description": "Malformed JSON, wrong content type, missing fields or a hook that does not match the service"
    },
    401: UNAUTHORIZED,
    404: {"description": "No CDS service with this id"},
    412: {"description": "None of the data the service needs was prefetched or could be fetched"},
    413: {"description": "Request body larger than the configured limit"},
    499: {"description": "The client hung up before its body was read: audited, never received"},
}


@dataclass
class _Trace:
    """What we learned about a call so far; becomes the audit record and the log line."""

    hook: str | None = None
    hook_instance: str | None = None
    data_origin: dict[str, str] = field(default_factory=dict)
    cards: tuple[tuple[str, str | None], ...] = ()
    # (indicator, rule id) of each card: the metrics' labels, in the order of `cards`
    kinds: tuple[tuple[str, str | None], ...] = ()
    details: tuple[CardDetail, ...] = ()
    # Only while snoozing is on: the keyed hash of issuer + patient, and cards it hid.
    subject_key: str | None = None
    snoozed: int = 0


@router.post(
    "/cds-services/{service_id}",
    response_model=CardsResponse,
    response_model_exclude_none=True,
    responses=_ERRORS,  # type: ignore[arg-type]
    openapi_extra=request_body(HookRequest),
    summary="Call a CDS service",
)
async def call_service(
    service_id: str,
    request: Request,
    caller: Caller = Depends(authenticated("/cds-services/{service_id}")),  # noqa: B008
) -> Response:
    """Answer a hook call with cards.

    Data comes from the prefetch when the EHR sent it and from `fhirServer` (allow-listed for
    the calling EHR, with the `fhirAuthorization` bearer token) when it did not. When only part
    of the data could be read the answer is still 200, and the cards say which data was missing.
    """
    started = time.perf_counter()
    # Read directly, not as a dependency: FastAPI's dependency resolution on this path cost
    # more than the attribute read it wraps.
    state = state_of(request)
    trace = _Trace()
    status = 500
    try:
        body = await _answer(service_id, request, caller, state, trace)
        status = 200
        return Response(body, media_type="application/json")
    except CDSError as exc:
        status = exc.status_code
        raise
    except Exception as exc:
        # The type only: an exception's message or traceback may quote patient data.
        log.error(
            "hook call failed",
            extra={"service_id": service_id[:200], "error_type": type(exc).__name__},
        )
        raise
    finally:
        _finish(service_id, caller, state, trace, status, started)


async def _answer(
    service_id: str, request: Request, caller: Caller, state: AppState, trace: _Trace
) -> bytes:
    """The JSON body of the answer; what it learns on the way goes into `trace`."""
    service = state.services.get(service_id)
    if service is None:
        raise UnknownService(f"No CDS service with id '{service_id}'")
    hook_request = parse(HookRequest, await read_json(request, state.settings.max_body_bytes))
    trace.hook, trace.hook_instance = hook_request.hook[:100], hook_request.hook_instance[:200]
    if hook_request.hook != service.hook:
        raise InvalidRequest(
            # The caller's hook cut to 100 characters: an error must not echo a body back.
            f"Service '{service.id}' answers the '{service.hook}' hook, "
            f"not '{hook_request.hook[:100]}'"
        )
    ensure_context(hook_request, service.required_context, service.prefetch.values())
    if not service.is_relevant(hook_request):
        return _NO_CARDS
    data = await resolve(
        hook_request,
        service.prefetch,
        state.settings,
        state.http,
        caller.fhir_servers,
        service.resolve_references,
        service_id=service.id,
        broad=service.query_plan.keys if service.query_plan else {},
    )
    data = merge(data, service.query_plan)
    trace.data_origin = {key: fetched.origin for key, fetched in data.items()}
    needed = service.required_keys or tuple(data)
    if needed and all(not data[key].available for key in needed):
        raise PrefetchUnavailable(
            "The patient data this service needs was not prefetched and could not be fetched "
            "from the FHIR server: " + "; ".join(sorted({data[k].problem or "" for k in needed}))
        )
    call = HookCall(
        request=hook_request,
        data=data,
        language=negotiate(request.headers.get("accept-language"), state.settings.default_language),
        now=state.now(),
        canonical_base=state.settings.canonical_base,
        canonical_aliases=state.settings.canonical_aliases,
        records_answers=caller.records_answers,
    )
    if sum(len(fetched.resources) for fetched in data.values()) > EVALUATE_INLINE_MAX:
        # Rules over thousands of resources take long; in a thread the interpreter switches
        # back to the event loop every few ms, so other requests are not held up meanwhile.
        evaluated = await run_in_threadpool(service.evaluate, call)
    else:
        evaluated = service.evaluate(call)
    if state.snoozes is not None:
        evaluated = await _without_snoozed(
            evaluated, state.snoozes, hook_request, caller, state, trace
        )
    response = CardsResponse(cards=tuple(evaluated))
    body = wire_json(response)
    cards, kinds, details = [], [], []
    for card in response.cards:
        rule = None if card.source.topic is None else card.source.topic.code
        cards.append((card.uuid, rule))
        kinds.append((card.indicator, rule))
        details.append(
            CardDetail(
                uuid=card.uuid,
                indicator=card.indicator,
                facts_hash=card.facts_hash if trace.subject_key else None,
                suggestions=tuple((s.uuid, s.branch) for s in card.suggestions or ()),
            )
        )
    trace.cards, trace.kinds, trace.details = tuple(cards), tuple(kinds), tuple(details)
    return body


async def _without_snoozed(
    cards: Sequence[Card],
    snoozes: Snoozes,
    request: HookRequest,
    caller: Caller,
    state: AppState,
    trace: _Trace,
) -> Sequence[Card]:
    """The cards minus those a reasoned dismissal snoozed (service/snooze.py).

    One indexed lookup, in a worker thread, only when a card could be hidden at all. If it
    fails every card is shown: a card too many is noise, a card missing could be harm.
    """
    patient = request.context.get("patientId")
    if not isinstance(patient, str):
        return cards
    trace.subject_key = snoozes.subject_key(caller.issuer, patient)
    if not any(snoozes.may_hide(card) for card in cards):
        return cards
    try:
        active = await run_in_threadpool(snoozes.active, trace.subject_key, state.now())
    except SQLAlchemyError as exc:
        log.warning(
            "snooze lookup failed; every card shown", extra={"error_type": type(exc).__name__}
        )
        return cards
    shown = [card for card in cards if not snoozes.hides(card, active)]
    trace.snoozed = len(cards) - len(shown)
    return shown


def _finish(
    service_id: str,
    caller: Caller,
    state: AppState,
    trace: _Trace,
    status: int,
    started: float,
) -> None:
    """Queue the audit record, count the call and write the log line; no I/O on the response path."""
    elapsed = time.perf_counter() - started
    # Labelled by our own service's id and hook, never by what the caller wrote: a path that
    # names no service of ours counts as `unknown`.
    service = state.services.get(service_id)
    if service is None:
        metrics.for_call(None, None).record(status, elapsed, trace.kinds)
    else:
        metrics.for_call(service.id, service.hook).record(status, elapsed, trace.kinds)
    record = CallRecord(
        at=datetime.now(UTC),
        service_id=service_id[:200],
        hook=trace.hook,
        hook_instance=trace.hook_instance,
        issuer=caller.issuer,
        tenant=caller.tenant,
        status=status,
        latency_ms=round(elapsed * 1000, 2),
        cards=trace.cards,
        card_details=trace.details,
        subject_key=trace.subject_key,
    )
    state.audit.record(record)
    log.log(
        logging.INFO if status < 500 else logging.ERROR,
        "hook call answered" if status == 200 else "hook call not answered",
        extra={
            "service_id": record.service_id,
            "hook": record.hook,
            "hook_instance": record.hook_instance,
            "issuer": record.issuer,
            "status": status,
            "rule_ids": list(record.rule_ids),
            "cards": len(record.cards),
            "snoozed": trace.snoozed,
            "data_origin": trace.data_origin,
            "latency_ms": record.latency_ms,
        },
    )
