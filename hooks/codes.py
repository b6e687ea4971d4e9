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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

from hooks import imaging_codes, primary_cancer_codes

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10_NL = "http://hl7.org/fhir/sid/icd-10-nl"
ATC = "http://www.whocc.no/atc"
HGNC = "http://www.genenames.org"
ICD_O3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD_O3_OID = "urn:oid:2.16.840.1.113883.6.43.1"  # the form Dutch zibs use
UCUM = "http://unitsofmeasure.org"
CPT = imaging_codes.CPT
REQUEST_PRIORITY = "http://hl7.org/fhir/request-priority"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

# Systems that are one code system under two URIs: WHO ICD-10 and its Dutch extension, and
# ICD-O-3 under its URL and the OID Dutch zibs use.
_FAMILY = {ICD10_NL: ICD10, ICD_O3_OID: ICD_O3}
# ICD-10 and ATC codes are hierarchical by prefix.
_HIERARCHICAL = frozenset({ICD10, ATC})
Verification = Literal["verified", "probable", "unverified"]


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str
    verification: Verification = "verified"
    # Added at start from the operator's file (CDS_LOCAL_VALUE_SETS_FILE), not by us.
    local: bool = False


@dataclass(frozen=True)
class CodePattern:
    """Codes of one system that match a regular expression (whole code), e.g. ICD-O-3 `NNNN/3`."""

    system: str
    regex: str
    display: str
    verification: Verification = "verified"


