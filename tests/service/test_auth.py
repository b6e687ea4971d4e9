"""Only trusted EHRs get in: real signed JWTs through the real app, keys served by respx.

Each rejection is checked twice: the caller sees a 401 OperationOutcome that says nothing
useful to an attacker, and our log names the check that failed (so the test cannot pass
because some other check happened to refuse the token).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.build import NOW as FIXTURE_NOW
from hooks import SERVICES, published_resources
from service.app import create_app
from service.auth.tokens import CdsHooksJwtVerifier
from service.settings import Settings, TrustedIssuer
from tests.payloads import feedback_overridden
from tests.service.tokens import (
    ATTACKER_KEY,
    EPIC_AUD,
    EPIC_ISS,
    EPIC_JKU,
    EPIC_KEY,
    FHIR,
    NOW,
    PUBLIC,
    SANDBOX_ISS,
    SANDBOX_JKU,
    SANDBOX_KEY,
    TENANT,
    TENANT_ISS,
    TENANT_KEY,
    epic_token,
    es384_key,
    hs256_with_public_key,
    jwks,
    sandbox_token,
    tampered,
    tenant_token,
    unsigned_token,
)

SIGN = "/cds-services/spinal-metastases-order-sign"
SIGN_URL = PUBLIC + SIGN
DISCOVERY_URL = PUBLIC + "/cds-services"
FEEDBACK_URL = SIGN_URL + "/feedback"


class Clock:
    """The verifier's clock, moved by the test (no sleeping, no wall-clock dependence)."""

    def __init__(self) -> None:
        self.now = float(NOW)

    def __call__(self) -> float:
        return self.now


def issuers(tmp_path: Path) -> list[TrustedIssuer]:
    tenant_jwks = tmp_path / "tenant-jwks.json"
    tenant_jwks.write_text(json.dumps(jwks(TENANT_KEY)), encoding="utf-8")
    return [
        TrustedIssuer(
            iss=SANDBOX_ISS, allowed_jku=(SANDBOX_JKU,), fhir_servers=(FHIR,), test_only=True
        ),
        TrustedIssuer(iss=EPIC_ISS, jwks_url=EPIC_JKU, audience=EPIC_AUD),
        TrustedIssuer(iss=TENANT_ISS, jwks_file=tenant_jwks, tenant=TENANT),
    ]


def authenticated_app(tmp_path: Path, clock: Clock, **settings: Any) -> FastAPI:
    """The app as it runs in production: authentication on, three trusted issuers."""
    settings.setdefault("database_url", "sqlite://")
    return create_app(
        Settings(public_base_url=PUBLIC, trusted_issuers=issuers(tmp_path), **settings),
        SERVICES,
        now=lambda: datetime.fromisoformat(FIXTURE_NOW),
        published=published_resources,
        verifier=lambda s, http: CdsHooksJwtVerifier(s, http, clock=clock),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys() -> Iterator[respx.MockRouter]:
    """The EHRs' JWKS endpoints (and a FHIR server that must not be needed)."""
    with respx.mock(assert_all_called=False) as router:
        router.get(SANDBOX_JKU, name="sandbox").respond(json=jwks(SANDBOX_KEY))
        router.get(EPIC_JKU, name="epic").respond(json=jwks(EPIC_KEY))
        router.get("https://evil.example/jwks.json", name="evil").respond(json=jwks(ATTACKER_KEY))
        yield router


@pytest.fixture
def client(tmp_path: Path, clock: Clock, keys: respx.MockRouter) -> Iterator[TestClient]:
    with TestClient(
        authenticated_app(tmp_path, clock), raise_server_exceptions=False
    ) as test_client:
        yield test_client


def hook_request(scenario: str = "lhermitte-12h") -> dict[str, Any]:
    path = FIXTURES / "spinal-metastases-order-sign" / f"{scenario}.request.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unauthorized(response: Any, token: str | None = None) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "login", "diagnostics": "Authentication failed."}],
    }
    if token:
        assert token not in response.text


