"""Draft orders read as real EHRs code them, and orders matched only on their text.

A drafted medicine is read by the medication reader of the real charts (`hooks.common.
medication.classify`): ATC first, then the RxNorm clinical drugs of `hooks.common.
medication_codes` (a product *with* its dose form: tablets yes, eye drops no), then a SNOMED CT
substance; a name in the text counts only with a systemic route or dose form. A drafted
procedure is read by its SNOMED CT or CPT code (`hooks.imaging_codes`); only when neither
system is there does its text count, and only for the concepts in `TEXT_CONCEPTS` ("MRI
wervelkolom").

An order matched on text gets its cards with that said, and never a critical one
(`mark_text_matched`): a name is not a code. An order a service cannot classify at all (no
code we can read, no text we recognise) gets no card: it is counted by coding system in the
log and in `cds_unclassified_order_codings`, so an operator sees which codes their EHR sends.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hooks import codes
from hooks.common import medication_codes as mc
from hooks.common.medication import Reading, classify, read_records
from service import metrics
from service.cds.contract import Language
from service.cds.models import Card

log = logging.getLogger("hooks.orders")
# (resource type, element, value set): what a service looks for among the draft orders.
Wanted = tuple[str, str, codes.ValueSet]

# Systems whose codes we read for a procedure: a code of one of them outside our value sets
# is another procedure, not a reason to read the text.
_PROCEDURE_SYSTEMS = frozenset({codes.SNOMED, codes.CPT})
_MRI = re.compile(r"\b(mri|mr|mri-scan|kernspin)\b")
_SPINE = re.compile(r"\b(wervelkolom|wervel\w*|spine|spinal|[ltc]wk)\b")


def _mri_spine_text(text: str) -> bool:
    """MRI and a spinal region in one text: "MRI wervelkolom", "MR LWK", "MRI thoracic spine"."""
    lowered = text.lower()
    return bool(_MRI.search(lowered) and _SPINE.search(lowered))


# The procedure concepts a text may name (value set → test, and the concept as the card says it).
TEXT_CONCEPTS: dict[codes.ValueSet, tuple[Callable[[str], bool], tuple[str, str]]] = {
    codes.MRI_SPINE: (_mri_spine_text, ("MRI van de wervelkolom", "MRI of the spine")),
}

# Code systems as a metric label: a closed set of words, never the caller's URI.
SYSTEM_WORDS: dict[str, str] = {
    mc.RXNORM: "rxnorm",
    codes.CPT: "cpt",
    codes.SNOMED: "snomed",
    codes.ATC: "atc",
    codes.LOINC: "loinc",
    **dict.fromkeys(mc.G_STANDAARD, "g-standaard"),
}


@dataclass(frozen=True)
class OrderMatch:
    """A draft order in a wanted set: by a code, or (`text_match`) only by its text."""

    order: dict[str, Any]
    text_match: bool = False
    note: tuple[str, str] | None = None  # what was matched on text (Dutch, English)


@dataclass(frozen=True)
class OrderReading:
    """One order against one set: in it (True), not (False) or not to be told (None)."""

    member: bool | None
    text_match: bool = False
    note: tuple[str, str] | None = None


def read_order(
    order: Mapping[str, Any], wanted: Wanted, pool: Sequence[Mapping[str, Any]] = ()
) -> OrderReading:
    """Whether the order is of this type and in this set; `pool` holds the Medications a
    `medicationReference` may name (the other draft orders)."""
    resource_type, element, value_set = wanted
    if order.get("resourceType") != resource_type:
        return OrderReading(False)
    if resource_type == "MedicationRequest":
        return _medication(order, value_set, pool)
    concept = order.get(element)
    if value_set.matches(concept):
        return OrderReading(True)
    if any(c.get("system") in _PROCEDURE_SYSTEMS for c in codes.codings(concept)):
        return OrderReading(False)
    concept_test = TEXT_CONCEPTS.get(value_set)
    if concept_test is not None:
        test, named = concept_test
        for text in _texts(concept):
            if test(text):
                return OrderReading(
                    True,
                    text_match=True,
                    note=(f"‘{text}’ als {named[0]}", f"‘{text}’ as {named[1]}"),
                )
    return OrderReading(None)


def _medication(
    order: Mapping[str, Any], value_set: codes.ValueSet, pool: Sequence[Mapping[str, Any]]
) -> OrderReading:
    concept = order.get("medicationCodeableConcept")
    atc = [c for c in codes.codings(concept) if c.get("system") == codes.ATC]
    if atc:  # the common case, decided as the medication reader does, without a model
        return OrderReading(value_set.matches({"coding": atc}))  # memoised per code
    medicines = read_records([order], [order, *pool]).medicines
    if not medicines:
        return OrderReading(None)  # not a readable MedicationRequest
    reading: Reading = classify(medicines[0], value_set)
    return OrderReading(
        reading.member, reading.text_match, reading.note if reading.text_match else None
    )


def _texts(concept: object) -> list[str]:
    if not isinstance(concept, Mapping):
        return []
    found = [concept["text"]] if isinstance(concept.get("text"), str) else []
    return found + [
        str(c["display"]) for c in codes.codings(concept) if isinstance(c.get("display"), str)
    ]


def matching(orders: Sequence[dict[str, Any]], wanted: Wanted) -> list[OrderMatch]:
    """The orders in the wanted set, each with how it was matched."""
    found = []
    for order in orders:
        reading = read_order(order, wanted, orders)
        if reading.member:
            found.append(OrderMatch(order, reading.text_match, reading.note))
    return found


_ORDER_HOOKS = frozenset({"order-select", "order-sign"})


def order_service(prefix: str, hook: str) -> str:
    """The service id as a metric label: `<prefix>-<hook>` for an order hook, else "unknown"
    (a label takes values from a closed set only; `hook` comes from the request)."""
    return f"{prefix}-{hook}" if hook in _ORDER_HOOKS else metrics.UNKNOWN


def any_relevant(
    service_id: str, orders: Sequence[dict[str, Any]], wanted: Sequence[Wanted]
) -> bool:
    """Whether any order is in a wanted set, counting those no set can classify: one reading
    per order and set, as a service's `is_relevant` runs on every call."""
    found = False
    for order in orders:
        readings = [
            read_order(order, w, orders) for w in wanted if w[0] == order.get("resourceType")
        ]
        found = found or any(r.member for r in readings)
        if readings and all(r.member is None for r in readings):
            for system in _systems(order):
                _count(service_id, system)
    return found


