"""The review document for clinicians: `docs/guidelines/wervelmetastasen.md`."""

from __future__ import annotations

from hooks.rules import render_markdown
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_EXCEPTION, MRI_URGENCY
from hooks.spinal_metastases.diagnosis.work_up import (
    BIOPSY_TIMING,
    DECOMPRESSION,
    MRI_INDICATION,
    STAGING,
    SURGICAL_WORKUP,
)
from hooks.spinal_metastases.follow_up.rules import (
    FOLLOW_UP_IMAGING,
    GP_AND_COORDINATOR,
    LEAFLET,
    MOBILISATION,
    RELATED_QUOTE,
    TAPER_QUOTE,
)
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.sources import ADDENDUM_QUOTE, GUIDELINE, URL
from hooks.spinal_metastases.treatment.corticosteroids import (
    BIOPSY_FIRST,
    PAIN_FLARE,
    START_DEXAMETHASONE,
    TAPER,
    gastric_protection_table,
)
from hooks.spinal_metastases.treatment.indication import (
    ASYMPTOMATIC_MESCC,
    BOTH_OPTIONS,
    FIRST_CHOICE,
    LIFE_EXPECTANCY,
)
from hooks.spinal_metastases.treatment.radiotherapy import (
    FIRST_COURSE_SCHEME,
    POSTOPERATIVE_INTERVAL,
    POSTOPERATIVE_SCHEME,
    REIRRADIATION,
    RT00_SOURCE,
)
from hooks.spinal_metastases.treatment.surgery import (
    EN_BLOC_SOURCE,
    SURGERY_CENTRE,
    SURGERY_CONDITIONS,
    SURGERY_INDICATION,
)
from hooks.spinal_metastases.treatment.systemic_therapy import SYSTEMIC_THERAPY
from hooks.spinal_metastases.treatment.time_to_therapy import TIME_TO_THERAPY

INTRO = f"""Source: *{GUIDELINE}* — <{URL}>. Rule ids are the ids of `../shared/clinical-model.md` §1.1
and never change. Generated from `hooks/spinal_metastases/` by `make docs`; `tests/test_drift.py`
fails when this file is stale. Each row has a test case in `tests/hooks/spinal_metastases/`.

When a fact a row needs is unknown, the row is *undecided*: the card names the missing fact,
lists every branch and asks, with one suggestion per branch and none pre-chosen (local policy
`CDS_SPINE_UNKNOWN_WINDOW=ask`; `most-urgent-possible` plans for the most urgent window still
possible instead). Its indicator follows what is on record: `critical` only when a recorded fact
makes a critical row hold. See `docs/local-policy.md` for every choice the guideline leaves open.

## Rules that are card content or configuration, not a decision

| rule | how it is implemented | quote |
|---|---|---|
| `SM-D01` | Not automated: the alarm symptoms are free text in Dutch records and no verified codes exist for most (clinical model §2.2, §4). The suspicion they raise is read as a fact instead: a provisional spinal-metastasis Condition or the input-contract answer `spinal-metastasis-suspected`. | “Alarmsymptomen bij rugpijn die kunnen wijzen op wervelmetastasen zijn: nachtelijke rugpijn, progressieve rugpijn, nieuwe lokale rugpijn, druk-/kloppijn over de wervelkolom, een matige conditie” |
| `SM-MRI-P` | the minimum MRI protocol, on every MRI card | “minimaal moet bestaan uit zowel T1- als T2-gewogen sagittale opnamen van de gehele wervelkolom en T1- en/of T2-gewogen axiale opnamen door het klinisch aangedane niveau en/of de wervels met epidurale uitbreiding op de sagittale reeks.” |
| `SM-D03` | the patient instruction, on every MRI card | “Instrueer de patiënt altijd om contact op te nemen met de regievoerend specialist bij verergering en/of verandering van de klachten.” |
"""


