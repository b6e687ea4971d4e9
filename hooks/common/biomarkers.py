"""What a molecular or tumour-marker result says: present, absent, or not readable.

A result is read from `valueBoolean`, a coded answer (Present/Absent, Positive/Negative) or,
failing those, the v3 interpretation POS/NEG. A result that says neither (equivocal, a text
report) stays unknown but keeps its reference, so the card can point at it. Thresholds for
numeric results are local policy of the package that uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from hooks.codes import HGNC, ValueSet, codings
from hooks.common.codes import (
    GENE_STUDIED,
    GENETIC_VARIANT,
    RESULT_ABSENT,
    RESULT_PRESENT,
    V3_INTERPRETATION,
)
from hooks.common.lean import Observation
from hooks.common.record import evidence, newest
from hooks.facts import Fact, unknown

# Result statuses that carry a value we may use; registered/cancelled/entered-in-error do not.
_COUNTING = {None, "final", "amended", "corrected", "preliminary"}


def counted(observations: Iterable[Observation], value_set: ValueSet) -> list[Observation]:
    """Results coded in `value_set` whose status means they carry a usable value."""
    return [o for o in observations if value_set.matches(o.code) and o.status in _COUNTING]


def presence(obs: Observation) -> bool | None:
    """True for present/positive, False for absent/negative, None when the result says neither."""
    if obs.value_boolean is not None:
        return obs.value_boolean
    if RESULT_PRESENT.matches(obs.value_codeable_concept):
        return True
    if RESULT_ABSENT.matches(obs.value_codeable_concept):
        return False
    flags = interpretation_flags(obs)
    if "POS" in flags:
        return True
    if "NEG" in flags:
        return False
    return None


def interpretation_flags(obs: Observation) -> set[str]:
    return {
        str(c.get("code"))
        for concept in obs.interpretation
        for c in codings(concept)
        if c.get("system") == V3_INTERPRETATION
    }


def genes_studied(obs: Observation) -> set[str]:
    """Upper-case HGNC ids and symbols named in the gene-studied component (48018-6)."""
    names: set[str] = set()
    for component in obs.component:
        if not any(c.get("code") == GENE_STUDIED for c in codings(component.get("code"))):
            continue
        for coding in codings(component.get("valueCodeableConcept")):
            if coding.get("system") not in (HGNC, None):
                continue
            for part in (coding.get("code"), coding.get("display")):
                if isinstance(part, str) and part.strip():
                    names.add(part.strip().upper())
    return names


def _gene_matches(obs: Observation, gene: str, hgnc_id: str) -> bool:
    studied = genes_studied(obs)
    bare = hgnc_id.upper().removeprefix("HGNC:")
    return bool(studied & {gene.upper(), hgnc_id.upper(), bare})


def result_fact(results: Sequence[Observation]) -> Fact[bool]:
    """The newest result decides; an unreadable newest result is unknown, with its reference."""
    latest = newest(results)
    if latest is None:
        return unknown()
    return Fact(presence(latest), evidence([latest]))


def gene_variant(
    observations: Iterable[Observation],
    genes: Mapping[str, str],
    gene_specific: ValueSet | None = None,
) -> Fact[bool]:
    """A variant in any of `genes` (symbol → HGNC id): True when the newest result of one gene
    is present; False only when every gene has a newest result that is absent; else unknown.

    `gene_specific` adds tests of one gene only (e.g. BRAF V600E immunohistochemistry).
    """
    pool = list(observations)
    variants = counted(pool, GENETIC_VARIANT)
    per_gene: dict[str, Observation] = {}
    for gene, hgnc_id in genes.items():
        candidates = [o for o in variants if _gene_matches(o, gene, hgnc_id)]
        if gene_specific is not None:
            candidates += counted(pool, gene_specific)
        latest = newest(candidates)
        if latest is not None:
            per_gene[gene] = latest
    positive = [o for o in per_gene.values() if presence(o) is True]
    if positive:
        return Fact(True, evidence(positive))
    if len(per_gene) == len(genes) and all(presence(o) is False for o in per_gene.values()):
        return Fact(False, evidence(per_gene.values()))
    return Fact(None, evidence(per_gene.values()))


def quantity_below(
    results: Sequence[Observation], threshold: float, low_flags: set[str] | None = None
) -> Fact[bool]:
    """Whether the newest numeric result is below `threshold` (a local-policy value).

    Without a number, an interpretation flag in `low_flags` (e.g. `L`) counts as below and
    `H`/`N` as not below; anything else stays unknown with its reference.
    """
    latest = newest(results)
    if latest is None:
        return unknown()
    ref = evidence([latest])
    quantity = latest.value_quantity
    if quantity is not None and quantity.value is not None:
        return Fact(quantity.value < threshold, ref)
    flags = interpretation_flags(latest)
    if low_flags and flags & low_flags:
        return Fact(True, ref)
    if flags & {"H", "HH", "N"}:
        return Fact(False, ref)
    return Fact(None, ref)
