"""Narrowed prefetch queries: short, valid templates that still bring every record the rules read."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from hooks import SERVICES, codes
from hooks.query_codes import value_set_tokens
from service.cds.contract import CDSService, FetchedData
from service.cds.models import HookRequest
from service.cds.query_plan import CodeQuery, NarrowedKey
from service.prefetch import resolve
from service.query_narrowing import (
    MAX_URL_CHARS,
    merge,
    narrow,
    plan_queries,
    refuses_query,
)
from service.settings import Settings
from tests.service.fhir_support import BASE

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


def _observation(rid: str, code: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "subject": {"reference": "Patient/pat-1"},
        "code": code,
        **more,
    }


def _coded(system: str | None, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code} if system else {"code": code}]}


def test_a_broad_prefetch_under_a_narrowed_key_keeps_only_what_the_query_asks_for(
    fhir: respx.MockRouter,
) -> None:
    """An EHR that ignores our template sends the whole chart: the rules see what the narrowed
    query would have returned, and nothing else is read, nor scanned for references (the
    lab result's Medication is never fetched). `tests/test_fixtures.py` replays every fixture
    through this, so the cards prove no code the facts layers read is missing."""
    route = fhir.get(url__regex=r".*").respond(404)
    plan = plan_queries(
        {"observations": "Observation?patient={{context.patientId}}"},
        {
            "observations": CodeQuery(
                "combo-code", lambda: ("http://loinc.org|89247-1", "asia-grade")
            )
        },
    )
    chart = [
        _observation("ecog", _coded("http://loinc.org", "89247-1")),
        _observation(
            "panel",
            _coded("http://loinc.org", "00000-0"),
            component=[{"code": _coded("http://loinc.org", "89247-1"), "valueInteger": 1}],
        ),
        _observation(
            "answer-elsewhere", _coded("https://other.example/CodeSystem/x", "asia-grade")
        ),
        _observation(
            "lab", _coded("http://loinc.org", "718-7"), focus=[{"reference": "Medication/m"}]
        ),
        _observation("text-only", {"text": "ECOG 1"}),
    ]
    request = HookRequest.model_validate(
        {
            "hook": "patient-view",
            "hookInstance": "00000000-0000-4000-8000-0000000000a1",
            "fhirServer": BASE,
            "context": {"patientId": "pat-1"},
            "prefetch": {
                "observations": {
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "entry": [{"resource": r} for r in chart],
                }
            },
        }
    )

    async def run() -> dict[str, FetchedData]:
        async with httpx.AsyncClient() as client:
            return await resolve(
                request,
                plan.templates,
                Settings(database_url="sqlite://"),
                client,
                (BASE,),
                ("Medication",),
                broad=plan.keys,
            )

    data = asyncio.run(run())
    assert [r["id"] for r in data["observations"].resources] == [
        "ecog",
        "panel",
        "answer-elsewhere",
    ]
    assert data["observations"].problem is None
    assert not route.called


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


_KEY = NarrowedKey(
    "obs",
    "Observation?patient=x",
    "code",
    ("http://loinc.org|1-8", "http://snomed.info/sct|", "|local", "bare"),
)


@pytest.mark.parametrize(
    ("code", "kept"),
    [
        pytest.param(_coded("http://loinc.org", "1-8"), True, id="system-and-code"),
        pytest.param(_coded("http://loinc.org", "2-6"), False, id="other-code-of-the-system"),
        pytest.param(_coded("http://snomed.info/sct", "12345"), True, id="whole-system"),
        pytest.param(_coded(None, "local"), True, id="no-system-asked-for"),
        pytest.param(_coded("http://loinc.org", "local"), False, id="no-system-asked-but-has-one"),
        pytest.param(_coded("http://any.example", "bare"), True, id="any-system"),
        pytest.param({"text": "1-8"}, False, id="text-only"),
        pytest.param({"coding": "1-8"}, False, id="coding-not-a-list"),
        pytest.param({"coding": ["1-8", {"code": 5}]}, False, id="codings-not-objects"),
        pytest.param("1-8", False, id="concept-not-an-object"),
    ],
)
def test_the_filter_matches_as_fhir_token_search_does(code: Any, kept: bool) -> None:
    assert _KEY.keep(_observation("o", code)) is kept


def test_a_component_counts_only_for_combo_code() -> None:
    panel = _observation(
        "p",
        _coded("http://loinc.org", "0-0"),
        component=[{"code": _coded("http://loinc.org", "1-8")}],
    )
    assert not _KEY.keep(panel)
    assert replace(_KEY, parameter="combo-code").keep(panel)


def test_a_split_key_that_is_taken_or_a_code_too_long_stops_the_start() -> None:
    many = CodeQuery("code", lambda: tuple(f"http://loinc.org|{n}-0" for n in range(10000, 10200)))
    taken = {"obs": "Observation?patient={{context.patientId}}", "obs2": "Condition?patient=x"}
    with pytest.raises(ValueError, match="'obs2' is taken"):
        plan_queries(taken, {"obs": many})
    endless = CodeQuery("code", lambda: ("x" * 2000,))
    with pytest.raises(ValueError, match="cannot be asked for in a URL"):
        plan_queries({"obs": "Observation?patient=x"}, {"obs": endless})


def test_parts_all_unread_leave_the_key_unavailable_and_a_silent_loss_is_named() -> None:
    plan = plan_queries(
        {"obs": "Observation?patient={{context.patientId}}"},
        {
            "obs": CodeQuery(
                "code", lambda: tuple(f"http://loinc.org|{n}-0" for n in range(10000, 10200))
            )
        },
    )
    lost = {
        name: FetchedData(name, (), False, "none", 0, f"{name} failed") for name in plan.templates
    }
    merged = merge(lost, plan)["obs"]
    assert not merged.available
    assert merged.problem == "; ".join(f"{name} failed" for name in plan.templates)
    quiet = {name: FetchedData(name, ()) for name in plan.templates}
    quiet["obs2"] = FetchedData("obs2", (), False, "none")
    assert merge(quiet, plan)["obs"].problem == "part of the query could not be read"


def test_a_service_without_narrowing_is_left_as_it_is() -> None:
    plain = next(s for s in SERVICES if not s.narrowing)
    assert narrow(plain) is plain
    assert merge({"k": FetchedData("k")}, None) == {"k": FetchedData("k")}
