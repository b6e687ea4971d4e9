"""Every fact a Wervelmetastasen row reads is documented (docs/input-contract.md, "How each
fact is read"), and every entry names what the facts layer really has."""

from __future__ import annotations

import inspect
import re

import pytest

from hooks import documents
from hooks.input_contract import CLOSES, FACTS, FACTS_BY_CODE
from hooks.input_contract.doc import render_markdown
from hooks.rules import DecisionTable
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading import facts, read, treatment_facts
from hooks.spinal_metastases.reading.fact_sources import (
    AGE_LIMIT,
    FACT_SOURCES,
    FACT_SOURCES_BY_NAME,
    SPINE_FACT_FIELDS,
    FactSource,
    rows_reading,
)
from hooks.spinal_metastases.reading.fact_sources_doc import closed_field
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.service import TABLES
from hooks.spinal_metastases.treatment.corticosteroids import gastric_protection_table

# Every table a call may decide with, the policy-dependent one under both settings.
ALL_TABLES: tuple[DecisionTable[SpineFacts], ...] = (
    *TABLES,
    *(
        gastric_protection_table(
            SpinePolicy.model_construct(platelet_inhibitors_count_as_anticoagulants=value)
        )
        for value in (True, False)
    ),
)
_SETTING = re.compile(r"CDS_SPINE_[A-Z0-9_]+")


def test_every_fact_a_row_reads_has_an_entry() -> None:
    read = set(rows_reading(ALL_TABLES))
    assert read - set(FACT_SOURCES_BY_NAME) == set(), "document these in fact_sources.py"


def test_every_entry_is_a_spine_fact_once() -> None:
    names = [s.name for s in FACT_SOURCES]
    assert len(names) == len(set(names))
    assert set(names) - set(SPINE_FACT_FIELDS) == set()
    derived = {d for s in FACT_SOURCES for d in s.derived_from}
    assert derived - set(SPINE_FACT_FIELDS) == set()


def test_entries_name_only_answers_the_facts_layer_reads() -> None:
    source = "".join(inspect.getsource(m) for m in (facts, read, treatment_facts))
    for entry in FACT_SOURCES:
        for code in entry.answers:
            assert code in FACTS_BY_CODE, (entry.name, code)
            assert f'"{code}"' in source, (entry.name, code)


def test_every_input_contract_answer_is_documented_with_the_fact_it_feeds() -> None:
    documented = {code for s in FACT_SOURCES for code in s.answers} | set(CLOSES)
    assert {f.code for f in FACTS} - documented == set()


def test_answers_that_close_branches_set_a_documented_fact() -> None:
    for closes in CLOSES.values():
        for code, _ in closes:
            assert closed_field(code) in FACT_SOURCES_BY_NAME, code
            assert code in FACT_SOURCES_BY_NAME[closed_field(code)].answers, code


@pytest.mark.parametrize("entry", FACT_SOURCES, ids=lambda e: e.name)
def test_settings_named_are_spine_policy_settings(entry: FactSource) -> None:
    named = set(entry.settings)
    named |= set(_SETTING.findall(entry.read_from + entry.unknown_when))
    known = {f"CDS_SPINE_{field.upper()}" for field in SpinePolicy.model_fields}
    assert named - known == set()


def test_age_limits_name_spine_policy_settings() -> None:
    known = {f"CDS_SPINE_{field.upper()}" for field in SpinePolicy.model_fields}
    assert set(_SETTING.findall(" ".join(AGE_LIMIT.values()))) <= known


def test_the_input_contract_document_has_both_tables_and_its_links_resolve() -> None:
    text = render_markdown()
    assert documents()["docs/input-contract.md"] == text
    assert "## Decisions and the facts they read" in text
    assert "## How each fact is read" in text
    for table in TABLES:
        assert f"`{table.id}` | {table.question_nl}" in text
        for row in table.rows:
            assert f"| `{row.id}` |" in text
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = set(re.findall(r"\]\(#((?:fact|vs)-[^)]+)\)", text))
    assert links - anchors == set()
    assert {f"fact-{s.name}" for s in FACT_SOURCES} <= anchors
