"""Answers that close branches (issue "signal, not noise"): one answer rules several facts out, so
a card does not keep asking what the clinician already said (table in docs/input-contract.md)."""

from __future__ import annotations

from hooks.input_contract.model import InputFact, yes_no

# Answers that close branches (issue "signal, not noise"): one answer rules several facts out,
# so a card does not keep asking what the clinician already said (table in docs/input-contract.md).
CLOSING_FACTS: tuple[InputFact, ...] = (
    yes_no(
        "no-neurological-deficit",
        "F18/F19/F23",
        "Geen neurologische uitval (geen radiculaire of bilaterale uitval, geen dwarslaesie)?",
        "No neurological deficit (no radicular or bilateral deficit, no transverse lesion)?",
        True,
        "neuro",
    ),
    yes_no(
        "gastric-ulcer-history",
        "F27",
        "Maagulcus in de voorgeschiedenis?",
        "History of gastric ulcer?",
        False,
        "assessment",
    ),
)
# What a "yes" to one of these answers sets, and what it leaves as recorded (docs table).
CLOSES: dict[str, tuple[tuple[str, str], ...]] = {
    "local-back-pain-only": (
        ("radicular-pain", "absent"),
        ("radicular-deficit", "absent"),
        ("lhermitte-sign", "no"),
    ),
    "no-neurological-deficit": (
        ("radicular-deficit", "absent"),
        ("asia-grade", "asia-e (no deficit, so never ASIA A)"),
    ),
}
