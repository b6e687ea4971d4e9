"""FHIR → `SpineFacts`: where this guideline reads the chart (with `treatment_facts` for part 2).

Richtlijn Wervelmetastasen (IKNL/Pallialine, beslisboom op basis van de richtlijn 2015);
facts F01–F36 of `../shared/clinical-model.md` §2. Every fact has three values: absence of a
record is unknown, not false. Entered-in-error and refuted records never count; questionnaire
answers older than the policy's age limit are not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from hooks import codes
from hooks.common.medication import MEDICATION_KEYS, medication_lists
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Condition, Procedure, parse_datetime, select
from hooks.input_contract import code_system_url
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.answers import Answers, Laterality, log_near_misses
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.reading.records import evidence, first_known, found, medication
from hooks.spinal_metastases.reading.treatment_facts import (
    hormone_sensitive,
    read_treatment_facts,
    spinal_conditions,
    spinal_radiotherapy,
)
from service.cds.contract import HookCall


def read_facts(call: HookCall, policy: SpinePolicy) -> SpineFacts:
    """Read every fact this guideline uses from the call's resolved data."""
    conditions_data = call.data.get("conditions")
    observations_data = call.data.get("observations")
    procedures_data = call.data.get("procedures")
    skipped = sum(d.skipped_malformed for d in call.data.values())

    conditions: list[Condition] = []
    raw_conditions: Sequence[dict[str, Any]] = ()
    if conditions_data is not None:
        raw_conditions = conditions_data.resources
        conditions, bad = _conditions(raw_conditions, policy)
        skipped += bad
    observations = observations_data.resources if observations_data else ()
    answers = Answers(
        observations,
        frozenset(code_system_url(b) for b in (call.canonical_base, *call.canonical_aliases)),
        call.now,
        {
            "neuro": timedelta(hours=policy.answer_max_age_h),
            "assessment": timedelta(days=policy.assessment_max_age_d),
            "event": None,
        },
    )
    skipped += answers.skipped

    def cond(
        value_set: codes.ValueSet, *, suspected_ok: bool = True, suspected_only: bool = False
    ) -> Fact[bool]:
        matching = [
            c
            for c in conditions
            if value_set.matches(c.code)
            and c.is_current
            and (suspected_ok or not c.is_suspected)
            and (c.is_suspected or not suspected_only)
        ]
        return Fact(True, evidence(matching)) if matching else unknown()

    spinal_met = first_known(
        answers.boolean("spinal-metastasis-suspected"),
        cond(codes.SPINAL_METASTASIS),
        _bone_metastasis_of_spine(conditions),
        cond(codes.SPINAL_CORD_COMPRESSION),
    )
    unknown_primary_coded = cond(codes.UNKNOWN_PRIMARY)
    primary = _primary(conditions, raw_conditions, policy)
    known_primary = first_known(
        answers.boolean("primary-tumour-known"),
        primary,
        Fact(False, unknown_primary_coded.evidence) if unknown_primary_coded.value else unknown(),
    )
    if not known_primary.known and primary.evidence:
        known_primary = primary  # unknown, naming the malignancy in the history (policy: ask)
    confirmed_scc = cond(codes.SPINAL_CORD_COMPRESSION, suspected_ok=False)
    # Orders and home medication (MedicationStatement): read once, each record classified; a
    # list read only in part (a page failed, the budget ran out) gives no "no".
    medication_use = medication_lists(call)
    skipped += medication_use.skipped
    medication_data = [call.data[k] for k in MEDICATION_KEYS if k in call.data]
    meds = (
        [r for d in medication_data if d.available for r in d.resources]
        if any(d.available for d in medication_data)
        else None
    )
    procedures = procedures_data.resources if procedures_data and procedures_data.available else ()
    biopsies, bad_procedures = select(procedures, Procedure, "code", codes.BIOPSY)
    skipped += bad_procedures
    done_biopsies = [p for p in biopsies if p.status in {"completed", None}]
    imaging, bad_imaging = select(
        procedures,
        Procedure,
        "code",
        (codes.MRI_SPINE, codes.CT_THORAX_ABDOMEN),
    )
    skipped += bad_imaging
    spinal_records = spinal_conditions(conditions)
    rt_courses, bad_rt = spinal_radiotherapy(procedures, spinal_records)
    skipped += bad_rt
    done = [p for p in imaging if p.status in {"completed", None}]
    recent_from = call.now - timedelta(days=policy.recent_imaging_days)
    recent_ct = [
        p
        for p in done
        if codes.CT_THORAX_ABDOMEN.matches(p.code)
        and (when := parse_datetime(p.date)) is not None
        and when >= recent_from
    ]

    # "Alleen lokale rugpijn" answered yes closes the branches it excludes (radicular pain and
    # deficit, Lhermitte, bilateral complaints); it does not answer the MESCC suspicion.
    local_back_pain_only = answers.boolean("local-back-pain-only")
    no_deficit = answers.boolean("no-neurological-deficit")
    radicular_pain = first_known(
        answers.laterality("radicular-pain"),
        _radiculopathy_laterality(conditions),
        _closed(local_back_pain_only, "absent"),
    )
    radicular_deficit = first_known(
        answers.laterality("radicular-deficit"),
        _closed(local_back_pain_only, "absent"),
        _closed(no_deficit, "absent"),
    )
    part1 = SpineFacts(
        now=call.now,
        known_primary=known_primary,
        spinal_metastasis_suspected=spinal_met,
        spinal_metastasis_radiological=first_known(
            answers.boolean("spinal-metastasis-radiological"),
            cond(codes.SPINAL_METASTASIS, suspected_ok=False),
        ),
        mescc_clinical_suspicion=_clinical_mescc(
            answers.boolean("mescc-clinical-suspicion"),
            cond(codes.SPINAL_CORD_COMPRESSION, suspected_only=True),
            confirmed_scc,
        ),
        mescc_radiological=first_known(answers.boolean("mescc-radiological"), confirmed_scc),
        mescc_symptomatic=answers.boolean("mescc-symptomatic"),
        lhermitte_sign=first_known(
            answers.boolean("lhermitte-sign"), _closed(local_back_pain_only, False)
        ),
        # And the other way round: recorded radicular pain or deficit is more than local pain.
        local_back_pain_only=first_known(
            local_back_pain_only, _ruled_out_by(radicular_pain), _ruled_out_by(radicular_deficit)
        ),
        radicular_pain=radicular_pain,
        radicular_deficit=radicular_deficit,
        deficit_onset=answers.date_time("deficit-onset"),
        deficit_progressive=answers.boolean("deficit-progressive"),
        # "Geen neurologische uitval": no deficit at all, ASIA E, so never the ASIA-A exception.
        asia_grade=first_known(answers.code("asia-grade"), _closed(no_deficit, "asia-e")),
        asia_assessed_at=answers.assessed_at("asia-grade"),
        complete_lesion_onset=answers.date_time("complete-lesion-onset"),
        haematological_malignancy_suspected=first_known(
            answers.boolean("haematological-malignancy-suspected"),
            cond(codes.HAEMATOLOGICAL_MALIGNANCY),
        ),
        tissue_diagnosis_obtained=first_known(
            answers.boolean("tissue-diagnosis-obtained"),
            Fact(True, evidence(done_biopsies)) if done_biopsies else unknown(),
        ),
        surgery_or_radiotherapy_planned=answers.boolean("surgery-or-radiotherapy-planned"),
        surgical_candidate=answers.boolean("surgical-candidate"),
        pain_flare_after_radiotherapy=answers.boolean("pain-flare-after-radiotherapy"),
        radiotherapy_completed=found(_completed_in_this_episode(rt_courses, spinal_records)),
        mri_spine_found=found(_recent_spine_imaging(done, spinal_records, call.now, policy)),
        recent_ct_thorax_abdomen=found(recent_ct),
        corticosteroid_active=medication(medication_use, codes.SYSTEMIC_CORTICOSTEROID),
        # A recorded ulcer is never undone by a questionnaire "no"; without one, the answer
        # decides (no record alone is never "no", so SM-CS03 could otherwise never be decided).
        gastric_ulcer_history=first_known(
            _history_of(conditions, codes.GASTRIC_ULCER), answers.boolean("gastric-ulcer-history")
        ),
        nsaid_use=medication(medication_use, codes.NSAID),
        anticoagulant_use=medication(medication_use, codes.ANTICOAGULANT),
        platelet_inhibitor_use=medication(medication_use, codes.PLATELET_INHIBITOR),
        ppi_active=medication(medication_use, codes.PROTON_PUMP_INHIBITOR),
    )
    part1 = replace(
        part1,
        bone_metastasis_unsited=_bone_metastasis_unsited(conditions),
        recorded_suspicion=_recorded_suspicion(
            part1,
            answers.boolean("spinal-metastasis-suspected"),
            spinal_records,
            done,
            call.now,
            policy,
        ),
    )
    part2, bad_records = read_treatment_facts(
        part1, policy, conditions, answers, observations, rt_courses, meds, spinal_records
    )
    unrecognised = tuple(sorted(answers.unrecognised.items()))
    log_near_misses(unrecognised, call.canonical_base)
    return replace(
        part1,
        **part2,
        skipped_malformed=skipped + bad_records,
        missing_data=call.unavailable_keys,
        unrecognised_answers=unrecognised,
    )


