"""The MRI-urgency card for an MRI of the spine in the draft orders (SM-MRI-*, SM-MRI-P, SM-D03).

The window is the shortest that applies. When a fact that decides the window is unknown, the
headline and the order update use the most urgent window still possible (local policy
`unknown_window`), and the detail names the missing facts and lists every branch.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime, timedelta
from typing import Any

from hooks.cards import (
    branched,
    branches,
    card_source,
    fingerprint,
    guideline_link,
    local_policy_line,
    missing_data_line,
    stable_uuid,
    strength_line,
    t,
    when,
    why_trace,
)
from hooks.facts import unknown
from hooks.fhir_lean import parse_datetime
from hooks.orders import is_less_urgent, order_reference, with_deadline
from hooks.override_reasons import reasons
from hooks.rules import Decision, Row, decide
from hooks.spinal_metastases.diagnosis.mri_question import (
    PRIORITY_LABEL,
    WINDOW_TEXT,
    priority_of,
    question_card,
)
from hooks.spinal_metastases.diagnosis.mri_urgency import (
    INSTRUCTION_EN,
    INSTRUCTION_NL,
    MRI_EXCEPTION,
    MRI_URGENCY,
    PROTOCOL_EN,
    PROTOCOL_NL,
    WINDOWS,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall
from service.cds.models import Action, Card, Link, Suggestion

ASIA_QUESTION_NL = "Bestaat er een complete dwarslaesie (ASIA A) die bij eerste presentatie al langer dan 48 uur bestond? Dan is er geen reden meer voor spoeddiagnostiek (SM-MRI-ASIA-A)."
ASIA_QUESTION_EN = "Is there a complete transverse lesion (ASIA A) that had existed for more than 48 hours at first presentation? Then there is no longer a reason for emergency diagnostics (SM-MRI-ASIA-A)."


def in_scope(facts: SpineFacts) -> bool:
    """An MRI of the spine for a patient with (suspected) spinal metastases or a known cancer."""
    return bool(
        facts.spinal_metastasis_suspected.value
        or facts.known_primary.value
        or facts.mescc_clinical_suspicion.value
    )


def mri_cards(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], policy: SpinePolicy
) -> list[Card]:
    """One card for one MRI order: its window, deadline, protocol and, if needed, an update."""
    decision = decide(MRI_URGENCY, facts)
    planned = _planned_row(decision, policy)
    if planned is None and not decision.undecided:
        return []  # no window of the guideline applies to the recorded complaints
    if planned is None and policy.unknown_window == "ask":
        exception = decide(MRI_EXCEPTION, facts)
        if exception.row is not None:
            return [exception_card(call, facts, exception.row, policy)]
        return [question_card(call, facts, order, decision, policy)]
    language = call.language
    if planned is not None and planned.id in ("SM-MRI-12h", "SM-MRI-24h"):
        exception = decide(MRI_EXCEPTION, facts)
        if exception.row is not None:
            return [exception_card(call, facts, exception.row, policy)]
        exception_open = bool(exception.undecided)
    else:
        exception_open = False
    t0, t0_policy = _t0(call.now, planned, facts, policy)
    parts: list[str] = []
    policies = ["CDS_SPINE_MRI_T0"]
    suggestions: tuple[Suggestion, ...] | None = None
    if planned is not None:
        deadline = t0 + WINDOWS[planned.id]
        # A window that has already run out is due now: never propose an end in the past.
        due = max(deadline, call.now)
        priority = priority_of(planned.id, policy)
        policies.append(f"CDS_SPINE_PRIORITY_{planned.id.removeprefix('SM-MRI-').upper()}")
        escalated = planned is not decision.row
        window_nl, window_en = WINDOW_TEXT[planned.id]
        overdue = deadline < call.now
        summary = t(
            language,
            f"MRI wervelkolom binnen {window_nl}: "
            + (
                f"termijn verstreken ({when(deadline, policy.display_timezone, 'nl', call.now)}), nu"
                if overdue
                else f"uiterlijk {when(due, policy.display_timezone, 'nl', call.now)}"
            )
            + (", gegevens onvolledig" if escalated else ""),
            f"Spine MRI within {window_en}: "
            + (
                f"deadline passed ({when(deadline, policy.display_timezone, 'en', call.now)}), now"
                if overdue
                else f"by {when(due, policy.display_timezone, 'en', call.now)}"
            )
            + (", facts incomplete" if escalated else ""),
        )
        parts.append(
            f"**{t(language, planned.advice_nl, planned.advice_en)}.** "
            + t(
                language,
                f"Uiterlijk {when(due, policy.display_timezone, 'nl', call.now)} ({t0_policy[0]}).",
                f"By {when(due, policy.display_timezone, 'en', call.now)} ({t0_policy[1]}).",
            )
        )
        if escalated:
            policies.append("CDS_SPINE_UNKNOWN_WINDOW")
        if is_less_urgent(order, priority, due):
            suggestions = (_update_suggestion(call, order, planned, priority, t0, due, policy),)
    else:
        summary = t(
            language,
            "MRI wervelkolom: termijn onbekend, beslissende gegevens ontbreken",
            "Spine MRI: window unknown, deciding facts are missing",
        )
    if decision.undecided:
        parts.append(branches(decision.undecided, facts, LABELS, language, decision.row))
    if exception_open:
        parts.append(t(language, ASIA_QUESTION_NL, ASIA_QUESTION_EN))
    parts.append(t(language, PROTOCOL_NL, PROTOCOL_EN))
    parts.append(t(language, INSTRUCTION_NL, INSTRUCTION_EN))
    trace_row = decision.row or planned or decision.undecided[0]
    parts.append(why_trace(trace_row, facts, LABELS, language, policy.display_timezone))
    parts += [
        line
        for line in (
            local_policy_line(policies, language),
            missing_data_line(
                facts.missing_data,
                language,
                facts.skipped_malformed,
                facts.unrecognised_answers,
            ),
            strength_line(trace_row.source, language),
        )
        if line
    ]
    row_for_source = planned or decision.undecided[0]
    links: list[Link] = [
        link for link in (guideline_link(row_for_source.source, language),) if link
    ]
    return [
        Card(
            uuid=stable_uuid(call.request.hook_instance, row_for_source.id, order_reference(order)),
            summary=summary,
            detail="\n\n".join(parts),
            indicator=row_for_source.indicator,
            source=card_source(
                row_for_source.id,
                row_for_source.advice_en,
                row_for_source.source,
                call.canonical_base,
            ),
            suggestions=branched(suggestions or (), row_for_source.id) or None,
            selection_behavior="at-most-one" if suggestions else None,
            override_reasons=reasons(
                call.canonical_base,
                language,
                "adequate-imaging-available",
                "facts-differ",
                "clinically-necessary",
            ),
            links=tuple(links),
        ).with_facts_hash(fingerprint(row_for_source.facts, facts))
    ]


def planned_window(
    call: HookCall, facts: SpineFacts, policy: SpinePolicy
) -> tuple[Row[SpineFacts], str, datetime, datetime] | None:
    """The MRI window to plan for (row, priority, t0, deadline), or None when none applies.

    A deadline that has passed is now: a proposal never asks for an MRI in the past.
    """
    planned = _planned_row(decide(MRI_URGENCY, facts), policy)
    if planned is None:
        return None
    t0, _ = _t0(call.now, planned, facts, policy)
    return planned, priority_of(planned.id, policy), t0, max(t0 + WINDOWS[planned.id], call.now)


def _planned_row(decision: Decision[SpineFacts], policy: SpinePolicy) -> Row[SpineFacts] | None:
    """The winner, or under the conservative policy the most urgent row still possible."""
    if policy.unknown_window == "most-urgent-possible" and decision.undecided:
        return decision.undecided[0]
    return decision.row


def _t0(
    now: datetime, row: Row[SpineFacts] | None, facts: SpineFacts, policy: SpinePolicy
) -> tuple[datetime, tuple[str, str]]:
    """The start of the window: when the record dates the deciding symptom, else the call."""
    if policy.mri_t0 == "symptom-record-date" and row is not None:
        # A row planned for without holding is dated only by records as fresh as the answers
        # that decide it: an old record of a complaint that did not fire it dates nothing.
        oldest = None if row.when(facts) is True else now - timedelta(hours=policy.answer_max_age_h)
        dated = [
            d
            for name in decisive_facts(row, facts)
            for e in getattr(facts, name).evidence
            if (d := parse_datetime(e.date)) is not None
            and d <= now
            and (oldest is None or d >= oldest)
        ]
        if dated:
            return min(dated), (
                "gerekend vanaf de registratie van de klacht",
                "counted from when the complaint was recorded",
            )
    return now, ("gerekend vanaf nu", "counted from now")


def decisive_facts(row: Row[SpineFacts], facts: SpineFacts) -> tuple[str, ...]:
    """The facts that date the row's complaint: each that suffices alone, and each it needs.

    Only these date the complaint. A fact the row reads that did not fire it (an old unilateral
    radiculopathy beside today's MESCC suspicion) must not move the deadline back by years.
    """
    names = [n for n in row.facts if n in _FIELDS and getattr(facts, n).known]
    if row.when(facts) is not True:
        # An undecided row planned for (unknown onset): what is known of it is consistent with
        # it, and the earliest recent record gives the earliest, most cautious deadline.
        return tuple(names)
    sufficient = [n for n in names if row.when(_without(facts, [o for o in names if o != n]))]
    necessary = [n for n in names if row.when(_without(facts, [n])) is not True]
    return tuple(dict.fromkeys([*sufficient, *necessary]))


def _without(facts: SpineFacts, names: list[str]) -> SpineFacts:
    """The same case with these facts unknown."""
    changes: dict[str, Any] = {name: unknown() for name in names}
    return replace(facts, **changes)


_FIELDS = frozenset(f.name for f in fields(SpineFacts))


def _update_suggestion(
    call: HookCall,
    order: dict[str, Any],
    row: Row[SpineFacts],
    priority: str,
    t0: datetime,
    deadline: datetime,
    policy: SpinePolicy,
) -> Suggestion:
    language, tz = call.language, policy.display_timezone
    return Suggestion(
        label=t(
            language,
            f"Pas de MRI-aanvraag aan: {PRIORITY_LABEL[priority][0]}, uiterlijk {when(deadline, tz, 'nl', call.now)}",
            f"Update the MRI order: {PRIORITY_LABEL[priority][1]}, by {when(deadline, tz, 'en', call.now)}",
        ),
        uuid=stable_uuid(call.request.hook_instance, row.id, order_reference(order), "update"),
        is_recommended=True,
        actions=(
            Action(
                type="update",
                description=t(
                    language,
                    f"Prioriteit en uiterste datum volgens {row.id}",
                    f"Priority and deadline per {row.id}",
                ),
                resource=with_deadline(order, priority, t0, deadline),
            ),
        ),
    )


def exception_card(
    call: HookCall, facts: SpineFacts, row: Row[SpineFacts], policy: SpinePolicy
) -> Card:
    """SM-MRI-ASIA-A: no emergency MRI, on an MRI order and on patient-view alike."""
    language = call.language
    detail = "\n\n".join(
        [
            f"**{t(language, row.advice_nl, row.advice_en)}.**",
            t(language, PROTOCOL_NL, PROTOCOL_EN),
            t(language, INSTRUCTION_NL, INSTRUCTION_EN),
            why_trace(row, facts, LABELS, language, policy.display_timezone),
            strength_line(row.source, language),
        ]
    )
    link = guideline_link(row.source, language)
    return Card(
        uuid=stable_uuid(call.request.hook_instance, row.id),
        summary=t(
            language,
            "Geen spoed-MRI nodig: complete dwarslaesie (ASIA A) bestond al > 48 uur bij presentatie",
            "No emergency MRI needed: complete lesion (ASIA A) existed > 48 h at presentation",
        ),
        detail=detail,
        indicator="info",
        source=card_source(row.id, row.advice_en, row.source, call.canonical_base),
        links=(link,) if link else None,
    )
