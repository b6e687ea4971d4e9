"""Signal, not noise: an undecided MRI window is one quick question, never the most alarming branch.

The indicator follows what is on record: `critical` only when a recorded fact makes a critical
row hold, `warning` for a recorded suspicion whose complaint is unknown, else `info`.
"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import answer, condition, mri_order
from hooks.rules import decide
from hooks.spinal_metastases.diagnosis.mri_card import mri_cards
from hooks.spinal_metastases.diagnosis.mri_question import BRANCHES, PRIORITY_LABEL
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_URGENCY
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from service.cds.models import Card
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
TODAY = "2026-11-23T09:30:00+01:00"
CANCER = condition("ca", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
SUSPECTED = condition(
    "met",
    P,
    [(SCT, "94602001", "Secondary malignant neoplasm of vertebral column")],
    verification="provisional",
    recorded="2026-11-22T16:00:00+01:00",
)


def _yes(code: str, value: Any = True) -> dict[str, Any]:
    return answer(f"ans-{code}", P, code, TODAY, {"valueBoolean": value})


def _card(
    conditions: list[dict[str, Any]],
    observations: list[dict[str, Any]] | None = None,
    policy: SpinePolicy | None = None,
    **order: Any,
) -> Card:
    draft = mri_order(P, **order)
    call = call_with(conditions, observations, hook="order-sign", orders=[draft])
    policy = policy or SpinePolicy()
    [card] = mri_cards(call, read_facts(call, policy), draft, policy)
    return card


def test_every_row_of_the_table_has_its_branches() -> None:
    assert {b.row_id for b in BRANCHES} == {row.id for row in MRI_URGENCY.rows}
    assert len({b.key for b in BRANCHES}) == len(BRANCHES)


def test_a_routine_mri_for_a_known_cancer_without_complaints_is_one_info_question() -> None:
    card = _card([CANCER])
    assert card.indicator == "info"
    assert card.source.topic is not None
    assert card.source.topic.code == MRI_URGENCY.id  # the table, not its first row
    assert card.selection_behavior == "at-most-one"
    assert card.suggestions is not None
    labels = [s.label for s in card.suggestions]
    assert labels[0] == "Verdenking MESMC → MRI cito, binnen 12 uur"
    assert labels[-1] == "Alleen lokale rugpijn → MRI routine, binnen 2 weken"
    assert len(labels) == len(BRANCHES)
    assert not any(s.is_recommended for s in card.suggestions)
    assert "uiterlijk" not in card.summary  # no deadline that moves at every call
    assert card.links is None or all("Questionnaire" not in link.url for link in card.links)


def test_each_branch_carries_its_own_order_update() -> None:
    card = _card([CANCER])
    assert card.suggestions is not None
    by_label = {s.label: s for s in card.suggestions}
    stat = by_label["Symptoom van Lhermitte → MRI cito, binnen 12 uur"].actions
    routine = by_label["Alleen lokale rugpijn → MRI routine, binnen 2 weken"].actions
    assert stat is not None
    assert stat[0].resource is not None
    assert stat[0].resource["priority"] == "stat"
    assert stat[0].resource["occurrencePeriod"]["end"] == "2026-11-23T22:00:00+00:00"
    assert routine is not None
    assert routine[0].resource is not None
    assert routine[0].resource["priority"] == "routine"


def test_a_branch_the_order_already_meets_changes_nothing() -> None:
    card = _card([CANCER], priority="stat", occurrencePeriod={"end": "2026-11-23T12:00:00+00:00"})
    assert card.suggestions is not None
    assert all(s.actions is None for s in card.suggestions)


def test_a_recorded_suspicion_with_unknown_complaints_is_a_warning_never_critical() -> None:
    card = _card([CANCER, SUSPECTED])
    assert card.indicator == "warning"
    assert card.summary.startswith("Verdenking wervelmetastasen")


def test_a_recorded_complaint_that_makes_a_critical_row_hold_stays_critical() -> None:
    card = _card([CANCER, SUSPECTED], [_yes("lhermitte-sign")])
    assert card.indicator == "critical"
    assert card.source.topic is not None
    assert card.source.topic.code == "SM-MRI-12h"


def test_a_complaint_recorded_as_absent_is_not_offered() -> None:
    card = _card([CANCER, SUSPECTED], [_yes("lhermitte-sign", False)])
    assert card.suggestions is not None
    assert not any(s.label.startswith("Symptoom van Lhermitte") for s in card.suggestions)


def test_local_back_pain_only_closes_the_radicular_and_lhermitte_branches() -> None:
    call = call_with([CANCER, SUSPECTED], [_yes("local-back-pain-only")])
    facts = read_facts(call, SpinePolicy())
    assert facts.lhermitte_sign.value is False
    assert facts.radicular_pain.value == "absent"
    assert facts.radicular_deficit.value == "absent"
    assert facts.mescc_clinical_suspicion.value is None  # "alleen" does not answer MESCC
    decision = decide(MRI_URGENCY, facts)
    assert decision.row is not None
    assert decision.row.id == "SM-MRI-2w"
    assert [r.id for r in decision.undecided] == ["SM-MRI-12h"]


def test_a_stable_metastasis_imaged_since_is_follow_up_not_a_suspicion() -> None:
    confirmed = condition(
        "met",
        P,
        [(SCT, "94602001", "Secondary malignant neoplasm of vertebral column")],
        recorded="2025-10-02",
    )
    mri = {
        "resourceType": "Procedure",
        "id": "mri",
        "status": "completed",
        "code": {"coding": [{"system": SCT, "code": "241645008"}]},
        "subject": {"reference": f"Patient/{P}"},
        "performedDateTime": "2026-05-14",
    }
    call = call_with([CANCER, confirmed], procedures=[mri])
    assert read_facts(call, SpinePolicy()).recorded_suspicion.value is None
    newly = condition(
        "met2",
        P,
        [(SCT, "94602001", "Secondary malignant neoplasm of vertebral column")],
        recorded="2026-11-20",
    )
    call = call_with([CANCER, newly], procedures=[mri])
    assert read_facts(call, SpinePolicy()).recorded_suspicion.value is True  # not imaged since


@pytest.mark.parametrize("value", ["most-urgent-possible", "decided-only"])
def test_the_old_policies_stay_available(value: str) -> None:
    policy = SpinePolicy(unknown_window=value)
    card = _card([CANCER, SUSPECTED], policy=policy)
    if value == "most-urgent-possible":
        assert card.indicator == "critical"  # the behaviour before 0.2, by explicit choice
    else:
        assert card.source.topic is not None
        assert card.source.topic.code.startswith("SM-MRI-")


def test_priorities_are_named_in_dutch_words() -> None:
    assert {k: v[0] for k, v in PRIORITY_LABEL.items()} == {
        "stat": "cito",
        "asap": "spoed",
        "urgent": "met voorrang",
        "routine": "routine",
    }
    card = _card([CANCER, SUSPECTED], [_yes("lhermitte-sign")])
    assert card.suggestions is not None
    assert card.suggestions[0].label.startswith("Pas de MRI-aanvraag aan: cito, uiterlijk")


def test_the_table_topic_is_a_code_of_the_rules_code_system() -> None:
    from hooks import rules_code_system

    codes = {concept["code"] for concept in rules_code_system("https://x.example/fhir")["concept"]}
    assert MRI_URGENCY.id in codes
    assert "SM-MRI-12h" in codes
    assert len(codes) == len(rules_code_system("https://x.example/fhir")["concept"])  # no clash
