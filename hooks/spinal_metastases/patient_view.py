"""patient-view: the recommendations that apply now, for a patient in this guideline's scope.

In scope: a known cancer with a suspected or proven spinal metastasis or MESCC, or suspected
spinal metastases of unknown origin. Outside that scope: no card at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hooks.cards import CardText, rule_card, stable_uuid, t, when, why_trace
from hooks.fhir_lean import parse_datetime
from hooks.rules import Decision, Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.corticosteroids import (
    BIOPSY_FIRST,
    PAIN_FLARE,
    START_DEXAMETHASONE,
    TAPER,
)
from hooks.spinal_metastases.diagnostics import (
    BIOPSY_TIMING,
    BIOPSY_WINDOWS,
    DECOMPRESSION,
    MRI_INDICATION,
    STAGING,
    SURGICAL_WORKUP,
    unknown_origin,
)
from hooks.spinal_metastases.facts import SpineFacts
from hooks.spinal_metastases.follow_up_cards import routine_chart
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.mri_card import (
    ASIA_QUESTION_EN,
    ASIA_QUESTION_NL,
    exception_card,
    planned_window,
)
from hooks.spinal_metastases.mri_question import (
    POLICY_EN,
    POLICY_NL,
    WINDOW_TEXT,
    branch_label,
    open_branches,
    priority_of,
)
from hooks.spinal_metastases.mri_urgency import (
    INSTRUCTION_EN,
    INSTRUCTION_NL,
    MRI_EXCEPTION,
    MRI_URGENCY,
    WINDOWS,
)
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.site_question import site_question_card
from hooks.spinal_metastases.steroid_cards import (
    biopsy_first_card,
    gastric_protection_cards,
    reason_references,
    withhold_row,
)
from hooks.spinal_metastases.treatment_view import treatment_view_cards
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Suggestion


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
        *_mri_indication(call, facts, policy),
        *_unknown_primary(call, facts, policy),
        *_surgical_workup(call, facts, policy),
        *_corticosteroids(call, facts, policy),
        *treatment_view_cards(call, facts, policy),
    ]
    order = {"critical": 0, "warning": 1, "info": 2}
    return sorted(cards, key=lambda c: order[c.indicator])


def _common(facts: SpineFacts, **extra: Any) -> dict[str, Any]:
    return {
        "missing": facts.missing_data,
        "skipped": facts.skipped_malformed,
        "unrecognised": facts.unrecognised_answers,
        **extra,
    }


def _create(
    call: HookCall, rule: str, label: CardText, resources: list[dict[str, Any]], key: str = ""
) -> Suggestion:
    return Suggestion(
        label=t(call.language, label.nl, label.en),
        uuid=stable_uuid(call.request.hook_instance, rule, key, "create"),
        is_recommended=True,
        actions=tuple(
            Action(type="create", description=_describe(r), resource=r) for r in resources
        ),
    )


def _describe(resource: dict[str, Any]) -> str:
    concept = resource.get("code") or resource.get("medicationCodeableConcept") or {}
    return str(concept.get("text", resource["resourceType"]))


def _mri_indication(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-D02 with the SM-MRI-* window: an MRI is proposed unless one is in the record.

    SM-D02 presupposes "een klinische verdenking op wervelmetastasen": a known, stable
    metastasis (confirmed before the recent-MRI window, or imaged since) without a recorded
    complaint is follow-up (SM-FU01), not a reason to propose an MRI (`CDS_SPINE_ROUTINE_CARDS`).
    """
    if policy.routine_cards == "one-info" and facts.recorded_suspicion.value is not True:
        return []
    decision = decide(MRI_INDICATION, facts)
    row = decision.row or (decision.undecided[0] if decision.undecided else None)
    if row is None:
        return []
    window = planned_window(call, facts, policy)
    if window is None:
        urgency = decide(MRI_URGENCY, facts)
        if policy.unknown_window == "ask" and urgency.undecided:
            return [_mri_indication_question(call, facts, row, decision, urgency, policy)]
        return []
    window_row, priority, t0, deadline = window
    holds = decide(MRI_URGENCY, facts).row is window_row
    urgent = holds and window_row.indicator == "critical"
    exception_open = False
    if urgent:
        # A complete lesion (ASIA A) of more than 48 h at first presentation: no emergency work-up.
        exception = decide(MRI_EXCEPTION, facts)
        if exception.row is not None:
            return [exception_card(call, facts, exception.row, policy)]
        exception_open = bool(exception.undecided)
    resource = proposals.mri(call, window_row.id, priority, t0, deadline, reason_references(facts))
    suggestion = _create(
        call,
        "SM-D02",
        CardText(
            f"Vraag MRI wervelkolom aan ({window_row.id})", f"Order spine MRI ({window_row.id})"
        ),
        [resource],
    )
    assumed = not holds
    extra = [
        CardText(
            f"Termijn: {window_row.advice_nl} ({window_row.id})."
            + (
                " Dit is het meest urgente venster dat nog mogelijk is: de klachten die de termijn bepalen zijn niet (alle) vastgelegd (lokaal beleid: onbekende klachten → meest urgente termijn). Leg ze vast in de vragenlijst voor de juiste termijn."
                if assumed
                else ""
            ),
            f"Window: {window_row.advice_en} ({window_row.id})."
            + (
                " This is the most urgent window still possible: the complaints that decide the window are not (all) recorded (local policy: unknown complaints → the most urgent window). Record them in the questionnaire for the right window."
                if assumed
                else ""
            ),
        ),
        *([CardText(ASIA_QUESTION_NL, ASIA_QUESTION_EN)] if exception_open else []),
        CardText(INSTRUCTION_NL, INSTRUCTION_EN),
    ]
    policies = ("CDS_SPINE_UNKNOWN_WINDOW", "CDS_SPINE_MRI_T0", "CDS_SPINE_RECENT_MRI_DAYS")
    # SM-D02 is never decided "yes": no MRI on record is unknown, not "no". Once the cancer is on
    # record (a known primary, or the spinal metastasis itself) and a recorded fact makes the
    # window hold, the card is that window's: a suspected MESCC is a critical SM-MRI-12h card,
    # not the warning of SM-D02 alone (issue item 4).
    cancer = facts.known_primary.value is True or facts.spinal_metastasis_radiological.value is True
    if holds and cancer:
        tz = policy.display_timezone
        window_nl, window_en = WINDOW_TEXT[window_row.id]
        indication = [
            CardText(
                f"{row.advice_nl} (SM-D02): geen recente MRI gevonden.",
                f"{row.advice_en} (SM-D02): no recent MRI in the record.",
            ),
            *extra[1:],
            CardText(
                why_trace(row, facts, LABELS, "nl", tz), why_trace(row, facts, LABELS, "en", tz)
            ),
        ]
        summary = CardText(
            f"MRI binnen {window_nl} (wervelkolom): uiterlijk {when(deadline, tz, 'nl', call.now)}; geen recente MRI gevonden",
            f"MRI within {window_en} (spine): by {when(deadline, tz, 'en', call.now)}; no recent MRI in the record",
        )
        return [
            rule_card(
                call,
                window_row,
                facts,
                LABELS,
                tz,
                summary,
                extra=indication,
                suggestions=(suggestion,),
                override_codes=("adequate-imaging-available", "facts-differ"),
                policies=policies[1:],
                key="SM-D02",
                **_common(facts),
            )
        ]
    summary = CardText(
        "MRI wervelkolom nodig tenzij adequate beeldvorming bestaat; geen recente MRI gevonden",
        "Spine MRI needed unless adequate imaging exists; no recent MRI in the record",
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
            extra=extra,
            suggestions=(suggestion,),
            override_codes=("adequate-imaging-available", "facts-differ"),
            policies=policies,
            **_common(facts),
        )
    ]


