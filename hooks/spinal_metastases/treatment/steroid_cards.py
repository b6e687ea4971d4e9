"""Cards for a systemic corticosteroid in the draft orders (SM-CS01–06).

The biopsy-first warning comes first: for either trigger the guideline gives, corticosteroids
wait until after the biopsy because they can make lymphoma (and to a lesser degree myeloma)
undiagnosable. Otherwise the card gives the guideline's dexamethasone scheme, the PPI rule and
the "no consensus" for asymptomatic MESCC, each with its branches when a fact is unknown.
"""

from __future__ import annotations

from typing import Any

from hooks import codes
from hooks.cards import CardText, rule_card, stable_uuid, t
from hooks.orders import order_reference
from hooks.rules import Decision, Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.follow_up.cards import routine_chart
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.corticosteroids import (
    BIOPSY_FIRST,
    PAIN_FLARE,
    START_DEXAMETHASONE,
    biopsy_first_unless_biopsied,
    gastric_protection_table,
)
from hooks.spinal_metastases.treatment.scheme_check import scheme_check_cards
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Suggestion

ROUTINE_STEROID_NL = (
    "Geen verdenking op MESMC en geen klacht vastgelegd: het schema van de richtlijn (10 mg i.v., "
    "dan 1 dd 8-16 mg p.o.) geldt voor symptomatische MESMC; voor een ander doel (premedicatie, "
    "anti-emeticum) geeft deze richtlijn geen advies. *Lokaal beleid: stabiele patiënt → één "
    "informatiekaart.*"
)
ROUTINE_STEROID_EN = (
    "No suspicion of MESCC and no complaint on record: the guideline's scheme (10 mg i.v., then "
    "8-16 mg p.o. daily) is for symptomatic MESCC; for another purpose (premedication, "
    "antiemetic) this guideline gives no advice. *Local policy: stable patient → one information "
    "card.*"
)


def in_steroid_scope(facts: SpineFacts) -> bool:
    """The steroid rules concern (suspected) spinal metastases or cord/root compression."""
    return bool(
        facts.spinal_metastasis_suspected.value
        or facts.mescc_clinical_suspicion.value
        or facts.mescc_radiological.value
    )


def reason_references(facts: SpineFacts) -> list[str]:
    """The Conditions that justify a proposal, for its `reasonReference`."""
    refs = [
        e.reference
        for fact in (facts.mescc_clinical_suspicion, facts.spinal_metastasis_suspected)
        for e in fact.evidence
        if e.reference.startswith("Condition/")
    ]
    return list(dict.fromkeys(refs))


BIOPSY_FIRST_SUMMARY = CardText(
    "Geen corticosteroïden vóór het biopt: kan diagnose lymfoom of myeloom onmogelijk maken",
    "No corticosteroids before the biopsy: may make lymphoma or myeloma undiagnosable",
)


def withhold_row(
    decision: Decision[SpineFacts], facts: SpineFacts, policy: SpinePolicy
) -> Row[SpineFacts] | None:
    """SM-CS01 when it holds, and, under the cautious CDS_SPINE_UNKNOWN_WINDOW, while no
    biopsy is on record (biopsy_first_unless_biopsied)."""
    if decision.row is not None:
        return decision.row
    # Under "ask" the warning stands too, but as a warning that asks (no biopsy on record is not
    # a recorded fact that makes the critical row hold): see biopsy_first_card.
    cautious = policy.unknown_window in ("most-urgent-possible", "ask")
    return BIOPSY_FIRST.rows[0] if cautious and biopsy_first_unless_biopsied(facts) else None


def biopsy_first_card(
    call: HookCall,
    facts: SpineFacts,
    row: Row[SpineFacts],
    policy: SpinePolicy,
    *,
    suggestions: tuple[Suggestion, ...] = (),
    key: str = "",
) -> Card:
    """The SM-CS01 card, on a steroid order (with its withdrawal) and on patient-view."""
    assumed = facts.tissue_diagnosis_obtained.value is None
    return rule_card(
        call,
        row,
        facts,
        LABELS,
        policy.display_timezone,
        BIOPSY_FIRST_SUMMARY,
        extra=biopsy_not_recorded(facts),
        suggestions=suggestions,
        policies=("CDS_SPINE_UNKNOWN_WINDOW",) if assumed else (),
        override_codes=("biopsy-already-done", "clinically-necessary"),
        key=key,
        missing=facts.missing_data,
        skipped=facts.skipped_malformed,
        unrecognised=facts.unrecognised_answers,
        # Critical only when the record shows no tissue diagnosis; a biopsy merely not on
        # record is a question (warning) under the default "ask".
        indicator="warning" if assumed and policy.unknown_window == "ask" else None,
    )


