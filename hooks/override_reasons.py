"""Override reasons we offer on cards, in a local CodeSystem so feedback can be analysed per reason."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from service.cds.contract import Language
from service.cds.models import OverrideReason

CODE_SYSTEM_ID = "metastasis-cds-override-reasons"

REASONS: dict[str, tuple[str, str]] = {
    "adequate-imaging-available": (
        "Adequate recente beeldvorming is al aanwezig",
        "Adequate recent imaging is already available",
    ),
    "biopsy-already-done": ("Biopt is al verricht", "Biopsy has already been done"),
    "clinically-necessary": (
        "Klinisch noodzakelijk, afweging gemaakt",
        "Clinically necessary, weighed up",
    ),
    "facts-differ": ("Gegevens in het dossier kloppen niet", "The recorded facts are not correct"),
    "patient-declines": ("Patiënt wil dit niet", "Patient declines"),
}


# The same few lists on every card of every call: built (and validated) once each.
@lru_cache(maxsize=256)
def reasons(canonical_base: str, language: Language, *codes: str) -> tuple[OverrideReason, ...]:
    system = f"{canonical_base}/CodeSystem/{CODE_SYSTEM_ID}"
    return tuple(
        OverrideReason(
            system=system, code=code, display=REASONS[code][0 if language == "nl" else 1]
        )
        for code in codes
    )


def code_system(canonical_base: str) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "id": CODE_SYSTEM_ID,
        "url": f"{canonical_base}/CodeSystem/{CODE_SYSTEM_ID}",
        "name": "MetastasisCdsOverrideReasons",
        "title": "Reasons a clinician may give for not following a card",
        "status": "active",
        "content": "complete",
        "concept": [
            {"code": code, "display": en, "designation": [{"language": "nl", "value": nl}]}
            for code, (nl, en) in REASONS.items()
        ],
    }
