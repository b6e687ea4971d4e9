"""The MRI card's deadline: dated by the complaint that fired the window, never in the past."""

from __future__ import annotations

from typing import Any

from fixtures.build import FIXTURES, condition, mri_order
from fixtures.replay import load
from hooks.spinal_metastases.diagnosis.mri_card import mri_cards
from hooks.spinal_metastases.diagnosis.mri_urgency import INSTRUCTION_EN, INSTRUCTION_NL
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from service.cds.models import Card
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
CANCER = condition("ca", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
# An active unilateral radiculopathy recorded long ago: it fires no 12-hour window.
OLD_RADICULOPATHY = condition(
    "radic",
    P,
    [(SCT, "72274001", "Radiculopathy")],
    recorded="2024-05-01T10:00:00+02:00",
    body_site=[(SCT, "7771000", "Left")],
)


def _mescc_suspected(recorded: str) -> dict[str, Any]:
    return condition(
        "mescc",
        P,
        [(SCT, "71286001", "Spinal cord compression")],
        verification="provisional",
        recorded=recorded,
    )


def _card(
    *conditions: dict[str, Any], policy: SpinePolicy | None = None
) -> tuple[Card, dict[str, Any]]:
    order = mri_order(P)
    call = call_with(
        conditions=[CANCER, *conditions], hook="order-sign", orders=[order], language="en"
    )
    policy = policy or SpinePolicy()
    [card] = mri_cards(call, read_facts(call, policy), order, policy)
    assert card.suggestions is not None
    actions = card.suggestions[0].actions
    assert actions is not None
    action = actions[0]
    assert action.resource is not None
    return card, action.resource


def test_an_old_radiculopathy_beside_todays_mescc_suspicion_does_not_date_the_deadline() -> None:
    """SM-MRI-12h fires on the MESCC suspicion; a radiculopathy from 2024 did not fire it."""
    mescc = _mescc_suspected("2026-11-23T08:00:00+01:00")
    card, order = _card(mescc, OLD_RADICULOPATHY)
    assert card.summary.startswith("Spine MRI within 12 hours: by 23 Nov 20:00")
    assert order["occurrencePeriod"]["end"] == "2026-11-23T20:00:00+01:00"


def test_a_window_that_ran_out_is_due_now_not_in_the_past() -> None:
    mescc = _mescc_suspected("2026-11-22T08:00:00+01:00")
    card, order = _card(mescc)
    assert "deadline passed (22 Nov 20:00), now" in card.summary
    assert order["occurrencePeriod"]["end"] == "2026-11-23T10:00:00+00:00"  # the call's time
    assert order["priority"] == "stat"


def test_every_mri_card_instructs_the_patient_to_report_worse_complaints() -> None:
    """SM-D03: "Instrueer de patiënt altijd ..." — on every card that plans or waives an MRI."""
    seen = 0
    for path in sorted(FIXTURES.glob("spinal-metastases-*/*.cards.json")):
        for card in load(path)["cards"]:
            if card["source"]["topic"]["code"].startswith(("SM-MRI-", "SM-D02")):
                seen += 1
                assert INSTRUCTION_NL in card["detail"] or INSTRUCTION_EN in card["detail"], path
    assert seen >= 10


def test_a_patient_view_window_without_recorded_complaints_is_asked_per_complaint() -> None:
    """CDS_SPINE_UNKNOWN_WINDOW=ask: SM-D02 proposes the MRI per complaint, none pre-chosen."""
    path = FIXTURES / "spinal-metastases-patient-view" / "primary-tumour-not-recorded.cards.json"
    [mri] = [c for c in load(path)["cards"] if c["source"]["topic"]["code"] == "SM-D02"]
    assert mri["indicator"] == "warning"
    assert "**Welke klacht heeft de patiënt?**" in mri["detail"]
    assert "lokaal beleid: onbekende klachten → vraag" in mri["detail"]
    assert mri["selectionBehavior"] == "at-most-one"
    labels = [s["label"] for s in mri["suggestions"]]
    assert labels[0] == "Verdenking MESMC → MRI cito, binnen 12 uur"
    assert not any(s.get("isRecommended") for s in mri["suggestions"])
    created = [s["actions"][0]["resource"]["priority"] for s in mri["suggestions"]]
    assert created[0] == "stat"
    assert created[-1] == "routine"


def test_under_the_old_policy_the_assumed_window_says_so() -> None:
    """CDS_SPINE_UNKNOWN_WINDOW=most-urgent-possible plans 12 h when nothing is recorded."""
    suspicion = condition(
        "met",
        P,
        [(SCT, "94602001", "Secondary malignant neoplasm of vertebral column")],
        verification="provisional",
        recorded="2026-11-23T08:00:00+01:00",
    )
    card, _ = _card(suspicion, policy=SpinePolicy(unknown_window="most-urgent-possible"))
    assert card.summary.endswith("facts incomplete")


def test_english_branches_mark_the_dutch_condition_as_the_guidelines_wording() -> None:
    order = mri_order(P)
    call = call_with(conditions=[CANCER], hook="order-sign", orders=[order], language="en")
    policy = SpinePolicy()
    [card] = mri_cards(call, read_facts(call, policy), order, policy)
    assert card.detail is not None
    assert (
        "— *Eenzijdige radiculaire uitval, binnen 7 dagen ontstaan en progressief* (guideline wording)"
        in card.detail
    )


def test_a_window_planned_for_unknown_facts_is_not_dated_by_an_old_record() -> None:
    """CDS_SPINE_UNKNOWN_WINDOW plans 12 h; a 2024 radiculopathy did not fire it: count from now."""
    suspicion = condition(
        "met",
        P,
        [(SCT, "94602001", "Secondary malignant neoplasm of vertebral column")],
        verification="provisional",
        recorded="2026-11-23T08:00:00+01:00",
    )
    card, order = _card(
        suspicion, OLD_RADICULOPATHY, policy=SpinePolicy(unknown_window="most-urgent-possible")
    )
    assert card.summary.startswith("Spine MRI within 12 hours: by 23 Nov 23:00")
    assert order["occurrencePeriod"]["start"].startswith("2026-11-23")
