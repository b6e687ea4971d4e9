"""The dosage of a draft corticosteroid order, as far as its structured elements can be read.

For the SM-CS02 scheme check ("direct te starten met een bolus van 10 mg dexamethason i.v.,
gevolgd door 1 dd 8-16 mg dexamethason p.o."). Each `dosageInstruction` is read from its
`doseAndRate` (one `doseQuantity` or `doseRange` in UCUM mg), its `route` (SNOMED CT) and its
`timing` (one dose, `repeat.frequency` per `period`, or the GTS code QD/BID/TID/QID). Anything
else (text only, another unit, no route or timing, a dose on demand, several doses in one
instruction) is unreadable: the whole dosage is then None, never a guess, and no card nags about
what could not be read. A malformed element is unreadable too, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from hooks.codes import SNOMED, UCUM, codings
from service.cds.contract import Language

Route = Literal["intravenous", "oral", "other"]
_ROUTES: dict[str, Route] = {"47625008": "intravenous", "26643006": "oral"}
_PERIOD_DAYS = {"h": 1 / 24, "d": 1.0, "wk": 7.0}
_GTS = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
_GTS_PER_DAY = {"QD": 1.0, "BID": 2.0, "TID": 3.0, "QID": 4.0}


@dataclass(frozen=True)
class Dose:
    """One instruction: route, dose in mg (a range when low < high), and doses per day."""

    route: Route
    low_mg: float
    high_mg: float
    per_day: float | None  # None: a single dose

    def describe(self, language: Language) -> str:
        """E.g. "4 mg p.o., 1× per dag" or "10 mg i.v., eenmalig"."""
        amount = (
            f"{self.low_mg:g} mg"
            if self.low_mg == self.high_mg
            else f"{self.low_mg:g}-{self.high_mg:g} mg"
        )
        route = {"intravenous": "i.v.", "oral": "p.o."}.get(
            self.route, "andere toedieningsweg" if language == "nl" else "another route"
        )
        if self.per_day is None:
            timing = "eenmalig" if language == "nl" else "single dose"
        else:
            timing = (
                f"{self.per_day:g}× per dag" if language == "nl" else f"{self.per_day:g}× a day"
            )
        return f"{amount} {route}, {timing}"


def read_dosage(order: Mapping[str, Any]) -> tuple[Dose, ...] | None:
    """Every instruction of the order, or None when any of them cannot be read."""
    instructions = order.get("dosageInstruction")
    if not isinstance(instructions, list) or not instructions:
        return None
    doses = tuple(_dose(i) if isinstance(i, Mapping) else None for i in instructions)
    return None if any(d is None for d in doses) else tuple(d for d in doses if d is not None)


def is_bolus(dose: Dose) -> bool:
    """ "Een bolus van 10 mg dexamethason i.v.": one dose of 10 mg, intravenous."""
    return (
        dose.route == "intravenous" and dose.low_mg == dose.high_mg == 10 and dose.per_day is None
    )


def is_maintenance(dose: Dose) -> bool:
    """ "1 dd 8-16 mg dexamethason p.o.": oral, once a day, within 8-16 mg."""
    return dose.route == "oral" and 8 <= dose.low_mg <= dose.high_mg <= 16 and dose.per_day == 1


def within_scheme(doses: tuple[Dose, ...]) -> bool:
    """Each instruction is one of the two parts of the scheme."""
    return all(is_bolus(d) or is_maintenance(d) for d in doses)


def _dose(instruction: Mapping[str, Any]) -> Dose | None:
    if instruction.get("asNeededBoolean") is True or "asNeededCodeableConcept" in instruction:
        return None
    route = _route(instruction.get("route"))
    amount = _amount(instruction.get("doseAndRate"))
    timing = _timing(instruction.get("timing"))
    if route is None or amount is None or timing is None:
        return None
    per_day = None if timing == "single" else timing
    return Dose(route, amount[0], amount[1], per_day)


def _route(concept: Any) -> Route | None:
    snomed = [c.get("code") for c in codings(concept) if c.get("system") == SNOMED]
    if len(set(snomed)) != 1 or not isinstance(snomed[0], str):
        return None
    return _ROUTES.get(snomed[0], "other")


def _amount(dose_and_rate: Any) -> tuple[float, float] | None:
    if not isinstance(dose_and_rate, list) or len(dose_and_rate) != 1:
        return None
    entry = dose_and_rate[0]
    if not isinstance(entry, Mapping):
        return None
    quantity, dose_range = entry.get("doseQuantity"), entry.get("doseRange")
    if quantity is not None and dose_range is None:
        mg = _mg(quantity)
        return None if mg is None else (mg, mg)
    if dose_range is not None and quantity is None and isinstance(dose_range, Mapping):
        low, high = _mg(dose_range.get("low")), _mg(dose_range.get("high"))
        return None if low is None or high is None or low > high else (low, high)
    return None


def _mg(quantity: Any) -> float | None:
    if not isinstance(quantity, Mapping):
        return None
    value = quantity.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    system, code, unit = quantity.get("system"), quantity.get("code"), quantity.get("unit")
    coded = code == "mg" and system in (None, UCUM)
    uncoded = code is None and system is None and unit == "mg"
    return float(value) if coded or uncoded else None


def _timing(timing: Any) -> float | Literal["single"] | None:
    """Doses per day, "single" for one dose, or None when it cannot be read."""
    if not isinstance(timing, Mapping):
        return None
    repeat = timing.get("repeat")
    if repeat is not None:
        return _repeat(repeat)
    gts = [c.get("code") for c in codings(timing.get("code")) if c.get("system") == _GTS]
    if len(gts) == 1 and isinstance(gts[0], str):
        return _GTS_PER_DAY.get(gts[0])
    return None


def _repeat(repeat: Any) -> float | Literal["single"] | None:
    if not isinstance(repeat, Mapping) or {"frequencyMax", "periodMax"} & repeat.keys():
        return None
    frequency, period, unit = (
        repeat.get("frequency"),
        repeat.get("period"),
        repeat.get("periodUnit"),
    )
    if frequency is None and period is None:
        return "single" if repeat.get("count") == 1 else None
    if isinstance(frequency, bool) or not isinstance(frequency, int) or frequency < 1:
        return None
    if isinstance(period, bool) or not isinstance(period, int | float) or period <= 0:
        return None
    days = _PERIOD_DAYS.get(unit) if isinstance(unit, str) else None
    return None if days is None else frequency / (period * days)
