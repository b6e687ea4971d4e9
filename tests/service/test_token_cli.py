"""`python -m service.token` (`make token`): the viewer's token for one of our CDS endpoints, from
the viewer's key only; anything else exits 2 with one line."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from joserfc import jws, jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

from fixtures.replay import fixture_app
from service.auth import AuthFailure
from service.auth.tokens import CdsHooksJwtVerifier
from service.settings import Settings
from service.token import DEFAULT_KEY_FILE, main
from service.viewer.keys import write_key

BASE = "https://cds.hospital.example"
SERVICE = "spinal-metastases-order-sign"
ENDPOINTS = [
    f"{BASE}/cds-services",
    f"{BASE}/cds-services/{SERVICE}",
    f"{BASE}/cds-services/{SERVICE}/feedback",
]


@pytest.fixture
def workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A checkout-like folder with the key `make viewer-key` writes, and no developer `.env`."""
    monkeypatch.chdir(tmp_path)
    for name in ("CDS_VIEWER_SIGNING_KEY_FILE", "CDS_LOCAL_DEMO", "CDS_TRUSTED_ISSUERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", BASE)
    write_key(tmp_path / DEFAULT_KEY_FILE)
    return tmp_path


def _claims(token: str) -> dict[str, Any]:
    """The claims of a token, unverified."""
    claims: dict[str, Any] = json.loads(jws.extract_compact(token.encode()).payload or b"")
    return claims


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _trusting(jwks_file: Path) -> Settings:
    """The service's settings once an operator trusts the viewer's issuer."""
    return Settings(
        database_url="sqlite://",
        public_base_url=BASE,
        trusted_issuers=[{"iss": f"{BASE}/viewer", "jwks_file": jwks_file}],
    )


def _verified_issuer(token: str, audience: str, jwks_file: Path) -> str | None:
    async def verify() -> str | None:
        async with httpx.AsyncClient() as http:
            caller = await CdsHooksJwtVerifier(_trusting(jwks_file), http).verify(token, audience)
            return caller.issuer

    return asyncio.run(verify())


@pytest.mark.parametrize("audience", ENDPOINTS)
def test_the_printed_token_verifies_as_the_viewers_for_that_endpoint(
    workdir: Path, capsys: pytest.CaptureFixture[str], audience: str
) -> None:
    code, out, err = _run(["--aud", audience], capsys)
    assert (code, err) == (0, "")
    assert out.endswith("\n")
    assert out.count("\n") == 1
    token = out.strip()
    jwks_file = (workdir / DEFAULT_KEY_FILE).with_suffix(".jwks.json")
    assert _verified_issuer(token, audience, jwks_file) == f"{BASE}/viewer"
    public = KeySet.import_key_set(httpx.Response(200, content=jwks_file.read_bytes()).json())
    decoded = jwt.decode(token, public, algorithms=["ES384"])
    assert decoded.header == {"alg": "ES384", "typ": "JWT", "kid": public.keys[0].kid}
    assert decoded.claims["iss"] == f"{BASE}/viewer"
    assert decoded.claims["aud"] == audience
    assert decoded.claims["exp"] - decoded.claims["iat"] == 60
    # For another endpoint it is refused (aud is the endpoint's URL).
    other = next(e for e in ENDPOINTS if e != audience)
    with pytest.raises(AuthFailure) as refused:
        _verified_issuer(token, other, jwks_file)
    assert refused.value.reason == "wrong-audience"


