"""patient-view, part 2: treatment indication, urgent consultation, asymptomatic MESCC, time to
therapy and follow-up, for a patient in the guideline's scope (see `patient_view.py`).

The treatment cards need imaging that shows the spinal metastases or the MESCC and a known
primary tumour or tissue diagnosis (with unknown origin the work-up comes first); they stay away
once a treatment runs or is done, unless symptoms returned. The time-to-therapy card needs the definitive
diagnosis; the follow-up cards need a treatment or a proven diagnosis.
"""

from __future__ import annotations

from datetime import timedelta

from hooks.rules import any_of
from hooks.spinal_metastases.follow_up.cards import follow_up_cards
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.case_features import after_treatment, symptomatic
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.cards import (
    asymptomatic_cards,
    consultation_cards,
    treatment_branch_cards,
)
from hooks.spinal_metastases.treatment.time_to_therapy_card import time_to_therapy_cards
from service.cds.contract import HookCall
from service.cds.models import Card


def decision_open(facts: SpineFacts, policy: SpinePolicy) -> bool:
    """Whether a treatment decision is open, so the life-expectancy branches (SM-LE*) help.

    Open with a recorded suspicion or complaint, pain or a deficit on record, a planned
    operation or irradiation, returned symptoms, or a definitive diagnosis within
    CDS_SPINE_TREATMENT_DECISION_LOOKBACK_D. A stable metastasis known for long, without any
    of these, is follow-up: the card would stand at every chart opening, unanswerable
    (local policy CDS_SPINE_ROUTINE_CARDS; "every-rule" shows it whenever it is undecided).
    """
    if policy.routine_cards == "every-rule":
        return True
    diagnosed = facts.definitive_diagnosis_at.value
    recent = diagnosed is not None and facts.now - diagnosed <= timedelta(
        days=policy.treatment_decision_lookback_d
    )
    return (
        recent
        or facts.recorded_suspicion.value is True
        or symptomatic(facts) is True
        or facts.surgery_or_radiotherapy_planned.value is True
        or facts.symptoms_returned_after_rt.value is True
    )


def treatment_view_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    cards: list[Card] = []
    imaged = any_of(
        facts.spinal_metastasis_radiological.value,
        facts.spinal_metastasis_proven.value,
        facts.mescc_radiological.value,
    )
    diagnosed = any_of(facts.known_primary.value, facts.tissue_diagnosis_obtained.value)
    if imaged and diagnosed:  # with unknown origin the work-up (biopsy first) comes first
        treated = any_of(after_treatment(facts), facts.radiotherapy_in_progress.value)
        deciding = treated is not True or facts.symptoms_returned_after_rt.value
        if deciding and symptomatic(facts) is not False and decision_open(facts, policy):
            cards += treatment_branch_cards(call, facts, policy)
        cards += consultation_cards(call, facts, policy)
        cards += asymptomatic_cards(call, facts, policy)
    cards += time_to_therapy_cards(call, facts, policy)
    cards += follow_up_cards(call, facts, policy)
    return cards
