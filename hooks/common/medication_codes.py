"""How a medication record's medicine is classified: the code lists, each with its public source.

ATC comes first and decides on its own (its groups are complete: a code outside B01A is no
anticoagulant, and ATC tells systemic from local use: H02AB against S01BA). Other systems are
mapped only where listed here, to the ATC code of the listed product's systemic use:

- **RxNorm** clinical drugs (a product *with* its dose form, e.g. "Dexamethasone 4 MG Oral
  Tablet"), never bare ingredients: an ingredient (IN) does not say eye drops or tablet.
- **G-Standaard** (Z-Index GPK/PRK/HPK/ZI-nummer) is licensed data: never mapped. A record coded
  only there is *unknown*, and the why-trace names it, unless it (or its Medication) also
  carries an ATC coding, as MP9 and NKR records usually do.
- **A name in the text** counts only with a coded systemic route or dose form; a local route or
  dose form (eye drops, gel) makes a record "not systemic use" whatever the medicine.

Every code is listed with its source; a code seen in one third-party list only is marked
`unverified` (as in hooks/codes.py: confirm with NLM RxNav before production). The same lists
classify draft orders (hooks.order_reading): the CDS Hooks sandbox drafts RxNorm only.
"""

from __future__ import annotations

from dataclasses import dataclass

from hooks.codes import Verification

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

# --- sources ---------------------------------------------------------------------------------

CLINICAL_MODEL = "../shared/clinical-model.md §2.3, §3.3 (✅)"
# The CDS Hooks sandbox's RxNorm list (`cuiToName`), the codes its Rx View / Rx Sign send;
# also in the offline build ../shared/cds-hooks-sandbox/app.bundle.js (commit 3b7e255).
SANDBOX_RXNORM = "cds-hooks/sandbox src/assets/medication-list.js (commit ddcf7c77)"
# A copy of the WHO ATC index (group and substance names with their codes).
WHO_ATC_INDEX = "SubjectRaw/SubjectRaw subject/data/eng/atc.md (commit a2ad2e95)"
# SNOMED CT route of administration values in a published FHIR IG.
ROUTE_SOURCE = "ONCOFAIR/FHIR-ImplementationGuide-Article SNOMEDCTOncoFAIRCodeSystem.fsh"
# One public oncology cohort code list (GitHub, found by code search: RxNorm codes with their
# RxNorm names); seen once, so every code from it is `unverified` until checked in NLM RxNav.
COHORT_RXNORM = "a public oncology cohort's RxNorm code list (one third-party source)"
# FHIR R4's example value set medication-form-codes (SNOMED CT dose forms).
DOSE_FORM_SOURCE = "FHIR R4 ValueSet medication-form-codes (GinoCanessa/FhirTypeScriptOddsAndEnds ValueSets/MedicationFormCodes.js)"


@dataclass(frozen=True)
class Drug:
    """A medicine we can name: the ATC code of its systemic use and its names (WHO INN in
    English, and the Dutch spelling where it differs), as written in a record's text."""

    atc: str
    names: tuple[str, ...]
    source: str


