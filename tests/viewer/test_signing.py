"""The viewer as a signing CDS client: its key, its JWKS, the tokens it mints and who may get them."""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from starlette.types import ASGIApp, Receive, Scope, Send

from fixtures.replay import fixture_app
from service.viewer.keys import main as keys_main
from service.viewer.keys import write_key
from service.viewer.router import PAGE_KEY_COOKIE, PAGE_KEY_HEADER
from service.viewer.signing import SigningKeyError
from tests.viewer.conftest import live_server, open_viewer, run_fixture

BASE = "https://cds.hospital.example"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viewer-key") / "viewer-key.pem"
    write_key(path)
    return path


def _signing_client(key_file: Path, **settings: Any) -> TestClient:
    app = fixture_app(
        local_demo=False,
        viewer_enabled=True,
        viewer_signing_key_file=key_file,
        public_base_url=BASE,
        **settings,
    )
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def signing(key_file: Path) -> Iterator[TestClient]:
    with _signing_client(key_file) as client:
        yield client


def _page_key(client: TestClient) -> str:
    """Open the page as a browser does: its key comes in the page and in the cookie."""
    page = client.get("/viewer")
    assert page.status_code == 200
    match = re.search(r'<meta name="viewer-page-key" content="([^"]+)">', page.text)
    assert match is not None
    assert client.cookies[PAGE_KEY_COOKIE] == match.group(1)
    return match.group(1)


def _from_page(client: TestClient, changes: dict[str, str | None] | None = None) -> dict[str, str]:
    """The headers the viewer's page sends with its token request, with some changed or left out."""
    headers = {
        "Origin": BASE,
        "Sec-Fetch-Site": "same-origin",
        PAGE_KEY_HEADER: _page_key(client),
    }
    for name, value in (changes or {}).items():
        if value is None:
            headers.pop(name, None)
        else:
            headers[name] = value
    return headers


def _verify(token: str, jwks: dict[str, Any]) -> jwt.Token:
    return jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["ES384"])  # type: ignore[arg-type]


def test_the_key_command_writes_a_private_key_and_its_public_jwks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pem = tmp_path / "keys" / "viewer.pem"
    assert keys_main([str(pem)]) == 0
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    jwks_file = pem.with_suffix(".jwks.json")
    assert "/viewer" in capsys.readouterr().out
    public = httpx.Response(200, content=jwks_file.read_bytes()).json()
    assert [k["crv"] for k in public["keys"]] == ["P-384"]
    assert all("d" not in k for k in public["keys"])
    assert keys_main([str(pem)]) == 1  # never overwrites a key an operator may already trust


def test_signing_is_off_without_a_key_and_in_local_demo_mode(key_file: Path) -> None:
    for settings in (
        {"viewer_enabled": True},
        {"local_demo": True, "viewer_signing_key_file": key_file},
    ):
        with TestClient(fixture_app(**settings)) as client:
            assert client.get("/viewer/api/config").json()["signing"] is False
            assert (
                client.post("/viewer/api/token", json={"path": "/cds-services"}).status_code == 404
            )
            assert client.get("/viewer/.well-known/jwks.json").status_code == 404


def test_the_served_jwks_is_the_key_files_public_part(signing: TestClient, key_file: Path) -> None:
    config = signing.get("/viewer/api/config").json()
    assert config["signing"] is True
    assert config["issuer"] == f"{BASE}/viewer"
    assert config["issuerTrusted"] is False  # nobody trusts it until an operator says so
    served = signing.get("/viewer/.well-known/jwks.json").json()
    assert (
        served
        == httpx.Response(200, content=key_file.with_suffix(".jwks.json").read_bytes()).json()
    )
    assert served["keys"][0]["alg"] == "ES384"
    assert served["keys"][0]["use"] == "sig"


@pytest.mark.parametrize(
    "path",
    [
        "/cds-services",
        "/cds-services/spinal-metastases-order-sign",
        "/cds-services/spinal-metastases-order-sign/feedback",
    ],
)
def test_a_token_is_a_cds_hooks_client_jwt_for_exactly_that_endpoint(
    signing: TestClient, path: str
) -> None:
    jwks = signing.get("/viewer/.well-known/jwks.json").json()
    answers = [
        signing.post("/viewer/api/token", json={"path": path}, headers=_from_page(signing))
        for _ in range(2)
    ]
    assert all(a.status_code == 200 for a in answers)
    tokens = [_verify(a.json()["token"], jwks) for a in answers]
    header, claims = tokens[0].header, tokens[0].claims
    assert header == {"alg": "ES384", "typ": "JWT", "kid": jwks["keys"][0]["kid"]}
    assert claims["iss"] == f"{BASE}/viewer"
    assert claims["aud"] == f"{BASE}{path}"
    assert claims["exp"] - claims["iat"] == 60
    assert abs(claims["iat"] - time.time()) < 300
    assert tokens[0].claims["jti"] != tokens[1].claims["jti"]


