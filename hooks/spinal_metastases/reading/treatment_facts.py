"""FHIR → the facts of the treatment, time-to-therapy and follow-up rules (Wervelmetastasen part 2).

Part of the FHIR-reading layer with `facts.py`; clinical model §2 facts F05–F70. Absence of a
record stays unknown. An explicit input-contract answer outranks a derived value; a value
derived with a local-policy setting (ECOG → "goede conditie", SINS → instability, a site
setting) names that setting, so the card can mark it as local policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from hooks import codes
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Condition, Procedure, parse_datetime, select
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.answers import Answers
from hooks.spinal_metastases.reading.facts import (
    GeneralCondition,
    RadiotherapyCourse,
    SpineFacts,
)
from hooks.spinal_metastases.reading.order_scope import aimed_at_spine
from hooks.spinal_metastases.reading.performance import performance_scores
from hooks.spinal_metastases.reading.records import (
    derived,
    evidence,
    first_known,
    found,
    medication_found,
    newest,
    setting,
)

_ASIA_DEFICIT = {"asia-a", "asia-b", "asia-c", "asia-d"}


def spinal_conditions(conditions: Sequence[Condition]) -> list[Condition]:
    """Spinal metastasis or MESCC: coded as such, or a bone metastasis at a vertebral site."""
    return [
        c
        for c in conditions
        if codes.SPINAL_METASTASIS.matches(c.code)
        or codes.SPINAL_CORD_COMPRESSION.matches(c.code)
        or (
            codes.BONE_METASTASIS.matches(c.code)
            and any(codes.VERTEBRAL_COLUMN_SITE.matches(site) for site in c.body_site)
        )
    ]


def spinal_radiotherapy(
    procedures: Sequence[dict[str, Any]], spinal_records: Sequence[Condition]
) -> tuple[list[Procedure], int]:
    """Radiotherapy courses aimed at the spine, and how many records were malformed.

    A course counts when its bodySite is in the vertebral column or its reason is a spinal
    metastasis or MESCC (coded, or one of the patient's such Conditions). A course elsewhere
    (breast, brain), one for a bone metastasis without a site, and one without site or reason
    cannot be placed at the spine: they are left out, so the facts they would prove stay
    unknown, never true. `spinal_records` are the patient's `spinal_conditions`.
    """
    ours = {c.reference for c in spinal_records}
    spinal = [p for p in procedures if aimed_at_spine(p, ours, _COURSE_REASONS) is True]
    return select(spinal, Procedure, "code", codes.RADIOTHERAPY_COURSE)


_COURSE_REASONS = (codes.SPINAL_METASTASIS, codes.SPINAL_CORD_COMPRESSION)


def hormone_sensitive(policy: SpinePolicy) -> codes.ValueSet:
    """The primaries the site reads as antihormonal-sensitive: ICD-10 prefixes or SNOMED codes."""
    return _hormone_sensitive(policy.hormone_sensitive_primaries)


@lru_cache(maxsize=8)
def _hormone_sensitive(primaries: tuple[str, ...]) -> codes.ValueSet:
    """One value set per setting, not per call: it keeps its code index and lookups."""
    return codes.value_set(
        "hormone-sensitive-primary",
        *(
            codes.icd10(c, "local policy", "unverified")
            if c[:1].isalpha()
            else codes.snomed(c, "local policy", "unverified")
            for c in primaries
        ),
    )


def read_treatment_facts(
    part1: SpineFacts,
    policy: SpinePolicy,
    conditions: Sequence[Condition],
    answers: Answers,
    observations: Sequence[dict[str, Any]],
    rt_courses: Sequence[Procedure],
    medications: Sequence[dict[str, Any]] | None,
    spinal_records: Sequence[Condition],
) -> tuple[dict[str, Any], int]:
    """The part-2 fields of `SpineFacts`, and how many malformed records were skipped.

    `rt_courses` are the radiotherapy courses aimed at the spine (`spinal_radiotherapy`) and
    `spinal_records` the `spinal_conditions`, each read once per call for both parts.
    """
    now = part1.now
    sources: dict[str, tuple[str, ...]] = {}
    confirmed = [c for c in conditions if c.is_current and not c.is_suspected]
    primaries = [c for c in confirmed if codes.PRIMARY_CANCER.matches(c.code)]

    performance, score, bad_scores = performance_scores(observations, now, policy)
    if performance.known:
        sources["general_condition"] = ("CDS_SPINE_ECOG_GOOD_MAX", "CDS_SPINE_KARNOFSKY_GOOD_MIN")
    general_condition = _condition_answer(answers)
    if general_condition.known:
        sources.pop("general_condition", None)
    else:
        general_condition = performance

    in_progress = [p for p in rt_courses if p.status == "in-progress"]
    earlier = _earlier_courses(rt_courses, now)
    surgery = answers.date_time("spine-surgery-date")
    if surgery.value is not None and surgery.value > now:
        surgery = unknown()

    spine_unstable = first_known(
        answers.boolean("spine-unstable"),
        _coded(confirmed, codes.SPINAL_INSTABILITY),
    )
    if not spine_unstable.known:
        spine_unstable = _sins(answers.integer("sins-score"), policy)
        if spine_unstable.known:
            sources["spine_unstable"] = ("CDS_SPINE_SINS_STABLE_MAX", "CDS_SPINE_SINS_UNSTABLE_MIN")

    named = _coded(primaries, codes.CHEMOSENSITIVE_NAMED)
    chemosensitive = first_known(answers.boolean("chemosensitive-tumour"), named)
    sensitive = first_known(
        answers.boolean("systemic-therapy-sensitive"),
        chemosensitive if chemosensitive.value else unknown(),
    )
    if not sensitive.known:
        sensitive = _coded(primaries, hormone_sensitive(policy))
        if sensitive.known:
            sources["systemic_sensitive_tumour"] = ("CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES",)

    expert = answers.boolean("expert-surgery-within-24h")
    if not expert.known:
        expert = setting(
            "CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H", policy.site_expert_spine_surgery_24h
        )
        if expert.known:
            sources["expert_surgery_within_24h"] = ("CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H",)
    volume = setting(
        "CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR", policy.site_spine_operations_per_year
    )
    if volume.known:
        sources["site_spine_operations_per_year"] = ("CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR",)

    answered = answers.date_time("definitive-diagnosis-date")
    confirmed_spinal = _confirmed_spinal(spinal_records, now)
    proven = first_known(answered, confirmed_spinal)
    lookback = now - timedelta(days=policy.time_to_therapy_lookback_d)
    facts: dict[str, Any] = {
        "spinal_metastasis_proven": derived(True, proven) if proven.known else unknown(),
        "definitive_diagnosis_at": first_known(
            answered, _diagnosis_date(spinal_records, now, lookback)
        ),
        "pain_from_metastases": first_known(
            answers.boolean("pain-from-spinal-metastases"), _pain(part1)
        ),
        "neurological_deficit": first_known(
            answers.boolean("neurological-deficit"), _deficit(part1)
        ),
        "able_to_walk": answers.boolean("able-to-walk"),
        "life_expectancy_months": answers.months("life-expectancy"),
        "general_condition": general_condition,
        "performance_score": score,
        "oligometastatic": first_known(
            answers.boolean("oligometastatic"), _oligo(answers.integer("oligometastatic-count"))
        ),
        "spine_unstable": spine_unstable,
        "rt_adequate_dose_possible": answers.boolean("radiotherapy-adequate-dose-possible"),
        # Only the answer: no code records a return of pain or deficit after an initial response.
        "symptoms_returned_after_rt": answers.boolean("symptoms-returned-after-radiotherapy"),
        "earlier_radiotherapy": found(earlier),
        "earlier_radiotherapy_courses": tuple(_course(p) for p in earlier),
        "deterioration_under_rt_and_steroids": first_known(
            answers.boolean("deterioration-during-radiotherapy"),
            _deterioration(part1, in_progress),
        ),
        "chemosensitive_tumour": chemosensitive,
        "systemic_sensitive_tumour": sensitive,
        "rapid_chemo_effect_expected": first_known(
            answers.boolean("rapid-chemotherapy-effect-expected"), named
        ),
        "vital_chemo_indication": answers.boolean("vital-chemotherapy-indication"),
        "surgery_fit": answers.boolean("surgery-fit"),
        "combined_procedure": answers.boolean("combined-procedure"),
        # Only the answer: an MRI record does not say it covered the whole spine (SM-S04).
        "whole_spine_mri": answers.boolean("whole-spine-mri"),
        "improving_after_corticosteroids": answers.boolean("improving-after-corticosteroids"),
        "contiguous_1_to_3_vertebrae": answers.boolean("contiguous-1-to-3-vertebrae"),
        "expert_surgery_within_24h": expert,
        "site_spine_operations_per_year": volume,
        "deficit_expected_short_term": answers.boolean("deficit-expected-short-term"),
        "systemic_therapy_active": first_known(
            answers.boolean("systemic-therapy-active"),
            medication_found(medications, codes.SYSTEMIC_ANTICANCER_THERAPY),
        ),
        "systemic_response_expected": answers.boolean("systemic-therapy-response-expected"),
        "spine_surgery_date": surgery,
        "post_operative": derived(True, surgery) if surgery.known else unknown(),
        "postoperative_recovery_insufficient": answers.boolean(
            "postoperative-recovery-insufficient"
        ),
        "radiotherapy_in_progress": Fact(True, evidence(in_progress)) if in_progress else unknown(),
        "last_treatment_at": _last_treatment(rt_courses, surgery, now),
        "leaflet_given": answers.boolean("leaflet-given"),
        "gp_informed": answers.boolean("gp-informed"),
        "coordinating_physician_known": answers.boolean("coordinating-physician-known"),
        "combined_procedure_inclusive": (
            policy.combined_procedure_life_expectancy == "at-least-6-months"
        ),
        "slow_non_ambulant_window": policy.time_to_therapy_slow_non_ambulant,
        "policy_sources": sources,
    }
    return facts, bad_scores


def _coded(conditions: Sequence[Condition], value_set: codes.ValueSet) -> Fact[bool]:
    matching = [c for c in conditions if value_set.matches(c.code)]
    return Fact(True, evidence(matching)) if matching else unknown()


def _condition_answer(answers: Answers) -> Fact[GeneralCondition]:
    answer = answers.code("general-condition")
    readings: dict[str, GeneralCondition] = {
        "condition-good": "good",
        "condition-moderate": "moderate",
    }
    value = readings.get(answer.value or "")
    return Fact(value, answer.evidence) if value else unknown()


def _sins(score: Fact[int], policy: SpinePolicy) -> Fact[bool]:
    if score.value is None:
        return unknown()
    if score.value >= policy.sins_unstable_min:
        return derived(True, score)
    if score.value <= policy.sins_stable_max:
        return derived(False, score)
    return unknown()


def _oligo(count: Fact[int]) -> Fact[bool]:
    """1–3 metastases: oligometastatic by every definition; 6 or more by none; 4–5: ask."""
    if count.value is None or 4 <= count.value <= 5:
        return unknown()
    return derived(1 <= count.value <= 3, count)


def _pain(part1: SpineFacts) -> Fact[bool]:
    local, radicular = part1.local_back_pain_only, part1.radicular_pain
    if local.value is True:
        return derived(True, local)
    if radicular.value in ("unilateral", "bilateral"):
        return derived(True, radicular)
    return unknown()


def _deficit(part1: SpineFacts) -> Fact[bool]:
    radicular, progressive, asia = (
        part1.radicular_deficit,
        part1.deficit_progressive,
        part1.asia_grade,
    )
    if radicular.value in ("unilateral", "bilateral"):
        return derived(True, radicular)
    if progressive.value is True:
        return derived(True, progressive)
    if asia.value in _ASIA_DEFICIT:
        return derived(True, asia)
    if asia.value == "asia-e":
        return derived(False, asia)
    return unknown()


def _deterioration(part1: SpineFacts, in_progress: Sequence[Procedure]) -> Fact[bool]:
    """Progressive deficit while a radiotherapy course runs and a corticosteroid is active."""
    progressive, steroid = part1.deficit_progressive, part1.corticosteroid_active
    if progressive.value is True and steroid.value is True and in_progress:
        return Fact(True, (*progressive.evidence, *evidence(in_progress), *steroid.evidence))
    return unknown()


def _confirmed_spinal(spinal_records: Sequence[Condition], now: datetime) -> Fact[datetime]:
    """The newest confirmed spinal metastasis or cord compression, by its clinical date."""
    spinal = [
        (when, c)
        for c in spinal_records
        if c.is_current
        and not c.is_suspected
        and (when := parse_datetime(c.date)) is not None
        and when <= now
    ]
    latest = newest(spinal)
    return Fact(latest[0], evidence([latest[1]])) if latest else unknown()


def _diagnosis_date(
    spinal_records: Sequence[Condition], now: datetime, lookback: datetime
) -> Fact[datetime]:
    """When the newest confirmed spinal metastasis or cord compression was diagnosed (SM-TT*).

    Its `recordedDate` (clinical model F05-date), never its onset: an onset date is when the
    disease began, not when it was diagnosed, and a deadline from it would be invented. A
    record whose onset lies before the look-back belongs to an earlier episode: no date then.
    """
    dated = []
    for c in spinal_records:
        if not c.is_current or c.is_suspected:
            continue
        recorded = parse_datetime(c.recorded_date)
        onset = parse_datetime(c.onset_date_time)
        if recorded is None or recorded > now or (onset is not None and onset < lookback):
            continue
        dated.append((recorded, c))
    latest = newest(dated)
    if latest is None:
        return unknown()
    return Fact(latest[0], (Evidence(latest[1].reference, latest[1].recorded_date),))


def _last_treatment(
    courses: Sequence[Procedure], surgery: Fact[datetime], now: datetime
) -> Fact[datetime]:
    """The newest start of a radiotherapy course (running or done) or of spine surgery."""
    dated: list[tuple[datetime, Fact[datetime]]] = [
        (when, Fact(when, evidence([p])))
        for p in courses
        if p.status in {"in-progress", "completed"}
        and (when := parse_datetime(_start(p))) is not None
        and when <= now
    ]
    if surgery.value is not None:
        dated.append((surgery.value, surgery))
    return max(dated, key=lambda pair: pair[0])[1] if dated else unknown()


def _start(procedure: Procedure) -> str | None:
    period = procedure.performed_period
    return procedure.performed_date_time or (period.start or period.end if period else None)


def _earlier_courses(courses: Sequence[Procedure], now: datetime) -> list[Procedure]:
    """Every completed course to the spine, of this episode or an earlier one, newest first.

    A course dated after the call is not yet done; an undated one counts (its date unknown).
    """
    done = [p for p in courses if p.status == "completed"]
    dated = [(parse_datetime(p.date), p) for p in done]
    kept = [(when, p) for when, p in dated if when is None or when <= now]
    far_past = datetime.min.replace(tzinfo=now.tzinfo)
    return [p for _, p in sorted(kept, key=lambda pair: pair[0] or far_past, reverse=True)]


def _course(procedure: Procedure) -> RadiotherapyCourse:
    return RadiotherapyCourse(procedure.reference, procedure.date, _level(procedure))


def _level(procedure: Procedure) -> str | None:
    """The irradiated level in the record's own words: the vertebral bodySite's text or display."""
    for site in procedure.body_site:
        if not codes.VERTEBRAL_COLUMN_SITE.matches(site):
            continue
        text = site.get("text")
        displays = [c.get("display") for c in codes.codings(site)]
        for candidate in (text, *displays):
            if isinstance(candidate, str) and candidate.strip():
                return " ".join(candidate.split())[:80]
    return None
