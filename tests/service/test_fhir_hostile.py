"""A hostile or broken FHIR server, through the FHIR test server's fault modes: a gzip bomb, an
endless flood, a huge Bundle, a trickle. Each is cut off at a byte or time limit, and the key
it answered for is unavailable (the "not checked" card or 412), never read as empty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from tests.fhir_test_server import RunningFhirServer
from tests.service.fhir_support import SIGN, fixture_request

NOT_CHECKED = "Wervelmetastasen: diagnoses niet leesbaar, order niet aan de richtlijn getoetst"
PATIENT_VIEW = "/cds-services/spinal-metastases-patient-view"
CONDITION = frozenset({"Condition"})


@pytest.fixture
def service(fhir_test_server: RunningFhirServer) -> Iterator[TestClient]:
    app = fixture_app(fhir_server_allowlist=[fhir_test_server.base_url])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _order_sign(base_url: str) -> dict[str, Any]:
    body = fixture_request()
    del body["prefetch"]["conditions"]
    body["fhirServer"] = base_url
    return body


def _patient_view(base_url: str) -> dict[str, Any]:
    return {
        "hook": "patient-view",
        "hookInstance": "5b0f8a9e-hostile-patient-view",
        "fhirServer": base_url,
        "context": {"patientId": "pat-spine-03", "userId": "Practitioner/prac-01"},
    }


def _summaries(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [card["summary"] for card in response.json()["cards"]]


def test_the_honest_server_gives_the_real_card(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    response = service.post(SIGN, json=_order_sign(fhir_test_server.base_url))
    assert response.json()["cards"][0]["source"]["topic"]["code"] == "SM-MRI-12h"


def test_a_gzip_bomb_stops_at_the_byte_limit(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    # 64 MiB of valid JSON (a Bundle without entries): read whole it would be "no diagnoses".
    with fhir_test_server.faults(gzip_bomb_bytes=64 * 1024 * 1024, types=CONDITION):
        assert _summaries(service.post(SIGN, json=_order_sign(fhir_test_server.base_url))) == [
            NOT_CHECKED
        ]
        response = service.post(PATIENT_VIEW, json=_patient_view(fhir_test_server.base_url))
    assert response.status_code == 412
    assert "byte limit per response" in response.json()["issue"][0]["diagnostics"]


def test_an_endless_flood_stops_at_the_byte_limit_not_the_clock(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    with fhir_test_server.faults(flood_entries=10**9, types=CONDITION):
        response = service.post(PATIENT_VIEW, json=_patient_view(fhir_test_server.base_url))
    assert response.status_code == 412
    assert "byte limit per response" in response.json()["issue"][0]["diagnostics"]


def test_a_huge_bundle_is_refused_not_read(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    with fhir_test_server.faults(flood_entries=20_000, types=CONDITION):
        assert _summaries(service.post(SIGN, json=_order_sign(fhir_test_server.base_url))) == [
            NOT_CHECKED
        ]


def test_the_byte_limit_per_call_bounds_an_answer_within_its_own_limit(
    fhir_test_server: RunningFhirServer,
) -> None:
    """About 210 KB of Conditions fit the 1 MiB per answer but not the 128 KiB of the call."""
    app = fixture_app(
        fhir_server_allowlist=[fhir_test_server.base_url],
        fhir_max_response_bytes=1024 * 1024,
        fhir_max_call_bytes=128 * 1024,
    )
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        fhir_test_server.faults(flood_entries=250, types=CONDITION),
    ):
        response = client.post(PATIENT_VIEW, json=_patient_view(fhir_test_server.base_url))
    assert response.status_code == 412, response.text
    assert "byte limit per call" in response.json()["issue"][0]["diagnostics"]


def test_a_trickled_body_stops_at_the_time_budget(fhir_test_server: RunningFhirServer) -> None:
    app = fixture_app(
        fhir_server_allowlist=[fhir_test_server.base_url],
        fhir_request_timeout_s=0.3,
        fhir_total_budget_s=0.5,
    )
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        fhir_test_server.faults(trickle_chunk_bytes=16, trickle_interval_s=0.05, types=CONDITION),
    ):
        assert _summaries(client.post(SIGN, json=_order_sign(fhir_test_server.base_url))) == [
            NOT_CHECKED
        ]
