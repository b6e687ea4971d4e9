"""Every error status of `POST /cds-services/{id}` answers with an OperationOutcome."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app
from service.app import create_app
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card
from service.settings import Settings

SIGN = "/cds-services/spinal-metastases-order-sign"


def _request(name: str = "lhermitte-12h") -> dict[str, Any]:
    path = FIXTURES / "spinal-metastases-order-sign" / f"{name}.request.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def assert_outcome(response: Any, status: int, fragment: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["severity"] == "error"
    assert fragment in body["issue"][0]["diagnostics"]
    assert "Traceback" not in response.text


def test_unknown_service_is_404(client: TestClient) -> None:
    assert_outcome(
        client.post("/cds-services/no-such-service", json=_request()), 404, "no-such-service"
    )


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        SIGN, content=b'{"hook": "order-sign",', headers={"Content-Type": "application/json"}
    )
    assert_outcome(response, 400, "Malformed JSON")


def test_wrong_content_type_is_400(client: TestClient) -> None:
    response = client.post(
        SIGN, content=json.dumps(_request()), headers={"Content-Type": "text/plain"}
    )
    assert_outcome(response, 400, "Content-Type")


def test_body_that_is_not_an_object_is_400(client: TestClient) -> None:
    assert_outcome(client.post(SIGN, json=[1, 2]), 400, "JSON object")


@pytest.mark.parametrize("member", ["hook", "hookInstance", "context"])
def test_missing_required_member_is_400_naming_it(client: TestClient, member: str) -> None:
    body = _request()
    del body[member]
    assert_outcome(client.post(SIGN, json=body), 400, member)


def test_hook_that_does_not_match_the_service_is_400(client: TestClient) -> None:
    body = _request()
    body["hook"] = "patient-view"
    assert_outcome(client.post(SIGN, json=body), 400, "answers the 'order-sign' hook")


def test_authorization_without_fhir_server_is_400(client: TestClient) -> None:
    body = _request()
    del body["fhirServer"]
    body["fhirAuthorization"] = {
        "access_token": "x",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "cds",
    }
    assert_outcome(client.post(SIGN, json=body), 400, "fhirServer is required")


def test_order_hook_without_draft_orders_is_400(client: TestClient) -> None:
    body = _request()
    del body["context"]["draftOrders"]
    assert_outcome(client.post(SIGN, json=body), 400, "draftOrders")


def test_validation_messages_do_not_echo_patient_data(client: TestClient) -> None:
    body = _request()
    body["hookInstance"] = {"secret": "pat-spine-03 Jansen"}
    response = client.post(SIGN, json=body)
    assert_outcome(response, 400, "hookInstance")
    assert "Jansen" not in response.text


def test_oversized_body_is_413() -> None:
    app = fixture_app(max_body_bytes=2048)
    with TestClient(app) as small:
        assert_outcome(small.post(SIGN, json=_request()), 413, "2048 bytes")


def test_oversized_body_without_content_length_is_413() -> None:
    app = fixture_app(max_body_bytes=2048)
    payload = json.dumps(_request()).encode()

    def chunks() -> Any:
        for start in range(0, len(payload), 1000):
            yield payload[start : start + 1000]

    with TestClient(app) as small:
        response = small.post(SIGN, content=chunks(), headers={"Content-Type": "application/json"})
    assert_outcome(response, 413, "limit")


def test_no_data_at_all_is_412(client: TestClient) -> None:
    body = _request()
    del body["prefetch"]
    del body["fhirServer"]
    assert_outcome(client.post(SIGN, json=body), 412, "could not be fetched")


def test_wrong_method_is_405_operation_outcome(client: TestClient) -> None:
    assert_outcome(client.get(SIGN), 405, "Method Not Allowed")


def test_a_bug_is_500_without_stack_trace() -> None:
    def broken(_: HookCall) -> list[Card]:
        raise RuntimeError("boom: Patient/secret-id")

    service = CDSService(
        id="broken", hook="patient-view", title="t", description="d", evaluate=broken
    )
    app = create_app(Settings(database_url="sqlite://", local_demo=True), [service])
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.post(
            "/cds-services/broken",
            json={"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}},
        )
    assert_outcome(response, 500, "Internal error")
    assert "secret-id" not in response.text


def test_a_bug_is_logged_by_type_without_its_message(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_: HookCall) -> list[Card]:
        raise RuntimeError("boom: Patient/secret-id")

    service = CDSService(
        id="broken", hook="patient-view", title="t", description="d", evaluate=broken
    )
    app = create_app(Settings(database_url="sqlite://", local_demo=True), [service])
    with (
        caplog.at_level("ERROR", logger="service.errors"),
        TestClient(app, raise_server_exceptions=False) as test_client,
    ):
        test_client.post(
            "/cds-services/broken",
            json={"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}},
        )
    records = [r for r in caplog.records if r.name == "service.errors"]
    assert [getattr(r, "error_type", None) for r in records] == ["RuntimeError"]
    assert "secret-id" not in caplog.text


def _broken_app() -> Any:
    def broken(_: HookCall) -> list[Card]:
        raise RuntimeError("boom: Patient/secret-id")

    service = CDSService(
        id="broken", hook="patient-view", title="t", description="d", evaluate=broken
    )
    return create_app(Settings(database_url="sqlite://", local_demo=True), [service])


def test_a_bug_is_a_500_that_a_browser_client_may_read() -> None:
    origin = "https://sandbox.cds-hooks.org"
    with TestClient(_broken_app(), raise_server_exceptions=False) as test_client:
        response = test_client.post(
            "/cds-services/broken",
            json={"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p"}},
            headers={"Origin": origin},
        )
    assert_outcome(response, 500, "Internal error")
    assert response.headers["access-control-allow-origin"] == origin


def test_hook_mismatch_echoes_at_most_100_characters_of_the_hook(client: TestClient) -> None:
    body = _request()
    body["hook"] = "h" * 5000
    response = client.post(SIGN, json=body)
    assert_outcome(response, 400, "not '" + "h" * 100 + "'")
    assert "h" * 101 not in response.text
