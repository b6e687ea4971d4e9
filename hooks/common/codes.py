"""Value sets more than one topic package reads: primary tumours, result answers, biomarker tests.

Codes and verification marks from `../shared/clinical-model.md` §2.1 and §2.4 (✅ = verified,
✅¹ = probable, ⚠️ = unverified), plus the answer codes a lab result carries, each checked in
public FHIR artefacts during this work (noted per code). ICD-10 matches sub-codes by prefix.
"""

from __future__ import annotations

from hooks.codes import ICD_O3, Code, icd10, loinc, snomed, value_set

V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def icdo3(code: str, display: str) -> Code:
    """ICD-O-3 morphology; the zib OID form of the system matches too (hooks.codes)."""
    return Code(ICD_O3, code, display, "verified")


# --- primary tumours (§2.1 F01a–F01d) --------------------------------------------------------

NSCLC = value_set(
    "nsclc",
    snomed("254637007", "Non-small cell lung cancer"),  # ✅ mCODE
)
# ICD-10 C34 is lung cancer of any histology: it makes NSCLC possible, not certain.
LUNG_CANCER_ANY_TYPE = value_set(
    "lung-cancer-any-histology",
    icd10("C34", "Malignant neoplasm of bronchus and lung", "unverified"),
)
# ICD-O-3 lung histologies: seen in public SEER analysis code and ICD-O-3 tables.
SCLC = value_set(
    "sclc",
    snomed("254632001", "Small cell carcinoma of lung", "probable"),  # public code tables
    icdo3("8041/3", "Small cell carcinoma, NOS"),
)
NON_SMALL_CELL_MORPHOLOGY = value_set(
    "non-small-cell-morphology",
    icdo3("8046/3", "Non-small cell carcinoma"),
    icdo3("8140/3", "Adenocarcinoma, NOS"),
    icdo3("8070/3", "Squamous cell carcinoma, NOS"),
    icdo3("8012/3", "Large cell carcinoma, NOS"),
)
MELANOMA = value_set(
    "melanoma",
    snomed("372244006", "Malignant melanoma"),  # ✅ fs
    icd10("C43", "Malignant melanoma of skin"),  # ✅ fs (C43.9)
)
COLORECTAL_CANCER = value_set(
    "colorectal-cancer",
    snomed("363406005", "Malignant neoplasm of colon"),  # ✅ fs
    icd10("C18", "Malignant neoplasm of colon"),  # ✅ fs (C18.9)
    icd10("C19", "Malignant neoplasm of rectosigmoid junction", "unverified"),
    icd10("C20", "Malignant neoplasm of rectum", "unverified"),
)
BREAST_CANCER = value_set(
    "breast-cancer",
    snomed("254837009", "Malignant neoplasm of breast"),  # ✅ fs
    icd10("C50", "Malignant neoplasm of breast"),  # ✅ fs (C50.9)
)
SECONDARY_LIVER = value_set(
    "secondary-liver-tumour",
    snomed("94381002", "Secondary malignant neoplasm of liver"),  # ✅ fs
    icd10("C78.7", "Secondary malignant neoplasm of liver and intrahepatic bile duct"),  # ✅ mCODE
)

# --- result answers ---------------------------------------------------------------------------

RESULT_PRESENT = value_set(
    "result-present",
    loinc("LA9633-4", "Present"),  # ✅ mCODE GenomicVariant
    loinc("LA6576-8", "Positive"),  # public FHIR examples (mCODE ER/PR instances)
    snomed("10828004", "Positive"),  # public FHIR examples
    snomed("52101004", "Present"),  # public FHIR examples
)
RESULT_ABSENT = value_set(
    "result-absent",
    loinc("LA9634-2", "Absent"),  # ✅ mCODE GenomicVariant
    loinc("LA6577-6", "Negative"),  # public FHIR examples (mCODE ER/PR instances)
    snomed("260385009", "Negative"),  # public FHIR examples
    snomed("2667000", "Absent"),  # public FHIR examples
)

# --- biomarker tests (§2.4) ---------------------------------------------------------------------

GENETIC_VARIANT = value_set(
    "genetic-variant-assessment", loinc("69548-6", "Genetic variant assessment")
)  # ✅ mCODE GenomicVariant
GENE_STUDIED = "48018-6"  # ✅ LOINC component "Gene studied [ID]"
BRAF_V600E_IHC = value_set(
    "braf-v600e-ihc",
    loinc("85299-6", "BRAF V600E mutant protein [Presence] in Cancer specimen by Immune stain"),
)
HER2_RESULT = value_set(
    "her2-result",
    loinc("48676-1", "HER2 [Interpretation] in Tissue"),  # ✅ mCODE
    loinc("85319-2", "HER2 [Presence] in Breast cancer specimen by Immune stain"),  # ✅ mCODE
    loinc("85318-4", "ERBB2 gene duplication [Presence] in Breast cancer specimen by FISH"),
)
PDL1_TPS = value_set(
    "pd-l1-tps",
    loinc(
        "83053-9",
        "Cells.programmed cell death ligand 1/100 viable tumor cells in Tissue by Immune stain",
    ),  # ✅ mCODE
)
PDL1_QUALITATIVE = value_set(
    "pd-l1-qualitative",
    loinc("83052-1", "PD-L1 by clone 22C3 [Presence] in Tissue by Immune stain"),  # ✅ mCODE
    loinc("83054-7", "PD-L1 by clone 22C3 [Interpretation] in Tissue"),  # ✅ mCODE
)
TMB = value_set("tmb", loinc("94076-7", "Mutations/Megabase [# Ratio] in Tumor"))  # ✅ mCODE
ALK_FISH = value_set("alk-fish", loinc("78205-2", "ALK gene rearrangement by FISH"))  # ✅ mCODE

# Any of these in the record means a molecular (or tumour-marker) result exists at all.
MOLECULAR_RESULT = value_set(
    "molecular-result",
    *GENETIC_VARIANT.codes,
    *BRAF_V600E_IHC.codes,
    *HER2_RESULT.codes,
    *PDL1_TPS.codes,
    *PDL1_QUALITATIVE.codes,
    *TMB.codes,
    *ALK_FISH.codes,
)

HGNC_BRAF = "HGNC:1097"  # ✅ mCODE
HGNC_ERBB2 = "HGNC:3430"  # ✅ fs

VALUE_SETS = (
    NSCLC,
    LUNG_CANCER_ANY_TYPE,
    SCLC,
    NON_SMALL_CELL_MORPHOLOGY,
    MELANOMA,
    COLORECTAL_CANCER,
    BREAST_CANCER,
    SECONDARY_LIVER,
    RESULT_PRESENT,
    RESULT_ABSENT,
    GENETIC_VARIANT,
    BRAF_V600E_IHC,
    HER2_RESULT,
    PDL1_TPS,
    PDL1_QUALITATIVE,
    TMB,
    ALK_FISH,
)
