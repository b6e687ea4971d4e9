"""FHIR → `BrainFacts`: the only module of the brain-metastases services that reads FHIR.

Facts F80–F87 of `../shared/clinical-model.md` §2. Absence of a record is unknown: no
molecular result means the molecular profile is unknown, never that it is negative, and a gene
without a result is unknown, never wild-type. A result recorded as absent is listed as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hooks.brain_metastases.codes import (
    ASYMPTOMATIC,
    BRAIN_METASTASIS,
    GENE_STUDIED,
    NSCLC_VARIANT_GENES,
)
from hooks.brain_metastases.policy import BrainPolicy
from hooks.codes import HGNC, Code, ValueSet, codings
from hooks.common import biomarkers, tumours
from hooks.common.codes import (
    BRAF_V600E_IHC,
    GENETIC_VARIANT,
    HER2_RESULT,
    HGNC_BRAF,
    MELANOMA,
    MOLECULAR_RESULT,
)
from hooks.common.lean import Condition, Observation, ServiceRequest
from hooks.common.record import RecordReader, current, evidence, found, newest
from hooks.facts import Evidence, Fact, unknown
from hooks.orders import order_reference
from service.cds.contract import HookCall


@dataclass(frozen=True)
class VariantFinding:
    """One gene's newest genetic variant assessment (LOINC 69548-6), as the record gives it."""

    gene: str  # our symbol for a listed HGNC id; else the HGNC id, or the record's own text
    coded: bool  # named by an HGNC coding; False: only the record's text names the gene
    listed: bool  # one of NSCLC_VARIANT_GENES, the genes BM-06 reads in NSCLC
    present: bool | None  # Present / Absent; None when the result says neither
    source: Evidence
    hgnc_id: str | None = None  # `HGNC:n` when an HGNC coding names the gene
    record_text: str | None = None  # for an HGNC id we do not list: the display the record gives


@dataclass(frozen=True)
class BrainFacts:
    """What the brain-metastases tables read, each with its provenance."""

    brain_metastases: Fact[bool] = field(default_factory=unknown)
    suspected_only: bool = False
    symptomatic: Fact[bool] = field(default_factory=unknown)
    melanoma: Fact[bool] = field(default_factory=unknown)
    nsclc: Fact[bool] = field(default_factory=unknown)
    braf_mutation: Fact[bool] = field(default_factory=unknown)
    her2_positive: Fact[bool] = field(default_factory=unknown)
    molecular_result: Fact[bool] = field(default_factory=unknown)
    driver_variant: Fact[bool] = field(default_factory=unknown)
    variant_findings: tuple[VariantFinding, ...] = ()
    mdt_in_record: Fact[bool] = field(default_factory=unknown)
    order: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()


def read_facts(
    call: HookCall, policy: BrainPolicy, order: dict[str, Any] | None = None
) -> BrainFacts:
    """Every fact the tables use; `order` is the draft order a card is about, if any."""
    reader = RecordReader(call)
    conditions = reader.select(
        "conditions", Condition, "code", (BRAIN_METASTASIS, MELANOMA, *tumours.PRIMARY_KINDS)
    )
    observations = reader.select("observations", Observation, "code", MOLECULAR_RESULT) or []
    brain = current(conditions, BRAIN_METASTASIS)
    findings = variant_findings(biomarkers.counted(observations, GENETIC_VARIANT))
    return BrainFacts(
        brain_metastases=found(brain),
        suspected_only=bool(brain) and all(c.is_suspected for c in brain),
        symptomatic=_symptomatic(brain),
        melanoma=tumours.primary_is(conditions, MELANOMA),
        nsclc=tumours.nsclc(conditions),
        braf_mutation=biomarkers.gene_variant(observations, {"BRAF": HGNC_BRAF}, BRAF_V600E_IHC),
        her2_positive=biomarkers.result_fact(biomarkers.counted(observations, HER2_RESULT)),
        molecular_result=found(biomarkers.counted(observations, MOLECULAR_RESULT)),
        driver_variant=_listed_variant(findings),
        variant_findings=findings,
        mdt_in_record=_mdt_requests(reader, policy),
        order=Fact(True, (Evidence(order_reference(order), order.get("authoredOn")),))
        if order is not None
        else unknown(),
        skipped_malformed=reader.skipped,
        missing_data=reader.missing,
    )


_SYMBOLS = tuple(c.display for c in NSCLC_VARIANT_GENES.codes)


