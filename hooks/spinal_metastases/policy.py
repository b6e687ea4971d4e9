"""Local-policy settings of the Wervelmetastasen services (`CDS_SPINE_*`).

Each is a choice the guideline leaves open (clinical model §4 and §6). Defaults are the
conservative option; `docs/local-policy.md` lists them, and cards mark advice that rests on
one of them as local policy, not guideline.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Priority = Literal["routine", "urgent", "asap", "stat"]


def _whole_days(value: object) -> object:
    """An environment variable is a string: "28" is the number 28 (anything else stays as is)."""
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


class SpinePolicy(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CDS_SPINE_", env_file=".env", extra="ignore", frozen=True
    )

    # When a fact that decides the MRI window is unknown: ask which complaint applies, one
    # suggestion per branch, the indicator following what is on record ("ask"); plan for the
    # most urgent window still possible, an MRI order for a known cancer read as a suspicion
    # ("most-urgent-possible", the behaviour before 0.2); or only show the branches
    # ("decided-only").
    unknown_window: Literal["ask", "most-urgent-possible", "decided-only"] = "ask"
    # Where the MRI deadline runs from: when the record dates the symptom (its recorded or
    # assessment time, never later than the call) or always the time of the call.
    mri_t0: Literal["symptom-record-date", "call-time"] = "symptom-record-date"
    # FHIR request priority per MRI window (clinical model §3.1 proposes these; the guideline
    # gives only the windows).
    priority_12h: Priority = "stat"
    priority_24h: Priority = "asap"
    priority_48h: Priority = "urgent"
    priority_1w: Priority = "urgent"
    priority_2w: Priority = "routine"
    # Questionnaire answers older than this are not used: neurological status changes within hours.
    answer_max_age_h: float = Field(default=24.0, gt=0)
    # A CT or PET-CT of thorax/abdomen at most this old counts as "recent" (SM-DX01).
    recent_imaging_days: int = Field(default=42, ge=1)
    # A spine MRI at most this old may already show the metastases (SM-D02): an older one does
    # not withhold the MRI proposal. The guideline says "adequaat afgebeeld", not how recent.
    recent_mri_days: int = Field(default=28, ge=1)
    # Time zone in which deadlines are shown on cards.
    display_timezone: str = "Europe/Amsterdam"
    # PPI suggested with dexamethasone when a risk factor is present; the guideline names none.
    ppi_atc: str = "A02BC02"
    ppi_name: str = "pantoprazol"
    ppi_dose_mg: float = Field(default=40, gt=0)
    # FHIR priority of the unknown-primary work-up: CT/PET-CT "met spoed" (SM-DX02) and the biopsy
    # with (SM-DX04) and without (SM-DX03) MESCC; the guideline gives windows, not priority codes.
    priority_staging_ct: Priority = "asap"
    # FHIR priority of the (PET-)CT thorax/abdomen and volume CT for a possible operation (SM-DX01).
    priority_surgical_ct: Priority = "urgent"
    priority_biopsy_1d: Priority = "stat"
    priority_biopsy_1w: Priority = "urgent"
    # Whether platelet aggregation inhibitors (ATC B01AC) count as "anticoagulantia" (SM-CS03).
    platelet_inhibitors_count_as_anticoagulants: bool = True

    # A malignancy recorded as inactive or resolved: is it the known primary of SM-D02/SM-CS01/
    # SM-DX0x ("known"), or does the card ask, showing both branches ("ask", the default)?
    history_of_malignancy: Literal["ask", "known"] = "ask"

    # --- part 2: treatment, time to therapy, follow-up ---
    # Clinician assessments (life expectancy, fitness for surgery, tumour sensitivity, ...) and
    # ECOG/Karnofsky scores older than this are not used.
    assessment_max_age_d: int = Field(default=14, ge=1)
    # "Goede" versus "matige" conditie (SM-RT03/RT04) is not defined in the guideline: ECOG at
    # most this counts as good, higher as moderate; Karnofsky at least this counts as good.
    ecog_good_max: int = Field(default=1, ge=0, le=5)
    karnofsky_good_min: int = Field(default=80, ge=0, le=100)
    # SINS cut-offs for a stable and an unstable spine (public SINS calculators, not the guideline);
    # a score in between leaves instability unknown.
    sins_stable_max: int = Field(default=6, ge=0, le=18)
    sins_unstable_min: int = Field(default=13, ge=0, le=18)
    # Primary tumours read as potentially sensitive to antihormonal therapy (SM-CH01/02): ICD-10
    # code prefixes or SNOMED CT codes. The guideline names none; empty = always ask.
    hormone_sensitive_primaries: tuple[str, ...] = ()
    # "Bij gecombineerde ingrepen wordt zes maanden aangehouden" versus "meer dan zes maanden" (SM-S01).
    combined_procedure_life_expectancy: Literal["at-least-6-months", "more-than-6-months"] = (
        "at-least-6-months"
    )
    # Whether a surgeon with expertise can operate within 24 hours at this site (SM-S07);
    # None = ask per case.
    site_expert_spine_surgery_24h: bool | None = None
    # Spine operations for spinal metastases this site performs per year (SM-ORG02, norm >= 10);
    # None = unknown.
    site_spine_operations_per_year: int | None = Field(default=None, ge=0)
    # Slowly progressive (> 7 days) deficit from MESCC in a patient who can no longer walk
    # independently falls between SM-TT24h and SM-TT72h: which window applies.
    time_to_therapy_slow_non_ambulant: Literal["24h", "72h", "undecided"] = "24h"
    # A definitive diagnosis older than this no longer gets a time-to-therapy card.
    time_to_therapy_lookback_d: int = Field(default=28, ge=1)
    # Whether running systemic therapy (ATC L01/L02 active) counts as the start of therapy for
    # the time to therapy (SM-TT*): "yes" no deadline then, "no" the deadline as without it,
    # "ask" (default) the card asks, and shows a deadline only when recorded facts decide one.
    systemic_therapy_counts_as_started: Literal["ask", "yes", "no"] = "ask"
    # "Een minimaal tijdsinterval van 3-4 weken" before postoperative radiotherapy (SM-RT09):
    # the earliest start an order update sets, in days after surgery; 28 reads the minimum
    # conservatively (the longer wait), 21 its lower bound.
    postoperative_rt_min_days: Annotated[Literal[21, 28], BeforeValidator(_whole_days)] = 28
    # FHIR priority of the proposed urgent multidisciplinary consultation (SM-T03, "spoedoverleg").
    priority_mdt: Priority = "stat"
    # A patient without a recorded suspicion or complaint (a stable chart, a routine scan): at
    # most one info card per call, the follow-up rules folded into it and the treatment branches
    # only while a treatment decision is open ("one-info"), or every rule its own card
    # ("every-rule", the earlier behaviour). No critical row can hold without a recorded fact.
    routine_cards: Literal["one-info", "every-rule"] = "one-info"
    # A definitive spinal diagnosis at most this old keeps the treatment decision open (SM-LE*).
    treatment_decision_lookback_d: int = Field(default=28, ge=1)


@lru_cache
def get_policy() -> SpinePolicy:
    return SpinePolicy()
