"""FHIR → the facts of the treatment, time-to-therapy and follow-up rules (Wervelmetastasen part 2).

Part of the FHIR-reading layer with `facts.py`; clinical model §2 facts F05–F70. Absence of a
record stays unknown. An explicit input-contract answer outranks a derived value; a value
derived with a local-policy setting (ECOG → "goede conditie", SINS → instability, a site
setting) names that setting, so the card can mark it as local policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from hooks import codes
from hooks.facts import Evidence, Fact, unknown
from hooks.fhir_lean import Condition, Observation, Procedure, parse_datetime, select
from hooks.spinal_metastases.answers import Answers
from hooks.spinal_metastases.order_scope import aimed_at_spine
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.records import (
    derived,
    evidence,
    first_known,
    found,
    medication_found,
    newest,
    setting,
)

if TYPE_CHECKING:  # facts.py imports this module to complete SpineFacts
    from hooks.spinal_metastases.facts import SpineFacts

GeneralCondition = Literal["good", "moderate"]
Scale = Literal["ecog", "karnofsky"]
_ASIA_DEFICIT = {"asia-a", "asia-b", "asia-c", "asia-d"}


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

    performance, score, bad_scores = _performance(observations, now, policy)
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


def _performance(
    observations: Sequence[dict[str, Any]], now: datetime, policy: SpinePolicy
) -> tuple[Fact[GeneralCondition], Fact[PerformanceScore], int]:
    """The newest ECOG/WHO or Karnofsky score within the assessment age, mapped by local policy;
    the score itself; and how many score records could not be read.

    A score is read from an Observation coded as one, or from a component so coded (a panel),
    as an integer, a quantity or a coded answer (`_read_score`). An unreadable score is counted,
    never read as a number, and an unreadable newest score is not passed over for an older one:
    the condition is then unknown. Scores recorded at the same time must agree.
    """
    oldest = now - timedelta(days=policy.assessment_max_age_d)
    readings: list[tuple[datetime, Observation, PerformanceScore | None]] = []
    skipped = 0
    for raw in observations:
        if raw.get("resourceType") != "Observation":
            continue
        parts = [raw, *(c for c in _list(raw, "component") if isinstance(c, Mapping))]
        scored = [(scale, part) for part in parts if (scale := _scale(part.get("code")))]
        if not scored:
            continue
        try:
            obs = Observation.model_validate(raw)
        except ValueError:
            skipped += 1
            continue
        if obs.never_counts:
            continue
        when = parse_datetime(obs.date)
        if when is None:
            skipped += 1  # a score we cannot place in time
            continue
        if not oldest <= when <= now:
            continue
        for scale, part in scored:
            if _absent(part):
                continue  # the record says there is no score (dataAbsentReason)
            score = _read_score(scale, part)
            skipped += score is None
            readings.append((when, obs, score))
    if not readings:
        return unknown(), unknown(), skipped
    latest = max(when for when, _, _ in readings)
    current = [(obs, score) for when, obs, score in readings if when == latest]
    scores = [score for _, score in current if score is not None]
    conditions = {_condition(score, policy) for score in scores}
    if len(scores) < len(current) or len(conditions) != 1:
        return unknown(), unknown(), skipped
    proof = tuple(dict.fromkeys(evidence(obs for obs, _ in current)))
    return Fact(conditions.pop(), proof), Fact(scores[0], proof), skipped


def _condition(score: PerformanceScore, policy: SpinePolicy) -> GeneralCondition:
    if score.scale == "ecog":
        return "good" if score.score <= policy.ecog_good_max else "moderate"
    return "good" if score.score >= policy.karnofsky_good_min else "moderate"


def _scale(concept: Any) -> Scale | None:
    if codes.ECOG.matches(concept):
        return "ecog"
    if codes.KARNOFSKY.matches(concept):
        return "karnofsky"
    return None


def _list(resource: Mapping[str, Any], element: str) -> list[Any]:
    value = resource.get(element)
    return value if isinstance(value, list) else []


def _absent(part: Mapping[str, Any]) -> bool:
    return not _values(part) and part.get("dataAbsentReason") is not None


def _values(part: Mapping[str, Any]) -> list[str]:
    return [key for key in part if key.startswith("value")]


# Quantity units a score may carry: none, or UCUM's dimensionless `{score}` and `1`; Karnofsky
# also `%` (MII Kerndatensatz Onkologie, karnofsky-quantity profile: "0-100 in steps of 10, %").
_SCORE_UNITS = {None, "{score}", "1"}
_KARNOFSKY_UNITS = {*_SCORE_UNITS, "%"}


def _read_score(scale: Scale, part: Mapping[str, Any]) -> PerformanceScore | None:
    """The score of an Observation or component, or None when it cannot be read as one.

    Read: `valueInteger`; `valueQuantity` with an integral value and no unit, `{score}` or `1`
    (Karnofsky also `%`); `valueCodeableConcept` with a LOINC answer code or a SNOMED ECOG
    grade. Out of range (ECOG 0–5, Karnofsky 0–100 in steps of 10), a string ("WHO 1"), any
    other type or more than one value is unreadable.
    """
    keys = _values(part)
    if len(keys) != 1:
        return None
    value = part[keys[0]]
    number: float | None = None
    if keys[0] == "valueInteger":
        number = value if type(value) is int else None
    elif keys[0] == "valueQuantity" and isinstance(value, Mapping):
        number = _quantity(value, _KARNOFSKY_UNITS if scale == "karnofsky" else _SCORE_UNITS)
    elif keys[0] == "valueCodeableConcept":
        grades = codes.ECOG_GRADES if scale == "ecog" else codes.KARNOFSKY_GRADES
        matching = {score for score, grade in grades if grade.matches(value)}
        return PerformanceScore(scale, matching.pop()) if len(matching) == 1 else None
    if number is None or not float(number).is_integer():
        return None
    score = int(number)
    valid = 0 <= score <= 5 if scale == "ecog" else 0 <= score <= 100 and score % 10 == 0
    return PerformanceScore(scale, score) if valid else None


def _quantity(value: Mapping[str, Any], units: set[str | None]) -> float | None:
    number = value.get("value")
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    if value.get("unit") not in units or value.get("code") not in units:
        return None
    system = value.get("system")
    return float(number) if system in (None, codes.UCUM) else None


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
