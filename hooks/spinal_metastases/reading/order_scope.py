"""Does a draft radiotherapy order or referral concern the spinal metastases?

An order says so by its `bodySite` (a vertebral structure), its `reasonCode` (spinal
metastasis, bone metastasis, cord compression) or its `reasonReference` (one of the Conditions
the facts came from). An order coded for another site is not ours; an order that codes none of
these is "uncoded": the card then says for which target its advice holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import TYPE_CHECKING, Any

from hooks import codes

if TYPE_CHECKING:  # facts.py reads past radiotherapy with `aimed_at_spine`
    from hooks.spinal_metastases.reading.facts import SpineFacts

ORDER_REASONS = (codes.SPINAL_METASTASIS, codes.SPINAL_CORD_COMPRESSION, codes.BONE_METASTASIS)


def _list(order: Mapping[str, Any], element: str) -> list[Any]:
    value = order.get(element)
    return value if isinstance(value, list) else []


def _coded(order: Mapping[str, Any], element: str) -> list[Any]:
    """The CodeableConcepts of `element` that carry a coding (text alone is never read)."""
    return [c for c in _list(order, element) if any(True for _ in codes.codings(c))]


def spine_target(order: Mapping[str, Any], facts: SpineFacts) -> bool | None:
    """True for the spine, False for another coded target, None when the order codes no target."""
    ours = {
        e.reference
        for fact in (
            facts.spinal_metastasis_suspected,
            facts.spinal_metastasis_radiological,
            facts.mescc_clinical_suspicion,
            facts.mescc_radiological,
        )
        for e in fact.evidence
    }
    return aimed_at_spine(order, ours, ORDER_REASONS)


def aimed_at_spine(
    resource: Mapping[str, Any], ours: Set[str], spine_reasons: tuple[codes.ValueSet, ...]
) -> bool | None:
    """Whether a request or procedure targets the spine: by bodySite, reasonCode or a reason
    that is one of `ours` (`Condition/id`); None when it codes no target at all."""
    sites = _coded(resource, "bodySite")
    reasons = _coded(resource, "reasonCode")
    references = {
        "/".join(r["reference"].rstrip("/").split("/")[-2:])
        for r in _list(resource, "reasonReference")
        if isinstance(r, Mapping) and isinstance(r.get("reference"), str)
    }
    if sites:  # a coded site decides: a bone metastasis of the femur is not ours
        return any(codes.VERTEBRAL_COLUMN_SITE.matches(s) for s in sites)
    if any(vs.matches(r) for r in reasons for vs in spine_reasons):
        return True
    if references & ours:
        return True
    if reasons or references:
        return False
    return None
