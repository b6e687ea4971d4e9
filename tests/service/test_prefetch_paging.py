"""Paged prefetch is read to the end, and no reply of the EHR or its FHIR server fails the call.

A prefetched Bundle with a `next` link is read on from `fhirServer` like our own search;
what cannot be read on is kept and marked incomplete. Members of the wrong JSON type and
failures on a later page cost at most one key, never a 500.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from tests.service.fhir_support import BASE, SIGN, fixture_request

TOKEN = "opaque-token-2b7d"
INCOMPLETE = "niet alle gegevens konden worden gelezen (`observations`)"
# The Lhermitte answer that decides the 12 h window sits among the later observations.
COMPLETE_DEADLINE = "uiterlijk 23 nov 21:30"


def _with_token(body: dict[str, Any]) -> dict[str, Any]:
    body["fhirAuthorization"] = {
        "access_token": TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/Observation.read",
        "subject": "metastasis-cds",
    }
    return body


def _paged(body: dict[str, Any], first: int = 10) -> list[dict[str, Any]]:
    """Split the prefetched observations into a first page with a next link; the rest back."""
    observations = body["prefetch"]["observations"]
    rest: list[dict[str, Any]] = observations["entry"][first:]
    observations["entry"] = observations["entry"][:first]
    observations["link"] = [{"relation": "next", "url": f"{BASE}/Observation?page=2"}]
    return rest


def _card(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards[0]


def test_paged_prefetch_is_read_on_from_the_fhir_server_with_the_token(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = _with_token(fixture_request())
    rest = _paged(body)
    page_2 = fhir.get("/Observation", params={"page": "2"}).respond(
        200, json={"resourceType": "Bundle", "type": "searchset", "entry": rest}
    )
    card = _card(fhir_client.post(SIGN, json=body))
    assert page_2.call_count == 1
    assert page_2.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert COMPLETE_DEADLINE in card["summary"]  # the answer on page 2 counted
    assert "Let op" not in card["detail"]


def test_paged_prefetch_stops_at_the_page_bound(fhir: respx.MockRouter) -> None:
    body = fixture_request()
    _paged(body, first=25)
    endless = {
        "resourceType": "Bundle",
        "link": [{"relation": "next", "url": f"{BASE}/Observation?page=2"}],
    }
    route = fhir.get("/Observation").respond(200, json=endless)
    with TestClient(fixture_app(fhir_server_allowlist=[BASE], fhir_max_pages=3)) as bounded:
        card = _card(bounded.post(SIGN, json=body))
    assert route.call_count == 2  # the prefetched page is the first of three
    assert COMPLETE_DEADLINE in card["summary"]
    assert INCOMPLETE in card["detail"]


@pytest.mark.parametrize(
    ("change", "setting"),
    [
        ({"fhirServer": None}, "no fhirServer"),
        ({"fhirServer": "https://other-ehr.example/fhir"}, "not allow-listed"),
    ],
    ids=["no-fhir-server", "not-allow-listed"],
)
def test_paged_prefetch_that_may_not_be_read_on_is_kept_and_marked_incomplete(
    fhir_client: TestClient, change: dict[str, Any], setting: str
) -> None:
    body = fixture_request()
    _paged(body, first=25)
    body.update(change)
    if body["fhirServer"] is None:
        del body["fhirServer"]
    with respx.mock(assert_all_called=False) as anywhere:
        route = anywhere.get(url__regex=r".*").respond(200, json={"resourceType": "Bundle"})
        card = _card(fhir_client.post(SIGN, json=body))
    assert not route.called, setting
    assert COMPLETE_DEADLINE in card["summary"], setting  # the prefetched page still counts
    assert INCOMPLETE in card["detail"], setting


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(500),
        httpx.Response(200, json={"resourceType": "OperationOutcome"}),
        httpx.TimeoutException("slow"),
    ],
    ids=["500", "not-a-bundle", "timeout"],
)
def test_paged_prefetch_whose_next_page_fails_keeps_the_first_page(
    fhir_client: TestClient, fhir: respx.MockRouter, reply: Any
) -> None:
    body = fixture_request()
    _paged(body, first=25)
    route = fhir.get("/Observation", params={"page": "2"})
    if isinstance(reply, Exception):
        route.mock(side_effect=reply)
    else:
        route.mock(return_value=reply)
    card = _card(fhir_client.post(SIGN, json=body))
    assert COMPLETE_DEADLINE in card["summary"]
    assert INCOMPLETE in card["detail"]


def test_a_failing_later_page_of_our_own_search_keeps_the_pages_read(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request()
    observations = body["prefetch"].pop("observations")
    observations["link"] = [{"relation": "next", "url": f"{BASE}/Observation?page=2"}]
    fhir.get("/Observation", params={"patient": "pat-spine-03"}).respond(200, json=observations)
    fhir.get("/Observation", params={"page": "2"}).respond(503)
    card = _card(fhir_client.post(SIGN, json=body))
    assert COMPLETE_DEADLINE in card["summary"]  # page 1 was read and counts
    assert INCOMPLETE in card["detail"]


@pytest.mark.parametrize("entry", [5, True, "x", {"resource": {}}])
def test_prefetch_bundle_with_entry_of_the_wrong_type_is_not_a_500(
    fhir_client: TestClient, entry: Any
) -> None:
    body = fixture_request()
    body["prefetch"]["observations"]["entry"] = entry
    card = _card(fhir_client.post(SIGN, json=body))
    # Unreadable, not empty (service/searchset.py): the key counts as missing, and says so.
    assert INCOMPLETE in card["detail"]


@pytest.mark.parametrize("entry", [5, True])
def test_operation_outcome_check_tolerates_entry_of_the_wrong_type(
    fhir_client: TestClient, entry: Any
) -> None:
    body = fixture_request()
    body["prefetch"]["conditions"] = {"resourceType": "Bundle", "entry": entry}
    assert fhir_client.post(SIGN, json=body).status_code == 200


@pytest.mark.parametrize(
    "reply",
    [
        {"resourceType": "Bundle", "type": "searchset", "entry": 5},
        {"resourceType": "Bundle", "type": "searchset", "entry": [], "link": 5},
        {"resourceType": "Bundle", "link": [{"relation": "next", "url": 5}]},
        {"resourceType": "Bundle", "link": [{"relation": "next", "url": "https://[::1"}]},
        {"resourceType": "Bundle", "link": [5, "next", {"relation": "next"}]},
    ],
    ids=["entry-5", "link-5", "url-5", "invalid-url", "odd-links"],
)
def test_fhir_server_reply_of_the_wrong_shape_is_not_a_500(
    fhir_client: TestClient, fhir: respx.MockRouter, reply: dict[str, Any]
) -> None:
    body = fixture_request()
    del body["prefetch"]["observations"]
    fhir.get("/Observation").respond(200, json=reply)
    card = _card(fhir_client.post(SIGN, json=body))
    # The answers are not read, so nothing decides the window: one question, not a 500.
    assert card["source"]["topic"]["code"] == "spine.mri-urgency"


def test_invalid_next_url_in_a_paged_prefetch_keeps_the_page(fhir_client: TestClient) -> None:
    body = fixture_request()
    _paged(body, first=25)
    body["prefetch"]["observations"]["link"][0]["url"] = "https://[::1"
    card = _card(fhir_client.post(SIGN, json=body))
    assert COMPLETE_DEADLINE in card["summary"]
    assert INCOMPLETE in card["detail"]


def test_an_unexpected_error_while_fetching_one_key_makes_only_that_key_unavailable(
    fhir_client: TestClient, fhir: respx.MockRouter
) -> None:
    body = fixture_request("mescc-suspected-12h")
    del body["prefetch"]["observations"]
    fhir.get("/Observation").mock(side_effect=RuntimeError("a bug in a transport"))
    card = _card(fhir_client.post(SIGN, json=body))
    assert card["source"]["topic"]["code"] == "SM-MRI-12h"  # the coded MESCC still decides
    assert INCOMPLETE in card["detail"]
