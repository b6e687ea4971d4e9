"""Local-policy settings of the Wervelmetastasen services (`CDS_SPINE_*`).

Each is a choice the guideline leaves open (clinical model §4 and §6). Defaults are the
conservative option; `docs/local-policy.md` lists them, and cards mark advice that rests on
one of them as local policy, not guideline.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Priority = Literal["routine", "urgent", "asap", "stat"]


class SpinePolicy(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CDS_SPINE_", env_file=".env", extra="ignore", frozen=True
    )

    # When a fact that decides the MRI window is unknown: plan for the most urgent window still
    # possible ("most-urgent-possible"), or only show the branches ("decided-only").
    unknown_window: Literal["most-urgent-possible", "decided-only"] = "most-urgent-possible"
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
    # Time zone in which deadlines are shown on cards.
    display_timezone: str = "Europe/Amsterdam"
    # PPI suggested with dexamethasone when a risk factor is present; the guideline names none.
    ppi_atc: str = "A02BC02"
    ppi_name: str = "pantoprazol"
    ppi_dose_mg: float = Field(default=40, gt=0)
    # FHIR priority of the unknown-primary work-up: CT/PET-CT "met spoed" (SM-DX02) and the biopsy
    # with (SM-DX04) and without (SM-DX03) MESCC; the guideline gives windows, not priority codes.
    priority_staging_ct: Priority = "asap"
    priority_biopsy_1d: Priority = "stat"
    priority_biopsy_1w: Priority = "urgent"
    # Whether platelet aggregation inhibitors (ATC B01AC) count as "anticoagulantia" (SM-CS03).
    platelet_inhibitors_count_as_anticoagulants: bool = True


@lru_cache
def get_policy() -> SpinePolicy:
    return SpinePolicy()
