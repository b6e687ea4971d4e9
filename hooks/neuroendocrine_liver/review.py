"""The review document for clinicians: `docs/guidelines/net-radioembolisatie.md`."""

from __future__ import annotations

from hooks.common.review import review_document as render
from hooks.neuroendocrine_liver.codes import VALUE_SETS
from hooks.neuroendocrine_liver.radioembolization import TABLES
from hooks.neuroendocrine_liver.sources import REFERENCE

INTRO = f"""Source: {REFERENCE}. **Kind of source: thesis (research evidence), not a guideline.**
The seed gives no URL, so none is cited. Its statements are evidence, not recommendations: the
service shows one **information card** for the multidisciplinary meeting and **never an order**.
Rule ids are those of `../shared/clinical-model.md` §1.3 and never change. Generated from
`hooks/neuroendocrine_liver/` by `make docs`; `tests/test_drift.py` fails when this file is
stale. Each row has a test case in `tests/hooks/neuroendocrine_liver/`.

Service: `neuroendocrine-liver-metastases-patient-view`. A NET is a current, confirmed Condition
with an ICD-O-3 NET morphology (8240/3, 8249/3, 8246/3; mCODE histology extension or the code
itself) or a coded carcinoid syndrome; no SNOMED NET concept has been verified. *Functioning*
(`NET-02`) is a coded carcinoid syndrome; otherwise unknown (the card shows the condition and
that it is unknown). 177Lu-DOTATATE (`NET-04`) is an active or draft MedicationRequest or an
active MedicationStatement (ATC V10XX04); when the medication lists could be read and list none,
`NET-04` does not apply. A patient without a NET and liver metastases in the record gets no
card. No local settings: the thesis leaves no choice the service has to make.
"""


def review_document() -> str:
    return render(
        title="NET met levermetastasen: radioembolisatie — review document",
        intro=INTRO,
        tables=TABLES,
        value_sets=VALUE_SETS,
    )