def _systems(order: Mapping[str, Any]) -> list[str]:
    """The coding systems of the order's medicine or procedure; "" for text only."""
    concepts: list[Any] = [order.get("medicationCodeableConcept"), order.get("code")]
    contained = order.get("contained")
    for resource in contained if isinstance(contained, list) else []:
        if isinstance(resource, Mapping) and resource.get("resourceType") == "Medication":
            concepts.append(resource.get("code"))
    systems = {
        str(c["system"])[:200]
        for concept in concepts
        for c in codes.codings(concept)
        if isinstance(c.get("system"), str)
    }
    return sorted(systems) or [""]


_SEEN: dict[tuple[str, str], int] = {}
_SEEN_MAX = 200
_seen_lock = threading.Lock()


def _count(service_id: str, system: str) -> None:
    """The metric always; a log line the first time a (service, system) is seen and each time
    its count reaches a power of ten, so an EHR's coding shows at once without a flood."""
    word = SYSTEM_WORDS.get(system, "text-only" if not system else "other")
    metrics.unclassified_order_coding(service_id, word)
    key = (service_id, system)
    with _seen_lock:
        if key not in _SEEN and len(_SEEN) >= _SEEN_MAX:
            return
        before = _SEEN.get(key, 0)
        total = _SEEN[key] = before + 1
    if before == 0 or len(str(total)) > len(str(before)):
        log.info(
            "draft order not classified: no code this service reads",
            extra={"service_id": service_id, "system": system or "(text only)", "count": total},
        )


_TEXT_MATCHED = (
    "**Op tekst herkend:** deze order heeft geen code die de service kan lezen; hij is herkend "
    "aan zijn tekst ({nl}). Controleer de order; daarom nooit als kritiek gemarkeerd.",
    "**Matched on text:** this order has no code the service can read; it was recognised by "
    "its text ({en}). Check the order; therefore never marked critical.",
)


def mark_text_matched(cards: Iterable[Card], match: OrderMatch, language: Language) -> list[Card]:
    """The cards of a text-matched order: saying so, and at most a warning."""
    if not match.text_match:
        return list(cards)
    nl, en = match.note or ("", "")
    line = (_TEXT_MATCHED[0] if language == "nl" else _TEXT_MATCHED[1]).format(nl=nl, en=en)
    return [
        card.model_copy(
            update={
                "indicator": "warning" if card.indicator == "critical" else card.indicator,
                "detail": _after_advice(card.detail, line),
            }
        )
        for card in cards
    ]


def _after_advice(detail: str | None, line: str) -> str:
    """The line right below the card's first paragraph (its advice), where it is read."""
    if not detail:
        return line
    advice, _, rest = detail.partition("\n\n")
    return f"{advice}\n\n{line}" + (f"\n\n{rest}" if rest else "")