def _mri_indication_question(
    call: HookCall,
    facts: SpineFacts,
    row: Row[SpineFacts],
    decision: Decision[SpineFacts],
    urgency: Decision[SpineFacts],
    policy: SpinePolicy,
) -> Card:
    """SM-D02 with the window undecided: the MRI per complaint, one suggestion per branch."""
    references = reason_references(facts)
    suggestions = []
    for branch in open_branches(urgency, facts):
        priority = priority_of(branch.row_id, policy)
        deadline = call.now + WINDOWS[branch.row_id]
        resource = proposals.mri(call, branch.row_id, priority, call.now, deadline, references)
        suggestions.append(
            Suggestion(
                label=branch_label(branch, policy, call.language),
                uuid=stable_uuid(call.request.hook_instance, "SM-D02", branch.key, "create"),
                is_recommended=False,
                actions=(
                    Action(type="create", description=_describe(resource), resource=resource),
                ),
            )
        )
    summary = CardText(
        "MRI wervelkolom nodig tenzij adequate beeldvorming bestaat; termijn hangt af van de klacht",
        "Spine MRI needed unless adequate imaging exists; the window depends on the complaint",
    )
    extra = [
        CardText(
            "**Welke klacht heeft de patiënt?** De termijn van de MRI hangt af van de klacht; kies hieronder de klacht voor de aanvraag met de bijbehorende prioriteit en uiterste datum ("
            + POLICY_NL
            + ").",
            "**Which complaint does the patient have?** The MRI window depends on the complaint; pick it below for the order with its priority and deadline ("
            + POLICY_EN
            + ").",
        ),
        CardText(INSTRUCTION_NL, INSTRUCTION_EN),
    ]
    # SM-D02 is a warning row: a question with a recorded suspicion, never critical.
    return rule_card(
        call,
        row,
        facts,
        LABELS,
        policy.display_timezone,
        summary,
        decided=decision.row is not None,
        extra=extra,
        suggestions=tuple(suggestions),
        override_codes=("adequate-imaging-available", "facts-differ"),
        policies=("CDS_SPINE_RECENT_MRI_DAYS",),
        **_common(facts),
    )


