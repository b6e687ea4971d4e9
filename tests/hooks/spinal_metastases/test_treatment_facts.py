"""FHIR fragments → the part-2 facts: answers outrank derived values, unknown stays unknown,
local-policy mappings are named, and each answer expires with its lifetime."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fixtures.build import INPUT, answer, condition
from hooks.input_contract import FACTS, FACTS_BY_CODE
from hooks.spinal_metastases.policy import SpinePolicy
from tests.hooks.spinal_metastases.cases import facts_from

SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-nl"
LOINC = "http://loinc.org"
P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"


def ans(code: str, value: dict[str, Any], when: str = TODAY) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, when, value)


SPINE_SITE = {"coding": [{"system": SCT, "code": "35769007"}]}


def yes(code: str, when: str = TODAY) -> dict[str, Any]:
    return ans(code, {"valueBoolean": True}, when)


def no(code: str, when: str = TODAY) -> dict[str, Any]:
    return ans(code, {"valueBoolean": False}, when)


def score(code: str, value: int, when: str = "2026-11-20T10:00:00+01:00") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"obs-{code}",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "effectiveDateTime": when,
        "valueInteger": value,
    }


def months(value: float, unit: str = "mo") -> dict[str, Any]:
    return ans("life-expectancy", {"valueQuantity": {"value": value, "code": unit}})


@pytest.mark.parametrize(
    ("observation", "expected"),
    [
        (score("89247-1", 1), "good"),
        (score("89247-1", 2), "moderate"),
        (score("89243-0", 80), "good"),
        (score("89243-0", 70), "moderate"),
    ],
    ids=["ecog-1-good", "ecog-2-moderate", "kps-80-good", "kps-70-moderate"],
)
def test_condition_from_performance_score_is_local_policy(
    observation: dict[str, Any], expected: str
) -> None:
    facts = facts_from(observations=[observation])
    assert facts.general_condition.value == expected
    assert "CDS_SPINE_ECOG_GOOD_MAX" in facts.policies_behind(["general_condition"])


def test_a_clinicians_condition_outranks_the_score_and_is_no_policy() -> None:
    clinician = ans(
        "general-condition",
        {"valueCodeableConcept": {"coding": [{"system": INPUT, "code": "condition-good"}]}},
    )
    facts = facts_from(observations=[score("89247-1", 3), clinician])
    assert facts.general_condition.value == "good"
    assert facts.policies_behind(["general_condition"]) == ()


def test_old_or_struck_out_scores_are_not_used() -> None:
    old = score("89247-1", 0, when="2026-09-01T10:00:00+02:00")
    struck = {**score("89247-1", 0), "status": "entered-in-error"}
    assert facts_from(observations=[old]).general_condition.value is None
    assert facts_from(observations=[struck]).general_condition.value is None


def test_ecog_mapping_follows_the_setting() -> None:
    facts = facts_from(observations=[score("89247-1", 2)], policy=SpinePolicy(ecog_good_max=2))
    assert facts.general_condition.value == "good"


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(months(6), 6.0), (months(2, "a"), 24.0), (months(6, "wk"), pytest.approx(1.38, abs=0.01))],
    ids=["months", "years", "weeks"],
)
def test_life_expectancy_in_months(quantity: dict[str, Any], expected: float) -> None:
    assert facts_from(observations=[quantity]).life_expectancy_months.value == expected


def test_life_expectancy_in_an_unknown_unit_is_unknown() -> None:
    assert facts_from(observations=[months(6, "[arb'U]")]).life_expectancy_months.value is None


def test_assessments_expire_after_weeks_neurology_after_hours_events_never() -> None:
    ten_days = "2026-11-13T09:00:00+01:00"
    facts = facts_from(
        observations=[
            months(6) | {"effectiveDateTime": ten_days},
            yes("neurological-deficit", ten_days),
            ans("spine-surgery-date", {"valueDateTime": "2026-10-01"}, "2026-10-02T09:00:00+02:00"),
        ]
    )
    assert facts.life_expectancy_months.value == 6.0  # 10 days < 14 days (assessment)
    assert facts.neurological_deficit.value is None  # 10 days > 24 hours (neuro)
    assert facts.post_operative.value is True  # a past event never expires
    stale = facts_from(
        observations=[months(6) | {"effectiveDateTime": "2026-11-01T09:00:00+01:00"}]
    )
    assert stale.life_expectancy_months.value is None


def test_a_surgery_date_in_the_future_is_not_an_operation() -> None:
    future = ans("spine-surgery-date", {"valueDateTime": "2026-11-30T09:00:00+01:00"})
    facts = facts_from(observations=[future])
    assert facts.post_operative.value is None
    assert facts.spine_surgery_date.value is None


@pytest.mark.parametrize(
    ("sins", "expected"), [(14, True), (5, False), (9, None)], ids=["unstable", "stable", "between"]
)
def test_sins_cut_offs_are_local_policy(sins: int, expected: bool | None) -> None:
    facts = facts_from(observations=[ans("sins-score", {"valueInteger": sins})])
    assert facts.spine_unstable.value is expected
    if expected is not None:
        assert "CDS_SPINE_SINS_UNSTABLE_MIN" in facts.policies_behind(["spine_unstable"])


def test_coded_spinal_instability_outranks_sins() -> None:
    facts = facts_from(
        conditions=[condition("inst", P, [(SCT, "240220009", "Spinal instability")])],
        observations=[ans("sins-score", {"valueInteger": 3})],
    )
    assert facts.spine_unstable.value is True
    assert facts.policies_behind(["spine_unstable"]) == ()


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, True), (3, True), (4, None), (5, None), (6, False)],
)
def test_oligometastases_from_a_count_only_where_every_definition_agrees(
    count: int, expected: bool | None
) -> None:
    facts = facts_from(observations=[ans("oligometastatic-count", {"valueInteger": count})])
    assert facts.oligometastatic.value is expected


@pytest.mark.parametrize(
    ("coding", "expected"),
    [
        ((SCT, "109989006", "Multiple myeloma"), True),
        ((ICD, "C83.3", "DLBCL"), True),
        ((SCT, "118601006", "Non-Hodgkin lymphoma, grade not coded"), None),
        ((SCT, "254837009", "Breast cancer"), None),
    ],
    ids=["myeloma", "dlbcl", "nhl-grade-unknown", "breast-not-guessed"],
)
def test_chemosensitive_tumour_only_from_the_tumours_the_guideline_names(
    coding: tuple[str, str, str], expected: bool | None
) -> None:
    facts = facts_from(conditions=[condition("p", P, [coding])])
    assert facts.chemosensitive_tumour.value is expected
    assert facts.rapid_chemo_effect_expected.value is expected


def test_hormone_sensitive_primaries_are_a_setting() -> None:
    breast = condition("p", P, [(ICD, "C50.9", "Mammacarcinoom")])
    assert facts_from(conditions=[breast]).systemic_sensitive_tumour.value is None
    facts = facts_from(
        conditions=[breast], policy=SpinePolicy(hormone_sensitive_primaries=("C50", "399068003"))
    )
    assert facts.systemic_sensitive_tumour.value is True
    assert facts.policies_behind(["systemic_sensitive_tumour"]) == (
        "CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES",
    )


def test_site_settings_become_facts_that_say_so_in_words() -> None:
    facts = facts_from(
        policy=SpinePolicy(site_expert_spine_surgery_24h=True, site_spine_operations_per_year=6)
    )
    assert facts.expert_surgery_within_24h.value is True
    (source,) = facts.expert_surgery_within_24h.evidence
    assert source.describe("nl") == "lokaal beleid: spoedchirurgie in dit ziekenhuis"
    assert source.describe("en") == "local policy: emergency spine surgery at this site"
    assert facts.site_spine_operations_per_year.value == 6
    per_case = facts_from(
        observations=[no("expert-surgery-within-24h")],
        policy=SpinePolicy(site_expert_spine_surgery_24h=True),
    )
    assert per_case.expert_surgery_within_24h.value is False


def test_pain_and_deficit_are_derived_from_the_intake_answers() -> None:
    radicular = ans(
        "radicular-deficit",
        {"valueCodeableConcept": {"coding": [{"system": SCT, "code": "7771000"}]}},
    )
    local = yes("local-back-pain-only")
    facts = facts_from(observations=[radicular, local])
    assert facts.neurological_deficit.value is True
    assert facts.pain_from_metastases.value is True
    asia_e = ans(
        "asia-grade", {"valueCodeableConcept": {"coding": [{"system": INPUT, "code": "asia-e"}]}}
    )
    assert facts_from(observations=[asia_e]).neurological_deficit.value is False
    assert facts_from().pain_from_metastases.value is None


def test_definitive_diagnosis_from_the_newest_confirmed_spinal_condition() -> None:
    old = condition("m1", P, [(SCT, "94602001", "Spinal met")], recorded="2026-06-01")
    new = condition("m2", P, [(SCT, "71286001", "SCC")], recorded="2026-11-22T20:00:00+01:00")
    suspected = condition(
        "m3",
        P,
        [(SCT, "94602001", "Spinal met")],
        verification="provisional",
        recorded="2026-11-23",
    )
    facts = facts_from(conditions=[old, new, suspected])
    assert facts.spinal_metastasis_proven.value is True
    assert facts.definitive_diagnosis_at.value == datetime(2026, 11, 22, 19, tzinfo=UTC)
    assert facts_from(conditions=[suspected]).spinal_metastasis_proven.value is None


def test_treatment_dates_and_systemic_therapy_from_records() -> None:
    course = {
        "resourceType": "Procedure",
        "id": "rt",
        "status": "in-progress",
        "code": {"coding": [{"system": SCT, "code": "1217123003"}]},
        "bodySite": [SPINE_SITE],
        "performedPeriod": {"start": "2026-11-21T09:00:00+01:00"},
    }
    letrozole = {
        "resourceType": "MedicationRequest",
        "id": "l",
        "status": "active",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "L02BG04"}]
        },
    }
    facts = facts_from(procedures=[course], medications=[letrozole])
    assert facts.radiotherapy_in_progress.value is True
    assert facts.last_treatment_at.value == datetime(2026, 11, 21, 8, tzinfo=UTC)
    assert facts.systemic_therapy_active.value is True
    # Chemotherapy is often ordered outside the EHR's medication list: none there is no proof,
    # but the clinician's answer is.
    assert facts_from(medications=[]).systemic_therapy_active.value is None
    answered = facts_from(medications=[], observations=[no("systemic-therapy-active")])
    assert answered.systemic_therapy_active.value is False
    assert facts_from(unavailable=("medications",)).systemic_therapy_active.value is None


def test_deterioration_under_radiotherapy_is_derived_only_when_all_three_are_recorded() -> None:
    course = {
        "resourceType": "Procedure",
        "id": "rt",
        "status": "in-progress",
        "code": {"coding": [{"system": SCT, "code": "1217123003"}]},
        "bodySite": [SPINE_SITE],
        "performedDateTime": "2026-11-20",
    }
    dexa = {
        "resourceType": "MedicationRequest",
        "id": "d",
        "status": "active",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB02"}]
        },
    }
    progressive = yes("deficit-progressive")
    derived = facts_from(observations=[progressive], procedures=[course], medications=[dexa])
    assert derived.deterioration_under_rt_and_steroids.value is True
    assert (
        facts_from(
            observations=[progressive], medications=[dexa]
        ).deterioration_under_rt_and_steroids.value
        is None
    )


def _codes_read(path: Path) -> set[str]:
    """String literals passed to `answers.<reader>(...)` in a facts module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "answers"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def test_every_answer_read_is_in_the_input_contract_and_every_fact_is_read() -> None:
    reading = Path(__file__).resolve().parents[3] / "hooks" / "spinal_metastases" / "reading"
    read = set().union(*(_codes_read(path) for path in reading.glob("*.py")))
    assert read <= set(FACTS_BY_CODE)
    assert {f.code for f in FACTS} <= read


