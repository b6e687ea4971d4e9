"""A FHIR server that refuses our narrowed query: the broad query, filtered here, same cards.

Through the fixture FHIR server (a real socket), with the fixture whose chart holds the most
Observations: the narrowed search is refused with 400, the broad one is read, and what the
narrowed one would have given decides. Where the broad reading hits the page limit, the
Observations are incomplete and the card says so ("onbekend"), it never reads them as absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from fixtures.fhir_server import Faults, FhirTestServer
from fixtures.replay import fixture_app, fixture_requests, load, strip_uuids
from tests.fhir_test_server import RunningFhirServer, running_fhir_server

SERVICE = "spinal-metastases-order-sign"


def _largest_chart() -> Path:
    """The order-sign fixture with the most Observations, all of them from the server."""
    paths = [p for s, _, p in fixture_requests() if s == SERVICE]
    return max(paths, key=lambda p: len(load(p)["prefetch"]["observations"].get("entry", [])))


def _from_server(path: Path, base_url: str, keep_prefetch: bool = False) -> dict[str, Any]:
    """The fixture request with its Observations (and, unless `keep_prefetch`, everything
    else) left to be read from `base_url`."""
    request: dict[str, Any] = load(path)
    if keep_prefetch:
        request["prefetch"].pop("observations")
    else:
        request.pop("prefetch", None)
    request["fhirServer"] = base_url
    return request


def _expected(path: Path) -> Any:
    return load(path.with_name(path.name.replace(".request.json", ".cards.json")))


def _observation_searches(running: RunningFhirServer) -> list[tuple[int, bool]]:
    """(status, narrowed) of each Observation search the server answered, in order."""
    return [
        (r.status, any(name == "combo-code" for name, _ in r.params))
        for r in running.server.requests
        if r.path == "/Observation"
    ]


def test_a_refused_narrowed_query_is_asked_broadly_and_filtered(
    fhir_test_server: RunningFhirServer,
) -> None:
    path = _largest_chart()
    refuse = Faults(status=400, narrowed_only=True, types=frozenset({"Observation"}))
    app = fixture_app(fhir_server_allowlist=[fhir_test_server.base_url])
    with fhir_test_server.faults(**refuse.__dict__), TestClient(app) as client:
        response = client.post(
            f"/cds-services/{SERVICE}", json=_from_server(path, fhir_test_server.base_url)
        )
    assert response.status_code == 200, response.text
    assert strip_uuids(response.json()) == _expected(path)
    assert _observation_searches(fhir_test_server) == [(400, True), (200, False)]


def test_a_broad_query_cut_off_at_the_page_limit_is_incomplete_never_absent() -> None:
    path = _largest_chart()
    entries = load(path)["prefetch"]["observations"]["entry"]
    server = FhirTestServer(page_size=2, max_page_size=2)
    server.faults = Faults(status=400, narrowed_only=True, types=frozenset({"Observation"}))
    with running_fhir_server(server) as running:
        app = fixture_app(fhir_server_allowlist=[running.base_url], fhir_max_pages=2)
        with TestClient(app) as client:
            response = client.post(
                f"/cds-services/{SERVICE}",
                json=_from_server(path, running.base_url, keep_prefetch=True),
            )
        searches = _observation_searches(running)
    assert len(entries) > 4  # more than two pages of two: the broad reading stops early
    assert searches == [(400, True), (200, False), (200, False)]
    assert response.status_code == 200, response.text
    details = " ".join(card.get("detail", "") for card in response.json()["cards"])
    assert "`observations`" in details
    assert "niet alle gegevens konden worden gelezen" in details


def test_a_server_that_answers_the_narrowed_query_is_asked_once(
    fhir_test_server: RunningFhirServer,
) -> None:
    path = _largest_chart()
    app = fixture_app(fhir_server_allowlist=[fhir_test_server.base_url])
    with TestClient(app) as client:
        response = client.post(
            f"/cds-services/{SERVICE}", json=_from_server(path, fhir_test_server.base_url)
        )
    assert strip_uuids(response.json()) == _expected(path)
    assert _observation_searches(fhir_test_server) == [(200, True)]
