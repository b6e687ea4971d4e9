"""How each `SpineFacts` field a decision row reads is read from FHIR: for integrators.

One entry per field that any row of the Wervelmetastasen tables names in `Row.facts`: the FHIR
resources and elements, the value sets (standard codes first, in the order `facts.py` and
`treatment_facts.py` try them), the input-contract answers last, and what leaves the fact
unknown. The rows each fact feeds come from the tables themselves, the answers' age limits from
the input contract, and the answers that close a branch from `CLOSES`, so none of that is typed
twice. `fact_sources_doc.render_sections()` writes the tables into `docs/input-contract.md`;
`tests/hooks/spinal_metastases/test_fact_sources.py` fails when a row reads a field without an
entry here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from hooks import codes
from hooks.codes import ValueSet
from hooks.input_contract import Lifetime
from hooks.rules import DecisionTable
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.review import TABLES


@dataclass(frozen=True)
class FactSource:
    """How one `SpineFacts` field is read: where from, with which codes, and when it is unknown."""

    name: str  # the SpineFacts field
    read_from: str  # resources, elements and statuses, in the order they are tried (Markdown)
    unknown_when: str
    value_sets: tuple[ValueSet, ...] = ()  # standard codes, in the order they are tried
    answers: tuple[str, ...] = ()  # input-contract codes (our CodeSystem): only where read
    derived_from: tuple[str, ...] = ()  # other SpineFacts fields it is derived from
    settings: tuple[str, ...] = ()  # local-policy settings the reading (or its row) uses


# The age limit of an answer, per lifetime (`read_facts`: Answers(..., max_age)).
AGE_LIMIT: dict[Lifetime, str] = {
    "neuro": "`CDS_SPINE_ANSWER_MAX_AGE_H`",
    "assessment": "`CDS_SPINE_ASSESSMENT_MAX_AGE_D`",
    "event": "never expires",
}

_CONFIRMED = "current, confirmed (not provisional, differential or unconfirmed)"
_SPINAL_RECORD = (
    "spinal Condition (`spinal-metastasis`, `spinal-cord-compression`, or `bone-metastasis` "
    "with a `bodySite` in `vertebral-column-site`)"
)
_SPINAL_SETS = (
    codes.SPINAL_METASTASIS,
    codes.SPINAL_CORD_COMPRESSION,
    codes.BONE_METASTASIS,
    codes.VERTEBRAL_COLUMN_SITE,
)
_CONDITION_DATE = "`onsetDateTime`, else `recordedDate`"
_PROCEDURE_DATE = "`performedDateTime`, else `performedPeriod.end`, else `.start`"
_SPINAL_COURSE = (
    "radiotherapy course to the spine (a `Procedure` in `radiotherapy-course`; a coded "
    "`bodySite` decides, in `vertebral-column-site`; without one, `reasonCode` in "
    "`spinal-metastasis` / `spinal-cord-compression` or `reasonReference` to one of the "
    "patient's spinal Conditions)"
)
# Said once above the table (`_MEDICATION_READING`); each medication fact names its set.
_MEDICATION = (
    "a `MedicationRequest` or `MedicationStatement` in use with a medicine in the set → yes; "
    "*no* only when both lists were read completely and every record in use was classified "
    "(see *Medication in use* above)"
)
_MEDICATION_UNKNOWN = (
    "a medication list not read completely; a record in use that cannot be classified "
    "(coded only in G-Standaard, only by an RxNorm ingredient, text only, or a Medication "
    "that cannot be found); a record of the set without a usable `status`"
)
_ANSWER_ONLY = "the answer only"
_NO_ANSWER = "no usable answer (none, or older than its age limit)"


def _answer_only(name: str, answer: str) -> FactSource:
    return FactSource(name, _ANSWER_ONLY, _NO_ANSWER, answers=(answer,))


def _medication(name: str, value_set: ValueSet) -> FactSource:
    return FactSource(name, _MEDICATION, _MEDICATION_UNKNOWN, value_sets=(value_set,))


FACT_SOURCES: tuple[FactSource, ...] = (
    FactSource(
        "known_primary",
        "1. the answer; 2. a `Condition` whose `code` is in `primary-malignancy`, or that claims "
        "the mCODE primary-cancer profile in `meta.profile`, with `verificationStatus` not "
        "provisional, differential, unconfirmed, refuted or entered-in-error: `clinicalStatus` "
        "active, recurrence, relapse, remission or absent → yes; inactive or resolved (a "
        "malignancy in the history) → yes with `CDS_SPINE_HISTORY_OF_MALIGNANCY` = `known`, else "
        "unknown, naming the record; 3. a current `Condition` in `unknown-primary` → no. A code "
        "that only the operator's file adds is marked *lokale codelijst*",
        "no answer and no such Condition; a suspected malignancy; only a malignancy in the "
        "history with `CDS_SPINE_HISTORY_OF_MALIGNANCY` = `ask` (the card shows both branches)",
        value_sets=(codes.PRIMARY_CANCER, codes.UNKNOWN_PRIMARY),
        answers=("primary-tumour-known",),
        settings=("CDS_SPINE_HISTORY_OF_MALIGNANCY",),
    ),
    FactSource(
        "spinal_metastasis_suspected",
        "the answer; else a current `Condition` (suspected or confirmed) in "
        "`spinal-metastasis`, in `bone-metastasis` with a `bodySite` in `vertebral-column-site`, "
        "or in `spinal-cord-compression` → yes",
        "no answer and no such Condition (a record never makes it *no*). A current bone "
        "metastasis without `bodySite` (ICD-10 C79.5 alone) is not counted: the card asks "
        "whether the spine is involved",
        value_sets=_SPINAL_SETS,
        answers=("spinal-metastasis-suspected",),
    ),
    FactSource(
        "spinal_metastasis_radiological",
        f"the answer; else a {_CONFIRMED} `Condition` in `spinal-metastasis` → yes",
        "no answer and no such Condition; a suspected one; a bone metastasis at a vertebral "
        "site does not count here",
        value_sets=(codes.SPINAL_METASTASIS,),
        answers=("spinal-metastasis-radiological",),
    ),
    FactSource(
        "mescc_clinical_suspicion",
        "the answer; else a current, suspected (provisional, differential or unconfirmed) "
        "`Condition` in `spinal-cord-compression` → yes. A confirmed one is radiological MESCC "
        "(`mescc_radiological`): it leaves the suspicion unknown and the why-trace names it",
        "no answer and no suspected cord compression; *alleen lokale rugpijn* does not answer it",
        value_sets=(codes.SPINAL_CORD_COMPRESSION,),
        answers=("mescc-clinical-suspicion",),
    ),
    FactSource(
        "mescc_radiological",
        f"the answer; else a {_CONFIRMED} `Condition` in `spinal-cord-compression` → yes",
        "no answer and no such Condition; a suspected one",
        value_sets=(codes.SPINAL_CORD_COMPRESSION,),
        answers=("mescc-radiological",),
    ),
    _answer_only("mescc_symptomatic", "mescc-symptomatic"),
    _answer_only("lhermitte_sign", "lhermitte-sign"),
    _answer_only("local_back_pain_only", "local-back-pain-only"),
    FactSource(
        "radicular_pain",
        "the answer (`valueCodeableConcept`: SNOMED 7771000 left or 24028007 right → one side, "
        "51440002 → both sides, `absent` → absent); else a current `Condition` in "
        "`radiculopathy` whose `bodySite` holds a laterality in `bilateral` (both sides) or "
        "`unilateral` (one side)",
        "no answer, or one with another code; a radiculopathy without a laterality in "
        "`bodySite` (a Condition never makes it *absent*)",
        value_sets=(codes.RADICULOPATHY, codes.LATERALITY_UNILATERAL, codes.LATERALITY_BILATERAL),
        answers=("radicular-pain",),
    ),
    FactSource(
        "radicular_deficit",
        "the answer only, coded as for `radicular_pain`",
        "no answer, or one with another code (no Condition is read for it)",
        value_sets=(codes.LATERALITY_UNILATERAL, codes.LATERALITY_BILATERAL),
        answers=("radicular-deficit",),
    ),
    FactSource(
        "deficit_onset",
        "the answer's `valueDateTime`; the rows compare it with the time of the call (within "
        "7 days or longer ago)",
        f"{_NO_ANSWER}; a date that cannot be read",
        answers=("deficit-onset",),
    ),
    _answer_only("deficit_progressive", "deficit-progressive"),
    FactSource(
        "asia_grade",
        "the answer only (`valueCodeableConcept`: `asia-a` … `asia-e` in our CodeSystem)",
        f"{_NO_ANSWER}; a value not coded in our CodeSystem",
        answers=("asia-grade",),
    ),
    FactSource(
        "asia_assessed_at",
        "when the `asia-grade` answer used was assessed (*bij eerste presentatie*): its "
        "`effectiveDateTime`, else `effectivePeriod.end`, else `issued`",
        "no usable `asia-grade` answer; ASIA E set by `no-neurological-deficit` has no "
        "assessment time, so the ASIA-A exception stays undecided, never applied",
        answers=("asia-grade",),
    ),
    _answer_only("complete_lesion_onset", "complete-lesion-onset"),
    FactSource(
        "haematological_malignancy_suspected",
        "the answer; else a current `Condition` (suspected or confirmed) in "
        "`haematological-malignancy` → yes",
        "no answer and no such Condition",
        value_sets=(codes.HAEMATOLOGICAL_MALIGNANCY,),
        answers=("haematological-malignancy-suspected",),
    ),
    FactSource(
        "tissue_diagnosis_obtained",
        "the answer; else a `Procedure` in `biopsy` with `status` completed or absent (any "
        "site, any date) → yes",
        "no answer and no such Procedure (a record never makes it *no*); the procedures not read",
        value_sets=(codes.BIOPSY,),
        answers=("tissue-diagnosis-obtained",),
    ),
    _answer_only("surgery_or_radiotherapy_planned", "surgery-or-radiotherapy-planned"),
    _answer_only("surgical_candidate", "surgical-candidate"),
    _answer_only("pain_flare_after_radiotherapy", "pain-flare-after-radiotherapy"),
    FactSource(
        "radiotherapy_completed",
        f"a {_SPINAL_COURSE} with `status` completed, dated ({_PROCEDURE_DATE}) on or after the "
        f"newest dated current {_SPINAL_RECORD} ({_CONDITION_DATE}) → yes: this episode's "
        "treatment",
        "no such course (never *no*); a course that ended before the newest spinal record (an "
        "earlier episode); no dated spinal Condition to tell the episodes apart; a course "
        "without a coded site or reason, or for a bone metastasis without a site",
        value_sets=(codes.RADIOTHERAPY_COURSE, *_SPINAL_SETS),
    ),
    FactSource(
        "mri_spine_found",
        "a `Procedure` in `mri-spine` with `status` completed or absent, dated "
        f"({_PROCEDURE_DATE}) within `CDS_SPINE_RECENT_MRI_DAYS`; or a {_CONFIRMED} "
        f"{_SPINAL_RECORD} dated ({_CONDITION_DATE}) within that window → yes",
        "neither (never *no*): an older MRI or an older diagnosis does not count; the "
        "procedures not read",
        value_sets=(codes.MRI_SPINE, *_SPINAL_SETS),
        settings=("CDS_SPINE_RECENT_MRI_DAYS",),
    ),
    FactSource(
        "recent_ct_thorax_abdomen",
        "a `Procedure` in `ct-thorax-abdomen` with `status` completed or absent, dated "
        f"({_PROCEDURE_DATE}) within `CDS_SPINE_RECENT_IMAGING_DAYS` → yes",
        "no such Procedure (never *no*); an older one; the procedures not read",
        value_sets=(codes.CT_THORAX_ABDOMEN,),
        settings=("CDS_SPINE_RECENT_IMAGING_DAYS",),
    ),
    _medication("corticosteroid_active", codes.SYSTEMIC_CORTICOSTEROID),
    FactSource(
        "gastric_ulcer_history",
        "a `Condition` in `gastric-ulcer` with any `clinicalStatus` (resolved and inactive "
        "count), not refuted or entered-in-error → yes; else the answer. A record is never "
        "undone by the answer *no*",
        "no such Condition and no usable answer (no record alone is never *no*)",
        value_sets=(codes.GASTRIC_ULCER,),
        answers=("gastric-ulcer-history",),
    ),
    _medication("nsaid_use", codes.NSAID),
    _medication("anticoagulant_use", codes.ANTICOAGULANT),
    FactSource(
        "platelet_inhibitor_use",
        f"{_MEDICATION}. SM-CS03 counts it as an anticoagulant only with "
        "`CDS_SPINE_PLATELET_INHIBITORS_COUNT_AS_ANTICOAGULANTS`",
        _MEDICATION_UNKNOWN,
        value_sets=(codes.PLATELET_INHIBITOR,),
        settings=("CDS_SPINE_PLATELET_INHIBITORS_COUNT_AS_ANTICOAGULANTS",),
    ),
    _medication("ppi_active", codes.PROTON_PUMP_INHIBITOR),
    # --- part 2: treatment indication, radiotherapy, surgery, time to therapy, follow-up ---
    FactSource(
        "spinal_metastasis_proven",
        "yes when the answer `definitive-diagnosis-date` gives a date (`valueDateTime`), or a "
        f"{_CONFIRMED} {_SPINAL_RECORD} is dated ({_CONDITION_DATE}) not after the call. The "
        "time to therapy dates the diagnosis otherwise (`definitive_diagnosis_at`: the answer, "
        "else the newest such Condition's `recordedDate`, never its onset, leaving out one whose "
        "onset lies before `CDS_SPINE_TIME_TO_THERAPY_LOOKBACK_D`)",
        "no answer and no such Condition (never *no*)",
        value_sets=_SPINAL_SETS,
        answers=("definitive-diagnosis-date",),
    ),
    FactSource(
        "pain_from_metastases",
        "the answer; else derived: `local_back_pain_only` yes, or `radicular_pain` on one or "
        "both sides → yes",
        "no answer and neither complaint (never derived as *no*)",
        answers=("pain-from-spinal-metastases",),
        derived_from=("local_back_pain_only", "radicular_pain"),
    ),
    FactSource(
        "neurological_deficit",
        "the answer; else derived: `radicular_deficit` on one or both sides, "
        "`deficit_progressive` yes, or `asia_grade` A–D → yes; `asia_grade` E (also as set by "
        "`no-neurological-deficit`) → no",
        "no answer and none of these (`radicular_deficit` absent alone is not *no*)",
        answers=("neurological-deficit",),
        derived_from=("radicular_deficit", "deficit_progressive", "asia_grade"),
    ),
    FactSource(
        "able_to_walk",
        "the answer only. A slowly progressive (> 7 days) deficit from MESCC in a patient who "
        "cannot walk independently is in neither SM-TT24h nor SM-TT72h: "
        "`CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT` assigns it",
        _NO_ANSWER,
        answers=("able-to-walk",),
        settings=("CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT",),
    ),
    FactSource(
        "life_expectancy_months",
        "the answer's `valueQuantity` in months: UCUM `mo`; `a`, `wk` and `d` are converted "
        "(by `code`, else `unit`)",
        f"{_NO_ANSWER}; no value, or another unit",
        answers=("life-expectancy",),
    ),
    FactSource(
        "general_condition",
        "the answer (`condition-good` / `condition-moderate`); else the newest ECOG/WHO or "
        "Karnofsky score within `CDS_SPINE_ASSESSMENT_MAX_AGE_D`: an `Observation` (not "
        "entered-in-error or cancelled) whose `code`, or a `component.code`, is in `ecog` / "
        "`karnofsky`, the score from `valueInteger`, an integral `valueQuantity` (no unit, "
        "`{score}` or `1`; Karnofsky also `%`) or `valueCodeableConcept` in the grade sets "
        "(`ecog-0` … `ecog-5`, `karnofsky-0` … `karnofsky-100`); ECOG ≤ "
        "`CDS_SPINE_ECOG_GOOD_MAX` or Karnofsky ≥ `CDS_SPINE_KARNOFSKY_GOOD_MIN` → good, else "
        "moderate",
        "no answer and no score in the window; an unreadable newest score (a string, another "
        "unit, out of range: an older score is not used instead); scores of the same time "
        "that disagree. A score with `dataAbsentReason` is no score; one without a date is "
        "skipped and counted",
        value_sets=(
            codes.ECOG,
            codes.KARNOFSKY,
            *(vs for _, vs in codes.ECOG_GRADES),
            *(vs for _, vs in codes.KARNOFSKY_GRADES),
        ),
        answers=("general-condition",),
        settings=(
            "CDS_SPINE_ASSESSMENT_MAX_AGE_D",
            "CDS_SPINE_ECOG_GOOD_MAX",
            "CDS_SPINE_KARNOFSKY_GOOD_MIN",
        ),
    ),
    FactSource(
        "oligometastatic",
        "the answer `oligometastatic`; else the answer `oligometastatic-count` "
        "(`valueInteger`): 1–3 → yes (every definition), 0 or 6 and more → no, 4–5 → unknown",
        "no usable answer to either; a count of 4 or 5",
        answers=("oligometastatic", "oligometastatic-count"),
    ),
    FactSource(
        "spine_unstable",
        f"the answer `spine-unstable`; else a {_CONFIRMED} `Condition` in "
        "`spinal-instability` → yes; else the answer `sins-score` (`valueInteger`): at least "
        "`CDS_SPINE_SINS_UNSTABLE_MIN` → yes, at most `CDS_SPINE_SINS_STABLE_MAX` → no",
        "none of these; a SINS score between the two cut-offs",
        value_sets=(codes.SPINAL_INSTABILITY,),
        answers=("spine-unstable", "sins-score"),
        settings=("CDS_SPINE_SINS_STABLE_MAX", "CDS_SPINE_SINS_UNSTABLE_MIN"),
    ),
    _answer_only("rt_adequate_dose_possible", "radiotherapy-adequate-dose-possible"),
    FactSource(
        "symptoms_returned_after_rt",
        "the answer only: no code records a return of pain or deficit after an initial response",
        _NO_ANSWER,
        answers=("symptoms-returned-after-radiotherapy",),
    ),
    FactSource(
        "earlier_radiotherapy",
        f"each {_SPINAL_COURSE} with `status` completed, dated ({_PROCEDURE_DATE}) not "
        "after the call or undated, of any episode → yes; the card names each with its date "
        "and level (the vertebral `bodySite` text or display)",
        "no such course (never *no*); the procedures not read",
        value_sets=(codes.RADIOTHERAPY_COURSE, *_SPINAL_SETS),
    ),
    FactSource(
        "deterioration_under_rt_and_steroids",
        "the answer; else derived: `deficit_progressive` yes, `corticosteroid_active` yes and "
        f"a {_SPINAL_COURSE} with `status` in-progress → yes",
        "no answer and not all three (never derived as *no*)",
        value_sets=(codes.RADIOTHERAPY_COURSE, *_SPINAL_SETS),
        answers=("deterioration-during-radiotherapy",),
        derived_from=("deficit_progressive", "corticosteroid_active"),
    ),
    FactSource(
        "chemosensitive_tumour",
        f"the answer; else a {_CONFIRMED} `Condition` whose `code` is in `primary-malignancy` "
        "and in `chemosensitive-named` (the tumours the guideline names) → yes",
        "no answer and no such primary: a lymphoma without its grade and every other tumour "
        "is asked, never assumed",
        value_sets=(codes.PRIMARY_CANCER, codes.CHEMOSENSITIVE_NAMED),
        answers=("chemosensitive-tumour",),
    ),
    FactSource(
        "systemic_sensitive_tumour",
        "the answer `systemic-therapy-sensitive`; else `chemosensitive_tumour` yes → yes; else "
        f"a {_CONFIRMED} `Condition` in `primary-malignancy` whose `code` is one of "
        "`CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES` (ICD-10 prefixes or SNOMED CT codes) → yes",
        "none of these (never derived as *no*); with the setting empty (the default) only the "
        "answers decide",
        value_sets=(codes.PRIMARY_CANCER, codes.CHEMOSENSITIVE_NAMED),
        answers=("systemic-therapy-sensitive",),
        derived_from=("chemosensitive_tumour",),
        settings=("CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES",),
    ),
    FactSource(
        "rapid_chemo_effect_expected",
        f"the answer; else a {_CONFIRMED} `Condition` in `primary-malignancy` and "
        "`chemosensitive-named` → yes",
        "no answer and no such primary",
        value_sets=(codes.PRIMARY_CANCER, codes.CHEMOSENSITIVE_NAMED),
        answers=("rapid-chemotherapy-effect-expected",),
    ),
    _answer_only("vital_chemo_indication", "vital-chemotherapy-indication"),
    _answer_only("surgery_fit", "surgery-fit"),
    FactSource(
        "combined_procedure",
        "the answer only. For a combined procedure SM-S01 needs a life expectancy of at least 6 "
        "months, or more than 6 by `CDS_SPINE_COMBINED_PROCEDURE_LIFE_EXPECTANCY`",
        _NO_ANSWER,
        answers=("combined-procedure",),
        settings=("CDS_SPINE_COMBINED_PROCEDURE_LIFE_EXPECTANCY",),
    ),
    FactSource(
        "whole_spine_mri",
        "the answer only: an MRI record does not say that it covered the whole spine",
        _NO_ANSWER,
        answers=("whole-spine-mri",),
    ),
    _answer_only("improving_after_corticosteroids", "improving-after-corticosteroids"),
    _answer_only("contiguous_1_to_3_vertebrae", "contiguous-1-to-3-vertebrae"),
    FactSource(
        "expert_surgery_within_24h",
        "the answer; else the site setting `CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H`",
        "no usable answer and the setting unset (the default)",
        answers=("expert-surgery-within-24h",),
        settings=("CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H",),
    ),
    FactSource(
        "site_spine_operations_per_year",
        "the site setting `CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR` only; no patient record",
        "the setting unset (the default)",
        settings=("CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR",),
    ),
    _answer_only("deficit_expected_short_term", "deficit-expected-short-term"),
    FactSource(
        "systemic_therapy_active",
        "the answer; else a `MedicationRequest` or `MedicationStatement` in use in "
        "`systemic-anticancer-therapy` (see *Medication in use* above) → yes",
        "no answer and no such record: chemotherapy is often ordered outside the EHR's "
        "medication list, so no record is never *no*; neither medication list read",
        value_sets=(codes.SYSTEMIC_ANTICANCER_THERAPY,),
        answers=("systemic-therapy-active",),
    ),
    _answer_only("systemic_response_expected", "systemic-therapy-response-expected"),
    FactSource(
        "spine_surgery_date",
        "the answer's `valueDateTime`; a date after the call is not used",
        f"{_NO_ANSWER}; a date in the future",
        answers=("spine-surgery-date",),
    ),
    FactSource(
        "post_operative",
        "yes when `spine_surgery_date` is known: spine surgery is read from the answer only",
        "no usable `spine-surgery-date` (never *no*)",
        answers=("spine-surgery-date",),
        derived_from=("spine_surgery_date",),
    ),
    _answer_only("postoperative_recovery_insufficient", "postoperative-recovery-insufficient"),
    _answer_only("leaflet_given", "leaflet-given"),
    _answer_only("gp_informed", "gp-informed"),
    _answer_only("coordinating_physician_known", "coordinating-physician-known"),
)
FACT_SOURCES_BY_NAME = {s.name: s for s in FACT_SOURCES}
SPINE_FACT_FIELDS = tuple(f.name for f in fields(SpineFacts))


def rows_reading(tables: Sequence[DecisionTable[SpineFacts]] = TABLES) -> dict[str, list[str]]:
    """For every field a row reads, the ids of the rows that read it (in table order)."""
    found: dict[str, list[str]] = {}
    for table in tables:
        for row in table.rows:
            for name in row.facts:
                found.setdefault(name, []).append(row.id)
    return found
