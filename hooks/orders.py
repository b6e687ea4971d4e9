"""Draft orders of an order-select / order-sign call, read tolerantly, and edits to them.

The sandbox sends `draftOrders` without a Bundle `type`; some EHRs send orders that are not
drafts when re-signing. When we update an EHR's draft order we change only the elements we mean
to change and leave the rest of its JSON as it came.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hooks.codes import ValueSet
from hooks.order_reading import read_order
from service.cds.models import HookRequest

PRIORITY_RANK = {"routine": 0, "urgent": 1, "asap": 2, "stat": 3}


def draft_orders(request: HookRequest) -> list[dict[str, Any]]:
    """The orders the hook is about: for order-select only the `selections`, else all drafts."""
    bundle = request.context.get("draftOrders")
    if not isinstance(bundle, Mapping):
        return []
    entries = bundle.get("entry")
    resources = [
        e["resource"]
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, Mapping) and isinstance(e.get("resource"), dict)
    ]
    selections = request.context.get("selections")
    if request.hook == "order-select" and isinstance(selections, list) and selections:
        wanted = {str(s) for s in selections}
        resources = [r for r in resources if f"{r.get('resourceType')}/{r.get('id')}" in wanted]
    return resources


def orders_coded(
    orders: list[dict[str, Any]], resource_type: str, element: str, value_set: ValueSet
) -> list[dict[str, Any]]:
    """The orders whose code puts them in the set (ATC, SNOMED CT, an RxNorm clinical drug, CPT;
    `hooks.order_reading`); an order matched only on its text is not among them."""
    wanted = (resource_type, element, value_set)
    found = []
    for o in orders:
        reading = read_order(o, wanted, orders)
        if reading.member and not reading.text_match:
            found.append(o)
    return found


def order_reference(order: Mapping[str, Any]) -> str:
    return f"{order.get('resourceType')}/{order.get('id', '?')}"


def is_less_urgent(order: Mapping[str, Any], priority: str, deadline: datetime) -> bool:
    """True when the order's priority or its planned end is less urgent than the advice."""
    current = PRIORITY_RANK.get(str(order.get("priority", "routine")), 0)
    if current < PRIORITY_RANK[priority]:
        return True
    period = order.get("occurrencePeriod")
    end = period.get("end") if isinstance(period, Mapping) else None
    if not isinstance(end, str):
        return True
    try:
        planned = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return True
    if planned.tzinfo is None:
        return True
    return planned > deadline


def with_deadline(
    order: Mapping[str, Any], priority: str, start: datetime, deadline: datetime
) -> dict[str, Any]:
    """The order with the advised priority and `occurrencePeriod.end`; everything else kept."""
    updated = copy.deepcopy(dict(order))
    updated["priority"] = priority
    for other in ("occurrenceDateTime", "occurrenceTiming"):
        updated.pop(other, None)  # occurrence[x] is a choice: one form only
    existing = updated.get("occurrencePeriod")
    # A malformed period (a bare date, a number) is replaced, never a reason to fail the call.
    period = dict(existing) if isinstance(existing, Mapping) else {}
    period.setdefault("start", start.isoformat(timespec="seconds"))
    period["end"] = deadline.isoformat(timespec="seconds")
    updated["occurrencePeriod"] = period
    return updated
