"""The FHIR search tokens of our value sets: what a narrowed prefetch query asks for.

A value set matches more than its listed codes, and the query must ask for all it matches, or
a record the rules would read never arrives and its fact silently turns unknown:

- a code system known under two URIs (ICD-10 and ICD-10-NL, ICD-O-3 and its OID) is asked
  under both;
- codes matched by prefix (ICD-10, ATC: C79.51 is in a set listing C79.5) or by a pattern
  (ICD-O-3 `NNNN/3`) and HGNC ids (`HGNC:1097` or `1097`) cannot be listed exactly, so their
  whole system is asked for (`system|`), and we select among them as before;
- the operator's codes (`hooks.local_value_sets`) are in the set by the time this runs.

Our own CodeSystem of questionnaire answers is asked for by its bare codes, in any system
(`input_contract_tokens`): its URL depends on the canonical base and its aliases, and an answer
under a base we do not accept must still arrive, to be reported as a near miss rather than
vanish (hooks/spinal_metastases/reading/answers.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from hooks import codes, local_code_map
from hooks.input_contract import FACTS

# The URIs under which a code system may come (hooks.codes._FAMILY, both ways).
_URIS: dict[str, tuple[str, ...]] = {
    codes.ICD10: (codes.ICD10, codes.ICD10_NL),
    codes.ICD10_NL: (codes.ICD10, codes.ICD10_NL),
    codes.ICD_O3: (codes.ICD_O3, codes.ICD_O3_OID),
    codes.ICD_O3_OID: (codes.ICD_O3, codes.ICD_O3_OID),
}
# Systems whose codes match more than their text: asked for as a whole system.
_WHOLE_SYSTEM = frozenset({codes.ICD10, codes.ICD10_NL, codes.ATC, codes.HGNC})


def value_set_tokens(value_sets: Iterable[codes.ValueSet]) -> tuple[str, ...]:
    """`system|code` for each code the sets match exactly, `system|` where they match more."""
    tokens: list[str] = []
    for value_set in value_sets:
        for pattern in value_set.patterns:
            tokens += [f"{uri}|" for uri in _URIS.get(pattern.system, (pattern.system,))]
        for entry in value_set.codes:
            for uri in _URIS.get(entry.system, (entry.system,)):
                tokens.append(f"{uri}|" if uri in _WHOLE_SYSTEM else f"{uri}|{entry.code}")
    wholes = {t for t in tokens if t.endswith("|")}
    # A whole system asked for makes its single codes redundant.
    return tuple(
        dict.fromkeys(t for t in tokens if t in wholes or f"{t.partition('|')[0]}|" not in wholes)
    )


def input_contract_tokens() -> tuple[str, ...]:
    """The codes of every input-contract fact, in any system (see the module docstring), and
    the hospital's own question codes that the operator's ConceptMap maps onto them
    (`CDS_LOCAL_CODE_MAP_FILE`, loaded at start-up before the queries are planned): an answer
    recorded under a local flowsheet code must arrive to be read through its mapping."""
    questions = {fact.code for fact in FACTS}
    ours = local_code_map.input_system()
    mapped = (
        f"{m.source_system}|{m.source_code}"
        for m in local_code_map.active().by_source.values()
        if m.target_system == ours and m.target_code in questions
    )
    return (*(fact.code for fact in FACTS), *dict.fromkeys(mapped))
