"""The time-to-therapy card on patient-view (SM-TT24h/72h/7d/14d).

Only when it applies: after a recorded definitive diagnosis of spinal metastases or MESCC,
within the local-policy look-back, while no start of radiotherapy or surgery after that
diagnosis is recorded. Never in the unknown-origin work-up before histology (the biopsy of
SM-DX03/04 comes first: a deadline then contradicts it), and never from an onset date (the
facts date a Condition's diagnosis by its `recordedDate`). Whether running systemic therapy
counts as started therapy is local policy (`CDS_SPINE_SYSTEMIC_THERAPY_COUNTS_AS_STARTED`);
by default the card asks.

The deadline counts from the definitive diagnosis. When a fact that decides the window is
unknown, the card asks which complaint applies (default `CDS_SPINE_UNKNOWN_WINDOW=ask`):
no deadline, `warning` with a recorded suspicion, else `info`, never `critical`; only
`most-urgent-possible` plans the most urgent window still possible. A critical card needs
recorded facts that make SM-TT24h hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hooks.cards import branches, t, when
from hooks.rules import Decision, Indicator, Row, decide
from hooks.spinal_metastases.card_parts import compose
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.time_to_therapy import (
    TIME_TO_THERAPY,
    WINDOWS,
    slow_deficit_unable_to_walk,
)
from service.cds.contract import HookCall, Language
from service.cds.models import Card

_WINDOW_TEXT = {
    "SM-TT24h": ("24 uur", "24 hours"),
    "SM-TT72h": ("72 uur", "72 hours"),
    "SM-TT7d": ("7 dagen", "7 days"),
    "SM-TT14d": ("14 dagen", "14 days"),
}
SYSTEMIC_SETTING = "CDS_SPINE_SYSTEMIC_THERAPY_COUNTS_AS_STARTED"
_NOT_STARTED = (
    "Geen start van radiotherapie of operatie na de diagnose vastgelegd.",
    "No start of radiotherapy or surgery after the diagnosis is recorded.",
)


def definitive_diagnosis(facts: SpineFacts) -> bool:
    """A definitive diagnosis is on record, and not one the unknown-origin work-up still owes.

    With the primary tumour recorded as unknown, only histology makes the diagnosis
    definitive: until a tissue diagnosis is on record the biopsy (SM-DX03/04) comes first. A
    date answered as `definitive-diagnosis-date` is the clinician's own statement; a date
    read from a confirmed Condition counts only beside a known primary or a tissue diagnosis.
    """
    if facts.definitive_diagnosis_at.value is None:
        return False
    histology = facts.tissue_diagnosis_obtained.value is True
    if facts.known_primary.value is False and not histology:
        return False
    answered = any(
        e.reference.startswith("Observation/") for e in facts.definitive_diagnosis_at.evidence
    )
    return answered or histology or facts.known_primary.value is True


def time_to_therapy_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    diagnosis = facts.definitive_diagnosis_at.value
    if diagnosis is None or not definitive_diagnosis(facts):
        return []
    if diagnosis < call.now - timedelta(days=policy.time_to_therapy_lookback_d):
        return []
    started = facts.last_treatment_at.value
    if started is not None and started >= diagnosis:
        return []
    systemic = facts.systemic_therapy_active.value is True
    counts = policy.systemic_therapy_counts_as_started
    if systemic and counts == "yes":
        return []
    asks_systemic = systemic and counts == "ask"
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
    if systemic and counts != "yes":
        policies.append(SYSTEMIC_SETTING)
    parts: list[str] = []
    indicator: Indicator | None = None
    if planned is not None:
        summary, line, overdue = _deadline(call, planned, decision, diagnosis, tz)
        if planned is not decision.row:
            policies.append("CDS_SPINE_UNKNOWN_WINDOW")
        parts.append(line)
        indicator = "warning" if overdue and planned.indicator == "info" else None
    else:
        # No window decided: a question, never an alarm (no recorded fact makes a row hold).
        policies.append("CDS_SPINE_UNKNOWN_WINDOW")
        summary = (
            (
                "Systeemtherapie loopt: telt die als start van de therapie? Anders hangt de termijn af van de klachten",
                "Systemic therapy running: does it count as the start of therapy? Otherwise the window depends on the complaints",
            )
            if asks_systemic
            else (
                "Termijn tot start therapie onbekend: beslissende gegevens ontbreken",
                "Time to therapy unknown: deciding facts are missing",
            )
        )
        parts.append(
            t(
                language,
                "**Welke klachten heeft de patiënt?** De termijn tot de start van de therapie hangt af van de klachten; leg ze vast in de vragenlijst voor de juiste termijn (lokaal beleid: onbekende klachten → vraag, geen termijn).",
                "**Which complaints does the patient have?** The time to the start of therapy depends on the complaints; record them in the questionnaire for the right window (local policy: unknown complaints → a question, no deadline).",
            )
        )
        indicator = "warning" if facts.recorded_suspicion.value is True else "info"
    if asks_systemic:
        parts.insert(0, _systemic_question(language, facts))
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
    parts.append(t(language, *_NOT_STARTED))
    row = planned or decision.undecided[0]
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
            key="time-to-therapy",
            indicator=indicator,
            # Undecided: the question is the table's, so per-rule feedback is not skewed to a row.
            topic=None if planned else (TIME_TO_THERAPY.id, TIME_TO_THERAPY.question_en),
        )
    ]


def _deadline(
    call: HookCall,
    planned: Row[SpineFacts],
    decision: Decision[SpineFacts],
    diagnosis: datetime,
    tz: str,
) -> tuple[tuple[str, str], str, bool]:
    """The summary, the advice line and whether the deadline has passed."""
    language = call.language
    deadline = diagnosis + WINDOWS[planned.id]
    escalated = planned is not decision.row
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
    line = f"**{t(language, planned.advice_nl, planned.advice_en)}.** " + t(
        language,
        f"Uiterlijk {when(deadline, tz, 'nl', call.now)} (definitieve diagnose {when(diagnosis, tz, 'nl')}).",
        f"By {when(deadline, tz, 'en', call.now)} (definitive diagnosis {when(diagnosis, tz, 'en')}).",
    )
    return summary, line, overdue


def _systemic_question(language: Language, facts: SpineFacts) -> str:
    """The question local policy leaves to the clinician, with the record that raises it."""
    records = ", ".join(str(e) for e in facts.systemic_therapy_active.evidence)
    shown = f" ({records})" if records else ""
    return t(
        language,
        f"**Telt de lopende systeemtherapie{shown} als start van de therapie?** Zo ja, dan vervalt de termijn tot start therapie; zo nee, dan loopt die vanaf de definitieve diagnose. De richtlijn zegt het niet; lokaal beleid laat het de behandelaar vragen.",
        f"**Does the running systemic therapy{shown} count as the start of therapy?** If so, the time to therapy no longer applies; if not, it runs from the definitive diagnosis. The guideline does not say; local policy leaves it to the clinician.",
    )
