"""Bounds on a feedback body before it is validated or stored: nesting depth and item count.

Both come from an attack run: feedback nested ~1,000 levels deep in `overrideReason.reason`
failed the store's JSON encoder (a 500), and 10,000 items in one delivery took over 20 s to
store while other feedback waited. A real EHR sends a few items, a few levels deep.
"""

from __future__ import annotations

from typing import Any

from service.errors import InvalidRequest, PayloadTooLarge

# Levels of JSON objects and arrays a feedback body may nest, the body itself being level 1.
# The spec's deepest member, a Coding in `overrideReason.reason`, is at level 5; a Coding
# with an extension of an extension stays well below this.
MAX_FEEDBACK_DEPTH = 32


def nesting_depth_exceeds(value: Any, limit: int) -> bool:
    """True when `value` nests objects or arrays deeper than `limit` levels.

    Iterative, so a body deeper than the interpreter's recursion limit cannot fail the check.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def check_feedback(body: Any, max_items: int) -> None:
    """413 for more than `max_items` items, 400 for a body nested deeper than the bound."""
    items = body.get("feedback") if isinstance(body, dict) else None
    if isinstance(items, list) and len(items) > max_items:
        raise PayloadTooLarge(
            f"A feedback delivery carries at most {max_items} items, not {len(items)}; "
            "send them in several deliveries"
        )
    if nesting_depth_exceeds(body, MAX_FEEDBACK_DEPTH):
        raise InvalidRequest(
            f"The feedback body nests deeper than {MAX_FEEDBACK_DEPTH} levels of objects and arrays"
        )
