"""The review document for clinicians: `docs/guidelines/hersenmetastasen.md`."""

from __future__ import annotations

from hooks.brain_metastases.codes import VALUE_SETS
from hooks.brain_metastases.sources import REFERENCE
from hooks.brain_metastases.treatment import TABLES
from hooks.common import codes as common_codes
from hooks.common.review import review_document as render

INTRO = f"""Source: {REFERENCE}. **Kind of source: review article (nascholingsartikel), not a
guideline.** The seed gives no URL, so none is cited. Only the summary and the learning
objectives are available (the full text is behind a login): they give **no doses, thresholds or
lines of therapy**, so no card proposes a dose. Rule ids are those of `../shared/clinical-model.md`
§1.2 and never change. Generated from `hooks/brain_metastases/` by `make docs`;
`tests/test_drift.py` fails when this file is stale. Each row has a test case in
`tests/hooks/brain_metastases/`.

Services: `brain-metastases-patient-view` (one card, topic `BM-01`, listing BM-02..BM-07 as they
apply), `brain-metastases-order-select` and `brain-metastases-order-sign` (a dexamethasone order →
`BM-02`; a checkpoint inhibitor (ATC L01FF), BRAF inhibitor (L01EC) or trastuzumab deruxtecan
(L01FD04) → `BM-06` or `BM-07`). A patient without brain metastases in the record gets no card.

Reading the record: brain metastases are a current Condition (confirmed or suspected; refuted and
entered-in-error never count). They are *symptomatic* when the Condition lists a manifestation in
`evidence.code`, not symptomatic when it lists *Asymptomatic* (SNOMED 84387000), and otherwise
unknown. The primary tumour is a melanoma / NSCLC when a confirmed primary says so, *not* when the
record names another primary, and unknown when no primary is recorded (ICD-10 C34 without
histology leaves NSCLC unknown). A molecular result is a BRAF/HER2/PD-L1/TMB/genetic-variant
Observation: none in the record means the **profile is unknown, never negative** (`BM-07`); the
card names no gene the source does not name.
"""


def review_document() -> str:
    return render(
        title="Hersenmetastasen (systemische behandeling) — review document",
        intro=INTRO,
        tables=TABLES,
        value_sets=(
            *VALUE_SETS,
            common_codes.MELANOMA,
            common_codes.NSCLC,
            common_codes.LUNG_CANCER_ANY_TYPE,
            common_codes.SCLC,
            common_codes.NON_SMALL_CELL_MORPHOLOGY,
            common_codes.MOLECULAR_RESULT,
            common_codes.RESULT_PRESENT,
            common_codes.RESULT_ABSENT,
        ),
    )
