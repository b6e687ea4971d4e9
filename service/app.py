"""The FastAPI application: routers, middleware and error handlers; no clinical logic here.

`create_app(settings, services, ...)` is for code that chooses its own settings and services
(tests, the benchmark); `factory()` is the same app for a server that loads one by name:
`uvicorn --factory service.app:factory`, gunicorn's uvicorn worker, or each worker of
`python -m service --workers N`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import fhir_publish, snooze
from service.audit import AuditTrail
from service.auth import Verifier
from service.auth.tokens import CdsHooksJwtVerifier, share_replay_guard
from service.cds import call, discovery, feedback
from service.cds.contract import CDSService
from service.docs import docs_router
from service.docs import is_enabled as docs_enabled
from service.errors import (
    CDSError,
    UnexpectedErrorMiddleware,
    handle_cds_error,
    handle_http_error,
    handle_unexpected_error,
    handle_validation_error,
)
from service.health import router as health_router
from service.metrics import metrics_router
from service.openapi import add_components
from service.openapi_services import add_service_contract
from service.query_narrowing import narrow
from service.request_id import HEADER as REQUEST_ID_HEADER
from service.request_id import RequestIdMiddleware
from service.settings import Settings
from service.state import AppState
from service.store import FeedbackStore
from service.version import package_version, version_router
from service.viewer import is_enabled as viewer_enabled
from service.viewer import viewer_router


def _utcnow() -> datetime:
    return datetime.now(UTC)


VerifierFactory = Callable[[Settings, httpx.AsyncClient], Verifier]


def create_app(
    settings: Settings,
    services: Sequence[CDSService],
    now: Callable[[], datetime] = _utcnow,
    http: httpx.AsyncClient | None = None,
    published: Callable[[str], Sequence[dict[str, Any]]] = lambda _base: (),
    verifier: VerifierFactory = CdsHooksJwtVerifier,
) -> FastAPI:
    """Build the app for these settings and services (tests pass their own clock and client).

    `published` gives the FHIR conformance resources (CodeSystems, Questionnaires) for a
    canonical base URL; they are served under `/fhir/{type}/{id}`. `verifier` builds the
    authentication scheme (CDS Hooks JWTs unless another EHR needs another); it is not used in
    local demo mode.
    """
    # The narrowed queries are built here, at start-up: the operators' code lists are loaded.
    services = [narrow(s) for s in services]
    ids = [s.id for s in services]
    if not services or len(set(ids)) != len(ids):
        raise ValueError("services must be a non-empty list with unique ids")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state: AppState = app.state.cds
        # Undone in reverse order, each step even when one before it raised: an audit writer
        # that failed must not leave the database connections and the HTTP client open.
        async with AsyncExitStack() as undo:
            undo.callback(state.store.close)
            if http is None:
                undo.push_async_callback(state.http.aclose)
            await state.audit.start()
            undo.push_async_callback(state.audit.stop)
            yield

    app = FastAPI(
        title="Metastasis CDS Hooks service",
        version=package_version() or "unknown",
        description=(
            "CDS Hooks 2.0 services for the Dutch metastasis guidelines. Discovery at "
            "`/cds-services`; every error answers with a FHIR OperationOutcome. Discovery, "
            "service calls and feedback need the EHR's signed JWT (CDS Hooks 2.0 § Trusting "
            "CDS Clients) except in local demo mode."
        ),
        lifespan=lifespan,
        # Served by service/docs.py, from our own files, only where the settings say so.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    store = FeedbackStore(settings.database_url)
    client = http or httpx.AsyncClient(follow_redirects=False)
    app.state.cds = AppState(
        settings=settings,
        services={s.id: s for s in services},
        store=store,
        http=client,
        now=now,
        audit=AuditTrail(
            store.add_calls,
            batch_size=settings.audit_batch_size,
            flush_interval_s=settings.audit_flush_interval_s,
            queue_max=settings.audit_queue_max,
        ),
        # The jti seen-set lives in the store: a token accepted by any worker or replica is
        # refused by every other.
        verifier=share_replay_guard(
            verifier(settings, client) if settings.auth_required else None, store
        ),
        published={(r["resourceType"], r["id"]): r for r in published(settings.canonical_base)},
        snoozes=snooze.from_settings(
            store, settings.snooze_after_override_days, settings.snooze_key
        ),
    )
    # Before CORSMiddleware, so inside it: a 500 carries the CORS headers too.
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_allowed_origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "Accept",
            "Accept-Language",
            REQUEST_ID_HEADER,
        ],
        expose_headers=[REQUEST_ID_HEADER],
        max_age=600,
    )
    # Outermost: every answer carries its id, a CORS preflight and a 500 too, and every log
    # line of the request, the error middleware's included, names it.
    app.add_middleware(RequestIdMiddleware)
    app.add_exception_handler(CDSError, handle_cds_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
    app.include_router(discovery.router, tags=["CDS Hooks"])
    app.include_router(call.router, tags=["CDS Hooks"])
    app.include_router(feedback.router, tags=["CDS Hooks"])
    app.include_router(fhir_publish.router)
    app.include_router(health_router)
    if settings.metrics_enabled:
        app.include_router(metrics_router())
    app.include_router(version_router(services))
    if docs_enabled(settings):
        app.include_router(docs_router(app.title))
    if viewer_enabled(settings):
        app.include_router(viewer_router(settings))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = add_components(FastAPI.openapi(app))
            app.openapi_schema = add_service_contract(document, services)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def factory() -> FastAPI:
    """The service as `python -m service` serves it, for a server that builds the app itself.

    No arguments: the settings come from the environment (`CDS_*`, `.env`), the services are
    every guideline's, and `python -m service`'s start-up checks, warm-up and process
    preparation run in the worker that calls it (`service.startup.worker_app`). A
    configuration that must not serve is one line on stderr and exit status 3.
    """
    # Imported when called: this module names no guideline (tests and the benchmark build the
    # app with services of their own), and service.startup imports create_app from here.
    from hooks import SERVICES, published_resources, warm_up
    from service.startup import worker_app

    return worker_app(
        lambda settings: create_app(settings, SERVICES, published=published_resources), warm_up
    )
