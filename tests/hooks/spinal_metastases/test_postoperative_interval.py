"""SM-RT09 on a postoperative radiotherapy order: "minimaal 3-4 weken" in the summary, and the
order update's earliest start at surgery + CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS."""

from __future__ import annotations

from typing import Any, Literal

import pytest

from fixtures.build import answer, condition
from fixtures.build_treatment import radiotherapy_order
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.radiotherapy_card import radiotherapy_cards
from service.cds.models import Card
from tests.hooks.policy_said import said
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"
PROVEN = condition(f"{P}-spine", P, [(SCT, "94602001", "Spinal metastasis")])
SURGERY = answer(
    "a-op", P, "spine-surgery-date", TODAY, {"valueDateTime": "2026-11-09T13:00:00+01:00"}
)
LONG = answer(
    "a-le",
    P,
    "life-expectancy",
    TODAY,
    {
        "valueQuantity": {
            "value": 18,
            "unit": "mo",
            "system": "http://unitsofmeasure.org",
            "code": "mo",
        }
    },
)


def _recovery(insufficient: bool) -> dict[str, Any]:
    return answer(
        "a-rec", P, "postoperative-recovery-insufficient", TODAY, {"valueBoolean": insufficient}
    )


def _card(
    observations: list[dict[str, Any]],
    policy: SpinePolicy | None = None,
    start: str | None = None,
    language: Literal["nl", "en"] = "nl",
) -> Card:
    policy = policy or SpinePolicy()
    order = radiotherapy_order(P, start=start)
    call = call_with(
        conditions=[PROVEN], observations=observations, hook="order-sign", language=language
    )
    (card,) = radiotherapy_cards(call, read_facts(call, policy), order, policy)
    return card


def _starts(card: Card) -> list[Any]:
    return [
        (a.resource or {}).get("occurrencePeriod", {}).get("start")
        for s in card.suggestions or ()
        for a in s.actions or ()
    ]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        pytest.param(28, "2026-12-07T13:00:00+01:00", id="default-28-days"),
        pytest.param(21, "2026-11-30T13:00:00+01:00", id="21-days"),
    ],
)
def test_the_order_update_sets_the_earliest_start(days: Literal[21, 28], expected: str) -> None:
    card = _card([SURGERY, LONG], SpinePolicy(postoperative_rt_min_days=days))
    assert "minimaal 3-4 weken" in card.summary
    assert len(card.summary) < 140
    assert _starts(card) == [expected]
    label = (card.suggestions or ())[0].label
    assert "eerder bij onvoldoende neurologisch herstel" in label
    assert said("CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS", (card.detail or ""))
    assert f"operatie + {days} dagen" in (card.detail or "")


def test_a_later_planned_start_is_kept() -> None:
    card = _card([SURGERY, LONG], start="2026-12-20T09:00:00+01:00")
    assert _starts(card) == ["2026-12-20T09:00:00+01:00"]
    assert "minimaal 3-4 weken" in card.summary


def test_insufficient_recovery_sets_no_earliest_start_and_says_earlier() -> None:
    card = _card([SURGERY, LONG, _recovery(True)])
    assert "minimaal 3-4 weken" not in card.summary
    assert card.summary.endswith("eerder starten: onvoldoende neurologisch herstel")
    assert _starts(card) == [None]


def test_an_open_scheme_still_offers_the_earliest_start() -> None:
    card = _card([SURGERY])  # life expectancy unknown: SM-RT07 or SM-RT08
    (suggestion,) = card.suggestions or ()
    assert suggestion.label.startswith("Start niet vóór 7 dec")
    assert _starts(card) == ["2026-12-07T13:00:00+01:00"]


def test_english() -> None:
    card = _card([SURGERY, LONG], language="en")
    assert card.summary.endswith("start at least 3-4 weeks after surgery")
    assert "earlier if neurological recovery is insufficient" in (card.suggestions or ())[0].label
