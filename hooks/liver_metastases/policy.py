"""Site settings of the liver-metastases service (`CDS_LIVER_*`).

The pathway is one hospital's (LUMC): where the liver panel is, how to reach it and when it
meets are properties of the site that runs this service. The defaults are the LUMC's, taken
verbatim from its page; another hospital sets its own. Cards mark them as local policy.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class LiverPolicy(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CDS_LIVER_", env_file=".env", extra="ignore", frozen=True
    )

    # The liver panel referrals go to (LM-03/LM-04).
    panel_name: str = "LUMC Leverpanel"
    panel_email: str = "Leverpanel@lumc.nl"
    panel_address_lines: tuple[str, ...] = (
        "LUMC",
        "Polikliniek Oncologische chirurgie Heelkunde",
        "t.a.v. Leverpanel",
        "K2-R, kamer 99",
        "Postbus 9600",
    )
    panel_postal_code: str = "2300 RC"
    panel_city: str = "Leiden"
    panel_meeting_nl: str = "iedere dinsdag om 15.30 uur"
    panel_meeting_en: str = "every Tuesday at 15:30"
    # Where patients call after treatment with less acute problems (LM-14).
    clinic_name: str = "polikliniek Oncologische chirurgie"
    clinic_phone: str = "071 – 526 43 09"
    # Remind, for patients with a cancer at risk of liver metastases and none recorded, that
    # they should be examined for metastases (LM-01/LM-02). Off: it would show for every patient
    # with colorectal or breast cancer or melanoma, and the source is patient information.
    risk_reminder: bool = False


@lru_cache
def get_policy() -> LiverPolicy:
    return LiverPolicy()
