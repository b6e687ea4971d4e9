"""The registry of CDS services: adding a service is one package and one line here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from hooks import input_contract, override_reasons
from hooks.brain_metastases import service as brain_metastases
from hooks.immunotherapy_resistance import service as immunotherapy_resistance
from hooks.liver_metastases import service as liver_metastases
from hooks.neuroendocrine_liver import service as neuroendocrine_liver
from hooks.rules import DecisionTable
from hooks.spinal_metastases import service as spinal_metastases
from service.cds.contract import CDSService

SERVICES: tuple[CDSService, ...] = (
    *spinal_metastases.SERVICES,
    *brain_metastases.SERVICES,
    *liver_metastases.SERVICES,
    *neuroendocrine_liver.SERVICES,
    *immunotherapy_resistance.SERVICES,
)
TABLES: tuple[DecisionTable[Any], ...] = (
    *spinal_metastases.TABLES,
    *brain_metastases.TABLES,
    *liver_metastases.TABLES,
    *neuroendocrine_liver.TABLES,
    *immunotherapy_resistance.TABLES,
)


def rules_code_system(canonical_base: str) -> dict[str, Any]:
    """Every rule id we can fire, so `card.source.topic` codes resolve to their advice."""
    return {
        "resourceType": "CodeSystem",
        "id": input_contract.RULES_CODE_SYSTEM_ID,
        "url": f"{canonical_base}/CodeSystem/{input_contract.RULES_CODE_SYSTEM_ID}",
        "name": "MetastasisCdsRules",
        "title": "Rule ids of the metastasis CDS services (clinical-model ids)",
        "status": "active",
        "content": "complete",
        "concept": [
            {
                "code": row.id,
                "display": row.advice_en,
                "definition": f"{row.source.guideline}, {row.source.section}: {row.source.quote_nl}",
            }
            for table in TABLES
            for row in table.rows
        ],
    }


# What our suggestions create: each model's validators are built on its first use.
PROPOSED_TYPES = ("ServiceRequest", "MedicationRequest", "CommunicationRequest")


def warm_up() -> None:
    """Build the R4B validators of the resources we propose before the first call needs them.

    fhir.resources builds a model's validators lazily: measured here, the first order-sign
    call after start-up took 8 ms against 2 ms warm.
    """
    minimal = {
        "ServiceRequest": {"status": "draft", "intent": "proposal"},
        "MedicationRequest": {"status": "draft", "intent": "proposal"},
        "CommunicationRequest": {"status": "draft"},
    }
    for name in PROPOSED_TYPES:
        resource = {
            "resourceType": name,
            "subject": {"reference": "Patient/warm-up"},
            **minimal[name],
        }
        if name == "MedicationRequest":
            resource["medicationCodeableConcept"] = {"text": "warm-up"}
        get_fhir_model_class(name).model_validate(resource)


def published_resources(canonical_base: str) -> Sequence[dict[str, Any]]:
    """The conformance resources the service serves under /fhir/."""
    return (
        input_contract.code_system(canonical_base),
        input_contract.questionnaire(canonical_base),
        override_reasons.code_system(canonical_base),
        rules_code_system(canonical_base),
    )


def documents() -> dict[str, str]:
    """Generated review documents, by repository path (kept current by tests/test_drift.py)."""
    return {
        "docs/input-contract.md": input_contract.render_markdown(),
        **spinal_metastases.DOCUMENTS(),
        **brain_metastases.DOCUMENTS(),
        **liver_metastases.DOCUMENTS(),
        **neuroendocrine_liver.DOCUMENTS(),
        **immunotherapy_resistance.DOCUMENTS(),
    }
