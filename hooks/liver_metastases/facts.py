"""FHIR → `LiverFacts`: the only module of the liver-metastases service that reads FHIR.

Facts F110–F118 of `../shared/clinical-model.md` §2. Resectability and deep-seated lesions are
the liver panel's judgement (§4) and are never derived: they stay unknown, and the card lists
the options with the conditions the panel weighs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from hooks.codes import TREND_NOT_WORSENED, ValueSet
from hooks.common.codes import SECONDARY_LIVER
from hooks.common.lean import Condition, Observation, Procedure, ServiceRequest
from hooks.common.medication import classify, evidence_of, medication_lists
from hooks.common.record import (
    RecordReader,
    current,
    ever,
    evidence,
    found,
    newest,
    references,
)
from hooks.common.tumours import primaries
from hooks.facts import Fact, unknown
from hooks.fhir_lean import parse_datetime
from hooks.liver_metastases.codes import (
    CHEMOTHERAPY,
    CT_THORAX_ABDOMEN,
    DIAGNOSTIC_PROCEDURE,
    DISEASE_STATUS,
    DISEASE_WORSENED,
    LIVER_SITE,
    LIVER_SYMPTOMS,
    PATIENT_REFERRAL,
    RISK_PRIMARY,
    WARNING_SIGNS,
)
from hooks.liver_metastases.policy import LiverPolicy
from hooks.rules import all_of
from service.cds.contract import HookCall

FOLLOW_UP_YEARS = 2  # "de eerste 2 jaar na uw behandeling"

# The Observations the rules read, by code; the narrowed prefetch query asks for these.
OBSERVATION_VALUE_SETS = (WARNING_SIGNS, LIVER_SYMPTOMS, DISEASE_STATUS)


def follow_up_end(treated: date) -> date:
    """The last day of the 2-year follow-up (29 February falls back to 28 February)."""
    try:
        return treated.replace(year=treated.year + FOLLOW_UP_YEARS)
    except ValueError:
        return treated.replace(year=treated.year + FOLLOW_UP_YEARS, day=28)


@dataclass(frozen=True)
class LiverFacts:
    """What the liver-metastases tables read, each with its provenance."""

    now: datetime
    liver_metastases: Fact[bool] = field(default_factory=unknown)
    suspected_only: bool = False
    liver_metastases_history: Fact[bool] = field(default_factory=unknown)
    liver_treatment: Fact[date] = field(default_factory=unknown)
    warning_signs: Fact[bool] = field(default_factory=unknown)
    referral_in_record: Fact[bool] = field(default_factory=unknown)
    follow_up_ordered: Fact[bool] = field(default_factory=unknown)
    risk_primary: Fact[bool] = field(default_factory=unknown)
    complaints: Fact[bool] = field(default_factory=unknown)
    resectable: Fact[bool] = field(default_factory=unknown)
    chemotherapy_given: Fact[bool] = field(default_factory=unknown)
    disease_worsened: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()

    @property
    def treated_within_follow_up(self) -> bool | None:
        """Behandeld aan levermetastasen, korter dan 2 jaar geleden."""
        treated = self.liver_treatment.value
        if treated is None:
            return None
        return all_of(
            self.liver_metastases_history.value, self.now.date() <= follow_up_end(treated)
        )


def read_facts(call: HookCall, policy: LiverPolicy) -> LiverFacts:
    reader = RecordReader(call)
    conditions = reader.select(
        "conditions",
        Condition,
        "code",
        (SECONDARY_LIVER, RISK_PRIMARY, WARNING_SIGNS, LIVER_SYMPTOMS),
    )
    liver_now = current(conditions, SECONDARY_LIVER)
    liver_ever = ever(conditions, SECONDARY_LIVER)
    treatment = _liver_treatment(reader, {c.reference for c in liver_ever})
    treated_at = (
        datetime.combine(treatment.value, datetime.min.time(), tzinfo=call.now.tzinfo)
        if treatment.value
        else None
    )
    observations = reader.select("observations", Observation, "code", OBSERVATION_VALUE_SETS)
    return LiverFacts(
        now=call.now,
        liver_metastases=found(liver_now),
        suspected_only=bool(liver_now) and all(c.is_suspected for c in liver_now),
        liver_metastases_history=found(liver_ever),
        liver_treatment=treatment,
        warning_signs=_signs_since(conditions, observations, WARNING_SIGNS, treated_at),
        referral_in_record=_referral(reader, policy, {c.reference for c in liver_ever}),
        follow_up_ordered=_follow_up(reader, treated_at),
        risk_primary=found([c for c in primaries(conditions) if RISK_PRIMARY.matches(c.code)]),
        complaints=_signs_since(conditions, observations, LIVER_SYMPTOMS, None),
        chemotherapy_given=_chemotherapy(call),
        disease_worsened=_disease_worsened(observations),
        skipped_malformed=reader.skipped,
        missing_data=reader.missing,
    )


def _liver_treatment(reader: RecordReader, liver_refs: set[str]) -> Fact[date]:
    """The latest completed procedure on the liver, or for the liver metastases, that is not a
    biopsy or imaging; its date is the treatment date."""
    raw = reader.raw("procedures")
    if raw is None:
        return unknown()
    candidates: list[Procedure] = []
    for r in raw:
        if r.get("resourceType") != "Procedure":
            continue
        try:
            proc = Procedure.model_validate(r)
        except ValueError:
            reader.skipped += 1
            continue
        on_liver = any(LIVER_SITE.matches(site) for site in proc.body_site)
        for_mets = bool(references(proc.reason_reference) & liver_refs)
        diagnostic = DIAGNOSTIC_PROCEDURE.matches(proc.code) or DIAGNOSTIC_PROCEDURE.matches(
            proc.category
        )
        if proc.status == "completed" and (on_liver or for_mets) and not diagnostic:
            candidates.append(proc)
    latest = newest(candidates)
    when = parse_datetime(latest.date) if latest else None
    return Fact(when.date(), evidence([latest])) if latest and when else unknown()


def _signs_since(
    conditions: Sequence[Condition] | None,
    observations: Sequence[Observation] | None,
    value_set: ValueSet,
    since: datetime | None,
) -> Fact[bool]:
    """Complaints recorded as a current Condition or a final Observation, on or after `since`."""
    records: list[Condition | Observation] = [*current(conditions, value_set)]
    records += [
        o
        for o in observations or ()
        if value_set.matches(o.code)
        and o.status in {None, "final", "amended", "corrected"}
        and o.value_boolean is not False
    ]
    if since is not None:
        records = [
            r for r in records if (d := parse_datetime(getattr(r, "date", None))) and d >= since
        ]
    return found(records)


def _referral(reader: RecordReader, policy: LiverPolicy, liver_refs: set[str]) -> Fact[bool]:
    """A referral to the liver panel already planned or done (so we do not suggest another)."""
    requests = reader.select("serviceRequests", ServiceRequest, "code", PATIENT_REFERRAL) or []
    panel = policy.panel_name.casefold()
    hits = [
        r
        for r in requests
        if r.is_open_or_done
        and (
            bool(references(r.reason_reference) & liver_refs)
            or any(str(p.get("display", "")).casefold() == panel for p in r.performer)
        )
    ]
    return found(hits)


def _follow_up(reader: RecordReader, treated_at: datetime | None) -> Fact[bool]:
    """A follow-up CT thorax/abdomen already ordered after the treatment."""
    requests = reader.select("serviceRequests", ServiceRequest, "code", CT_THORAX_ABDOMEN) or []
    hits = [
        r
        for r in requests
        if r.status in {"draft", "active", "on-hold"}
        and (treated_at is None or ((d := parse_datetime(r.date)) is not None and d >= treated_at))
    ]
    return found(hits)


_GIVEN = {
    "MedicationRequest": {"active", "completed", "on-hold", "stopped"},
    "MedicationStatement": {"active", "completed", "stopped"},
}


def _chemotherapy(call: HookCall) -> Fact[bool]:
    """Antineoplastic medication ordered or used (any status but a mistake): chemo was given.

    Orders and home medication (MedicationStatement) alike, the medicine read from its code or
    its referenced Medication (hooks.common.medication); a record alone proves it, none does not.
    """
    given = [
        evidence_of(m, reading)
        for m in medication_lists(call).medicines
        if m.record.status in _GIVEN[m.record.resource_type]
        and (reading := classify(m, CHEMOTHERAPY)).member is True
    ]
    return Fact(True, tuple(given)) if given else unknown()


def _disease_worsened(observations: Sequence[Observation] | None) -> Fact[bool]:
    """The newest cancer disease status (LOINC 97509-4): worsened, or improved/stable (False)."""
    statuses = [
        o
        for o in observations or ()
        if DISEASE_STATUS.matches(o.code) and o.status in {None, "final", "amended", "corrected"}
    ]
    latest = newest(statuses)
    if latest is None:
        return unknown()
    if DISEASE_WORSENED.matches(latest.value_codeable_concept):
        return Fact(True, evidence([latest]))
    if TREND_NOT_WORSENED.matches(latest.value_codeable_concept):
        return Fact(False, evidence([latest]))
    return Fact(None, evidence([latest]))  # undetermined: shown, not guessed
