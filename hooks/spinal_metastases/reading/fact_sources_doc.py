"""The fact sources as the tables of docs/input-contract.md: decisions, facts and their codes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hooks import codes
from hooks.codes import ValueSet
from hooks.input_contract import CLOSES, FACTS_BY_CODE
from hooks.rules import DecisionTable
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.reading.fact_sources import (
    AGE_LIMIT,
    FACT_SOURCES,
    FACT_SOURCES_BY_NAME,
    SPINE_FACT_FIELDS,
    FactSource,
    rows_reading,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.review import TABLES

_SYSTEM_NAMES = {
    codes.SNOMED: "SNOMED CT",
    codes.ICD10: "ICD-10",
    codes.ICD10_NL: "ICD-10-NL",
    codes.ICD_O3: "ICD-O-3",
    codes.ATC: "ATC",
    codes.LOINC: "LOINC",
    codes.CPT: "CPT",
}
_MARK = {"verified": "✅", "probable": "✅¹", "unverified": "⚠️"}
# Documented with its sources in docs/value-sets.md; linked there, not listed again.
_ELSEWHERE = {codes.PRIMARY_CANCER.name: "value-sets.md#primary-malignancy-primary-malignancy"}


def _systems(value_set: ValueSet) -> str:
    systems = [c.system for c in value_set.codes if not c.local]
    systems += [p.system for p in value_set.patterns]
    return ", ".join(dict.fromkeys(_SYSTEM_NAMES.get(s, s) for s in systems))


def _value_set_link(value_set: ValueSet) -> str:
    target = _ELSEWHERE.get(value_set.name, f"#vs-{value_set.name}")
    return f"[`{value_set.name}`]({target}) ({_systems(value_set)})"


_NUMBERED = re.compile(r"(.+)-\d+")


def _value_set_links(value_sets: Sequence[ValueSet]) -> list[str]:
    """Each set linked with its systems; a run of numbered sets (`ecog-0` … `ecog-5`) as one."""
    runs: list[list[ValueSet]] = []
    for value_set in value_sets:
        numbered = _NUMBERED.fullmatch(value_set.name)
        previous = _NUMBERED.fullmatch(runs[-1][-1].name) if runs else None
        if numbered and previous and numbered.group(1) == previous.group(1):
            runs[-1].append(value_set)
        else:
            runs.append([value_set])
    links = []
    for run in runs:
        if len(run) == 1:
            links.append(_value_set_link(run[0]))
            continue
        systems = ", ".join(dict.fromkeys(s for vs in run for s in _systems(vs).split(", ")))
        first, last = run[0].name, run[-1].name
        links.append(f"[`{first}`](#vs-{first}) … [`{last}`](#vs-{last}) ({systems})")
    return links


def _codes_cell(source: FactSource) -> str:
    parts = _value_set_links(source.value_sets)
    for code in source.answers:
        lifetime = FACTS_BY_CODE[code].lifetime
        parts.append(f"answer `{code}` (*{lifetime}*: {AGE_LIMIT[lifetime]})")
    return "; ".join(parts) or "—"


def closed_field(code: str) -> str:
    """The SpineFacts field an answer that closes a branch sets, for its input-contract code."""
    return code.replace("-", "_")


def _closed_by(source: FactSource) -> str:
    """The answers whose *yes* sets this fact (`CLOSES`), as a sentence."""
    closing = [
        f"`{answer}` = yes → {value}"
        for answer, closes in CLOSES.items()
        for code, value in closes
        if closed_field(code) == source.name
    ]
    return f". Closed by {', '.join(closing)}" if closing else ""


def _fact_cell(name: str) -> str:
    label = LABELS.get(name)
    text = f"{label.nl} / {label.en}" if label else ""
    return f'<a id="fact-{name}"></a>`{name}`: {text}'


def _fact_link(name: str) -> str:
    """A link to the fact's entry; a field without one (not read by a row) as plain code."""
    return f"[`{name}`](#fact-{name})" if name in FACT_SOURCES_BY_NAME else f"`{name}`"


def _decisions_table(tables: Sequence[DecisionTable[SpineFacts]]) -> list[str]:
    lines = [
        "## Decisions and the facts they read",
        "",
        "Generated from the decision tables and `hooks/spinal_metastases/reading/fact_sources.py`. "
        "Every decision table of *Richtlijn Wervelmetastasen* (`hooks/spinal_metastases/`), its "
        "rows in the order they are tried and the `SpineFacts` fields each row reads "
        "(`Row.facts`, also shown in the card's why-trace). A row whose fact is unknown is "
        "undecided: the card names the fact instead of guessing. How each fact is read: "
        "[How each fact is read](#how-each-fact-is-read).",
        "",
        "| decision | question | rule | facts read |",
        "|---|---|---|---|",
    ]
    for table in tables:
        for index, row in enumerate(table.rows):
            head = f"`{table.id}` | {table.question_nl}" if index == 0 else " | "
            facts = ", ".join(_fact_link(n) for n in row.facts)
            lines.append(f"| {head} | `{row.id}` | {facts} |")
    lines.append("")
    return lines


