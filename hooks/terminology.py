"""Codes and value sets, the machinery: systems, a code, a value set and how it matches.

`hooks/codes.py` holds the value sets themselves (the data of the clinical model §2) and
re-exports these names, so a reader of the rules imports one module. Matching is code-system
aware; ICD-10 and ATC codes match by prefix (C79.5 matches C79.51 in a local extension), a few
sets match a code pattern (ICD-O-3 behaviour /3); a coding with only text is never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10_NL = "http://hl7.org/fhir/sid/icd-10-nl"
ATC = "http://www.whocc.no/atc"
HGNC = "http://www.genenames.org"
ICD_O3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD_O3_OID = "urn:oid:2.16.840.1.113883.6.43.1"  # the form Dutch zibs use
UCUM = "http://unitsofmeasure.org"
REQUEST_PRIORITY = "http://hl7.org/fhir/request-priority"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"

# Systems that are one code system under two URIs: WHO ICD-10 and its Dutch extension, and
# ICD-O-3 under its URL and the OID Dutch zibs use.
_FAMILY = {ICD10_NL: ICD10, ICD_O3_OID: ICD_O3}
# ICD-10 and ATC codes are hierarchical by prefix.
_HIERARCHICAL = frozenset({ICD10, ATC})
Verification = Literal["verified", "probable", "unverified"]


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str
    verification: Verification = "verified"
    # Added at start from the operator's file (CDS_LOCAL_VALUE_SETS_FILE), not by us.
    local: bool = False


@dataclass(frozen=True)
class CodePattern:
    """Codes of one system that match a regular expression (whole code), e.g. ICD-O-3 `NNNN/3`."""

    system: str
    regex: str
    display: str
    verification: Verification = "verified"


# Compared and hashed by identity: each set is built once, and hashing a hundred codes at
# every lookup of a union (see `union_of`) cost more than the lookups.
@dataclass(frozen=True, eq=False)
class ValueSet:
    """A named set of codes; ICD-10 (WHO and NL) and ATC entries match their sub-codes too."""

    name: str
    codes: tuple[Code, ...]
    patterns: tuple[CodePattern, ...] = ()

    def matches_coding(self, system: str | None, code: str | None) -> bool:
        if not system or not code:
            return False
        family = _FAMILY.get(system, system)
        code = code.strip()
        if family == HGNC:
            code = _hgnc_number(code)
        exact, prefixes = self._index
        if (family, code) in exact:
            return True
        # A hierarchical code matches its parent: C79.51 is in a set that lists C79.5.
        if family in _HIERARCHICAL and any(
            (family, code[:end]) in prefixes for end in range(1, len(code))
        ):
            return True
        patterns = self._patterns
        return bool(patterns) and any(p.fullmatch(code) for p in patterns.get(family, ()))

    @cached_property
    def _patterns(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        """The compiled patterns per system family (empty for almost every set)."""
        found: dict[str, tuple[re.Pattern[str], ...]] = {}
        for pattern in self.patterns:
            family = _FAMILY.get(pattern.system, pattern.system)
            found[family] = (*found.get(family, ()), re.compile(pattern.regex))
        return found

    @cached_property
    def _index(self) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
        """(system family, code) pairs, and those that also match their sub-codes.

        Every call reads each resource against a dozen value sets; a set lookup per coding
        keeps that independent of how many codes a set lists.
        """
        exact = set()
        for entry in self.codes:
            family = _FAMILY.get(entry.system, entry.system)
            exact.add((family, _hgnc_number(entry.code) if family == HGNC else entry.code))
        prefixes = {pair for pair in exact if pair[0] in _HIERARCHICAL}
        return frozenset(exact), frozenset(prefixes)

    @cached_property
    def _seen(self) -> dict[tuple[str, str], bool]:
        """Answers for codings met before: the same few hundred codes recur in every call."""
        return {}

    def matches(self, concept: Mapping[str, Any] | None) -> bool:
        """True when any coding of a CodeableConcept is in the set (text alone never is).

        The hot path of every call (a hundred lookups per order-sign): answered from `_seen`
        where it can be.
        """
        seen = self._seen
        for coding in codings(concept):
            system, code = coding.get("system"), coding.get("code")
            # Only strings are codes (and hashable): an EHR may send anything here.
            if not (isinstance(system, str) and isinstance(code, str)):
                continue
            hit = seen.get((system, code))
            if hit is None:
                hit = self.matches_coding(system, code)
                # Bounded in count and size: the codes a caller sends are not.
                if len(seen) < _SEEN_MAX and len(system) + len(code) <= _SEEN_KEY_MAX:
                    seen[(system, code)] = hit
            if hit:
                return True
        return False

    @property
    def local_codes(self) -> tuple[Code, ...]:
        """The codes an operator's file added (none unless CDS_LOCAL_VALUE_SETS_FILE is set)."""
        return tuple(c for c in self.codes if c.local)

    def matches_local(self, concept: Mapping[str, Any] | None) -> bool:
        """True when the concept is in the set only through a code an operator's file added.

        For the card's "lokale codelijst" mark; never on the hot path, and False at once for a
        set without local codes.
        """
        builtin = self._builtin
        return builtin is not None and self.matches(concept) and not builtin.matches(concept)

    @cached_property
    def _builtin(self) -> ValueSet | None:
        """The set without its local codes; None when it has none."""
        if not any(c.local for c in self.codes):
            return None
        return ValueSet(self.name, tuple(c for c in self.codes if not c.local), self.patterns)


