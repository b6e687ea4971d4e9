"""patient-view, Diagnostiek bij onbekende primaire tumor: staging (SM-DX02) and the biopsy (SM-DX03/04)."""

from __future__ import annotations

from hooks.cards import CardText, rule_card, stable_uuid, t
from hooks.rules import Decision, Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.diagnosis.work_up import (
    BIOPSY_TIMING,
    BIOPSY_WINDOWS,
    DECOMPRESSION,
    STAGING,
    unknown_origin,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.patient_view_parts import (
    common_args,
    create_suggestion,
    describe,
    suspicion_date,
)
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.corticosteroids import (
    BIOPSY_FIRST,
)
from hooks.spinal_metastases.treatment.steroid_cards import (
    biopsy_first_card,
    reason_references,
    withhold_row,
)
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Suggestion


def unknown_primary_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
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
                    **common_args(facts),
                )
            ]
        return []
    tz = policy.display_timezone
    reasons = reason_references(facts)
    cards: list[Card] = []
    staging = decide(STAGING, facts).row
    if staging is not None:
        ct = create_suggestion(
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
                **common_args(facts),
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
                **common_args(facts),
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
    start = suspicion_date(facts, call.now)
    deadline = start + BIOPSY_WINDOWS[planned.id]
    priority = policy.priority_biopsy_1d if planned.id == "SM-DX04" else policy.priority_biopsy_1w
    when_nl, when_en = ("1 dag", "1 day") if planned.id == "SM-DX04" else ("1 week", "1 week")
    suggestion = create_suggestion(
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
            **common_args(facts),
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
    start = suspicion_date(facts, call.now)
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
                actions=(Action(type="create", description=describe(resource), resource=resource),),
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
        **common_args(facts),
    )
    return card