def auth_failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        getattr(r, "reason", "")
        for r in caplog.records
        if r.name == "service.auth" and r.getMessage() == "authentication failed"
    ]


# --- accepted ---------------------------------------------------------------------------


def test_sandbox_style_es384_token_opens_discovery_call_and_feedback(
    client: TestClient, keys: respx.MockRouter
) -> None:
    discovery = client.get("/cds-services", headers=bearer(sandbox_token(DISCOVERY_URL)))
    assert discovery.status_code == 200, discovery.text
    assert discovery.json()["services"]

    call = client.post(SIGN, json=hook_request(), headers=bearer(sandbox_token(SIGN_URL)))
    assert call.status_code == 200, call.text
    assert call.json()["cards"][0]["source"]["topic"]["code"] == "SM-MRI-12h"

    feedback = client.post(
        SIGN + "/feedback",
        json=feedback_overridden(),
        headers=bearer(sandbox_token(FEEDBACK_URL)),
    )
    assert feedback.status_code == 200, feedback.text
    assert keys["sandbox"].call_count == 1  # the JWKS is cached, not fetched per call


def test_epic_style_rs384_token_with_configured_audience_sub_and_nbf_is_accepted(
    client: TestClient, keys: respx.MockRouter
) -> None:
    response = client.post(SIGN, json=hook_request(), headers=bearer(epic_token()))
    assert response.status_code == 200, response.text
    assert response.json()["cards"]
    feedback = client.post(
        SIGN + "/feedback",
        json=feedback_overridden(),
        headers=bearer(epic_token()),
    )
    assert feedback.status_code == 200, feedback.text
    assert keys["epic"].call_count == 1


def test_tenant_token_with_keys_from_a_local_jwks_file_is_accepted(client: TestClient) -> None:
    response = client.post(SIGN, json=hook_request(), headers=bearer(tenant_token(SIGN_URL)))
    assert response.status_code == 200, response.text


def test_token_with_an_audience_list_naming_the_endpoint_is_accepted(client: TestClient) -> None:
    token = sandbox_token(SIGN_URL, aud=[SIGN_URL, "https://other.example"])
    assert client.post(SIGN, json=hook_request(), headers=bearer(token)).status_code == 200


# --- rejected ---------------------------------------------------------------------------

REJECTED: list[Any] = [
    pytest.param(lambda: None, "missing-token", id="missing-authorization-header"),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, iat=NOW - 600, exp=NOW - 120), "expired", id="expired"
    ),
    pytest.param(lambda: epic_token(nbf=NOW + 600), "not-yet-valid", id="not-yet-valid"),
    pytest.param(lambda: sandbox_token(DISCOVERY_URL), "wrong-audience", id="aud-of-discovery"),
    pytest.param(
        lambda: sandbox_token("http://127.0.0.1:8765" + SIGN), "wrong-audience", id="aud-other-host"
    ),
    pytest.param(
        lambda: epic_token(SIGN_URL), "wrong-audience", id="epic-aud-instead-of-configured"
    ),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, key=ATTACKER_KEY, iss="https://evil.example"),
        "unknown-issuer",
        id="unknown-iss",
    ),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, key=ATTACKER_KEY, jku="https://evil.example/jwks.json"),
        "jku-not-allowed",
        id="jku-off-the-allow-list",
    ),
    pytest.param(lambda: unsigned_token(SIGN_URL), "alg-not-allowed", id="alg-none"),
    pytest.param(
        lambda: hs256_with_public_key(SIGN_URL), "alg-not-allowed", id="hs256-with-public-key"
    ),
    pytest.param(
        lambda: tampered(sandbox_token(SIGN_URL), exp=NOW + 3000),
        "bad-signature",
        id="tampered-payload",
    ),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, key=ATTACKER_KEY),
        "bad-signature",
        id="signed-by-another-key-with-the-trusted-kid",
    ),
    pytest.param(lambda: tenant_token(SIGN_URL, tenant="other"), "wrong-tenant", id="wrong-tenant"),
    pytest.param(lambda: sandbox_token(SIGN_URL, jti=None), "missing-claim", id="no-jti"),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, iat=NOW + 600, exp=NOW + 900),
        "issued-in-future",
        id="iat-in-future",
    ),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, exp=NOW + 7200), "lifetime-too-long", id="long-lived"
    ),
    pytest.param(
        lambda: sandbox_token(SIGN_URL, key=es384_key("never-published")),
        "unknown-kid",
        id="unknown-kid",
    ),
    pytest.param(lambda: "not.a.jwt", "malformed-token", id="garbage"),
]


