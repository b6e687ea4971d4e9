"""The entries of a prefetch value or a FHIR answer, and whether each is this patient's.

Entries are read one by one: a malformed one is skipped and counted, the rest still count; an
OperationOutcome says the EHR failed; a resource that names another patient is left out (and
counted), never read as this patient's fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from service.prefetch_templates import FHIR_ID

_R = TypeVar("_R", bound=Mapping[str, Any])
# `Patient/{id}` at the end of a relative or absolute reference, optionally with its version.
_PATIENT_REFERENCE = re.compile(r"(?:^|/)Patient/([^/?#]+)(?:/_history/[^/?#]+)?$")


def is_outcome(value: Any) -> bool:
    """An OperationOutcome, or a Bundle whose only entries are OperationOutcomes."""
    if not isinstance(value, dict):
        return False
    if value.get("resourceType") == "OperationOutcome":
        return True
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        if not isinstance(entries, list):
            return False
        # Stops at the first entry that is not an OperationOutcome: every ordinary Bundle is
        # asked this on every call, and its first entry answers.
        outcomes = False
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            resource = entry.get("resource")
            if not isinstance(resource, dict) or resource.get("resourceType") != "OperationOutcome":
                return False
            outcomes = True
        return outcomes
    return False


def read_entries(value: Any) -> tuple[tuple[dict[str, Any], ...], int]:
    """The resources of a prefetch value, and how many entries were malformed and skipped."""
    if value is None:
        return (), 0
    if not isinstance(value, dict):
        return (), 1
    if value.get("resourceType") != "Bundle":
        return ((value,), 0) if isinstance(value.get("resourceType"), str) else ((), 1)
    good: list[dict[str, Any]] = []
    skipped = 0
    entries = value.get("entry")
    if entries is None:
        return (), 0
    if not isinstance(entries, list):
        return (), 1
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            skipped += 1
            continue
        kind = resource.get("resourceType")
        if not isinstance(kind, str):
            skipped += 1
        elif kind != "OperationOutcome":
            good.append(resource)
    return tuple(good), skipped


def names_another_patient(resource: Mapping[str, Any], patient_id: str) -> bool:
    """True when `subject` or `patient` references a Patient other than `Patient/{patient_id}`.

    Spec § Prefetch: the service checks prefetched data against its template, and a template
    asks for `patient={{context.patientId}}`; an EHR or server bug that mixes in another
    patient's record must not become this patient's facts. A full URL or a versioned reference
    to the same patient is the same patient; a reference we cannot read as a Patient (a Group, a
    `urn:uuid:`, an identifier only) and a resource without subject or patient are kept.
    """
    return not of_this_patient([resource], patient_id)


def _same_patient_reference(patient_id: str) -> str | None:
    """`Patient/{patient_id}` when that exact text can only name this patient, else None.

    The fast path of the patient check: nearly every reference is exactly this text. For a
    FHIR id (no `/`, `?`, `#` or blank) the pattern reads it as this patient, so a string
    comparison gives the same answer; any other id leaves every reference to the pattern.
    """
    return f"Patient/{patient_id}" if FHIR_ID.fullmatch(patient_id) else None


def of_this_patient(resources: Iterable[_R], patient_id: str) -> list[_R]:
    """The resources that `names_another_patient` keeps, in their order.

    One loop for a key's resources (dozens a call, each checked), not a call per resource.
    """
    same = _same_patient_reference(patient_id)
    kept: list[_R] = []
    for resource in resources:
        for element in ("subject", "patient"):
            reference = resource.get(element)
            if not isinstance(reference, dict):
                continue
            text = reference.get("reference")
            if text == same or not isinstance(text, str):
                continue
            named = _PATIENT_REFERENCE.search(text.strip())
            if named is not None and named.group(1) != patient_id:
                break
        else:
            kept.append(resource)
    return kept