# ATC H02AB: glucocorticoids for systemic use.
DEXAMETHASONE = Drug("H02AB02", ("dexamethasone", "dexamethason"), CLINICAL_MODEL)
METHYLPREDNISOLONE = Drug("H02AB04", ("methylprednisolone", "methylprednisolon"), CLINICAL_MODEL)
PREDNISOLONE = Drug("H02AB06", ("prednisolone", "prednisolon"), WHO_ATC_INDEX)
PREDNISONE = Drug("H02AB07", ("prednisone", "prednison"), WHO_ATC_INDEX)
HYDROCORTISONE = Drug("H02AB09", ("hydrocortisone", "hydrocortison"), WHO_ATC_INDEX)
# ATC B01A: antithrombotic agents (B01AC: platelet aggregation inhibitors).
WARFARIN = Drug("B01AA03", ("warfarin", "warfarine"), CLINICAL_MODEL)
PHENPROCOUMON = Drug("B01AA04", ("phenprocoumon", "fenprocoumon"), WHO_ATC_INDEX)
ACENOCOUMAROL = Drug("B01AA07", ("acenocoumarol",), WHO_ATC_INDEX)
HEPARIN = Drug("B01AB01", ("heparin", "heparine"), WHO_ATC_INDEX)
DALTEPARIN = Drug("B01AB04", ("dalteparin", "dalteparine"), WHO_ATC_INDEX)
ENOXAPARIN = Drug("B01AB05", ("enoxaparin", "enoxaparine"), WHO_ATC_INDEX)
NADROPARIN = Drug("B01AB06", ("nadroparin", "nadroparine"), WHO_ATC_INDEX)
TINZAPARIN = Drug("B01AB10", ("tinzaparin", "tinzaparine"), WHO_ATC_INDEX)
CLOPIDOGREL = Drug("B01AC04", ("clopidogrel",), WHO_ATC_INDEX)
DABIGATRAN = Drug("B01AE07", ("dabigatran",), WHO_ATC_INDEX)
RIVAROXABAN = Drug("B01AF01", ("rivaroxaban",), CLINICAL_MODEL)
APIXABAN = Drug("B01AF02", ("apixaban",), WHO_ATC_INDEX)
# ATC L01EC: BRAF inhibitors (the brain-metastases article names dabrafenib).
DABRAFENIB = Drug("L01EC02", ("dabrafenib",), CLINICAL_MODEL)
# ATC A02BC: proton pump inhibitors.
OMEPRAZOLE = Drug("A02BC01", ("omeprazole", "omeprazol"), CLINICAL_MODEL)
PANTOPRAZOLE = Drug("A02BC02", ("pantoprazole", "pantoprazol"), CLINICAL_MODEL)
LANSOPRAZOLE = Drug("A02BC03", ("lansoprazole", "lansoprazol"), WHO_ATC_INDEX)
RABEPRAZOLE = Drug("A02BC04", ("rabeprazole", "rabeprazol"), WHO_ATC_INDEX)
ESOMEPRAZOLE = Drug("A02BC05", ("esomeprazole", "esomeprazol"), WHO_ATC_INDEX)
# ATC M01A: NSAIDs for systemic use (M02AA holds the topical ones).
DICLOFENAC = Drug("M01AB05", ("diclofenac",), WHO_ATC_INDEX)
IBUPROFEN = Drug("M01AE01", ("ibuprofen",), WHO_ATC_INDEX)
NAPROXEN = Drug("M01AE02", ("naproxen",), WHO_ATC_INDEX)
CELECOXIB = Drug("M01AH01", ("celecoxib",), WHO_ATC_INDEX)

DRUGS: tuple[Drug, ...] = tuple(v for v in globals().values() if isinstance(v, Drug))
DRUG_NAMES: dict[str, Drug] = {name: drug for drug in DRUGS for name in drug.names}


@dataclass(frozen=True)
class RxNormProduct:
    """An RxNorm clinical drug (ingredient, strength and a systemic dose form) and its medicine."""

    code: str
    display: str  # the RxNorm name as the source lists it
    drug: Drug
    verification: Verification = "verified"


def _products(
    drug: Drug, names: dict[str, str], verification: Verification = "verified"
) -> tuple[RxNormProduct, ...]:
    return tuple(
        RxNormProduct(code, display, drug, verification) for code, display in names.items()
    )


