"""`SpineFacts`: what the Wervelmetastasen tables read, each fact with its provenance.

Richtlijn Wervelmetastasen (IKNL/Pallialine, beslisboom op basis van de richtlijn 2015);
facts F01–F70 of `../shared/clinical-model.md` §2. Every fact has three values: absence of a
record is unknown, not false. The data shape only: `reading.read` fills it from FHIR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from hooks.facts import Fact, unknown
from hooks.spinal_metastases.reading.answers import Laterality

__all__ = ["GeneralCondition", "Laterality", "PerformanceScore", "RadiotherapyCourse", "SpineFacts"]


GeneralCondition = Literal["good", "moderate"]
Scale = Literal["ecog", "karnofsky"]


@dataclass(frozen=True)
class PerformanceScore:
    """An ECOG/WHO (0–5) or Karnofsky (0–100) score as read from its record."""

    scale: Scale
    score: int

    def __str__(self) -> str:  # the why-trace shows it as is: the scale's own name, no language
        return f"ECOG/WHO {self.score}" if self.scale == "ecog" else f"Karnofsky {self.score}"


@dataclass(frozen=True)
class RadiotherapyCourse:
    """A completed course to the spine, of any episode: its record, date and level as recorded."""

    reference: str
    date: str | None
    level: str | None


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
    # --- part 2: treatment indication, radiotherapy, surgery, time to therapy, follow-up ---
    spinal_metastasis_proven: Fact[bool] = field(default_factory=unknown)
    definitive_diagnosis_at: Fact[datetime] = field(default_factory=unknown)
    pain_from_metastases: Fact[bool] = field(default_factory=unknown)
    neurological_deficit: Fact[bool] = field(default_factory=unknown)
    able_to_walk: Fact[bool] = field(default_factory=unknown)
    life_expectancy_months: Fact[float] = field(default_factory=unknown)
    general_condition: Fact[GeneralCondition] = field(default_factory=unknown)
    performance_score: Fact[PerformanceScore] = field(default_factory=unknown)
    oligometastatic: Fact[bool] = field(default_factory=unknown)
    spine_unstable: Fact[bool] = field(default_factory=unknown)
    rt_adequate_dose_possible: Fact[bool] = field(default_factory=unknown)
    symptoms_returned_after_rt: Fact[bool] = field(default_factory=unknown)
    # Completed radiotherapy of the spine of any episode (SM-RT05); `radiotherapy_completed` is
    # this episode's only (tapering, follow-up).
    earlier_radiotherapy: Fact[bool] = field(default_factory=unknown)
    earlier_radiotherapy_courses: tuple[RadiotherapyCourse, ...] = ()
    deterioration_under_rt_and_steroids: Fact[bool] = field(default_factory=unknown)
    chemosensitive_tumour: Fact[bool] = field(default_factory=unknown)
    systemic_sensitive_tumour: Fact[bool] = field(default_factory=unknown)
    rapid_chemo_effect_expected: Fact[bool] = field(default_factory=unknown)
    vital_chemo_indication: Fact[bool] = field(default_factory=unknown)
    surgery_fit: Fact[bool] = field(default_factory=unknown)
    combined_procedure: Fact[bool] = field(default_factory=unknown)
    whole_spine_mri: Fact[bool] = field(default_factory=unknown)
    improving_after_corticosteroids: Fact[bool] = field(default_factory=unknown)
    contiguous_1_to_3_vertebrae: Fact[bool] = field(default_factory=unknown)
    expert_surgery_within_24h: Fact[bool] = field(default_factory=unknown)
    site_spine_operations_per_year: Fact[int] = field(default_factory=unknown)
    deficit_expected_short_term: Fact[bool] = field(default_factory=unknown)
    systemic_therapy_active: Fact[bool] = field(default_factory=unknown)
    systemic_response_expected: Fact[bool] = field(default_factory=unknown)
    spine_surgery_date: Fact[datetime] = field(default_factory=unknown)
    post_operative: Fact[bool] = field(default_factory=unknown)
    postoperative_recovery_insufficient: Fact[bool] = field(default_factory=unknown)
    radiotherapy_in_progress: Fact[bool] = field(default_factory=unknown)
    last_treatment_at: Fact[datetime] = field(default_factory=unknown)
    leaflet_given: Fact[bool] = field(default_factory=unknown)
    gp_informed: Fact[bool] = field(default_factory=unknown)
    coordinating_physician_known: Fact[bool] = field(default_factory=unknown)
    # Local-policy readings that are part of the case (CDS_SPINE_COMBINED_PROCEDURE_LIFE_EXPECTANCY,
    # CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT), and the settings each derived fact rests on.
    combined_procedure_inclusive: bool = True
    slow_non_ambulant_window: Literal["24h", "72h", "undecided"] = "24h"
    policy_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A suspicion of spinal disease that is on record (not a policy default): a suspected spinal
    # metastasis or MESCC, a confirmed one newer than the recent-MRI window with no spine MRI
    # since, or an answer that records a complaint. True or unknown, never False. Without it an
    # undecided MRI window is a question (info), with it a warning; never critical (the alarm
    # budget: critical only when a recorded fact makes a critical row hold).
    recorded_suspicion: Fact[bool] = field(default_factory=unknown)
    # A current bone metastasis with no bodySite (ICD-10 C79.5 alone is common): the spine may
    # or may not be involved, so the patient stays in scope with that one question.
    bone_metastasis_unsited: Fact[bool] = field(default_factory=unknown)
    skipped_malformed: int = 0
    missing_data: tuple[str, ...] = ()
    # Answers in our CodeSystem under a base we do not accept: (system URL, count), not read.
    unrecognised_answers: tuple[tuple[str, int], ...] = ()

    def policies_behind(self, names: Sequence[str]) -> tuple[str, ...]:
        """The local-policy settings that the named facts were derived with, for the card."""
        return tuple(dict.fromkeys(p for n in names for p in self.policy_sources.get(n, ())))

    @property
    def deficit_onset_within_7_days(self) -> bool | None:
        """Binnen 7 dagen ontstaan (relative to now)."""
        onset = self.deficit_onset.value
        return None if onset is None else self.now - onset <= timedelta(days=7)
