"""Narrowed prefetch queries: short, valid templates that still bring every record the rules read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app, fixture_requests, load, strip_uuids
from hooks import SERVICES, codes
from hooks.query_codes import value_set_tokens
from service.cds.contract import CDSService, FetchedData
from service.query_narrowing import (
    MAX_URL_CHARS,
    CodeQuery,
    merge,
    narrow,
    plan_queries,
    refuses_query,
)

NARROWED = [narrow(s) for s in SERVICES]
_TOKEN = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
# A long base URL and the longest FHIR id: the worst URL a template can become.
_LONG_BASE = "https://" + "fhir-gateway." * 14 + "example.org/fhir/R4"
_LONGEST_ID = "p" * 64


def _case_id(service: CDSService, key: str) -> str:
    return f"{service.id}/{key}"


def test_every_observation_template_is_narrowed() -> None:
    observation_keys = [
        (s, k) for s in NARROWED for k, t in s.prefetch.items() if t.startswith("Observation?")
    ]
    assert observation_keys
    for service, key in observation_keys:
        template = service.prefetch[key]
        assert "code=" in template, _case_id(service, key)
        assert "&_count=1000" in template


@pytest.mark.parametrize(
    ("template"),
    [pytest.param(t, id=_case_id(s, k)) for s in NARROWED for k, t in s.prefetch.items()],
)
def test_every_template_url_stays_under_2000_characters(template: str) -> None:
    rendered = template.replace("{{context.patientId}}", _LONGEST_ID)
    url = httpx.URL(f"{_LONG_BASE}/{rendered}")
    assert len(_LONG_BASE) >= 200
    assert len(str(url)) < MAX_URL_CHARS


def test_templates_stay_cds_hooks_prefetch_templates() -> None:
    for service in NARROWED:
        for template in service.prefetch.values():
            assert "_include" not in template
            assert "_revinclude" not in template
            tokens = set(_TOKEN.findall(template))
            assert tokens <= {"context.patientId", "userPractitionerId"}


def test_discovery_shows_the_narrowed_templates() -> None:
    with TestClient(fixture_app()) as client:
        services = {s["id"]: s for s in client.get("/cds-services").json()["services"]}
    spine = services["spinal-metastases-order-sign"]["prefetch"]["observations"]
    assert "combo-code=spinal-metastasis-suspected," in spine
    assert "http://loinc.org|89247-1" in spine  # ECOG, read from a panel's component too
    liver = services["liver-metastases-patient-view"]["prefetch"]["observations"]
    assert "&code=" in liver
    assert "http://hl7.org/fhir/sid/icd-10|," in liver
    conditions = services["liver-metastases-patient-view"]["prefetch"]["conditions"]
    assert conditions == "Condition?patient={{context.patientId}}"


def test_codes_matched_by_prefix_or_pattern_ask_for_their_whole_system() -> None:
    tokens = value_set_tokens((codes.SPINAL_METASTASIS, codes.PRIMARY_CANCER))
    assert f"{codes.ICD10}|" in tokens
    assert f"{codes.ICD10_NL}|" in tokens
    assert f"{codes.ICD_O3}|" in tokens
    assert f"{codes.ICD_O3_OID}|" in tokens
    assert not any(t.startswith(f"{codes.ICD10}|C") for t in tokens)
    assert any(t.startswith(f"{codes.SNOMED}|") and not t.endswith("|") for t in tokens)


def test_an_operators_codes_join_the_query_at_start() -> None:
    value_set = codes.value_set("query-test", codes.loinc("1-8", "one"))
    codes.set_local_codes(value_set, [codes.Code(codes.LOINC, "99999-9", "local")])
    query = CodeQuery("code", lambda: value_set_tokens((value_set,)))
    plan = plan_queries({"obs": "Observation?patient={{context.patientId}}"}, {"obs": query})
    assert plan.templates["obs"].endswith("code=http://loinc.org|1-8,http://loinc.org|99999-9")


def _fixture_cases() -> list[Any]:
    narrowed = {s.id: s for s in NARROWED if s.query_plan}
    return [
        pytest.param(service_id, path, id=f"{service_id}/{scenario}")
        for service_id, scenario, path in fixture_requests()
        if service_id in narrowed and "observations" in (load(path).get("prefetch") or {})
    ]


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(fixture_app()) as test_client:
        yield test_client


@pytest.mark.parametrize(("service_id", "request_path"), _fixture_cases())
def test_only_what_the_narrowed_query_returns_gives_the_same_cards(
    client: TestClient, service_id: str, request_path: Path
) -> None:
    """Every code a facts layer matches on is in its service's query: a fixture's Observations
    cut down to what the narrowed query returns give exactly its reviewed cards."""
    (service,) = (s for s in NARROWED if s.id == service_id)
    assert service.query_plan is not None
    keep = service.query_plan.keys["observations"].keep
    request = load(request_path)
    bundle = request["prefetch"]["observations"]
    if isinstance(bundle, dict) and isinstance(bundle.get("entry"), list):
        bundle["entry"] = [
            e
            for e in bundle["entry"]
            if not isinstance(e, dict)
            or not isinstance(e.get("resource"), dict)
            or e["resource"].get("resourceType") != "Observation"
            or keep(e["resource"])
        ]
    response = client.post(f"/cds-services/{service_id}", json=request)
    assert response.status_code == 200, response.text
    expected = load(request_path.with_name(request_path.name.replace(".request", ".cards")))
    assert strip_uuids(response.json()) == expected


def test_a_long_code_list_is_split_by_system_and_merged_back() -> None:
    loinc = [f"http://loinc.org|{n}-{n % 10}" for n in range(10000, 10090)]
    snomed = [f"http://snomed.info/sct|{n}" for n in range(400000000, 400000040)]
    query = CodeQuery("code", lambda: (*loinc, *snomed))
    plan = plan_queries({"obs": "Observation?patient={{context.patientId}}"}, {"obs": query})
    assert list(plan.templates) == ["obs", "obs2", "obs3"]
    for template in plan.templates.values():
        rendered = template.replace("{{context.patientId}}", _LONGEST_ID)
        assert len(str(httpx.URL(f"{_LONG_BASE}/{rendered}"))) < MAX_URL_CHARS
    asked = [t for name in plan.templates for t in plan.keys[name].tokens]
    assert asked == [*loinc, *snomed]  # every code once, in order
    assert {t.partition("|")[0] for t in plan.keys["obs3"].tokens} == {"http://snomed.info/sct"}

    def obs(rid: str) -> dict[str, Any]:
        return {"resourceType": "Observation", "id": rid}

    data = {
        "obs": FetchedData("obs", (obs("a"), obs("b"))),
        "obs2": FetchedData("obs2", (obs("b"), obs("c")), origin="fhir-server"),
        "obs3": FetchedData("obs3", (), False, "none", 0, "the FHIR server was too slow"),
    }
    merged = merge(data, plan)
    assert list(merged) == ["obs"]
    assert [r["id"] for r in merged["obs"].resources] == ["a", "b", "c"]
    assert merged["obs"].available
    assert merged["obs"].origin == "fhir-server"
    assert merged["obs"].problem == "the FHIR server was too slow"  # incomplete, never "none"


@pytest.mark.parametrize(
    ("status", "broad"),
    [(400, True), (422, True), (404, True), (401, False), (403, False), (429, False), (500, False)],
)
def test_only_a_refusal_of_the_query_asks_again_broadly(status: int, broad: bool) -> None:
    assert refuses_query(status) is broad
