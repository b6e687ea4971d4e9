"""`GET /cds-services`: what this service offers, built from the registry in `hooks/`."""

from __future__ import annotations

import logging

import orjson
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from service.auth import Caller
from service.auth.request import UNAUTHORIZED, authenticated
from service.cds.models import DiscoveryResponse, wire
from service.state import AppState, app_state

router = APIRouter()
log = logging.getLogger("service.discovery")


@router.get(
    "/cds-services",
    response_model=DiscoveryResponse,
    response_model_exclude_none=True,
    responses={401: UNAUTHORIZED},
    summary="CDS Hooks discovery",
)
async def discovery(
    caller: Caller = Depends(authenticated("/cds-services")),  # noqa: B008
    state: AppState = Depends(app_state),  # noqa: B008
) -> Response:
    """Every registered CDS service with its hook, id, title, description and prefetch templates.

    The list is never empty: the CDS Hooks sandbox treats an empty list as a failed discovery.
    """
    body = DiscoveryResponse(services=tuple(s.describe() for s in state.services.values()))
    # Our line for the request, as uvicorn's access log (which quotes the query) is off.
    log.info("discovery answered", extra={"issuer": caller.issuer, "services": len(body.services)})
    return Response(orjson.dumps(wire(body)), media_type="application/json")
