"""FHIR → `ImmunotherapyFacts`: the only module of these services that reads FHIR (F100–F105).

A marker that is not in the record is unknown, never "not cold": thresholds and the Wnt gene
list are local policy (`policy.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hooks.common import biomarkers, tumours
from hooks.common.codes import MOLECULAR_RESULT, PDL1_QUALITATIVE, PDL1_TPS, TMB
from hooks.common.lean import Condition, MedicationRequest, MedicationStatement, Observation
from hooks.common.record import RecordReader, evidence, listed, newest
from hooks.facts import Evidence, Fact, unknown
from hooks.immunotherapy_resistance.codes import pd1_inhibitors
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from hooks.orders import order_reference
from service.cds.contract import HookCall


@dataclass(frozen=True)
class ImmunotherapyFacts:
    nsclc: Fact[bool] = field(default_factory=unknown)
    low_tmb: Fact[bool] = field(default_factory=unknown)
    pdl1_absent: Fact[bool] = field(default_factory=unknown)
    wnt_mutation: Fact[bool] = field(default_factory=unknown)
    pd1: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()


def read_facts(
    call: HookCall, policy: ImmunotherapyPolicy, order: dict[str, Any] | None = None
) -> ImmunotherapyFacts:
    """Every fact the tables use; with `order` (a PD-1 inhibitor being ordered) that is the PD-1 fact."""
    reader = RecordReader(call)
    conditions = reader.select("conditions", Condition, "code", tumours.PRIMARY_KINDS)
    observations = reader.select("observations", Observation, "code", MOLECULAR_RESULT) or []
    return ImmunotherapyFacts(
        nsclc=tumours.nsclc(conditions),
        low_tmb=biomarkers.quantity_below(
            biomarkers.counted(observations, TMB), policy.tmb_low_below, {"L", "LL"}
        ),
        pdl1_absent=_pdl1_absent(observations, policy.pdl1_absent_below_percent),
        wnt_mutation=biomarkers.gene_variant(observations, policy.wnt_genes),
        pd1=Fact(True, (Evidence(order_reference(order), order.get("authoredOn")),))
        if order is not None
        else _pd1_given(reader, policy),
        skipped_malformed=reader.skipped,
        missing_data=reader.missing,
    )


def _pdl1_absent(observations: Sequence[Observation], below_percent: float) -> Fact[bool]:
    """The newest PD-L1 result: a TPS under the threshold, or a negative/absent result."""
    scores = biomarkers.counted(observations, PDL1_TPS)
    qualitative = biomarkers.counted(observations, PDL1_QUALITATIVE)
    latest = newest([*scores, *qualitative])
    if latest is None:
        return unknown()
    if any(latest is s for s in scores):
        return biomarkers.quantity_below([latest], below_percent)
    present = biomarkers.presence(latest)
    return Fact(None if present is None else not present, evidence([latest]))


def _pd1_given(reader: RecordReader, policy: ImmunotherapyPolicy) -> Fact[bool]:
    """A PD-1 inhibitor in an active order or an active medication use (read lists are complete)."""
    wanted = pd1_inhibitors(policy.pd1_atc)
    requests = reader.select("medications", MedicationRequest, "medicationCodeableConcept", wanted)
    statements = reader.select(
        "medicationStatements", MedicationStatement, "medicationCodeableConcept", wanted
    )
    if requests is None and statements is None:
        return unknown()
    on: list[MedicationRequest | MedicationStatement] = [r for r in requests or () if r.is_active]
    on += [s for s in statements or () if s.is_active]
    return listed(on)
