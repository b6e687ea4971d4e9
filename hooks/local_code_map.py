"""The operator's local answer codes: a FHIR ConceptMap onto our input-contract codes, at start.

A hospital records the input-contract facts in its own build: a flowsheet row with its own code
(the question) and its own answer list (the answer). `CDS_LOCAL_CODE_MAP_FILE` names one JSON
file, a ConceptMap, a Bundle of them or a JSON list of them (read by `hooks.local_value_sets.
read_enumerated`, the loader of the operator's value sets), that maps such local codes onto

- our input-contract CodeSystem (`…/CodeSystem/metastasis-cds-input`): a question code
  (`radicular-pain`) or one of our answer codes (`absent`, `asia-b`, …), or
- the standard answer codes the contract names (SNOMED CT `7771000` left, `24028007` right, …).

Only what is enumerated and equivalent counts: `group[].element[].target[]` with `equivalence`
`equivalent` or `equal` (R5: `relationship` `equivalent`), one target per local code, a target
the input contract lists. Anything else (a `wider` or `inexact` mapping, `dependsOn`,
`product`, `unmapped`, an unknown target) stops the start with one line naming the file, the
ConceptMap and the problem, as the value-set loader does: a guessed mapping would decide cards.

An answer read through a mapping says so in the why-trace ("via mapping <url>: FS-12 →
radicular-pain"; `mapped_answer` gives the note, `hooks.facts.Evidence` carries it). Without
the setting nothing is read and nothing runs per call.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hooks.input_contract import FACTS, code_system_url
from hooks.local_value_sets import LocalTerminologyError, Refused, read_enumerated
from service.settings import PRODUCT_CANONICAL_BASE

SETTING = "CDS_LOCAL_CODE_MAP_FILE"
Note = tuple[str, str]  # (Dutch, English)
_EQUIVALENT = frozenset({"equivalent", "equal"})


class LocalCodeMapError(LocalTerminologyError):
    """`CDS_LOCAL_CODE_MAP_FILE` names a file we will not read: unreadable, or not only
    equivalent mappings onto input-contract codes."""

    setting = SETTING
    url_role = "the url names the mapping on every card that reads through it"


class LocalCodeMapSettings(BaseSettings):
    """`CDS_LOCAL_CODE_MAP_FILE`: the operator's ConceptMap file; unset = only our codes."""

    model_config = SettingsConfigDict(
        env_prefix="CDS_", env_file=".env", extra="ignore", frozen=True
    )

    local_code_map_file: Path | None = None

    @field_validator("local_code_map_file", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@dataclass(frozen=True)
class MappedCode:
    """One local code and the input-contract code it stands for, from the ConceptMap `map_url`."""

    source_system: str
    source_code: str
    target_system: str
    target_code: str
    map_url: str = ""

    @property
    def note(self) -> Note:
        said = f"via mapping {self.map_url}: {self.source_code} → {self.target_code}"
        return said, said


@dataclass(frozen=True)
class CodeMap:
    """The mappings of the configured file, by local (system, code); empty without a file."""

    path: Path | None = None
    by_source: Mapping[tuple[str, str], MappedCode] = field(default_factory=dict)


def input_system() -> str:
    """Our input-contract CodeSystem as a ConceptMap names it (the product's canonical base)."""
    return code_system_url(PRODUCT_CANONICAL_BASE)


def contract_targets() -> dict[tuple[str, str], str]:
    """Every code a local code may map onto: (system, code) → what it is, for the docs."""
    ours = input_system()
    found: dict[tuple[str, str], str] = {}
    for fact in FACTS:
        found[(ours, fact.code)] = f"question: {fact.question_en}"
        for answer in fact.answers:
            found.setdefault(
                (answer.system or ours, answer.code), f"answer of {fact.code}: {answer.display_en}"
            )
    return found


def concept_map_codes(resource: Mapping[str, Any]) -> tuple[MappedCode, ...]:
    """The equivalent one-to-one mappings of a ConceptMap onto input-contract codes.

    Refuses (`Refused`) anything else: see the module docstring.
    """
    targets = contract_targets()
    groups = resource.get("group")
    if not isinstance(groups, list) or not groups:
        raise Refused("has no `group` list: list the local codes in group[].element[]")
    found: list[MappedCode] = []
    for g, group in enumerate(groups):
        where = f"group[{g}]"
        if not isinstance(group, Mapping):
            raise Refused(f"`{where}` is not an object")
        if group.get("unmapped") is not None:
            raise Refused(f"`{where}.unmapped` is not supported: map each local code itself")
        source, target = (
            _uri(group.get("source"), where, "source"),
            _uri(group.get("target"), where, "target"),
        )
        if source in (target, input_system()):
            raise Refused(f"`{where}.source` is {source}: map local codes, not ours")
        elements = group.get("element")
        if not isinstance(elements, list) or not elements:
            raise Refused(f"`{where}` has no `element` list")
        for e, element in enumerate(elements):
            found.append(_element(element, f"{where}.element[{e}]", source, target, targets))
    return tuple(found)


def _element(
    element: object,
    where: str,
    source: str,
    target_system: str,
    targets: Mapping[tuple[str, str], str],
) -> MappedCode:
    if not isinstance(element, Mapping):
        raise Refused(f"`{where}` is not an object")
    code = element.get("code")
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise Refused(f"`{where}.code` is not a code (got {code!r})")
    mapped = element.get("target")
    if not isinstance(mapped, list) or len(mapped) != 1 or not isinstance(mapped[0], Mapping):
        raise Refused(f"`{where}.target` must hold exactly one target: one local code, one of ours")
    one = mapped[0]
    if one.get("dependsOn") or one.get("product"):
        raise Refused(f"`{where}.target[0]` has dependsOn/product: only plain mappings are read")
    kind = one.get("equivalence", one.get("relationship"))
    if kind not in _EQUIVALENT:
        raise Refused(
            f"`{where}.target[0]` is {kind!r}, not 'equivalent': only equivalent mappings decide"
        )
    target_code = one.get("code")
    if (target_system, target_code) not in targets:
        codes_here = [c for s, c in targets if s == target_system]
        near = difflib.get_close_matches(str(target_code), codes_here, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise Refused(
            f"`{where}.target[0].code` {target_code!r} in {target_system} is not an "
            f"input-contract code{hint}: the codes are in docs/local-codes.md"
        )
    return MappedCode(source, code, target_system, str(target_code))


def _uri(value: object, where: str, name: str) -> str:
    if not isinstance(value, str) or ":" not in value or value != value.strip():
        raise Refused(f"`{where}.{name}` is not a code-system URI (got {value!r})")
    return value


def read_code_map(path: Path) -> CodeMap:
    """The mappings of the file, by local code; a local code mapped twice differently refuses."""
    read = read_enumerated(path, "ConceptMap", concept_map_codes, LocalCodeMapError)
    by_source: dict[tuple[str, str], MappedCode] = {}
    for url, mappings in read.items():
        for m in mappings:
            key = (m.source_system, m.source_code)
            earlier = by_source.get(key)
            if earlier is not None and earlier.target_code != m.target_code:
                raise LocalCodeMapError(
                    path,
                    f"ConceptMap {url}",
                    f"maps {m.source_system}|{m.source_code} to {m.target_code}, and "
                    f"{earlier.map_url} to {earlier.target_code}: one local code, one meaning",
                )
            by_source[key] = MappedCode(
                m.source_system, m.source_code, m.target_system, m.target_code, url
            )
    return CodeMap(path, by_source)


_ACTIVE = CodeMap()


def load_configured(settings: LocalCodeMapSettings | None = None) -> CodeMap:
    """Read the configured file once (`hooks.warm_up`); without a file, no mapping is active.

    Raises `LocalCodeMapError` for a file we will not read, before anything changes.
    """
    global _ACTIVE
    path = (settings or LocalCodeMapSettings()).local_code_map_file
    _ACTIVE = read_code_map(path) if path is not None else CodeMap()
    return _ACTIVE


def active() -> CodeMap:
    return _ACTIVE


def mapped_answer(
    raw: dict[str, Any], systems: Collection[str]
) -> tuple[dict[str, Any], Note | None]:
    """The Observation with the input-contract codings its local codes stand for, added to
    `code` and `valueCodeableConcept`, and the why-trace note; `raw` itself when none applies.

    `systems` are our CodeSystem's URLs the reader accepts: a mapping onto our CodeSystem is
    written under one of them, so the reader finds it as if the EHR had sent it.
    """
    by_source = _ACTIVE.by_source
    if not by_source:
        return raw, None  # no file: nothing runs per call
    ours = input_system() if input_system() in systems else min(systems, default=input_system())
    updated: dict[str, Any] | None = None
    notes: list[MappedCode] = []
    for element in ("code", "valueCodeableConcept"):
        concept = raw.get(element)
        mapped = _mapped(concept, by_source, systems)
        if mapped is None or not isinstance(concept, Mapping):
            continue
        target = ours if mapped.target_system == input_system() else mapped.target_system
        coding = {"system": target, "code": mapped.target_code}
        updated = updated if updated is not None else dict(raw)
        updated[element] = {**concept, "coding": [coding, *concept.get("coding", ())]}
        notes.append(mapped)
    if updated is None:
        return raw, None
    return updated, (
        "; ".join(m.note[0] for m in notes),
        "; ".join(m.note[1] for m in notes),
    )


def _mapped(
    concept: Any, by_source: Mapping[tuple[str, str], MappedCode], systems: Collection[str]
) -> MappedCode | None:
    """The mapping of the concept's first mapped coding; None when it already carries a code
    of ours (the EHR's own input-contract code wins) or no local code is mapped."""
    if not isinstance(concept, Mapping) or not isinstance(concept.get("coding"), list):
        return None
    found: MappedCode | None = None
    for coding in concept["coding"]:
        if not isinstance(coding, Mapping):
            continue
        system, code = coding.get("system"), coding.get("code")
        if system in systems:
            return None
        if found is None and isinstance(system, str) and isinstance(code, str):
            found = by_source.get((system, code))
    return found
