"""Suggestions that create FHIR resources, each checked against the FHIR R4 (R4B) model first.

We build the JSON ourselves and send it as built; `fhir.resources.R4B` only checks it, so a
resource that an EHR would reject never leaves the service. No `meta.profile` is declared: we
cannot validate against the Dutch profiles here.
"""

from __future__ import annotations

from typing import Any

from hooks.cards import stable_uuid
from hooks.resources import checked
from service.cds.contract import HookCall
from service.cds.models import Action, Suggestion


def create(
    call: HookCall,
    *,
    row_id: str,
    key: str,
    label: str,
    description: str,
    resource: dict[str, Any],
    recommended: bool | None = None,
) -> Suggestion:
    """A one-click suggestion that creates `resource` (a draft for the clinician to sign)."""
    return Suggestion(
        label=label,
        uuid=stable_uuid(call.request.hook_instance, row_id, key, "create"),
        is_recommended=recommended,
        actions=(Action(type="create", description=description, resource=checked(resource)),),
    )


def patient_reference(call: HookCall) -> dict[str, str]:
    return {"reference": f"Patient/{call.request.context.get('patientId')}"}


def requester_reference(call: HookCall) -> dict[str, str] | None:
    """The user as requester when the hook names a Practitioner or PractitionerRole."""
    user = call.request.context.get("userId")
    if isinstance(user, str) and user.split("/")[0] in {"Practitioner", "PractitionerRole"}:
        return {"reference": user}
    return None
