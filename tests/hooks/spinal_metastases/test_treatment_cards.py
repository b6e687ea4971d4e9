"""The part-2 cards under local-policy settings the fixture app does not use, in English, and
their one-click actions; fixtures cover the default settings branch by branch."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES, answer, condition
from fixtures.build_treatment import TREATMENT_SCENARIOS, radiotherapy_order, referral
from fixtures.replay import fixture_requests, load
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.radiotherapy_card import radiotherapy_cards
from hooks.spinal_metastases.treatment.surgery_card import referral_cards
from hooks.spinal_metastases.treatment.time_to_therapy_card import time_to_therapy_cards
from tests.hooks.policy_said import said
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"


def yes(code: str) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueBoolean": True})


def at(code: str, when: str) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueDateTime": when})


PROVEN = condition(
    f"{P}-spine-met-proven", P, [(SCT, "94602001", "Spinal metastasis")], recorded="2026-10-01"
)


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        (6, "Verwijs voor wervelkolomchirurgie naar een instelling"),
        (
            25,
            "verricht 25 wervelkolomoperaties per jaar bij wervelmetastasen (norm ≥ 10, SM-ORG02): voldoet",
        ),
        (None, "het aantal van deze instelling is niet ingesteld"),
    ],
    ids=["below-norm-refer", "meets-norm", "not-configured"],
)
def test_the_site_norm_comes_from_the_site_setting(volume: int | None, expected: str) -> None:
    policy = SpinePolicy(site_spine_operations_per_year=volume)
    call = call_with(conditions=[PROVEN], observations=[yes("spine-unstable")], hook="order-sign")
    card = referral_cards(call, read_facts(call, policy), referral(P), policy)[0]
    assert card.detail is not None
    assert expected in card.detail
    assert said("CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR", card.detail) is (volume is not None)


def test_expert_surgeon_from_the_site_setting_is_marked_as_local_policy() -> None:
    policy = SpinePolicy(site_expert_spine_surgery_24h=False)
    mescc = condition("c", P, [(SCT, "71286001", "Spinal cord compression")])
    call = call_with(
        conditions=[PROVEN, mescc],
        observations=[yes("spine-unstable"), yes("neurological-deficit")],
        hook="order-sign",
    )
    card = referral_cards(call, read_facts(call, policy), referral(P), policy)[0]
    assert card.summary.startswith("Chirurgie volgens richtlijn niet aangewezen: voorwaarde SM-S07")
    assert card.detail is not None
    assert said("CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H", card.detail)


def _time_to_therapy(policy: SpinePolicy, *observations: dict[str, Any]) -> list[Any]:
    call = call_with(observations=list(observations))
    return time_to_therapy_cards(call, read_facts(call, policy), policy)


SLOW_NOT_WALKING = (
    at("definitive-diagnosis-date", "2026-11-22T16:00:00+01:00"),
    yes("mescc-radiological"),
    yes("neurological-deficit"),
    yes("deficit-progressive"),
    at("deficit-onset", "2026-11-10T08:00:00+01:00"),
    answer("a-walk", P, "able-to-walk", TODAY, {"valueBoolean": False}),
)


def test_the_72_hour_gap_left_undecided_plans_the_shortest_window_and_says_so() -> None:
    policy = SpinePolicy(
        time_to_therapy_slow_non_ambulant="undecided", unknown_window="most-urgent-possible"
    )
    card = _time_to_therapy(policy, *SLOW_NOT_WALKING)[0]
    assert card.summary.endswith("gegevens onvolledig")
    assert card.detail is not None
    assert "`SM-TT72h`" in card.detail
    assert said("CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT", card.detail)
    assert said("CDS_SPINE_UNKNOWN_WINDOW", card.detail)


def test_decided_only_policy_names_no_deadline_when_the_window_is_open() -> None:
    policy = SpinePolicy(
        time_to_therapy_slow_non_ambulant="undecided", unknown_window="decided-only"
    )
    card = _time_to_therapy(policy, *SLOW_NOT_WALKING)[0]
    assert card.summary == "Termijn tot start therapie onbekend: beslissende gegevens ontbreken"


def test_a_diagnosis_older_than_the_look_back_gets_no_time_to_therapy_card() -> None:
    old = at("definitive-diagnosis-date", "2026-10-01T16:00:00+02:00")
    assert _time_to_therapy(SpinePolicy(), old, *SLOW_NOT_WALKING[1:]) == []
    assert _time_to_therapy(SpinePolicy(time_to_therapy_lookback_d=60), old, *SLOW_NOT_WALKING[1:])


def _request(name: str) -> dict[str, Any]:
    patient, build = TREATMENT_SCENARIOS[name]
    return build(patient)


def test_radiotherapy_and_referral_cards_speak_english(client: TestClient) -> None:
    english = {"Accept-Language": "en"}
    rt = client.post(
        "/cds-services/spinal-metastases-order-sign",
        json=_request("rt-pain-single-8gy"),
        headers=english,
    ).json()["cards"][0]
    assert rt["summary"] == "Radiotherapy per guideline: 8 Gy single fraction (SM-RT01)"
    assert "**Why**" in rt["detail"]
    ref = client.post(
        "/cds-services/spinal-metastases-order-sign",
        json=_request("referral-instability-all-conditions-met"),
        headers=english,
    ).json()["cards"][0]
    assert ref["summary"] == "Surgery is preferred (SM-T02a): all conditions met"
    assert "**Conditions (all seven):**" in ref["detail"]


def test_the_scheme_update_adds_only_an_order_detail(client: TestClient) -> None:
    request = _request("rt-pain-single-8gy")
    draft = request["context"]["draftOrders"]["entry"][0]["resource"]
    card = client.post("/cds-services/spinal-metastases-order-sign", json=request).json()["cards"][
        0
    ]
    action = card["suggestions"][0]["actions"][0]
    assert action["type"] == "update"
    updated = action["resource"]
    assert {k for k in updated.keys() | draft.keys() if updated.get(k) != draft.get(k)} == {
        "orderDetail"
    }
    assert updated["orderDetail"] == [{"text": "Schema volgens richtlijn (SM-RT01): eenmalig 8 Gy"}]


def test_the_urgent_consultation_is_one_card_for_two_orders(client: TestClient) -> None:
    request = copy.deepcopy(_request("referral-mescc-deficit-both-options-urgent-consultation"))
    patient = request["context"]["patientId"]
    request["context"]["draftOrders"]["entry"].append({"resource": radiotherapy_order(patient)})
    cards = client.post("/cds-services/spinal-metastases-order-sign", json=request).json()["cards"]
    topics = [c["source"]["topic"]["code"] for c in cards]
    assert topics.count("SM-T03") == 1
    assert {"SM-T02a", "SM-T03"} <= set(topics)
    assert any(t.startswith("SM-RT") for t in topics)
    mdt = next(c for c in cards if c["source"]["topic"]["code"] == "SM-T03")
    resource = mdt["suggestions"][0]["actions"][0]["resource"]
    assert resource["code"]["coding"][0]["code"] == "C93304"
    assert resource["priority"] == "stat"


def test_every_part_2_scenario_has_its_expected_cards_file() -> None:
    written = {scenario for _, scenario, _ in fixture_requests()}
    assert set(TREATMENT_SCENARIOS) <= written
    for _, scenario, path in fixture_requests():
        if scenario in TREATMENT_SCENARIOS:
            assert load(path) == _request(scenario)


def test_no_scheme_without_pain_or_deficit() -> None:
    observations = [
        answer("a-p", P, "pain-from-spinal-metastases", TODAY, {"valueBoolean": False}),
        answer("a-d", P, "neurological-deficit", TODAY, {"valueBoolean": False}),
    ]
    call = call_with(conditions=[PROVEN], observations=observations, hook="order-sign")
    policy = SpinePolicy()
    assert radiotherapy_cards(call, read_facts(call, policy), radiotherapy_order(P), policy) == []


def _expected_details(scenario: str) -> str:
    path = FIXTURES / "spinal-metastases-patient-view" / f"{scenario}.cards.json"
    return "\n".join(card["detail"] for card in load(path)["cards"])


def test_when_both_options_fit_no_card_also_calls_surgery_preferred() -> None:
    """SM-T03: "beiden goede opties", chosen with the patient; SM-T02's preference is silent."""
    details = _expected_details("mescc-deficit-both-options-urgent-consultation")
    assert "SM-T03" in details
    assert "Chirurgie heeft de voorkeur." not in details


def test_the_72_hour_gap_card_says_its_window_is_a_local_choice() -> None:
    details = _expected_details("time-to-therapy-slow-deficit-not-walking-gap")
    assert "valt buiten SM-TT24h en SM-TT72h; lokaal beleid kiest hier 24 uur" in details


def test_the_stereotactic_scheme_is_written_into_the_order_as_the_addendum_not_the_guideline() -> (
    None
):
    details = [
        detail["text"]
        for path in sorted(FIXTURES.glob("spinal-metastases-*/*.cards.json"))
        for card in load(path)["cards"]
        for suggestion in card.get("suggestions", [])
        for action in suggestion.get("actions", [])
        for detail in action.get("resource", {}).get("orderDetail", [])
        if "stereotactisch" in detail["text"]
    ]
    assert details
    assert all(d.startswith("Schema volgens addendum van de werkgroep (SM-RT02)") for d in details)
