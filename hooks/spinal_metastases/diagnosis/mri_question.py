"""One quick question when the complaints that decide the MRI window are not on record.

Richtlijn Wervelmetastasen, "Diagnostiek bij klinische verdenking wervelmetastasen" (SM-MRI-*).
The window follows the complaint; a chart rarely records it. Instead of planning for the most
alarming window (the old local policy `most-urgent-possible`), the card asks: one suggestion per
branch still open, each labelled with the complaint and its window and carrying the order update
for that branch, at most one to choose and none recommended. A label never joins several facts:
the three triggers of SM-MRI-12h are three suggestions.

The card's indicator follows what is on record, not a policy default: `warning` when a suspicion
is recorded (`SpineFacts.recorded_suspicion`), else `info`. Its topic is the decision table, not
one of its rows, so per-rule feedback counts are not skewed towards the first row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hooks import codes
from hooks.answer_observations import Assertion, answer_actions
from hooks.cards import (
    CardText,
    branches,
    card_source,
    fingerprint,
    guideline_link,
    missing_data_line,
    stable_uuid,
    strength_line,
    t,
    why_trace,
)
from hooks.orders import is_less_urgent, order_reference, with_deadline
from hooks.override_reasons import reasons
from hooks.rules import Decision, Row, Truth
from hooks.spinal_metastases.diagnosis.mri_urgency import (
    INSTRUCTION_EN,
    INSTRUCTION_NL,
    MRI_URGENCY,
    PROTOCOL_EN,
    PROTOCOL_NL,
    WINDOWS,
    only_local_back_pain,
    recent_progressive_unilateral_deficit,
    slow_progressive_unilateral_deficit,
    unilateral_radicular_pain,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall, Language
from service.cds.models import Action, Card, Suggestion

# FHIR request priorities as a Dutch clinician says them; English keeps the FHIR sense.
PRIORITY_LABEL: dict[str, tuple[str, str]] = {
    "stat": ("cito", "STAT"),
    "asap": ("spoed", "ASAP"),
    "urgent": ("met voorrang", "urgent"),
    "routine": ("routine", "routine"),
}
# Each MRI window as the cards name it ("12 uur"); the question labels say "binnen 12 uur".
WINDOW_TEXT: dict[str, tuple[str, str]] = {
    "SM-MRI-12h": ("12 uur", "12 hours"),
    "SM-MRI-24h": ("24 uur", "24 hours"),
    "SM-MRI-48h": ("48 uur", "48 hours"),
    "SM-MRI-1w": ("1 week", "1 week"),
    "SM-MRI-2w": ("2 weken", "2 weeks"),
}
POLICY_NL = "lokaal beleid: onbekende klachten → vraag, niet de meest urgente termijn"
POLICY_EN = "local policy: unknown complaints → a question, not the most urgent window"


# The input contract's answer for both sides: SNOMED CT 51440002 |Right and left|.
(BOTH_SIDES,) = (c.code for c in codes.LATERALITY_BILATERAL.codes)


def _is(value: str | None, wanted: str) -> Truth:
    return None if value is None else value == wanted


@dataclass(frozen=True)
class Branch:
    """One complaint a clinician can pick, the row it makes hold and whether it still can."""

    row_id: str
    key: str
    complaint: CardText
    possible: Callable[[SpineFacts], Truth]
    # The input-contract answers picking this branch asserts (hooks/answer_observations.py).
    asserts: tuple[Assertion, ...] = ()


# In the guideline's order, most urgent first; each is one complaint, never two joined.
BRANCHES = (
    Branch(
        "SM-MRI-12h",
        "mescc",
        CardText("Verdenking MESMC", "Suspected MESCC"),
        lambda f: f.mescc_clinical_suspicion.value,
        (("mescc-clinical-suspicion", True),),
    ),
    Branch(
        "SM-MRI-12h",
        "lhermitte",
        CardText("Symptoom van Lhermitte", "Lhermitte's sign"),
        lambda f: f.lhermitte_sign.value,
        (("lhermitte-sign", True),),
    ),
    Branch(
        "SM-MRI-12h",
        "bilateral-pain",
        CardText("Bilaterale radiculaire pijn", "Bilateral radicular pain"),
        lambda f: _is(f.radicular_pain.value, "bilateral"),
        (("radicular-pain", BOTH_SIDES),),
    ),
    Branch(
        "SM-MRI-12h",
        "bilateral-deficit",
        CardText("Bilaterale radiculaire uitval", "Bilateral radicular deficit"),
        lambda f: _is(f.radicular_deficit.value, "bilateral"),
        (("radicular-deficit", BOTH_SIDES),),
    ),
    Branch(
        "SM-MRI-24h",
        "deficit-within-7d",
        CardText(
            "Eenzijdige uitval, < 7 dagen, progressief", "Unilateral deficit, < 7 days, progressive"
        ),
        recent_progressive_unilateral_deficit,
        # Not the onset: "< 7 dagen" is no date, and none is invented.
        (("radicular-deficit", "unilateral"), ("deficit-progressive", True)),
    ),
    Branch(
        "SM-MRI-48h",
        "deficit-over-7d",
        CardText(
            "Eenzijdige uitval, > 7 dagen, progressief", "Unilateral deficit, > 7 days, progressive"
        ),
        slow_progressive_unilateral_deficit,
        (("radicular-deficit", "unilateral"), ("deficit-progressive", True)),
    ),
    Branch(
        "SM-MRI-1w",
        "unilateral-pain",
        CardText("Eenzijdige radiculaire pijn", "Unilateral radicular pain"),
        unilateral_radicular_pain,
        (("radicular-pain", "unilateral"),),
    ),
    Branch(
        "SM-MRI-2w",
        "local-pain",
        CardText("Alleen lokale rugpijn", "Local back pain only"),
        only_local_back_pain,
        (("local-back-pain-only", True),),
    ),
)


def priority_of(row_id: str, policy: SpinePolicy) -> str:
    priority: str = getattr(policy, f"priority_{row_id.removeprefix('SM-MRI-')}")
    return priority


def branch_label(branch: Branch, policy: SpinePolicy, language: Language) -> str:
    """E.g. "Verdenking MESMC → MRI cito, binnen 12 uur"."""
    priority_nl, priority_en = PRIORITY_LABEL[priority_of(branch.row_id, policy)]
    window_nl, window_en = WINDOW_TEXT[branch.row_id]
    return t(
        language,
        f"{branch.complaint.nl} → MRI {priority_nl}, binnen {window_nl}",
        f"{branch.complaint.en} → MRI {priority_en}, within {window_en}",
    )


def open_branches(decision: Decision[SpineFacts], facts: SpineFacts) -> list[Branch]:
    """The branches of the rows still undecided whose complaint is not recorded as absent."""
    open_rows = {row.id for row in decision.undecided}
    return [b for b in BRANCHES if b.row_id in open_rows and b.possible(facts) is not False]


def _update(
    call: HookCall, order: dict[str, Any], branch: Branch, policy: SpinePolicy
) -> Suggestion:
    """The order as this branch needs it; nothing to change when it is already as urgent."""
    priority = priority_of(branch.row_id, policy)
    # The complaint is not dated on record, so its window runs from now.
    deadline = call.now + WINDOWS[branch.row_id]
    actions: tuple[Action, ...] = ()
    if is_less_urgent(order, priority, deadline):
        actions = (
            Action(
                type="update",
                description=t(
                    call.language,
                    f"Prioriteit en uiterste datum volgens {branch.row_id}",
                    f"Priority and deadline per {branch.row_id}",
                ),
                resource=with_deadline(order, priority, call.now, deadline),
            ),
        )
    # For an EHR that accepts it, the answer is recorded too, so the next call knows it.
    actions += answer_actions(call, branch.asserts)
    return Suggestion(
        label=branch_label(branch, policy, call.language),
        uuid=stable_uuid(
            call.request.hook_instance, branch.row_id, order_reference(order), branch.key
        ),
        is_recommended=False,
        actions=actions or None,
    ).for_branch(branch.row_id)


def question_card(
    call: HookCall,
    facts: SpineFacts,
    order: dict[str, Any],
    decision: Decision[SpineFacts],
    policy: SpinePolicy,
) -> Card:
    """The MRI order card when the window is undecided: one question, a suggestion per branch."""
    language = call.language
    suspicion = facts.recorded_suspicion.value is True
    summary = (
        CardText(
            "Verdenking wervelmetastasen: MRI-termijn hangt af van de klachten — kies de klacht",
            "Suspected spinal metastases: the MRI window depends on the complaint — pick it",
        )
        if suspicion
        else CardText(
            "MRI wervelkolom: geen klachten vastgelegd — kies de klacht voor de termijn",
            "Spine MRI: no complaints on record — pick the complaint for the window",
        )
    )
    if facts.missing_data:
        # Unreadable is not empty: the headline says the record was not read in full.
        summary = CardText(f"{summary.nl}, gegevens onvolledig", f"{summary.en}, facts incomplete")
    parts = [
        t(
            language,
            "**Welke klacht heeft de patiënt?** De richtlijn koppelt de termijn van de MRI aan de klacht; kies hieronder de klacht, dan krijgt de aanvraag de bijbehorende prioriteit en uiterste datum.",
            "**Which complaint does the patient have?** The guideline ties the MRI window to the complaint; pick it below and the order gets that priority and deadline.",
        ),
        branches(decision.undecided, facts, LABELS, language, decision.row),
    ]
    if not suspicion:
        parts.append(
            t(
                language,
                "Geen verdenking op wervelmetastasen vastgelegd. Na behandeling is beeldvorming van de wervelkolom alleen geïndiceerd bij klachten of ter evaluatie van systeemtherapie (SM-FU01).",
                "No suspicion of spinal metastases on record. After treatment, imaging of the spine is indicated only with complaints or to evaluate systemic therapy (SM-FU01).",
            )
        )
    parts += [
        t(language, PROTOCOL_NL, PROTOCOL_EN),
        t(language, INSTRUCTION_NL, INSTRUCTION_EN),
        why_trace(decision.undecided[0], facts, LABELS, language, policy.display_timezone),
        f"*{t(language, POLICY_NL, POLICY_EN)}.*",
    ]
    data_line = missing_data_line(
        facts.missing_data, language, facts.skipped_malformed, facts.unrecognised_answers
    )
    first: Row[SpineFacts] = decision.undecided[0]
    parts += [line for line in (data_line, strength_line(first.source, language)) if line]
    suggestions = tuple(_update(call, order, b, policy) for b in open_branches(decision, facts))
    link = guideline_link(first.source, language)
    card = Card(
        uuid=stable_uuid(call.request.hook_instance, MRI_URGENCY.id, order_reference(order)),
        summary=t(language, summary.nl, summary.en),
        detail="\n\n".join(parts),
        indicator="warning" if suspicion else "info",
        source=card_source(
            MRI_URGENCY.id, MRI_URGENCY.question_en, first.source, call.canonical_base
        ),
        suggestions=suggestions or None,
        selection_behavior="at-most-one" if suggestions else None,
        override_reasons=reasons(
            call.canonical_base, language, "adequate-imaging-available", "facts-differ"
        ),
        links=(link,) if link else None,
    )
    return card.with_facts_hash(
        fingerprint((name for row in decision.undecided for name in row.facts), facts)
    )
