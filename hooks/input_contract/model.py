"""The shape of the input contract: its ids, an input fact and its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CODE_SYSTEM_ID = "metastasis-cds-input"
QUESTIONNAIRE_ID = "spinal-metastases-intake"
RULES_CODE_SYSTEM_ID = "metastasis-cds-rules"
AnswerType = Literal["boolean", "choice", "dateTime", "integer", "quantity"]
# How long an answer stays usable: neurological status changes within hours, clinical
# assessments (life expectancy, fitness for surgery) within weeks, and a past event (the date
# of an operation) does not change. The limits are local-policy settings of each guideline.
Lifetime = Literal["neuro", "assessment", "event"]


@dataclass(frozen=True)
class Answer:
    system: str | None  # None = our own CodeSystem
    code: str
    display_nl: str
    display_en: str


@dataclass(frozen=True)
class InputFact:
    code: str
    fact_ids: str  # the clinical model's F-numbers
    question_nl: str
    question_en: str
    answer_type: AnswerType
    element: str  # where the value goes in the Observation
    example: str
    answers: tuple[Answer, ...] = ()
    unit: str | None = None
    lifetime: Lifetime = "neuro"


def yes_no(
    code: str, fact_ids: str, nl: str, en: str, example: bool, lifetime: Lifetime
) -> InputFact:
    """A yes/no fact: the most common shape of a clinician's judgement."""
    return InputFact(
        code,
        fact_ids,
        nl,
        en,
        "boolean",
        "valueBoolean",
        f'"valueBoolean": {str(example).lower()}',
        lifetime=lifetime,
    )