# Every code and name as in SANDBOX_RXNORM (197582 is what the sandbox's Rx View sends, see
# ../shared/cds-hooks-sandbox/ABOUT.md); all are oral tablets or capsules, so systemic use.
RXNORM_PRODUCTS: dict[str, RxNormProduct] = {
    p.code: p
    for p in (
        *_products(
            DEXAMETHASONE,
            {
                "197577": "Dexamethasone 0.5 MG Oral Tablet",
                "343033": "Dexamethasone 0.75 MG Oral Tablet",
                "197579": "Dexamethasone 1 MG Oral Tablet",
                "197580": "Dexamethasone 1.5 MG Oral Tablet",
                "197581": "Dexamethasone 2 MG Oral Tablet",
                "197582": "Dexamethasone 4 MG Oral Tablet",
                "197583": "Dexamethasone 6 MG Oral Tablet",
            },
        ),
        # COHORT_RXNORM: the oral solutions, injections and branded tablets real orders use.
        *_products(
            DEXAMETHASONE,
            {
                "2261802": "dexamethasone 20 MG Oral Tablet",
                "205712": "dexamethasone 4 MG Oral Tablet [Decadron]",
                "205717": "dexamethasone 6 MG Oral Tablet [Decadron]",
                "309684": "dexamethasone 1 MG/ML Oral Solution",
                "309686": "dexamethasone 0.1 MG/ML Oral Solution",
                "309696": "dexamethasone phosphate 10 MG/ML Injectable Solution",
                "1116927": "dexamethasone phosphate 4 MG/ML Injectable Solution",
            },
            "unverified",
        ),
        *_products(
            METHYLPREDNISOLONE,
            {
                "197969": "Methylprednisolone 2 MG Oral Tablet",
                "259966": "Methylprednisolone 4 MG Oral Tablet",
                "197973": "Methylprednisolone 8 MG Oral Tablet",
                "328161": "Methylprednisolone 16 MG Oral Tablet",
                "197970": "Methylprednisolone 24 MG Oral Tablet",
                "197971": "Methylprednisolone 32 MG Oral Tablet",
                "199771": "Methylprednisolone 100 MG Oral Tablet",
                "207136": "Methylprednisolone 2 MG Oral Tablet [Medrol]",
                "260330": "Methylprednisolone 4 MG Oral Tablet [Medrol]",
                "207137": "Methylprednisolone 8 MG Oral Tablet [Medrol]",
                "207138": "Methylprednisolone 16 MG Oral Tablet [Medrol]",
                "207141": "Methylprednisolone 32 MG Oral Tablet [Medrol]",
            },
        ),
        *_products(
            PREDNISOLONE,
            {
                "199343": "prednisolone 1 MG Oral Tablet",
                "198142": "prednisolone 5 MG Oral Tablet",
                "199967": "prednisolone 25 MG Oral Tablet",
            },
        ),
        *_products(
            HYDROCORTISONE,
            {
                "199320": "Hydrocortisone 4 MG Oral Tablet",
                "197787": "Hydrocortisone 5 MG Oral Tablet",
                "197782": "Hydrocortisone 10 MG Oral Tablet",
                "197783": "Hydrocortisone 20 MG Oral Tablet",
                "208680": "Hydrocortisone 5 MG Oral Tablet [Cortef]",
                "208712": "Hydrocortisone 10 MG Oral Tablet [Cortef]",
                "208816": "Hydrocortisone 20 MG Oral Tablet [Cortef]",
            },
        ),
        *_products(
            DABRAFENIB,
            {
                "1424916": "dabrafenib 50 MG Oral Capsule",
                "1424918": "dabrafenib 75 MG Oral Capsule",
                "1425228": "dabrafenib 50 MG Oral Capsule [Tafinlar]",
                "1425230": "dabrafenib 75 MG Oral Capsule [Tafinlar]",
            },
        ),
        *_products(
            PREDNISONE,
            {
                "198144": "Prednisone 1 MG Oral Tablet",
                "198146": "Prednisone 2.5 MG Oral Tablet",
                "312617": "Prednisone 5 MG Oral Tablet",
                "198145": "Prednisone 10 MG Oral Tablet",
                "312615": "Prednisone 20 MG Oral Tablet",
                "198148": "Prednisone 50 MG Oral Tablet",
                "1303125": "Prednisone 1 MG Delayed Release Oral Tablet",
                "1303132": "Prednisone 2 MG Delayed Release Oral Tablet",
                "1303135": "Prednisone 5 MG Delayed Release Oral Tablet",
                "206837": "Prednisone 2.5 MG Oral Tablet [Deltasone]",
                "206954": "Prednisone 5 MG Oral Tablet [Deltasone]",
                "206988": "Prednisone 10 MG Oral Tablet [Deltasone]",
                "206997": "Prednisone 20 MG Oral Tablet [Deltasone]",
                "207048": "Prednisone 50 MG Oral Tablet [Deltasone]",
            },
        ),
        *_products(
            WARFARIN,
            {
                "855288": "Warfarin Sodium 1 MG Oral Tablet",
                "855302": "Warfarin Sodium 2 MG Oral Tablet",
                "855312": "Warfarin Sodium 2.5 MG Oral Tablet",
                "855318": "Warfarin Sodium 3 MG Oral Tablet",
                "855324": "Warfarin Sodium 4 MG Oral Tablet",
                "855332": "Warfarin Sodium 5 MG Oral Tablet",
                "855338": "Warfarin Sodium 6 MG Oral Tablet",
                "855344": "Warfarin Sodium 7.5 MG Oral Tablet",
                "855296": "Warfarin Sodium 10 MG Oral Tablet",
            },
        ),
        *_products(
            ACENOCOUMAROL,
            {
                "246018": "Acenocoumarol 1 MG Oral Tablet",
                "246019": "Acenocoumarol 4 MG Oral Tablet",
            },
        ),
        *_products(PHENPROCOUMON, {"312380": "Phenprocoumon 3 MG Oral Tablet"}),
        *_products(
            RIVAROXABAN,
            {
                "1114198": "rivaroxaban 10 MG Oral Tablet",
                "1232082": "rivaroxaban 15 MG Oral Tablet",
                "1232086": "rivaroxaban 20 MG Oral Tablet",
            },
        ),
        *_products(
            APIXABAN,
            {"1364435": "apixaban 2.5 MG Oral Tablet", "1364445": "apixaban 5 MG Oral Tablet"},
        ),
        *_products(
            DABIGATRAN,
            {
                "1037179": "dabigatran etexilate 75 MG Oral Capsule",
                "1037045": "dabigatran etexilate 150 MG Oral Capsule",
            },
        ),
        *_products(CLOPIDOGREL, {"309362": "clopidogrel 75 MG Oral Tablet"}),
        *_products(
            OMEPRAZOLE,
            {
                "199119": "Omeprazole 10 MG Delayed Release Oral Capsule",
                "198051": "Omeprazole 20 MG Delayed Release Oral Capsule",
                "200329": "Omeprazole 40 MG Delayed Release Oral Capsule",
                "402013": "Omeprazole 10 MG Delayed Release Oral Tablet",
                "402014": "Omeprazole 20 MG Delayed Release Oral Tablet",
            },
        ),
        *_products(
            PANTOPRAZOLE,
            {
                "251872": "pantoprazole 20 MG Delayed Release Oral Tablet",
                "314200": "pantoprazole 40 MG Delayed Release Oral Tablet",
            },
        ),
        *_products(
            ESOMEPRAZOLE,
            {
                "606726": "Esomeprazole 20 MG Delayed Release Oral Capsule",
                "606730": "Esomeprazole 40 MG Delayed Release Oral Capsule",
            },
        ),
        *_products(
            IBUPROFEN,
            {
                "310965": "Ibuprofen 200 MG Oral Tablet",
                "197805": "Ibuprofen 400 MG Oral Tablet",
                "197806": "Ibuprofen 600 MG Oral Tablet",
                "197807": "Ibuprofen 800 MG Oral Tablet",
            },
        ),
        *_products(
            NAPROXEN,
            {
                "198013": "Naproxen 250 MG Oral Tablet",
                "198012": "Naproxen 375 MG Oral Tablet",
                "198014": "Naproxen 500 MG Oral Tablet",
            },
        ),
        *_products(
            DICLOFENAC,
            {
                "855906": "Diclofenac Sodium 50 MG Delayed Release Oral Tablet",
                "855926": "Diclofenac Sodium 75 MG Delayed Release Oral Tablet",
                "855942": "Diclofenac Potassium 50 MG Oral Tablet",
            },
        ),
    )
}


