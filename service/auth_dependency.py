"""The FastAPI dependency that authenticates discovery, service calls and feedback.

CORS preflight, health and the `/fhir/` conformance resources do not use it. The expected
`aud` is built from `public_base_url`, never from the request's Host header, so the check
holds behind a reverse proxy and cannot be steered by the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.auth import AuthFailure, Caller
from service.errors import Unauthorized
from service.state import AppState, app_state

log = logging.getLogger("service.auth")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="CDSHooksJWT",
    bearerFormat="JWT",
    description=(
        "CDS Hooks 2.0 client JWT signed by the EHR (ES384 or RS384), `aud` = the URL of the "
        "endpoint called. Not required in local demo mode."
    ),
)

UNAUTHORIZED = {
    "description": "Missing or invalid JWT: an OperationOutcome (code `login`) that does not say which check failed"
}


def authenticated(path: str) -> Callable[..., Awaitable[Caller]]:
    """A dependency for the endpoint at `path` (a template such as `/cds-services/{service_id}`)."""

    async def caller(
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),  # noqa: B008
        state: AppState = Depends(app_state),  # noqa: B008
    ) -> Caller:
        if state.verifier is None:
            return Caller.local_demo(state.settings)
        endpoint = path.format(**request.path_params)
        try:
            if credentials is None:
                header = request.headers.get("authorization")
                raise AuthFailure("missing-token" if header is None else "malformed-header")
            found = await state.verifier.verify(
                credentials.credentials, state.settings.base_url + endpoint
            )
        except AuthFailure as failure:
            log.warning(
                "authentication failed",
                extra={"reason": failure.reason, "endpoint": endpoint, **failure.context},
            )
            raise Unauthorized("Authentication failed.") from None
        log.debug(
            "authenticated",
            extra={"endpoint": endpoint, "issuer": found.issuer, "tenant": found.tenant},
        )
        return found

    return caller
