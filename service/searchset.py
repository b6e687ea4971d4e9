"""Whether a prefetch value or a FHIR answer is something we can read as a key's data at all.

Unreadable is not empty: a string, a Patient answered to `Condition?patient=`, or a Bundle
whose every entry is malformed would otherwise read as "no diagnoses", and a patient with cord
compression would get no card. Such a value makes its key unavailable, exactly as a missing
key does: we fetch it from `fhirServer` when we may, and otherwise the cards (or a 412) say the
data could not be read. What *is* readable is read entry by entry as before (service/prefetch.py):
one malformed entry among good ones is skipped and counted, not this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Expected:
    """What a prefetch template asks for: a search (a Bundle) or a read of one resource type."""

    resource_type: str
    search: bool


@lru_cache(maxsize=512)
def expected(template: str) -> Expected:
    """The resource type and the kind of answer a template asks for (templates are our own).

    `Condition?patient=…` and `Condition/_search?…` are searches, `Patient/{{context.patientId}}`
    is a read of a Patient.
    """
    path, query, _ = template.partition("?")
    parts = [part for part in path.strip().strip("/").split("/") if part]
    kind = parts[0] if parts else ""
    search = bool(query) or len(parts) != 2 or parts[1] == "_search"
    return Expected(kind, search)


def unreadable(value: Any, template: str) -> str | None:
    """Why `value` cannot be read as the answer to `template`, or None when it can.

    `None` (no data) and an empty Bundle are readable: they are the EHR saying "nothing". A
    Bundle is readable when its `entry` is absent, empty, or holds at least one well-formed
    resource of the type asked for (other types may come with it, e.g. `_include`d ones). The
    check stops at the first such entry, which is nearly always the first one.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        return "not a FHIR resource"
    kind = value.get("resourceType")
    if not isinstance(kind, str):
        return "a FHIR resource without a resourceType"
    want = expected(template)
    if kind != "Bundle":
        if want.search:
            return f"a {kind[:64]} where a Bundle of {want.resource_type} belongs"
        if want.resource_type and kind != want.resource_type:
            return f"a {kind[:64]} where a {want.resource_type} belongs"
        return None
    entries = value.get("entry")
    if entries is None:
        return None
    if not isinstance(entries, list):
        return "a Bundle whose entry is not a list"
    if not entries:
        return None
    well_formed = False
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            continue
        entry_kind = resource.get("resourceType")
        if not isinstance(entry_kind, str):
            continue
        if not want.resource_type or entry_kind == want.resource_type:
            return None
        well_formed = True
    if well_formed:
        return f"a Bundle without any {want.resource_type}"
    return "a Bundle whose every entry is malformed"
