"""Input-contract answers (Observations in our CodeSystem), read for `facts.py`.

Part of the FHIR-reading layer of this guideline: only `facts.py` and `treatment_facts.py`
use it, the tables and cards never do. The newest answer per code wins; it is used only while
it is younger than the age limit of its lifetime (neurological status, assessment, event).

An answer counts when its system is our CodeSystem under the canonical base or one of its
aliases. One under any other base (`…/CodeSystem/metastasis-cds-input` on a host we do not
know: an EHR build made against another deployment's URL) is a *near miss*: it is not read,
but counted, so the card says that answers were not recognised and the log names the system,
instead of the facts silently turning "unknown".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from hooks import codes, local_code_map
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Observation, parse_datetime
from hooks.input_contract import CODE_SYSTEM_ID, FACTS_BY_CODE, Lifetime, code_system_url

Laterality = Literal["absent", "unilateral", "bilateral"]
_COUNTING_OBSERVATION = {None, "final", "amended", "corrected", "preliminary", "registered"}
_MONTHS_PER_UNIT = {"mo": 1.0, "a": 12.0, "wk": 12 / 52.1775, "d": 12 / 365.25}
_OUR_PATH = f"/CodeSystem/{CODE_SYSTEM_ID}"
log = logging.getLogger("hooks.input_contract")
# Near misses seen by this process, per system URL; bounded, as the systems come from outside.
_NEAR_MISSES: dict[str, int] = {}
_NEAR_MISSES_MAX = 100
_near_misses_lock = threading.Lock()


class Answers:
    """The newest answer per input-contract code, within the age limit of its lifetime."""

    def __init__(
        self,
        resources: Sequence[dict[str, Any]],
        systems: Collection[str],
        now: datetime,
        max_age: Mapping[Lifetime, timedelta | None],
    ) -> None:
        self.skipped = 0
        # Near misses per system URL: answers in our CodeSystem under a base we do not accept.
        self.unrecognised: dict[str, int] = {}
        self._values_counted: set[int] = set()
        self._systems = systems
        self._now = now
        self._max_age = max_age
        self._latest: dict[str, tuple[datetime, Observation]] = {}
        # Answers read through the operator's ConceptMap (hooks.local_code_map): the trace note.
        self._via: dict[str, tuple[str, str]] = {}
        for raw in resources:
            if raw.get("resourceType") != "Observation":
                continue
            raw, via = local_code_map.mapped_answer(raw, systems)
            concept = raw.get("code")
            code = local_code(concept, systems)
            if code is None:
                self._count_near_miss(concept)
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
            if via is not None:
                self._via[obs.reference] = via

    def _count_near_miss(self, concept: Any) -> None:
        system = near_miss(concept, self._systems)
        if system is not None:
            self.unrecognised[system] = self.unrecognised.get(system, 0) + 1

    def _value_code(self, obs: Observation) -> str | None:
        """The answer's coded value in our CodeSystem; a near-miss value is counted, once."""
        value = obs.value_codeable_concept
        found = local_code(value, self._systems)
        if found is None and id(obs) not in self._values_counted:
            self._values_counted.add(id(obs))
            self._count_near_miss(value)
        return found

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
        if value is None:
            return unknown()
        return Fact(value, (Evidence(obs.reference, obs.date, self._via.get(obs.reference)),))

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
        return self._fact(obs, self._value_code(obs)) if obs else unknown()

    def laterality(self, code: str) -> Fact[Laterality]:
        obs = self._get(code)
        if obs is None:
            return unknown()
        value = obs.value_codeable_concept
        if codes.LATERALITY_BILATERAL.matches(value):
            return self._fact(obs, "bilateral")
        if codes.LATERALITY_UNILATERAL.matches(value):
            return self._fact(obs, "unilateral")
        local = self._value_code(obs)
        if local in ("absent", "unilateral"):
            return self._fact(obs, local)
        return unknown()


def local_code(concept: Any, systems: Collection[str]) -> str | None:
    """The code of the first coding in one of `systems` (our CodeSystem under accepted bases)."""
    for coding in codes.codings(concept):
        if coding.get("system") in systems and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return None


def near_miss(concept: Any, systems: Collection[str]) -> str | None:
    """A coding's system that ends in our CodeSystem's path on a base we do not accept."""
    for coding in codes.codings(concept):
        system = coding.get("system")
        if isinstance(system, str) and system.endswith(_OUR_PATH) and system not in systems:
            return system[:200]
    return None


def log_near_misses(unrecognised: Sequence[tuple[str, int]], canonical_base: str) -> None:
    """Log each near-miss system the first time this process sees it, and again each time its
    running count reaches a power of ten: one line per system, not one per call, so an EHR built
    against the wrong base shows up in the log at once without flooding it."""
    for system, count in unrecognised:
        with _near_misses_lock:
            if system not in _NEAR_MISSES and len(_NEAR_MISSES) >= _NEAR_MISSES_MAX:
                continue
            before = _NEAR_MISSES.get(system, 0)
            total = _NEAR_MISSES[system] = before + count
        if before == 0 or len(str(total)) > len(str(before)):
            log.warning(
                "answers in our CodeSystem under an unrecognised base were not read",
                extra={
                    "system": system,
                    "count": total,
                    "expected": code_system_url(canonical_base),
                },
            )
