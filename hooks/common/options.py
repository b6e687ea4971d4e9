"""Option tables: rows that are independent options, each shown with the state of its condition.

A decision table answers one question and its first row that holds wins (`hooks.rules`). Some
sources instead list options side by side, each with its own condition (the treatments of liver
metastases, the systemic treatments of brain metastases). Every row of an option table is
assessed: a row that holds is shown as applying, an undecided row as possible with the facts
still unknown, and a row that does not hold is left off the card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from hooks.rules import DecisionTable, Row, Truth

F = TypeVar("F")


@dataclass(frozen=True)
class OptionTable(DecisionTable[F]):
    """A decision table whose rows are all assessed; no row wins over another."""


@dataclass(frozen=True)
class Assessed(Generic[F]):
    row: Row[F]
    holds: Truth


def assess(table: DecisionTable[F], facts: F) -> tuple[Assessed[F], ...]:
    """Every row with its three-valued truth, in the table's order."""
    return tuple(Assessed(row, row.when(facts)) for row in table.rows)


def shown(table: DecisionTable[F], facts: F) -> tuple[Assessed[F], ...]:
    """The rows a card lists: those that hold and those that could not be decided."""
    return tuple(a for a in assess(table, facts) if a.holds is not False)
