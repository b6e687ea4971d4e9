"""Local-policy settings of the immunotherapy-resistance services (`CDS_IO_*`).

The news item names the markers of a "cold" tumour but no thresholds, no gene list and no
drug list beyond pembrolizumab. The defaults are common conventions the clinical model calls
interpretation (§1.4), not the source; every card that uses one says so.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ImmunotherapyPolicy(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CDS_IO_", env_file=".env", extra="ignore", frozen=True
    )

    # Tumour mutational burden below this (mutations per megabase, LOINC 94076-7) is "low".
    tmb_low_below: float = Field(default=10.0, gt=0)
    # PD-L1 tumour proportion score below this percentage (LOINC 83053-9) is "absent".
    pdl1_absent_below_percent: float = Field(default=1.0, gt=0)
    # Wnt-pathway genes whose mutation marks a cold tumour: symbol → HGNC id.
    wnt_genes: dict[str, str] = Field(
        default_factory=lambda: {"CTNNB1": "HGNC:2514", "APC": "HGNC:583"}
    )
    # ATC codes counted as a PD-1 inhibitor (nivolumab, pembrolizumab, cemiplimab); a group
    # code such as L01FF would add the PD-L1 inhibitors.
    pd1_atc: tuple[str, ...] = ("L01FF01", "L01FF02", "L01FF06")
    # Show the research card also when NSCLC and a PD-1 inhibitor are known but none of the
    # markers is recorded (the card then says the markers are unknown). Off: research news is
    # surfaced only when a marker is in the record.
    show_when_markers_unknown: bool = False


@lru_cache
def get_policy() -> ImmunotherapyPolicy:
    return ImmunotherapyPolicy()
