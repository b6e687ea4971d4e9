"""The brain-metastases CDS services: chart opening, and the orders the article speaks about.

Service ids are stable once published (EHRs store them); never rename them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.brain_metastases import treatment
from hooks.brain_metastases.card import order_cards, patient_view_cards
from hooks.brain_metastases.codes import DEXAMETHASONE, SYSTEMIC_NAMED_IN_SOURCE
from hooks.brain_metastases.facts import read_facts
from hooks.brain_metastases.policy import get_policy
from hooks.brain_metastases.review import review_document
from hooks.codes import union_of
from hooks.common.codes import MOLECULAR_RESULT
from hooks.order_reading import (
    OrderMatch,
    Wanted,
    any_relevant,
    mark_text_matched,
    matching,
    order_service,
)
from hooks.orders import draft_orders
from hooks.query_codes import value_set_tokens
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card, HookRequest
from service.cds.query_plan import CodeQuery

PATIENT_PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
    "serviceRequests": "ServiceRequest?patient={{context.patientId}}",
}
ORDER_PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
}
# The facts layer selects its Observations by MOLECULAR_RESULT: the query asks for just those.
NARROWING = {"observations": CodeQuery("code", lambda: value_set_tokens((MOLECULAR_RESULT,)))}
TABLES = treatment.TABLES
RULE_IDS = tuple(row.id for table in TABLES for row in table.rows)
_SOURCE = "Compter, Sol, Brandsma. Systemische behandeling van hersenmetastasen. Nervus 2023; 8(2) (review article)"
_USAGE = (
    "Send SNOMED CT / ICD-10(-NL) coded Conditions (brain metastases, primary tumour, "
    "manifestations in Condition.evidence) and LOINC-coded molecular results (mCODE "
    "GenomicVariant / TumorMarkerTest); cards are in Dutch unless Accept-Language asks for English."
)


_WANTED: tuple[Wanted, ...] = (
    (
        "MedicationRequest",
        "medicationCodeableConcept",
        union_of((DEXAMETHASONE, SYSTEMIC_NAMED_IN_SOURCE)),
    ),
)


def _orders(request: HookRequest) -> list[OrderMatch]:
    """Dexamethasone and the systemic drugs the article names, in the order the EHR sent them:
    by ATC, SNOMED CT or RxNorm clinical drug, or by name with a systemic route (text match)."""
    return matching(draft_orders(request), _WANTED[0])


def has_relevant_orders(request: HookRequest) -> bool:
    """Only a dexamethasone or a named systemic order makes reading patient data worthwhile;
    the orders we cannot classify are counted (hooks.order_reading), not carded."""
    return any_relevant(
        order_service("brain-metastases", request.hook), draft_orders(request), _WANTED
    )


def evaluate_patient(call: HookCall) -> Sequence[Card]:
    policy = get_policy()
    return patient_view_cards(call, read_facts(call, policy), policy)


def evaluate_orders(call: HookCall) -> Sequence[Card]:
    orders = _orders(call.request)
    if not orders:
        return []
    facts = read_facts(call, get_policy())
    return [
        card
        for m in orders
        for card in mark_text_matched(order_cards(call, facts, [m.order]), m, call.language)
    ]


PATIENT_VIEW = CDSService(
    id="brain-metastases-patient-view",
    hook="patient-view",
    title="Hersenmetastasen: systemische behandeling (overzichtsartikel)",
    description=(
        f"{_SOURCE}: for a patient with brain metastases, the multidisciplinary treatment "
        "decision, dexamethasone for symptomatic metastases (no dose in the source), the systemic "
        "options the article names and whether the molecular profile is known."
    ),
    evaluate=evaluate_patient,
    prefetch=PATIENT_PREFETCH,
    narrowing=NARROWING,
    usage_requirements=_USAGE,
    required_keys=("conditions",),
    rule_ids=RULE_IDS,
)


def _order_service(hook: str, title: str) -> CDSService:
    return CDSService(
        id=f"brain-metastases-{hook}",
        hook=hook,
        title=title,
        description=(
            f"{_SOURCE}: when dexamethasone, an immune checkpoint inhibitor, a BRAF inhibitor or "
            "trastuzumab deruxtecan is ordered for a patient with brain metastases: the article's "
            "dexamethasone statement (no dose), what to weigh, or that the molecular profile is unknown."
        ),
        evaluate=evaluate_orders,
        prefetch=ORDER_PREFETCH,
        narrowing=NARROWING,
        usage_requirements=_USAGE,
        required_keys=("conditions",),
        rule_ids=("BM-02", "BM-06", "BM-07"),
        required_context=("patientId", "draftOrders"),
        is_relevant=has_relevant_orders,
    )


ORDER_SELECT = _order_service(
    "order-select", "Hersenmetastasen: advies bij het kiezen van een order"
)
ORDER_SIGN = _order_service(
    "order-sign", "Hersenmetastasen: advies bij het ondertekenen van orders"
)

SERVICES: tuple[CDSService, ...] = (PATIENT_VIEW, ORDER_SELECT, ORDER_SIGN)


def DOCUMENTS() -> dict[str, str]:
    """The clinician review document of this topic."""
    return {"docs/guidelines/hersenmetastasen.md": review_document()}
