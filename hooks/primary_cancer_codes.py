"""What counts as a primary malignancy: the data behind `hooks.codes.PRIMARY_CANCER`.

Four ways a record says "this patient has a primary cancer" (issue 14):

- ICD-10 / ICD-10-NL chapter II categories C00–C75, C81–C96 and C97, never C44 ("other
  malignant neoplasms of skin": basal and squamous cell skin cancer), never C76–C80. The WHO
  chapter note reads C76–C80 as neoplasms "for which there is no clear indication of the original
  site … the primary site is considered to be unknown"; C77–C79 are secondary, and C80 is our
  separate `UNKNOWN_PRIMARY`. Sources: NHS Digital ICD-10 5th edition, block C76–C80
  (https://classbrowser.nhs.uk/ICD-10-5TH-Edition/vol1/block-c76-c80.htm) and the chapter II
  block list (C81–C96 "stated or presumed to be primary", C97 "independent (primary) multiple
  sites"); SEER training, ICD-10 categories and ICD-O behaviour
  (http://training.seer.cancer.gov/module_coding_primary/unit02_diff02_categories.html).
- ICD-O-3 morphology with behaviour /3, "malignant, primary site" (/6 is metastatic, /2 in situ,
  /1 uncertain, /0 benign; SEER as above), under the mCODE URI or the OID the Dutch zibs use.
- A Condition that claims the mCODE PrimaryCancerCondition profile (`is_mcode_primary`): a
  resource-level test, as the profile says what the Condition is, whatever its code.
- The SNOMED CT disorders below, each seen in a public source (`SOURCES`), for the tumour types
  the seeds name and, marked as our choice, common primaries of spinal metastases they do not
  name. No US-extension concept (namespace …1000119…) is listed: the Dutch edition lacks them.

This module holds data only (no import of `hooks.codes`, which builds the value set from it), so
`docs/value-sets.md` renders from the same rows the matcher uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MCODE_PRIMARY_CANCER_CONDITION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"  # clinical model §5.1 ✅

# ICD-10 three-character categories that are primary malignancies (sub-codes match by prefix).
ICD10_PRIMARY_CATEGORIES: tuple[str, ...] = tuple(
    f"C{n:02d}" for n in (*range(0, 44), *range(45, 76), *range(81, 98))
)
# Chapter II categories that never count as a known primary, and why (for the review document).
ICD10_NEVER: tuple[tuple[str, str], ...] = (
    ("C44", "Other malignant neoplasms of skin (basal/squamous cell skin cancer): never counts"),
    ("C76", "Other and ill-defined sites: the WHO note reads the primary site as unknown"),
    ("C77–C79", "Secondary malignant neoplasms: metastases, not the primary"),
    ("C80", "Without specification of site: the separate value set `unknown-primary`"),
)
# ICD-O-3 morphology code with behaviour /3 (malignant, primary site), e.g. 8140/3.
ICDO3_PRIMARY_PATTERN = r"[0-9]{4}/3"


@dataclass(frozen=True)
class Source:
    repository: str
    path: str
    commit: str
    what: str


# Where each SNOMED code below was seen: repository, path and commit of the stored copy.
SOURCES: dict[str, Source] = {
    "clinical-model": Source(
        "(this project)",
        "../shared/clinical-model.md §2.1",
        "-",
        "codes marked ✅ there (themselves from mCODE and public code tables)",
    ),
    "mcode-primary-vs": Source(
        "HL7/fhir-mCODE-ig",
        "input/pagecontent/ValueSet-mcode-primary-cancer-disorder-vs-notes.md",
        "17d191ef93a65628ca22587739f8985496f0949d",
        "expansion of mCODE PrimaryCancerDisorderVS 2.0.0 (SNOMED CT 2021-09)",
    ),
    "vsac-colon": Source(
        "cqframework/ecqm-content-qicore-2025",
        "input/vocabulary/valueset/external/valueset-2.16.840.1.113883.3.464.1003.108.12.1001.json",
        "8476c37ac051b96ae79c9f1201610d556171c3d6",
        "VSAC value set Malignant Neoplasm of Colon, expansion 2024 (fully specified names)",
    ),
    "vsac-prostate": Source(
        "cqframework/ecqm-content-qicore-2025",
        "input/vocabulary/valueset/external/valueset-2.16.840.1.113883.3.526.3.319.json",
        "264239d87b977a2c1cd9c24badb0a65876a5ba9f",
        "VSAC value set Prostate Cancer, expansion 2025 (SNOMED CT 2023-09)",
    ),
    "vsac-cancer": Source(
        "cqframework/ecqm-content-qicore-2025",
        "input/vocabulary/valueset/external/valueset-2.16.840.1.113883.3.526.3.1010.json",
        "264239d87b977a2c1cd9c24badb0a65876a5ba9f",
        "VSAC value set Cancer, expansion 2025 (SNOMED CT 2023-09)",
    ),
    "synthea-lung": Source(
        "synthetichealth/synthea",
        "src/main/resources/modules/lung_cancer.json",
        "00300bfae2186904a3c427bca5f0829c61890fb8",
        "lung cancer module: NSCLC and SCLC conditions (fully specified names)",
    ),
}


@dataclass(frozen=True)
class SnomedPrimary:
    code: str
    display: str  # the source's fully specified name, without the "(disorder)" tag
    tumour: str
    seed: str | None  # the seed file (its number) that names the tumour type; None = our choice
    sources: tuple[str, ...]  # keys of SOURCES


def _named(seed: str, tumour: str, *rows: tuple[str, str, tuple[str, ...]]) -> list[SnomedPrimary]:
    return [SnomedPrimary(code, display, tumour, seed, src) for code, display, src in rows]


def _ours(tumour: str, *rows: tuple[str, str, tuple[str, ...]]) -> list[SnomedPrimary]:
    return [SnomedPrimary(code, display, tumour, None, src) for code, display, src in rows]


_CM = "clinical-model"
_MCODE = "mcode-primary-vs"

SNOMED_PRIMARIES: tuple[SnomedPrimary, ...] = (
    # Seed 000 (mammacarcinoom, HER2) and 004 (borstkanker).
    *_named(
        "000, 004",
        "breast",
        ("254837009", "Malignant neoplasm of breast", (_CM,)),
        ("93796005", "Primary malignant neoplasm of female breast", (_MCODE,)),
        ("93884005", "Primary malignant neoplasm of male breast", (_MCODE,)),
    ),
    # Seed 000 and 003 (niet-kleincellige longkanker).
    *_named(
        "000, 003",
        "NSCLC",
        ("254637007", "Non-small cell lung cancer", (_CM, "synthea-lung")),
    ),
    # Seed 004 (darmkanker, dikke darm).
    *_named(
        "004",
        "colorectal",
        ("363406005", "Malignant neoplasm of colon", (_CM, "vsac-colon")),
        ("93761005", "Primary malignant neoplasm of colon", (_MCODE, "vsac-colon")),
        ("93854002", "Primary malignant neoplasm of large intestine", (_MCODE,)),
        ("363510005", "Malignant tumor of large intestine", ("vsac-colon",)),
        ("269533000", "Carcinoma of colon", ("vsac-colon",)),
        ("363414004", "Malignant tumor of rectosigmoid junction", ("vsac-colon",)),
        ("93980002", "Primary malignant neoplasm of rectosigmoid junction", (_MCODE, "vsac-colon")),
        ("363351006", "Malignant tumor of rectum", ("vsac-colon",)),
        ("93984006", "Primary malignant neoplasm of rectum", (_MCODE, "vsac-colon")),
        ("254582000", "Adenocarcinoma of rectum", ("vsac-colon",)),
    ),
    # Seed 000 and 004 (melanoom).
    *_named("000, 004", "melanoma", ("372244006", "Malignant melanoma", (_CM,))),
    # Seed 001 (neuroendocrine neoplasms); ICD-O-3 8240/3, 8249/3, 8246/3 match by /3 as well.
    *_named(
        "001",
        "NET",
        ("726654006", "Malignant carcinoid tumor of colon", ("vsac-colon",)),
        ("713573006", "Malignant carcinoid tumor of rectum", ("vsac-colon",)),
        ("721698005", "Primary malignant neuroendocrine neoplasm of colon", ("vsac-colon",)),
        ("721700001", "Primary malignant neuroendocrine neoplasm of rectum", ("vsac-colon",)),
        ("1186869002", "Neuroendocrine carcinoma of pancreas", ("vsac-cancer",)),
    ),
    # Seed 002 (multipel myeloom, lymfoom, kiemceltumor).
    *_named("002", "myeloma", ("109989006", "Multiple myeloma", (_CM, "vsac-cancer"))),
    *_named(
        "002",
        "lymphoma",
        ("118600007", "Malignant lymphoma", (_CM, "vsac-cancer")),
        ("118601006", "Non-Hodgkin's lymphoma", (_CM, "vsac-cancer")),
        ("109962001", "Diffuse non-Hodgkin's lymphoma", (_CM, "vsac-cancer")),
        ("109979007", "B-cell lymphoma", ("vsac-cancer",)),
        ("109978004", "T-cell lymphoma", ("vsac-cancer",)),
        ("118617000", "Burkitt's lymphoma", ("vsac-cancer",)),
        ("118599009", "Hodgkin's disease", (_CM, "vsac-cancer")),
    ),
    *_named(
        "002",
        "germ cell (testis)",
        ("94087009", "Primary malignant neoplasm of testis", (_MCODE,)),
        ("109876001", "Primary malignant neoplasm of descended testis", ("vsac-cancer",)),
        ("94113004", "Primary malignant neoplasm of undescended testis", (_MCODE,)),
        ("1148904003", "Spermatocytic seminoma of testis", ("vsac-cancer",)),
    ),
    # Seed 004: "Primaire leverkanker is een vorm die in de lever of galwegen ontstaat".
    *_named(
        "004",
        "primary liver",
        ("109841003", "Liver cell carcinoma", ("vsac-cancer",)),
        ("1186630006", "Primary liver cell carcinoma", ("vsac-cancer",)),
        ("109842005", "Intrahepatic bile duct carcinoma", ("vsac-cancer",)),
    ),
    # Our choice: common primaries of spinal metastases that no seed names.
    *_ours(
        "prostate",
        ("399068003", "Malignant tumor of prostate", (_CM, "vsac-prostate")),
        ("399490008", "Adenocarcinoma of prostate", ("vsac-prostate",)),
        ("254900004", "Carcinoma of prostate", ("vsac-prostate",)),
        ("93974005", "Primary malignant neoplasm of prostate", ("vsac-prostate", _MCODE)),
    ),
    *_ours("kidney", ("93849006", "Primary malignant neoplasm of kidney", (_MCODE,))),
    *_ours("thyroid", ("94098005", "Primary malignant neoplasm of thyroid gland", (_MCODE,))),
    *_ours("SCLC", ("254632001", "Small cell carcinoma of lung", ("synthea-lung",))),
)

# Verified in the sources above but deliberately not in the set, and why.
SNOMED_HELD_BACK: tuple[tuple[str, str, str], ...] = (
    (
        "93655004",
        "Malignant melanoma of skin",
        "mcode-primary-vs; not in `melanoma` (hooks/common/codes.py), so the brain-metastases "
        "service would read a recorded melanoma of skin as 'a primary that is not melanoma'",
    ),
    (
        "93880001",
        "Primary malignant neoplasm of lung",
        "mcode-primary-vs; not in `lung-cancer-any-histology`, so `tumours.nsclc` would read it "
        "as 'not NSCLC' instead of 'histology unknown'",
    ),
    (
        "363346000",
        "Malignant tumor",
        "mcode-primary-vs; no site: the SNOMED counterpart of ICD-10 C80.9, which reads as "
        "unknown primary; it would also end the unknown-origin work-up on a code that names none",
    ),
    (
        "93870000",
        "Malignant neoplasm of liver",
        "mcode-primary-vs; the name does not say primary, and a liver metastasis coded this way "
        "would read as a primary liver cancer",
    ),
)


def is_mcode_primary(resource: Mapping[str, Any]) -> bool:
    """A Condition that claims mCODE PrimaryCancerCondition in `meta.profile` (any version)."""
    if resource.get("resourceType", "Condition") != "Condition":
        return False
    meta = resource.get("meta")
    profiles = meta.get("profile") if isinstance(meta, Mapping) else None
    if not isinstance(profiles, list):
        return False
    return any(
        isinstance(p, str) and p.split("|", 1)[0] == MCODE_PRIMARY_CANCER_CONDITION
        for p in profiles
    )
