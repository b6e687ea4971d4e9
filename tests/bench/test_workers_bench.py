"""The workers benchmark sends what it says: one fresh token per request, for the endpoint."""

from __future__ import annotations

from pathlib import Path

from joserfc import jwt
from joserfc.jwk import RSAKey

from bench import overhead, workers
from bench.harness import Load


def test_each_token_is_for_the_endpoint_and_has_its_own_jti(tmp_path: Path) -> None:
    key = RSAKey.generate_key(2048, parameters={"kid": "k", "alg": "RS384"})
    path = workers._tokens(key, "spinal-metastases-order-sign", 25, tmp_path)
    tokens = path.read_text(encoding="ascii").splitlines()
    assert len(tokens) == 25
    claims = [jwt.decode(token, key, algorithms=["RS384"]).claims for token in tokens]
    assert {c["aud"] for c in claims} == {
        f"{workers.PUBLIC}/cds-services/spinal-metastases-order-sign"
    }
    assert {c["iss"] for c in claims} == {workers.ISSUER}
    assert len({c["jti"] for c in claims}) == 25


def test_the_report_gives_the_scaling_of_two_workers_over_one() -> None:
    run = workers.WorkersRun(True, 16, Load(500.0, 30.0, 60.0, 0), Load(750.0, 20.0, 50.0, 0))
    (row,) = [line for line in workers.report([run], "a store", "x") if line.startswith("| on")]
    assert "**1.50**" in row
    assert "500" in row
    assert "750" in row


def test_the_metrics_of_one_call_are_measured_in_this_process() -> None:
    assert overhead.metrics_us(10) > 0