def _conditions(
    resources: Sequence[dict[str, Any]], policy: SpinePolicy
) -> tuple[list[Condition], int]:
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
            codes.SPINAL_INSTABILITY,
            codes.CHEMOSENSITIVE_NAMED,
            hormone_sensitive(policy),
        ),
    )


def _recent_spine_imaging(
    done: Sequence[Procedure],
    spinal_records: Sequence[Condition],
    now: datetime,
    policy: SpinePolicy,
) -> list[Procedure | Condition]:
    """A spine MRI, or a spinal metastasis / MESCC confirmed (by imaging), within
    CDS_SPINE_RECENT_MRI_DAYS: imaging that may already show the metastases (SM-D02).

    Older imaging, or a diagnosis recorded years ago, cannot show today's complaint.
    """
    since = now - timedelta(days=policy.recent_mri_days)
    mri: list[Procedure | Condition] = [
        p
        for p in done
        if codes.MRI_SPINE.matches(p.code)
        and (when := parse_datetime(p.date)) is not None
        and when >= since
    ]
    confirmed = [
        c
        for c in spinal_records
        if c.is_current
        and not c.is_suspected
        and (when := parse_datetime(c.date)) is not None
        and when >= since
    ]
    return [*mri, *confirmed]


_CONFIRMED_NOTE = (
    "bevestigde myelumcompressie: radiologisch MESMC, geen klinische verdenking",
    "confirmed cord compression: radiological MESCC, not a clinical suspicion",
)


