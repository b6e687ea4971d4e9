"""A dexamethasone order checked against the SM-CS02 scheme: info only, only when it can be read."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from fixtures.build import ORAL_ROUTE as ORAL
from fixtures.build import active_med, answer, condition, dosed_dexamethasone
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.steroid_cards import steroid_order_cards
from service.cds.models import Card
from tests.hooks.spinal_metastases.cases import call_with

P = "pat-facts"
SCT = "http://snomed.info/sct"
TODAY = "2026-11-23T09:00:00+01:00"
IV = ("47625008", "Intravenous route")
MESCC = condition(f"{P}-mescc", P, [(SCT, "71286001", "Spinal cord compression")])
BREAST = condition(f"{P}-primary", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
PPI = active_med(f"{P}-ppi", P, "A02BC02", "pantoprazol")


def _yes(code: str) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueBoolean": True})


SYMPTOMATIC = [_yes("mescc-symptomatic"), _yes("surgery-or-radiotherapy-planned")]


def _cards(
    order: dict[str, Any],
    *,
    observations: list[dict[str, Any]] | None = None,
    conditions: list[dict[str, Any]] | None = None,
    medications: list[dict[str, Any]] | None = None,
    others: tuple[dict[str, Any], ...] = (),
) -> list[Card]:
    call = call_with(
        conditions=[BREAST, MESCC, *(conditions or [])],
        observations=SYMPTOMATIC if observations is None else observations,
        medications=[PPI] if medications is None else medications,
        hook="order-sign",
        orders=[order, *others],
    )
    policy = SpinePolicy()
    return steroid_order_cards(call, read_facts(call, policy), order, policy)


def _scheme_cards(cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.source.topic is not None and c.source.topic.code == "SM-CS02"]


def test_a_dose_outside_the_scheme_gets_an_info_card_with_the_scheme() -> None:
    (card,) = _scheme_cards(_cards(dosed_dexamethasone(P, 4, ORAL, 1)))
    assert card.indicator == "info"
    assert len(card.summary) < 140
    detail = card.detail or ""
    assert (
        "direct te starten met een bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8-16 mg dexamethason p.o."
        in detail
    )
    assert "**Deze order:** 4 mg p.o., 1× per dag." in detail
    (suggestion,) = card.suggestions or ()
    assert suggestion.is_recommended is False
    update, create = suggestion.actions or ()
    assert update.type == "update"
    assert update.resource is not None
    assert update.resource["id"] == "draft-dexamethasone"
    assert (
        update.resource["dosageInstruction"][0]["doseAndRate"][0]["doseRange"]["low"]["value"] == 8
    )
    assert create.type == "create"
    assert create.resource is not None
    assert create.resource["dosageInstruction"][0]["timing"] == {"repeat": {"count": 1}}


def test_an_intravenous_draft_becomes_the_bolus_and_the_oral_part_is_added() -> None:
    order = dosed_dexamethasone(P, 4, IV, 4)
    (card,) = _scheme_cards(_cards(order))
    update, create = (card.suggestions or ())[0].actions or ()
    assert update.resource is not None
    assert update.resource["dosageInstruction"][0]["route"]["coding"][0]["code"] == "47625008"
    assert create.resource is not None
    assert create.resource["dosageInstruction"][0]["route"]["coding"][0]["code"] == "26643006"


def test_a_bolus_already_drafted_is_not_added_again() -> None:
    bolus = dosed_dexamethasone(P, 10, IV, 1)
    bolus["id"] = "draft-bolus"
    bolus["dosageInstruction"][0]["timing"] = {"repeat": {"count": 1}}
    (card,) = _scheme_cards(_cards(dosed_dexamethasone(P, 4, ORAL, 1), others=(bolus,)))
    assert [a.type for a in (card.suggestions or ())[0].actions or ()] == ["update"]


@pytest.mark.parametrize("mg", [8, 12, 16])
def test_within_the_scheme_no_card(mg: float) -> None:
    assert _scheme_cards(_cards(dosed_dexamethasone(P, mg, ORAL, 1))) == []


def test_an_unreadable_dosage_gets_no_card() -> None:
    order = dosed_dexamethasone(P, 4, ORAL, 1)
    order["dosageInstruction"] = [{"text": "1 dd 4 mg p.o."}]
    assert _scheme_cards(_cards(order)) == []


def test_undecided_sm_cs02_is_not_checked() -> None:
    """SM-CS02 must hold on recorded facts: without the answers there is no scheme check."""
    cards = _cards(dosed_dexamethasone(P, 4, ORAL, 1), observations=[])
    assert all("wijkt af" not in c.summary for c in cards)


@pytest.mark.parametrize(
    "silencer",
    [
        pytest.param(
            {"observations": [*SYMPTOMATIC, _yes("pain-flare-after-radiotherapy")]}, id="SM-CS06"
        ),
        pytest.param(
            {
                "observations": [
                    *SYMPTOMATIC,
                    answer(
                        "a-s",
                        P,
                        "spine-surgery-date",
                        TODAY,
                        {"valueDateTime": "2026-11-10T10:00:00+01:00"},
                    ),
                ],
                "medications": [PPI, active_med(f"{P}-dexa", P, "H02AB02", "dexamethason")],
            },
            id="SM-CS04",
        ),
        pytest.param(
            {
                "conditions": [
                    condition(
                        "brain", P, [(SCT, "94225005", "Secondary malignant neoplasm of brain")]
                    )
                ]
            },
            id="BM-02",
        ),
    ],
)
def test_nothing_while_another_rule_owns_the_dose(silencer: dict[str, Any]) -> None:
    cards = _cards(dosed_dexamethasone(P, 4, ORAL, 1), **silencer)
    assert all("wijkt af" not in c.summary for c in cards)


def test_another_corticosteroid_still_gets_the_whole_scheme() -> None:
    order = copy.deepcopy(dosed_dexamethasone(P, 40, ORAL, 1))
    order["medicationCodeableConcept"] = {
        "coding": [
            {"system": "http://www.whocc.no/atc", "code": "H02AB06", "display": "prednisolon"}
        ]
    }
    (card,) = _scheme_cards(_cards(order))
    assert card.indicator == "warning"
    assert [a.type for a in (card.suggestions or ())[0].actions or ()] == ["create", "create"]