def _rt_course(rid: str, ended: str, **elements: Any) -> dict[str, Any]:
    return {
        "resourceType": "Procedure",
        "id": rid,
        "status": "completed",
        "code": {"coding": [{"system": SCT, "code": "1217123003"}]},
        "performedDateTime": ended,
        **elements,
    }


SPINE_MET = {
    "resourceType": "Condition",
    "id": "spine-met",
    "code": {"coding": [{"system": SCT, "code": "94602001"}]},
    "recordedDate": "2026-10-01",
}


@pytest.mark.parametrize(
    ("course", "counts"),
    [
        pytest.param(_rt_course("rt", "2026-10-20", bodySite=[SPINE_SITE]), True, id="spine-site"),
        pytest.param(
            _rt_course("rt", "2026-10-20", reasonReference=[{"reference": "Condition/spine-met"}]),
            True,
            id="reason-is-the-spinal-metastasis",
        ),
        pytest.param(
            _rt_course(
                "rt", "2026-10-20", reasonCode=[{"coding": [{"system": SCT, "code": "71286001"}]}]
            ),
            True,
            id="reason-code-mescc",
        ),
        pytest.param(
            _rt_course(
                "rt", "2026-10-20", bodySite=[{"coding": [{"system": SCT, "code": "76752008"}]}]
            ),
            False,
            id="breast-irradiation",
        ),
        pytest.param(_rt_course("rt", "2026-10-20"), False, id="no-site-no-reason"),
        pytest.param(
            _rt_course("rt", "2019-03-14", bodySite=[SPINE_SITE]), False, id="earlier-episode"
        ),
    ],
)
def test_only_radiotherapy_of_this_spinal_episode_counts_as_treatment(
    course: dict[str, Any], counts: bool
) -> None:
    """Taper and follow-up advice follow RT of the spine, after the spinal record, not any RT."""
    facts = facts_from(conditions=[SPINE_MET], procedures=[course])
    assert facts.radiotherapy_completed.value is (True if counts else None)


