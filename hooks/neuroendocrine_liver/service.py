"""The NET liver-metastases CDS service (patient-view, information only).

Service ids are stable once published (EHRs store them); never rename them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.neuroendocrine_liver import radioembolization
from hooks.neuroendocrine_liver.card import patient_view_cards
from hooks.neuroendocrine_liver.facts import read_facts
from hooks.neuroendocrine_liver.review import review_document
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card

PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "medications": "MedicationRequest?patient={{context.patientId}}",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
}
TABLES = radioembolization.TABLES
RULE_IDS = tuple(row.id for table in TABLES for row in table.rows)


def evaluate(call: HookCall) -> Sequence[Card]:
    return patient_view_cards(call, read_facts(call))


PATIENT_VIEW = CDSService(
    id="neuroendocrine-liver-metastases-patient-view",
    hook="patient-view",
    title="NET met levermetastasen: radioembolisatie (proefschrift)",
    description=(
        "Thesis 'Hepatic Radioembolization in Neuroendocrine Neoplasms' (2019, research "
        "evidence): for a NET with liver metastases, that only 20-30% are candidates for curative "
        "resection and what radioembolization (± 177Lu-DOTATATE) showed; an option to discuss in "
        "the MDT. Information only, no orders."
    ),
    evaluate=evaluate,
    prefetch=PREFETCH,
    usage_requirements=(
        "Send Conditions with ICD-O-3 morphology (mCODE histology extension) or SNOMED/ICD-10 "
        "codes, and ATC-coded medication; cards are in Dutch unless Accept-Language asks for English."
    ),
    required_keys=("conditions",),
    rule_ids=RULE_IDS,
)

SERVICES: tuple[CDSService, ...] = (PATIENT_VIEW,)


def DOCUMENTS() -> dict[str, str]:
    """The clinician review document of this topic."""
    return {"docs/guidelines/net-radioembolisatie.md": review_document()}
