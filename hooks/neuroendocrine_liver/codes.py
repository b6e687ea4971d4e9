"""Value sets of the NET liver-metastases service (clinical model §2.1 F90–F92, §2.3 F94).

No verified SNOMED concept for a neuroendocrine tumour exists (§6), so a NET is recognised by
its ICD-O-3 morphology (mCODE histology extension or the Condition code), or by a coded
carcinoid syndrome. ICD-10-CM C7A/C7B are US-only and never used.
"""

from __future__ import annotations

from hooks.codes import ICD_O3, Code, atc, icd10, snomed, value_set
from hooks.common.codes import SECONDARY_LIVER

NET_MORPHOLOGY = value_set(
    "net-morphology",
    Code(ICD_O3, "8240/3", "Carcinoid tumour, NOS / neuroendocrine tumour grade 1"),  # ✅ fs
    Code(ICD_O3, "8249/3", "Neuroendocrine tumour, grade 2"),  # ✅ fs
    Code(ICD_O3, "8246/3", "Neuroendocrine carcinoma, NOS"),  # ✅ fs
)
CARCINOID_SYNDROME = value_set(
    "carcinoid-syndrome",
    snomed("35868009", "Carcinoid syndrome"),  # ✅ fs
    icd10("E34.0", "Carcinoid syndrome", "unverified"),
)
LUTETIUM_DOTATATE = value_set(
    "lutetium-177-dotatate", atc("V10XX04", "lutetium (177Lu) oxodotreotide")
)  # ✅ fs

VALUE_SETS = (NET_MORPHOLOGY, CARCINOID_SYNDROME, SECONDARY_LIVER, LUTETIUM_DOTATATE)