def _clinical_mescc(answer: Fact[bool], suspected: Fact[bool], confirmed: Fact[bool]) -> Fact[bool]:
    """Klinische verdenking op MESMC (SM-MRI-12h): the answer, else a *suspected* cord compression.

    A confirmed one is radiological MESCC (`mescc_radiological`) and goes to the time to therapy,
    not to a 12-hour MRI (issue item 4): here it leaves the suspicion unknown, naming the record.
    """
    found = first_known(answer, suspected)
    if found.known or not confirmed.value:
        return found
    return Fact(None, tuple(replace(e, note=_CONFIRMED_NOTE) for e in confirmed.evidence))


def _ruled_out_by(laterality: Fact[str]) -> Fact[bool]:
    """ "Alleen lokale rugpijn (geen radiculaire pijn of uitval)" is no when either is recorded."""
    if laterality.value in ("unilateral", "bilateral"):
        return Fact(False, laterality.evidence)
    return unknown()


def _closed(answer: Fact[bool], value: Any) -> Fact[Any]:
    """`value`, from the record of `answer`, when `answer` says yes: an answer that closes a branch."""
    return Fact(value, answer.evidence) if answer.value is True else unknown()


# Answers that record a complaint or a suspicion: each is a recorded reason to image the spine.
_COMPLAINT_FACTS = (
    "mescc_clinical_suspicion",
    "lhermitte_sign",
    "local_back_pain_only",
    "deficit_progressive",
    "mescc_symptomatic",
)
_LATERAL_COMPLAINTS = ("radicular_pain", "radicular_deficit")