def _suspicion_date(facts: SpineFacts, now: datetime) -> datetime:
    """The probable diagnosis: when the suspicion was recorded, else now."""
    dates = [
        d
        for e in facts.spinal_metastasis_suspected.evidence
        if (d := parse_datetime(e.date)) is not None and d <= now
    ]
    return min(dates) if dates else now


def _unknown_primary(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-DX02 staging CT, SM-DX03/04 biopsy timing, SM-DX05 decompression, SM-CS01 warning."""
    if unknown_origin(facts) is not True:
        first = decide(BIOPSY_FIRST, facts)
        withhold = withhold_row(first, facts, policy)
        if withhold is not None:
            # Unknown primary with a suspected haematological malignancy: SM-CS01 alone.
            return [biopsy_first_card(call, facts, withhold, policy)]
        if first.undecided and facts.known_primary.value is not True:
            summary = (
                CardText(
                    "Primaire tumor niet vastgelegd: bij onbekende primaire tumor eerst biopt, geen corticosteroïden",
                    "Primary tumour not recorded: if unknown, biopsy before any corticosteroid",
                )
                if facts.known_primary.value is None
                else CardText(
                    "Primaire tumor onbekend: bij radiologische verdenking eerst biopt, geen corticosteroïden",
                    "Primary tumour unknown: with radiological suspicion, biopsy before any corticosteroid",
                )
            )
            return [
                rule_card(
                    call,
                    first.undecided[0],
                    facts,
                    LABELS,
                    policy.display_timezone,
                    summary,
                    decided=False,
                    override_codes=("biopsy-already-done", "facts-differ"),
                    indicator="warning",
                    **_common(facts),
                )
            ]
        return []
    tz = policy.display_timezone
    reasons = reason_references(facts)
    cards: list[Card] = []
    staging = decide(STAGING, facts).row
    if staging is not None:
        ct = _create(
            call,
            staging.id,
            CardText(
                "Vraag met spoed CT/PET-CT thorax-abdomen-bekken aan",
                "Order urgent CT/PET-CT of thorax, abdomen and pelvis",
            ),
            [proposals.staging_ct(call, policy, reasons)],
        )
        cards.append(
            rule_card(
                call,
                staging,
                facts,
                LABELS,
                tz,
                CardText(
                    "Onbekende primaire tumor: met spoed CT of PET-CT thorax, abdomen en bekken",
                    "Unknown primary: urgent CT or PET-CT of thorax, abdomen and pelvis",
                ),
                suggestions=(ct,),
                policies=("CDS_SPINE_PRIORITY_STAGING_CT",),
                **_common(facts),
            )
        )
    cards += _biopsy(call, facts, policy, decide(BIOPSY_TIMING, facts), reasons)
    withhold = withhold_row(decide(BIOPSY_FIRST, facts), facts, policy)
    if withhold is not None:
        cards.append(biopsy_first_card(call, facts, withhold, policy))
    decompression = decide(DECOMPRESSION, facts).row
    if decompression is not None:
        cards.append(
            rule_card(
                call,
                decompression,
                facts,
                LABELS,
                tz,
                CardText(
                    "Progressieve uitval ondanks corticosteroïden: overweeg direct decomprimerende operatie",
                    "Progressive deficit despite corticosteroids: consider immediate decompression",
                ),
                **_common(facts),
            )
        )
    return cards


def _biopsy(
    call: HookCall,
    facts: SpineFacts,
    policy: SpinePolicy,
    decision: Decision[SpineFacts],
    reasons: list[str],
) -> list[Card]:
    planned: Row[SpineFacts] | None = decision.row
    if policy.unknown_window == "most-urgent-possible" and decision.undecided:
        planned = decision.undecided[0]
    if planned is None and policy.unknown_window == "ask" and decision.undecided:
        return [_biopsy_question(call, facts, policy, decision, reasons)]
    if planned is None:
        return []
    start = _suspicion_date(facts, call.now)
    deadline = start + BIOPSY_WINDOWS[planned.id]
    priority = policy.priority_biopsy_1d if planned.id == "SM-DX04" else policy.priority_biopsy_1w
    when_nl, when_en = ("1 dag", "1 day") if planned.id == "SM-DX04" else ("1 week", "1 week")
    suggestion = _create(
        call,
        planned.id,
        CardText(f"Vraag biopt aan (binnen {when_nl})", f"Order biopsy (within {when_en})"),
        [proposals.biopsy(call, planned.id, priority, start, deadline, reasons)],
    )
    unsure_nl, unsure_en = (
        ("", "") if decision.row is not None else (", gegevens onvolledig", ", facts incomplete")
    )
    summary = CardText(
        f"Onbekende primaire tumor: weefsel (biopt) binnen {when_nl}, vóór behandeling{unsure_nl}",
        f"Unknown primary: tissue (biopsy) within {when_en}, before treatment{unsure_en}",
    )
    policies = ("CDS_SPINE_PRIORITY_BIOPSY_1D", "CDS_SPINE_PRIORITY_BIOPSY_1W") + (
        ("CDS_SPINE_UNKNOWN_WINDOW",) if decision.row is None else ()
    )
    return [
        rule_card(
            call,
            planned,
            facts,
            LABELS,
            policy.display_timezone,
            summary,
            decided=decision.row is not None,
            suggestions=(suggestion,),
            override_codes=("biopsy-already-done", "facts-differ"),
            policies=policies,
            **_common(facts),
        )
    ]


def _biopsy_question(
    call: HookCall,
    facts: SpineFacts,
    policy: SpinePolicy,
    decision: Decision[SpineFacts],
    reasons: list[str],
) -> Card:
    """SM-DX03/04 with MESCC unknown: is there MESCC? One biopsy order per answer, none pre-chosen."""
    start = _suspicion_date(facts, call.now)
    suggestions = []
    for row in decision.undecided:
        mescc = row.id == "SM-DX04"
        priority = policy.priority_biopsy_1d if mescc else policy.priority_biopsy_1w
        deadline = start + BIOPSY_WINDOWS[row.id]
        resource = proposals.biopsy(call, row.id, priority, start, deadline, reasons)
        label = (
            CardText(
                "MESMC (klinisch of radiologisch) → biopt binnen 1 dag",
                "MESCC (clinical or radiological) → biopsy within 1 day",
            )
            if mescc
            else CardText("Geen MESMC → biopt binnen 1 week", "No MESCC → biopsy within 1 week")
        )
        suggestions.append(
            Suggestion(
                label=t(call.language, label.nl, label.en),
                uuid=stable_uuid(call.request.hook_instance, row.id, "create"),
                is_recommended=False,
                actions=(
                    Action(type="create", description=_describe(resource), resource=resource),
                ),
            )
        )
    card = rule_card(
        call,
        decision.undecided[0],
        facts,
        LABELS,
        policy.display_timezone,
        CardText(
            "Onbekende primaire tumor: biopt vóór behandeling — binnen 1 dag bij MESMC, anders 1 week",
            "Unknown primary: biopsy before treatment — within 1 day with MESCC, else 1 week",
        ),
        decided=False,
        suggestions=tuple(suggestions),
        override_codes=("biopsy-already-done", "facts-differ"),
        policies=("CDS_SPINE_PRIORITY_BIOPSY_1D", "CDS_SPINE_PRIORITY_BIOPSY_1W"),
        indicator="warning",
        **_common(facts),
    )
    return card


def _surgical_workup(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-DX01: without a recent CT in the record the need is shown, never assumed away."""
    decision = decide(SURGICAL_WORKUP, facts)
    row = decision.row or (
        decision.undecided[0] if decision.undecided and facts.surgical_candidate.value else None
    )
    if row is None:
        return []
    suggestion = _create(
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
            **_common(facts),
        )
    ]


def _corticosteroids(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
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
        suggestion = _create(
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
                **_common(facts),
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
                **_common(facts),
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
                **_common(facts),
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
                **_common(facts),
            )
        )
    return cards
