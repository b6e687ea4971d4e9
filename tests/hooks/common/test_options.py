"""Option tables assess every row; the review renderer never claims first-wins for them."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.common.options import OptionTable, assess, shown
from hooks.common.review import review_document
from hooks.rules import Row, Source, Truth

SOURCE = Source("Bron", "Sectie", "citaat", "thesis", reference="Ref")


@dataclass(frozen=True)
class F:
    a: Truth
    b: Truth


def holds_a(f: F) -> Truth:
    """A geldt."""
    return f.a


def holds_b(f: F) -> Truth:
    """B geldt."""
    return f.b


TABLE = OptionTable[F](
    id="test.options",
    question_nl="Welke opties?",
    question_en="Which options?",
    rows=(
        Row("T-1", holds_a, ("a",), "A", "A", "info", SOURCE),
        Row("T-2", holds_b, ("b",), "B", "B", "info", SOURCE),
    ),
)


def test_every_row_is_assessed_and_false_rows_are_not_shown() -> None:
    assert [(a.row.id, a.holds) for a in assess(TABLE, F(True, True))] == [
        ("T-1", True),
        ("T-2", True),
    ]
    assert [a.row.id for a in shown(TABLE, F(None, False))] == ["T-1"]


def test_review_document_marks_option_tables_as_such() -> None:
    text = review_document(title="T", intro="I", tables=(TABLE,), value_sets=())
    assert "option table `test.options`; every row is assessed" in text
    assert "first that holds wins" not in text
    assert "| `T-2` | `holds_b`: B geldt. |" in text
