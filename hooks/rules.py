"""Decision tables: the guideline as data, its conditions as named predicates (house style, option D).

Rows are ordered from most urgent down and the first row that holds wins. A predicate returns
None when a fact it needs is unknown; rows above the winner that could not be decided come
back in `Decision.undecided`, so a card can ask for the missing facts instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

F = TypeVar("F")
Indicator = Literal["info", "warning", "critical"]
Strength = Literal["guideline", "review-article", "thesis", "research-news", "hospital-pathway"]
Truth = bool | None

STRENGTH_LABEL: dict[Strength, tuple[str, str]] = {
    "guideline": ("richtlijn", "guideline"),
    "review-article": ("overzichtsartikel", "review article"),
    "thesis": ("proefschrift", "thesis"),
    "research-news": ("onderzoeksnieuws, geen richtlijn", "research news, not a guideline"),
    "hospital-pathway": ("zorgpad ziekenhuis", "hospital care pathway"),
}


@dataclass(frozen=True)
class Source:
    """Where a row comes from; the reviewer checks `quote_nl` against the guideline.

    `url` only where the source itself gives one; otherwise `reference` is the bibliographic
    citation. Never an invented URL.
    """

    guideline: str
    section: str
    quote_nl: str  # verbatim, on one line, so `grep` finds the row from the guideline text
    strength: Strength
    url: str | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        if not (self.url or self.reference):
            raise ValueError(f"source of {self.section!r} needs a url or a reference")


@dataclass(frozen=True)
class Row(Generic[F]):
    """One recommendation: a stable clinical-model id, its condition, its advice and source."""

    id: str  # the clinical-model id (SM-MRI-12h): tests, why-trace, card.source.topic; never renamed
    when: Callable[[F], Truth]  # named predicate; None = a needed fact is missing
    facts: tuple[str, ...]  # the facts the predicate reads, shown in the why-trace
    advice_nl: str
    advice_en: str
    indicator: Indicator
    source: Source


@dataclass(frozen=True)
class DecisionTable(Generic[F]):
    id: str
    question_nl: str
    question_en: str
    rows: tuple[Row[F], ...]

    def row(self, row_id: str) -> Row[F]:
        """The row with this id (a KeyError is a programming error)."""
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)


@dataclass(frozen=True)
class Decision(Generic[F]):
    row: Row[F] | None
    undecided: tuple[Row[F], ...]


def decide(table: DecisionTable[F], facts: F) -> Decision[F]:
    """The first row that holds, and the rows above it that could not be evaluated."""
    undecided: list[Row[F]] = []
    for row in table.rows:
        holds = row.when(facts)
        if holds:
            return Decision(row, tuple(undecided))
        if holds is None:
            undecided.append(row)
    return Decision(None, tuple(undecided))


def all_of(*values: Truth) -> Truth:
    """Kleene AND, as in CQL: false wins over unknown, unknown over true."""
    # Membership tests, not `any(v is False ...)`: the tables call this a hundred times a call.
    # `in` compares by identity first, and a Truth is only ever True, False or None.
    if False in values:
        return False
    if None in values:
        return None
    return True


def any_of(*values: Truth) -> Truth:
    """Kleene OR: true wins over unknown, unknown over false."""
    if True in values:
        return True
    if None in values:
        return None
    return False


def negate(value: Truth) -> Truth:
    """Kleene NOT: unknown stays unknown."""
    return None if value is None else not value


def render_markdown(title: str, intro: str, tables: Sequence[DecisionTable[F]]) -> str:
    """The review document for clinicians: one line per row with its condition and quote."""
    lines = [f"# {title}", "", intro, ""]
    for table in tables:
        lines += [
            f"## {table.question_nl}",
            "",
            f"*{table.question_en}* (table `{table.id}`; rows are tried top-down, the first that holds wins)",
            "",
            "| rule | als (predicate) | advies | advice | indicator | bron / citaat |",
            "|---|---|---|---|---|---|",
        ]
        for row in table.rows:
            doc = (row.when.__doc__ or "").strip().splitlines()[0] if row.when.__doc__ else ""
            where = row.source.url or row.source.reference
            lines.append(
                f"| `{row.id}` | `{row.when.__name__}`: {doc} | {row.advice_nl} | {row.advice_en} "
                f"| {row.indicator} | {row.source.section} ({where}): “{row.source.quote_nl}” |"
            )
        lines.append("")
    return "\n".join(lines)
