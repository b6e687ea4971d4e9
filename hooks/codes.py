"""Code systems and named value sets, built from `../shared/clinical-model.md` §2.

No terminology server is reachable, so each value set lists its codes (the descendants that
matter listed explicitly), each with the clinical model's verification mark:
`verified` (✅), `probable` (✅¹: one source) or `unverified` (⚠️: confirm before production).
Matching is code-system aware; ICD-10 codes match by prefix (C79.5 matches C79.51 in a local
extension), a few sets match a code pattern (ICD-O-3 behaviour /3); a coding with only text is
never guessed at. An operator's file may add codes to a set at start (`hooks.local_value_sets`):
those are marked `local`, and `ValueSet.matches_local` tells a match that rests only on them.
"""

from __future__ import annotations

from hooks import imaging_codes, primary_cancer_codes
from hooks.terminology import (
    ATC as ATC,
)
from hooks.terminology import (
    CONDITION_CLINICAL as CONDITION_CLINICAL,
)
from hooks.terminology import (
    CONDITION_VERIFICATION as CONDITION_VERIFICATION,
)
from hooks.terminology import (
    HGNC as HGNC,
)
from hooks.terminology import (
    ICD10 as ICD10,
)
from hooks.terminology import (
    ICD10_NL as ICD10_NL,
)
from hooks.terminology import (
    ICD_O3 as ICD_O3,
)
from hooks.terminology import (
    ICD_O3_OID as ICD_O3_OID,
)
from hooks.terminology import (
    LOINC as LOINC,
)
from hooks.terminology import (
    REQUEST_PRIORITY as REQUEST_PRIORITY,
)
from hooks.terminology import (
    SNOMED as SNOMED,
)
from hooks.terminology import (
    UCUM as UCUM,
)
from hooks.terminology import (
    Code as Code,
)
from hooks.terminology import (
    CodePattern as CodePattern,
)
from hooks.terminology import (
    ValueSet as ValueSet,
)
from hooks.terminology import (
    Verification as Verification,
)
from hooks.terminology import (
    atc as atc,
)
from hooks.terminology import (
    codings as codings,
)
from hooks.terminology import (
    icd10 as icd10,
)
from hooks.terminology import (
    loinc as loinc,
)
from hooks.terminology import (
    set_local_codes as set_local_codes,
)
from hooks.terminology import (
    snomed as snomed,
)
from hooks.terminology import (
    union_of as union_of,
)
from hooks.terminology import (
    value_set as value_set,
)

CPT = imaging_codes.CPT

# --- cancers (clinical model §2.1, F01, F05, F24, F45) ------------------------------------

# Primary malignancies (F01): ICD-10 C00–C97 except C44 and C76–C80, ICD-O-3 behaviour /3 and the
# SNOMED CT disorders of `hooks/primary_cancer_codes.py`, each with its public source there
# (docs/value-sets.md). A Condition claiming the mCODE profile counts too: `is_mcode_primary`.
PRIMARY_CANCER = ValueSet(
    "primary-malignancy",
    (
        *(snomed(p.code, p.display) for p in primary_cancer_codes.SNOMED_PRIMARIES),
        *(
            icd10(category, "Malignant neoplasm, primary")
            for category in primary_cancer_codes.ICD10_PRIMARY_CATEGORIES
        ),
    ),
    (
        CodePattern(
            ICD_O3,
            primary_cancer_codes.ICDO3_PRIMARY_PATTERN,
            "ICD-O-3 morphology, behaviour /3 (malignant, primary site)",
        ),
    ),
)
PRIMARY_MORPHOLOGY = ValueSet("primary-malignancy-morphology", (), PRIMARY_CANCER.patterns)
MCODE_PRIMARY_CANCER_CONDITION = primary_cancer_codes.MCODE_PRIMARY_CANCER_CONDITION
is_mcode_primary = primary_cancer_codes.is_mcode_primary

