"""Faults given to the FHIR test server when it is made (the CLI's `--gzip-bomb`, `--flood`, …)
apply from its first request; `reset()` still clears them."""

from __future__ import annotations

from fixtures.fhir_server import Faults, FhirTestServer
from tests.fhir_test_server import asgi_client


def test_faults_given_at_construction_apply_until_reset() -> None:
    server = FhirTestServer(faults=Faults(status=503))
    with asgi_client(server) as client:
        assert client.get("/Condition?patient=pat-spine-03").status_code == 503
        server.reset()
        assert client.get("/Condition?patient=pat-spine-03").status_code == 200
