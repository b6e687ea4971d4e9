"""Review documents of the topic packages: the tables, the options, the codes, and what is left out.

Decision tables render with `hooks.rules.render_markdown`; option tables (every row assessed)
render here with the same columns and their own heading, so the document never claims a
first-wins order the service does not use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hooks.codes import ValueSet
from hooks.common.options import OptionTable
from hooks.rules import DecisionTable, Row, render_markdown

_MARK = {"verified": "✅", "probable": "✅¹", "unverified": "⚠️ unverified"}


def _row_line(row: Row[Any]) -> str:
    doc = (row.when.__doc__ or "").strip().splitlines()[0] if row.when.__doc__ else ""
    where = row.source.url or row.source.reference
    return (
        f"| `{row.id}` | `{row.when.__name__}`: {doc} | {row.advice_nl} | {row.advice_en} "
        f"| {row.indicator} | {row.source.section} ({where}): “{row.source.quote_nl}” |"
    )


def render_option_table(table: OptionTable[Any]) -> str:
    lines = [
        f"## {table.question_nl}",
        "",
        f"*{table.question_en}* (option table `{table.id}`; every row is assessed on its own: "
        "a row that holds is listed as applying, an undecided row as possible with its unknown "
        "facts named, a row that does not hold is left off the card)",
        "",
        "| rule | als (predicate) | advies | advice | indicator | bron / citaat |",
        "|---|---|---|---|---|---|",
        *(_row_line(row) for row in table.rows),
        "",
    ]
    return "\n".join(lines)


def render_value_sets(value_sets: Sequence[ValueSet]) -> str:
    lines = [
        "## Codes read",
        "",
        "Verification as in the clinical model: ✅ seen in a public source, ✅¹ one source only, "
        "⚠️ unverified (check on a terminology server before production). ICD-10 and ATC codes "
        "match their sub-codes.",
        "",
        "| value set | system | code | display | verification |",
        "|---|---|---|---|---|",
    ]
    for vs in value_sets:
        for code in vs.codes:
            lines.append(
                f"| `{vs.name}` | `{code.system}` | `{code.code}` | {code.display} "
                f"| {_MARK[code.verification]} |"
            )
    lines.append("")
    return "\n".join(lines)


def review_document(
    *,
    title: str,
    intro: str,
    tables: Sequence[DecisionTable[Any]],
    value_sets: Sequence[ValueSet],
    not_implemented: Sequence[tuple[str, str]] = (),
) -> str:
    """The whole document: decision tables, option tables, codes, and rules not implemented."""
    decisions = [t for t in tables if not isinstance(t, OptionTable)]
    options = [t for t in tables if isinstance(t, OptionTable)]
    parts = [render_markdown(title, intro, decisions).rstrip("\n"), ""]
    parts += [render_option_table(t) for t in options]
    if not_implemented:
        parts += [
            "## Not implemented as a card, and why",
            "",
            "| rule | why |",
            "|---|---|",
            *(f"| `{rule}` | {why} |" for rule, why in not_implemented),
            "",
        ]
    parts.append(render_value_sets(value_sets))
    return "\n".join(parts)
