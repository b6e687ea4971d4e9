"""What each CDS service requires of a call, written into the OpenAPI document from the registry.

The hook-call route is one path for every service, so its schema cannot say that one service
needs `draftOrders` and another only `patientId`; integrators learned it from a 400. The table
comes out of the same `CDSService` objects that answer calls, so it cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.cds.contract import CDSService

CALL_PATH = "/cds-services/{service_id}"


def add_service_contract(
    document: dict[str, Any], services: Sequence[CDSService]
) -> dict[str, Any]:
    """Append each service's hook, required context and required prefetch keys to the call."""
    operation = document.get("paths", {}).get(CALL_PATH, {}).get("post")
    if operation is None:
        return document
    lines = [
        "",
        "",
        "Each service answers one hook and needs these context members (400 when one is "
        "missing or of the wrong shape); without any of its required prefetch keys, readable "
        "from the prefetch or `fhirServer`, it answers 412:",
        "",
        "| service | hook | required context | required prefetch keys |",
        "|---|---|---|---|",
    ]
    for service in services:
        keys = service.required_keys or tuple(service.prefetch)
        lines.append(
            f"| `{service.id}` | `{service.hook}` | "
            f"{', '.join(f'`{c}`' for c in service.required_context) or '-'} | "
            f"{', '.join(f'`{k}`' for k in keys) or '-'} |"
        )
    operation["description"] = operation.get("description", "").rstrip() + "\n".join(lines)
    operation["x-required-context"] = {s.id: list(s.required_context) for s in services}
    return document