@dataclass(frozen=True)
class LocalRxNormProduct:
    """An RxNorm clinical drug of a medicine we name, in a local dose form: not systemic use."""

    code: str
    display: str
    drug: Drug
    form: tuple[str, str]  # (English, Dutch), as the local dose forms below
    verification: Verification = "unverified"


# COHORT_RXNORM: dexamethasone eye drops, which are not systemic use; so
# an order of them is told apart from tablets instead of left unclassified.
RXNORM_LOCAL_PRODUCTS: dict[str, LocalRxNormProduct] = {
    p.code: p
    for p in (
        LocalRxNormProduct(
            "309692",
            "dexamethasone 1 MG/ML Ophthalmic Suspension",
            DEXAMETHASONE,
            ("Eye drops", "oogdruppels"),
        ),
    )
}

# RxNorm ingredients (IN) we recognise only to say so: no dose form, so no systemic use.
RXNORM_INGREDIENTS: dict[str, str] = {
    "3264": "dexamethasone",  # CLINICAL_MODEL §3.3 (✅)
    "7646": "omeprazole",  # CLINICAL_MODEL §3.3 (✅)
    "40790": "pantoprazole",  # CLINICAL_MODEL §3.3 (✅)
}

# G-Standaard (Z-Index) code systems (CLINICAL_MODEL §3.3, zib2020 ✅): licensed, not mapped.
G_STANDAARD: dict[str, str] = {
    "urn:oid:2.16.840.1.113883.2.4.4.1": "GPK",
    "urn:oid:2.16.840.1.113883.2.4.4.7": "HPK",
    "urn:oid:2.16.840.1.113883.2.4.4.10": "PRK",
    "urn:oid:2.16.840.1.113883.2.4.4.8": "ZI-nummer",
}