UNKNOWN_PRIMARY = value_set(
    "unknown-primary",
    icd10("C80", "Malignant neoplasm without specification of site", "unverified"),
)

SPINAL_METASTASIS = value_set(
    "spinal-metastasis",
    snomed("94602001", "Secondary malignant neoplasm of vertebral column", "probable"),
)

# Any bone: spinal only with a vertebral bodySite. ICD-10 C79.5 names bone *and bone marrow*
# without a site, so alone (common in Dutch charts) it leaves the spine undecided, never proven.
BONE_METASTASIS = value_set(
    "bone-metastasis",
    snomed("94222008", "Secondary malignant neoplasm of bone"),
    icd10("C79.5", "Secondary malignant neoplasm of bone and bone marrow"),
)

VERTEBRAL_COLUMN_SITE = value_set(
    "vertebral-column-site",
    snomed("421060004", "Structure of vertebral column"),
    snomed("3572006", "Structure of body of vertebra"),
    snomed("35769007", "Bone structure of thoracic vertebra"),
    snomed("73903008", "Bone structure of lumbar vertebra"),
    snomed("87141009", "Sacral vertebra structure"),
    snomed("61032001", "L1 vertebra"),
    snomed("56094003", "T1 vertebra"),
    snomed("91116008", "C3 vertebral body"),
)

SPINAL_CORD_COMPRESSION = value_set(
    "spinal-cord-compression",
    snomed("71286001", "Spinal cord compression"),
    icd10("G95.2", "Cord compression, unspecified", "probable"),
)

RADICULOPATHY = value_set(
    "radiculopathy",
    snomed("72274001", "Radiculopathy", "probable"),
    icd10("M54.1", "Radiculopathy", "unverified"),
)

BACK_PAIN = value_set(
    "back-pain",
    snomed("161891005", "Backache"),
    snomed("279039007", "Low back pain", "probable"),
)

CHEMOSENSITIVE_TUMOUR = value_set(
    "chemosensitive-tumour",
    snomed("109989006", "Multiple myeloma"),
    icd10("C90.0", "Multiple myeloma"),
    snomed("118601006", "Non-Hodgkin's lymphoma"),
    snomed("109962001", "Diffuse large B-cell lymphoma"),
    icd10("C83.3", "Diffuse large B-cell lymphoma", "unverified"),
    icd10("C85", "Other and unspecified types of non-Hodgkin lymphoma"),
    icd10("C62", "Malignant neoplasm of testis (germ cell)", "unverified"),
)

HAEMATOLOGICAL_MALIGNANCY = value_set(
    "haematological-malignancy",
    snomed("109989006", "Multiple myeloma"),
    snomed("118601006", "Non-Hodgkin's lymphoma"),
    snomed("118600007", "Malignant lymphoma"),
    snomed("118599009", "Hodgkin's disease"),
    snomed("109962001", "Diffuse large B-cell lymphoma"),
    *(icd10(f"C{n}", "Lymphoid/haematopoietic malignancy", "unverified") for n in range(81, 97)),
)

GASTRIC_ULCER = value_set(
    "gastric-ulcer",
    snomed("397825006", "Gastric ulcer"),
    snomed("13200003", "Peptic ulcer"),
    icd10("K25", "Gastric ulcer"),
    icd10("K27", "Peptic ulcer, site unspecified", "unverified"),
)

COMPLETE_TRANSVERSE_LESION = value_set(
    "complete-transverse-lesion",
    snomed("60389000", "Paraplegia"),
    icd10("G82.2", "Paraplegia, unspecified", "unverified"),
)

# --- trend of a condition (mCODE ConditionStatusTrendVS), §2.1 F23b ------------------------

