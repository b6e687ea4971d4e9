"""patient-view: the recommendations that apply now, for a patient in this guideline's scope.

In scope: a known cancer with a suspected or proven spinal metastasis or MESCC, or suspected
spinal metastases of unknown origin. Outside that scope: no card at all.
"""

from __future__ import annotations

from hooks.spinal_metastases.diagnosis.mri_indication_cards import mri_indication_cards
from hooks.spinal_metastases.diagnosis.site_question import site_question_card
from hooks.spinal_metastases.diagnosis.surgical_work_up_cards import surgical_work_up_cards
from hooks.spinal_metastases.diagnosis.unknown_primary_cards import unknown_primary_cards
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.patient_view import treatment_view_cards
from hooks.spinal_metastases.treatment.steroid_view import corticosteroid_cards
from service.cds.contract import HookCall
from service.cds.models import Card


def in_patient_scope(facts: SpineFacts) -> bool:
    """Known cancer with (suspected) spinal metastasis or MESCC, or suspicion of unknown origin."""
    return bool(
        facts.spinal_metastasis_suspected.value
        or facts.mescc_clinical_suspicion.value
        or facts.mescc_radiological.value
    )


def patient_view_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    if not in_patient_scope(facts):
        # A bone metastasis without a site keeps the patient in scope with one question.
        return [site_question_card(call, facts)] if facts.bone_metastasis_unsited.value else []
    cards = [
        *mri_indication_cards(call, facts, policy),
        *unknown_primary_cards(call, facts, policy),
        *surgical_work_up_cards(call, facts, policy),
        *corticosteroid_cards(call, facts, policy),
        *treatment_view_cards(call, facts, policy),
    ]
    order = {"critical": 0, "warning": 1, "info": 2}
    return sorted(cards, key=lambda c: order[c.indicator])