# The memos a change of a set's codes invalidates.
_MEMOS = ("_index", "_seen", "_patterns", "_builtin")


def set_local_codes(value_set: ValueSet, local: Sequence[Code]) -> None:
    """Replace the set's local codes (those an operator's file added) in place, at start.

    In place, because every module holds the set itself (`from hooks.codes import ...`). Only
    before the first call (`hooks.warm_up`): the memos and unions are rebuilt on next use.
    """
    builtin = tuple(c for c in value_set.codes if not c.local)
    known = {(c.system, c.code) for c in builtin}
    added = tuple(
        c if c.local else Code(c.system, c.code, c.display, c.verification, local=True)
        for c in local
        if (c.system, c.code) not in known
    )
    object.__setattr__(value_set, "codes", builtin + added)
    for memo in _MEMOS:
        value_set.__dict__.pop(memo, None)
    union_of.cache_clear()


_SEEN_MAX = 4096
_SEEN_KEY_MAX = 200


@lru_cache(maxsize=256)
def union_of(sets: tuple[ValueSet, ...]) -> ValueSet:
    """One value set holding the codes of several, so a resource is looked up once, not per set."""
    if len(sets) == 1:
        return sets[0]
    return ValueSet(
        "+".join(vs.name for vs in sets),
        tuple(c for vs in sets for c in vs.codes),
        tuple(p for vs in sets for p in vs.patterns),
    )


def _hgnc_number(code: str) -> str:
    """HGNC ids come as `HGNC:1097` or as the bare number `1097`."""
    return code.upper().removeprefix("HGNC:")


def codings(concept: Mapping[str, Any] | None) -> Sequence[Mapping[str, Any]]:
    """The codings of a CodeableConcept, tolerating any shape an EHR may send."""
    # JSON gives dicts; the exact-type tests first, as the ABC checks cost ten times more.
    if type(concept) is not dict and not isinstance(concept, Mapping):
        return ()
    found = concept.get("coding")
    if type(found) is not list and not isinstance(found, list):
        return ()
    for c in found:
        if type(c) is not dict and not isinstance(c, Mapping):
            return [c for c in found if type(c) is dict or isinstance(c, Mapping)]
    # Every coding is an object, as in all but broken input: the list itself, not a copy
    # (callers only read it).
    return found


def value_set(name: str, *codes: Code) -> ValueSet:
    return ValueSet(name, codes)


def snomed(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(SNOMED, code, display, verification)


def icd10(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(ICD10, code, display, verification)


def atc(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(ATC, code, display, verification)


def loinc(code: str, display: str, verification: Verification = "verified") -> Code:
    return Code(LOINC, code, display, verification)
