"""Reading one hook call's data into three-valued facts, the same way in every topic package.

Absence of a record is unknown, never false: a fact is True with its evidence when a record
says so, False only when a record says the opposite (or, for medication lists that could be
read, when no matching active order is listed), and unknown otherwise. Entered-in-error and
refuted records never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from hooks.codes import ValueSet, codings
from hooks.common.lean import Condition
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Lean, parse_datetime, select
from service.cds.contract import HookCall

MCODE_HISTOLOGY = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"
)
M = TypeVar("M", bound=Lean)


class Dated(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def date(self) -> str | None: ...


class RecordReader:
    """The resources of one call by prefetch key, parsed only when selected by code."""

    def __init__(self, call: HookCall) -> None:
        self.call = call
        self.skipped = sum(d.skipped_malformed for d in call.data.values())

    def raw(self, key: str) -> tuple[dict[str, Any], ...] | None:
        """The resources of a prefetch key; None when they could not be read (unknown)."""
        data = self.call.data.get(key)
        return data.resources if data is not None and data.available else None

    def select(
        self, key: str, model: type[M], element: str, wanted: ValueSet | Iterable[ValueSet]
    ) -> list[M] | None:
        """Resources of `model` coded in `wanted`; None when the key could not be read."""
        resources = self.raw(key)
        if resources is None:
            return None
        chosen, bad = select(resources, model, element, wanted)
        self.skipped += bad
        return chosen

    @property
    def missing(self) -> tuple[str, ...]:
        return self.call.unavailable_keys


def evidence(resources: Iterable[Dated]) -> tuple[Evidence, ...]:
    """`Type/id (date)` for each resource: never names or identifiers."""
    return tuple(Evidence(r.reference, r.date) for r in resources)


def found(resources: Sequence[Dated]) -> Fact[bool]:
    """True with evidence when something was recorded; otherwise unknown, never false."""
    return Fact(True, evidence(resources)) if resources else unknown()


def listed(resources: Sequence[Dated] | None) -> Fact[bool]:
    """For a list that is complete when it could be read (active medication): True, False or
    unknown when the list itself could not be read."""
    if resources is None:
        return unknown()
    return Fact(bool(resources), evidence(resources))


def first_known(*facts: Fact[Any]) -> Fact[Any]:
    for fact in facts:
        if fact.known:
            return fact
    return unknown()


def current(
    conditions: Sequence[Condition] | None, value_set: ValueSet, *, suspected_ok: bool = True
) -> list[Condition]:
    """Active (or recurrent) conditions in the set; suspected ones only when `suspected_ok`."""
    return [
        c
        for c in conditions or ()
        if value_set.matches(c.code) and c.is_current and (suspected_ok or not c.is_suspected)
    ]


def ever(conditions: Sequence[Condition] | None, value_set: ValueSet) -> list[Condition]:
    """Conditions in the set in any clinical status (history counts), never refuted ones."""
    return [c for c in conditions or () if value_set.matches(c.code) and not c.never_counts]


def morphology(condition: Condition) -> list[Mapping[str, Any]]:
    """The histology codings of a cancer: the mCODE extension, or ICD-O-3 in `code` itself."""
    concepts: list[Mapping[str, Any]] = []
    for ext in condition.extension:
        if ext.get("url") == MCODE_HISTOLOGY and isinstance(ext.get("valueCodeableConcept"), dict):
            concepts.append(ext["valueCodeableConcept"])
    if condition.code:
        concepts.append(condition.code)
    return concepts


def has_morphology(condition: Condition, value_set: ValueSet) -> bool:
    return any(value_set.matches(concept) for concept in morphology(condition))


def newest(resources: Iterable[M]) -> M | None:
    """The resource with the latest clinical date (undated ones count as oldest)."""
    best: tuple[datetime, M] | None = None
    for r in resources:
        when = parse_datetime(getattr(r, "date", None)) or datetime.min.replace(tzinfo=UTC)
        if best is None or when > best[0]:
            best = (when, r)
    return best[1] if best else None


def references(items: Iterable[Mapping[str, Any]]) -> set[str]:
    """The `Type/id` references in a list of FHIR Reference objects."""
    return {str(i["reference"]) for i in items if isinstance(i.get("reference"), str)}


def has_coding(concept: Mapping[str, Any] | None, system: str, code: str) -> bool:
    return any(c.get("system") == system and c.get("code") == code for c in codings(concept))
