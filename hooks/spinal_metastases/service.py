"""The Wervelmetastasen CDS services: one per hook, dispatching on what is in the draft orders.

Service ids are stable once published (EHRs store them); never rename them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks import codes
from hooks.order_reading import Wanted, any_relevant, mark_text_matched, matching, order_service
from hooks.orders import draft_orders
from hooks.query_codes import input_contract_tokens, value_set_tokens
from hooks.spinal_metastases.diagnosis.mri_card import in_scope, mri_cards
from hooks.spinal_metastases.diagnosis.scope_card import conditions_unreadable, scope_unknown_cards
from hooks.spinal_metastases.diagnosis.site_question import DISPLAY as SITE_DISPLAY
from hooks.spinal_metastases.diagnosis.site_question import TOPIC as SITE_TOPIC
from hooks.spinal_metastases.follow_up.cards import imaging_not_indicated, imaging_order_cards
from hooks.spinal_metastases.patient_view import patient_view_cards
from hooks.spinal_metastases.policy import get_policy
from hooks.spinal_metastases.reading.performance import SCORE_VALUE_SETS
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.review import TABLES as REVIEWED_TABLES
from hooks.spinal_metastases.review import review_document
from hooks.spinal_metastases.treatment.cards import consultation_cards
from hooks.spinal_metastases.treatment.radiotherapy_card import radiotherapy_cards
from hooks.spinal_metastases.treatment.steroid_cards import in_steroid_scope, steroid_order_cards
from hooks.spinal_metastases.treatment.surgery_card import referral_cards
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card, HookRequest
from service.cds.query_plan import CodeQuery

PREFETCH = {
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}",
    "medications": "MedicationRequest?patient={{context.patientId}}&status=active",
    # Home medication (zib MedicatieGebruik): the thrombosis service's anticoagulant, the GP's
    # PPI; read with the same status rules as the IO and NET services.
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
    "procedures": "Procedure?patient={{context.patientId}}",
}
# The Observations the facts layer reads: questionnaire answers (reading/answers.py) and
# performance scores, which a panel holds in a component: `combo-code` searches both.
NARROWING = {
    "observations": CodeQuery(
        "combo-code", lambda: (*input_contract_tokens(), *value_set_tokens(SCORE_VALUE_SETS))
    )
}
# MP9 and NKR records name their medicine by `medicationReference`: the service layer reads a
# referenced Medication that is neither contained nor in the prefetch (hooks.common.medication).
REFERENCES = ("Medication",)
TABLES = REVIEWED_TABLES
QUESTION_TOPICS = {SITE_TOPIC: SITE_DISPLAY}
RULE_IDS = tuple(row.id for table in TABLES for row in table.rows)
_USAGE = (
    "Send SNOMED CT / ICD-10(-NL) coded Conditions and the input-contract Observations "
    "(see /fhir/Questionnaire/spinal-metastases-intake); cards are in Dutch unless "
    "Accept-Language asks for English."
)


_MRI: Wanted = ("ServiceRequest", "code", codes.MRI_SPINE)
_RADIOTHERAPY: Wanted = ("ServiceRequest", "code", codes.RADIOTHERAPY_COURSE)
# Patient referrals; whether one concerns the spinal metastases is read with the facts.
_REFERRAL: Wanted = ("ServiceRequest", "code", codes.PATIENT_REFERRAL)
_STEROID: Wanted = ("MedicationRequest", "medicationCodeableConcept", codes.SYSTEMIC_CORTICOSTEROID)
_WANTED = (_MRI, _RADIOTHERAPY, _REFERRAL, _STEROID)


def has_spine_orders(request: HookRequest) -> bool:
    """Only orders this guideline advises on make a call worth reading patient data for; the
    orders no code or text tells us about are counted (hooks.order_reading), not carded."""
    return any_relevant(
        order_service("spinal-metastases", request.hook), draft_orders(request), _WANTED
    )


def evaluate_orders(call: HookCall) -> Sequence[Card]:
    """Cards for the spine-relevant orders in the draft orders; none for other orders."""
    orders = draft_orders(call.request)
    mri_orders, steroid_orders = matching(orders, _MRI), matching(orders, _STEROID)
    rt_orders, referrals = matching(orders, _RADIOTHERAPY), matching(orders, _REFERRAL)
    if not (mri_orders or steroid_orders or rt_orders or referrals):
        return []
    policy = get_policy()
    facts = read_facts(call, policy)
    if conditions_unreadable(call) and not (in_scope(facts) or in_steroid_scope(facts)):
        return scope_unknown_cards(call, facts)
    lang = call.language
    cards: list[Card] = []
    if in_scope(facts):
        for m in mri_orders:
            # After treatment without complaints the urgency windows do not apply (SM-FU01).
            found = [] if imaging_not_indicated(facts) else mri_cards(call, facts, m.order, policy)
            found += imaging_order_cards(call, facts, m.order, policy)
            cards += mark_text_matched(found, m, lang)
    if in_steroid_scope(facts):
        for m in steroid_orders:
            cards += mark_text_matched(steroid_order_cards(call, facts, m.order, policy), m, lang)
        for m in rt_orders:
            cards += radiotherapy_cards(call, facts, m.order, policy)
        if rt_orders:
            cards += consultation_cards(call, facts, policy)
        for m in referrals:
            cards += referral_cards(call, facts, m.order, policy)
    return _unique(cards)


def _unique(cards: list[Card]) -> list[Card]:
    """One card per uuid: the urgent-consultation card can follow from two orders."""
    seen: set[str | None] = set()
    kept = []
    for card in cards:
        if card.uuid not in seen:
            seen.add(card.uuid)
            kept.append(card)
    return kept


def evaluate_patient_view(call: HookCall) -> Sequence[Card]:
    """The recommendations that apply now; no card outside the guideline's scope."""
    policy = get_policy()
    return patient_view_cards(call, read_facts(call, policy), policy)


