"""Routes of the card viewer: the page, its static files and a few small JSON helpers.

The page calls the real CDS endpoints itself; these routes only serve what an EHR would have
around it (patients, a signing client identity). None of them is part of the CDS API, so they
stay out of the OpenAPI document.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from service.errors import CDSError, InvalidRequest, UnknownService
from service.settings import Settings
from service.state import AppState, app_state
from service.viewer.bundles import transaction_bundle
from service.viewer.fixtures import FixtureCatalogue, shift_dates
from service.viewer.signing import TOKEN_LIFETIME_S, ViewerSigner, public_jwks

STATIC_DIR = Path(__file__).parent / "static"
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# The page loads only its own files; links on cards open elsewhere, fetches may reach a FHIR server.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# The page key of the token endpoint (double submit): `GET /viewer` puts a random value in an
# HttpOnly SameSite cookie and in the page; the page sends it back in a header. Another site's
# page can neither read the value nor make the browser send the cookie with its request.
PAGE_KEY_COOKIE = "cds_viewer_page_key"
PAGE_KEY_HEADER = "X-Viewer-Page-Key"
_PAGE_KEY_META = "viewer-page-key"
_PAGE_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


class CrossSiteRequest(CDSError):
    """A token was asked for by anything but the viewer's own page: another site, a script."""

    status_code = 403
    issue_code = "forbidden"


def is_enabled(settings: Settings) -> bool:
    """On when configured so; when unset, on in local demo mode only."""
    return settings.local_demo if settings.viewer_enabled is None else settings.viewer_enabled


@dataclass(frozen=True)
class _StaticFile:
    body: bytes
    media_type: str
    etag: str


def _static_files() -> dict[str, _StaticFile]:
    files: dict[str, _StaticFile] = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file() and path.suffix in _MEDIA_TYPES:
            body = path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            files[path.name] = _StaticFile(body, _MEDIA_TYPES[path.suffix], etag)
    return files


def _json(value: object, status_code: int = 200) -> Response:
    return Response(
        orjson.dumps(value),
        status_code=status_code,
        media_type="application/json",
        headers={**_COMMON_HEADERS, "Cache-Control": "no-store"},
    )


def _serve(request: Request, item: _StaticFile, extra: dict[str, str] | None = None) -> Response:
    headers = {**_COMMON_HEADERS, "Cache-Control": "no-cache", "ETag": item.etag, **(extra or {})}
    if request.headers.get("if-none-match") == item.etag:
        return Response(status_code=304, headers=headers)
    return Response(item.body, media_type=item.media_type, headers=headers)


def public_origin(base_url: str) -> str:
    """The browser origin (scheme, host, port) of the public base URL: what `Origin` must be."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()


def _page_key(request: Request) -> str:
    """The page key of this browser: its cookie when it has one, so open tabs keep working."""
    current = request.cookies.get(PAGE_KEY_COOKIE, "")
    return current if _PAGE_KEY_SHAPE.match(current) else secrets.token_urlsafe(32)


def _from_own_page(request: Request, origin: str) -> bool:
    """Only the viewer's page, in a browser, may mint tokens.

    `Origin` is required (browsers send it on every POST) and compared with the configured
    public origin only, never with the Host header, which a DNS-rebinding page or any
    non-browser client chooses. The page key in a header must equal the one in the SameSite
    cookie: another site's page can neither read it nor make the browser send the cookie.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    sent_origin = request.headers.get("origin")
    if sent_origin is None or sent_origin.rstrip("/").lower() != origin:
        return False
    cookie = request.cookies.get(PAGE_KEY_COOKIE, "")
    header = request.headers.get(PAGE_KEY_HEADER, "")
    return bool(_PAGE_KEY_SHAPE.match(cookie)) and secrets.compare_digest(
        cookie.encode(), header.encode()
    )


