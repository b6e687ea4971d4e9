"""Which primary tumour the record gives, as a three-valued fact.

"Is the primary a melanoma?" is True when a confirmed, current primary is one; False when
primaries are recorded and none is (the record then names the tumour); unknown when no primary
is recorded. Lung cancer coded only as ICD-10 C34 has no histology, so NSCLC stays unknown
until SNOMED or an ICD-O-3 morphology says non-small cell or small cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.codes import PRIMARY_CANCER, ValueSet
from hooks.common.codes import LUNG_CANCER_ANY_TYPE, NON_SMALL_CELL_MORPHOLOGY, NSCLC, SCLC
from hooks.common.lean import Condition
from hooks.common.record import evidence, has_morphology
from hooks.facts import Fact, unknown

PRIMARY_KINDS: tuple[ValueSet, ...] = (PRIMARY_CANCER, NSCLC, SCLC, LUNG_CANCER_ANY_TYPE)


def primaries(conditions: Sequence[Condition] | None, *extra: ValueSet) -> list[Condition]:
    """Confirmed, current primary cancers (suspected ones do not name the tumour)."""
    kinds = (*PRIMARY_KINDS, *extra)
    return [
        c
        for c in conditions or ()
        if any(k.matches(c.code) for k in kinds) and c.is_current and not c.is_suspected
    ]


def primary_is(
    conditions: Sequence[Condition] | None, wanted: ValueSet, *extra: ValueSet
) -> Fact[bool]:
    found = primaries(conditions, wanted, *extra)
    hits = [c for c in found if wanted.matches(c.code)]
    if hits:
        return Fact(True, evidence(hits))
    return Fact(False, evidence(found)) if found else unknown()


def is_nsclc(condition: Condition) -> bool:
    return NSCLC.matches(condition.code) or (
        LUNG_CANCER_ANY_TYPE.matches(condition.code)
        and has_morphology(condition, NON_SMALL_CELL_MORPHOLOGY)
    )


def is_sclc(condition: Condition) -> bool:
    return SCLC.matches(condition.code) or (
        LUNG_CANCER_ANY_TYPE.matches(condition.code) and has_morphology(condition, SCLC)
    )


def nsclc(conditions: Sequence[Condition] | None) -> Fact[bool]:
    """NSCLC as a fact: C34 without histology keeps it unknown, with the record as evidence."""
    found = primaries(conditions)
    hits = [c for c in found if is_nsclc(c)]
    if hits:
        return Fact(True, evidence(hits))
    untyped = [c for c in found if LUNG_CANCER_ANY_TYPE.matches(c.code) and not is_sclc(c)]
    if untyped:
        return Fact(None, evidence(untyped))
    return Fact(False, evidence(found)) if found else unknown()
