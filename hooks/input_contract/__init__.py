"""The input contract: facts the guidelines need that have no standard code (clinical model §4).

A local FHIR `CodeSystem` names them, a `Questionnaire` asks exactly these facts (SDC
observation extraction: each answer becomes an `Observation` with the item's code), and the
facts layers read those Observations back. Standard codes are read where they exist; this
contract covers only the gaps. The canonical base URL is the product's own, the same in every
deployment (`service.settings.PRODUCT_CANONICAL_BASE`; the setting `CDS_CANONICAL_BASE_URL`).

The package: `model` (ids, an input fact), `diagnostics`, `treatment` and `closing` (the facts,
by part of the decision tree), `facts` (all of them), `resources` (CodeSystem, Questionnaire)
and `doc` (docs/input-contract.md, which also reads the spinal reader's fact sources and so is
imported only where the documents are rendered).
"""

from __future__ import annotations

from hooks.input_contract.facts import CLOSES, FACTS, FACTS_BY_CODE
from hooks.input_contract.model import (
    CODE_SYSTEM_ID,
    QUESTIONNAIRE_ID,
    RULES_CODE_SYSTEM_ID,
    Answer,
    AnswerType,
    InputFact,
    Lifetime,
)
from hooks.input_contract.resources import (
    code_system,
    code_system_url,
    questionnaire,
    questionnaire_url,
)

__all__ = [
    "CLOSES",
    "CODE_SYSTEM_ID",
    "FACTS",
    "FACTS_BY_CODE",
    "QUESTIONNAIRE_ID",
    "RULES_CODE_SYSTEM_ID",
    "Answer",
    "AnswerType",
    "InputFact",
    "Lifetime",
    "code_system",
    "code_system_url",
    "questionnaire",
    "questionnaire_url",
]
