"""Settings: authentication is on unless asked off, and unsafe production values are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from service.settings import Settings, TrustedIssuer

EHR = {"iss": "https://ehr.example", "jwks_url": "https://ehr.example/jwks"}


@pytest.fixture(autouse=True)
def _no_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """A developer's `.env` must not leak into these tests."""
    monkeypatch.chdir(tmp_path)


def test_authentication_is_on_by_default() -> None:
    settings = Settings()
    assert settings.auth_required
    assert not settings.local_demo
    assert settings.trusted_issuers == ()


def test_trusted_issuers_come_from_a_json_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issuer = {
        **EHR,
        "audience": "https://cds.example/epic",
        "tenant": "t1",
        "fhir_servers": ["https://fhir.example/r4"],
    }
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([issuer]))
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", "https://cds.example")
    (parsed,) = Settings().trusted_issuers
    assert parsed.iss == "https://ehr.example"  # exactly as sent: no trailing slash added
    assert str(parsed.jwks_url) == "https://ehr.example/jwks"
    assert parsed.audience == "https://cds.example/epic"
    assert [str(u) for u in parsed.fhir_servers] == ["https://fhir.example/r4"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"local_demo": True, "public_base_url": "https://cds.example"}, "this machine only"),
        ({"public_base_url": "http://cds.example"}, "https"),
        ({"trusted_issuers": [EHR, EHR]}, "more than once"),
        ({"jwt_clock_skew_s": 3600}, "jwt_clock_skew_s"),
        ({"jwt_max_lifetime_s": 86_400}, "jwt_max_lifetime_s"),
    ],
    ids=["demo-not-on-loopback", "plain-http-public-url", "duplicate-iss", "skew", "lifetime"],
)
def test_unsafe_service_settings_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(**changes)


@pytest.mark.parametrize(
    ("issuer", "message"),
    [
        ({"iss": "https://ehr.example"}, "needs jwks_url, jwks_file or allowed_jku"),
        ({**EHR, "jwks_url": "http://ehr.example/jwks"}, "https"),
        ({**EHR, "allowed_jku": ["http://ehr.example/k"]}, "https"),
        ({**EHR, "fhir_servers": ["http://fhir.example/r4"]}, "https"),
        ({**EHR, "unknown_member": 1}, "Extra inputs"),
        (
            {
                "iss": "https://sandbox.cds-hooks.org",
                "allowed_jku": ["https://sandbox.cds-hooks.org/.well-known/jwks.json"],
            },
            "signing key is public",
        ),
        ({**EHR, "jwks_url": "https://sandbox.cds-hooks.org/jwks"}, "signing key is public"),
    ],
    ids=[
        "no-key-source",
        "jwks-over-http",
        "jku-over-http",
        "fhir-over-http",
        "typo",
        "sandbox",
        "sandbox-keys",
    ],
)
def test_unsafe_issuers_are_refused(issuer: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TrustedIssuer.model_validate(issuer)


def test_sandbox_is_accepted_only_when_marked_test_only() -> None:
    issuer = TrustedIssuer(
        iss="https://sandbox.cds-hooks.org",
        allowed_jku=("https://sandbox.cds-hooks.org/.well-known/jwks.json",),
        test_only=True,
    )
    assert issuer.test_only


def test_loopback_addresses_may_use_plain_http() -> None:
    issuer = TrustedIssuer(
        iss="http://127.0.0.1:9000", jwks_url="http://127.0.0.1:9000/jwks", fhir_servers=()
    )
    settings = Settings(public_base_url="http://localhost:8765", trusted_issuers=(issuer,))
    assert settings.base_url == "http://localhost:8765"
    assert Settings(local_demo=True, public_base_url="http://[::1]:8765").local_demo


@pytest.mark.parametrize("url", ["http://fhir.hospital.example/r4", "http://10.0.0.5/fhir"])
def test_local_demo_allow_list_refuses_plain_http_to_another_host(url: str) -> None:
    with pytest.raises(ValidationError, match="must be an https URL"):
        Settings(local_demo=True, fhir_server_allowlist=[url])


@pytest.mark.parametrize(
    "url",
    [
        "https://fhir.hospital.example/r4",
        "http://localhost:8080/fhir",
        "http://127.0.0.1:8080/fhir",
        "http://[::1]:8080/fhir",
    ],
)
def test_local_demo_allow_list_takes_https_and_loopback_http(url: str) -> None:
    assert Settings(local_demo=True, fhir_server_allowlist=[url]).fhir_server_allowlist