ORDER_SELECT = CDSService(
    id="spinal-metastases-order-select",
    hook="order-select",
    title="Wervelmetastasen: advies bij het kiezen van een order",
    description=(
        "Richtlijn Wervelmetastasen (IKNL/Pallialine): when an MRI of the spine is selected, the "
        "guideline's imaging window with its deadline, the minimum MRI protocol and an order update "
        "when the order is less urgent than the guideline (after treatment: imaging only with "
        "complaints); when a systemic corticosteroid is selected, the biopsy-first warning, the "
        "dexamethasone scheme and gastric protection; for a radiotherapy order, the dose scheme for "
        "this patient and the interval after surgery; for a referral for spinal metastases, the "
        "surgery indications and conditions, chemotherapy-sensitive tumours and the site norm; and "
        "the urgent multidisciplinary consultation when surgery and radiotherapy both fit."
    ),
    evaluate=evaluate_orders,
    prefetch=PREFETCH,
    narrowing=NARROWING,
    resolve_references=REFERENCES,
    usage_requirements=_USAGE,
    required_keys=("conditions", "observations"),
    rule_ids=RULE_IDS,
    required_context=("patientId", "draftOrders"),
    is_relevant=has_spine_orders,
)

ORDER_SIGN = CDSService(
    id="spinal-metastases-order-sign",
    hook="order-sign",
    title="Wervelmetastasen: controle bij het ondertekenen van orders",
    description=(
        "Richtlijn Wervelmetastasen (IKNL/Pallialine): checks the orders being signed (MRI of the "
        "spine, systemic corticosteroids, radiotherapy, referrals for spinal metastases) against "
        "the guideline's imaging window and protocol, the biopsy-first rule, the dexamethasone and "
        "gastric-protection rules, the radiotherapy scheme and interval, and the surgery "
        "indications and conditions."
    ),
    evaluate=evaluate_orders,
    prefetch=PREFETCH,
    narrowing=NARROWING,
    resolve_references=REFERENCES,
    usage_requirements=_USAGE,
    required_keys=("conditions", "observations"),
    rule_ids=RULE_IDS,
    required_context=("patientId", "draftOrders"),
    is_relevant=has_spine_orders,
)

PATIENT_VIEW = CDSService(
    id="spinal-metastases-patient-view",
    hook="patient-view",
    title="Wervelmetastasen: wat de richtlijn nu adviseert",
    description=(
        "Richtlijn Wervelmetastasen (IKNL/Pallialine): for a patient with (suspected) spinal "
        "metastases or MESCC, the recommendations that apply now: MRI indication and window, "
        "unknown-primary work-up (staging CT, biopsy timing, no corticosteroids before the biopsy), "
        "surgical work-up, dexamethasone and gastric protection, tapering; treatment indication by "
        "life expectancy, urgent consultation, asymptomatic MESCC, time to therapy after the "
        "definitive diagnosis, and follow-up. No card outside that scope."
    ),
    evaluate=evaluate_patient_view,
    prefetch=PREFETCH,
    narrowing=NARROWING,
    resolve_references=REFERENCES,
    usage_requirements=_USAGE,
    # Without the Conditions the scope ("no card outside it") cannot be told: 412, not silence.
    required_keys=("conditions",),
    rule_ids=RULE_IDS,
)

SERVICES: tuple[CDSService, ...] = (ORDER_SELECT, ORDER_SIGN, PATIENT_VIEW)


def DOCUMENTS() -> dict[str, str]:
    """The clinician review document of this guideline."""
    return {"docs/guidelines/wervelmetastasen.md": review_document()}
