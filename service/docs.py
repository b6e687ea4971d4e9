"""Swagger UI at `/docs` and the live OpenAPI document at `/openapi.json`, served by us alone.

On in local demo mode, or where `CDS_DOCS_ENABLED=true`; elsewhere both answer 404 (the
committed `openapi/openapi.json` is the contract either way). Swagger UI's files come from the
pinned `fastapi-offline` package and are served under `/docs/static/`, never from a CDN: on a
hospital network without internet a CDN page stays blank, and a CDN learns who reads our docs.
Only that package's files are used, none of its code. The page's Content-Security-Policy lets
the browser load nothing from any other host.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response

from service.errors import UnknownService
from service.settings import Settings

ASSET_PACKAGE = "fastapi_offline"
STATIC_PREFIX = "/docs/static"
OPENAPI_PATH = "/openapi.json"
# The files the page loads, and their types; nothing else of the package is served.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}
# No online validator badge: Swagger UI would fetch it from swagger.io, naming our document.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def is_enabled(settings: Settings) -> bool:
    """On when configured so; when unset, on in local demo mode only."""
    return settings.local_demo if settings.docs_enabled is None else settings.docs_enabled


def asset_dir() -> Path:
    """Where the installed asset package keeps Swagger UI's files (found, not imported)."""
    spec = importlib.util.find_spec(ASSET_PACKAGE)
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        static = Path(folder) / "static"
        if all((static / name).is_file() for name in ASSETS):
            return static
    raise RuntimeError(
        f"the docs are on but the {ASSET_PACKAGE} package with Swagger UI's files is not "
        "installed: reinstall the service (make install) or set CDS_DOCS_ENABLED=false"
    )


def page_policy(html: str) -> str:
    """The CSP of the page: our own files, and the inline start-up script by its hash only."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def docs_router(title: str) -> APIRouter:
    """`/docs`, its static files and `/openapi.json`; none of them in the OpenAPI document."""
    static = asset_dir()
    router = APIRouter(include_in_schema=False)

    @router.get(OPENAPI_PATH)
    async def openapi(request: Request) -> Response:
        """The document the app builds, the same as the committed openapi/openapi.json."""
        return JSONResponse(request.app.openapi(), headers=_COMMON_HEADERS)

    @router.get("/docs")
    async def docs(request: Request) -> Response:
        """Swagger UI for this service's API, every file from this service."""
        root = str(request.scope.get("root_path", "")).rstrip("/")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{OPENAPI_PATH}",
            title=f"{title} — API",
            swagger_js_url=f"{root}{STATIC_PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_PREFIX}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_PREFIX}/favicon.png",
            oauth2_redirect_url=None,
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )
        html = bytes(page.body).decode()
        headers = {
            **_COMMON_HEADERS,
            "Cache-Control": "no-cache",
            "Content-Security-Policy": page_policy(html),
        }
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)

    @router.get(STATIC_PREFIX + "/{name}")
    async def asset(name: str) -> Response:
        """One of Swagger UI's files, as the pinned package ships it."""
        media_type = ASSETS.get(name)
        if media_type is None:
            raise UnknownService(f"No docs file '{name}'")
        return FileResponse(
            static / name,
            media_type=media_type,
            headers={**_COMMON_HEADERS, "Cache-Control": "no-cache"},
        )

    return router
