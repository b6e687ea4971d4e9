"""The radiotherapy card with an earlier course of the spine (SM-RT05 asked, never assumed),
the score behind a local-policy condition, in both languages; fixtures cover the defaults."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import answer, condition
from fixtures.build_treatment import radiotherapy_order
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.radiotherapy_card import radiotherapy_cards
from service.cds.contract import Language
from service.cds.models import Card
from tests.hooks.spinal_metastases.cases import call_with

SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"
PROVEN = condition(
    f"{P}-spine-met-proven", P, [(SCT, "94602001", "Spinal metastasis")], recorded="2026-10-01"
)


def said(code: str, value: Any) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueBoolean": value})


def months(value: float) -> dict[str, Any]:
    return answer(
        "a-le", P, "life-expectancy", TODAY, {"valueQuantity": {"value": value, "code": "mo"}}
    )


def course(ended: str, text: str | None = "Th7-Th9", rid: str = "rt-earlier") -> dict[str, Any]:
    site: dict[str, Any] = {"coding": [{"system": SCT, "code": "35769007"}]}
    if text is not None:
        site["text"] = text
    return {
        "resourceType": "Procedure",
        "id": rid,
        "status": "completed",
        "code": {"coding": [{"system": SCT, "code": "1217123003"}]},
        "bodySite": [site],
        "performedDateTime": ended,
    }


PAIN = [said("pain-from-spinal-metastases", True), said("neurological-deficit", False)]
NOT_OLIGO = said("oligometastatic", False)


def card(
    observations: list[dict[str, Any]],
    procedures: list[dict[str, Any]] | None = None,
    language: Language = "nl",
) -> Card:
    call = call_with(
        conditions=[PROVEN],
        observations=observations,
        procedures=procedures or [],
        hook="order-sign",
        language=language,
    )
    policy = SpinePolicy()
    cards = radiotherapy_cards(call, read_facts(call, policy), radiotherapy_order(P), policy)
    assert len(cards) == 1
    assert len(cards[0].summary) < 140
    return cards[0]


def test_an_earlier_course_asks_the_one_question_with_a_branch_and_an_option_each() -> None:
    found = card([*PAIN, NOT_OLIGO], [course("2026-03-10")])
    assert found.detail is not None
    assert found.source.topic is not None
    assert found.source.topic.code == "SM-RT05"
    assert "Eén vraag beslist het schema" in found.detail
    assert "Schema voor een eerste bestraling" not in found.detail
    assert "op 10 mrt, niveau: Th7-Th9 (Procedure/rt-earlier)" in found.detail
    assert "geen interval tussen de eerste en de tweede bestraling" in found.detail
    assert found.suggestions is not None
    assert len(found.suggestions) == 2
    assert all(s.is_recommended is None for s in found.suggestions)
    assert found.selection_behavior == "at-most-one"
    assert "SM-RT05" in found.suggestions[0].label
    assert "SM-RT01" in found.summary


def test_the_question_in_english_and_without_a_decided_other_branch_offers_nothing() -> None:
    found = card([said("neurological-deficit", True)], [course("2026-03-10")], language="en")
    assert found.detail is not None
    assert "**One question decides the scheme:**" in found.detail
    assert "**Earlier irradiation of the spine** on 10 Mar, level: Th7-Th9" in found.detail
    assert "No — first course: the scheme depends on missing facts (below)." in found.detail
    assert found.summary.endswith("otherwise first-course scheme")
    assert found.suggestions is None


def test_after_surgery_the_other_branch_is_the_postoperative_scheme_with_its_interval() -> None:
    surgery = answer(
        "a-op", P, "spine-surgery-date", TODAY, {"valueDateTime": "2026-11-02T13:00:00+01:00"}
    )
    found = card([surgery, months(8), NOT_OLIGO], [course("2025-06-01", text=None)])
    assert found.detail is not None
    assert "Nee — bestraling na de operatie: `SM-RT07`" in found.detail
    assert "(SM-RT09)" in found.detail
    assert "op 1 jun 2025, niveau: niveau niet vastgelegd" not in found.detail
    assert "op 1 jun 2025, niveau niet vastgelegd (Procedure/rt-earlier)" in found.detail


def test_no_return_answered_keeps_the_first_course_scheme_and_names_the_answer() -> None:
    found = card(
        [*PAIN, NOT_OLIGO, said("symptoms-returned-after-radiotherapy", False)],
        [course("2026-03-10")],
    )
    assert found.detail is not None
    assert found.source.topic is not None
    assert found.source.topic.code == "SM-RT01"
    assert "na eerdere bestraling zijn geen pijn of uitval teruggekeerd" in found.detail
    assert "Observation/a-symptoms-returned-after-radiotherapy" in found.detail
    assert found.suggestions is not None
    assert found.suggestions[0].is_recommended is True


def test_a_returned_symptom_answer_gives_the_second_course_with_every_earlier_course() -> None:
    found = card(
        [said("symptoms-returned-after-radiotherapy", True)],
        [course("2026-03-10"), course("2024-05-02T10:00:00+02:00", "L2", rid="rt-2024")],
    )
    assert found.detail is not None
    assert found.source.topic is not None
    assert found.source.topic.code == "SM-RT05"
    assert (
        "op 10 mrt, niveau: Th7-Th9 (Procedure/rt-earlier); "
        "op 2 mei 2024 10:00, niveau: L2 (Procedure/rt-2024)"
    ) in found.detail


def test_the_recorded_level_cannot_add_markdown_to_the_card() -> None:
    found = card([*PAIN, NOT_OLIGO], [course("2026-03-10", text="**Th8** [link](x)")])
    assert found.detail is not None
    assert r"niveau: \*\*Th8\*\* \[link\](x)" in found.detail


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ({"valueInteger": 2}, "Conditie **matig** afgeleid uit **ECOG/WHO 2** (Observation/ps, "),
        (
            {"valueQuantity": {"value": 90, "unit": "%", "code": "%"}},
            "Conditie **goed** afgeleid uit **Karnofsky 90** (Observation/ps, ",
        ),
    ],
    ids=["ecog", "karnofsky"],
)
def test_a_condition_from_a_score_names_the_score_and_its_record(
    score: dict[str, Any], expected: str
) -> None:
    code = "89247-1" if "valueInteger" in score else "89243-0"
    ps = {
        "resourceType": "Observation",
        "id": "ps",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "effectiveDateTime": "2026-11-20T10:00:00+01:00",
        **score,
    }
    found = card([said("neurological-deficit", True), months(18), ps])
    assert found.detail is not None
    assert expected in found.detail
    assert "ECOG/WHO ≤ 1 of Karnofsky ≥ 80 geldt als goed" in found.detail
