"""`/docs` and `/openapi.json`: on in local demo mode (or when configured), served from our own
files only; off (404) elsewhere, while `make openapi` renders the same document either way."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.docs as docs_module
from fixtures.replay import fixture_app
from hooks import SERVICES, published_resources
from service.app import create_app
from service.docs import ASSETS, STATIC_PREFIX, asset_dir, is_enabled
from service.render import openapi_document
from service.settings import Settings

PAGES = ("/docs", "/openapi.json", *(f"{STATIC_PREFIX}/{name}" for name in ASSETS))


def _client(**settings: Any) -> TestClient:
    return TestClient(fixture_app(**settings), raise_server_exceptions=False)


@pytest.fixture
def docs() -> Iterator[TestClient]:
    with _client() as client:  # local demo mode: docs on by default
        yield client


@pytest.mark.parametrize(
    ("local_demo", "docs_enabled", "on"),
    [
        (True, None, True),
        (False, None, False),
        (True, False, False),
        (False, True, True),
        (True, True, True),
        (False, False, False),
    ],
)
def test_docs_are_on_in_local_demo_mode_unless_configured(
    local_demo: bool, docs_enabled: bool | None, on: bool
) -> None:
    assert is_enabled(Settings(local_demo=local_demo, docs_enabled=docs_enabled)) is on


def test_the_page_loads_only_files_of_this_service(docs: TestClient) -> None:
    page = docs.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert not re.search(r"(?i)https?:|//[a-z]", html), "the page names another host"
    referenced = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
    assert sorted(referenced) == sorted(
        ["/openapi.json", *(f"{STATIC_PREFIX}/{name}" for name in ASSETS)]
    )
    assert '"validatorUrl": null' in html  # no badge fetched from swagger.io
    assert "oauth2RedirectUrl" not in html


def test_the_page_policy_allows_our_files_and_its_own_inline_script_only(docs: TestClient) -> None:
    page = docs.get("/docs")
    directives = [d.partition(" ") for d in page.headers["content-security-policy"].split("; ")]
    policy = {name: value for name, _, value in directives}
    assert policy["default-src"] == "'none'"
    for directive in ("style-src", "img-src", "connect-src", "font-src"):
        assert not re.search(r"https?:|\*", policy[directive]), directive
    (script,) = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("name", "media_type"), sorted(ASSETS.items()))
def test_the_swagger_ui_files_come_from_the_pinned_package(
    docs: TestClient, name: str, media_type: str
) -> None:
    response = docs.get(f"{STATIC_PREFIX}/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (asset_dir() / name).read_bytes()


def test_the_bundle_is_swagger_ui_5(docs: TestClient) -> None:
    """OpenAPI 3.1, which FastAPI writes, needs Swagger UI 5."""
    bundle = docs.get(f"{STATIC_PREFIX}/swagger-ui-bundle.js").text
    assert "SwaggerUIBundle" in bundle
    assert re.search(r'"5\.\d+\.\d+"', bundle)
    assert json.loads(openapi_document())["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    "name", ["index.html", "redoc.standalone.js", "..%2Fcore.py", "%2E%2E%2F__init__.py"]
)
def test_no_other_file_is_served(docs: TestClient, name: str) -> None:
    response = docs.get(f"{STATIC_PREFIX}/{name}")
    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"


def test_the_live_document_is_the_committed_contract(docs: TestClient) -> None:
    response = docs.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == json.loads(openapi_document())


@pytest.mark.parametrize(
    "settings",
    [{"local_demo": False}, {"local_demo": True, "docs_enabled": False}],
    ids=["authenticated", "switched-off"],
)
def test_with_docs_off_every_docs_path_is_a_404_operation_outcome(settings: dict[str, Any]) -> None:
    with _client(**settings) as client:
        for path in (*PAGES, "/redoc", "/docs/oauth2-redirect"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/fhir+json", path
            assert response.json()["issue"][0]["code"] == "not-found", path


def test_docs_can_be_switched_on_outside_local_demo_mode() -> None:
    with _client(local_demo=False, docs_enabled=True) as client:
        assert all(client.get(path).status_code == 200 for path in PAGES)
        assert client.get("/cds-services").status_code == 401  # the API still needs a token


def test_the_rendered_document_does_not_depend_on_the_docs_setting() -> None:
    documents = [
        create_app(
            Settings(database_url="sqlite://", docs_enabled=enabled),
            SERVICES,
            published=published_resources,
        ).openapi()
        for enabled in (True, False, None)
    ]
    assert documents[0] == documents[1] == documents[2] == json.loads(openapi_document())
    assert not any(path.startswith(("/docs", "/openapi")) for path in documents[0]["paths"])


def test_docs_on_without_the_asset_package_is_a_clear_start_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(docs_module, "ASSET_PACKAGE", "no_such_asset_package")
    with pytest.raises(RuntimeError, match="CDS_DOCS_ENABLED=false"):
        fixture_app()