@pytest.mark.parametrize(("make_token", "reason"), REJECTED)
def test_untrusted_token_is_401_without_details(
    client: TestClient,
    keys: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    make_token: Callable[[], str | None],
    reason: str,
) -> None:
    token = make_token()
    headers = bearer(token) if token else {}
    caplog.set_level(logging.WARNING, logger="service.auth")
    response = client.post(SIGN, json=hook_request(), headers=headers)
    assert_unauthorized(response, token)
    assert auth_failures(caplog) == [reason]
    assert not keys["evil"].called  # a jku off the allow-list is never fetched
    assert token is None or token not in caplog.text


def test_wrong_audience_logs_the_expected_and_the_received_aud(
    client: TestClient, keys: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    """A go-live whose every token fails shows why: compare the two, fix CDS_PUBLIC_BASE_URL."""
    token = sandbox_token("http://127.0.0.1:8765" + SIGN)
    caplog.set_level(logging.WARNING, logger="service.auth")
    assert_unauthorized(client.post(SIGN, json=hook_request(), headers=bearer(token)), token)
    (line,) = [r for r in caplog.records if r.getMessage() == "authentication failed"]
    assert line.reason == "wrong-audience"  # type: ignore[attr-defined]
    assert line.expected_aud == SIGN_URL  # type: ignore[attr-defined]
    assert line.received_aud == "http://127.0.0.1:8765" + SIGN  # type: ignore[attr-defined]
    listed = sandbox_token(DISCOVERY_URL, aud=[DISCOVERY_URL, "https://other.example"])
    caplog.clear()
    assert_unauthorized(client.post(SIGN, json=hook_request(), headers=bearer(listed)), listed)
    (line,) = [r for r in caplog.records if r.getMessage() == "authentication failed"]
    assert line.received_aud == f'["{DISCOVERY_URL}","https://other.example"]'  # type: ignore[attr-defined]


def test_replayed_token_is_refused_the_second_time(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = sandbox_token(SIGN_URL)
    assert client.post(SIGN, json=hook_request(), headers=bearer(token)).status_code == 200
    caplog.set_level(logging.WARNING, logger="service.auth")
    assert_unauthorized(client.post(SIGN, json=hook_request(), headers=bearer(token)), token)
    assert auth_failures(caplog) == ["replayed-jti"]


def test_basic_credentials_are_not_a_bearer_token(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="service.auth")
    response = client.get("/cds-services", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_unauthorized(response)
    assert auth_failures(caplog) == ["malformed-header"]


def test_discovery_and_feedback_need_a_token_too(client: TestClient) -> None:
    assert_unauthorized(client.get("/cds-services"))
    assert_unauthorized(client.post(SIGN + "/feedback", json=feedback_overridden()))
    assert client.app.state.cds.store.count() == 0  # type: ignore[attr-defined]


def test_unknown_service_without_token_is_401_not_404(client: TestClient) -> None:
    """An unauthenticated caller learns nothing, not even which service ids exist."""
    assert_unauthorized(client.post("/cds-services/no-such-service", json=hook_request()))


def test_preflight_health_and_conformance_resources_need_no_token(client: TestClient) -> None:
    preflight = client.options(
        SIGN,
        headers={
            "Origin": "https://sandbox.cds-hooks.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/fhir/CodeSystem/metastasis-cds-rules").status_code == 200


def test_browser_can_read_the_401(client: TestClient) -> None:
    response = client.get("/cds-services", headers={"Origin": "https://sandbox.cds-hooks.org"})
    assert_unauthorized(response)
    assert response.headers["access-control-allow-origin"] == "https://sandbox.cds-hooks.org"


# --- keys: rotation, rate limit, outage -------------------------------------------------


def test_unknown_kid_refetches_the_jwks_once_per_interval(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    rotated = es384_key("rotated-key")
    with respx.mock(assert_all_called=False) as router:
        route = router.get(SANDBOX_JKU)
        route.side_effect = [
            respx.MockResponse(json=jwks(SANDBOX_KEY)),
            respx.MockResponse(json=jwks(SANDBOX_KEY, rotated)),
            respx.MockResponse(json=jwks(rotated)),
        ]
        with TestClient(authenticated_app(tmp_path, clock)) as client:
            ok = client.get("/cds-services", headers=bearer(sandbox_token(DISCOVERY_URL)))
            assert ok.status_code == 200
            # Later the EHR rotates its key: the unknown kid makes us fetch the JWKS again.
            clock.now += 61
            new = sandbox_token(DISCOVERY_URL, key=rotated)
            assert client.get("/cds-services", headers=bearer(new)).status_code == 200
            assert route.call_count == 2
            # A flood of made-up kids within the interval causes no further fetch.
            caplog.set_level(logging.WARNING, logger="service.auth")
            for n in range(5):
                forged = sandbox_token(DISCOVERY_URL, key=es384_key(f"made-up-{n}"))
                assert_unauthorized(client.get("/cds-services", headers=bearer(forged)))
            assert route.call_count == 2
            assert auth_failures(caplog) == ["unknown-kid"] * 5
            # After another interval, an unknown kid may refresh again.
            clock.now += 61
            forged = sandbox_token(DISCOVERY_URL, key=es384_key("made-up-later"))
            assert_unauthorized(client.get("/cds-services", headers=bearer(forged)))
            assert route.call_count == 3


def test_jwks_outage_is_401_and_is_not_hammered(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with respx.mock(assert_all_called=False) as router:
        route = router.get(SANDBOX_JKU).respond(503)
        with TestClient(authenticated_app(tmp_path, clock)) as client:
            for _ in range(3):
                token = sandbox_token(DISCOVERY_URL)
                assert_unauthorized(client.get("/cds-services", headers=bearer(token)))
    assert route.call_count == 1
    assert auth_failures(caplog) == ["jwks-unavailable"] * 3
    assert "JWKS could not be loaded" in caplog.text


# --- which FHIR server a caller may make us call ----------------------------------------


def test_fhir_server_must_be_on_the_calling_issuers_list(
    tmp_path: Path, clock: Clock, keys: respx.MockRouter
) -> None:
    """The sandbox issuer lists the fixtures' FHIR server; the Epic issuer lists none, and the
    global allow-list (local demo only) does not widen it."""
    body = hook_request()
    by_type = {
        "Condition": body["prefetch"]["conditions"],
        "Observation": body["prefetch"]["observations"],
        "MedicationRequest": body["prefetch"]["medications"],
        "MedicationStatement": body["prefetch"]["medicationStatements"],
        "Procedure": body["prefetch"]["procedures"],
    }
    del body["prefetch"]
    fhir = keys.get(url__startswith=FHIR + "/").mock(
        side_effect=lambda request: respx.MockResponse(
            json=by_type[request.url.path.rsplit("/", 1)[-1]]
        )
    )
    app = authenticated_app(tmp_path, clock, fhir_server_allowlist=[FHIR])
    with TestClient(app) as client:
        sandbox = client.post(SIGN, json=body, headers=bearer(sandbox_token(SIGN_URL)))
        assert sandbox.status_code == 200, sandbox.text
        assert sandbox.json()["cards"][0]["source"]["topic"]["code"] == "SM-MRI-12h"
        assert fhir.call_count == len(by_type)
        epic = client.post(SIGN, json=body, headers=bearer(epic_token()))
        assert epic.status_code == 412
        assert "allow-list" in epic.json()["issue"][0]["diagnostics"]
        assert fhir.call_count == len(by_type)