@pytest.mark.parametrize(
    "body",
    [
        {"path": "/viewer/api/config"},
        {"path": "/cds-services/no-such-service"},
        {"path": "/cds-services/spinal-metastases-order-sign/../other"},
        {"path": "https://elsewhere.example/cds-services"},
        {"path": 42},
        {},
        "not an object",
    ],
)
def test_tokens_are_only_for_this_services_cds_endpoints(signing: TestClient, body: Any) -> None:
    response = signing.post("/viewer/api/token", json=body, headers=_from_page(signing))
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"
    assert "token" not in response.text


def test_a_body_that_is_not_json_is_a_400(signing: TestClient) -> None:
    headers = {**_from_page(signing), "Content-Type": "application/json"}
    response = signing.post("/viewer/api/token", content=b"{", headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"Sec-Fetch-Site": "cross-site"}, id="cross-site"),
        pytest.param({"Sec-Fetch-Site": "same-site"}, id="same-site"),
        pytest.param({"Sec-Fetch-Site": "none"}, id="not-from-a-page"),
        pytest.param({"Origin": "https://sandbox.cds-hooks.org"}, id="other-origin"),
        pytest.param({"Origin": "http://cds.hospital.example"}, id="other-scheme"),
        pytest.param({"Origin": "null"}, id="opaque-origin"),
    ],
)
def test_another_sites_page_gets_no_token(
    signing: TestClient, changes: dict[str, str | None]
) -> None:
    response = signing.post(
        "/viewer/api/token", json={"path": "/cds-services"}, headers=_from_page(signing, changes)
    )
    assert response.status_code == 403
    assert "token" not in response.json()


def test_a_client_that_sends_no_origin_gets_no_token(signing: TestClient) -> None:
    """curl and other scripts send no Origin and no Sec-Fetch-Site; only browsers' pages may."""
    bare = signing.post("/viewer/api/token", json={"path": "/cds-services"})
    assert bare.status_code == 403
    headers = _from_page(signing, {"Origin": None, "Sec-Fetch-Site": None})
    assert (
        signing.post(
            "/viewer/api/token", json={"path": "/cds-services"}, headers=headers
        ).status_code
        == 403
    )


def test_the_origin_is_the_configured_public_one_not_the_host_header(signing: TestClient) -> None:
    """A DNS-rebinding page is same-origin with its own Host: that must not make it ours."""
    rebound = "http://attacker.example:8765"
    headers = {**_from_page(signing, {"Origin": rebound}), "Host": "attacker.example:8765"}
    response = signing.post("/viewer/api/token", json={"path": "/cds-services"}, headers=headers)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "page_key",
    [
        pytest.param(None, id="no-header"),
        pytest.param("", id="empty"),
        pytest.param("x" * 43, id="another-key"),
    ],
)
def test_the_token_request_must_carry_the_pages_key(
    signing: TestClient, page_key: str | None
) -> None:
    headers = _from_page(signing, {PAGE_KEY_HEADER: page_key})
    response = signing.post("/viewer/api/token", json={"path": "/cds-services"}, headers=headers)
    assert response.status_code == 403


def test_the_page_key_must_match_a_cookie_the_page_set(signing: TestClient) -> None:
    headers = _from_page(signing)
    signing.cookies.clear()
    response = signing.post("/viewer/api/token", json={"path": "/cds-services"}, headers=headers)
    assert response.status_code == 403