TREND_WORSENED = value_set("trend-worsened", snomed("271299001", "Patient's condition worsened"))
TREND_NOT_WORSENED = value_set(
    "trend-not-worsened",
    snomed("268910001", "Patient's condition improved"),
    snomed("359746009", "Patient's condition stable"),
)
LATERALITY_BILATERAL = value_set("bilateral", snomed("51440002", "Right and left"))
LATERALITY_UNILATERAL = value_set(
    "unilateral", snomed("7771000", "Left"), snomed("24028007", "Right")
)

# --- procedures and imaging (§2.5, §3.1) ---------------------------------------------------

# CPT (imaging_codes: AMA CPT via the CDS Hooks sandbox's list, one copy, so `probable`): what
# US-built EHRs and the sandbox's PAMA screen send; MRI only, never a CT of the spine.
MRI_SPINE = value_set(
    "mri-spine",
    snomed("241645008", "Magnetic resonance imaging of spine"),
    snomed("431985004", "Magnetic resonance imaging of spine with contrast"),
    *(
        Code(CPT, code, display, "probable")
        for code, display in imaging_codes.SPINE_MRI_CPT.items()
    ),
)

BIOPSY = value_set("biopsy", snomed("86273004", "Biopsy"))

CT_THORAX_ABDOMEN = value_set(
    "ct-thorax-abdomen",
    snomed("429864007", "CT of thorax and abdomen with contrast"),
    snomed("1148700003", "CT of thorax, abdomen and pelvis with intravenous contrast"),
    snomed("443271005", "PET-CT of whole body using fluorodeoxyglucose"),
)

RADIOTHERAPY_COURSE = value_set(
    "radiotherapy-course",
    snomed("1217123003", "Radiotherapy course of treatment"),
    snomed("33195004", "Teleradiotherapy procedure"),
    snomed("395096001", "Stereotactic radiotherapy"),
)

# --- medication (§2.3, §3.3) ---------------------------------------------------------------

SYSTEMIC_CORTICOSTEROID = value_set(
    "systemic-corticosteroid",
    atc("H02AB", "Glucocorticoids"),
    snomed("372584003", "Dexamethasone (substance)"),
)
DEXAMETHASONE = value_set(
    "dexamethasone", atc("H02AB02", "dexamethason"), snomed("372584003", "Dexamethasone")
)
NSAID = value_set(
    "nsaid", atc("M01A", "Anti-inflammatory and antirheumatic products, non-steroids", "unverified")
)
ANTICOAGULANT = value_set(
    "anticoagulant",
    atc("B01AA", "Vitamin K antagonists", "unverified"),
    atc("B01AB", "Heparin group", "unverified"),
    atc("B01AE", "Direct thrombin inhibitors", "unverified"),
    atc("B01AF", "Direct factor Xa inhibitors", "unverified"),
)
PLATELET_INHIBITOR = value_set(
    "platelet-inhibitor",
    atc("B01AC", "Platelet aggregation inhibitors excl. heparin", "unverified"),
)
PROTON_PUMP_INHIBITOR = value_set(
    "proton-pump-inhibitor", atc("A02BC", "Proton pump inhibitors", "unverified")
)

# --- performance status (§2.2 F15/F54) -----------------------------------------------------

# What the score is: the Observation's (or a panel component's) code. WHO performance status
# is the ECOG scale. SNOMED observables: MII Kerndatensatz Onkologie (ECOG and Karnofsky
# profiles, medizininformatik-initiative/kerndatensatzmodul-onkologie), CanShare NZ, HL7 CCD.
ECOG = value_set(
    "ecog",
    loinc("89247-1", "ECOG Performance Status score"),
    snomed("423740007", "Eastern Cooperative Oncology Group performance status"),
)
KARNOFSKY = value_set(
    "karnofsky",
    loinc("89243-0", "Karnofsky Performance Status score"),
    snomed("761869008", "Karnofsky Performance Status score"),
)


def _grades(scale: str, *grades: tuple[int, tuple[Code, ...]]) -> tuple[tuple[int, ValueSet], ...]:
    return tuple((score, value_set(f"{scale}-{score}", *found)) for score, found in grades)


