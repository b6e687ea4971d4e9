"""Prefetch-or-fetch as real EHRs send data: complete, partial, null, failed, paged, or hostile."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from tests.service.fhir_support import BASE, SIGN, fixture_request

TOKEN = "opaque-token-6f1e"


def _with_token(body: dict[str, Any]) -> dict[str, Any]:
    body["fhirAuthorization"] = {
        "access_token": TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/Condition.read patient/Observation.read",
        "subject": "metastasis-cds",
    }
    return body


def _cards(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards


def test_full_prefetch_makes_no_fhir_call(fhir_client: TestClient, fhir: respx.MockRouter) -> None:
    route = fhir.get(url__regex=r".*").respond(500)
    cards = _cards(fhir_client.post(SIGN, json=fixture_request()))
    assert not route.called
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"
    assert "Let op" not in cards[0]["detail"]


def test_absent_key_is_fetched_with_the_bearer_token(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = _with_token(fixture_request())
    observations = body["prefetch"].pop("observations")
    route = fhir.get("/Observation", params={"patient": "pat-spine-03"}).respond(
        200, json=observations
    )
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert route.call_count == 1
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert (
        cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"
    )  # the fetched Lhermitte answer counted


def test_operation_outcome_prefetch_means_fetch_it_ourselves(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request()
    observations = body["prefetch"]["observations"]
    body["prefetch"]["observations"] = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout"}],
    }
    route = fhir.get("/Observation").respond(200, json=observations)
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert route.called
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"


def test_null_prefetch_is_no_data_not_a_fetch(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request()
    body["prefetch"]["observations"] = None
    route = fhir.get(url__regex=r".*").respond(500)
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert not route.called
    # Without the answers nothing decides the window: the card asks which complaint applies.
    assert "kies de klacht" in cards[0]["summary"]
    assert "onbekend" in cards[0]["detail"]


def test_paging_follows_next_links_within_the_base(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request()
    observations = body["prefetch"].pop("observations")
    entries = observations["entry"]
    page_1 = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": entries[:10],
        "link": [{"relation": "next", "url": f"{BASE}/Observation?page=2"}],
    }
    page_2 = {"resourceType": "Bundle", "type": "searchset", "entry": entries[10:]}
    fhir.get("/Observation", params={"patient": "pat-spine-03"}).respond(200, json=page_1)
    second = fhir.get("/Observation", params={"page": "2"}).respond(200, json=page_2)
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert second.called
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"  # the answer sat on page 2


def test_next_link_to_another_host_is_not_followed(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request()
    observations = body["prefetch"].pop("observations")
    page = {**observations, "link": [{"relation": "next", "url": "https://attacker.example/steal"}]}
    fhir.get("/Observation").respond(200, json=page)
    with respx.mock(assert_all_called=False) as outside:
        evil = outside.get("https://attacker.example/steal").respond(200, json={})
        cards = _cards(fhir_client.post(SIGN, json=body))
    assert not evil.called
    assert "`observations`" in cards[0]["detail"]  # the page set was not usable: said on the card


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (httpx.Response(401), "401"),
        (httpx.Response(500), "500"),
        (httpx.Response(200, content=b"{not json"), "malformed"),
        (httpx.TimeoutException("slow"), "timeout"),
    ],
    ids=["401", "500", "malformed-json", "timeout"],
)
def test_failed_fetch_still_answers_with_what_is_known(
    fhir_client: TestClient, fhir: respx.MockRouter, reply: Any, reason: str
) -> None:
    body = _with_token(fixture_request("mescc-suspected-12h"))
    del body["prefetch"]["observations"]
    if isinstance(reply, Exception):
        fhir.get("/Observation").mock(side_effect=reply)
    else:
        fhir.get("/Observation").mock(return_value=reply)
    cards = _cards(fhir_client.post(SIGN, json=body))
    # The coded MESCC Condition still decides 12 h; the card says the observations are missing.
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h", reason
    assert "niet alle gegevens konden worden gelezen (`observations`)" in cards[0]["detail"]


def test_everything_unavailable_is_412(fhir_client: TestClient, fhir: respx.MockRouter) -> None:
    body = _with_token(fixture_request())
    del body["prefetch"]
    fhir.get(url__regex=r".*").respond(503)
    response = fhir_client.post(SIGN, json=body)
    assert response.status_code == 412
    assert response.json()["resourceType"] == "OperationOutcome"
    assert TOKEN not in response.text


def test_fhir_server_off_the_allow_list_is_never_called(fhir_client: TestClient) -> None:
    body = _with_token(fixture_request())
    del body["prefetch"]
    body["fhirServer"] = "http://169.254.169.254/latest"
    with respx.mock(assert_all_called=False) as anywhere:
        route = anywhere.get(url__regex=r".*").respond(200, json={})
        response = fhir_client.post(SIGN, json=body)
    assert not route.called
    assert response.status_code == 412
    assert "allow-list" in response.json()["issue"][0]["diagnostics"]


def test_one_malformed_resource_is_skipped_and_counted(fhir_client: TestClient) -> None:
    body = fixture_request()
    entries = body["prefetch"]["conditions"]["entry"]
    entries.insert(
        0,
        {
            "resource": {
                "resourceType": "Condition",
                "id": "broken",
                "code": "not-a-concept",
                "verificationStatus": 7,
            }
        },
    )
    entries.insert(0, {"resource": "garbage"})
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"
    assert "1 onleesbare registratie(s) overgeslagen" in cards[0]["detail"]


def test_empty_bundle_is_no_data(fhir_client: TestClient) -> None:
    body = fixture_request()
    body["prefetch"]["observations"] = {"resourceType": "Bundle", "type": "searchset"}
    cards = _cards(fhir_client.post(SIGN, json=body))
    assert "kies de klacht" in cards[0]["summary"]  # nothing decides the window: a question
    assert "gegevens onvolledig" not in cards[0]["summary"]
    assert "Let op" not in cards[0]["detail"]  # no data is not missing data


def test_pages_beyond_the_bound_make_the_data_incomplete(fhir: respx.MockRouter) -> None:
    body = fixture_request()
    observations = body["prefetch"].pop("observations")
    endless = {
        **observations,
        "link": [{"relation": "next", "url": f"{BASE}/Observation?page=more"}],
    }
    route = fhir.get("/Observation").respond(200, json=endless)
    with TestClient(fixture_app(fhir_server_allowlist=[BASE], fhir_max_pages=3)) as bounded:
        cards = _cards(bounded.post(SIGN, json=body))
    assert route.call_count == 3
    assert cards[0]["source"]["topic"]["code"] == "SM-MRI-12h"  # what was read still counts
    assert "niet alle gegevens konden worden gelezen (`observations`)" in cards[0]["detail"]


def test_a_slow_server_is_cut_off_at_the_total_budget(fhir: respx.MockRouter) -> None:
    import asyncio

    body = fixture_request("mescc-suspected-12h")
    del body["prefetch"]["observations"]

    async def trickle(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={"resourceType": "Bundle"})

    fhir.get("/Observation").mock(side_effect=trickle)
    with TestClient(fixture_app(fhir_server_allowlist=[BASE], fhir_total_budget_s=0.2)) as hurried:
        cards = _cards(hurried.post(SIGN, json=body))
    assert "niet alle gegevens konden worden gelezen (`observations`)" in cards[0]["detail"]
