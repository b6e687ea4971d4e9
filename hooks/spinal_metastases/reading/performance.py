"""ECOG/WHO and Karnofsky scores as Dutch charts hold them: LOINC answer codes, panel components
or quantities, read into "goede" or "matige conditie" (SM-RT03/RT04) with the local-policy cut-offs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from hooks import codes
from hooks.facts import Fact, unknown
from hooks.fhir_lean import Observation, parse_datetime
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import (
    GeneralCondition,
    PerformanceScore,
    Scale,
)
from hooks.spinal_metastases.reading.records import (
    evidence,
)


def performance_scores(
    observations: Sequence[dict[str, Any]], now: datetime, policy: SpinePolicy
) -> tuple[Fact[GeneralCondition], Fact[PerformanceScore], int]:
    """The newest ECOG/WHO or Karnofsky score within the assessment age, mapped by local policy;
    the score itself; and how many score records could not be read.

    A score is read from an Observation coded as one, or from a component so coded (a panel),
    as an integer, a quantity or a coded answer (`_read_score`). An unreadable score is counted,
    never read as a number, and an unreadable newest score is not passed over for an older one:
    the condition is then unknown. Scores recorded at the same time must agree.
    """
    oldest = now - timedelta(days=policy.assessment_max_age_d)
    readings: list[tuple[datetime, Observation, PerformanceScore | None]] = []
    skipped = 0
    for raw in observations:
        if raw.get("resourceType") != "Observation":
            continue
        parts = [raw, *(c for c in _list(raw, "component") if isinstance(c, Mapping))]
        scored = [(scale, part) for part in parts if (scale := _scale(part.get("code")))]
        if not scored:
            continue
        try:
            obs = Observation.model_validate(raw)
        except ValueError:
            skipped += 1
            continue
        if obs.never_counts:
            continue
        when = parse_datetime(obs.date)
        if when is None:
            skipped += 1  # a score we cannot place in time
            continue
        if not oldest <= when <= now:
            continue
        for scale, part in scored:
            if _absent(part):
                continue  # the record says there is no score (dataAbsentReason)
            score = _read_score(scale, part)
            skipped += score is None
            readings.append((when, obs, score))
    if not readings:
        return unknown(), unknown(), skipped
    latest = max(when for when, _, _ in readings)
    current = [(obs, score) for when, obs, score in readings if when == latest]
    scores = [score for _, score in current if score is not None]
    conditions = {_condition(score, policy) for score in scores}
    if len(scores) < len(current) or len(conditions) != 1:
        return unknown(), unknown(), skipped
    proof = tuple(dict.fromkeys(evidence(obs for obs, _ in current)))
    return Fact(conditions.pop(), proof), Fact(scores[0], proof), skipped


def _condition(score: PerformanceScore, policy: SpinePolicy) -> GeneralCondition:
    if score.scale == "ecog":
        return "good" if score.score <= policy.ecog_good_max else "moderate"
    return "good" if score.score >= policy.karnofsky_good_min else "moderate"


# What `_scale` reads, in the Observation's code or a component's: the narrowed query asks
# for these (hooks/spinal_metastases/service.py).
SCORE_VALUE_SETS = (codes.ECOG, codes.KARNOFSKY)


def _scale(concept: Any) -> Scale | None:
    if codes.ECOG.matches(concept):
        return "ecog"
    if codes.KARNOFSKY.matches(concept):
        return "karnofsky"
    return None


def _list(resource: Mapping[str, Any], element: str) -> list[Any]:
    value = resource.get(element)
    return value if isinstance(value, list) else []


def _absent(part: Mapping[str, Any]) -> bool:
    return not _values(part) and part.get("dataAbsentReason") is not None


def _values(part: Mapping[str, Any]) -> list[str]:
    return [key for key in part if key.startswith("value")]


# Quantity units a score may carry: none, or UCUM's dimensionless `{score}` and `1`; Karnofsky
# also `%` (MII Kerndatensatz Onkologie, karnofsky-quantity profile: "0-100 in steps of 10, %").
_SCORE_UNITS = {None, "{score}", "1"}
_KARNOFSKY_UNITS = {*_SCORE_UNITS, "%"}


def _read_score(scale: Scale, part: Mapping[str, Any]) -> PerformanceScore | None:
    """The score of an Observation or component, or None when it cannot be read as one.

    Read: `valueInteger`; `valueQuantity` with an integral value and no unit, `{score}` or `1`
    (Karnofsky also `%`); `valueCodeableConcept` with a LOINC answer code or a SNOMED ECOG
    grade. Out of range (ECOG 0–5, Karnofsky 0–100 in steps of 10), a string ("WHO 1"), any
    other type or more than one value is unreadable.
    """
    keys = _values(part)
    if len(keys) != 1:
        return None
    value = part[keys[0]]
    number: float | None = None
    if keys[0] == "valueInteger":
        number = value if type(value) is int else None
    elif keys[0] == "valueQuantity" and isinstance(value, Mapping):
        number = _quantity(value, _KARNOFSKY_UNITS if scale == "karnofsky" else _SCORE_UNITS)
    elif keys[0] == "valueCodeableConcept":
        grades = codes.ECOG_GRADES if scale == "ecog" else codes.KARNOFSKY_GRADES
        matching = {score for score, grade in grades if grade.matches(value)}
        return PerformanceScore(scale, matching.pop()) if len(matching) == 1 else None
    if number is None or not float(number).is_integer():
        return None
    score = int(number)
    valid = 0 <= score <= 5 if scale == "ecog" else 0 <= score <= 100 and score % 10 == 0
    return PerformanceScore(scale, score) if valid else None


def _quantity(value: Mapping[str, Any], units: set[str | None]) -> float | None:
    number = value.get("value")
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    if value.get("unit") not in units or value.get("code") not in units:
        return None
    system = value.get("system")
    return float(number) if system in (None, codes.UCUM) else None
