"""The shapes of a narrowed prefetch (service/query_narrowing.py makes them at start-up).

Here, apart from the planning, because `CDSService` (service/cds/contract.py) carries them: the
contract imports these shapes, the planner imports the contract, and nothing imports back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal


@dataclass(frozen=True)
class CodeQuery:
    """How one prefetch key is narrowed: the token parameter and the tokens of the codes read.

    `tokens` is called at start-up, after the operators' value-set files are loaded, so their
    codes are asked for too. A token is FHIR's: `system|code`, `system|` (any code of the
    system: for codes matched by prefix or pattern) or a bare `code` (in any system).
    """

    parameter: Literal["code", "combo-code"]
    tokens: Callable[[], Sequence[str]]


@dataclass(frozen=True)
class NarrowedKey:
    """One prefetch key of the narrowed templates: part of `key`'s data, or all of it."""

    key: str  # the key the rules read
    broad: str  # the template without codes, for a server that refuses the narrowed one
    parameter: str
    tokens: tuple[str, ...]

    def keep(self, resource: Mapping[str, Any]) -> bool:
        """Whether the narrowed query would have returned this resource (FHIR token matching).

        Asked of every resource of the key, thousands in a long prefetch: one set lookup per
        coding, whatever the number of tokens.
        """
        if self._holds(resource.get("code")):
            return True
        if self.parameter != "combo-code":
            return False
        components = resource.get("component")
        return type(components) is list and any(
            type(c) is dict and self._holds(c.get("code")) for c in components
        )

    def _holds(self, concept: Any) -> bool:
        """Whether a coding of this CodeableConcept matches one of the tokens."""
        if type(concept) is not dict:
            return False
        codings = concept.get("coding")
        if type(codings) is not list:
            return False
        exact, systems, anywhere, unsystemed = self._index
        for coding in codings:
            if type(coding) is not dict:
                continue
            system, code = coding.get("system"), coding.get("code")
            system = system if type(system) is str else None
            code = code if type(code) is str else None
            if (system, code) in exact or system in systems or code in anywhere:
                return True
            if system is None and code in unsystemed:
                return True
        return False

    @cached_property
    def _index(self) -> tuple[set[tuple[str, str]], set[str], set[str], set[str]]:
        """The tokens as sets: `system|code`, `system|`, `code` (any system), `|code` (none)."""
        exact: set[tuple[str, str]] = set()
        systems: set[str] = set()
        anywhere: set[str] = set()
        unsystemed: set[str] = set()
        for token in self.tokens:
            if "|" not in token:
                anywhere.add(token)
                continue
            system, _, code = token.rpartition("|")
            if not system:
                unsystemed.add(code)
            elif not code:
                systems.add(system)
            else:
                exact.add((system, code))
        return exact, systems, anywhere, unsystemed


@dataclass(frozen=True)
class QueryPlan:
    """A service's narrowed prefetch keys (by the template key) and the templates themselves."""

    keys: Mapping[str, NarrowedKey]
    templates: Mapping[str, str]