# SNOMED CT routes (26643006 and 47625008 also in CLINICAL_MODEL §3.3; the rest ROUTE_SOURCE)
# and dose forms of `Medication.form` (DOSE_FORM_SOURCE): code → (display, Dutch label).
SYSTEMIC_ROUTES: dict[str, tuple[str, str]] = {
    "26643006": ("Oral route", "oraal"),
    "47625008": ("Intravenous route", "intraveneus"),
    "34206005": ("Subcutaneous route", "subcutaan"),
    "78421000": ("Intramuscular route", "intramusculair"),
}
LOCAL_ROUTES: dict[str, tuple[str, str]] = {
    "54485002": ("Ophthalmic route", "in het oog"),
    "10547007": ("Otic route", "in het oor"),
    "6064005": ("Topical route", "lokaal op de huid"),
}
SYSTEMIC_FORMS: dict[str, tuple[str, str]] = {
    "385055001": ("Tablet", "tablet"),
    "385057009": ("Film-coated tablet", "filmomhulde tablet"),
    "385059007": ("Gastro-resistant tablet", "maagsapresistente tablet"),
    "385049006": ("Capsule", "capsule"),
    "385052003": ("Gastro-resistant capsule", "maagsapresistente capsule"),
    "385023001": ("Oral solution", "drank"),
    "385219001": ("Injection solution", "injectievloeistof"),
}
LOCAL_FORMS: dict[str, tuple[str, str]] = {
    "385124005": ("Eye drops", "oogdruppels"),
    "385125006": ("Eye drops solution", "oogdruppels"),
    "385123004": ("Eye ointment", "oogzalf"),
    "385136004": ("Ear drops", "oordruppels"),
    "385099005": ("Cream", "crème"),
    "385100002": ("Gel", "gel"),
    "385101003": ("Ointment", "zalf"),
}