def _recorded_suspicion(
    facts: SpineFacts,
    suspicion_answer: Fact[bool],
    spinal_records: Sequence[Condition],
    done_imaging: Sequence[Procedure],
    now: datetime,
    policy: SpinePolicy,
) -> Fact[bool]:
    """The records that make this a suspicion, not a routine or follow-up scan.

    A suspected (provisional, differential, unconfirmed) spinal metastasis or cord compression
    that is current; a confirmed one recorded within CDS_SPINE_RECENT_MRI_DAYS with no spine MRI
    on or after its date (a new diagnosis still to be imaged); or a complaint that is answered
    or coded (Lhermitte, radicular pain or deficit, local back pain, MESCC suspicion). A known,
    stable metastasis (older, or imaged since) is follow-up (SM-FU01), not a suspicion.
    """
    suspected = [c for c in spinal_records if c.is_current and c.is_suspected]
    since = now - timedelta(days=policy.recent_mri_days)
    mri_dates = [
        when
        for p in done_imaging
        if codes.MRI_SPINE.matches(p.code) and (when := parse_datetime(p.date)) is not None
    ]
    new_confirmed = [
        c
        for c in spinal_records
        if c.is_current
        and not c.is_suspected
        and (recorded := parse_datetime(c.date)) is not None
        and recorded >= since
        and not any(mri >= recorded for mri in mri_dates)
    ]
    found = list(evidence([*suspected, *new_confirmed]))
    for name in _COMPLAINT_FACTS:
        fact = getattr(facts, name)
        if fact.value is True:
            found += fact.evidence
    for name in _LATERAL_COMPLAINTS:
        fact = getattr(facts, name)
        if fact.value in ("unilateral", "bilateral"):
            found += fact.evidence
    if suspicion_answer.value is True:
        found += suspicion_answer.evidence
    return Fact(True, tuple(dict.fromkeys(found))) if found else unknown()


def _completed_in_this_episode(
    courses: Sequence[Procedure], spinal_records: Sequence[Condition]
) -> list[Procedure]:
    """Completed courses to the spine that ended after the newest spinal-disease record.

    A course finished before the spinal metastasis or MESCC now on record treated an earlier
    episode: for this one, treatment (and so tapering of corticosteroids) has not happened yet.
    Without a dated spinal record the two cannot be told apart, and nothing counts.
    """
    episode = [
        when
        for c in spinal_records
        if c.is_current and (when := parse_datetime(c.date)) is not None
    ]
    if not episode:
        # No dated spinal record to tell this episode from an earlier one: not proven.
        return []
    since = max(episode)
    return [
        p
        for p in courses
        if p.status == "completed" and (end := parse_datetime(p.date)) is not None and end >= since
    ]


def _bone_metastasis_of_spine(conditions: Sequence[Condition]) -> Fact[bool]:
    """A bone metastasis counts as spinal when its bodySite is in the vertebral column."""
    found = [
        c
        for c in conditions
        if codes.BONE_METASTASIS.matches(c.code)
        and c.is_current
        and any(codes.VERTEBRAL_COLUMN_SITE.matches(site) for site in c.body_site)
    ]
    return Fact(True, evidence(found)) if found else unknown()


# A malignancy on the problem list is a known primary (SM-D02: "een bekende primaire
# maligniteit") while it is current or in remission, and only when it is not merely suspected.
_PRIMARY_CURRENT = {None, "active", "recurrence", "relapse", "remission"}
_PRIMARY_HISTORY = {"inactive", "resolved"}
_NOT_CONFIRMED = {"provisional", "differential", "unconfirmed", "refuted", "entered-in-error"}
_HISTORY_NOTE = (
    "maligniteit in de voorgeschiedenis; of die de primaire tumor is, is lokaal beleid: vraag",
    "history of malignancy; whether it is the primary is local policy: ask",
)


