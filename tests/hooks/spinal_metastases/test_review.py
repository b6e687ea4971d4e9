"""Every SM-* rule of clinical model §1.1 is in the review document: a row, or a note that says
how it is implemented or why it is configuration / not automatable."""

from __future__ import annotations

import re

from hooks.spinal_metastases.review import TABLES, review_document
from tests.conftest import SHARED, requires_shared

CLINICAL_MODEL = SHARED / "clinical-model.md"


def _rule_ids_of_section_1_1() -> set[str]:
    text = requires_shared(CLINICAL_MODEL).read_text(encoding="utf-8")
    section = text.split("### 1.1 Seed 002")[1].split("### 1.2")[0]
    return set(re.findall(r"^\| (SM-[^ |]+) \|", section, flags=re.MULTILINE))


def test_every_rule_of_section_1_1_is_in_the_review_document() -> None:
    ids = _rule_ids_of_section_1_1()
    assert len(ids) >= 60  # parts 1 and 2 of the guideline
    document = review_document()
    assert {i for i in ids if f"`{i}`" not in document} == set()


def test_every_row_is_a_clinical_model_rule() -> None:
    rows = {row.id for table in TABLES for row in table.rows}
    assert rows <= _rule_ids_of_section_1_1()
