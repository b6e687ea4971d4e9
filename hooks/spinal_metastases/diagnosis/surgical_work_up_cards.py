"""patient-view, Diagnostiek: the imaging for a possible operation (SM-DX01)."""

from __future__ import annotations

from hooks.cards import CardText, rule_card
from hooks.rules import decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.diagnosis.work_up import (
    SURGICAL_WORKUP,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.patient_view_parts import common_args, create_suggestion
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.steroid_cards import (
    reason_references,
)
from service.cds.contract import HookCall
from service.cds.models import Card


def surgical_work_up_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-DX01: without a recent CT in the record the need is shown, never assumed away."""
    decision = decide(SURGICAL_WORKUP, facts)
    row = decision.row or (
        decision.undecided[0] if decision.undecided and facts.surgical_candidate.value else None
    )
    if row is None:
        return []
    suggestion = create_suggestion(
        call,
        row.id,
        CardText(
            "Vraag (PET-)CT thorax/abdomen en volumescan wervels +/- 2 aan",
            "Order (PET-)CT thorax/abdomen and volume CT of vertebrae +/- 2",
        ),
        proposals.surgical_ct(call, policy, reason_references(facts)),
    )
    summary = CardText(
        "Mogelijke operatiekandidaat: recente (PET-)CT thorax/abdomen nodig, geen gevonden",
        "Possible surgical candidate: recent (PET-)CT thorax/abdomen needed, none found",
    )
    return [
        rule_card(
            call,
            row,
            facts,
            LABELS,
            policy.display_timezone,
            summary,
            decided=decision.row is not None,
            suggestions=(suggestion,),
            override_codes=("adequate-imaging-available",),
            policies=("CDS_SPINE_RECENT_IMAGING_DAYS", "CDS_SPINE_PRIORITY_SURGICAL_CT"),
            **common_args(facts),
        )
    ]
