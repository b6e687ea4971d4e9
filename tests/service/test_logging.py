"""Logs are JSON lines with protocol facts, and never hold patient data or tokens.

The scan test runs every fixture request (from the prefetch, and again fetched from the FHIR
server with a bearer token), the error paths and real JWTs through the app with the
production log configuration at DEBUG, then searches the output for every identifier, name
and resource text of the fixtures and for every token used.
"""

from __future__ import annotations

import enum
import io
import json
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import uvicorn
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app, fixture_requests, load
from service.app import create_app
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card
from service.logging_json import (
    QUIET_LOGGERS,
    UVICORN_LOGGERS,
    JsonFormatter,
    configure_logging,
    mask_secrets,
)
from service.settings import Settings
from tests.payloads import feedback_overridden_with_reason
from tests.service.test_auth import Clock, authenticated_app, bearer
from tests.service.tokens import FHIR, PUBLIC, SANDBOX_JKU, SANDBOX_KEY, jwks, sandbox_token

FHIR_TOKEN = "fhir-access-token-3f9a1c"  # a fake, searched for in the logs
PATIENT_NAME = ("Jansen-Oudeman", "Pieternella")
PREFETCH_TYPES = {
    "conditions": "Condition",
    "observations": "Observation",
    "medications": "MedicationRequest",
    "procedures": "Procedure",
    "serviceRequests": "ServiceRequest",
    "medicationStatements": "MedicationStatement",
}


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """The production log configuration at DEBUG, writing into a buffer; restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_levels = {
        name: logging.getLogger(name).level for name in (*QUIET_LOGGERS, *UVICORN_LOGGERS)
    }
    buffer = io.StringIO()
    configure_logging("DEBUG", stream=buffer)
    yield buffer
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)
    for name, level in saved_levels.items():
        logging.getLogger(name).setLevel(level)


def _collect(value: Any, found: set[str]) -> None:
    """Identifiers (ids, references), names and resource texts anywhere in a request."""
    if isinstance(value, dict):
        if isinstance(value.get("resourceType"), str) and isinstance(value.get("id"), str):
            found.add(value["id"])
        for key, member in value.items():
            if key in ("reference", "patientId", "encounterId", "userId", "display", "text"):
                if isinstance(member, str) and len(member) >= 5:
                    found.add(member)
            elif key in ("family", "given"):
                found.update([member] if isinstance(member, str) else member)
            _collect(member, found)
    elif isinstance(value, list):
        for member in value:
            _collect(member, found)


def _with_patient(body: dict[str, Any]) -> dict[str, Any]:
    """Add a named Patient to the prefetch, as an EHR that sends more than asked would."""
    patient = {
        "resourceType": "Patient",
        "id": f"{body['context']['patientId']}-record",
        "name": [{"family": PATIENT_NAME[0], "given": [PATIENT_NAME[1]]}],
    }
    body["prefetch"]["patient"] = patient
    return body


def _broken(_: HookCall) -> list[Card]:
    raise RuntimeError(f"boom while reading Patient/pat-spine-03 {PATIENT_NAME[0]}")


def test_a_full_fixture_run_logs_no_patient_data_and_no_token(
    log_output: io.StringIO, tmp_path: Path
) -> None:
    secrets: set[str] = {FHIR_TOKEN, *PATIENT_NAME, "pat-spine-03"}
    tokens: list[str] = []
    with (
        respx.mock(assert_all_called=False) as router,
        TestClient(
            fixture_app(fhir_server_allowlist=[FHIR]), raise_server_exceptions=False
        ) as client,
    ):
        for service_id, _, path in fixture_requests():
            router.routes.clear()
            url = f"/cds-services/{service_id}"
            body = _with_patient(load(path))
            _collect(body, secrets)
            assert client.post(url, json=body).status_code == 200
            # The same call with nothing prefetched: fetched with the EHR's bearer token.
            prefetch = body.pop("prefetch")
            body["fhirAuthorization"] = {
                "access_token": FHIR_TOKEN,
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": "patient/*.read",
                "subject": "metastasis-cds",
            }
            for key, resource_type in PREFETCH_TYPES.items():
                if key in prefetch:  # each service prefetches only the keys it reads
                    router.get(url__startswith=f"{FHIR}/{resource_type}").respond(
                        json=prefetch[key]
                    )
            assert client.post(url, json=body).status_code == 200
            # Error paths with patient data in the body.
            assert client.post(url, json={**body, "hook": "encounter-start"}).status_code == 400
            bad = {**body, "hookInstance": {"who": f"pat-spine-03 {PATIENT_NAME[0]}"}}
            assert client.post(url, json=bad).status_code == 400
            broken_json = json.dumps(body)[:-40].encode()
            response = client.post(
                url, content=broken_json, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 400
            router.routes.clear()
            router.get(url__startswith=FHIR).respond(503)
            router.reset()
            response = client.post(url, json=body)
            if router.calls.call_count:  # it read data and every query failed
                assert response.status_code == 412
            else:  # no order this service advises on: answered without reading data
                assert response.json() == {"cards": []}
        feedback = client.post(
            "/cds-services/spinal-metastases-order-sign/feedback",
            json=feedback_overridden_with_reason(),
        )
        assert feedback.status_code == 200

    broken = CDSService(
        id="broken", hook="order-sign", title="t", description="d", evaluate=_broken
    )
    app = create_app(Settings(database_url="sqlite://", local_demo=True), [broken])
    with TestClient(app, raise_server_exceptions=False) as client:
        request = load(next(p for s, _, p in fixture_requests() if s.endswith("order-sign")))
        assert client.post("/cds-services/broken", json=request).status_code == 500

    with respx.mock(assert_all_called=False) as router:
        router.get(SANDBOX_JKU).respond(json=jwks(SANDBOX_KEY))
        with TestClient(authenticated_app(tmp_path, Clock())) as client:
            sign = "/cds-services/spinal-metastases-order-sign"
            request = load(next(p for s, _, p in fixture_requests() if sign.endswith(s)))
            good = sandbox_token(PUBLIC + sign)
            wrong_aud = sandbox_token(PUBLIC + "/cds-services")
            tokens += [good, wrong_aud]
            assert client.post(sign, json=request, headers=bearer(good)).status_code == 200
            assert client.post(sign, json=request, headers=bearer(good)).status_code == 401
            assert client.post(sign, json=request, headers=bearer(wrong_aud)).status_code == 401

    output = log_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    messages = {line["message"] for line in lines}
    # The run really was logged: calls with rule ids, auth failures, the bug, the audit.
    assert {
        "hook call answered",
        "hook call not answered",
        "hook call failed",
        "authentication failed",
        "feedback stored",
        "audit batch written",
    } <= messages
    answered = [line for line in lines if line["message"] == "hook call answered"]
    assert any("SM-MRI-12h" in line["rule_ids"] for line in answered)
    assert all(
        {"service_id", "hook_instance", "latency_ms", "status"} <= set(line) for line in answered
    )
    assert {line["reason"] for line in lines if "reason" in line} >= {
        "replayed-jti",
        "wrong-audience",
    }
    assert any(line.get("error_type") == "RuntimeError" for line in lines)
    leaked = sorted(s for s in secrets | set(tokens) if s in output)
    assert not leaked, f"patient data or tokens in the logs: {leaked[:10]}"


def test_a_json_line_carries_the_extra_fields() -> None:
    record = logging.LogRecord(
        "service.call", logging.INFO, "f.py", 1, "hook call answered", None, None
    )
    record.service_id = "spinal-metastases-order-sign"
    record.rule_ids = ["SM-MRI-12h"]
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hook call answered"
    assert line["level"] == "INFO"
    assert line["logger"] == "service.call"
    assert line["service_id"] == "spinal-metastases-order-sign"
    assert line["rule_ids"] == ["SM-MRI-12h"]
    assert line["ts"].endswith("+00:00")


def test_an_exception_is_logged_by_type_and_frames_never_by_message() -> None:
    try:
        raise ValueError("Patient/pat-spine-07 Jansen")
    except ValueError:
        record = logging.LogRecord(
            "service.call", logging.ERROR, "f.py", 1, "failed", None, sys.exc_info()
        )
    text = JsonFormatter().format(record)
    assert "pat-spine-07" not in text
    line = json.loads(text)
    assert line["exc_type"] == "ValueError"
    assert any("test_logging.py" in frame for frame in line["exc_frames"])


def test_tokens_are_masked_wherever_they_appear() -> None:
    jwt_text = sandbox_token(PUBLIC + "/cds-services")
    assert jwt_text not in mask_secrets(f"header was {jwt_text}")
    assert "s3cr3t" not in mask_secrets("Authorization: Bearer s3cr3t")
    record = logging.LogRecord("x", logging.INFO, "f.py", 1, "got %s", (jwt_text,), None)
    record.detail = {"auth": f"Bearer {FHIR_TOKEN}"}
    text = JsonFormatter().format(record)
    assert jwt_text not in text
    assert FHIR_TOKEN not in text


def test_a_request_under_uvicorn_logs_no_query_string_and_no_client_address(
    log_output: io.StringIO,
) -> None:
    """uvicorn's access line quotes the whole request line and the client's address and port.

    Served here as `python -m service` serves, but with uvicorn's access log left on (as a
    `uvicorn` command line would): the production log configuration still writes none of it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        fixture_app(),
        log_config=None,
        log_level="debug",
        access_log=True,
        lifespan="on",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            thread.join(0.05)
        assert server.started
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            response = client.get("/cds-services", params={"patient": "pat-query-4711"})
            assert response.status_code == 200
            assert client.get("/cds-services").status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    output = log_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert "pat-query-4711" not in output
    assert [line for line in lines if line["logger"] == "uvicorn.access"] == []
    assert not [line for line in lines if '"GET /' in line["message"]]  # no request line
    assert lines  # uvicorn's own start and stop lines are still there
    discovery = [line for line in lines if line["message"] == "discovery answered"]
    assert len(discovery) == 2  # our own line for each request carries the facts instead
    assert discovery[0]["services"] > 0


