"""FHIR → `NetFacts`: the only module of the NET service that reads FHIR (facts F90–F94).

Absence of a record is unknown. A NET that is not recognisable from the record gets no card:
this topic then does not (yet) concern the patient, which is scope, not a negative finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hooks.common.codes import SECONDARY_LIVER
from hooks.common.lean import Condition, MedicationRequest, MedicationStatement
from hooks.common.record import RecordReader, current, found, has_morphology, listed
from hooks.facts import Fact, unknown
from hooks.neuroendocrine_liver.codes import (
    CARCINOID_SYNDROME,
    LUTETIUM_DOTATATE,
    NET_MORPHOLOGY,
)
from service.cds.contract import HookCall


@dataclass(frozen=True)
class NetFacts:
    net: Fact[bool] = field(default_factory=unknown)
    liver_metastases: Fact[bool] = field(default_factory=unknown)
    functioning: Fact[bool] = field(default_factory=unknown)
    lutetium_dotatate: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()


def read_facts(call: HookCall) -> NetFacts:
    reader = RecordReader(call)
    raw = reader.raw("conditions")
    conditions: list[Condition] = []
    for r in raw or ():
        if r.get("resourceType") != "Condition":
            continue
        try:
            conditions.append(Condition.model_validate(r))
        except ValueError:
            reader.skipped += 1
    syndrome = current(conditions, CARCINOID_SYNDROME)
    nets = [
        c
        for c in conditions
        if c.is_current and not c.is_suspected and has_morphology(c, NET_MORPHOLOGY)
    ]
    return NetFacts(
        net=found([*nets, *syndrome]),
        # "eenmaal bekend is met leveruitzaaiingen": a suspicion is not yet known metastases.
        liver_metastases=found(
            [c for c in current(conditions, SECONDARY_LIVER) if not c.is_suspected]
        ),
        functioning=found(syndrome),
        lutetium_dotatate=_lutetium(reader),
        skipped_malformed=reader.skipped,
        missing_data=reader.missing,
    )


def _lutetium(reader: RecordReader) -> Fact[bool]:
    """177Lu-DOTATATE given or planned: an active/draft order or an active/intended use."""
    requests = reader.select(
        "medications", MedicationRequest, "medicationCodeableConcept", LUTETIUM_DOTATATE
    )
    statements = reader.select(
        "medicationStatements", MedicationStatement, "medicationCodeableConcept", LUTETIUM_DOTATATE
    )
    if requests is None and statements is None:
        return unknown()
    on: list[MedicationRequest | MedicationStatement] = [
        r for r in requests or () if r.is_planned_or_active
    ]
    on += [s for s in statements or () if s.is_active]
    return listed(on)
