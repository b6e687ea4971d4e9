"""FHIR → `SpineFacts`: the only module of this guideline that reads FHIR.

Richtlijn Wervelmetastasen (IKNL/Pallialine, beslisboom op basis van de richtlijn 2015);
facts F01–F36 of `../shared/clinical-model.md` §2. Every fact has three values: absence of a
record is unknown, not false. Entered-in-error and refuted records never count; questionnaire
answers older than the policy's age limit are not used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from hooks import codes
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import (
    Condition,
    MedicationRequest,
    MedicationStatement,
    Observation,
    Procedure,
    parse_datetime,
    select,
)
from hooks.input_contract import code_system_url
from hooks.spinal_metastases.policy import SpinePolicy
from service.cds.contract import HookCall

Laterality = Literal["absent", "unilateral", "bilateral"]
_COUNTING_OBSERVATION = {None, "final", "amended", "corrected", "preliminary", "registered"}


@dataclass(frozen=True)
class SpineFacts:
    """What the Wervelmetastasen tables read, each with its provenance."""

    now: datetime
    known_primary: Fact[bool] = field(default_factory=unknown)
    spinal_metastasis_suspected: Fact[bool] = field(default_factory=unknown)
    spinal_metastasis_radiological: Fact[bool] = field(default_factory=unknown)
    mescc_clinical_suspicion: Fact[bool] = field(default_factory=unknown)
    mescc_radiological: Fact[bool] = field(default_factory=unknown)
    mescc_symptomatic: Fact[bool] = field(default_factory=unknown)
    lhermitte_sign: Fact[bool] = field(default_factory=unknown)
    local_back_pain_only: Fact[bool] = field(default_factory=unknown)
    radicular_pain: Fact[Laterality] = field(default_factory=unknown)
    radicular_deficit: Fact[Laterality] = field(default_factory=unknown)
    deficit_onset: Fact[datetime] = field(default_factory=unknown)
    deficit_progressive: Fact[bool] = field(default_factory=unknown)
    asia_grade: Fact[str] = field(default_factory=unknown)
    asia_assessed_at: Fact[datetime] = field(default_factory=unknown)
    complete_lesion_onset: Fact[datetime] = field(default_factory=unknown)
    haematological_malignancy_suspected: Fact[bool] = field(default_factory=unknown)
    tissue_diagnosis_obtained: Fact[bool] = field(default_factory=unknown)
    surgery_or_radiotherapy_planned: Fact[bool] = field(default_factory=unknown)
    surgical_candidate: Fact[bool] = field(default_factory=unknown)
    pain_flare_after_radiotherapy: Fact[bool] = field(default_factory=unknown)
    radiotherapy_completed: Fact[bool] = field(default_factory=unknown)
    mri_spine_found: Fact[bool] = field(default_factory=unknown)
    recent_ct_thorax_abdomen: Fact[bool] = field(default_factory=unknown)
    corticosteroid_active: Fact[bool] = field(default_factory=unknown)
    gastric_ulcer_history: Fact[bool] = field(default_factory=unknown)
    nsaid_use: Fact[bool] = field(default_factory=unknown)
    anticoagulant_use: Fact[bool] = field(default_factory=unknown)
    platelet_inhibitor_use: Fact[bool] = field(default_factory=unknown)
    ppi_active: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()

    @property
    def deficit_onset_within_7_days(self) -> bool | None:
        """Binnen 7 dagen ontstaan (relative to now)."""
        onset = self.deficit_onset.value
        return None if onset is None else self.now - onset <= timedelta(days=7)


def read_facts(call: HookCall, policy: SpinePolicy) -> SpineFacts:
    """Read every fact this guideline uses from the call's resolved data."""
    conditions_data = call.data.get("conditions")
    observations_data = call.data.get("observations")
    medications_data = call.data.get("medications")
    procedures_data = call.data.get("procedures")
    skipped = sum(d.skipped_malformed for d in call.data.values())

    conditions: list[Condition] = []
    if conditions_data is not None:
        conditions, bad = _conditions(conditions_data.resources)
        skipped += bad
    answers = _Answers(
        observations_data.resources if observations_data else (),
        code_system_url(call.canonical_base),
        call.now - timedelta(hours=policy.answer_max_age_h),
    )
    skipped += answers.skipped

    def cond(value_set: codes.ValueSet, *, suspected_ok: bool = True) -> Fact[bool]:
        found = [
            c
            for c in conditions
            if value_set.matches(c.code) and c.is_current and (suspected_ok or not c.is_suspected)
        ]
        return Fact(True, _evidence(found)) if found else unknown()

    spinal_met = _first_known(
        answers.boolean("spinal-metastasis-suspected"),
        cond(codes.SPINAL_METASTASIS),
        _bone_metastasis_of_spine(conditions),
        cond(codes.SPINAL_CORD_COMPRESSION),
    )
    unknown_primary_coded = cond(codes.UNKNOWN_PRIMARY)
    known_primary = _first_known(
        answers.boolean("primary-tumour-known"),
        cond(codes.PRIMARY_CANCER, suspected_ok=False),
        Fact(False, unknown_primary_coded.evidence) if unknown_primary_coded.value else unknown(),
    )
    confirmed_scc = cond(codes.SPINAL_CORD_COMPRESSION, suspected_ok=False)
    meds = medications_data.resources if medications_data and medications_data.available else None
    procedures = procedures_data.resources if procedures_data and procedures_data.available else ()
    biopsies, bad_procedures = select(procedures, Procedure, "code", codes.BIOPSY)
    skipped += bad_procedures
    done_biopsies = [p for p in biopsies if p.status in {"completed", None}]
    imaging, bad_imaging = select(
        procedures,
        Procedure,
        "code",
        (codes.MRI_SPINE, codes.CT_THORAX_ABDOMEN, codes.RADIOTHERAPY_COURSE),
    )
    skipped += bad_imaging
    done = [p for p in imaging if p.status in {"completed", None}]
    recent_from = call.now - timedelta(days=policy.recent_imaging_days)
    recent_ct = [
        p
        for p in done
        if codes.CT_THORAX_ABDOMEN.matches(p.code)
        and (when := parse_datetime(p.date)) is not None
        and when >= recent_from
    ]

    return SpineFacts(
        now=call.now,
        known_primary=known_primary,
        spinal_metastasis_suspected=spinal_met,
        spinal_metastasis_radiological=_first_known(
            answers.boolean("spinal-metastasis-radiological"),
            cond(codes.SPINAL_METASTASIS, suspected_ok=False),
        ),
        mescc_clinical_suspicion=_first_known(
            answers.boolean("mescc-clinical-suspicion"), cond(codes.SPINAL_CORD_COMPRESSION)
        ),
        mescc_radiological=_first_known(answers.boolean("mescc-radiological"), confirmed_scc),
        mescc_symptomatic=answers.boolean("mescc-symptomatic"),
        lhermitte_sign=answers.boolean("lhermitte-sign"),
        local_back_pain_only=answers.boolean("local-back-pain-only"),
        radicular_pain=_first_known(
            answers.laterality("radicular-pain"), _radiculopathy_laterality(conditions)
        ),
        radicular_deficit=answers.laterality("radicular-deficit"),
        deficit_onset=answers.date_time("deficit-onset"),
        deficit_progressive=answers.boolean("deficit-progressive"),
        asia_grade=answers.code("asia-grade"),
        asia_assessed_at=answers.assessed_at("asia-grade"),
        complete_lesion_onset=answers.date_time("complete-lesion-onset"),
        haematological_malignancy_suspected=_first_known(
            answers.boolean("haematological-malignancy-suspected"),
            cond(codes.HAEMATOLOGICAL_MALIGNANCY),
        ),
        tissue_diagnosis_obtained=_first_known(
            answers.boolean("tissue-diagnosis-obtained"),
            Fact(True, _evidence(done_biopsies)) if done_biopsies else unknown(),
        ),
        surgery_or_radiotherapy_planned=answers.boolean("surgery-or-radiotherapy-planned"),
        surgical_candidate=answers.boolean("surgical-candidate"),
        pain_flare_after_radiotherapy=answers.boolean("pain-flare-after-radiotherapy"),
        radiotherapy_completed=_found(
            [
                p
                for p in done
                if codes.RADIOTHERAPY_COURSE.matches(p.code) and p.status == "completed"
            ]
        ),
        mri_spine_found=_found([p for p in done if codes.MRI_SPINE.matches(p.code)]),
        recent_ct_thorax_abdomen=_found(recent_ct),
        corticosteroid_active=_medication(meds, codes.SYSTEMIC_CORTICOSTEROID),
        gastric_ulcer_history=_history_of(conditions, codes.GASTRIC_ULCER),
        nsaid_use=_medication(meds, codes.NSAID),
        anticoagulant_use=_medication(meds, codes.ANTICOAGULANT),
        platelet_inhibitor_use=_medication(meds, codes.PLATELET_INHIBITOR),
        ppi_active=_medication(meds, codes.PROTON_PUMP_INHIBITOR),
        skipped_malformed=skipped,
        missing_data=call.unavailable_keys,
    )


