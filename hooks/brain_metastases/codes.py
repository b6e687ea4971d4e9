"""Value sets of the brain-metastases services (clinical model §2.1 F80/F81, §2.3 BM drugs,
§2.4 F83/F85 genes, §3.2).

Verification marks as in the clinical model: ✅ verified, ✅¹ probable, ⚠️ unverified.
"""

from __future__ import annotations

from hooks import codes
from hooks.codes import HGNC, Code, atc, icd10, loinc, snomed, value_set

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

# The component of a genetic variant assessment (LOINC 69548-6) that names the gene.
GENE_STUDIED = value_set("gene-studied", loinc("48018-6", "Gene studied [ID]"))  # ✅ mCODE
# Genes whose variant, recorded present in NSCLC, brings BM-06 in: the clinical model's inputs
# of BM-06, F83 (BRAF) and F85 ("other drivers"), with the HGNC ids it marks ✅. This list is the
# clinical model's, not the source's: the article names no alteration for NSCLC. RET
# (HGNC:9967) is ✅¹ there (one source only) and is not read until a terminology server confirms it.
NSCLC_VARIANT_GENES = value_set(
    "nsclc-variant-genes",
    Code(HGNC, "HGNC:1097", "BRAF"),  # ✅ mCODE
    Code(HGNC, "HGNC:3236", "EGFR"),  # ✅ fs/mCODE
    Code(HGNC, "HGNC:427", "ALK"),  # ✅ fs/mCODE
    Code(HGNC, "HGNC:10261", "ROS1"),  # ✅ fs/mCODE
    Code(HGNC, "HGNC:6407", "KRAS"),  # ✅ fs/mCODE
    Code(HGNC, "HGNC:7029", "MET"),  # ✅ fs/mCODE
)

VALUE_SETS = (
    BRAIN_METASTASIS,
    ASYMPTOMATIC,
    DEXAMETHASONE,
    CHECKPOINT_INHIBITOR,
    BRAF_INHIBITOR,
    TRASTUZUMAB_DERUXTECAN,
    GENE_STUDIED,
    NSCLC_VARIANT_GENES,
)