def biopsy_not_recorded(facts: SpineFacts) -> tuple[CardText, ...]:
    """The line that says why SM-CS01 stands although no one recorded that the biopsy is pending."""
    if facts.tissue_diagnosis_obtained.value is not None:
        return ()
    return (
        CardText(
            "Er is geen biopt of weefseldiagnose vastgelegd. Zolang dat ontbreekt geldt dit advies; "
            "is het biopt al verricht, kies dan de reden 'biopt reeds verricht'.",
            "No biopsy or tissue diagnosis is on record. Until one is, this advice stands; if "
            "the biopsy has been done, choose the reason 'biopsy already done'.",
        ),
    )


def steroid_order_cards(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], policy: SpinePolicy
) -> list[Card]:
    tz = policy.display_timezone
    key = order_reference(order)
    common: dict[str, Any] = {
        "key": key,
        "missing": facts.missing_data,
        "skipped": facts.skipped_malformed,
        "unrecognised": facts.unrecognised_answers,
    }
    # A stable chart (no recorded suspicion or complaint): at most one information card.
    routine = routine_chart(facts, policy)
    first = decide(BIOPSY_FIRST, facts)
    withhold = withhold_row(first, facts, policy)
    if withhold is not None:
        return [_biopsy_first_card(call, facts, order, withhold, policy)]
    cards: list[Card] = []
    if first.undecided:
        cards.append(
            rule_card(
                call,
                first.undecided[0],
                facts,
                LABELS,
                tz,
                CardText(
                    "Corticosteroïd: is de primaire tumor bekend? Zo niet, eerst biopt (lymfoom/myeloom)",
                    "Corticosteroid: is the primary tumour known? If not, biopsy first (lymphoma/myeloma)",
                ),
                decided=False,
                override_codes=("biopsy-already-done", "clinically-necessary"),
                indicator="warning",
                **common,
            )
        )
    start = decide(START_DEXAMETHASONE, facts)
    dexamethasone = codes.DEXAMETHASONE.matches(order.get("medicationCodeableConcept"))
    if start.row is not None and start.row.id == "SM-CS02" and dexamethasone:
        # The draft is the dexamethasone itself: only a readable dosage outside the scheme
        # gets a card (info), never one that nags about what it cannot read.
        cards += scheme_check_cards(call, facts, order, start.row, policy, reason_references(facts))
    elif start.row is not None and start.row.id == "SM-CS02":
        scheme = _scheme_suggestion(call, facts, order, key)
        cards.append(
            rule_card(
                call,
                start.row,
                facts,
                LABELS,
                tz,
                CardText(
                    "Dexamethason bij symptomatische MESMC/wortelcompressie: 10 mg i.v., dan 1 dd 8-16 mg p.o.",
                    "Dexamethasone for symptomatic MESCC/root compression: 10 mg i.v., then 8-16 mg p.o. daily",
                ),
                suggestions=(scheme,),
                **common,
            )
        )
    elif start.row is not None:
        cards.append(
            rule_card(
                call,
                start.row,
                facts,
                LABELS,
                tz,
                CardText(
                    "Asymptomatische MESMC die bestraald wordt: geen consensus over dexamethason",
                    "Asymptomatic MESCC to be irradiated: no consensus on dexamethasone",
                ),
                **common,
            )
        )
    elif start.undecided:
        # A stable chart (no complaint or suspicion on record: premedication, an antiemetic)
        # may not be ordering the scheme at all: one information card asks, no warning.
        summary, extra = (
            (
                CardText(
                    "Dexamethason: geen MESMC-klachten vastgelegd — is dit voor MESMC?",
                    "Dexamethasone: no MESCC complaints on record — is this for MESCC?",
                ),
                (CardText(ROUTINE_STEROID_NL, ROUTINE_STEROID_EN),),
            )
            if routine
            else (
                CardText(
                    "Dexamethason: hangt af van klachten en geplande operatie/radiotherapie",
                    "Dexamethasone: depends on symptoms and planned surgery/radiotherapy",
                ),
                (),
            )
        )
        cards.append(
            rule_card(
                call,
                start.undecided[0],
                facts,
                LABELS,
                tz,
                summary,
                decided=False,
                extra=extra,
                indicator="info" if routine else None,
                **common,
            )
        )
    cards += gastric_protection_cards(call, facts, policy, key, decided_only=routine)
    flare = decide(PAIN_FLARE, facts)
    if flare.row is not None:
        cards.append(
            rule_card(
                call,
                flare.row,
                facts,
                LABELS,
                tz,
                CardText(
                    "'Pain flare' na radiotherapie: corticosteroïden mogen (richtlijn noemt geen dosis)",
                    "Pain flare after radiotherapy: corticosteroids may be given (no dose in guideline)",
                ),
                **common,
            )
        )
    return cards