def _found(resources: Sequence[Procedure]) -> Fact[bool]:
    """A record proves the fact; no record leaves it unknown (it may live in another system)."""
    return Fact(True, _evidence(resources)) if resources else unknown()


def _first_known(*facts: Fact[Any]) -> Fact[Any]:
    """The first fact that is known: an explicit answer outranks a derived one."""
    for fact in facts:
        if fact.known:
            return fact
    return unknown()


def _evidence(
    resources: Iterable[
        Condition | Observation | Procedure | MedicationRequest | MedicationStatement
    ],
) -> tuple[Evidence, ...]:
    found = []
    for r in resources:
        when = getattr(r, "date", None) or getattr(r, "authored_on", None)
        found.append(Evidence(r.reference, when))
    return tuple(found)


def _conditions(resources: Sequence[dict[str, Any]]) -> tuple[list[Condition], int]:
    """Every Condition this guideline may read, parsed; others are never modelled."""
    return select(
        resources,
        Condition,
        "code",
        (
            codes.PRIMARY_CANCER,
            codes.UNKNOWN_PRIMARY,
            codes.SPINAL_METASTASIS,
            codes.BONE_METASTASIS,
            codes.SPINAL_CORD_COMPRESSION,
            codes.RADICULOPATHY,
            codes.HAEMATOLOGICAL_MALIGNANCY,
            codes.GASTRIC_ULCER,
        ),
    )


