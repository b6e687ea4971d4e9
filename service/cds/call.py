"""`POST /cds-services/{id}`: validate the hook call, resolve its data, run the service."""

from __future__ import annotations

import logging
import time

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from service.cds.body import parse, read_json
from service.cds.contract import HookCall
from service.cds.language import negotiate
from service.cds.models import CardsResponse, HookRequest, wire
from service.errors import InvalidRequest, PrefetchUnavailable, UnknownService
from service.openapi import request_body
from service.prefetch import ensure_context, resolve
from service.state import AppState, app_state

router = APIRouter()
log = logging.getLogger("service.call")

_ERRORS = {
    400: {
        "description": "Malformed JSON, wrong content type, missing fields or a hook that does not match the service"
    },
    404: {"description": "No CDS service with this id"},
    412: {"description": "None of the data the service needs was prefetched or could be fetched"},
    413: {"description": "Request body larger than the configured limit"},
}


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
    state: AppState = Depends(app_state),  # noqa: B008
) -> Response:
    """Answer a hook call with cards.

    Data comes from the prefetch when the EHR sent it and from `fhirServer` (allow-listed, with
    the `fhirAuthorization` bearer token) when it did not. When only part of the data could be
    read the answer is still 200, and the cards say which data was missing.
    """
    started = time.perf_counter()
    service = state.services.get(service_id)
    if service is None:
        raise UnknownService(f"No CDS service with id '{service_id}'")
    hook_request = parse(HookRequest, await read_json(request, state.settings.max_body_bytes))
    if hook_request.hook != service.hook:
        raise InvalidRequest(
            f"Service '{service.id}' answers the '{service.hook}' hook, not '{hook_request.hook}'"
        )
    ensure_context(hook_request, service.required_context)
    if not service.is_relevant(hook_request):
        return Response(b'{"cards":[]}', media_type="application/json")
    data = await resolve(
        hook_request, service.prefetch, state.settings, state.http, state.fhir_allowlist
    )
    needed = service.required_keys or tuple(service.prefetch)
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
    )
    cards = tuple(service.evaluate(call))
    body = wire(CardsResponse(cards=cards))
    log.info(
        "hook call answered",
        extra={
            "service_id": service.id,
            "hook_instance": hook_request.hook_instance,
            "rule_ids": [
                c["source"]["topic"]["code"] for c in body["cards"] if "topic" in c["source"]
            ],
            "cards": len(cards),
            "latency_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )
    return Response(orjson.dumps(body), media_type="application/json")
