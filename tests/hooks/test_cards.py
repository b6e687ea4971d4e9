"""The shared card builder: the why-trace says how a record was read, and a fact recognised
only by a medicine's name in free text never makes a card critical."""

from __future__ import annotations

import pytest

from hooks.cards import CardText, rule_card
from hooks.facts import Evidence, Fact
from hooks.spinal_metastases.diagnosis.work_up import DECOMPRESSION
from hooks.spinal_metastases.labels import LABELS
from service.cds.contract import Language
from tests.hooks.spinal_metastases.cases import YES, call_with, facts

ROW = DECOMPRESSION.rows[0]  # SM-DX05, critical
TEXT_MATCH = Evidence(
    "MedicationStatement/ms",
    "2026-11-20",
    ("tekstmatch ‘dexamethason’", "text match ‘dexamethason’"),
    text_match=True,
)


def _card(steroid: Fact[bool], language: Language = "nl") -> tuple[str, str]:
    case = facts(
        known_primary=Fact(False),
        spinal_metastasis_radiological=YES,
        deficit_progressive=YES,
        corticosteroid_active=steroid,
        surgical_candidate=YES,
    )
    card = rule_card(
        call_with(language=language), ROW, case, LABELS, "Europe/Amsterdam", CardText("s", "s")
    )
    return card.indicator, card.detail or ""


def test_a_coded_corticosteroid_keeps_the_card_critical() -> None:
    indicator, detail = _card(Fact(True, (Evidence("MedicationRequest/mr", "2026-11-01"),)))
    assert ROW.indicator == "critical"
    assert indicator == "critical"
    assert "MedicationRequest/mr (2026-11-01)" in detail


@pytest.mark.parametrize(
    ("language", "note", "line"),
    [
        ("nl", "(tekstmatch ‘dexamethason’)", "Niet als kritiek gemarkeerd"),
        ("en", "(text match ‘dexamethason’)", "Not marked critical"),
    ],
)
def test_a_text_match_alone_is_never_critical_and_is_shown_as_such(
    language: Language, note: str, line: str
) -> None:
    indicator, detail = _card(Fact(True, (TEXT_MATCH,)), language)
    assert indicator == "warning"
    assert f"MedicationStatement/ms (2026-11-20) {note}" in detail
    assert line in detail