def _scheme_suggestion(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], key: str
) -> Suggestion:
    """Another corticosteroid than dexamethasone: the whole scheme (a dexamethasone draft is
    checked against it instead, `scheme_check`)."""
    resources = proposals.dexamethasone_scheme(call, reason_references(facts))
    label = t(
        call.language,
        "Dexamethason volgens richtlijn: 10 mg i.v. bolus, daarna 1 dd 8-16 mg p.o.",
        "Dexamethasone per guideline: 10 mg i.v. bolus, then 8-16 mg p.o. once daily",
    )
    return Suggestion(
        label=label,
        uuid=stable_uuid(call.request.hook_instance, "SM-CS02", key, "scheme"),
        actions=tuple(
            Action(type="create", description=r["medicationCodeableConcept"]["text"], resource=r)
            for r in resources
        ),
    )


def gastric_protection_cards(
    call: HookCall, facts: SpineFacts, policy: SpinePolicy, key: str, *, decided_only: bool = False
) -> list[Card]:
    """SM-CS03: a PPI with dexamethasone when a risk factor is present and no PPI is active.

    `decided_only`: only when a recorded risk factor makes the row hold, no question about
    unknown risk factors (a stable chart's dexamethasone, under `CDS_SPINE_ROUTINE_CARDS`).
    """
    tz = policy.display_timezone
    decision = decide(gastric_protection_table(policy), facts)
    policies = (
        "CDS_SPINE_PPI_ATC",
        "CDS_SPINE_PPI_DOSE_MG",
        "CDS_SPINE_PLATELET_INHIBITORS_COUNT_AS_ANTICOAGULANTS",
    )
    common: dict[str, Any] = {
        "key": key,
        "missing": facts.missing_data,
        "skipped": facts.skipped_malformed,
        "unrecognised": facts.unrecognised_answers,
        "policies": policies,
    }
    row: Row[SpineFacts] | None = decision.row or (
        decision.undecided[0] if decision.undecided else None
    )
    if row is None or (decided_only and decision.row is None):
        return []
    resource = proposals.ppi(call, policy)
    suggestion = Suggestion(
        label=t(
            call.language,
            f"Voeg {resource['medicationCodeableConcept']['text']} toe (lokaal beleid)",
            f"Add {resource['medicationCodeableConcept']['text']} (local policy)",
        ),
        uuid=stable_uuid(call.request.hook_instance, "SM-CS03", key, "ppi"),
        actions=(
            Action(
                type="create",
                description=resource["medicationCodeableConcept"]["text"],
                resource=resource,
            ),
        ),
    )
    if decision.row is not None:
        return [
            rule_card(
                call,
                row,
                facts,
                LABELS,
                tz,
                CardText(
                    "Risicofactor bij dexamethason: geef een protonpompremmer bij",
                    "Risk factor with dexamethasone: add a proton-pump inhibitor",
                ),
                suggestions=(suggestion,),
                **common,
            )
        ]
    return [
        rule_card(
            call,
            row,
            facts,
            LABELS,
            tz,
            CardText(
                "Protonpompremmer bij dexamethason? Risicofactoren niet volledig bekend",
                "Proton-pump inhibitor with dexamethasone? Risk factors not fully known",
            ),
            decided=False,
            suggestions=(suggestion,),
            **common,
        )
    ]


def _biopsy_first_card(
    call: HookCall,
    facts: SpineFacts,
    order: dict[str, Any],
    row: Row[SpineFacts],
    policy: SpinePolicy,
) -> Card:
    """The warning, with one click to withdraw the steroid order.

    When no biopsy is on record, the warning stands by local policy (CDS_SPINE_UNKNOWN_WINDOW,
    the most cautious branch) and the withdrawal is offered, not recommended.
    """
    key = order_reference(order)
    assumed = facts.tissue_diagnosis_obtained.value is None
    withdraw = Suggestion(
        label=t(
            call.language,
            "Trek de corticosteroïd-order in tot na het biopt",
            "Withdraw the corticosteroid order until after the biopsy",
        ),
        uuid=stable_uuid(call.request.hook_instance, row.id, key, "withdraw"),
        is_recommended=None if assumed else True,
        actions=(
            Action(
                type="delete",
                description=t(
                    call.language,
                    "Corticosteroïd-order verwijderen (SM-CS01)",
                    "Remove the corticosteroid order (SM-CS01)",
                ),
                resource_id=proposals.delete(order),
            ),
        ),
    )
    return biopsy_first_card(call, facts, row, policy, suggestions=(withdraw,), key=key)
