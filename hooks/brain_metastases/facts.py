"""FHIR → `BrainFacts`: the only module of the brain-metastases services that reads FHIR.

Facts F80–F87 of `../shared/clinical-model.md` §2. Absence of a record is unknown: no
molecular result means the molecular profile is unknown, never that it is negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hooks.brain_metastases.codes import ASYMPTOMATIC, BRAIN_METASTASIS
from hooks.brain_metastases.policy import BrainPolicy
from hooks.codes import Code, ValueSet, codings
from hooks.common import biomarkers, tumours
from hooks.common.codes import (
    BRAF_V600E_IHC,
    HER2_RESULT,
    HGNC_BRAF,
    MELANOMA,
    MOLECULAR_RESULT,
)
from hooks.common.lean import Condition, Observation, ServiceRequest
from hooks.common.record import RecordReader, current, evidence, found
from hooks.facts import Evidence, Fact, unknown
from hooks.orders import order_reference
from service.cds.contract import HookCall


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
    return BrainFacts(
        brain_metastases=found(brain),
        suspected_only=bool(brain) and all(c.is_suspected for c in brain),
        symptomatic=_symptomatic(brain),
        melanoma=tumours.primary_is(conditions, MELANOMA),
        nsclc=tumours.nsclc(conditions),
        braf_mutation=biomarkers.gene_variant(observations, {"BRAF": HGNC_BRAF}, BRAF_V600E_IHC),
        her2_positive=biomarkers.result_fact(biomarkers.counted(observations, HER2_RESULT)),
        molecular_result=found(biomarkers.counted(observations, MOLECULAR_RESULT)),
        mdt_in_record=_mdt_requests(reader, policy),
        order=Fact(True, (Evidence(order_reference(order), order.get("authoredOn")),))
        if order is not None
        else unknown(),
        skipped_malformed=reader.skipped,
        missing_data=reader.missing,
    )


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
