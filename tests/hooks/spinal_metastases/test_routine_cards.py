"""CDS_SPINE_ROUTINE_CARDS: a stable chart gets one info card; `every-rule` shows every rule.

Issue "Signal, not noise", item 1 for patient-view. The panel fixtures hold the default; these
cases hold the other value and the edges of an open treatment decision.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from fixtures.build import FIXTURES, mri_order
from fixtures.replay import load
from hooks.facts import Fact
from hooks.spinal_metastases.follow_up.cards import imaging_order_cards
from hooks.spinal_metastases.patient_view import patient_view_cards
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.patient_view import decision_open
from service.cds.contract import HookCall
from tests.hooks.policy_said import said
from tests.hooks.spinal_metastases.cases import call_with

EVERY_RULE = SpinePolicy(routine_cards="every-rule")


def _chart(scenario: str, **kwargs: Any) -> HookCall:
    path = FIXTURES / "spinal-metastases-patient-view" / f"panel-{scenario}.request.json"
    prefetch = load(path)["prefetch"]

    def resources(key: str) -> list[dict[str, Any]]:
        return [entry["resource"] for entry in prefetch[key]["entry"]]

    return call_with(
        resources("conditions"),
        resources("observations"),
        resources("medications"),
        resources("procedures"),
        **kwargs,
    )


def _rules(call: HookCall, policy: SpinePolicy) -> list[str]:
    cards = patient_view_cards(call, read_facts(call, policy), policy)
    return [card.source.topic.code for card in cards if card.source.topic is not None]


def test_a_stable_treated_chart_gets_one_follow_up_card_that_names_the_policy() -> None:
    call = _chart("breast-stable-spinal-metastases-letrozole")
    policy = SpinePolicy()
    [card] = patient_view_cards(call, read_facts(call, policy), policy)
    assert card.indicator == "info"
    assert "SM-FU02" in (card.detail or "")
    assert "SM-FU04" in (card.detail or "")
    assert "Lokaal beleid: stabiele patiënt → één informatiekaart." in (card.detail or "")
    assert said("CDS_SPINE_ROUTINE_CARDS", (card.detail or ""))


def test_every_rule_shows_the_mri_question_the_treatment_branches_and_each_follow_up_card() -> None:
    untreated = _rules(_chart("breast-spinal-metastases-palbociclib-denosumab"), EVERY_RULE)
    assert untreated == ["SM-D02", "SM-LE<3", "SM-FU04"]
    treated = _rules(_chart("prostate-spinal-metastasis-docetaxel-premedication"), EVERY_RULE)
    assert treated == ["SM-D02", "SM-CS03", "SM-CS04", "SM-FU02", "SM-FU04"]


def test_a_stable_chart_on_a_corticosteroid_folds_the_taper_into_the_follow_up_card() -> None:
    call = _chart("prostate-spinal-metastasis-docetaxel-premedication")
    policy = SpinePolicy()
    [card] = patient_view_cards(call, read_facts(call, policy), policy)
    assert "SM-CS04 = SM-FU03" in (card.detail or "")


def test_the_follow_up_mri_question_is_its_own_card_only_under_every_rule() -> None:
    order = mri_order("pat-facts")
    call = _chart("breast-spinal-metastasis-irradiated-2024-no-therapy", orders=[order])
    assert imaging_order_cards(call, read_facts(call, SpinePolicy()), order, SpinePolicy()) == []
    [card] = imaging_order_cards(call, read_facts(call, EVERY_RULE), order, EVERY_RULE)
    assert card.source.topic is not None
    assert card.source.topic.code == "SM-FU01"


def test_a_treatment_decision_is_open_within_the_look_back_and_with_a_planned_treatment() -> None:
    call = _chart("breast-spinal-metastases-palbociclib-denosumab")
    policy = SpinePolicy()
    facts = read_facts(call, policy)
    assert decision_open(facts, policy) is False
    recent = replace(facts, definitive_diagnosis_at=Fact(facts.now - timedelta(days=28)))
    assert decision_open(recent, policy) is True
    older = replace(facts, definitive_diagnosis_at=Fact(facts.now - timedelta(days=29)))
    assert decision_open(older, policy) is False
    planned = replace(facts, surgery_or_radiotherapy_planned=Fact(True))
    assert decision_open(planned, policy) is True
    assert decision_open(facts, EVERY_RULE) is True
