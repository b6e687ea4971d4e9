"""The time-to-therapy card only when it applies (issue "Signal, not noise", item 5).

From a recorded definitive diagnosis (never an onset date), never in the unknown-origin work-up
before histology, and running systemic therapy asked about by default; a window that recorded
facts do not decide is a question, never a deadline or a critical card.
"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import active_med, answer, condition
from fixtures.build_treatment import onset_only
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.time_to_therapy_card import time_to_therapy_cards
from service.cds.models import Card
from tests.hooks.policy_said import said
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"
BREAST = condition(f"{P}-primary", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
LETROZOLE = active_med(f"{P}-letrozole", P, "L02BG04", "letrozol")


def _bool(code: str, value: bool) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueBoolean": value})


def _at(code: str, when: str) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueDateTime": when})


def _mescc(recorded: str = "2026-11-23T07:00:00+01:00") -> dict[str, Any]:
    return condition(
        f"{P}-mescc", P, [(SCT, "71286001", "Spinal cord compression")], recorded=recorded
    )


# Rapidly progressive deficit from MESCC: SM-TT24h holds on recorded facts.
RAPID = [
    _bool("neurological-deficit", True),
    _bool("deficit-progressive", True),
    _at("deficit-onset", "2026-11-21T08:00:00+01:00"),
]
PAIN_ONLY = [
    _bool("mescc-radiological", True),
    _bool("pain-from-spinal-metastases", True),
    _bool("neurological-deficit", False),
]


def _cards(
    policy: SpinePolicy | None = None,
    *,
    conditions: list[dict[str, Any]],
    observations: list[dict[str, Any]],
    medications: list[dict[str, Any]] | None = None,
) -> list[Card]:
    policy = policy or SpinePolicy()
    call = call_with(conditions=conditions, observations=observations, medications=medications)
    return time_to_therapy_cards(call, read_facts(call, policy), policy)


def test_a_recorded_rapid_mescc_deficit_keeps_its_critical_deadline() -> None:
    card = _cards(conditions=[BREAST, _mescc()], observations=RAPID)[0]
    assert card.indicator == "critical"
    assert card.summary == "Start therapie binnen 24 uur na de diagnose: uiterlijk 24 nov 07:00"


@pytest.mark.parametrize(
    "tissue",
    [pytest.param(False, id="biopsy-pending"), pytest.param(None, id="biopsy-not-recorded")],
)
def test_no_deadline_in_the_unknown_origin_work_up_before_histology(tissue: bool | None) -> None:
    observations = [*RAPID, _bool("primary-tumour-known", False)]
    if tissue is not None:
        observations.append(_bool("tissue-diagnosis-obtained", tissue))
    assert _cards(conditions=[_mescc()], observations=observations) == []
    # The clinician's own date does not make it definitive either while histology is owed.
    dated = [*observations, _at("definitive-diagnosis-date", "2026-11-23T07:00:00+01:00")]
    assert _cards(conditions=[_mescc()], observations=dated) == []


def test_after_histology_the_unknown_origin_patient_gets_the_deadline() -> None:
    observations = [
        *RAPID,
        _bool("primary-tumour-known", False),
        _bool("tissue-diagnosis-obtained", True),
    ]
    assert _cards(conditions=[_mescc()], observations=observations)[0].indicator == "critical"


def test_a_condition_date_needs_a_known_primary_or_histology() -> None:
    assert _cards(conditions=[_mescc()], observations=RAPID) == []
    assert _cards(conditions=[BREAST, _mescc()], observations=RAPID)


def test_an_onset_date_alone_gives_no_deadline() -> None:
    onset = onset_only(_mescc(), "2026-11-20T08:00:00+01:00")
    assert _cards(conditions=[BREAST, onset], observations=RAPID) == []


def test_the_deadline_runs_from_the_recorded_date_not_the_onset() -> None:
    both = onset_only(_mescc(), "2026-11-05T08:00:00+01:00", "2026-11-22T16:00:00+01:00")
    card = _cards(conditions=[BREAST, both], observations=PAIN_ONLY)[0]
    assert card.summary == "Start therapie binnen 7 dagen na de diagnose: uiterlijk 29 nov 16:00"


def test_an_onset_before_the_look_back_is_an_earlier_episode() -> None:
    old = onset_only(_mescc(), "2026-09-01T08:00:00+02:00", "2026-11-22T16:00:00+01:00")
    assert _cards(conditions=[BREAST, old], observations=PAIN_ONLY) == []


def test_an_undecided_window_is_a_question_not_a_deadline_or_an_alarm() -> None:
    card = _cards(conditions=[BREAST, _mescc()], observations=[])[0]
    assert card.indicator in ("info", "warning")
    assert card.summary == "Termijn tot start therapie onbekend: beslissende gegevens ontbreken"
    assert card.detail is not None
    assert "uiterlijk" not in card.detail.lower()
    assert said("CDS_SPINE_UNKNOWN_WINDOW", card.detail)


def test_most_urgent_possible_still_plans_the_most_urgent_window() -> None:
    policy = SpinePolicy(unknown_window="most-urgent-possible")
    card = _cards(policy, conditions=[BREAST, _mescc()], observations=[])[0]
    assert card.indicator == "critical"
    assert card.summary.endswith("gegevens onvolledig")


def test_running_systemic_therapy_without_complaints_is_one_question() -> None:
    card = _cards(conditions=[BREAST, _mescc()], observations=[], medications=[LETROZOLE])[0]
    assert card.indicator in ("info", "warning")
    assert card.summary.startswith("Systeemtherapie loopt: telt die als start van de therapie?")
    assert len(card.summary) < 140
    assert card.detail is not None
    assert "verstreken" not in card.summary + card.detail
    assert f"MedicationRequest/{P}-letrozole" in card.detail
    assert said("CDS_SPINE_SYSTEMIC_THERAPY_COUNTS_AS_STARTED", card.detail)


def test_running_systemic_therapy_keeps_a_recorded_critical_deadline_and_asks() -> None:
    card = _cards(conditions=[BREAST, _mescc()], observations=RAPID, medications=[LETROZOLE])[0]
    assert card.indicator == "critical"
    assert card.detail is not None
    assert "Telt de lopende systeemtherapie" in card.detail


@pytest.mark.parametrize(
    ("counts", "expected"),
    [pytest.param("yes", [], id="counts-no-card"), pytest.param("no", ["critical"], id="ignored")],
)
def test_systemic_therapy_as_started_is_a_local_policy_choice(
    counts: Any, expected: list[str]
) -> None:
    policy = SpinePolicy(systemic_therapy_counts_as_started=counts)
    cards = _cards(
        policy, conditions=[BREAST, _mescc()], observations=RAPID, medications=[LETROZOLE]
    )
    assert [c.indicator for c in cards] == expected
    assert all("Telt de lopende systeemtherapie" not in (c.detail or "") for c in cards)


def test_english_question() -> None:
    call = call_with(
        conditions=[BREAST, _mescc()], observations=[], medications=[LETROZOLE], language="en"
    )
    policy = SpinePolicy()
    card = time_to_therapy_cards(call, read_facts(call, policy), policy)[0]
    assert card.summary.startswith("Systemic therapy running: does it count as the start")
    assert len(card.summary) < 140