def test_each_token_has_a_fresh_jti_and_curl_style_use_passes_discovery(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tokens = [_run(["--aud", ENDPOINTS[0]], capsys)[1].strip() for _ in range(2)]
    jtis = {_claims(t)["jti"] for t in tokens}
    assert len(jtis) == 2
    jwks_file = (workdir / DEFAULT_KEY_FILE).with_suffix(".jwks.json")
    app = fixture_app(
        local_demo=False,
        public_base_url=BASE,
        trusted_issuers=[{"iss": f"{BASE}/viewer", "jwks_file": str(jwks_file)}],
    )
    with TestClient(app, base_url=BASE) as client:
        for token in tokens:
            answer = client.get("/cds-services", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200
            assert SERVICE in {s["id"] for s in answer.json()["services"]}
        # Each token is good once: the jti was seen.
        again = client.get("/cds-services", headers={"Authorization": f"Bearer {tokens[0]}"})
        assert again.status_code == 401


@pytest.mark.parametrize(
    "audience",
    [
        "",
        "https://other.example/cds-services",
        f"{BASE}.evil.example/cds-services",
        BASE.replace("https:", "http:") + "/cds-services",
        f"{BASE}/",
        f"{BASE}/cds-services/",
        f"{BASE}/cds-services?x=1",
        f"{BASE}/cds-services/no-such-service",
        f"{BASE}/cds-services/{SERVICE}/feedback/x",
        f"{BASE}/viewer/api/token",
        f"{BASE}/fhir/CodeSystem/x",
        "/cds-services",
    ],
)
def test_an_aud_that_is_not_our_own_cds_endpoint_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str], audience: str
) -> None:
    code, out, err = _run(["--aud", audience], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "is not one of this service's CDS endpoints" in err


def _pem(path: Path, key: ECKey | RSAKey, private: bool = True) -> Path:
    path.write_bytes(key.as_pem(private=private))
    return path


def test_a_key_file_other_than_the_configured_viewer_key_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _pem(workdir / "other.pem", ECKey.generate_key("P-384"))  # a fine key, but not ours
    code, out, err = _run(["--aud", ENDPOINTS[0], "--key", str(other)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "is not the viewer's signing key" in err
    # The configured file itself, named another way, is fine.
    code, out, _ = _run(["--aud", ENDPOINTS[0], "--key", f"var/../{DEFAULT_KEY_FILE}"], capsys)
    assert code == 0
    assert out.strip()


def test_the_configured_key_file_decides_not_the_default(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configured = workdir / "keys" / "viewer.pem"
    write_key(configured)
    monkeypatch.setenv("CDS_VIEWER_SIGNING_KEY_FILE", str(configured))
    code, out, _ = _run(["--aud", ENDPOINTS[0]], capsys)
    assert code == 0
    jwks_file = configured.with_suffix(".jwks.json")
    assert _verified_issuer(out.strip(), ENDPOINTS[0], jwks_file) == f"{BASE}/viewer"
    code, out, err = _run(["--aud", ENDPOINTS[0], "--key", str(DEFAULT_KEY_FILE)], capsys)
    assert (code, out) == (2, "")
    assert "is not the viewer's signing key" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: _pem(p, ECKey.generate_key("P-256")), "must be an EC P-384 private key"),
        (lambda p: _pem(p, RSAKey.generate_key(2048)), "is not an EC private key"),
        (lambda p: _pem(p, ECKey.generate_key("P-384"), private=False), "P-384 private key"),
        (lambda p: p.write_text("not a key\n"), "is not an EC private key"),
        (lambda p: p.unlink(), "run `make viewer-key`"),
    ],
    ids=["p-256", "rsa", "public-only", "garbage", "missing"],
)
def test_a_viewer_key_file_that_is_not_a_p384_private_key_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    assert callable(make)
    make(workdir / DEFAULT_KEY_FILE)
    code, out, err = _run(["--aud", ENDPOINTS[0]], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize(
    "argv", [[], ["--aud"], ["--aud", ENDPOINTS[0], "--bogus"]], ids=["none", "empty", "extra"]
)
def test_bad_arguments_exit_2_with_one_line(
    workdir: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = _run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("python -m service.token: ")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CDS_PUBLIC_BASE_URL", "http://cds.hospital.example"),  # plain http to another host
        ("CDS_JWT_CLOCK_SKEW_S", "-1secret"),
        ("CDS_TRUSTED_ISSUERS", '[{"iss": "secret"'),  # not JSON
    ],
)
def test_invalid_settings_exit_2_with_one_line(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
) -> None:
    monkeypatch.setenv(name, value)
    code, out, err = _run(["--aud", ENDPOINTS[0]], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "invalid settings" in err
    assert "secret" not in err


def test_python_dash_m_prints_only_the_token(workdir: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "service.token", "--aud", ENDPOINTS[0]],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert _claims(done.stdout.strip())["aud"] == ENDPOINTS[0]
