"""Every answer carries an `X-Request-ID`, and every log line of its request carries the same."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.logging_json import JsonFormatter
from service.request_id import current_request_id, incoming_or_new, new_id
from tests.service.fhir_support import SIGN, fixture_request


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Our JSON formatter on the service's loggers, into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(level)


def _logged(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_call_without_an_id_gets_a_uuid4_in_the_header_and_in_its_log_line(
    client: TestClient, lines: io.StringIO
) -> None:
    response = client.post(SIGN, json=fixture_request())
    assert response.status_code == 200
    given = response.headers["x-request-id"]
    assert uuid.UUID(given).version == 4
    (answered,) = [line for line in _logged(lines) if line["message"] == "hook call answered"]
    assert answered["request_id"] == given
    assert client.get("/healthz").headers["x-request-id"] != given  # one per request


def test_a_sane_incoming_id_is_kept(client: TestClient, lines: io.StringIO) -> None:
    response = client.post(SIGN, json=fixture_request(), headers={"X-Request-ID": "ehr-7:a.b_c"})
    assert response.headers["x-request-id"] == "ehr-7:a.b_c"
    ours = [line for line in _logged(lines) if str(line["logger"]).startswith("service.")]
    assert ours
    assert {line.get("request_id") for line in ours} == {"ehr-7:a.b_c"}


@pytest.mark.parametrize(
    "given",
    [
        "x" * 129,
        "two words",
        'quote"d',
        "line\\nbreak",
        "Patient/pat-spine-03",
        "",
    ],
)
def test_an_id_that_is_not_a_plain_token_is_replaced(client: TestClient, given: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert uuid.UUID(response.headers["x-request-id"]).version == 4


def test_errors_and_cors_preflights_carry_the_id_and_browsers_may_read_it(
    client: TestClient,
) -> None:
    assert client.post("/cds-services/nope", json={}).headers["x-request-id"]
    preflight = client.options(
        SIGN,
        headers={
            "Origin": "https://sandbox.cds-hooks.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-request-id",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["x-request-id"]
    assert "X-Request-ID" in preflight.headers["access-control-allow-headers"]
    call = client.post(
        SIGN, json=fixture_request(), headers={"Origin": "https://sandbox.cds-hooks.org"}
    )
    assert call.headers["access-control-expose-headers"] == "X-Request-ID"


def test_no_id_outside_a_request() -> None:
    assert current_request_id.get() is None
    record = logging.LogRecord("service.audit", logging.INFO, "", 0, "batch", None, None)
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_the_incoming_id_rule() -> None:
    assert incoming_or_new(b"0f6c1c1e-8f5e-4c5e-9d1c-3a1f0e2b7c44") == (
        "0f6c1c1e-8f5e-4c5e-9d1c-3a1f0e2b7c44"
    )
    assert incoming_or_new(None) != incoming_or_new(None)
    assert incoming_or_new("é".encode()) != "é"


def test_a_new_id_is_a_random_uuid4_in_its_text_form() -> None:
    made = {new_id() for _ in range(2000)}
    assert len(made) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text
