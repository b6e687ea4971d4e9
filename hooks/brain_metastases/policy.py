"""Local-policy settings of the brain-metastases services (`CDS_BRAIN_*`).

The article leaves these open; `docs/local-policy.md` lists them, and a card whose content
rests on one of them says so.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class BrainPolicy(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CDS_BRAIN_", env_file=".env", extra="ignore", frozen=True
    )

    # Offer a one-click draft request for the multidisciplinary meeting (BM-01) when none is
    # in the record. Hospitals that plan their MDO outside FHIR orders switch it off.
    suggest_mdt_request: bool = True
    # How the MDT request is coded. Clinical model §3.2: NCIt C93304 "Tumor Board Review"
    # (verified); no SNOMED concept for an MDT was verified, a local code is acceptable.
    mdt_code_system: str = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
    mdt_code: str = "C93304"
    mdt_display: str = "Tumor Board Review"


@lru_cache
def get_policy() -> BrainPolicy:
    return BrainPolicy()
