"""One click answers the question (issue "signal, not noise", item 2): each branch of the MRI
question is recorded in the audit as its row, and, for an EHR that accepts it, also creates the
input-contract Observations it asserts, so that the next call reads the answer instead of asking.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fhir.resources.R4B.observation import Observation

from fixtures.build import CANONICAL, condition, mri_order
from hooks.input_contract import code_system_url
from hooks.spinal_metastases.diagnosis.mri_card import mri_cards
from hooks.spinal_metastases.diagnosis.mri_question import BRANCHES
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from service.cds.contract import HookCall
from service.cds.models import Card, Suggestion
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
CANCER = condition("ca", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
POLICY = SpinePolicy()


def _call(observations: list[dict[str, Any]] | None = None, *, records: bool) -> HookCall:
    call = call_with([CANCER], observations, hook="order-sign", orders=[mri_order(P)])
    return dataclasses.replace(call, records_answers=records)


def _card(call: HookCall) -> Card:
    order = call.request.context["draftOrders"]["entry"][0]["resource"]
    [card] = mri_cards(call, read_facts(call, POLICY), order, POLICY)
    return card


def _by_label(card: Card) -> dict[str, Suggestion]:
    assert card.suggestions is not None
    return {s.label.split(" → ")[0]: s for s in card.suggestions}


def _created(suggestion: Suggestion) -> list[dict[str, Any]]:
    return [a.resource for a in suggestion.actions or () if a.type == "create" and a.resource]


def test_every_suggestion_is_audited_as_the_branch_it_chooses() -> None:
    card = _card(_call(records=False))
    assert card.suggestions is not None
    assert [s.branch for s in card.suggestions] == [b.row_id for b in BRANCHES]
    # Not on the wire: the branch is for the audit only.
    assert all("branch" not in s.model_dump(by_alias=True) for s in card.suggestions)


def test_by_default_a_suggestion_changes_only_the_order() -> None:
    card = _card(_call(records=False))
    assert all(_created(s) == [] for s in card.suggestions or ())


def test_for_an_ehr_that_accepts_it_each_branch_creates_the_answers_it_asserts() -> None:
    suggestions = _by_label(_card(_call(records=True)))
    assert {
        k: [o["code"]["coding"][0]["code"] for o in _created(s)] for k, s in suggestions.items()
    } == {
        "Verdenking MESMC": ["mescc-clinical-suspicion"],
        "Symptoom van Lhermitte": ["lhermitte-sign"],
        "Bilaterale radiculaire pijn": ["radicular-pain"],
        "Bilaterale radiculaire uitval": ["radicular-deficit"],
        "Eenzijdige uitval, < 7 dagen, progressief": ["radicular-deficit", "deficit-progressive"],
        "Eenzijdige uitval, > 7 dagen, progressief": ["radicular-deficit", "deficit-progressive"],
        "Eenzijdige radiculaire pijn": ["radicular-pain"],
        "Alleen lokale rugpijn": ["local-back-pain-only"],
    }
    for suggestion in suggestions.values():
        for resource in _created(suggestion):
            Observation.model_validate(resource)  # valid FHIR R4
            assert resource["subject"] == {"reference": f"Patient/{P}"}
            assert resource["code"]["coding"][0]["system"] == code_system_url(CANONICAL)


def _answered(label: str) -> Card:
    """The card of the next call, after the clinician picked `label` and the EHR stored it."""
    suggestion = _by_label(_card(_call(records=True)))[label]
    stored = [dict(o, id=f"stored-{i}") for i, o in enumerate(_created(suggestion))]
    return _card(_call(stored, records=True))


def test_the_next_call_reads_the_answer_instead_of_asking_again() -> None:
    local = _answered("Alleen lokale rugpijn")
    assert (local.source.topic and local.source.topic.code, local.indicator) == (
        "SM-MRI-2w",
        "info",
    )
    mescc = _answered("Verdenking MESMC")
    # A recorded answer is a recorded fact: it makes the critical row hold.
    assert (mescc.source.topic and mescc.source.topic.code, mescc.indicator) == (
        "SM-MRI-12h",
        "critical",
    )
    one_side = _answered("Eenzijdige radiculaire pijn")
    assert one_side.source.topic is not None
    assert one_side.source.topic.code == "SM-MRI-1w"


def test_a_deficit_without_an_onset_date_is_asked_again_for_its_onset_only() -> None:
    card = _answered("Eenzijdige uitval, < 7 dagen, progressief")
    assert card.source.topic is not None
    assert card.source.topic.code == "spine.mri-urgency"
    branches = list(_by_label(card))
    # No onset was invented: both deficit windows stay open ...
    assert "Eenzijdige uitval, < 7 dagen, progressief" in branches
    assert "Eenzijdige uitval, > 7 dagen, progressief" in branches
    # ... while what the answer settled is closed: one side, so not bilateral, and more than
    # local back pain. MESCC, Lhermitte and radicular pain were not answered and stay open.
    assert "Bilaterale radiculaire uitval" not in branches
    assert "Alleen lokale rugpijn" not in branches
    assert "Verdenking MESMC" in branches
