"""Per-application state shared by the endpoints: settings, services, store, clients, clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from fastapi import Request

from service.cds.contract import CDSService
from service.settings import Settings
from service.store import FeedbackStore


@dataclass
class AppState:
    settings: Settings
    services: Mapping[str, CDSService]
    store: FeedbackStore
    http: httpx.AsyncClient
    now: Callable[[], datetime]
    # (resourceType, id) -> FHIR JSON of the conformance resources we publish
    published: Mapping[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def fhir_allowlist(self) -> tuple[str, ...]:
        return tuple(str(url) for url in self.settings.fhir_server_allowlist)


def app_state(request: Request) -> AppState:
    """FastAPI dependency: the state `create_app` attached to the application."""
    state: AppState = request.app.state.cds
    return state
