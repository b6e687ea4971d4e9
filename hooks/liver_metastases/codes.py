"""Value sets of the liver-metastases service (clinical model §2.1 F91/F110–F117, §3.1–3.2).

Verification marks as in the clinical model: ✅ verified, ✅¹ probable, ⚠️ unverified. No
verified procedure codes exist for hepatic resection, RFA/MWA or radioembolization (§3.2), so a
liver-directed treatment is recognised by *where* and *why* it was done (bodySite liver, or a
reason pointing at the liver metastases), never by a guessed procedure code.
"""

from __future__ import annotations

from hooks import codes
from hooks.codes import atc, icd10, loinc, snomed, value_set
from hooks.common.codes import BREAST_CANCER, COLORECTAL_CANCER, MELANOMA, SECONDARY_LIVER

LIVER_SITE = value_set("liver-site", snomed("10200004", "Liver structure"))  # ✅ mCODE TG263
DIAGNOSTIC_PROCEDURE = value_set(
    "diagnostic-procedure",
    snomed("86273004", "Biopsy"),  # ✅ fs
    snomed("363679005", "Imaging"),  # ✅ mCODE evidence VS
    snomed("103693007", "Diagnostic procedure", "unverified"),
)
PATIENT_REFERRAL = value_set("patient-referral", snomed("3457005", "Patient referral"))  # ✅
CT_THORAX_ABDOMEN = value_set(
    "ct-thorax-abdomen", snomed("429864007", "CT of thorax and abdomen with contrast")
)  # ✅ BE-img
# Signs the pathway asks patients to report after treatment (LM-14).
WARNING_SIGNS = value_set(
    "liver-post-treatment-warning-signs",
    snomed("386661006", "Fever"),  # public FHIR/CQL examples
    snomed("21522001", "Abdominal pain", "probable"),
    snomed("18165001", "Jaundice", "probable"),
    snomed("418290006", "Itching"),  # public FHIR examples
    icd10("R50", "Fever of other and unknown origin", "unverified"),
    icd10("R10", "Abdominal and pelvic pain", "unverified"),
    icd10("R17", "Unspecified jaundice", "unverified"),
    icd10("L29", "Pruritus", "unverified"),
)
# Complaints the pathway names as possible signs of liver metastases (LM-02).
LIVER_SYMPTOMS = value_set(
    "liver-metastasis-complaints",
    snomed("89362005", "Weight loss", "unverified"),
    snomed("84229001", "Fatigue", "probable"),
    snomed("42984000", "Night sweats", "unverified"),
    snomed("21522001", "Abdominal pain", "probable"),
    icd10("R63.4", "Abnormal weight loss", "unverified"),
    icd10("R53", "Malaise and fatigue", "unverified"),
    icd10("R10", "Abdominal and pelvic pain", "unverified"),
)
RISK_PRIMARY = value_set(
    "liver-metastasis-risk-primary",
    *COLORECTAL_CANCER.codes,
    *BREAST_CANCER.codes,
    *MELANOMA.codes,
)
DISEASE_STATUS = value_set(
    "cancer-disease-status", loinc("97509-4", "Cancer disease status")
)  # ✅ mCODE
DISEASE_WORSENED = codes.TREND_WORSENED  # SNOMED 271299001 ✅ mCODE
CHEMOTHERAPY = value_set("antineoplastic-agents", atc("L01", "Antineoplastic agents", "unverified"))

VALUE_SETS = (
    SECONDARY_LIVER,
    LIVER_SITE,
    DIAGNOSTIC_PROCEDURE,
    PATIENT_REFERRAL,
    CT_THORAX_ABDOMEN,
    WARNING_SIGNS,
    LIVER_SYMPTOMS,
    RISK_PRIMARY,
    DISEASE_STATUS,
    DISEASE_WORSENED,
    CHEMOTHERAPY,
)
