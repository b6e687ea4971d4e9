"""The liver-metastases CDS service (patient-view).

Service ids are stable once published (EHRs store them); never rename them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.liver_metastases import pathway
from hooks.liver_metastases.card import patient_view_cards
from hooks.liver_metastases.facts import OBSERVATION_VALUE_SETS, read_facts
from hooks.liver_metastases.policy import get_policy
from hooks.liver_metastases.review import review_document
from hooks.query_codes import value_set_tokens
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card
from service.cds.query_plan import CodeQuery

PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
    "procedures": "Procedure?patient={{context.patientId}}",
    "serviceRequests": "ServiceRequest?patient={{context.patientId}}",
    "medications": "MedicationRequest?patient={{context.patientId}}",
    # Chemotherapy given elsewhere is often only in the home medication (zib MedicatieGebruik).
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
}
NARROWING = {"observations": CodeQuery("code", lambda: value_set_tokens(OBSERVATION_VALUE_SETS))}
TABLES = pathway.TABLES
RULE_IDS = tuple(row.id for table in TABLES for row in table.rows)


def evaluate(call: HookCall) -> Sequence[Card]:
    policy = get_policy()
    return patient_view_cards(call, read_facts(call, policy), policy)


PATIENT_VIEW = CDSService(
    id="liver-metastases-patient-view",
    hook="patient-view",
    title="Levermetastasen: leverpanel en nazorg (zorgpad ziekenhuis)",
    description=(
        "LUMC care pathway 'Secundaire leverkanker' (hospital pathway): for (suspected) liver "
        "metastases, a referral to the liver panel (a site setting) with the checklist of what "
        "it must contain and the treatment options with their conditions; after treatment, "
        "follow-up every 4 months for 2 years and the warning signs."
    ),
    evaluate=evaluate,
    prefetch=PREFETCH,
    narrowing=NARROWING,
    resolve_references=("Medication",),
    usage_requirements=(
        "Send SNOMED CT / ICD-10(-NL) coded Conditions, Procedures with bodySite or "
        "reasonReference, ServiceRequests (referrals, follow-up CT), and ATC-coded "
        "MedicationRequests and MedicationStatements; cards are in Dutch unless "
        "Accept-Language asks for English."
    ),
    required_keys=("conditions",),
    rule_ids=RULE_IDS,
)

SERVICES: tuple[CDSService, ...] = (PATIENT_VIEW,)


def DOCUMENTS() -> dict[str, str]:
    """The clinician review document of this topic."""
    return {"docs/guidelines/levermetastasen.md": review_document()}
