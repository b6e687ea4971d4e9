"""Every fixture replayed without its prefetch: the service reads the chart from the FHIR test
server (`fhirServer`), as it does when an EHR prefetches nothing, and gives the same cards.

The replay *with* the prefetch is `tests/test_fixtures.py`. Together they show that what the
service concludes does not depend on how the data reached it: prefetched by the EHR, searched
by us page by page, or prefetched the way the CDS Hooks sandbox does (POST `_search`) and read
on from the server where that first page has a `next` link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from fastapi.testclient import TestClient

from fixtures.build import NOW
from fixtures.fhir_server import FIXTURES_AS_OF, FhirTestServer
from fixtures.replay import fixture_app, fixture_requests, load, strip_uuids
from hooks import SERVICES
from service.prefetch import read_entries, render_template
from service.query_narrowing import narrow
from service.settings import Settings
from tests.fhir_test_server import RunningFhirServer, running_fhir_server

TEMPLATES = {service.id: dict(service.prefetch) for service in SERVICES}
READS = {service.id: frozenset(service.resolve_references) for service in SERVICES}
CASES = [
    pytest.param(service, path, id=f"{service}/{scenario}")
    for service, scenario, path in fixture_requests()
]
SANDBOX_ORIGIN = "https://sandbox.cds-hooks.org"


@dataclass(frozen=True)
class Divergence:
    """A fixture whose prefetch no FHIR server can give back, why, and what holds instead."""

    reason: str
    check: Callable[[dict[str, Any], dict[str, Any]], None]  # (cards as sent, expected)


def _same_cards(sent: dict[str, Any], expected: dict[str, Any]) -> None:
    assert strip_uuids(sent) == expected


# Fixtures whose prefetch no FHIR server gives back as it stands, each with its reason and the
# expectation that holds instead. Every other fixture prefetches, per key, a searchset of
# exactly this patient's well-formed resources, complete and unpaged, which is what
# `test_every_prefetch_is_what_the_server_answers` checks. Prefetch shapes a server cannot
# produce (null keys, OperationOutcomes, malformed entries, another patient's resources, paged
# prefetches) are tested on copies of fixtures in tests/service/, not as fixtures; a fixture
# added with one of them fails that test until it is listed here.
NOT_FROM_A_SERVER: dict[str, Divergence] = {
    "spinal-metastases-order-sign/steroid-mescc-anticoagulant-referenced-medication-ppi": Divergence(
        "the prefetch carries the referenced Medication as an `_include` entry of the "
        "MedicationStatement search, which our template does not ask for; without the prefetch "
        "the service reads `Medication/{id}` from the server instead, with the same cards",
        _same_cards,
    ),
}


def _is_read(path: str) -> bool:
    """`/Type/id` is a read; `/Type` and `/Type/_search` are searches."""
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[1] != "_search"


def _fixture_id(request_path: Path) -> str:
    return f"{request_path.parent.name}/{request_path.name.removesuffix('.request.json')}"


def _expected(request_path: Path) -> Any:
    return load(request_path.with_name(request_path.name.replace(".request.json", ".cards.json")))


def _query(template: str, context: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """A prefetch template as its resource type and search parameters for this context."""
    rendered = render_template(template, context)
    assert rendered is not None, template
    path, _, query = rendered.partition("?")
    return path, parse_qsl(query, keep_blank_values=True)


def _without_prefetch(request_path: Path, base_url: str) -> dict[str, Any]:
    request: dict[str, Any] = load(request_path)
    request.pop("prefetch", None)
    request["fhirServer"] = base_url
    return request


@pytest.fixture(scope="module")
def service(fhir_test_server_session: RunningFhirServer) -> Iterator[TestClient]:
    """The service as `make serve` runs it, allowed to read the FHIR test server (loopback)."""
    app = fixture_app(fhir_server_allowlist=[fhir_test_server_session.base_url])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(("service_id", "request_path"), CASES)
def test_fixture_replay_through_the_fhir_test_server(
    service: TestClient, fhir_test_server: RunningFhirServer, service_id: str, request_path: Path
) -> None:
    request = _without_prefetch(request_path, fhir_test_server.base_url)
    response = service.post(f"/cds-services/{service_id}", json=request)
    assert response.status_code == 200, response.text
    divergence = NOT_FROM_A_SERVER.get(_fixture_id(request_path))
    if divergence is None:
        assert strip_uuids(response.json()) == _expected(request_path)
    else:
        divergence.check(response.json(), _expected(request_path))
    # The chart came from the server, by the templates' searches, each parameter understood,
    # and reads of the referenced types the service resolves (a MedicationStatement's
    # Medication); none at all for an order the service does not check: it reads nothing then.
    asked = [r for r in fhir_test_server.server.requests if r.path != "/metadata"]
    wanted = {template.partition("?")[0] for template in TEMPLATES[service_id].values()}
    reads = [r for r in asked if _is_read(r.path)]
    assert {r.path.lstrip("/") for r in asked if not _is_read(r.path)} <= wanted
    assert {r.path.split("/")[1] for r in reads} <= READS[service_id]
    assert all(r.status == 200 and not r.ignored for r in asked), asked
    assert asked or response.json() == {"cards": []}


@pytest.mark.parametrize(("service_id", "request_path"), CASES)
def test_every_prefetch_is_what_the_server_answers(
    fhir_test_server: RunningFhirServer, service_id: str, request_path: Path
) -> None:
    """Why the replay through the server can hold: each key's prefetch is the server's answer.

    Same resources, same content, same order, nothing left to page; a fixture where that is
    not so must be in NOT_FROM_A_SERVER, and one listed there must really be such a fixture.
    """
    request = load(request_path)
    server = fhir_test_server.server
    differences = []
    for key, template in TEMPLATES[service_id].items():
        resource_type, params = _query(template, request["context"])
        page, _, ignored = server.search(resource_type, [*params, ("_count", "1000")])
        assert not ignored
        assert page.next_offset is None
        value = request.get("prefetch", {}).get(key)
        if not isinstance(value, dict) or value.get("link"):
            differences.append(f"{key}: {json.dumps(value)[:60]}")
            continue
        resources, malformed = read_entries(value)
        if malformed or list(resources) != list(page.resources):
            differences.append(f"{key}: not what {resource_type} search answers")
    listed = _fixture_id(request_path) in NOT_FROM_A_SERVER
    assert bool(differences) == listed, differences or "listed in NOT_FROM_A_SERVER but need not be"


def test_the_divergences_name_existing_fixtures() -> None:
    known = {_fixture_id(path) for _, _, path in fixture_requests()}
    assert set(NOT_FROM_A_SERVER) <= known


def test_the_server_and_the_viewer_shift_from_the_same_moment() -> None:
    """`--as-of now` moves dates as the viewer does only if both count from one as-of moment."""
    assert Settings.model_fields["viewer_fixtures_as_of"].default == FIXTURES_AS_OF
    assert FIXTURES_AS_OF.isoformat() == NOW


def test_every_template_type_is_searchable(fhir_test_server: RunningFhirServer) -> None:
    for templates in TEMPLATES.values():
        for template in templates.values():
            assert template.partition("?")[0] in fhir_test_server.server.types, template


def _lhermitte() -> tuple[str, Path]:
    for service_id, scenario, path in fixture_requests():
        if scenario == "lhermitte-12h":
            return service_id, path
    raise AssertionError("the lhermitte-12h fixture is gone")


def test_sandbox_style_prefetch_by_post_search_read_on_through_next(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    """The sandbox's way: POST `{type}/_search` from the browser (CORS), the pages it got as the
    prefetch; a first page with a `next` link is read on by the service from `fhirServer`."""
    service_id, path = _lhermitte()
    request = _without_prefetch(path, fhir_test_server.base_url)
    prefetch: dict[str, Any] = {}
    with httpx.Client(base_url=fhir_test_server.base_url, timeout=5) as browser:
        for key, template in TEMPLATES[service_id].items():
            resource_type, params = _query(template, request["context"])
            answer = browser.post(
                f"/{resource_type}/_search",
                data=dict(params),
                headers={"Accept": "application/json+fhir", "Origin": SANDBOX_ORIGIN},
            )
            assert answer.status_code == 200
            assert answer.headers["access-control-allow-origin"] in ("*", SANDBOX_ORIGIN)
            assert answer.headers["content-type"].startswith("application/fhir+json")
            prefetch[key] = answer.json()
    paged = [
        key
        for key, bundle in prefetch.items()
        if any(link["relation"] == "next" for link in bundle["link"])
    ]
    assert paged == ["observations"]  # 25 Observations, 20 a page: the rest is the service's
    fhir_test_server.server.requests.clear()

    response = service.post(f"/cds-services/{service_id}", json={**request, "prefetch": prefetch})
    assert response.status_code == 200, response.text
    assert strip_uuids(response.json()) == _expected(path)
    read_on = [(r.path, dict(r.params).get("_offset")) for r in fhir_test_server.server.requests]
    assert read_on == [("/Observation", "20")]


def test_paging_smaller_than_the_result_is_followed(fhir_test_server: RunningFhirServer) -> None:
    """Pages of 4: every key of the fixture with most data spans pages, the service reads all."""
    service_id, path = max(
        ((s, p) for s, _, p in fixture_requests()),
        key=lambda case: (
            len(load(case[1])["prefetch"]["observations"].get("entry", []))
            if "observations" in load(case[1])["prefetch"]
            else 0
        ),
    )
    observations = len(load(path)["prefetch"]["observations"]["entry"])
    max_pages = Settings.model_fields["fhir_max_pages"].default
    page_size = -(-observations // max_pages)  # as small as the service's page bound allows
    assert page_size < observations
    # The server caps our `_count` at its page size, as HAPI caps it at its maximum.
    small = FhirTestServer(page_size=page_size, max_page_size=page_size)
    with running_fhir_server(small) as small_pages:
        app = fixture_app(fhir_server_allowlist=[small_pages.base_url])
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.post(
                f"/cds-services/{service_id}", json=_without_prefetch(path, small_pages.base_url)
            )
        pages = [r for r in small_pages.server.requests if r.path == "/Observation"]
    assert response.status_code == 200, response.text
    assert strip_uuids(response.json()) == _expected(path)
    # The query asks only for the codes the rules read: one request, then one a page of those.
    (service,) = (narrow(s) for s in SERVICES if s.id == service_id)
    assert service.query_plan is not None
    keep = service.query_plan.keys["observations"].keep
    entries = load(path)["prefetch"]["observations"]["entry"]
    matching = sum(1 for entry in entries if keep(entry["resource"]))
    assert 0 < matching < observations
    assert len(pages) == -(-matching // page_size) > 1


def test_the_ehr_token_reaches_the_server(
    service: TestClient, fhir_test_server: RunningFhirServer
) -> None:
    service_id, path = _lhermitte()
    request = _without_prefetch(path, fhir_test_server.base_url)
    request["fhirAuthorization"] = {
        "access_token": "opaque-token-for-the-test-server",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/Condition.read patient/Observation.read",
        "subject": "metastasis-cds",
    }
    response = service.post(f"/cds-services/{service_id}", json=request)
    assert strip_uuids(response.json()) == _expected(path)
    searches = [r for r in fhir_test_server.server.requests if r.path != "/metadata"]
    assert searches
    assert {r.authorization for r in searches} == {"Bearer opaque-token-for-the-test-server"}
    assert {r.accept for r in searches} == {"application/fhir+json"}


REFERENCED = "steroid-mescc-anticoagulant-referenced-medication-ppi"


@pytest.mark.parametrize("prefetched", [False, True], ids=["fallback", "prefetch-without-it"])
def test_a_referenced_medication_is_read_from_the_server(
    service: TestClient, fhir_test_server: RunningFhirServer, prefetched: bool
) -> None:
    """A MedicationStatement names its Medication by reference (MP9): read `Medication/{id}`
    once from the server, whether the statements were searched or prefetched without it."""
    path = next(p for _, s, p in fixture_requests() if s == REFERENCED)
    request = _without_prefetch(path, fhir_test_server.base_url)
    if prefetched:
        prefetch = load(path)["prefetch"]
        statements = prefetch["medicationStatements"]
        statements["entry"] = [
            e for e in statements["entry"] if e["resource"]["resourceType"] != "Medication"
        ]
        request["prefetch"] = prefetch
    response = service.post("/cds-services/spinal-metastases-order-sign", json=request)
    assert response.status_code == 200, response.text
    assert strip_uuids(response.json()) == _expected(path)
    reads = [r.path for r in fhir_test_server.server.requests if _is_read(r.path)]
    assert reads == ["/Medication/pat-home-04-acenocoumarol"]
