"""The time-to-therapy card on patient-view (SM-TT24h/72h/7d/14d).

Shown after the definitive diagnosis of spinal metastases while no start of radiotherapy or
surgery after that diagnosis is recorded, and not for a diagnosis older than the local-policy
look-back (the therapy question then belongs to an earlier episode). The deadline counts from
the definitive diagnosis; when a fact that decides the window is unknown, the card plans the
most urgent window still possible (local policy `CDS_SPINE_UNKNOWN_WINDOW`) and lists the
branches.
"""

from __future__ import annotations

from datetime import timedelta

from hooks.cards import branches, t, when
from hooks.rules import decide
from hooks.spinal_metastases.card_parts import compose
from hooks.spinal_metastases.facts import SpineFacts
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.time_to_therapy import (
    TIME_TO_THERAPY,
    WINDOWS,
    slow_deficit_unable_to_walk,
)
from service.cds.contract import HookCall
from service.cds.models import Card

_WINDOW_TEXT = {
    "SM-TT24h": ("24 uur", "24 hours"),
    "SM-TT72h": ("72 uur", "72 hours"),
    "SM-TT7d": ("7 dagen", "7 days"),
    "SM-TT14d": ("14 dagen", "14 days"),
}


def time_to_therapy_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    diagnosis = facts.definitive_diagnosis_at.value
    if facts.spinal_metastasis_proven.value is not True or diagnosis is None:
        return []
    if diagnosis < call.now - timedelta(days=policy.time_to_therapy_lookback_d):
        return []
    started = facts.last_treatment_at.value
    if started is not None and started >= diagnosis:
        return []
    decision = decide(TIME_TO_THERAPY, facts)
    planned = decision.row
    if policy.unknown_window == "most-urgent-possible" and decision.undecided:
        planned = decision.undecided[0]
    if planned is None and not decision.undecided:
        return []
    language, tz = call.language, policy.display_timezone
    policies: list[str] = []
    gap_rows = {"SM-TT24h", "SM-TT72h"}
    if slow_deficit_unable_to_walk(facts) is not False and planned and planned.id in gap_rows:
        policies.append("CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT")
    parts: list[str] = []
    if planned is not None:
        deadline = diagnosis + WINDOWS[planned.id]
        escalated = planned is not decision.row
        if escalated:
            policies.append("CDS_SPINE_UNKNOWN_WINDOW")
        window_nl, window_en = _WINDOW_TEXT[planned.id]
        overdue = deadline < call.now
        summary = (
            f"Start therapie binnen {window_nl} na de diagnose: uiterlijk {when(deadline, tz, 'nl', call.now)}"
            + (" (verstreken)" if overdue else "")
            + (", gegevens onvolledig" if escalated else ""),
            f"Start therapy within {window_en} of diagnosis: by {when(deadline, tz, 'en', call.now)}"
            + (" (passed)" if overdue else "")
            + (", facts incomplete" if escalated else ""),
        )
        parts.append(
            f"**{t(language, planned.advice_nl, planned.advice_en)}.** "
            + t(
                language,
                f"Uiterlijk {when(deadline, tz, 'nl', call.now)} (definitieve diagnose {when(diagnosis, tz, 'nl')}).",
                f"By {when(deadline, tz, 'en', call.now)} (definitive diagnosis {when(diagnosis, tz, 'en')}).",
            )
        )
    else:
        summary = (
            "Termijn tot start therapie onbekend: beslissende gegevens ontbreken",
            "Time to therapy unknown: deciding facts are missing",
        )
    if decision.undecided:
        parts.append(branches(decision.undecided, facts, LABELS, language, decision.row))
    if slow_deficit_unable_to_walk(facts) is True and planned is not None:
        # The quoted sentence is that of the window local policy chose; say that it is a choice.
        parts.append(
            t(
                language,
                f"*Langzaam progressieve uitval (> 7 dagen) bij een patiënt die niet meer zelfstandig loopt valt buiten SM-TT24h en SM-TT72h; lokaal beleid kiest hier {_WINDOW_TEXT[planned.id][0]}.*",
                f"*A slowly progressive deficit (> 7 days) in a patient who can no longer walk independently falls outside SM-TT24h and SM-TT72h; local policy chooses {_WINDOW_TEXT[planned.id][1]} here.*",
            )
        )
    parts.append(
        t(
            language,
            "Geen start van radiotherapie of operatie na de diagnose vastgelegd.",
            "No start of radiotherapy or surgery after the diagnosis is recorded.",
        )
    )
    row = planned or decision.undecided[0]
    overdue_now = planned is not None and diagnosis + WINDOWS[planned.id] < call.now
    return [
        compose(
            call,
            facts,
            row,
            summary,
            parts,
            tz=tz,
            trace=decision.row or row,
            policies=policies,
            ask=bool(decision.undecided),
            key="time-to-therapy",
            indicator="warning" if overdue_now and row.indicator == "info" else None,
        )
    ]
