"""The orders this guideline proposes, as FHIR resources validated with fhir.resources R4B.

Codes and dosages come from the guideline (clinical model §3); priorities and the PPI agent are
local policy, and every note names the rule it implements.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from hooks.codes import ATC, SNOMED, Code
from hooks.orders import order_reference
from hooks.resources import IMAGING, INTRAVENOUS, ORAL, checked, medication_request, service_request
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.sources import GUIDELINE
from service.cds.contract import HookCall

MRI_SPINE = Code(SNOMED, "241645008", "Magnetic resonance imaging of spine")
CT_TAP = Code(SNOMED, "1148700003", "CT of thorax, abdomen and pelvis with intravenous contrast")
CT_SPINE = Code(SNOMED, "241577003", "CT of spine")
BIOPSY = Code(SNOMED, "86273004", "Biopsy")
DEXAMETHASONE = (
    Code(ATC, "H02AB02", "dexamethason"),
    Code(SNOMED, "372584003", "Dexamethasone (substance)"),
)
# NCIt "Tumor Board Review" (clinical model §3.2, verified); no SNOMED MDT concept is verified.
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
TUMOR_BOARD_REVIEW = Code(NCIT, "C93304", "Tumor Board Review")
MDT_PARTICIPANTS = (
    "radiotherapeut, wervelkolomchirurg, neuroloog/neuro-oncoloog en hoofdbehandelaar"
)
PROTOCOL_TEXT = "T1+T2 sagittaal gehele wervelkolom; T1 en/of T2 axiaal door klinisch aangedaan niveau en/of wervels met epidurale uitbreiding (SM-MRI-P)"


def _note(rule: str, text: str) -> str:
    return f"{rule} ({GUIDELINE}): {text}"


def mri(
    call: HookCall, rule: str, priority: str, start: datetime, end: datetime, reasons: list[str]
) -> dict[str, Any]:
    return service_request(
        call,
        MRI_SPINE,
        "MRI gehele wervelkolom",
        priority,
        _note(rule, "MRI wervelkolom bij verdenking op wervelmetastasen."),
        category=IMAGING,
        reasons=reasons,
        start=start,
        end=end,
        order_detail=PROTOCOL_TEXT,
    )


def staging_ct(call: HookCall, policy: SpinePolicy, reasons: list[str]) -> dict[str, Any]:
    return service_request(
        call,
        CT_TAP,
        "CT of PET-CT thorax, abdomen en bekken",
        policy.priority_staging_ct,
        _note(
            "SM-DX02",
            "met spoed, ziekte in kaart brengen en een voor biopsie beter toegankelijke laesie selecteren.",
        ),
        category=IMAGING,
        reasons=reasons,
    )


def surgical_ct(call: HookCall, policy: SpinePolicy, reasons: list[str]) -> list[dict[str, Any]]:
    return [
        service_request(
            call,
            CT_TAP,
            "(PET-)CT thorax/abdomen",
            policy.priority_surgical_ct,
            _note("SM-DX01", "recente (PET-)CT thorax/abdomen bij mogelijke operatie."),
            category=IMAGING,
            reasons=reasons,
        ),
        service_request(
            call,
            CT_SPINE,
            "Multi-slice volumescan aangedane wervel(s) +/- 2",
            policy.priority_surgical_ct,
            _note("SM-DX01", "multi-slice volume scan door de aangedane wervel(s) +/- 2."),
            category=IMAGING,
            reasons=reasons,
        ),
    ]


def biopsy(
    call: HookCall, rule: str, priority: str, start: datetime, end: datetime, reasons: list[str]
) -> dict[str, Any]:
    return service_request(
        call,
        BIOPSY,
        "Biopt voor histologisch (en eventueel microbiologisch) onderzoek",
        priority,
        _note(
            rule,
            "weefsel verkrijgen vóór de start van de behandeling en vóór corticosteroïden (SM-CS01).",
        ),
        reasons=reasons,
        start=start,
        end=end,
    )


def dexamethasone_scheme(call: HookCall, reasons: list[str]) -> list[dict[str, Any]]:
    """SM-CS02: 10 mg i.v. bolus, then 8–16 mg p.o. once daily; taper per SM-CS04."""
    return [
        medication_request(
            call,
            DEXAMETHASONE,
            "dexamethason 10 mg i.v. bolus",
            "10 mg i.v. bolus, eenmalig, direct",
            _note("SM-CS02", "bolus van 10 mg dexamethason i.v."),
            priority="stat",
            route=INTRAVENOUS,
            dose_mg=10,
            once=True,
            reasons=reasons,
        ),
        medication_request(
            call,
            DEXAMETHASONE,
            "dexamethason 8-16 mg p.o. 1 dd",
            "1 dd 8-16 mg p.o., na de bolus",
            _note(
                "SM-CS02/SM-CS04",
                "1 dd 8-16 mg dexamethason p.o.; na de operatie of na afloop van de radiotherapie in 1-2 weken volledig afbouwen op geleide van de klachten.",
            ),
            route=ORAL,
            dose_range_mg=(8, 16),
            daily=True,
            reasons=reasons,
        ),
    ]


def ppi(call: HookCall, policy: SpinePolicy) -> dict[str, Any]:
    """SM-CS03: the agent and dose are local policy; the guideline names neither."""
    dose = f"{policy.ppi_dose_mg:g} mg"
    return medication_request(
        call,
        (Code(ATC, policy.ppi_atc, policy.ppi_name),),
        f"{policy.ppi_name} {dose} p.o. 1 dd",
        f"1 dd {dose} p.o., naast de dexamethason",
        _note(
            "SM-CS03",
            f"protonpompremmer bijgeven bij risicofactoren; middel, dosis, toedieningsweg en frequentie volgens lokaal beleid ({policy.ppi_name} {dose} p.o. 1 dd), niet uit de richtlijn.",
        ),
        route=ORAL,
        dose_mg=policy.ppi_dose_mg,
        daily=True,
    )


def delete(order: dict[str, Any]) -> str:
    """The `resourceId` of a draft order we suggest removing."""
    return order_reference(order)


def with_scheme(
    order: dict[str, Any], rule: str, scheme_nl: str, basis_nl: str = "richtlijn"
) -> dict[str, Any]:
    """The draft radiotherapy order with the scheme added as an `orderDetail`, naming where
    it comes from (the 2015 guideline text, or the working group's addendum)."""
    updated = copy.deepcopy(order)
    details = [d for d in updated.get("orderDetail") or [] if isinstance(d, dict)]
    details.append({"text": f"Schema volgens {basis_nl} ({rule}): {scheme_nl}"})
    updated["orderDetail"] = details
    return updated


def mdt_consultation(call: HookCall, policy: SpinePolicy, reasons: list[str]) -> dict[str, Any]:
    """SM-T03: the urgent consultation; the choice is made with the patient."""
    return service_request(
        call,
        TUMOR_BOARD_REVIEW,
        f"Spoedoverleg {MDT_PARTICIPANTS}",
        policy.priority_mdt,
        _note(
            "SM-T03",
            "radiotherapie en chirurgie zijn beide goede opties; keuze in overleg met de patiënt op basis van spoedoverleg.",
        ),
        reasons=reasons,
        order_detail=f"Deelnemers: {MDT_PARTICIPANTS}; keuze samen met de patiënt.",
    )


def leaflet(call: HookCall) -> dict[str, Any]:
    """SM-FU04: hand the patient information leaflet (annex of the guideline) to the patient."""
    patient = f"Patient/{call.request.context['patientId']}"
    resource: dict[str, Any] = {
        "resourceType": "CommunicationRequest",
        "status": "draft",
        "subject": {"reference": patient},
        "recipient": [{"reference": patient}],
        "payload": [
            {
                "contentString": "Patiënteninformatiefolder wervelmetastasen (bijlage van de Richtlijn Wervelmetastasen)"
            }
        ],
        "note": [
            {
                "text": _note(
                    "SM-FU04",
                    "geef patiënten met aangetoonde wervelmetastasen de patiënteninformatiefolder.",
                )
            }
        ],
    }
    encounter = call.request.context.get("encounterId")
    if isinstance(encounter, str) and encounter:
        resource["encounter"] = {"reference": f"Encounter/{encounter}"}
    user = call.request.context.get("userId")
    if isinstance(user, str) and user.split("/")[0] in {"Practitioner", "PractitionerRole"}:
        resource["requester"] = {"reference": user}
    return checked(resource)
