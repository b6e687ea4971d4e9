"""`GET /metrics`: calls, latency, cards, FHIR reads, feedback and the audit queue, in
Prometheus' format, labelled only with words from closed sets (never a caller's text)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx
import respx
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from fixtures.replay import fixture_app, fixture_requests, load
from hooks import SERVICES
from service import metrics
from service.app import create_app
from service.audit import AuditTrail, CallRecord
from service.render import rendered
from service.settings import Settings
from tests.payloads import feedback_overridden
from tests.service.fhir_support import SIGN, fixture_request

SERVICE = "spinal-metastases-order-sign"
ALLOWED_LABELS = {"service", "hook", "status", "indicator", "rule", "outcome", "system", "le"}
# The coding systems of unclassified draft orders, as words (hooks.order_reading.SYSTEM_WORDS).
SYSTEM_WORDS = {"rxnorm", "cpt", "snomed", "atc", "loinc", "g-standaard", "other", "text-only"}


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _scraped(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_a_call_is_counted_by_service_hook_and_status_with_its_time_and_cards(
    client: TestClient,
) -> None:
    labels = {"service": SERVICE, "hook": "order-sign"}
    calls = _value("cds_hook_calls_total", **labels, status="200")
    timed = _value("cds_hook_call_duration_seconds_count", **labels)
    cards = _value("cds_cards_total", service=SERVICE, indicator="critical", rule="SM-MRI-12h")
    response = client.post(SIGN, json=fixture_request())
    assert response.status_code == 200
    (card,) = response.json()["cards"]
    assert (card["indicator"], card["source"]["topic"]["code"]) == ("critical", "SM-MRI-12h")
    scraped = _scraped(client)
    assert scraped[("cds_hook_calls_total", (*_sorted(labels), ("status", "200")))] == calls + 1
    assert scraped[("cds_hook_call_duration_seconds_count", _sorted(labels))] == timed + 1
    key = ("cds_cards_total", _sorted({"service": SERVICE, "indicator": "critical"}, "SM-MRI-12h"))
    assert scraped[key] == cards + 1


def _sorted(labels: dict[str, str], rule: str | None = None) -> tuple[tuple[str, str], ...]:
    full = {**labels, **({"rule": rule} if rule else {})}
    return tuple(sorted(full.items()))


def test_errors_are_counted_and_a_path_of_the_caller_never_becomes_a_label(
    client: TestClient,
) -> None:
    unknown = _value("cds_hook_calls_total", service="unknown", hook="unknown", status="404")
    bad = _value("cds_hook_calls_total", service=SERVICE, hook="order-sign", status="400")
    assert client.post("/cds-services/Patient-pat-spine-03", json={}).status_code == 404
    assert (
        client.post(SIGN, content=b"{", headers={"Content-Type": "application/json"}).status_code
        == 400
    )
    assert (
        _value("cds_hook_calls_total", service="unknown", hook="unknown", status="404")
        == unknown + 1
    )
    assert (
        _value("cds_hook_calls_total", service=SERVICE, hook="order-sign", status="400") == bad + 1
    )
    assert "pat-spine-03" not in client.get("/metrics").text


def test_every_label_is_from_the_closed_set_and_no_fixture_identifier_reaches_metrics(
    client: TestClient,
) -> None:
    identifiers: set[str] = set()
    for service_id, _, path in fixture_requests():
        body = load(path)
        identifiers.add(body["context"]["patientId"])
        identifiers.add(body["hookInstance"])
        client.post(f"/cds-services/{service_id}", json=body)
    text = client.get("/metrics").text
    for family in text_string_to_metric_families(text):
        if not family.name.startswith("cds_"):
            continue  # prometheus_client's own: the process' CPU, memory, garbage collector
        for sample in family.samples:
            assert set(sample.labels) <= ALLOWED_LABELS, sample
            assert sample.labels.get("system", "atc") in SYSTEM_WORDS, sample
    for identifier in identifiers:
        assert identifier not in text


def test_fhir_reads_are_counted_by_outcome(fhir_client: TestClient, fhir: respx.MockRouter) -> None:
    ok = _value("cds_fhir_queries_total", service=SERVICE, outcome="ok")
    failed = _value("cds_fhir_queries_total", service=SERVICE, outcome="failed")
    body = fixture_request()
    observations = body["prefetch"].pop("observations")
    fhir.get("/Observation", params={"patient": "pat-spine-03"}).respond(200, json=observations)
    assert fhir_client.post(SIGN, json=body).status_code == 200
    assert _value("cds_fhir_queries_total", service=SERVICE, outcome="ok") == ok + 1
    fhir.routes.clear()
    fhir.get(url__regex=r".*").respond(503)
    assert fhir_client.post(SIGN, json=body).status_code in (200, 412)
    assert _value("cds_fhir_queries_total", service=SERVICE, outcome="failed") == failed + 1


def test_a_fhir_server_off_the_allow_list_is_counted_not_called(client: TestClient) -> None:
    before = _value("cds_fhir_queries_total", service=SERVICE, outcome="not-allowed")
    body = fixture_request()
    body["prefetch"].pop("observations")
    body["fhirServer"] = "https://elsewhere.example/fhir"
    with respx.mock(assert_all_called=False) as router:
        route = router.get(url__regex=r".*").respond(500)
        assert client.post(SIGN, json=body).status_code in (200, 412)
    assert not route.called
    assert _value("cds_fhir_queries_total", service=SERVICE, outcome="not-allowed") == before + 1


def test_feedback_is_counted_by_outcome_duplicates_and_status(client: TestClient) -> None:
    path = SIGN + "/feedback"
    delivered = _value("cds_feedback_deliveries_total", service=SERVICE, status="200")
    overridden = _value("cds_feedback_items_total", service=SERVICE, outcome="overridden")
    duplicates = _value("cds_feedback_duplicates_total", service=SERVICE)
    refused = _value("cds_feedback_deliveries_total", service="unknown", status="404")
    assert client.post(path, json=feedback_overridden()).json() == {"stored": 1, "duplicates": 0}
    assert client.post(path, json=feedback_overridden()).json() == {"stored": 0, "duplicates": 1}
    assert client.post("/cds-services/nope/feedback", json=feedback_overridden()).status_code == 404
    assert _value("cds_feedback_deliveries_total", service=SERVICE, status="200") == delivered + 2
    assert (
        _value("cds_feedback_items_total", service=SERVICE, outcome="overridden") == overridden + 2
    )
    assert _value("cds_feedback_duplicates_total", service=SERVICE) == duplicates + 1
    assert _value("cds_feedback_deliveries_total", service="unknown", status="404") == refused + 1


def _record() -> CallRecord:
    return CallRecord(datetime.now(UTC), SERVICE, "order-sign", "hi", None, None, 200, 1.0)


def test_the_audit_queue_depth_drops_writes_and_losses_are_published() -> None:
    written: list[int] = []

    def write(batch: Sequence[CallRecord]) -> None:
        if len(batch) == 3:
            raise RuntimeError("refused as a batch")
        written.append(len(batch))

    async def run() -> tuple[float, float]:
        trail = AuditTrail(write, batch_size=100, flush_interval_s=0.05, queue_max=3)
        await trail.start()
        for _ in range(4):  # the fourth finds the queue full
            trail.record(_record())
        await asyncio.sleep(0)  # the writer takes its first batch
        depth_while_waiting = _value("cds_audit_queue_depth")
        await trail.stop()
        return depth_while_waiting, _value("cds_audit_queue_depth")

    dropped = _value("cds_audit_records_dropped_total")
    done = _value("cds_audit_records_written_total")
    depth_while_waiting, depth_after = asyncio.run(run())
    assert depth_while_waiting == 3
    assert depth_after == 0
    assert _value("cds_audit_records_dropped_total") == dropped + 1
    # The batch of 3 was refused, then written record by record.
    assert written == [1, 1, 1]
    assert _value("cds_audit_records_written_total") == done + 3


def test_metrics_can_be_turned_off_and_are_not_in_the_openapi_document() -> None:
    with TestClient(fixture_app(metrics_enabled=False)) as client:
        assert client.get("/metrics").status_code == 404
    assert not any('"/metrics"' in text for text in rendered().values())


def test_the_label_children_of_a_service_are_made_once() -> None:
    first = metrics.for_call(SERVICE, "order-sign")
    assert metrics.for_call(SERVICE, "order-sign") is first
    first.record(200, 0.001, [("info", "SM-X"), ("info", "SM-X")])
    child = first._cards[("info", "SM-X")]
    first.record(200, 0.001, [("info", "SM-X")])
    assert first._cards[("info", "SM-X")] is child  # no label set made per call
    assert _value("cds_cards_total", service=SERVICE, indicator="info", rule="SM-X") == 3


def test_metrics_need_no_token_like_healthz() -> None:
    settings = Settings(
        database_url="sqlite://",
        trusted_issuers=[{"iss": "https://ehr.example", "jwks_url": "https://ehr.example/k"}],
    )
    with TestClient(create_app(settings, SERVICES, http=httpx.AsyncClient())) as client:
        assert client.get("/cds-services").status_code == 401
        assert client.get("/metrics").status_code == 200
        assert client.get("/healthz").status_code == 200
