"""The immunotherapy-resistance CDS services: chart opening and PD-1 inhibitor orders.

Service ids are stable once published (EHRs store them); never rename them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hooks.common.codes import MOLECULAR_RESULT
from hooks.immunotherapy_resistance import cold_tumour
from hooks.immunotherapy_resistance.card import cards
from hooks.immunotherapy_resistance.codes import pd1_inhibitors
from hooks.immunotherapy_resistance.facts import read_facts
from hooks.immunotherapy_resistance.policy import get_policy
from hooks.immunotherapy_resistance.review import review_document
from hooks.order_reading import any_relevant, order_service
from hooks.orders import draft_orders, order_reference, orders_coded
from hooks.query_codes import value_set_tokens
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card, HookRequest
from service.cds.query_plan import CodeQuery

PATIENT_PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
    "medications": "MedicationRequest?patient={{context.patientId}}",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
}
ORDER_PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
}
# The facts layer selects its Observations by MOLECULAR_RESULT: the query asks for just those.
NARROWING = {"observations": CodeQuery("code", lambda: value_set_tokens((MOLECULAR_RESULT,)))}
TABLES = cold_tumour.TABLES
RULE_IDS = tuple(row.id for table in TABLES for row in table.rows)
_SOURCE = "iLive news item on a Nature Cancer study (NKI phase II, radiotherapy then pembrolizumab; research news, not a guideline)"
_USAGE = (
    "Send SNOMED CT / ICD-10(-NL) coded Conditions (NSCLC, or C34 with ICD-O-3 morphology), "
    "LOINC-coded TMB (94076-7), PD-L1 (83053-9, 83052-1, 83054-7) and GenomicVariant results, "
    "and ATC-coded medication; cards are in Dutch unless Accept-Language asks for English."
)


def _pd1_orders(request: HookRequest) -> list[dict[str, Any]]:
    wanted = pd1_inhibitors(get_policy().pd1_atc)
    return orders_coded(
        draft_orders(request), "MedicationRequest", "medicationCodeableConcept", wanted
    )


def has_pd1_orders(request: HookRequest) -> bool:
    """Only a PD-1 inhibitor order makes reading patient data worthwhile; the medication orders
    we cannot classify are counted (hooks.order_reading), not carded."""
    wanted = (
        "MedicationRequest",
        "medicationCodeableConcept",
        pd1_inhibitors(get_policy().pd1_atc),
    )
    return any_relevant(
        order_service("immunotherapy-resistance", request.hook), draft_orders(request), (wanted,)
    )


def evaluate_patient(call: HookCall) -> Sequence[Card]:
    policy = get_policy()
    return cards(call, read_facts(call, policy), policy, "patient-view")


def evaluate_orders(call: HookCall) -> Sequence[Card]:
    policy = get_policy()
    return [
        card
        for order in _pd1_orders(call.request)
        for card in cards(call, read_facts(call, policy, order), policy, order_reference(order))
    ]


PATIENT_VIEW = CDSService(
    id="immunotherapy-resistance-patient-view",
    hook="patient-view",
    title="Koude NSCLC onder PD-1-remmer: radiotherapie-onderzoek (onderzoeksnieuws)",
    description=(
        f"{_SOURCE}: for NSCLC with a marker of a 'cold' tumour (low TMB, absent PD-L1, Wnt "
        "mutation) on a PD-1 inhibitor, the research finding on radiotherapy followed by "
        "pembrolizumab; consider MDT or trial discussion. Information only."
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
        id=f"immunotherapy-resistance-{hook}",
        hook=hook,
        title=title,
        description=(
            f"{_SOURCE}: when a PD-1 inhibitor is ordered for NSCLC with a marker of a 'cold' "
            "tumour, the research finding on radiotherapy followed by pembrolizumab; consider MDT "
            "or trial discussion. Information only."
        ),
        evaluate=evaluate_orders,
        prefetch=ORDER_PREFETCH,
        narrowing=NARROWING,
        usage_requirements=_USAGE,
        required_keys=("conditions",),
        rule_ids=RULE_IDS,
        required_context=("patientId", "draftOrders"),
        is_relevant=has_pd1_orders,
    )


ORDER_SELECT = _order_service(
    "order-select", "Koude NSCLC en PD-1-remmer: onderzoeksnieuws bij het kiezen van de order"
)
ORDER_SIGN = _order_service(
    "order-sign", "Koude NSCLC en PD-1-remmer: onderzoeksnieuws bij het ondertekenen"
)

SERVICES: tuple[CDSService, ...] = (PATIENT_VIEW, ORDER_SELECT, ORDER_SIGN)


def DOCUMENTS() -> dict[str, str]:
    """The clinician review document of this topic."""
    return {"docs/guidelines/radiotherapie-koude-nsclc.md": review_document()}
