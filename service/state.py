"""Per-application state shared by the endpoints: settings, services, store, clients, clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from fastapi import Request

from service.audit import AuditTrail
from service.auth import Verifier
from service.cds.contract import CDSService
from service.settings import Settings
from service.snooze import Snoozes
from service.store import FeedbackStore


@dataclass
class AppState:
    settings: Settings
    services: Mapping[str, CDSService]
    store: FeedbackStore
    http: httpx.AsyncClient
    now: Callable[[], datetime]
    audit: AuditTrail
    # None only in local demo mode: then nobody is authenticated.
    verifier: Verifier | None
    # (resourceType, id) -> FHIR JSON of the conformance resources we publish
    published: Mapping[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # None unless the local policy snoozes cards after a reasoned dismissal.
    snoozes: Snoozes | None = None


def state_of(request: Request) -> AppState:
    """The state `create_app` attached to the application that is answering `request`.

    For the hot path, which reads it directly: FastAPI resolves each dependency on each request
    through its general machinery, many times the cost of this attribute read.
    """
    state: AppState = request.app.state.cds
    return state


async def app_state(request: Request) -> AppState:
    """FastAPI dependency: the state `create_app` attached to the application.

    `async` although it does not wait: FastAPI runs a plain `def` dependency in its thread
    pool, a thread hop on every request for one attribute read.
    """
    return state_of(request)
