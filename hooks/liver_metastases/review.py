"""The review document for clinicians: `docs/guidelines/levermetastasen.md`."""

from __future__ import annotations

from hooks.common.review import review_document as render
from hooks.liver_metastases.codes import VALUE_SETS
from hooks.liver_metastases.pathway import TABLES
from hooks.liver_metastases.sources import REFERENCE

INTRO = f"""Source: {REFERENCE}. **Kind of source: hospital care pathway (patient information with
referral information for doctors), not a guideline.** The seed gives no URL, so none is cited.
The referral target (name, e-mail, postal address), the panel's meeting time and the clinic's
phone number are **site settings** (`CDS_LIVER_*`, see `docs/local-policy.md`) whose defaults are
the LUMC's own, verbatim from the page; cards mark them as local policy. Rule ids are those of
`../shared/clinical-model.md` §1.5 and never change. Generated from `hooks/liver_metastases/` by
`make docs`; `tests/test_drift.py` fails when this file is stale. Each row has a test case in
`tests/hooks/liver_metastases/`.

Service: `liver-metastases-patient-view`, at most one card per chart opening:

1. after a liver-directed treatment less than 2 years ago: the follow-up card (`LM-13`, or
   `LM-14` as a warning when fever, abdominal pain, jaundice or itching is recorded since the
   treatment), with `LM-15` and a draft follow-up CT (every 4 months until 2 years after the
   treatment) unless one is already ordered;
2. otherwise, for (suspected) secondary liver tumours without a panel referral in the record:
   the referral card (`LM-03`) with the checklist (`LM-04`), the work-up (`LM-05`), the
   treatment options with their conditions (`LM-06`..`LM-11`) and the shared decision
   (`LM-12`), and two draft referrals: *verwijzing* or *beoordeling* (the pathway asks to state
   which);
3. only with `CDS_LIVER_RISK_REMINDER=true`: for a cancer at risk of liver metastases
   (colorectal, breast, melanoma) and no liver metastases recorded, `LM-02` / `LM-01`.

A patient with none of these gets no card. There is no order-sign service: the referral is
proposed by this card itself, with the checklist in its note, and the pathway sends the letter
and the imaging by e-mail or post, outside FHIR, so a check at signing could only repeat the
checklist.

Resectability (F112) and deep-seated lesions (F114)
are the panel's judgement and are **never derived** (clinical model §4): the options that depend
on them are listed with the condition unknown. A liver-directed treatment is a completed
Procedure on the liver (bodySite 10200004) or for the liver metastases (reasonReference), other
than a biopsy or imaging; no verified procedure codes exist for resection, RFA/MWA or
radioembolization (§3.2). Chemotherapy given (F115) is read from MedicationRequests and
MedicationStatements (home medication) alike, the medicine from its ATC code or the Medication
it references (`hooks/common/medication.py`); a record proves it, no record leaves it unknown.
"""


def review_document() -> str:
    return render(
        title="Levermetastasen (LUMC zorgpad) — review document",
        intro=INTRO,
        tables=TABLES,
        value_sets=VALUE_SETS,
    )
