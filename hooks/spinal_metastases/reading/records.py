"""Small helpers that turn FHIR records into facts, shared by `facts.py` and `treatment_facts.py`.

Part of the FHIR-reading layer of this guideline; tables and cards never import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from hooks import codes
from hooks.common.medication import MedicationLists, read_records
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import (
    Condition,
    MedicationRequest,
    MedicationStatement,
    Observation,
    Procedure,
)
from hooks.policy_words import POLICY_WORDS

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


def medication(lists: MedicationLists | None, value_set: codes.ValueSet) -> Fact[bool]:
    """A medicine in the set in use now: yes, no or unknown (`hooks.common.medication`).

    From the active MedicationRequests and the MedicationStatements (home medication) alike.
    "No" only when both lists were read completely and every record in use was classified; a
    record coded only in G-Standaard, by an RxNorm ingredient or through a Medication we do
    not have is unknown, and the why-trace names it.
    """
    return unknown() if lists is None else lists.use(value_set)


def medication_found(
    resources: Sequence[dict[str, Any]] | None, value_set: codes.ValueSet
) -> Fact[bool]:
    """Like `medication`, but an empty list proves nothing: only a record makes the fact true.

    For medicines often prescribed outside the EHR's medication list, such as chemotherapy
    and immunotherapy ordered in the oncology system, no record is no proof of no therapy.
    """
    if resources is None:
        return unknown()
    fact = read_records(resources).use(value_set)
    return unknown() if fact.value is False else fact


def setting(name: str, value: Any) -> Fact[Any]:
    """A fact that comes from a site setting; the why-trace says so in words (never its name)."""
    if value is None:
        return unknown()
    nl, en = POLICY_WORDS[name]
    return Fact(value, (Evidence("", note=(f"lokaal beleid: {nl}", f"local policy: {en}")),))


def derived(value: Any, *sources: Fact[Any]) -> Fact[Any]:
    """A fact derived from others, carrying their evidence."""
    return Fact(value, tuple(e for s in sources for e in s.evidence))


def newest(dated: Iterable[tuple[datetime, T]]) -> tuple[datetime, T] | None:
    """The pair with the latest date, or None when there is none."""
    return max(dated, key=lambda pair: pair[0], default=None)
