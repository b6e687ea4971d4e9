"""The FastAPI dependency that authenticates discovery, service calls and feedback.

CORS preflight, health and the `/fhir/` conformance resources do not use it. The expected
`aud` is built from `public_base_url`, never from the request's Host header, so the check
holds behind a reverse proxy and cannot be steered by the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.security import HTTPBearer
from fastapi.security.base import SecurityBase

from service.auth import AuthFailure, Caller
from service.errors import Unauthorized
from service.state import state_of

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
    return _Authenticated(path)


class _Authenticated(SecurityBase):
    """The authenticated caller, as one dependency that is itself the `CDSHooksJWT` scheme.

    It declares `bearer`'s scheme (the same model and name), so the OpenAPI document lists the
    same security requirement on the same endpoints; it reads the header through `bearer` and
    the state directly. Nested as dependencies (`bearer` and `app_state` under the caller),
    FastAPI solved three layers on every request, more than the check itself costs in demo mode.
    """

    def __init__(self, path: str) -> None:
        self.model = bearer.model
        self.scheme_name = bearer.scheme_name
        self.path = path

    async def __call__(self, request: Request) -> Caller:
        state = state_of(request)
        if state.verifier is None:
            return Caller.local_demo(state.settings)
        endpoint = self.path.format(**request.path_params)
        credentials = await bearer(request)  # None, never an error: `auto_error=False`
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
