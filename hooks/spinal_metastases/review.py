"""The review document for clinicians: `docs/guidelines/wervelmetastasen.md`."""

from __future__ import annotations

from hooks.rules import render_markdown
from hooks.spinal_metastases.corticosteroids import (
    BIOPSY_FIRST,
    PAIN_FLARE,
    START_DEXAMETHASONE,
    TAPER,
    gastric_protection_table,
)
from hooks.spinal_metastases.diagnostics import (
    BIOPSY_TIMING,
    DECOMPRESSION,
    MRI_INDICATION,
    STAGING,
    SURGICAL_WORKUP,
)
from hooks.spinal_metastases.mri_urgency import MRI_EXCEPTION, MRI_URGENCY
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.sources import GUIDELINE, URL

INTRO = f"""Source: *{GUIDELINE}* — <{URL}>. Rule ids are the ids of `../shared/clinical-model.md` §1.1
and never change. Generated from `hooks/spinal_metastases/` by `make docs`; `tests/test_drift.py`
fails when this file is stale. Each row has a test case in `tests/hooks/spinal_metastases/`.

When a fact a row needs is unknown, the row is *undecided*: the card names the missing fact,
lists every branch, and (local policy `CDS_SPINE_UNKNOWN_WINDOW`) plans for the most urgent
window still possible. See `docs/local-policy.md` for every choice the guideline leaves open.

## Rules that are card content or configuration, not a decision

| rule | how it is implemented | quote |
|---|---|---|
| `SM-D01` | Not automated: the alarm symptoms are free text in Dutch records and no verified codes exist for most (clinical model §2.2, §4). The suspicion they raise is read as a fact instead: a provisional spinal-metastasis Condition or the input-contract answer `spinal-metastasis-suspected`. | “Alarmsymptomen bij rugpijn die kunnen wijzen op wervelmetastasen zijn: nachtelijke rugpijn, progressieve rugpijn, nieuwe lokale rugpijn, druk-/kloppijn over de wervelkolom, een matige conditie” |
| `SM-MRI-P` | the minimum MRI protocol, on every MRI card | “minimaal moet bestaan uit zowel T1- als T2-gewogen sagittale opnamen van de gehele wervelkolom en T1- en/of T2-gewogen axiale opnamen door het klinisch aangedane niveau en/of de wervels met epidurale uitbreiding op de sagittale reeks.” |
| `SM-D03` | the patient instruction, on every MRI card | “Instrueer de patiënt altijd om contact op te nemen met de regievoerend specialist bij verergering en/of verandering van de klachten.” |
"""


NOTES = """| `SM-CS04` (after surgery) | The taper card fires when a completed radiotherapy course (SNOMED 1217123003) and an active corticosteroid are in the record. Completed spinal surgery has no verified code set yet, so “na de operatie” is stated on the dexamethasone scheme (maintenance-dose note) rather than detected. | “De dexamethason wordt na de operatie of na afloop van de radiotherapie in 1-2 weken volledig afgebouwd op geleide van de klachten.” |

Where each rule appears: MRI window and protocol on an MRI order (order-select, order-sign) and
with the MRI proposal of `SM-D02` (patient-view); the corticosteroid rules on a systemic
corticosteroid order (ATC H02AB) and on patient-view; the unknown-primary work-up and the
surgical work-up on patient-view. Priorities of proposed orders are local policy.
"""

TABLES = (
    MRI_URGENCY,
    MRI_EXCEPTION,
    MRI_INDICATION,
    SURGICAL_WORKUP,
    STAGING,
    BIOPSY_TIMING,
    DECOMPRESSION,
    BIOPSY_FIRST,
    START_DEXAMETHASONE,
    gastric_protection_table(SpinePolicy()),
    TAPER,
    PAIN_FLARE,
)


def review_document() -> str:
    return render_markdown("Wervelmetastasen — review document", INTRO + NOTES, TABLES)
