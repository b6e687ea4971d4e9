"""Input-contract answers (Observations in our CodeSystem), read for `facts.py`.

Part of the FHIR-reading layer of this guideline: only `facts.py` and `treatment_facts.py`
use it, the tables and cards never do. The newest answer per code wins; it is used only while
it is younger than the age limit of its lifetime (neurological status, assessment, event).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from hooks import codes
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Observation, parse_datetime
from hooks.input_contract import FACTS_BY_CODE, Lifetime

Laterality = Literal["absent", "unilateral", "bilateral"]
_COUNTING_OBSERVATION = {None, "final", "amended", "corrected", "preliminary", "registered"}
_MONTHS_PER_UNIT = {"mo": 1.0, "a": 12.0, "wk": 12 / 52.1775, "d": 12 / 365.25}


class Answers:
    """The newest answer per input-contract code, within the age limit of its lifetime."""

    def __init__(
        self,
        resources: Sequence[dict[str, Any]],
        system: str,
        now: datetime,
        max_age: Mapping[Lifetime, timedelta | None],
    ) -> None:
        self.skipped = 0
        self._system = system
        self._now = now
        self._max_age = max_age
        self._latest: dict[str, tuple[datetime, Observation]] = {}
        for raw in resources:
            if raw.get("resourceType") != "Observation":
                continue
            code = local_code(raw.get("code"), system)
            if code is None:
                continue
            try:
                obs = Observation.model_validate(raw)
            except ValueError:
                self.skipped += 1
                continue
            when = parse_datetime(obs.date)
            if obs.status not in _COUNTING_OBSERVATION or when is None:
                continue
            if code not in self._latest or when > self._latest[code][0]:
                self._latest[code] = (when, obs)

    def _get(self, code: str) -> Observation | None:
        """The usable answer; a code outside the input contract is a programming error."""
        lifetime = FACTS_BY_CODE[code].lifetime
        found = self._latest.get(code)
        if found is None:
            return None
        limit = self._max_age[lifetime]
        if limit is not None and found[0] < self._now - limit:
            return None
        return found[1]

    def _fact(self, obs: Observation, value: Any) -> Fact[Any]:
        return Fact(value, (Evidence(obs.reference, obs.date),)) if value is not None else unknown()

    def boolean(self, code: str) -> Fact[bool]:
        obs = self._get(code)
        return self._fact(obs, obs.value_boolean) if obs else unknown()

    def integer(self, code: str) -> Fact[int]:
        obs = self._get(code)
        return self._fact(obs, obs.value_integer) if obs else unknown()

    def months(self, code: str) -> Fact[float]:
        """A quantity in months; UCUM `a`, `wk` and `d` are converted, other units are unknown."""
        obs = self._get(code)
        quantity = obs.value_quantity if obs else None
        if obs is None or quantity is None or quantity.value is None:
            return unknown()
        factor = _MONTHS_PER_UNIT.get(quantity.code or quantity.unit or "")
        return self._fact(obs, quantity.value * factor) if factor is not None else unknown()

    def date_time(self, code: str) -> Fact[datetime]:
        obs = self._get(code)
        return self._fact(obs, parse_datetime(obs.value_date_time)) if obs else unknown()

    def assessed_at(self, code: str) -> Fact[datetime]:
        obs = self._get(code)
        return self._fact(obs, parse_datetime(obs.date)) if obs else unknown()

    def code(self, code: str) -> Fact[str]:
        obs = self._get(code)
        return (
            self._fact(obs, local_code(obs.value_codeable_concept, self._system))
            if obs
            else unknown()
        )

    def laterality(self, code: str) -> Fact[Laterality]:
        obs = self._get(code)
        if obs is None:
            return unknown()
        value = obs.value_codeable_concept
        if codes.LATERALITY_BILATERAL.matches(value):
            return self._fact(obs, "bilateral")
        if codes.LATERALITY_UNILATERAL.matches(value):
            return self._fact(obs, "unilateral")
        if local_code(value, self._system) == "absent":
            return self._fact(obs, "absent")
        return unknown()


def local_code(concept: Any, system: str) -> str | None:
    for coding in codes.codings(concept):
        if coding.get("system") == system and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return None
