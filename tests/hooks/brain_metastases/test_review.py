"""The review document documents every fact the brain tables read, from the code itself."""

from __future__ import annotations

import typing

from hooks.brain_metastases.facts import BrainFacts
from hooks.brain_metastases.labels import LABELS
from hooks.brain_metastases.review import FACTS, review_document
from hooks.brain_metastases.treatment import TABLES
from hooks.facts import Fact


def test_every_fact_is_documented_once_and_every_row_fact_is_a_fact() -> None:
    hints = typing.get_type_hints(BrainFacts)
    fact_fields = {name for name, hint in hints.items() if typing.get_origin(hint) is Fact}
    assert [d.name for d in FACTS] == list(dict.fromkeys(d.name for d in FACTS))
    assert {d.name for d in FACTS} == fact_fields
    assert {n for table in TABLES for row in table.rows for n in row.facts} <= fact_fields
    assert fact_fields <= set(LABELS)


def test_the_facts_table_names_the_rules_each_fact_feeds() -> None:
    document = review_document()
    section = document[document.index("## Facts read") : document.index("## Codes read")]
    driver = next(line for line in section.splitlines() if line.startswith("| `driver_variant`"))
    assert "| `BM-06` |" in driver
    assert "48018-6" in driver
    assert "http://www.genenames.org" in driver
    assert "| `nsclc-variant-genes` | `http://www.genenames.org` | `HGNC:3236` | EGFR | ✅ |" in (
        document
    )
    assert "HGNC:9967" not in document.split("## Codes read")[1]  # RET is ✅¹ only: not read
