"""The review document for clinicians: `docs/guidelines/radiotherapie-koude-nsclc.md`."""

from __future__ import annotations

from hooks.common.review import review_document as render
from hooks.immunotherapy_resistance.codes import VALUE_SETS
from hooks.immunotherapy_resistance.cold_tumour import TABLES
from hooks.immunotherapy_resistance.sources import REFERENCE

INTRO = f"""Source: {REFERENCE}. **Kind of source: research news, not a guideline and not practice
guidance.** The seed gives no URL, so none is cited. Every card's summary starts with
"Onderzoeksnieuws, geen richtlijn" and the card proposes no order, scheme or dose: it asks to
consider discussion in the MDT or a trial. Rule ids are those of `../shared/clinical-model.md`
§1.4 and never change. Generated from `hooks/immunotherapy_resistance/` by `make docs`;
`tests/test_drift.py` fails when this file is stale. Each row has a test case in
`tests/hooks/immunotherapy_resistance/`.

Services: `immunotherapy-resistance-patient-view` (a PD-1 inhibitor is given: active
MedicationRequest or MedicationStatement) and `immunotherapy-resistance-order-select` /
`-order-sign` (a PD-1 inhibitor is in the draft orders). The card appears only for NSCLC with at
least one recorded marker of a cold tumour (`IO-01`: low TMB, absent PD-L1 expression or a
Wnt-pathway mutation; any one suffices, as in the source). The thresholds, the Wnt gene list and
the ATC codes that count as a PD-1 inhibitor are **local policy** (`CDS_IO_*`; the defaults are
common conventions, not the source). A marker not in the record is unknown, never "not cold";
when all markers are unknown no card is shown unless `CDS_IO_SHOW_WHEN_MARKERS_UNKNOWN=true`
(research news is surfaced only on a recorded marker). Lung cancer coded only as ICD-10 C34
(no histology) leaves NSCLC unknown: no card.
"""


def review_document() -> str:
    return render(
        title="Radiotherapie vóór PD-1-remmer bij koude NSCLC (onderzoeksnieuws) — review document",
        intro=INTRO,
        tables=TABLES,
        value_sets=VALUE_SETS,
    )
