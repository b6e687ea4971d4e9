"""Value sets of the brain-metastases services (clinical model §2.1 F80/F81, §2.3 BM drugs, §3.2).

Verification marks as in the clinical model: ✅ verified, ✅¹ probable, ⚠️ unverified.
"""

from __future__ import annotations

from hooks import codes
from hooks.codes import atc, icd10, snomed, value_set

DEXAMETHASONE = codes.DEXAMETHASONE  # ATC H02AB02 ✅, SNOMED 372584003 ✅
BRAIN_METASTASIS = value_set(
    "brain-metastasis",
    snomed("94225005", "Secondary malignant neoplasm of brain"),  # ✅ mCODE example
    icd10("C79.3", "Secondary malignant neoplasm of brain and cerebral meninges"),  # ✅ mCODE
)
# Condition.evidence.code of the brain metastases: a manifestation makes them symptomatic,
# this finding says they are not.
ASYMPTOMATIC = value_set(
    "asymptomatic", snomed("84387000", "Asymptomatic (finding)")
)  # ✅ public FHIR/OMOP tables

CHECKPOINT_INHIBITOR = value_set(
    "immune-checkpoint-inhibitor",
    atc(
        "L01FF",
        "PD-1/PD-L1 (programmed cell death protein 1/death ligand 1) inhibitors",
        "unverified",
    ),
)
BRAF_INHIBITOR = value_set(
    "braf-inhibitor",
    atc("L01EC", "B-Raf serine-threonine kinase (BRAF) inhibitors", "unverified"),
    atc("L01EC02", "dabrafenib"),  # ✅ fs
)
TRASTUZUMAB_DERUXTECAN = value_set(
    "trastuzumab-deruxtecan", atc("L01FD04", "trastuzumab deruxtecan")
)  # ✅ fs
SYSTEMIC_NAMED_IN_SOURCE = value_set(
    "brain-systemic-named-in-source",
    *CHECKPOINT_INHIBITOR.codes,
    *BRAF_INHIBITOR.codes,
    *TRASTUZUMAB_DERUXTECAN.codes,
)

VALUE_SETS = (
    BRAIN_METASTASIS,
    ASYMPTOMATIC,
    DEXAMETHASONE,
    CHECKPOINT_INHIBITOR,
    BRAF_INHIBITOR,
    TRASTUZUMAB_DERUXTECAN,
)