def variant_findings(variants: Iterable[Observation]) -> tuple[VariantFinding, ...]:
    """The newest result per gene, listed genes first in the list's order, then the others.

    A gene named by an HGNC coding is preferred: a result that names it only as text counts
    only when no coded result of that gene is recorded, and is marked as a text match.
    """
    coded: dict[str, list[tuple[Observation, VariantFinding]]] = {}
    text: dict[str, list[tuple[Observation, VariantFinding]]] = {}
    for obs in variants:
        finding = _finding(obs)
        if finding is not None:
            (coded if finding.coded else text).setdefault(finding.gene.upper(), []).append(
                (obs, finding)
            )
    chosen: list[VariantFinding] = []
    for key in dict.fromkeys([*coded, *text]):
        pairs = coded.get(key) or text[key]
        latest = newest(obs for obs, _ in pairs)
        chosen += [f for obs, f in pairs if obs is latest]
    return tuple(
        sorted(
            chosen,
            key=lambda f: (
                (_SYMBOLS.index(f.gene), "") if f.listed else (len(_SYMBOLS), f.gene.upper())
            ),
        )
    )


def _finding(obs: Observation) -> VariantFinding | None:
    """The gene studied (component 48018-6) and the answer; None when no gene is named."""
    source = evidence([obs])[0]
    present = biomarkers.presence(obs)
    for component in obs.component:
        if not GENE_STUDIED.matches(component.get("code")):
            continue
        concept = component.get("valueCodeableConcept")
        genes = codings(concept)
        for coding in genes:
            code, display = coding.get("code"), coding.get("display")
            if coding.get("system") == HGNC and isinstance(code, str) and code.strip():
                hgnc_id = "HGNC:" + code.strip().upper().removeprefix("HGNC:")
                symbol = _symbol(hgnc_id)
                return VariantFinding(
                    gene=symbol or hgnc_id,
                    coded=True,
                    listed=symbol is not None,
                    present=present,
                    source=source,
                    hgnc_id=hgnc_id,
                    record_text=None if symbol else _plain(display),
                )
        texts = [c.get("display") for c in genes]
        texts.append(concept.get("text") if isinstance(concept, dict) else None)
        for name in map(_plain, texts):
            if name:
                listed = name.upper() in _SYMBOLS
                return VariantFinding(
                    gene=name.upper() if listed else name,
                    coded=False,
                    listed=listed,
                    present=present,
                    source=source,
                )
    return None


def _symbol(hgnc_id: str) -> str | None:
    """Our symbol for a listed HGNC id: the id decides, never the display beside it."""
    return next((c.display for c in NSCLC_VARIANT_GENES.codes if c.code == hgnc_id), None)


def _plain(text: object) -> str | None:
    """A record's gene text as the card may print it: word characters, at most 40."""
    if not isinstance(text, str):
        return None
    return re.sub(r"[^\w.:/ -]", "", " ".join(text.split()))[:40].strip() or None


def _listed_variant(findings: Sequence[VariantFinding]) -> Fact[bool]:
    """A variant recorded present in a listed gene; absent only when every listed gene's
    newest result is absent; otherwise unknown (an untested gene is not wild-type)."""
    listed = [f for f in findings if f.listed]
    positive = [f.source for f in listed if f.present is True]
    if positive:
        return Fact(True, tuple(positive))
    sources = tuple(f.source for f in listed)
    if len(listed) == len(NSCLC_VARIANT_GENES.codes) and all(f.present is False for f in listed):
        return Fact(False, sources)
    return Fact(None, sources)


def _symptomatic(brain: Sequence[Condition]) -> Fact[bool]:
    """Symptomatic when a brain-metastasis record lists a manifestation (`evidence.code`);
    not when it records "asymptomatic"; unknown when it lists none."""
    manifest: list[Condition] = []
    silent: list[Condition] = []
    for c in brain:
        concepts = [e.get("code") for e in c.evidence]
        coded = [
            concept
            for group in concepts
            if isinstance(group, list)
            for concept in group
            if isinstance(concept, dict) and any(codings(concept))
        ]
        if any(not ASYMPTOMATIC.matches(concept) for concept in coded):
            manifest.append(c)
        elif coded:
            silent.append(c)
    if manifest:
        return Fact(True, evidence(manifest))
    return Fact(False, evidence(silent)) if silent else unknown()


def _mdt_requests(reader: RecordReader, policy: BrainPolicy) -> Fact[bool]:
    """A multidisciplinary-meeting request already planned or done (only to avoid a duplicate)."""
    wanted = ValueSet(
        "mdt-request", (Code(policy.mdt_code_system, policy.mdt_code, policy.mdt_display),)
    )
    requests = reader.select("serviceRequests", ServiceRequest, "code", wanted)
    return found([r for r in requests or () if r.is_open_or_done])
