"""The operator's own codes: a FHIR terminology file that extends our value sets at start.

`CDS_LOCAL_VALUE_SETS_FILE` names one JSON file: a ValueSet, a Bundle of them (`entry[].resource`)
or a JSON list of them. Which of our value sets a ValueSet extends is its `url`, which must be
our canonical for that set, `https://metastasis-cds.example/fhir/ValueSet/<id>` (the ids are in
docs/value-sets.md): the one thing to get right, and a wrong one stops the start with the nearest
id. Only enumerated codes count, `compose.include[].concept[]` under the include's `system` and
`expansion.contains[]` (nested too): no filter, no `valueSet` import, no `compose.exclude`, no
include of a whole code system. A terminology server cannot expand those here, and guessing
would add codes no one listed.

The added codes are marked local (`hooks.codes.Code.local`): `ValueSet.matches_local` tells the
card that a match rests only on the operator's list ("lokale codelijst"). Without the setting
nothing changes and nothing runs per call; with it the codes join the set's index, so a lookup
costs what it did.

`read_enumerated` (file → resources → codes, with a one-line refusal naming file, resource and
problem) is shared with other enumerated terminology files, such as a ConceptMap of local answer
codes: such a reader passes its own `extract` and error class.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hooks import codes
from hooks.common import codes as common_codes
from service.settings import PRODUCT_CANONICAL_BASE

SETTING = "CDS_LOCAL_VALUE_SETS_FILE"
T = TypeVar("T")


class LocalTerminologyError(ValueError):
    """A local terminology file the service refuses to start with; `str()` is one line."""

    setting = "local terminology file"
    # Why a resource needs its `url`, in the refusal of one without.
    url_role = "the url says which of our value sets it extends"

    def __init__(self, path: Path, resource: str, problem: str) -> None:
        self.path, self.resource, self.problem = path, resource, problem
        super().__init__(f"{self.setting} {path}: {resource}: {problem}")


class LocalValueSetError(LocalTerminologyError):
    """`CDS_LOCAL_VALUE_SETS_FILE` names a file we will not read: unreadable, or not only codes."""

    setting = SETTING


class Refused(Exception):
    """Raised by an `extract` function: what is wrong with the resource, in a few words."""


@dataclass(frozen=True)
class EnumeratedCode:
    system: str
    code: str
    display: str


def read_enumerated(
    path: Path,
    resource_type: str,
    extract: Callable[[Mapping[str, Any]], T],
    error: type[LocalTerminologyError] = LocalTerminologyError,
) -> dict[str, T]:
    """Per canonical `url`, what `extract` reads from each `resource_type` resource in the file.

    The file holds one resource, a Bundle (`entry[].resource`) or a JSON list of them. Any
    problem, the file's or a resource's (`extract` raises `Refused`), raises `error` with one
    line naming the file, the resource (url, else id, else its place) and the problem.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(path, "file", f"cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(path, "file", f"is not JSON ({_one_line(exc)})") from exc
    read: dict[str, T] = {}
    for place, resource in _resources(path, document, resource_type, error):
        label = _label(resource, resource_type, place)
        url = resource.get("url")
        if not isinstance(url, str) or not url.strip():
            raise error(path, label, f"has no `url`: {error.url_role}")
        if url in read:
            raise error(path, label, "appears twice in the file: merge the two into one")
        try:
            read[url] = extract(resource)
        except Refused as refused:
            raise error(path, label, str(refused)) from None
    if not read:
        raise error(path, "file", f"holds no {resource_type}")
    return read


def value_set_codes(resource: Mapping[str, Any]) -> tuple[EnumeratedCode, ...]:
    """The codes a ValueSet lists: `compose.include[].concept[]` and `expansion.contains[]`.

    Refuses (`Refused`) anything that is not a list of codes: filters, imported value sets,
    exclusions, a whole code system, and codings without a system URI or a code.
    """
    found: list[EnumeratedCode] = []
    compose = resource.get("compose")
    if compose is not None:
        if not isinstance(compose, Mapping):
            raise Refused("`compose` is not an object")
        if compose.get("exclude"):
            raise Refused("`compose.exclude` is not supported: list only the codes to add")
        for i, include in enumerate(_list(compose.get("include"), "compose.include")):
            found.extend(_included(include, f"compose.include[{i}]"))
    expansion = resource.get("expansion")
    if expansion is not None:
        if not isinstance(expansion, Mapping):
            raise Refused("`expansion` is not an object")
        found.extend(_contained(expansion.get("contains"), "expansion.contains"))
    if not found:
        raise Refused("lists no codes (compose.include[].concept[] or expansion.contains[])")
    return tuple(dict.fromkeys(found))


class LocalValueSetSettings(BaseSettings):
    """`CDS_LOCAL_VALUE_SETS_FILE`: the operator's value-set file; unset = only our codes."""

    model_config = SettingsConfigDict(
        env_prefix="CDS_", env_file=".env", extra="ignore", frozen=True
    )

    local_value_sets_file: Path | None = None

    @field_validator("local_value_sets_file", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def canonical_url(value_set: codes.ValueSet) -> str:
    """Our canonical for a value set: what an operator's ValueSet.url must be to extend it."""
    return f"{PRODUCT_CANONICAL_BASE}/ValueSet/{value_set.name}"


def extendable() -> tuple[codes.ValueSet, ...]:
    """The value sets an operator's file may extend: the shared ones of `hooks.codes` and
    `hooks.common.codes` (one object per name; sets copied from them at import are not)."""
    return tuple({vs.name: vs for vs in (*codes.ALL_VALUE_SETS, *common_codes.VALUE_SETS)}.values())


@dataclass(frozen=True)
class LocalValueSets:
    """What an operator's file added, per extended value set (empty: no file configured)."""

    path: Path | None
    added: Mapping[str, tuple[codes.Code, ...]]  # by value-set name


def read_local_value_sets(
    path: Path, value_sets: Iterable[codes.ValueSet] | None = None
) -> dict[codes.ValueSet, tuple[codes.Code, ...]]:
    """The local codes per value set that the file extends; nothing is changed yet."""
    by_url = {canonical_url(vs): vs for vs in (extendable() if value_sets is None else value_sets)}
    read = read_enumerated(path, "ValueSet", value_set_codes, LocalValueSetError)
    extended: dict[codes.ValueSet, tuple[codes.Code, ...]] = {}
    for url, listed in read.items():
        target = by_url.get(url)
        if target is None:
            near = difflib.get_close_matches(url, by_url, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise LocalValueSetError(
                path,
                f"ValueSet {url}",
                f"is not one of our value sets{hint}: the url must be "
                f"{PRODUCT_CANONICAL_BASE}/ValueSet/<id> with an id from docs/value-sets.md",
            )
        extended[target] = tuple(
            codes.Code(c.system, c.code, c.display or c.code, "unverified", local=True)
            for c in listed
        )
    return extended


def load_configured(
    settings: LocalValueSetSettings | None = None,
    value_sets: Sequence[codes.ValueSet] | None = None,
) -> LocalValueSets:
    """Read the configured file once and extend the value sets it names (`hooks.warm_up`).

    Raises `LocalValueSetError` for a file we will not read, before anything changes. Calling it
    again replaces what an earlier call added; without a file, earlier additions are removed.
    """
    settings = settings or LocalValueSetSettings()
    targets = extendable() if value_sets is None else tuple(value_sets)
    path = settings.local_value_sets_file
    extended = read_local_value_sets(path, targets) if path is not None else {}
    for vs in targets:
        if vs in extended or vs.local_codes:
            codes.set_local_codes(vs, extended.get(vs, ()))
    return LocalValueSets(path, {vs.name: vs.local_codes for vs in extended})


def _resources(
    path: Path, document: object, resource_type: str, error: type[LocalTerminologyError]
) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(document, list):
        items = [(f"item [{i}]", r) for i, r in enumerate(document)]
    elif isinstance(document, Mapping) and document.get("resourceType") == "Bundle":
        entries = document.get("entry")
        if not isinstance(entries, list):
            raise error(path, "Bundle", "has no `entry` list")
        items = [
            (f"entry [{i}]", e.get("resource") if isinstance(e, Mapping) else None)
            for i, e in enumerate(entries)
        ]
    else:
        items = [("resource", document)]
    checked: list[tuple[str, Mapping[str, Any]]] = []
    for place, resource in items:
        if not isinstance(resource, Mapping) or resource.get("resourceType") != resource_type:
            kind = resource.get("resourceType") if isinstance(resource, Mapping) else None
            raise error(
                path,
                place,
                f"is not a {resource_type} (resourceType {kind!r}): the file holds a "
                f"{resource_type}, a Bundle of them or a JSON list of them",
            )
        checked.append((place, resource))
    return checked


def _label(resource: Mapping[str, Any], resource_type: str, place: str) -> str:
    for key in ("url", "id"):
        value = resource.get(key)
        if isinstance(value, str) and value.strip():
            return f"{resource_type} {value}"
    return f"{resource_type} at {place}"


def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Refused(f"`{where}` is not a list")
    return value


def _included(include: object, where: str) -> list[EnumeratedCode]:
    if not isinstance(include, Mapping):
        raise Refused(f"`{where}` is not an object")
    if include.get("filter"):
        raise Refused(f"`{where}.filter` is not supported: list the codes in `concept`")
    if include.get("valueSet"):
        raise Refused(f"`{where}.valueSet` imports a value set: list its codes in `concept`")
    system = _system(include.get("system"), where)
    concepts = _list(include.get("concept"), f"{where}.concept")
    if not concepts:
        raise Refused(f"`{where}` includes all of {system}: list the codes in `concept`")
    found = []
    for i, concept in enumerate(concepts):
        if not isinstance(concept, Mapping):
            raise Refused(f"`{where}.concept[{i}]` is not an object")
        found.append(_enumerated(system, concept, f"{where}.concept[{i}]"))
    return found


def _contained(contains: object, where: str) -> list[EnumeratedCode]:
    found = []
    for i, entry in enumerate(_list(contains, where)):
        here = f"{where}[{i}]"
        if not isinstance(entry, Mapping):
            raise Refused(f"`{here}` is not an object")
        if entry.get("abstract") is not True:  # an abstract entry only groups its children
            found.append(_enumerated(_system(entry.get("system"), here), entry, here))
        found.extend(_contained(entry.get("contains"), f"{here}.contains"))
    return found


def _system(system: object, where: str) -> str:
    if not isinstance(system, str) or ":" not in system or system != system.strip():
        raise Refused(f"`{where}.system` is not a code-system URI (got {system!r})")
    return system


def _enumerated(system: str, entry: Mapping[str, Any], where: str) -> EnumeratedCode:
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise Refused(f"`{where}.code` is not a code (got {code!r})")
    display = entry.get("display")
    return EnumeratedCode(system, code, display if isinstance(display, str) else "")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
