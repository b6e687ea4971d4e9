"""A dexamethasone order checked against the SM-CS02 scheme (issue "Signal, not noise", item 6).

Richtlijn Wervelmetastasen, "Bepaal indicatie corticosteroiden": "direct te starten met een
bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8-16 mg dexamethason p.o.". Only when
SM-CS02 holds on recorded facts and the draft's dosage can be read (`dosage.py`): a draft
outside the scheme gets an `info` card quoting it, with the scheme as a suggestion (not
recommended); a draft within it gets nothing. Silent while another rule owns the dose: the
taper after treatment (SM-CS04), the pain flare (SM-CS06, no dose in the guideline), or brain
metastases (BM-02 of the brain-metastases services: "dexamethason in de optimale dosis", a
different question; known here from a current brain-metastasis Condition).
"""

from __future__ import annotations

import copy
from typing import Any

from hooks import codes
from hooks.brain_metastases.codes import BRAIN_METASTASIS
from hooks.cards import CardText, rule_card, stable_uuid, t
from hooks.fhir_lean import Condition, select
from hooks.orders import draft_orders, order_reference, orders_coded
from hooks.rules import Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.dosage import Dose, is_bolus, read_dosage, within_scheme
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.corticosteroids import PAIN_FLARE, TAPER
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Suggestion

SUMMARY = CardText(
    "Dexamethason-order wijkt af van het schema: bolus 10 mg i.v., daarna 1 dd 8-16 mg p.o. (SM-CS02)",
    "Dexamethasone order differs from the scheme: 10 mg i.v. bolus, then 8-16 mg p.o. once daily (SM-CS02)",
)


def brain_metastases_on_record(call: HookCall) -> bool:
    """A current (or suspected) brain-metastasis Condition: BM-02 decides the dose there."""
    data = call.data.get("conditions")
    if data is None:
        return False
    found, _ = select(data.resources, Condition, "code", BRAIN_METASTASIS)
    return any(c.is_current for c in found)


def scheme_check_cards(
    call: HookCall,
    facts: SpineFacts,
    order: dict[str, Any],
    row: Row[SpineFacts],
    policy: SpinePolicy,
    reasons: list[str],
) -> list[Card]:
    """The card for a dexamethasone draft outside the scheme; `row` is SM-CS02, decided, and
    `reasons` the Conditions a proposal cites."""
    doses = read_dosage(order)
    if doses is None or within_scheme(doses):
        return []
    if decide(TAPER, facts).row is not None or decide(PAIN_FLARE, facts).row is not None:
        return []
    if brain_metastases_on_record(call):
        return []
    key = order_reference(order)
    shown = "; ".join(d.describe(call.language) for d in doses)
    extra = (
        CardText(
            f"**Deze order:** {shown}. **Schema van de richtlijn (SM-CS02):** bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8-16 mg dexamethason p.o.",
            f"**This order:** {shown}. **The guideline's scheme (SM-CS02):** a 10 mg dexamethasone i.v. bolus, followed by dexamethasone 8-16 mg p.o. once daily.",
        ),
    )
    return [
        rule_card(
            call,
            row,
            facts,
            LABELS,
            policy.display_timezone,
            SUMMARY,
            extra=extra,
            suggestions=(_scheme(call, order, doses, key, reasons),),
            override_codes=("clinically-necessary", "facts-differ"),
            key=f"{key}-scheme-check",
            indicator="info",
            missing=facts.missing_data,
            skipped=facts.skipped_malformed,
            unrecognised=facts.unrecognised_answers,
        )
    ]


def _scheme(
    call: HookCall, order: dict[str, Any], doses: tuple[Dose, ...], key: str, reasons: list[str]
) -> Suggestion:
    """The draft as the part of the scheme its route is closest to, and the other part added
    unless another draft already is that part."""
    bolus, maintenance = proposals.dexamethasone_scheme(call, reasons)
    intravenous = all(d.route == "intravenous" for d in doses)
    own, other = (bolus, maintenance) if intravenous else (maintenance, bolus)
    updated = copy.deepcopy(order)
    updated["dosageInstruction"] = copy.deepcopy(own["dosageInstruction"])
    actions = [
        Action(
            type="update",
            description=t(call.language, "Dosering volgens SM-CS02", "Dosage per SM-CS02"),
            resource=updated,
        )
    ]
    if not _other_part_drafted(call, order, want_bolus=not intravenous):
        actions.append(
            Action(
                type="create",
                description=other["medicationCodeableConcept"]["text"],
                resource=other,
            )
        )
    return Suggestion(
        label=t(
            call.language,
            "Schema van de richtlijn: bolus 10 mg i.v., daarna 1 dd 8-16 mg p.o.",
            "The guideline's scheme: 10 mg i.v. bolus, then 8-16 mg p.o. once daily",
        ),
        uuid=stable_uuid(call.request.hook_instance, "SM-CS02", key, "scheme-check"),
        is_recommended=False,
        actions=tuple(actions),
    )


def _other_part_drafted(call: HookCall, order: dict[str, Any], *, want_bolus: bool) -> bool:
    """Another dexamethasone draft whose dosage reads as the bolus (or the oral part)."""
    others = orders_coded(
        draft_orders(call.request),
        "MedicationRequest",
        "medicationCodeableConcept",
        codes.DEXAMETHASONE,
    )
    for other in others:
        if other is order or order_reference(other) == order_reference(order):
            continue
        doses = read_dosage(other)
        if doses and within_scheme(doses) and any(is_bolus(d) is want_bolus for d in doses):
            return True
    return False
