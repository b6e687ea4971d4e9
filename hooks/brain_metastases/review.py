"""The review document for clinicians: `docs/guidelines/hersenmetastasen.md`.

It is also where the brain-metastases facts are documented for integrators (which FHIR
elements, which codes, what counts as unknown): the table below is rendered from `FACTS` and
the rows, so the rules each fact feeds cannot drift from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from hooks.brain_metastases.codes import VALUE_SETS
from hooks.brain_metastases.labels import LABELS
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

Reading the record: every fact, the FHIR elements and codes it is read from and when it is
unknown are in [Facts read](#facts-read). A record that is missing is unknown, never false: no
molecular result means the **profile is unknown, never negative** (`BM-07`), and a gene without a
result is unknown, never wild-type. A result recorded as absent is listed as absent and brings no
rule in. The card's advice names no gene the source does not name; it lists the genes the record
names.

Molecular findings in NSCLC (`BM-06`): the article names checkpoint inhibitors for NSCLC but no
targetable alteration, and asks to weigh response rate, time to response and response duration of
targeted therapy against checkpoint inhibitors. So when the primary is (or may be) NSCLC the card
lists each gene's newest genetic variant assessment, with its result and the record it came from;
a variant recorded **present** in one of the genes of `nsclc-variant-genes` brings `BM-06` in,
and the card says that the source does not name which alterations are targetable in NSCLC and
leaves the weighing to the multidisciplinary meeting. `BM-04` stays as it is. That gene list is
the clinical model's (BM-06 reads F83 BRAF and F85 "other drivers", with the HGNC ids marked ✅
there), **not the source's**; RET (HGNC:9967) is ✅¹ there and is not read until a terminology
server confirms it. A gene named only as text (no HGNC coding) is read and marked on the card as a
text match; a coded result of the same gene wins over it. A gene outside the list is listed and
marked as not counted. `BM-06` does not apply when every listed gene's newest result is absent,
and stays undecided (the card says what is unknown) while any listed gene has no result.
"""


@dataclass(frozen=True)
class FactDoc:
    """How one `BrainFacts` field is read: the elements, the codes and when it is unknown."""

    name: str
    read_from: str
    unknown_when: str


FACTS = (
    FactDoc(
        "brain_metastases",
        "`Condition.code` in `brain-metastasis`; `clinicalStatus` active, recurrence, relapse or "
        "absent; `verificationStatus` confirmed, or provisional / differential / unconfirmed "
        "(then the card says *suspected*); refuted and entered-in-error never count",
        "no such Condition (never false: the topic then gives no card)",
    ),
    FactDoc(
        "symptomatic",
        "`Condition.evidence.code` of those Conditions: a coded manifestation → yes; only "
        "`asymptomatic` → no",
        "no coded `evidence.code` (text alone is never read)",
    ),
    FactDoc(
        "melanoma",
        "a current primary `Condition.code` in `melanoma` (not suspected); another recorded "
        "primary → no",
        "no current, unsuspected primary recorded",
    ),
    FactDoc(
        "nsclc",
        "a current primary (not suspected) `Condition.code` in `nsclc`, or in "
        "`lung-cancer-any-histology` with an ICD-O-3 morphology in `non-small-cell-morphology` "
        "(mCODE histology extension `valueCodeableConcept`, or `code`); another primary → no",
        "no current, unsuspected primary, or lung cancer without histology (ICD-10 C34 only)",
    ),
    FactDoc(
        "braf_mutation",
        "`Observation.code` 69548-6 whose `component` 48018-6 names BRAF (HGNC:1097, or the "
        "symbol in a coding's `code` / `display`), or 85299-6 (BRAF V600E immunostain); "
        "`valueCodeableConcept` in `result-present` / `result-absent` (or `valueBoolean`, "
        "interpretation POS/NEG); newest result decides",
        "no such result, or the newest says neither present nor absent",
    ),
    FactDoc(
        "her2_positive",
        "`Observation.code` 48676-1, 85319-2 or 85318-4 (`molecular-result`), answer as above; "
        "newest result decides",
        "no such result, or the newest says neither",
    ),
    FactDoc(
        "molecular_result",
        "any `Observation.code` in `molecular-result`",
        "none in the record (the profile is then unknown: `BM-07`)",
    ),
    FactDoc(
        "driver_variant",
        "`Observation.code` 69548-6; the gene from `component` with `code` 48018-6 "
        "(`gene-studied`), `valueCodeableConcept.coding` with system `http://www.genenames.org` "
        "and a code in `nsclc-variant-genes` (the HGNC id decides, not the display), else its "
        "`display` / `text` as a marked text match; the answer as for `braf_mutation`; newest "
        "result per gene. Yes when one gene's is present, no when every listed gene's is absent",
        "any listed gene without a result (or with one that says neither)",
    ),
    FactDoc(
        "mdt_in_record",
        "`ServiceRequest.code` = `CDS_BRAIN_MDT_CODE` (default NCIt C93304) with `status` draft, "
        "active, on-hold or completed (only to avoid a duplicate request)",
        "no such request",
    ),
    FactDoc("order", "the draft order of `context.draftOrders` the card is about", "—"),
)

_READING = (
    "Observations count with `status` final, amended, corrected, preliminary or absent; "
    "registered, cancelled and entered-in-error results are not read. A resource that does not "
    "parse is skipped and counted, never fatal; a prefetch key that could not be read makes its "
    "facts unknown and is named on the card."
)


def facts_section() -> str:
    """The `Facts read` table: each fact, the rules that read it, its elements and codes."""
    rules = {
        doc.name: [row.id for table in TABLES for row in table.rows if doc.name in row.facts]
        for doc in FACTS
    }
    lines = [
        "## Facts read",
        "",
        "Value sets are those of [Codes read](#codes-read). " + _READING,
        "",
        "| fact | rules | read from (FHIR) | unknown when |",
        "|---|---|---|---|",
    ]
    for doc in FACTS:
        label = LABELS[doc.name]
        used = ", ".join(f"`{r}`" for r in rules[doc.name]) or "(cards only)"
        lines.append(
            f"| `{doc.name}`: {label.nl} / {label.en} | {used} | {doc.read_from} "
            f"| {doc.unknown_when} |"
        )
    lines.append("")
    return "\n".join(lines)


def review_document() -> str:
    document = render(
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
    head, codes_heading, codes = document.partition("## Codes read")
    return head + facts_section() + "\n" + codes_heading + codes