def test_radiotherapy_elsewhere_does_not_start_the_time_to_therapy_clock_or_run() -> None:
    breast = _rt_course(
        "rt", "2026-11-20", bodySite=[{"coding": [{"system": SCT, "code": "76752008"}]}]
    )
    facts = facts_from(conditions=[SPINE_MET], procedures=[{**breast, "status": "in-progress"}])
    assert facts.last_treatment_at.value is None
    assert facts.radiotherapy_in_progress.value is None


def test_without_a_dated_spinal_record_no_past_course_counts_as_this_episodes_treatment() -> None:
    undated = {**SPINE_MET, "recordedDate": None}
    course = _rt_course("rt", "2019-03-14", bodySite=[SPINE_SITE])
    assert (
        facts_from(conditions=[undated], procedures=[course]).radiotherapy_completed.value is None
    )


# --- issue 14, item 3: performance status as an EHR records it ------------------------------

UCUM = "http://unitsofmeasure.org"
ECOG_LOINC = {"coding": [{"system": LOINC, "code": "89247-1"}]}
ECOG_SNOMED = {"coding": [{"system": SCT, "code": "423740007"}]}
KPS_LOINC = {"coding": [{"system": LOINC, "code": "89243-0"}]}
KPS_SNOMED = {"coding": [{"system": SCT, "code": "761869008"}]}