_READING = (
    "Unknown is never false: without a record a fact is unknown, and the card asks for it. "
    "Where several sources are named they are tried in that order and the first known value "
    "wins (an explicit answer before a record, except `gastric_ulcer_history`). A `Condition` "
    "counts when it is current: `clinicalStatus` active, recurrence, relapse or absent, and "
    "`verificationStatus` not refuted or entered-in-error; *suspected* is provisional, "
    "differential or unconfirmed. Answers are the input-contract Observations above: the newest "
    "per code (`status` final, amended, corrected, preliminary, registered or absent, dated by "
    "`effectiveDateTime`, else `effectivePeriod.end`, else `issued`), used within the age limit "
    "of its lifetime. A resource that does not parse is skipped and counted on the card; a "
    "prefetch key that could not be read is named on the card and its facts stay unknown. "
    "Value sets link to their codes below; an operator's file (`CDS_LOCAL_VALUE_SETS_FILE`, "
    "[value-sets.md](value-sets.md#extending-a-value-set-with-a-local-file)) may add codes to "
    "them. Settings: [local-policy.md](local-policy.md)."
)
_MEDICATION_READING = (
    "*Medication in use*: `MedicationRequest` (`status` active or on-hold) and "
    "`MedicationStatement` (home medication, zib MedicatieGebruik; `status` active or "
    "intended); a record with another status is not in use, one without a status (or "
    "`unknown`) cannot be told. The medicine is `medicationCodeableConcept` or the "
    "`Medication` that `medicationReference` names (contained, in the call's data, or read "
    "from the FHIR server). ATC decides first; an RxNorm clinical drug counts by its ATC code "
    "(`hooks/common/medication_codes.py`); then a code of the set (a SNOMED CT substance); a "
    "medicine's name in the text counts only with a coded systemic route or dose form (a "
    "text match, never critical on its own); a local route or dose form (eye drops, gel) is "
    "no systemic use."
)


def _facts_table(tables: Sequence[DecisionTable[SpineFacts]]) -> list[str]:
    rules = rows_reading(tables)
    order = {name: index for index, name in enumerate(SPINE_FACT_FIELDS)}
    lines = [
        "## How each fact is read",
        "",
        _READING,
        "",
        _MEDICATION_READING,
        "",
        "| fact | rules | read from (FHIR) | codes (standard first; our answer last) "
        "| unknown when | local policy |",
        "|---|---|---|---|---|---|",
    ]
    for source in sorted(FACT_SOURCES, key=lambda s: order[s.name]):
        used = ", ".join(f"`{r}`" for r in rules.get(source.name, ())) or "—"
        derived = (
            " (derived from " + ", ".join(_fact_link(n) for n in source.derived_from) + ")"
            if source.derived_from
            else ""
        )
        settings = ", ".join(f"`{s}`" for s in source.settings) or "—"
        lines.append(
            f"| {_fact_cell(source.name)} | {used} | {source.read_from}{_closed_by(source)}"
            f"{derived} | {_codes_cell(source)} | {source.unknown_when} | {settings} |"
        )
    lines.append("")
    return lines


def _codes_table() -> list[str]:
    named = [vs for s in FACT_SOURCES for vs in s.value_sets if vs.name not in _ELSEWHERE]
    lines = [
        "## Codes of these value sets",
        "",
        "From `hooks/codes.py`, as the matcher reads them. Verification as in the clinical "
        "model: ✅ seen in a public source, ✅¹ one source only, ⚠️ unverified (check on a "
        "terminology server before production). ICD-10 and ATC codes match their sub-codes. "
        "`primary-malignancy` is in [value-sets.md](value-sets.md#primary-malignancy-primary-malignancy) "
        "with the source of every code.",
        "",
        "| value set | system | code | display | verification |",
        "|---|---|---|---|---|",
    ]
    for value_set in dict.fromkeys(named):
        for index, code in enumerate(c for c in value_set.codes if not c.local):
            name = f'<a id="vs-{value_set.name}"></a>`{value_set.name}`' if index == 0 else " "
            lines.append(
                f"| {name} | {_SYSTEM_NAMES.get(code.system, code.system)} | `{code.code}` "
                f"| {code.display} | {_MARK[code.verification]} |"
            )
    lines.append("")
    return lines


def render_sections(tables: Sequence[DecisionTable[SpineFacts]] = TABLES) -> list[str]:
    """The sections of `docs/input-contract.md` on the Wervelmetastasen decisions and facts."""
    return [*_decisions_table(tables), *_facts_table(tables), *_codes_table()]
