"""The review document for clinicians: `docs/guidelines/wervelmetastasen.md`."""

from __future__ import annotations

from hooks.rules import render_markdown
from hooks.spinal_metastases.mri_urgency import MRI_EXCEPTION, MRI_URGENCY
from hooks.spinal_metastases.sources import GUIDELINE, URL

INTRO = f"""Source: *{GUIDELINE}* — <{URL}>. Rule ids are the ids of `../shared/clinical-model.md` §1.1
and never change. Generated from `hooks/spinal_metastases/` by `make docs`; `tests/test_drift.py`
fails when this file is stale. Each row has a test case in `tests/hooks/spinal_metastases/`.

When a fact a row needs is unknown, the row is *undecided*: the card names the missing fact,
lists every branch, and (local policy `CDS_SPINE_UNKNOWN_WINDOW`) plans for the most urgent
window still possible. See `docs/local-policy.md` for every choice the guideline leaves open.

## Rules that are content of every MRI card, not a decision

| rule | what the card says | quote |
|---|---|---|
| `SM-MRI-P` | the minimum MRI protocol, on every MRI card | “minimaal moet bestaan uit zowel T1- als T2-gewogen sagittale opnamen van de gehele wervelkolom en T1- en/of T2-gewogen axiale opnamen door het klinisch aangedane niveau en/of de wervels met epidurale uitbreiding op de sagittale reeks.” |
| `SM-D03` | the patient instruction, on every MRI card | “Instrueer de patiënt altijd om contact op te nemen met de regievoerend specialist bij verergering en/of verandering van de klachten.” |
"""


def review_document() -> str:
    return render_markdown(
        "Wervelmetastasen — review document", INTRO, (MRI_URGENCY, MRI_EXCEPTION)
    )