def recorded(
    code: dict[str, Any], value: dict[str, Any], when: str = "2026-11-20T10:00:00+01:00"
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": "ps",
        "status": "final",
        "code": code,
        "effectiveDateTime": when,
        **value,
    }


def coded(system: str, code: str) -> dict[str, Any]:
    return {"valueCodeableConcept": {"coding": [{"system": system, "code": code}]}}


def quantity(value: Any, unit: str | None = "{score}") -> dict[str, Any]:
    found: dict[str, Any] = {"value": value}
    if unit is not None:
        found |= {"unit": unit, "system": UCUM, "code": unit}
    return {"valueQuantity": found}


def panel(*components: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": "intake",
        "status": "final",
        "code": {"coding": [{"system": "https://hospital.example/forms", "code": "intake"}]},
        "effectiveDateTime": "2026-11-21T10:00:00+01:00",
        "component": list(components),
    }


@pytest.mark.parametrize(
    ("observation", "score"),
    [
        *(
            pytest.param(recorded(ECOG_LOINC, coded(LOINC, la)), f"ECOG/WHO {n}", id=f"ecog-{la}")
            for n, la in enumerate(
                ("LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6")
            )
        ),
        pytest.param(
            recorded(ECOG_LOINC, coded(SCT, "422894000")), "ECOG/WHO 2", id="ecog-snomed-grade-2"
        ),
        pytest.param(recorded(ECOG_SNOMED, {"valueInteger": 1}), "ECOG/WHO 1", id="ecog-snomed"),
        pytest.param(recorded(ECOG_LOINC, quantity(3)), "ECOG/WHO 3", id="ecog-quantity-score"),
        pytest.param(recorded(ECOG_LOINC, quantity(2.0, "1")), "ECOG/WHO 2", id="ecog-quantity-1"),
        pytest.param(recorded(ECOG_LOINC, quantity(0, None)), "ECOG/WHO 0", id="ecog-no-unit"),
        pytest.param(recorded(KPS_SNOMED, quantity(90)), "Karnofsky 90", id="kps-snomed-quantity"),
        pytest.param(recorded(KPS_LOINC, quantity(70, "%")), "Karnofsky 70", id="kps-percent"),
        pytest.param(
            recorded(KPS_LOINC, coded(LOINC, "LA29177-5")), "Karnofsky 80", id="kps-answer-80"
        ),
        pytest.param(
            recorded(KPS_LOINC, coded(LOINC, "LA9627-6")), "Karnofsky 0", id="kps-answer-dead"
        ),
        pytest.param(
            panel({"code": ECOG_LOINC, "valueInteger": 2}), "ECOG/WHO 2", id="panel-component"
        ),
    ],
)
def test_a_score_is_read_as_integer_quantity_answer_code_or_component(
    observation: dict[str, Any], score: str
) -> None:
    facts = facts_from(observations=[observation])
    assert str(facts.performance_score.value) == score
    assert facts.performance_score.evidence == facts.general_condition.evidence
    assert facts.general_condition.evidence[0].reference == f"Observation/{observation['id']}"
    assert facts.skipped_malformed == 0