NOTES = f"""| `SM-CS04` / `SM-FU03` (after surgery) | The taper card fires when a corticosteroid is active after a completed radiotherapy course (SNOMED 1217123003) or after spine surgery. Completed spinal surgery has no verified code set yet, so surgery is read from the input-contract answer `spine-surgery-date`. `SM-FU03` (“{TAPER_QUOTE}”) is the same rule as `SM-CS04` and is named on the follow-up card. | “De dexamethason wordt na de operatie of na afloop van de radiotherapie in 1-2 weken volledig afgebouwd op geleide van de klachten.” |
| `SM-CS03`, `SM-CS04`, `SM-DX05` (medication) | Medication in use is read from the active MedicationRequests and the MedicationStatements (home medication, zib MedicatieGebruik: the thrombosis service's anticoagulant, the GP's PPI), the medicine from `medicationCodeableConcept` or the Medication that `medicationReference` names (contained, in the prefetch, or read from the FHIR server). ATC decides first; RxNorm clinical drugs with an oral dose form count by their ATC code; a record coded only in G-Standaard (GPK/PRK/HPK: licensed, not mapped), only by an RxNorm ingredient, or through a Medication that cannot be found is *unknown*, and the why-trace names it. A medicine's name in the text counts only with a coded systemic route or dose form, is shown as a text match and never makes a card critical on its own; a local route or dose form (eye drops, gel) is no systemic use. “Nee” only when both lists were read completely and every record in use was classified. The code lists and their sources: `hooks/common/medication_codes.py`. | “Bij risicofactoren (maagulcus in de voorgeschiedenis, gebruik van NSAID's of anticoagulantia) wordt een protonpompremmer bijgegeven.” |
| `SM-CS02` on a dexamethasone order | A check of the draft against the scheme: only when `SM-CS02` holds on recorded facts and the draft's structured dosage can be read (dose in mg, SNOMED route, timing); outside the scheme an `info` card quoting it with the scheme as a suggestion (not recommended), within it no card, unreadable no card. Silent while `SM-CS04` or `SM-CS06` hold or a brain-metastasis Condition is on record (`BM-02` owns that dose). Another corticosteroid gets the whole scheme. | “direct te starten met een bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8-16 mg dexamethason p.o.” |
| `SM-RT09` on the order | The summary of a postoperative radiotherapy card says “minimaal 3-4 weken” (or “eerder” when insufficient neurological recovery is recorded); the order update sets `occurrencePeriod.start` at surgery + `CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS` (21 or 28, default 28), never when insufficient recovery is recorded and never earlier than a start the order already plans; its label says “eerder bij onvoldoende neurologisch herstel”. The warning for a planned start before the interval uses the guideline's 3 weeks. | (row below) |
| `SM-RT00` | General statement, on every radiotherapy card; the schemes below decide. | “{RT00_SOURCE.quote_nl}” |
| `SM-RT06` | The same rule as `SM-CS06` (pain flare after radiotherapy): implemented there. | see `SM-CS06` |
| `SM-RT02` stereotactic | The working group's addendum (“{ADDENDUM_QUOTE}”) is not in the 2015 guideline text; the radiotherapy card cites it separately as such and offers it as the second scheme of `SM-RT02`. The oligometastasis definition varies (broadest: at most 5 metastases in at most 3 organs): a clinician's answer `oligometastatic` decides; a count of 1–3 (`oligometastatic-count`) counts as oligometastatic under every definition, 6 or more under none, 4–5 stays unknown. | “De ruimste definitie spreek van maximaal 5 metastasen in maximaal 3 organen.” |
| `SM-T05` | Card content on every referral card: a technique the surgeon chooses, not a decision the service can take. | “{EN_BLOC_SOURCE.quote_nl}” |
| `SM-ORG01` | **Configuration, not automatable**: whether the institution meets the SONCOS norms or the HOVON Policy Echelon Classification is a property of the site that no patient record holds; the clinical owner confirms it when the service is deployed. | “moet voldoen aan de algemene en tumorspecifieke voorwaarden voor oncologische zorg volgens het meest recente jaarlijkse SONCOS normeringrapport … of de HOVON Policy Echelon Classification” |
| `SM-ORG02` | A row (below), fed by the site setting `CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR`; unset, the referral card states the norm and that the site's number is not configured. | (row below) |
| `SM-FU06` | Card content of the follow-up card: the seed names the related guidelines and gives only www.pallialine.nl as their location, so that is the only link; no per-guideline URL is invented. | “{RELATED_QUOTE}” |
| `SM-S01`–`SM-S07` | A checklist, not a first-wins table: the referral card shows every condition as met, not met or unknown. Surgery is preferred only when an indication (`SM-T02a`–`c`) and all seven conditions hold. | (rows below) |
| `SM-LE<3` / `SM-LE>3` | The branches of the treatment tree. The guideline says “< 3md” and “> 3md” but “minstens drie maanden” for surgery: exactly three months goes to the “> 3md” branch. `SM-T04` says “meer dan drie maanden” and stays strict. “Minimaal 1 jaar” (`SM-RT04`) includes 12 months and so does “> 1 jaar” of `SM-RT08`; “< 1 jaar” (`SM-RT03`, `SM-RT07`) excludes it. | (rows below) |
| `SM-TT*` gap | A slowly progressive (> 7 days) deficit from MESCC in a patient who can no longer walk independently is in neither `SM-TT24h` nor `SM-TT72h`. Local policy `CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT` assigns it (default 24 h, as the clinical model proposes) or leaves it undecided; the card marks it. | (rows below) |
| `SM-TT*` when | Only after a recorded definitive diagnosis within `CDS_SPINE_TIME_TO_THERAPY_LOOKBACK_D` and while no start of radiotherapy or surgery after it is recorded. The date is the answer `definitive-diagnosis-date` or the Condition's `recordedDate`, never its onset (no deadline from an onset date; an onset before the look-back is an earlier episode). Never in the unknown-origin work-up before histology (`SM-DX03`/`SM-DX04` come first); a Condition's date counts beside a known primary or a tissue diagnosis. Running systemic therapy: local policy `CDS_SPINE_SYSTEMIC_THERAPY_COUNTS_AS_STARTED` (default: the card asks). A window not decided on recorded facts is a question without a deadline, never `critical`. | (rows below) |
| `SM-T01` “indicatie voor chemotherapie” | Read as `SM-CH02` (chemotherapy as first choice). `SM-CH01` (“kunnen worden toegepast” for pain) is an option, not an indication that displaces radiotherapy. | (rows below) |

Where each rule appears: MRI window and protocol on an MRI order (order-select, order-sign) and
with the MRI proposal of `SM-D02` (patient-view), except after treatment without complaints
(`SM-FU01` then replaces them); the corticosteroid rules on a systemic corticosteroid order (ATC
H02AB) and on patient-view; the unknown-primary work-up and the surgical work-up on
patient-view. A radiotherapy order (SNOMED 1217123003 / 33195004 / 395096001) gets the scheme
(`SM-RT*`, with `SM-T02b` for re-irradiation) and, when it fits, the urgent consultation
(`SM-T03`); a patient referral (SNOMED 3457005) whose `bodySite` or `reasonCode` /
`reasonReference` names the spinal metastases gets the surgery checklist (`SM-T02*`, `SM-S*`,
`SM-CH*`, `SM-T05`, `SM-ORG02`) and `SM-T03`. Patient-view adds the treatment branch
(`SM-LE*`, `SM-T01`), `SM-T03`, `SM-T04`, the time to therapy (`SM-TT*`) and follow-up
(`SM-FU*`). Priorities of proposed orders are local policy.
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
    # The reviewed table is the guideline's with default policy, whatever this machine sets;
    # model_construct reads no environment at import (a bad setting must not break imports).
    gastric_protection_table(SpinePolicy.model_construct()),
    TAPER,
    PAIN_FLARE,
    LIFE_EXPECTANCY,
    FIRST_CHOICE,
    SURGERY_INDICATION,
    SURGERY_CONDITIONS,
    SYSTEMIC_THERAPY,
    BOTH_OPTIONS,
    ASYMPTOMATIC_MESCC,
    SURGERY_CENTRE,
    REIRRADIATION,
    POSTOPERATIVE_SCHEME,
    FIRST_COURSE_SCHEME,
    POSTOPERATIVE_INTERVAL,
    TIME_TO_THERAPY,
    FOLLOW_UP_IMAGING,
    MOBILISATION,
    LEAFLET,
    GP_AND_COORDINATOR,
)


def review_document() -> str:
    return render_markdown("Wervelmetastasen — review document", INTRO + NOTES, TABLES)
