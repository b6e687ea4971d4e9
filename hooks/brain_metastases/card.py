"""The brain-metastases cards: the treatment decision at chart opening, and advice at an order.

Patient view: one card (topic BM-01) with the multidisciplinary decision, dexamethasone for
symptomatic metastases (BM-02, no dose), the systemic options the article names (BM-03..05),
the recorded variants when the primary is (or may be) NSCLC, and what weighs in the choice
(BM-06) or that the molecular profile is unknown (BM-07).
Orders: dexamethasone → BM-02; a checkpoint inhibitor, BRAF inhibitor or trastuzumab
deruxtecan → BM-06 or BM-07.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hooks.brain_metastases.codes import DEXAMETHASONE as DEXAMETHASONE_CODES
from hooks.brain_metastases.facts import BrainFacts
from hooks.brain_metastases.labels import LABELS
from hooks.brain_metastases.molecular import as_shown, findings_block, weighing_note
from hooks.brain_metastases.policy import BrainPolicy
from hooks.brain_metastases.sources import CAVEAT
from hooks.brain_metastases.treatment import (
    DEXAMETHASONE,
    SYSTEMIC_CHOICE,
    SYSTEMIC_OPTIONS,
    TREATMENT_DECISION,
    braf_mutated_melanoma,
)
from hooks.cards import t
from hooks.codes import codings
from hooks.common import info_card, suggest
from hooks.common.options import shown
from hooks.facts import Evidence, Fact
from hooks.order_reading import read_order
from hooks.orders import order_reference
from hooks.rules import Row, decide
from service.cds.contract import HookCall, Language
from service.cds.models import Card, Suggestion

# A dexamethasone order, read as the medication reader reads it (ATC, SNOMED, RxNorm, text).
_DEXAMETHASONE = ("MedicationRequest", "medicationCodeableConcept", DEXAMETHASONE_CODES)


def patient_view_cards(call: HookCall, facts: BrainFacts, policy: BrainPolicy) -> list[Card]:
    decision = decide(TREATMENT_DECISION, facts)
    if decision.row is None:
        return []  # no brain metastases in the record: this topic does not concern the patient
    lang = call.language
    topic = decision.row
    traced: list[Row[BrainFacts]] = [topic]
    parts: list[str | None] = [f"**{t(lang, topic.advice_nl, topic.advice_en)}.**"]

    dex = decide(DEXAMETHASONE, facts)
    if dex.row is not None:
        parts.append(f"`BM-02` {t(lang, dex.row.advice_nl, dex.row.advice_en)}.")
        traced.append(dex.row)
    elif dex.undecided:
        row = dex.undecided[0]
        parts.append(
            f"`BM-02` {t(lang, row.advice_nl, row.advice_en)}. *"
            + t(
                lang,
                "Of de hersenmetastasen symptomatisch zijn, is niet vastgelegd in het dossier.",
                "Whether the brain metastases are symptomatic is not recorded.",
            )
            + "*"
        )

    options = shown(SYSTEMIC_OPTIONS, facts)
    head = t(
        lang,
        "**Systemische behandeling die de bron als voorbeeld noemt:**",
        "**Systemic treatment the source names as an example:**",
    )
    if options:
        parts.append(
            "\n".join([head, *(info_card.option_line(a, facts, LABELS, lang) for a in options)])
        )
        traced += [a.row for a in options if a.holds]
    else:
        parts.append(
            head
            + " "
            + t(
                lang,
                "volgens het dossier is geen van de voorbeelden (BRAF-remmers bij BRAF-gemuteerd melanoom, immuuncheckpointremmers bij NSCLC, trastuzumab-deruxtecan bij HER2) van toepassing.",
                "according to the record none of the examples (BRAF inhibitors for BRAF-mutated melanoma, checkpoint inhibitors in NSCLC, trastuzumab deruxtecan for HER2) applies.",
            )
        )

    choice = decide(SYSTEMIC_CHOICE, facts)
    parts.append(findings_block(facts, lang))
    parts += _choice_lines(choice.row, choice.undecided, facts, lang)
    if choice.row is not None:
        traced.append(as_shown(choice.row, facts))
    parts.append(info_card.traces(traced, facts, LABELS, lang))

    suggestions: list[Suggestion] = []
    policies: list[str] = []
    if policy.suggest_mdt_request and facts.mdt_in_record.value is not True:
        suggestions.append(_mdt_suggestion(call, facts, policy))
        policies += ["CDS_BRAIN_SUGGEST_MDT_REQUEST", "CDS_BRAIN_MDT_CODE"]
    profile_unknown = choice.row is not None and choice.row.id == "BM-07"
    subject_nl = "Verdenking hersenmetastasen" if facts.suspected_only else "Hersenmetastasen"
    subject_en = "Suspected brain metastases" if facts.suspected_only else "Brain metastases"
    return [
        info_card.card(
            call,
            topic=topic,
            key="patient-view",
            summary_nl=f"{subject_nl}: multidisciplinair behandelbesluit"
            + ("; moleculair profiel onbekend" if profile_unknown else "")
            + " (overzichtsartikel Nervus 2023)",
            summary_en=f"{subject_en}: multidisciplinary treatment decision"
            + ("; molecular profile unknown" if profile_unknown else "")
            + " (review article, Nervus 2023)",
            parts=parts,
            policies=policies,
            missing=facts.missing_data,
            caveat=CAVEAT,
            suggestions=suggestions,
            override_codes=("facts-differ", "clinically-necessary") if suggestions else (),
        )
    ]


def _choice_lines(
    row: Row[BrainFacts] | None,
    undecided: tuple[Row[BrainFacts], ...],
    facts: BrainFacts,
    lang: Language,
) -> list[str | None]:
    lines: list[str | None] = []
    if row is not None:
        lines.append(f"`{row.id}` **{t(lang, row.advice_nl, row.advice_en)}.**")
        if row.id == "BM-06":
            lines.append(weighing_note(facts, lang))
    for open_row in undecided:
        missing = info_card.unknown_facts(as_shown(open_row, facts), facts, LABELS, lang)
        lines.append(
            f"`{open_row.id}` "
            + t(lang, "Als het dossier dit bevestigt: ", "If the record confirms it: ")
            + f"{t(lang, open_row.advice_nl, open_row.advice_en)} "
            + t(lang, f"(onbekend: {missing}).", f"(unknown: {missing}).")
        )
    return lines


def _mdt_suggestion(call: HookCall, facts: BrainFacts, policy: BrainPolicy) -> Suggestion:
    lang = call.language
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "priority": "routine",
        "code": {
            "coding": [
                {
                    "system": policy.mdt_code_system,
                    "code": policy.mdt_code,
                    "display": policy.mdt_display,
                }
            ],
            "text": t(
                lang,
                "Multidisciplinair overleg: behandeling hersenmetastasen",
                "Multidisciplinary meeting: treatment of brain metastases",
            ),
        },
        "subject": suggest.patient_reference(call),
        "authoredOn": call.now.isoformat(timespec="seconds"),
        "reasonReference": [{"reference": e.reference} for e in facts.brain_metastases.evidence],
        "note": [
            {
                "text": t(
                    lang,
                    "BM-01 (Nervus 2023, overzichtsartikel): besluit over systemische en lokale behandeling in multidisciplinair verband.",
                    "BM-01 (Nervus 2023, review article): decide on systemic and local treatment in a multidisciplinary setting.",
                )
            }
        ],
    }
    requester = suggest.requester_reference(call)
    if requester:
        resource["requester"] = requester
    return suggest.create(
        call,
        row_id="BM-01",
        key="mdt",
        label=t(
            lang,
            "Vraag multidisciplinair overleg aan (concept-aanvraag)",
            "Request a multidisciplinary meeting (draft request)",
        ),
        description=t(lang, "Concept-aanvraag MDO (BM-01)", "Draft MDT request (BM-01)"),
        resource=resource,
    )


def _drug(order: dict[str, Any]) -> str:
    concept = order.get("medicationCodeableConcept")
    if isinstance(concept, dict) and isinstance(concept.get("text"), str):
        return str(concept["text"])
    for coding in codings(concept):
        if isinstance(coding.get("display"), str):
            return str(coding["display"])
    return order_reference(order)


def order_cards(call: HookCall, facts: BrainFacts, orders: list[dict[str, Any]]) -> list[Card]:
    """One card per order this topic advises on, for a patient with brain metastases."""
    if not facts.brain_metastases.value:
        return []
    cards: list[Card] = []
    for order in orders:
        with_order = replace(
            facts, order=Fact(True, (Evidence(order_reference(order), order.get("authoredOn")),))
        )
        if read_order(order, _DEXAMETHASONE).member:
            card = _dexamethasone_card(call, with_order, order)
        else:
            card = _systemic_card(call, with_order, order)
        if card is not None:
            cards.append(card)
    return cards


def _dexamethasone_card(call: HookCall, facts: BrainFacts, order: dict[str, Any]) -> Card | None:
    lang = call.language
    decision = decide(DEXAMETHASONE, facts)
    row = decision.row or (decision.undecided[0] if decision.undecided else None)
    if row is None:
        return None  # recorded as asymptomatic: the article says nothing about this order
    parts: list[str | None] = [
        f"**{t(lang, row.advice_nl, row.advice_en)}.**",
        t(
            lang,
            f'Order: {_drug(order)}. Deze kaart stelt bewust geen dosis voor: de bron noemt alleen "de optimale dosis".',
            f'Order: {_drug(order)}. This card deliberately proposes no dose: the source says only "the optimal dose".',
        ),
    ]
    if decision.row is None:
        parts.append(
            "*"
            + t(
                lang,
                "Of de hersenmetastasen symptomatisch zijn, is niet vastgelegd in het dossier; de bron noemt dexamethason bij symptomatische hersenmetastasen.",
                "Whether the brain metastases are symptomatic is not recorded; the source names dexamethasone for symptomatic brain metastases.",
            )
            + "*"
        )
    parts.append(info_card.traces([row], facts, LABELS, lang))
    return info_card.card(
        call,
        topic=row,
        key=order_reference(order),
        summary_nl="Dexamethason bij symptomatische hersenmetastasen: bron noemt geen dosis, doseer volgens lokaal protocol (Nervus 2023)",
        summary_en="Dexamethasone for symptomatic brain metastases: source gives no dose, dose per local protocol (Nervus 2023)",
        parts=parts,
        missing=facts.missing_data,
        caveat=CAVEAT,
    )


def _systemic_card(call: HookCall, facts: BrainFacts, order: dict[str, Any]) -> Card | None:
    lang = call.language
    decision = decide(SYSTEMIC_CHOICE, facts)
    if decision.row is None:
        return None  # nothing the article asks to weigh is established for this order
    row = decision.row
    parts: list[str | None] = [
        findings_block(facts, lang),
        *_choice_lines(row, decision.undecided, facts, lang),
        t(lang, f"Order: {_drug(order)}.", f"Order: {_drug(order)}."),
        info_card.traces([as_shown(row, facts)], facts, LABELS, lang),
    ]
    if row.id == "BM-06" and braf_mutated_melanoma(facts):
        summary = (
            "Hersenmetastasen, BRAF-gemuteerd melanoom: weeg responskans, tijd tot respons en responsduur (Nervus 2023)",
            "Brain metastases, BRAF-mutated melanoma: weigh response rate, time to response and duration (Nervus 2023)",
        )
    elif row.id == "BM-06":  # it rests on a variant recorded in NSCLC
        summary = (
            "Hersenmetastasen, NSCLC met vastgelegde variant: weeg responskans, tijd tot respons en responsduur in het MDO (Nervus 2023)",
            "Brain metastases, NSCLC with a recorded variant: weigh response rate, time to response and duration in the MDT (Nervus 2023)",
        )
    else:
        summary = (
            "Hersenmetastasen: moleculair profiel onbekend, nodig voor de keuze van systemische behandeling (Nervus 2023)",
            "Brain metastases: molecular profile unknown, needed to choose systemic treatment (Nervus 2023)",
        )
    return info_card.card(
        call,
        topic=row,
        key=order_reference(order),
        summary_nl=summary[0],
        summary_en=summary[1],
        parts=parts,
        missing=facts.missing_data,
        caveat=CAVEAT,
    )
