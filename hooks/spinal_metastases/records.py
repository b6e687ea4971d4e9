"""Small helpers that turn FHIR records into facts, shared by `facts.py` and `treatment_facts.py`.

Part of the FHIR-reading layer of this guideline; tables and cards never import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from hooks import codes
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import (
    Condition,
    MedicationRequest,
    MedicationStatement,
    Observation,
    Procedure,
    select,
)

Record = Condition | Observation | Procedure | MedicationRequest | MedicationStatement
T = TypeVar("T")


def first_known(*facts: Fact[Any]) -> Fact[Any]:
    """The first fact that is known: an explicit answer outranks a derived one."""
    for fact in facts:
        if fact.known:
            return fact
    return unknown()


def evidence(resources: Iterable[Record]) -> tuple[Evidence, ...]:
    found = []
    for r in resources:
        when = getattr(r, "date", None) or getattr(r, "authored_on", None)
        found.append(Evidence(r.reference, when))
    return tuple(found)


def found(resources: Sequence[Record]) -> Fact[bool]:
    """A record proves the fact; no record leaves it unknown (it may live in another system)."""
    return Fact(True, evidence(resources)) if resources else unknown()


def medication(
    resources: Sequence[dict[str, Any]] | None, value_set: codes.ValueSet, *, whole: bool = True
) -> Fact[bool]:
    """Active MedicationRequest/-Statement in the set; unknown when the list could not be read."""
    if resources is None:
        return unknown()
    requests, bad = select(resources, MedicationRequest, "medicationCodeableConcept", value_set)
    statements, bad_statements = select(
        resources, MedicationStatement, "medicationCodeableConcept", value_set
    )
    active: list[MedicationRequest | MedicationStatement] = [r for r in requests if r.is_active]
    active += [s for s in statements if s.is_active]
    if active:
        return Fact(True, evidence(active))
    # "Not on the drug" needs a list we could read whole: a page we could not read, a
    # malformed record, or one that names its medicine only by reference may hold the drug.
    if not whole or bad or bad_statements or any(_uncoded(r) for r in resources):
        return unknown()
    return Fact(False)


def _uncoded(resource: dict[str, Any]) -> bool:
    """A medication record whose medicine we cannot read from a code."""
    if resource.get("resourceType") not in ("MedicationRequest", "MedicationStatement"):
        return False
    return not any(True for _ in codes.codings(resource.get("medicationCodeableConcept")))


def medication_found(
    resources: Sequence[dict[str, Any]] | None, value_set: codes.ValueSet
) -> Fact[bool]:
    """Like `medication`, but an empty list proves nothing: only a record makes the fact true.

    For medicines often prescribed outside the EHR's medication list, such as chemotherapy
    and immunotherapy ordered in the oncology system, no record is no proof of no therapy.
    """
    fact = medication(resources, value_set)
    return fact if fact.value else unknown()


def setting(name: str, value: Any) -> Fact[Any]:
    """A fact that comes from a site setting; the why-trace names the setting as its source."""
    return unknown() if value is None else Fact(value, (Evidence(name),))


def derived(value: Any, *sources: Fact[Any]) -> Fact[Any]:
    """A fact derived from others, carrying their evidence."""
    return Fact(value, tuple(e for s in sources for e in s.evidence))


def newest(dated: Iterable[tuple[datetime, T]]) -> tuple[datetime, T] | None:
    """The pair with the latest date, or None when there is none."""
    return max(dated, key=lambda pair: pair[0], default=None)
