"""patient-view, Diagnostiek: is an MRI of the spine indicated now (SM-D02), and in which window?"""

from __future__ import annotations

from hooks.cards import CardText, rule_card, stable_uuid, when, why_trace
from hooks.rules import Decision, Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.diagnosis.mri_card import (
    ASIA_QUESTION_EN,
    ASIA_QUESTION_NL,
    exception_card,
    planned_window,
)
from hooks.spinal_metastases.diagnosis.mri_question import (
    POLICY_EN,
    POLICY_NL,
    WINDOW_TEXT,
    branch_label,
    open_branches,
    priority_of,
)
from hooks.spinal_metastases.diagnosis.mri_urgency import (
    INSTRUCTION_EN,
    INSTRUCTION_NL,
    MRI_EXCEPTION,
    MRI_URGENCY,
    WINDOWS,
)
from hooks.spinal_metastases.diagnosis.work_up import (
    MRI_INDICATION,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.patient_view_parts import (
    common_args,
    create_suggestion,
    describe,
)
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.steroid_cards import (
    reason_references,
)
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Suggestion


def mri_indication_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
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
    suggestion = create_suggestion(
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
                **common_args(facts),
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
            **common_args(facts),
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
                actions=(Action(type="create", description=describe(resource), resource=resource),),
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
        **common_args(facts),
    )