# Compared and hashed by identity: each set is built once, and hashing a hundred codes at
# every lookup of a union (see `union_of`) cost more than the lookups.
@dataclass(frozen=True, eq=False)
class ValueSet:
    """A named set of codes; ICD-10 (WHO and NL) and ATC entries match their sub-codes too."""

    name: str
    codes: tuple[Code, ...]
    patterns: tuple[CodePattern, ...] = ()

    def matches_coding(self, system: str | None, code: str | None) -> bool:
        if not system or not code:
            return False
        family = _FAMILY.get(system, system)
        code = code.strip()
        if family == HGNC:
            code = _hgnc_number(code)
        exact, prefixes = self._index
        if (family, code) in exact:
            return True
        # A hierarchical code matches its parent: C79.51 is in a set that lists C79.5.
        if family in _HIERARCHICAL and any(
            (family, code[:end]) in prefixes for end in range(1, len(code))
        ):
            return True
        patterns = self._patterns
        return bool(patterns) and any(p.fullmatch(code) for p in patterns.get(family, ()))

    @cached_property
    def _patterns(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """The compiled patterns per system family (empty for almost every set)."""
        found: dict[str, tuple[re.Pattern[str], ...]] = {}
        for pattern in self.patterns:
            family = _FAMILY.get(pattern.system, pattern.system)
            found[family] = (*found.get(family, ()), re.compile(pattern.regex))
        return found

    @cached_property
    def _index(self) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
        """(system family, code) pairs, and those that also match their sub-codes.

        Every call reads each resource against a dozen value sets; a set lookup per coding
        keeps that independent of how many codes a set lists.
        """
        exact = set()
        for entry in self.codes:
            family = _FAMILY.get(entry.system, entry.system)
            exact.add((family, _hgnc_number(entry.code) if family == HGNC else entry.code))
        prefixes = {pair for pair in exact if pair[0] in _HIERARCHICAL}
        return frozenset(exact), frozenset(prefixes)

    @cached_property
    def _seen(self) -> dict[tuple[str, str], bool]:
        """Answers for codings met before: the same few hundred codes recur in every call."""
        return {}

    def matches(self, concept: Mapping[str, Any] | None) -> bool:
        """True when any coding of a CodeableConcept is in the set (text alone never is).

        The hot path of every call (a hundred lookups per order-sign): answered from `_seen`
        where it can be.
        """
        seen = self._seen
        for coding in codings(concept):
            system, code = coding.get("system"), coding.get("code")
            # Only strings are codes (and hashable): an EHR may send anything here.
            if not (isinstance(system, str) and isinstance(code, str)):
                continue
            hit = seen.get((system, code))
            if hit is None:
                hit = self.matches_coding(system, code)
                # Bounded in count and size: the codes a caller sends are not.
                if len(seen) < _SEEN_MAX and len(system) + len(code) <= _SEEN_KEY_MAX:
                    seen[(system, code)] = hit
            if hit:
                return True
        return False

    @property
    def local_codes(self) -> tuple[Code, ...]:
        """The codes an operator's file added (none unless CDS_LOCAL_VALUE_SETS_FILE is set)."""
        return tuple(c for c in self.codes if c.local)

    def matches_local(self, concept: Mapping[str, Any] | None) -> bool:
        """True when the concept is in the set only through a code an operator's file added.

        For the card's "lokale codelijst" mark; never on the hot path, and False at once for a
        set without local codes.
        """
        builtin = self._builtin
        return builtin is not None and self.matches(concept) and not builtin.matches(concept)

    @cached_property
    def _builtin(self) -> ValueSet | None:
        """The set without its local codes; None when it has none."""
        if not any(c.local for c in self.codes):
            return None
        return ValueSet(self.name, tuple(c for c in self.codes if not c.local), self.patterns)


# The memos a change of a set's codes invalidates.
_MEMOS = ("_index", "_seen", "_patterns", "_builtin")


def set_local_codes(value_set: ValueSet, local: Sequence[Code]) -> None:
    """Replace the set's local codes (those an operator's file added) in place, at start.

    In place, because every module holds the set itself (`from hooks.codes import ...`). Only
    before the first call (`hooks.warm_up`): the memos and unions are rebuilt on next use.
    """
    builtin = tuple(c for c in value_set.codes if not c.local)
    known = {(c.system, c.code) for c in builtin}
    added = tuple(
        c if c.local else Code(c.system, c.code, c.display, c.verification, local=True)
        for c in local
        if (c.system, c.code) not in known
    )
    object.__setattr__(value_set, "codes", builtin + added)
    for memo in _MEMOS:
        value_set.__dict__.pop(memo, None)
    union_of.cache_clear()


_SEEN_MAX = 4096
_SEEN_KEY_MAX = 200


@lru_cache(maxsize=256)
def union_of(sets: tuple[ValueSet, ...]) -> ValueSet:
    """One value set holding the codes of several, so a resource is looked up once, not per set."""
    if len(sets) == 1:
        return sets[0]
    return ValueSet(
        "+".join(vs.name for vs in sets),
        tuple(c for vs in sets for c in vs.codes),
        tuple(p for vs in sets for p in vs.patterns),
    )


def _hgnc_number(code: str) -> str:
    """HGNC ids come as `HGNC:1097` or as the bare number `1097`."""
    return code.upper().removeprefix("HGNC:")


def codings(concept: Mapping[str, Any] | None) -> Sequence[Mapping[str, Any]]:
    """The codings of a CodeableConcept, tolerating any shape an EHR may send."""
    # JSON gives dicts; the exact-type tests first, as the ABC checks cost ten times more.
    if type(concept) is not dict and not isinstance(concept, Mapping):
        return ()
    found = concept.get("coding")
    if type(found) is not list and not isinstance(found, list):
        return ()
    for c in found:
        if type(c) is not dict and not isinstance(c, Mapping):
            return [c for c in found if type(c) is dict or isinstance(c, Mapping)]
    # Every coding is an object, as in all but broken input: the list itself, not a copy
    # (callers only read it).
    return found


def value_set(name: str, *codes: Code) -> ValueSet:
    return ValueSet(name, codes)


def snomed(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(SNOMED, code, display, verification)


def icd10(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(ICD10, code, display, verification)


def atc(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(ATC, code, display, verification)


def loinc(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(LOINC, code, display, verification)


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