def _bone_metastasis_of_spine(conditions: Sequence[Condition]) -> Fact[bool]:
    """A bone metastasis counts as spinal when its bodySite is in the vertebral column."""
    found = [
        c
        for c in conditions
        if codes.BONE_METASTASIS.matches(c.code)
        and c.is_current
        and any(codes.VERTEBRAL_COLUMN_SITE.matches(site) for site in c.body_site)
    ]
    return Fact(True, _evidence(found)) if found else unknown()


def _radiculopathy_laterality(conditions: Sequence[Condition]) -> Fact[Laterality]:
    """A coded radiculopathy with a laterality qualifier in its bodySite."""
    for c in conditions:
        if not (codes.RADICULOPATHY.matches(c.code) and c.is_current):
            continue
        if any(codes.LATERALITY_BILATERAL.matches(s) for s in c.body_site):
            return Fact("bilateral", _evidence([c]))
        if any(codes.LATERALITY_UNILATERAL.matches(s) for s in c.body_site):
            return Fact("unilateral", _evidence([c]))
    return unknown()


def _history_of(conditions: Sequence[Condition], value_set: codes.ValueSet) -> Fact[bool]:
    """A "history of" fact counts resolved and inactive records too, never refuted ones."""
    found = [c for c in conditions if value_set.matches(c.code) and not c.never_counts]
    return Fact(True, _evidence(found)) if found else unknown()


def _medication(
    resources: Sequence[dict[str, Any]] | None, value_set: codes.ValueSet
) -> Fact[bool]:
    """Active MedicationRequest/-Statement in the set; unknown when the list could not be read."""
    if resources is None:
        return unknown()
    requests, _ = select(resources, MedicationRequest, "medicationCodeableConcept", value_set)
    statements, _ = select(resources, MedicationStatement, "medicationCodeableConcept", value_set)
    active: list[MedicationRequest | MedicationStatement] = [r for r in requests if r.is_active]
    active += [s for s in statements if s.is_active]
    return Fact(bool(active), _evidence(active))


class _Answers:
    """Input-contract Observations (our CodeSystem), newest per code, within the age limit."""

    def __init__(self, resources: Sequence[dict[str, Any]], system: str, oldest: datetime) -> None:
        self.skipped = 0
        self._latest: dict[str, tuple[datetime, Observation]] = {}
        for raw in resources:
            if raw.get("resourceType") != "Observation":
                continue
            code = _local_code(raw.get("code"), system)
            if code is None:
                continue
            try:
                obs = Observation.model_validate(raw)
            except ValueError:
                self.skipped += 1
                continue
            when = parse_datetime(obs.date)
            if obs.status not in _COUNTING_OBSERVATION or when is None or when < oldest:
                continue
            if code not in self._latest or when > self._latest[code][0]:
                self._latest[code] = (when, obs)
        self._system = system

    def _get(self, code: str) -> Observation | None:
        found = self._latest.get(code)
        return found[1] if found else None

    def _fact(self, obs: Observation, value: Any) -> Fact[Any]:
        return Fact(value, (Evidence(obs.reference, obs.date),)) if value is not None else unknown()

    def boolean(self, code: str) -> Fact[bool]:
        obs = self._get(code)
        return self._fact(obs, obs.value_boolean) if obs else unknown()

    def date_time(self, code: str) -> Fact[datetime]:
        obs = self._get(code)
        return self._fact(obs, parse_datetime(obs.value_date_time)) if obs else unknown()

    def assessed_at(self, code: str) -> Fact[datetime]:
        obs = self._get(code)
        return self._fact(obs, parse_datetime(obs.date)) if obs else unknown()

    def code(self, code: str) -> Fact[str]:
        obs = self._get(code)
        return (
            self._fact(obs, _local_code(obs.value_codeable_concept, self._system))
            if obs
            else unknown()
        )

    def laterality(self, code: str) -> Fact[Laterality]:
        obs = self._get(code)
        if obs is None:
            return unknown()
        value = obs.value_codeable_concept
        if codes.LATERALITY_BILATERAL.matches(value):
            return self._fact(obs, "bilateral")
        if codes.LATERALITY_UNILATERAL.matches(value):
            return self._fact(obs, "unilateral")
        if _local_code(value, self._system) == "absent":
            return self._fact(obs, "absent")
        return unknown()


def _local_code(concept: Any, system: str) -> str | None:
    for coding in codes.codings(concept):
        if coding.get("system") == system and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return None
