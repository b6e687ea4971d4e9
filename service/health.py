"""Liveness and readiness for the orchestrator; no authentication, no patient data."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from service.state import AppState, app_state

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness")
def healthz() -> dict[str, str]:
    """The process is up and serving requests."""
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness", responses={503: {"description": "Store unavailable"}})
async def readyz(state: AppState = Depends(app_state)) -> JSONResponse:  # noqa: B008
    """Ready when the feedback store answers, so feedback we acknowledge can be kept."""
    try:
        await run_in_threadpool(state.store.ping)
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "store": "error"}, status_code=503)
    return JSONResponse({"status": "ok", "store": "ok"})
