"""`POST /cds-services/{id}/feedback`: store what the clinician did with our cards.

Each delivery is counted by its status, and the items of an acknowledged one by the
clinician's outcome (service/metrics.py), labelled with our service id, never the caller's.
"""

from __future__ import annotations

import logging

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.exc import SQLAlchemyError

from service import metrics, snooze
from service.auth import Caller
from service.auth.request import UNAUTHORIZED, authenticated
from service.cds.body import parse, read_json
from service.cds.limits import MAX_FEEDBACK_DEPTH, check_feedback
from service.cds.models import FeedbackRequest
from service.errors import CDSError, StoreUnavailable, UnknownService
from service.openapi import request_body
from service.state import AppState, app_state

router = APIRouter()
log = logging.getLogger("service.feedback")
# How long a reasoned dismissal waits for the audit record of its card (written in batches).
_AUDIT_WAIT_S = 2.0


@router.post(
    "/cds-services/{service_id}/feedback",
    responses={
        200: {"description": "Feedback stored: counts of new and already-stored items"},
        400: {
            "description": "Not a CDS Hooks feedback body, an `accepted` item without "
            f"`acceptedSuggestions`, or a body nested deeper than {MAX_FEEDBACK_DEPTH} levels"
        },
        401: UNAUTHORIZED,
        404: {"description": "No CDS service with this id"},
        413: {
            "description": "Request body larger than the configured limit, or more feedback "
            "items than `CDS_FEEDBACK_MAX_ITEMS` (default 500)"
        },
        499: {"description": "The client hung up before its body was read; nothing stored"},
        503: {
            "description": "The feedback store is unavailable: nothing (or only the first "
            "chunks of a large delivery) stored; retry, stored items count as duplicates"
        },
    },
    openapi_extra=request_body(FeedbackRequest),
    summary="Feedback on cards",
)
async def feedback(
    service_id: str,
    request: Request,
    caller: Caller = Depends(authenticated("/cds-services/{service_id}/feedback")),  # noqa: B008
    state: AppState = Depends(app_state),  # noqa: B008
) -> Response:
    """Persist accepted / overridden outcomes before answering, so acknowledged feedback is never lost.

    Feedback for a card uuid we do not know is still stored: it is the EHR's record. A repeated
    delivery of the same item is acknowledged and counted as a duplicate, not stored twice.
    An item with outcome `accepted` must list its `acceptedSuggestions` (spec cds-fb-2; 400
    otherwise). One delivery carries at most `CDS_FEEDBACK_MAX_ITEMS` items (413 beyond) and
    nests at most 32 levels of objects and arrays (400 beyond).
    """
    known = service_id if service_id in state.services else metrics.UNKNOWN
    try:
        if service_id not in state.services:
            raise UnknownService(f"No CDS service with id '{service_id}'")
        raw = await read_json(request, state.settings.max_body_bytes)
        check_feedback(raw, state.settings.feedback_max_items)
        body = parse(FeedbackRequest, raw)
    except CDSError as exc:
        metrics.FEEDBACK_DELIVERIES.labels(known, str(exc.status_code)).inc()
        # Our line for a refused delivery, as uvicorn's access log is off (it quotes queries).
        log.info(
            "feedback not stored",
            extra={
                "service_id": service_id[:200],
                "issuer": caller.issuer,
                "status": exc.status_code,
            },
        )
        raise
    snoozes = state.snoozes
    snoozed = 0
    if snoozes is not None and any(snooze.reasoned_dismissal(i) for i in body.feedback):
        # The card may have been sent a moment ago: let this process's audit reach the store.
        await state.audit.written(_AUDIT_WAIT_S)
    try:
        stored, duplicates = await run_in_threadpool(state.store.add, service_id, body.feedback)
        if snoozes is not None:
            snoozed = await run_in_threadpool(snoozes.after_feedback, body.feedback, state.now())
    except SQLAlchemyError as exc:
        metrics.FEEDBACK_DELIVERIES.labels(known, str(StoreUnavailable.status_code)).inc()
        # Told 503, the EHR sends it again: chunks committed before the failure then count
        # as duplicates (FeedbackStore.add), so nothing is lost and nothing stored twice.
        log.error(
            "feedback not stored: the store is unavailable",
            extra={
                "service_id": service_id,
                "issuer": caller.issuer,
                "status": StoreUnavailable.status_code,
                "error_type": type(exc).__name__,
            },
        )
        raise StoreUnavailable(
            "The feedback store is unavailable; nothing was stored, or only the first part of a "
            "large delivery. Send the feedback again: what was stored counts as a duplicate."
        ) from None
    metrics.FEEDBACK_DELIVERIES.labels(known, "200").inc()
    for item in body.feedback:
        metrics.FEEDBACK_ITEMS.labels(known, item.outcome).inc()
    if duplicates:
        metrics.FEEDBACK_DUPLICATES.labels(known).inc(duplicates)
    log.info(
        "feedback stored",
        extra={
            "service_id": service_id,
            "issuer": caller.issuer,
            "stored": stored,
            "duplicates": duplicates,
            "snoozed": snoozed,
        },
    )
    return Response(
        orjson.dumps({"stored": stored, "duplicates": duplicates}), media_type="application/json"
    )