def test_refused_feedback_has_its_own_log_line(log_output: io.StringIO) -> None:
    with TestClient(fixture_app()) as client:
        assert client.post("/cds-services/no-such-service/feedback", json={}).status_code == 404
        sign = "/cds-services/spinal-metastases-order-sign/feedback"
        assert client.post(sign, json={"feedback": []}).status_code == 400
    lines = [json.loads(line) for line in log_output.getvalue().splitlines()]
    refused = [line for line in lines if line["message"] == "feedback not stored"]
    assert [(line["service_id"], line["status"]) for line in refused] == [
        ("no-such-service", 404),
        ("spinal-metastases-order-sign", 400),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: BEARER s3cr3t",
        "bEaReR s3cr3t",
        "token=bearer\ts3cr3t",
        "Bearer  s3cr3t, more",
        "jwt eyJhbGciOi.eyJzdWIi.s3cr3t here",
    ],
)
def test_every_spelling_of_a_credential_is_masked(text: str) -> None:
    """The cheap pre-check in front of the patterns lets no case or shape through."""
    assert "s3cr3t" not in mask_secrets(text)


@pytest.mark.parametrize(
    "text", ["", "spinal-metastases-order-sign", "Bear with me", "eyj.abc.def", "beare r x"]
)
def test_text_without_a_credential_is_logged_as_it_is(text: str) -> None:
    assert mask_secrets(text) == text


def test_extra_values_of_every_kind_are_written_as_before() -> None:
    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str):
        pass

    record = logging.LogRecord("x", logging.INFO, "f.py", 1, "m", None, None)
    record.values = [
        None,
        True,
        2,
        1.5,
        Level.HIGH,
        Name("Bearer s3cr3t"),
        ("a", 1),
        {1: "eyJa.eyJb.c"},
        object,
    ]
    line = json.loads(JsonFormatter().format(record))
    assert line["values"] == [
        None,
        True,
        2,
        1.5,
        3,
        "Bearer [redacted]",
        ["a", 1],
        {"1": "[jwt]"},
        "<class 'object'>",
    ]
