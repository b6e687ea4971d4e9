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
    """One resource a fact was read from: `Condition/abc` and its clinical date."""

    reference: str
    date: str | None = None

    def __str__(self) -> str:
        return f"{self.reference} ({self.date})" if self.date else self.reference


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
