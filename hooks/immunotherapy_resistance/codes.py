"""Value sets of the immunotherapy-resistance services (clinical model §2.3 F104, §2.4 F100–F103).

The PD-1 inhibitors are a site setting (`CDS_IO_PD1_ATC`), because ATC group L01FF also holds
PD-L1 inhibitors while the study used the PD-1 inhibitor pembrolizumab.
"""

from __future__ import annotations

from hooks.codes import Code, ValueSet, atc
from hooks.common.codes import (
    LUNG_CANCER_ANY_TYPE,
    NON_SMALL_CELL_MORPHOLOGY,
    NSCLC,
    PDL1_QUALITATIVE,
    PDL1_TPS,
    SCLC,
    TMB,
)

# Verification of the ATC codes the default setting lists (public ATC tables).
PD1_ATC_VERIFICATION: dict[str, Code] = {
    "L01FF01": atc("L01FF01", "nivolumab"),  # public ATC code tables
    "L01FF02": atc("L01FF02", "pembrolizumab"),  # ✅ fs (clinical model)
    "L01FF06": atc("L01FF06", "cemiplimab"),  # public ATC code tables
}


def pd1_inhibitors(atc_codes: tuple[str, ...]) -> ValueSet:
    """The PD-1 inhibitors the site counts (sub-codes of a group code match too)."""
    return ValueSet(
        "pd-1-inhibitor",
        tuple(
            PD1_ATC_VERIFICATION.get(code, atc(code, "PD-1 inhibitor (site setting)", "unverified"))
            for code in atc_codes
        ),
    )


VALUE_SETS = (
    NSCLC,
    LUNG_CANCER_ANY_TYPE,
    SCLC,
    NON_SMALL_CELL_MORPHOLOGY,
    TMB,
    PDL1_TPS,
    PDL1_QUALITATIVE,
    ValueSet("pd-1-inhibitor (default setting)", tuple(PD1_ATC_VERIFICATION.values())),
)
