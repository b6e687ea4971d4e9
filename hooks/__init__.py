"""The registry of CDS services: adding a service is one package and one line here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from hooks import (
    input_contract,
    local_code_map,
    local_codes_doc,
    local_value_sets,
    override_reasons,
)
from hooks.brain_metastases import policy as brain_policy
from hooks.brain_metastases import service as brain_metastases
from hooks.immunotherapy_resistance import policy as io_policy
from hooks.immunotherapy_resistance import service as immunotherapy_resistance
from hooks.input_contract import doc as input_contract_doc
from hooks.liver_metastases import policy as liver_policy
from hooks.liver_metastases import service as liver_metastases
from hooks.neuroendocrine_liver import service as neuroendocrine_liver
from hooks.rules import DecisionTable
from hooks.spinal_metastases import policy as spine_policy
from hooks.spinal_metastases import service as spinal_metastases
from service.cds.contract import CDSService, GuidelineSource


def _citing(
    services: Sequence[CDSService],
    tables: Sequence[DecisionTable[Any]],
    *,
    published: str | None = None,
    last_reviewed: str | None = None,
) -> tuple[CDSService, ...]:
    """A package's services, each naming the one source its rows cite (for `GET /version`).

    Title, kind and URL come from the rows' `Source`; a date only where the package's citation
    gives one (see its `sources.py`). No source names a version, so none is given.
    """
    cited = {(r.source.guideline, r.source.strength, r.source.url) for t in tables for r in t.rows}
    if len(cited) != 1:
        raise ValueError(f"a guideline package cites one source, not {len(cited)}")
    ((title, kind, url),) = cited
    source = GuidelineSource(
        title=title, kind=kind, url=url, published=published, last_reviewed=last_reviewed
    )
    return tuple(replace(service, source=source) for service in services)


SERVICES: tuple[CDSService, ...] = (
    # The dates as each package's sources.py cites them. "... op basis van de richtlijn 2015":
    *_citing(spinal_metastases.SERVICES, spinal_metastases.TABLES, published="2015"),
    # "... nascholingsartikel, gepubliceerd 1 juni 2023":
    *_citing(brain_metastases.SERVICES, brain_metastases.TABLES, published="2023-06-01"),
    # "(webpagina, zonder datum)": no date.
    *_citing(liver_metastases.SERVICES, liver_metastases.TABLES),
    # "Proefschrift, september 2019":
    *_citing(neuroendocrine_liver.SERVICES, neuroendocrine_liver.TABLES, published="2019-09"),
    # "(nieuwsbericht, laatst beoordeeld 27-07-2025)": a review date, no publication date.
    *_citing(
        immunotherapy_resistance.SERVICES,
        immunotherapy_resistance.TABLES,
        last_reviewed="2025-07-27",
    ),
)
TABLES: tuple[DecisionTable[Any], ...] = (
    *spinal_metastases.TABLES,
    *brain_metastases.TABLES,
    *liver_metastases.TABLES,
    *neuroendocrine_liver.TABLES,
    *immunotherapy_resistance.TABLES,
)


# Cards that ask one question outside any table carry their own topic code.
QUESTION_TOPICS: dict[str, str] = {
    **spinal_metastases.QUESTION_TOPICS,
}


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
        ]
        # A card that cannot decide between a table's rows names the table, not its first row
        # (per-rule feedback counts stay right): the table ids are codes of this system too.
        + [
            {
                "code": table.id,
                "display": table.question_en,
                "definition": f"Decision table: {table.question_nl}",
            }
            for table in TABLES
        ]
        + [
            {"code": code, "display": display, "definition": "Question: " + display}
            for code, display in QUESTION_TOPICS.items()
        ],
    }


# What our suggestions create: each model's validators, and the modules of the elements it
# holds, are built on their first use.
PROPOSED_TYPES = ("ServiceRequest", "MedicationRequest", "CommunicationRequest")

_CODED = {
    "coding": [{"system": "http://snomed.info/sct", "code": "0", "display": "x"}],
    "text": "x",
}
_MG = {"value": 1, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}
_COMMON = {
    "status": "draft",
    "subject": {"reference": "Patient/warm-up"},
    "encounter": {"reference": "Encounter/warm-up"},
    "requester": {"reference": "Practitioner/warm-up"},
    "note": [{"text": "x"}],
}
# One resource of each type with every element our proposals use.
_WARM_UP: dict[str, dict[str, Any]] = {
    "ServiceRequest": {
        **_COMMON,
        "intent": "proposal",
        "priority": "stat",
        "category": [_CODED],
        "code": _CODED,
        "reasonReference": [{"reference": "Condition/warm-up"}],
        "occurrencePeriod": {"start": "2026-01-01T00:00:00+00:00", "end": "2026-01-01T12:00:00Z"},
        "orderDetail": [{"text": "x"}],
    },
    "MedicationRequest": {
        **_COMMON,
        "intent": "proposal",
        "priority": "stat",
        "medicationCodeableConcept": _CODED,
        "reasonReference": [{"reference": "Condition/warm-up"}],
        "dosageInstruction": [
            {
                "text": "x",
                "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "count": 1}},
                "route": _CODED,
                "doseAndRate": [{"doseQuantity": _MG}, {"doseRange": {"low": _MG, "high": _MG}}],
            }
        ],
    },
    "CommunicationRequest": {
        **_COMMON,
        "recipient": [{"reference": "Patient/warm-up"}],
        "payload": [{"contentString": "x"}],
    },
}


# Each guideline's local-policy settings, read once from the environment.
POLICIES: tuple[Callable[[], object], ...] = (
    spine_policy.get_policy,
    brain_policy.get_policy,
    liver_policy.get_policy,
    io_policy.get_policy,
)


# What warm_up raises for an operator's value-set file we will not read: the service's start
# catches it by this name (service/ imports nothing from hooks/ but this registry).
LocalValueSetError = local_value_sets.LocalValueSetError


def warm_up() -> None:
    """Read the local-policy settings and build the R4B validators before the first call.

    A malformed `CDS_SPINE_*` (or other policy) setting then stops the start with a
    ValidationError instead of failing the first call; and fhir.resources imports and builds a
    model's element validators lazily: the first order-sign call took 8 ms against 2 ms warm.
    """
    for policy in POLICIES:
        policy()
    # An operator's value-set file (CDS_LOCAL_VALUE_SETS_FILE): a bad one stops the start in
    # one line (LocalValueSetError), never a first call that reads half a code list.
    local_value_sets.load_configured()
    # The operator's ConceptMap of local answer codes (CDS_LOCAL_CODE_MAP_FILE): the same.
    local_code_map.load_configured()
    for name in PROPOSED_TYPES:
        get_fhir_model_class(name).model_validate({"resourceType": name, **_WARM_UP[name]})


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
        "docs/input-contract.md": input_contract_doc.render_markdown(),
        "docs/local-codes.md": local_codes_doc.render_markdown(),
        **spinal_metastases.DOCUMENTS(),
        **brain_metastases.DOCUMENTS(),
        **liver_metastases.DOCUMENTS(),
        **neuroendocrine_liver.DOCUMENTS(),
        **immunotherapy_resistance.DOCUMENTS(),
    }