def _primary(
    conditions: Sequence[Condition], raw: Sequence[dict[str, Any]], policy: SpinePolicy
) -> Fact[bool]:
    """Known primary (SM-D02, SM-CS01, SM-DX0x): a confirmed malignancy, current or in remission.

    Coded (ICD-10 C00–C97 but C44, ICD-O-3 behaviour /3, SNOMED CT: `codes.PRIMARY_CANCER`) or a
    Condition claiming the mCODE primary-cancer profile. Provisional, differential, unconfirmed,
    refuted and entered-in-error records never count. An inactive or resolved one is a
    malignancy in the history: with CDS_SPINE_HISTORY_OF_MALIGNANCY = "ask" (default) the fact
    stays unknown but names that record, so the card shows both branches and asks; "known"
    counts it as the known primary.
    """
    mcode = [r for r in raw if isinstance(r, dict) and codes.is_mcode_primary(r)]
    mcode_refs = {f"Condition/{r.get('id')}" for r in mcode}
    read = {c.reference for c in conditions}
    profiled = [c for c in _parsed_conditions(mcode) if c.reference not in read]
    malignancies = [
        c
        for c in (*conditions, *profiled)
        if (codes.PRIMARY_CANCER.matches(c.code) or c.reference in mcode_refs)
        and c.verification not in _NOT_CONFIRMED
    ]
    current = [c for c in malignancies if c.clinical in _PRIMARY_CURRENT]
    if current:
        return Fact(True, tuple(_local_marked(c) for c in current))
    history = [c for c in malignancies if c.clinical in _PRIMARY_HISTORY]
    if not history:
        return unknown()
    if policy.history_of_malignancy == "known":
        return Fact(True, evidence(history))
    return Fact(None, tuple(replace(e, note=_HISTORY_NOTE) for e in evidence(history)))


_LOCAL_NOTE = (
    "herkend via de lokale codelijst (lokaal beleid)",
    "recognised through the local code list (local policy)",
)


def _local_marked(condition: Condition) -> Evidence:
    """The record's evidence; marked when only the operator's value-set file made it a primary."""
    (found,) = evidence([condition])
    return (
        replace(found, note=_LOCAL_NOTE)
        if codes.PRIMARY_CANCER.matches_local(condition.code)
        else found
    )


def _parsed_conditions(raw: Sequence[dict[str, Any]]) -> list[Condition]:
    """Conditions parsed one by one; a malformed one is left out (counted where all are read)."""
    parsed = []
    for resource in raw:
        try:
            parsed.append(Condition.model_validate(resource))
        except ValidationError:
            continue
    return parsed


def _bone_metastasis_unsited(conditions: Sequence[Condition]) -> Fact[bool]:
    """A current bone metastasis whose record names no site: whether it is spinal is open.

    A coded non-vertebral site (the femur) settles it: not spinal, and not this fact.
    """
    found = [
        c
        for c in conditions
        if codes.BONE_METASTASIS.matches(c.code)
        and not codes.SPINAL_METASTASIS.matches(c.code)
        and c.is_current
        and not c.body_site
    ]
    return Fact(True, evidence(found)) if found else unknown()


def _radiculopathy_laterality(conditions: Sequence[Condition]) -> Fact[Laterality]:
    """A coded radiculopathy with a laterality qualifier in its bodySite."""
    for c in conditions:
        if not (codes.RADICULOPATHY.matches(c.code) and c.is_current):
            continue
        if any(codes.LATERALITY_BILATERAL.matches(s) for s in c.body_site):
            return Fact("bilateral", evidence([c]))
        if any(codes.LATERALITY_UNILATERAL.matches(s) for s in c.body_site):
            return Fact("unilateral", evidence([c]))
    return unknown()


def _history_of(conditions: Sequence[Condition], value_set: codes.ValueSet) -> Fact[bool]:
    """A "history of" fact counts resolved and inactive records too, never refuted ones."""
    found = [c for c in conditions if value_set.matches(c.code) and not c.never_counts]
    return Fact(True, evidence(found)) if found else unknown()