@pytest.mark.parametrize(
    "observation",
    [
        pytest.param(recorded(ECOG_LOINC, {"valueInteger": 7}), id="ecog-7"),
        pytest.param(recorded(ECOG_LOINC, {"valueInteger": -1}), id="ecog-negative"),
        pytest.param(recorded(ECOG_LOINC, quantity(2.5)), id="ecog-2.5"),
        pytest.param(recorded(ECOG_LOINC, quantity(2, "mg")), id="ecog-in-mg"),
        pytest.param(recorded(ECOG_LOINC, quantity(True)), id="ecog-boolean-quantity"),
        pytest.param(recorded(ECOG_LOINC, {"valueString": "WHO 1"}), id="string-who-1"),
        pytest.param(recorded(ECOG_LOINC, {"valueInteger": "2"}), id="integer-as-string"),
        pytest.param(recorded(ECOG_LOINC, coded(LOINC, "LA29177-5")), id="karnofsky-answer"),
        pytest.param(recorded(ECOG_LOINC, coded(SCT, "12345")), id="unknown-code"),
        pytest.param(recorded(ECOG_LOINC, {}), id="no-value"),
        pytest.param(
            recorded(ECOG_LOINC, {"valueInteger": 1, "valueString": "1"}), id="two-values"
        ),
        pytest.param(recorded(KPS_LOINC, {"valueInteger": 75}), id="kps-75-not-a-step"),
        pytest.param(recorded(KPS_LOINC, quantity(110)), id="kps-110"),
        pytest.param(panel({"code": KPS_LOINC, "valueString": "70%"}), id="component-string"),
        pytest.param(
            {**recorded(ECOG_LOINC, {"valueInteger": 1}), "effectiveDateTime": None}, id="undated"
        ),
    ],
)
def test_an_unreadable_score_is_skipped_and_counted_never_read_as_a_number(
    observation: dict[str, Any],
) -> None:
    facts = facts_from(observations=[observation])
    assert facts.general_condition.value is None
    assert facts.performance_score.value is None
    assert facts.skipped_malformed == 1