# The score as a coded answer: LOINC answer list LL529-9 (ECOG) and the SNOMED grade findings.
# LOINC: mCODE examples (HL7/fhir-mCODE-ig), MII VS "Enumerierte Fassung der LOINC-Answer-List
# LL529-9"; SNOMED: MII ConceptMap mii-cm-onko-allgemeiner-leistungszustand-sct (grades 0-4),
# mCODE's ECOG value set and davidhay25/actnow (grade 5).
ECOG_GRADES = _grades(
    "ecog",
    (0, (loinc("LA9622-7", "Fully active"), snomed("425389002", "ECOG grade 0"))),
    (
        1,
        (
            loinc("LA9623-5", "Restricted in strenuous activity"),
            snomed("422512005", "ECOG grade 1"),
        ),
    ),
    (
        2,
        (
            loinc("LA9624-3", "Ambulatory, capable of all selfcare"),
            snomed("422894000", "ECOG grade 2"),
        ),
    ),
    (
        3,
        (
            loinc("LA9625-0", "Capable of only limited selfcare"),
            snomed("423053003", "ECOG grade 3"),
        ),
    ),
    (4, (loinc("LA9626-8", "Completely disabled"), snomed("423237006", "ECOG grade 4"))),
    (5, (loinc("LA9627-6", "Dead"), snomed("423409001", "ECOG grade 5"))),
)
# LOINC answer list LL4986-7 (Karnofsky; 0 is LA9627-6 "Dead", as for ECOG 5): mCODE examples and
# its Karnofsky value set, MII ConceptMap mii-cm-onko-allgemeiner-leistungszustand-karnofsky-loinc.
KARNOFSKY_GRADES = _grades(
    "karnofsky",
    (100, (loinc("LA29175-9", "Normal; no complaints"),)),
    (90, (loinc("LA29176-7", "Able to carry on normal activity"),)),
    (80, (loinc("LA29177-5", "Normal activity with effort"),)),
    (70, (loinc("LA29178-3", "Cares for self; unable to carry on normal activity"),)),
    (60, (loinc("LA29179-1", "Requires occasional assistance"),)),
    (50, (loinc("LA29180-9", "Requires considerable assistance"),)),
    (40, (loinc("LA29181-7", "Disabled"),)),
    (30, (loinc("LA29182-5", "Severely disabled"),)),
    (20, (loinc("LA29183-3", "Very sick"),)),
    (10, (loinc("LA29184-1", "Moribund"),)),
    (0, (loinc("LA9627-6", "Dead"),)),
)

# --- Wervelmetastasen part 2: treatment, surgery, follow-up (§2.1 F39/F45, §2.3, §3.2) -------

SPINAL_INSTABILITY = value_set("spinal-instability", snomed("240220009", "Spinal instability"))
# The chemotherapy-sensitive tumours the guideline names whose type settles the question:
# multiple myeloma, an intermediate/high-grade NHL (DLBCL) and a germ cell tumour.
CHEMOSENSITIVE_NAMED = value_set(
    "chemosensitive-named",
    snomed("109989006", "Multiple myeloma"),
    icd10("C90.0", "Multiple myeloma"),
    snomed("109962001", "Diffuse large B-cell lymphoma"),
    icd10("C83.3", "Diffuse large B-cell lymphoma", "unverified"),
    icd10("C62", "Malignant neoplasm of testis (germ cell)", "unverified"),
)
SYSTEMIC_ANTICANCER_THERAPY = value_set(
    "systemic-anticancer-therapy",
    atc("L01", "Antineoplastic agents", "unverified"),
    atc("L02", "Endocrine therapy", "unverified"),
)
PATIENT_REFERRAL = value_set("patient-referral", snomed("3457005", "Patient referral"))

ALL_VALUE_SETS: tuple[ValueSet, ...] = tuple(
    v for v in globals().values() if isinstance(v, ValueSet)
)
