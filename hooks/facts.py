"""Facts with three values and their provenance: true, false, or unknown.

Absence of a record is unknown, never false. Every fact keeps the resources it came from
(type/id and date, no patient data), so a card can show why it fired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Evidence:
    """One resource a fact was read from: `Condition/abc` and its clinical date.

    `note` (Dutch, English) says how the record was read when that matters to the reader: by a
    name in its text, through a referenced Medication, or why it could not be classified.
    `text_match` marks a record recognised by a name in free text, not by a code: such a fact
    never makes a card critical on its own (hooks.cards.rule_card).
    """

    reference: str
    date: str | None = None
    note: tuple[str, str] | None = None
    text_match: bool = False

    def __str__(self) -> str:
        return f"{self.reference} ({self.date})" if self.date else self.reference

    def describe(self, language: str) -> str:
        """`str(self)` with the note in the card's language; a note alone for a fact that came
        from no record (a site setting, named in words)."""
        if self.note is None:
            return str(self)
        if not self.reference:
            return self.note[0] if language == "nl" else self.note[1]
        return f"{self} ({self.note[0] if language == 'nl' else self.note[1]})"


@dataclass(frozen=True)
class Fact(Generic[T]):
    """A value (None = unknown) and where it came from."""

    value: T | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN: Fact[Any] = Fact()


def unknown() -> Fact[T]:
    """An unknown fact of any type: one shared instance, as a Fact is immutable (a hundred of
    them are made for every call)."""
    return UNKNOWN