def viewer_router(settings: Settings) -> APIRouter:
    """The viewer's routes for these settings (a signing key is loaded once, here)."""
    router = APIRouter(include_in_schema=False)
    files = _static_files()
    catalogue = FixtureCatalogue(settings.viewer_fixtures_dir)
    signer = ViewerSigner.from_settings(settings)

    @router.get("/viewer")
    def page(request: Request) -> Response:
        """The viewer page; with signing on, it carries this browser's key for the token route."""
        item = files["index.html"]
        if signer is None:
            return _serve(request, item, {"Content-Security-Policy": _PAGE_POLICY})
        key = _page_key(request)
        meta = f'<meta name="{_PAGE_KEY_META}" content="{key}">'
        body = item.body.replace(b"<head>", f"<head>\n{meta}".encode(), 1)
        response = Response(
            body,
            media_type=item.media_type,
            # The key is per browser: a cached copy must not outlive or cross its cookie.
            headers={
                **_COMMON_HEADERS,
                "Cache-Control": "no-store",
                "Content-Security-Policy": _PAGE_POLICY,
            },
        )
        response.set_cookie(
            PAGE_KEY_COOKIE,
            key,
            path="/viewer",
            secure=settings.base_url.startswith("https:"),
            httponly=True,
            samesite="strict",
        )
        return response

    @router.get("/viewer/")
    def page_slash() -> Response:
        return RedirectResponse("/viewer", status_code=308)

    @router.get("/viewer/static/{name}")
    def static(name: str, request: Request) -> Response:
        """The page's own scripts and styles, shipped inside the package."""
        item = files.get(name)
        if item is None:
            raise UnknownService(f"No viewer file '{name}'")
        return _serve(request, item)

    @router.get("/viewer/api/config")
    def config() -> Response:
        """What the page needs to know about this deployment: language, signing, fixtures."""
        return _json(
            {
                "defaultLanguage": settings.default_language,
                "localDemo": settings.local_demo,
                "signing": signer is not None,
                "issuer": signer.issuer if signer else None,
                # Signed calls are refused until an operator trusts the viewer's issuer.
                "issuerTrusted": signer is not None
                and any(i.iss == signer.issuer for i in settings.trusted_issuers),
                "fixtures": bool(catalogue.entries()),
            }
        )

    @router.get("/viewer/api/fixtures")
    def fixtures() -> Response:
        """The fixture patients: one per fixture request, labelled by service and scenario."""
        return _json({"fixtures": [entry.summary() for entry in catalogue.entries()]})

    @router.get("/viewer/api/fixtures/{service_id}/{scenario}")
    def fixture(service_id: str, scenario: str, request: Request) -> Response:
        """One fixture request, its dates moved to today: the page builds its hook call from it."""
        stored = catalogue.request(service_id, scenario)
        if stored is None:
            raise UnknownService(f"No fixture '{service_id}/{scenario}'")
        delta = request.app.state.cds.now() - settings.viewer_fixtures_as_of
        return _json(shift_dates(stored, delta))

    @router.get("/viewer/api/fixtures/{service_id}/{scenario}/transaction.json")
    def fixture_bundle(service_id: str, scenario: str) -> Response:
        """The fixture patient as a FHIR transaction Bundle, to load into a test FHIR server."""
        request = catalogue.request(service_id, scenario)
        if request is None:
            raise UnknownService(f"No fixture '{service_id}/{scenario}'")
        return Response(
            orjson.dumps(transaction_bundle(request), option=orjson.OPT_INDENT_2),
            media_type="application/fhir+json",
            headers={
                **_COMMON_HEADERS,
                "Content-Disposition": f'attachment; filename="{scenario}.transaction.json"',
            },
        )

    if signer is not None:
        _add_signing_routes(router, signer, public_origin(settings.base_url))
    return router


def _add_signing_routes(router: APIRouter, signer: ViewerSigner, origin: str) -> None:
    signer_jwks = public_jwks(signer.key)

    @router.get("/viewer/.well-known/jwks.json")
    def jwks() -> Response:
        """The public key of the viewer's issuer, for the verifier's JWKS cache."""
        return _json(signer_jwks)

    @router.post("/viewer/api/token")
    async def token(
        request: Request,
        state: AppState = Depends(app_state),  # noqa: B008
    ) -> Response:
        """A 60-second JWT for one call of this service's CDS API, for the viewer's own page."""
        if not _from_own_page(request, origin):
            raise CrossSiteRequest("Tokens are only issued to the viewer's own page")
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            body = None
        path = body.get("path") if isinstance(body, dict) else None
        audience = signer.audience(path, set(state.services)) if isinstance(path, str) else None
        if audience is None:
            raise InvalidRequest(
                'Send {"path": "/cds-services..."} naming one of this service\'s CDS endpoints'
            )
        return _json(
            {
                "token": signer.token(audience, datetime.now(UTC)),
                "audience": audience,
                "expiresIn": TOKEN_LIFETIME_S,
            }
        )