def test_an_unreadable_newer_score_is_not_passed_over_for_an_older_one() -> None:
    older = {**recorded(ECOG_LOINC, {"valueInteger": 0}), "id": "older"}
    newer = recorded(ECOG_LOINC, {"valueString": "WHO 3"}, when="2026-11-22T10:00:00+01:00")
    facts = facts_from(observations=[older, newer])
    assert facts.general_condition.value is None
    assert facts.skipped_malformed == 1
    later_valid = {**older, "effectiveDateTime": "2026-11-22T11:00:00+01:00"}
    assert facts_from(observations=[later_valid, newer]).general_condition.value == "good"


def test_a_score_that_was_not_done_is_no_score_and_not_counted() -> None:
    absent = recorded(ECOG_LOINC, {"dataAbsentReason": {"text": "niet bepaald"}})
    older = {**recorded(ECOG_LOINC, {"valueInteger": 2}, when="2026-11-19T10:00:00+01:00")}
    facts = facts_from(observations=[{**absent, "id": "absent"}, older])
    assert str(facts.performance_score.value) == "ECOG/WHO 2"
    assert facts.skipped_malformed == 0


def test_scores_of_the_same_moment_must_agree() -> None:
    agree = panel({"code": ECOG_LOINC, "valueInteger": 1}, {"code": KPS_LOINC, "valueInteger": 90})
    assert facts_from(observations=[agree]).general_condition.value == "good"
    differ = panel({"code": ECOG_LOINC, "valueInteger": 1}, {"code": KPS_LOINC, "valueInteger": 60})
    facts = facts_from(observations=[differ])
    assert facts.general_condition.value is None
    assert facts.skipped_malformed == 0


# --- issue 14, item 4: earlier radiotherapy of the spine, any episode ------------------------


def test_a_course_of_an_earlier_episode_is_earlier_radiotherapy_not_this_episodes_treatment() -> (
    None
):
    site = {**SPINE_SITE, "text": "Th7-Th9"}
    old = _rt_course("rt-2019", "2019-03-14", bodySite=[site])
    recent = _rt_course("rt-oct", "2026-10-20", bodySite=[SPINE_SITE])
    facts = facts_from(conditions=[SPINE_MET], procedures=[old, recent])
    assert facts.earlier_radiotherapy.value is True
    assert [e.reference for e in facts.earlier_radiotherapy.evidence] == [
        "Procedure/rt-oct",
        "Procedure/rt-2019",
    ]
    assert [(c.date, c.level) for c in facts.earlier_radiotherapy_courses] == [
        ("2026-10-20", None),  # coded without display or text: the level is not recorded
        ("2019-03-14", "Th7-Th9"),
    ]
    only_old = facts_from(conditions=[SPINE_MET], procedures=[old])
    assert only_old.earlier_radiotherapy.value is True
    assert only_old.radiotherapy_completed.value is None  # tapering follows this episode only


@pytest.mark.parametrize(
    "course",
    [
        pytest.param(
            {**_rt_course("rt", "2026-11-20", bodySite=[SPINE_SITE]), "status": "in-progress"},
            id="still-running",
        ),
        pytest.param(_rt_course("rt", "2026-12-01", bodySite=[SPINE_SITE]), id="dated-after-now"),
        pytest.param(
            _rt_course(
                "rt", "2026-10-20", bodySite=[{"coding": [{"system": SCT, "code": "76752008"}]}]
            ),
            id="breast",
        ),
    ],
)
def test_only_a_completed_course_to_the_spine_is_earlier_radiotherapy(
    course: dict[str, Any],
) -> None:
    facts = facts_from(conditions=[SPINE_MET], procedures=[course])
    assert facts.earlier_radiotherapy.value is None
    assert facts.earlier_radiotherapy_courses == ()