def test_the_page_key_cookie_is_httponly_strict_and_only_for_the_viewer(key_file: Path) -> None:
    with _signing_client(key_file) as client:
        page = client.get("/viewer")
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith(f"{PAGE_KEY_COOKIE}=")
    for attribute in ("httponly", "samesite=strict", "path=/viewer", "secure"):
        assert attribute in cookie
    assert page.headers["cache-control"] == "no-store"
    assert "content-security-policy" in page.headers
    # the browser keeps its key for a second tab, so the first one still gets tokens
    with _signing_client(key_file) as client:
        first = _page_key(client)
        assert _page_key(client) == first


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make_key",
    [
        pytest.param(lambda d: d / "missing.pem", id="missing"),
        pytest.param(lambda d: _write(d / "junk.pem", b"not a key"), id="not-a-key"),
        pytest.param(
            lambda d: _write(d / "p256.pem", ECKey.generate_key("P-256").as_pem(private=True)),
            id="wrong-curve",
        ),
        pytest.param(
            lambda d: _write(d / "public.pem", ECKey.generate_key("P-384").as_pem(private=False)),
            id="public-only",
        ),
        pytest.param(
            lambda d: _write(d / "rsa.pem", RSAKey.generate_key(2048).as_pem(private=True)),
            id="rsa",
        ),
    ],
)
def test_a_configured_key_that_cannot_sign_stops_the_start(tmp_path: Path, make_key: Any) -> None:
    with pytest.raises(SigningKeyError):
        fixture_app(
            local_demo=False, viewer_enabled=True, viewer_signing_key_file=make_key(tmp_path)
        )


class _RecordAuthorization:
    """Test middleware: remembers the Authorization header of every CDS API request."""

    def __init__(self, app: ASGIApp, seen: list[tuple[str, str | None]]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/cds-services"):
            headers = dict(scope["headers"])
            value = headers.get(b"authorization")
            self.seen.append((scope["path"], value.decode() if value else None))
        await self.app(scope, receive, send)


def _signed_app(key_file: Path, tmp_path: Path, trusted: bool) -> Callable[[str], FastAPI]:
    def make(url: str) -> FastAPI:
        jwks_file = str(key_file.with_suffix(".jwks.json"))
        issuers = [{"iss": f"{url}/viewer", "jwks_file": jwks_file}] if trusted else []
        return fixture_app(
            database_url=f"sqlite:///{tmp_path / 'feedback.sqlite3'}",
            local_demo=False,
            viewer_enabled=True,
            viewer_signing_key_file=key_file,
            public_base_url=url,
            trusted_issuers=issuers,
        )

    return make


def test_the_viewer_signs_every_call_and_the_service_verifies_it(
    browser: WebDriver, key_file: Path, tmp_path: Path
) -> None:
    seen: list[tuple[str, str | None]] = []

    def make(url: str) -> FastAPI:
        app = _signed_app(key_file, tmp_path, trusted=True)(url)
        app.add_middleware(_RecordAuthorization, seen=seen)
        return app

    with live_server(make) as running:
        open_viewer(browser, running.url)
        mode = browser.find_element("id", "mode").text
        assert mode == f"Aanroepen ondertekend als {running.url}/viewer"
        service_id = "spinal-metastases-order-sign"
        cards = run_fixture(browser, service_id, f"{service_id}/lhermitte-12h")
        assert cards  # the service verified the viewer's token, or there would be a 401
        cards[0].find_element("css selector", "button.accept").send_keys(Keys.ENTER)
        WebDriverWait(browser, 20).until(
            lambda _d: (
                "stored"
                in (
                    cards[0].find_element("css selector", ".feedback-status").get_attribute("class")
                    or ""
                )
            )
        )
        jwks = httpx.get(f"{running.url}/viewer/.well-known/jwks.json").json()
    paths = [path for path, _ in seen]
    assert paths == [
        "/cds-services",
        f"/cds-services/{service_id}",
        f"/cds-services/{service_id}/feedback",
    ]
    for path, authorization in seen:
        assert authorization is not None
        assert authorization.startswith("Bearer ")
        claims = _verify(authorization.removeprefix("Bearer "), jwks).claims
        assert claims["aud"] == f"{running.url}{path}"
        assert claims["iss"] == f"{running.url}/viewer"


def test_an_untrusted_viewer_says_so_and_is_refused(
    browser: WebDriver, key_file: Path, tmp_path: Path
) -> None:
    with live_server(_signed_app(key_file, tmp_path, trusted=False)) as running:
        open_viewer(browser, running.url)
        assert "CDS_TRUSTED_ISSUERS" in browser.find_element("id", "mode").text
        status = browser.find_element("id", "status").text
        assert status.startswith("Discovery mislukt (HTTP 401)")
        assert browser.find_elements("css selector", "#service option") == []
