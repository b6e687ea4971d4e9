"""Tijdsinterval tussen chirurgie en radiotherapie (SM-RT09) on a radiotherapy order.

Richtlijn Wervelmetastasen: "een minimaal tijdsinterval van 3-4 weken … Mocht er postoperatief
onvoldoende neurologisch herstel zijn, of zelfs achteruitgang, dan is het zaak eerder te
starten met radiotherapie". The card shows the 3-4 week span and warns when the order plans a
start before 3 weeks; its summary says "minimaal 3-4 weken" (or "eerder" when insufficient
recovery is recorded), and its order update sets the earliest start at surgery + the local-policy
days (`CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS`, 28 by default), never when insufficient recovery is
recorded and never moving a later planned start forward.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from hooks.cards import stable_uuid, t, when
from hooks.fhir_lean import parse_datetime
from hooks.orders import order_reference
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.radiotherapy import (
    POSTOP_INTERVAL_DAYS,
    POSTOPERATIVE_INTERVAL,
)
from service.cds.contract import HookCall, Language
from service.cds.models import Action, Suggestion

MIN_DAYS_SETTING = "CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS"


def earliest_start(
    facts: SpineFacts, policy: SpinePolicy, order: dict[str, Any]
) -> datetime | None:
    """Surgery + the local-policy days (SM-RT09), when the order plans no later start.

    None without a surgery date, when insufficient neurological recovery or deterioration is
    recorded (then earlier, as the guideline says), or when the order already starts later.
    """
    surgery = facts.spine_surgery_date.value
    if surgery is None or facts.postoperative_recovery_insufficient.value is True:
        return None
    earliest = surgery + timedelta(days=policy.postoperative_rt_min_days)
    planned = planned_start(order)
    return earliest if planned is None or planned < earliest else None


def with_start(resource: dict[str, Any], start: datetime) -> dict[str, Any]:
    """The order with `occurrencePeriod.start` at `start` (an end before it is dropped)."""
    updated = copy.deepcopy(resource)
    updated.pop("occurrenceDateTime", None)
    period = updated.get("occurrencePeriod")
    period = dict(period) if isinstance(period, dict) else {}
    end = parse_datetime(period.get("end")) if isinstance(period.get("end"), str) else None
    if end is not None and end < start:
        period.pop("end")
    period["start"] = start.isoformat()
    updated["occurrencePeriod"] = period
    return updated


def start_label(earliest: datetime, tz: str, language: Language, now: datetime) -> str:
    day = when(earliest, tz, language, now).rsplit(" ", 1)[0]
    return t(
        language,
        f"start niet vóór {day} (minimaal 3-4 weken na de operatie; eerder bij onvoldoende neurologisch herstel)",
        f"start not before {day} (at least 3-4 weeks after surgery; earlier if neurological recovery is insufficient)",
    )


def interval_suggestion(
    call: HookCall, order: dict[str, Any], earliest: datetime, tz: str
) -> Suggestion:
    """The earliest start alone, when the scheme itself is still open."""
    label = start_label(earliest, tz, call.language, call.now)
    return Suggestion(
        label=label[:1].upper() + label[1:],
        uuid=stable_uuid(call.request.hook_instance, "SM-RT09", order_reference(order), "start"),
        actions=(
            Action(
                type="update",
                description=t(
                    call.language,
                    "Vroegste start volgens SM-RT09",
                    "Earliest start per SM-RT09",
                ),
                resource=with_start(order, earliest),
            ),
        ),
    )


def earliest_line(call: HookCall, policy: SpinePolicy, earliest: datetime) -> str:
    days = policy.postoperative_rt_min_days
    tz, language = policy.display_timezone, call.language
    shown = when(earliest, tz, language, call.now)
    return t(
        language,
        f"De aanvraag-update zet de vroegste start op {shown}: operatie + {days} dagen (lokaal beleid: vroegste start na de operatie; de richtlijn zegt minimaal 3-4 weken). Eerder starten bij onvoldoende neurologisch herstel of achteruitgang.",
        f"The order update sets the earliest start at {shown}: surgery + {days} days (local policy: earliest start after surgery; the guideline says at least 3-4 weeks). Start earlier if neurological recovery is insufficient or there is deterioration.",
    )


def postoperative_summary(summary: tuple[str, str], insufficient: bool | None) -> tuple[str, str]:
    """The scheme's summary with the interval, under 140 characters."""
    if insufficient:
        tails = [
            (
                ", eerder starten: onvoldoende neurologisch herstel",
                ", start earlier: insufficient neurological recovery",
            )
        ]
    else:
        tails = [
            (
                ", start minimaal 3-4 weken na de operatie",
                ", start at least 3-4 weeks after surgery",
            ),
            (", minimaal 3-4 weken na de operatie", ", at least 3-4 weeks after surgery"),
        ]
    for tail in tails:
        longer = (summary[0] + tail[0], summary[1] + tail[1])
        if max(len(s) for s in longer) < 140:
            return longer
    return summary


def interval_line(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], tz: str, surgery: datetime
) -> tuple[str, bool]:
    """SM-RT09: the earliest start 3-4 weeks after surgery, unless recovery falls short."""
    language = call.language
    row = POSTOPERATIVE_INTERVAL.rows[0]
    earliest, latest = (surgery + timedelta(days=d) for d in POSTOP_INTERVAL_DAYS)
    span = f"{when(earliest, tz, language, call.now)} – {when(latest, tz, language, call.now)}"
    insufficient = facts.postoperative_recovery_insufficient.value
    if insufficient:
        text = t(
            language,
            "**Onvoldoende neurologisch herstel of achteruitgang na de operatie: start eerder met radiotherapie (SM-RT09).**",
            "**Insufficient neurological recovery or deterioration after surgery: start radiotherapy earlier (SM-RT09).**",
        )
    else:
        text = t(
            language,
            f"**Start niet vóór 3-4 weken na de operatie: {span} (SM-RT09)**, tenzij het neurologisch herstel onvoldoende is of er achteruitgang is; dan eerder.",
            f"**Do not start before 3-4 weeks after surgery: {span} (SM-RT09)**, unless neurological recovery is insufficient or there is deterioration; then earlier.",
        )
    planned = planned_start(order)
    early = bool(planned is not None and planned < earliest and not insufficient)
    if early and planned is not None:
        text += " " + t(
            language,
            f"De aanvraag plant de start op {when(planned, tz, language, call.now)}, vóór dit interval.",
            f"The order plans the start on {when(planned, tz, language, call.now)}, before this interval.",
        )
    quote = f"> {row.source.quote_nl}\n>\n> — {row.source.guideline}, {row.source.section}"
    return f"{text}\n\n{quote}", early


def planned_start(order: dict[str, Any]) -> datetime | None:
    period = order.get("occurrencePeriod")
    start = period.get("start") if isinstance(period, dict) else order.get("occurrenceDateTime")
    return parse_datetime(start) if isinstance(start, str) else None
