"""patient-view, Behandeling: corticosteroids now (SM-CS01–CS06), as on a dexamethasone order."""

from __future__ import annotations

from hooks.cards import CardText, rule_card
from hooks.rules import decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.follow_up.cards import routine_chart
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.patient_view_parts import common_args, create_suggestion
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.corticosteroids import (
    PAIN_FLARE,
    START_DEXAMETHASONE,
    TAPER,
)
from hooks.spinal_metastases.treatment.steroid_cards import (
    gastric_protection_cards,
    reason_references,
)
from service.cds.contract import HookCall
from service.cds.models import Card


def corticosteroid_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-CS02/05 when no corticosteroid is active yet, SM-CS03 with it, SM-CS04 taper, SM-CS06."""
    tz = policy.display_timezone
    cards: list[Card] = []
    start = decide(START_DEXAMETHASONE, facts).row
    if (
        start is not None
        and start.id == "SM-CS02"
        and facts.corticosteroid_active.value is not True
    ):
        resources = proposals.dexamethasone_scheme(call, reason_references(facts))
        suggestion = create_suggestion(
            call,
            start.id,
            CardText(
                "Start dexamethason: 10 mg i.v. bolus, daarna 1 dd 8-16 mg p.o.",
                "Start dexamethasone: 10 mg i.v. bolus, then 8-16 mg p.o. once daily",
            ),
            resources,
        )
        cards.append(
            rule_card(
                call,
                start,
                facts,
                LABELS,
                tz,
                CardText(
                    "Symptomatische MESMC/wortelcompressie: start direct dexamethason 10 mg i.v.",
                    "Symptomatic MESCC/root compression: start dexamethasone 10 mg i.v. now",
                ),
                suggestions=(suggestion,),
                **common_args(facts),
            )
        )
        cards += gastric_protection_cards(call, facts, policy, "patient-view")
    elif start is not None and start.id == "SM-CS05":
        cards.append(
            rule_card(
                call,
                start,
                facts,
                LABELS,
                tz,
                CardText(
                    "Asymptomatische MESMC die bestraald wordt: geen consensus over dexamethason",
                    "Asymptomatic MESCC to be irradiated: no consensus on dexamethasone",
                ),
                **common_args(facts),
            )
        )
    elif facts.corticosteroid_active.value and not routine_chart(facts, policy):
        # On a stable chart the corticosteroid is not the MESCC scheme SM-CS03 speaks of (an
        # antiemetic, a premedication): no gastric-protection card at every chart opening.
        cards += gastric_protection_cards(call, facts, policy, "patient-view")
    taper = decide(TAPER, facts).row
    # On a stable chart the follow-up card carries the taper (SM-FU03 = SM-CS04).
    if taper is not None and not routine_chart(facts, policy):
        cards.append(
            rule_card(
                call,
                taper,
                facts,
                LABELS,
                tz,
                CardText(
                    "Na radiotherapie of operatie: bouw dexamethason in 1-2 weken af op geleide van klachten",
                    "After radiotherapy or surgery: taper dexamethasone over 1-2 weeks, guided by symptoms",
                ),
                **common_args(facts),
            )
        )
    flare = decide(PAIN_FLARE, facts).row
    if flare is not None:
        cards.append(
            rule_card(
                call,
                flare,
                facts,
                LABELS,
                tz,
                CardText(
                    "'Pain flare' na radiotherapie: corticosteroïden mogen (richtlijn noemt geen dosis)",
                    "Pain flare after radiotherapy: corticosteroids may be given (no dose in guideline)",
                ),
                **common_args(facts),
            )
        )
    return cards
