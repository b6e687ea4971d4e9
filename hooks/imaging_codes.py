"""CPT codes of an MRI of the spine, as US-built EHRs (and the CDS Hooks sandbox's PAMA screen)
code imaging orders: the data `hooks.codes.MRI_SPINE` adds beside its SNOMED CT concepts.

Source: the AMA's CPT descriptors (CPT is licensed by the AMA; the code numbers and their short
meaning are public), as listed in the CDS Hooks sandbox's procedure list
(cds-hooks/sandbox `src/assets/pama-procedure-codes.json`, also in the offline build
../shared/cds-hooks-sandbox/app.bundle.js, commit 3b7e255). One public copy, not the AMA's own
file, so the codes are marked `probable` (see hooks/codes.py).

Only MRI: the guideline asks for an MRI of the whole spine, and a CT (CPT 72125–72133) is not
its substitute here. Not 72159 (MR angiography of the spinal canal), which images the vessels.
"""

from __future__ import annotations

CPT = "http://www.ama-assn.org/go/cpt"
CPT_SOURCE = "AMA CPT, as listed in cds-hooks/sandbox src/assets/pama-procedure-codes.json"

# code → the descriptor as the source lists it (region; contrast).
SPINE_MRI_CPT: dict[str, str] = {
    "72141": "MRI spinal canal and contents, cervical; without contrast material",
    "72142": "MRI spinal canal and contents, cervical; with contrast material(s)",
    "72146": "MRI spinal canal and contents, thoracic; without contrast material",
    "72147": "MRI spinal canal and contents, thoracic; with contrast material(s)",
    "72148": "MRI spinal canal and contents, lumbar; without contrast material",
    "72149": "MRI spinal canal and contents, lumbar; with contrast material(s)",
    "72156": "MRI spinal canal and contents, without then with contrast; cervical",
    "72157": "MRI spinal canal and contents, without then with contrast; thoracic",
    "72158": "MRI spinal canal and contents, without then with contrast; lumbar",
}
