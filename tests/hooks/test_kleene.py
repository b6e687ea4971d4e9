"""The three-valued logic every decision table rests on: unknown is not false."""

from __future__ import annotations

import itertools

import pytest

from hooks.rules import Truth, all_of, any_of, negate

VALUES: tuple[Truth, ...] = (True, False, None)


def _and(a: Truth, b: Truth) -> Truth:
    """Kleene AND written out as its truth table (CQL `and`)."""
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


@pytest.mark.parametrize(("a", "b"), list(itertools.product(VALUES, repeat=2)))
def test_two_values_follow_the_kleene_tables(a: Truth, b: Truth) -> None:
    assert all_of(a, b) is _and(a, b)
    assert any_of(a, b) is _or(a, b)


@pytest.mark.parametrize("values", list(itertools.product(VALUES, repeat=3)))
def test_many_values_fold_like_the_two_value_tables(values: tuple[Truth, ...]) -> None:
    a, b, c = values
    assert all_of(*values) is _and(_and(a, b), c)
    assert any_of(*values) is _or(_or(a, b), c)


def test_no_values_are_the_identities() -> None:
    assert all_of() is True
    assert any_of() is False


def test_negate_keeps_unknown() -> None:
    assert negate(None) is None
    assert negate(True) is False
    assert negate(False) is True
