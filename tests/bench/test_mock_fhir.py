"""The long-history bench's mock FHIR server answers as a FHIR server would, or its figures lie."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from bench.mock_fhir import app, chart
from hooks import SERVICES
from service.query_narrowing import narrow

BASE = "http://testserver/5000/0/20/ok/fhir"
_SPINE = next(narrow(s) for s in SERVICES if s.id == "spinal-metastases-order-sign")


def _search(client: TestClient, base: str, query: str) -> dict[str, Any]:
    response = client.get(f"{base}/{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _narrowed_query(patient: str) -> str:
    return _SPINE.prefetch["observations"].replace("{{context.patientId}}", patient)


def test_the_chart_has_the_size_asked_and_only_the_fixtures_own_observations_match() -> None:
    observations = chart(5000)["Observation"]
    assert len(observations) == 5000
    assert _SPINE.query_plan is not None
    keep = _SPINE.query_plan.keys["observations"].keep
    own = chart(37)["Observation"]
    assert [o for o in observations if keep(o)] == [o for o in own if keep(o)]


def test_a_narrowed_search_pages_its_matches_at_the_cap_and_counts_each_request() -> None:
    patient = chart(37)["Observation"][0]["subject"]["reference"].removeprefix("Patient/")
    with TestClient(app) as client:
        client.get("/_stats", params={"base": BASE})
        first = _search(client, BASE, _narrowed_query(patient))
        pages = [first]
        while next_url := next(
            (x["url"] for x in pages[-1]["link"] if x["relation"] == "next"), None
        ):
            pages.append(client.get(next_url).json())
        stats = client.get("/_stats", params={"base": BASE}).json()
    assert all(len(p["entry"]) <= 20 for p in pages)  # `_count=1000` capped at the page size
    assert sum(len(p["entry"]) for p in pages) == first["total"] > 0
    assert len(pages) == -(-first["total"] // 20)
    assert len(stats) == len(pages)


def test_a_refusing_server_answers_a_search_by_code_with_400_and_a_broad_one_in_full() -> None:
    base = "http://testserver/500/0/100/refuse/fhir"
    with TestClient(app) as client:
        refused = client.get(f"{base}/{_narrowed_query('x')}")
        broad = _search(client, base, "Observation?patient=x")
    assert refused.status_code == 400
    assert broad["total"] == 500
