"""Snooze after a reasoned dismissal: a card is not shown again while nothing behind it changed.

A card a clinician dismissed with an override reason ("facts differ", "not relevant now") that
comes back on every chart opening is noise, and noise gets every card dismissed unread. So, when
the local policy `CDS_SNOOZE_AFTER_OVERRIDE_DAYS` is above 0 (default 0 = off), a non-critical
card overridden with a reason is not shown again for that patient and rule within that period,
unless the values and evidence of the facts behind it changed: the card carries a fingerprint
of those facts (`Card.facts_hash`, made by the guideline package), and a snooze holds only for
the fingerprint it was dismissed with. A critical card is never snoozed, and a card that is
critical now is shown whatever was dismissed before.

What the shared database keeps is only a keyed hash (HMAC-SHA256 under `CDS_SNOOZE_KEY`) of
issuer + patient id, the rule id, the fingerprint and the expiry: never a patient id, and
without the key no one can tell which patient a row is about. The snooze is written with the
feedback answer (before the EHR hears "stored"); the card's subject key and fingerprint come
from the audit record of the call that sent it.

Showing is the safe side: when the snooze lookup fails, every card is shown.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import SecretStr
from sqlalchemy import delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from service.cds.models import Card, FeedbackItem
from service.store import CardAuditRecord, FeedbackStore, SnoozeRecord

# Expired rows deleted per feedback write at most: the table stays small without a sweeper.
_FORGET_PER_WRITE = 500


def reasoned_dismissal(item: FeedbackItem) -> bool:
    """Overridden with a coded reason: a comment alone or a plain dismissal does not snooze."""
    return (
        item.outcome == "overridden"
        and item.override_reason is not None
        and item.override_reason.reason is not None
    )


class Snoozes:
    """The snooze store on the feedback database, and the rule that decides what it hides."""

    def __init__(self, store: FeedbackStore, key: SecretStr, days: float) -> None:
        self._store = store
        self._key = key.get_secret_value().encode("utf-8")
        self.period = timedelta(days=days)
        self._upsert = (
            postgresql.insert(SnoozeRecord)
            if store.engine.dialect.name == "postgresql"
            else sqlite.insert(SnoozeRecord)
        )

    def subject_key(self, issuer: str | None, patient_id: str) -> str:
        """The keyed hash of who asked about whom: the only patient link the database holds."""
        message = f"{issuer or ''}\n{patient_id}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    @staticmethod
    def may_hide(card: Card) -> bool:
        """A card a snooze can apply to: not critical, with a rule and a facts fingerprint."""
        return (
            card.indicator != "critical"
            and card.facts_hash is not None
            and card.source.topic is not None
        )

    def active(self, subject_key: str, now: datetime) -> dict[str, str]:
        """Rule id → facts fingerprint of this subject's snoozes that have not expired."""
        query = select(SnoozeRecord.rule_id, SnoozeRecord.facts_hash).where(
            SnoozeRecord.subject_key == subject_key, SnoozeRecord.expires_at > now
        )
        with self._store.transaction() as connection:
            return {str(rule): str(facts) for rule, facts in connection.execute(query)}

    def hides(self, card: Card, active: dict[str, str]) -> bool:
        """Whether `card` is snoozed: dismissed for this rule with the same facts, not critical."""
        if card.source.topic is None or not self.may_hide(card):
            return False
        return active.get(card.source.topic.code) == card.facts_hash

    def after_feedback(self, items: Sequence[FeedbackItem], now: datetime) -> int:
        """Write a snooze for each reasoned dismissal of a card sent while snoozing was on.

        The card's subject key, rule, indicator and fingerprint come from the audit; a card
        the audit does not know (yet), sent critical, or sent while snoozing was off, gets none.
        Returns how many snoozes were written.
        """
        dismissed = {item.card: item for item in items if reasoned_dismissal(item)}
        if not dismissed:
            return 0
        cards = (
            select(
                CardAuditRecord.card_uuid,
                CardAuditRecord.rule_id,
                CardAuditRecord.indicator,
                CardAuditRecord.subject_key,
                CardAuditRecord.facts_hash,
            )
            .where(
                CardAuditRecord.card_uuid.in_(list(dismissed)),
                CardAuditRecord.subject_key.is_not(None),
                CardAuditRecord.facts_hash.is_not(None),
                CardAuditRecord.rule_id.is_not(None),
            )
            .order_by(CardAuditRecord.id)
        )
        rows: dict[tuple[str, str], dict[str, object]] = {}
        with self._store.transaction() as connection:
            for uuid, rule, indicator, subject, facts in connection.execute(cards):
                if indicator in (None, "critical") or subject is None or rule is None:
                    continue
                dismissed_at = min(dismissed[uuid].outcome_timestamp, now)
                # The newest record of a card wins (a replayed call is the same card).
                rows[(subject, rule)] = {
                    "subject_key": subject,
                    "rule_id": rule,
                    "facts_hash": facts,
                    "expires_at": dismissed_at + self.period,
                }
            if rows:
                statement = self._upsert.values(list(rows.values()))
                connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=["subject_key", "rule_id"],
                        set_={
                            "facts_hash": statement.excluded.facts_hash,
                            "expires_at": statement.excluded.expires_at,
                        },
                    )
                )
            expired = (
                select(SnoozeRecord.subject_key, SnoozeRecord.rule_id)
                .where(SnoozeRecord.expires_at <= now)
                .limit(_FORGET_PER_WRITE)
            )
            connection.execute(
                delete(SnoozeRecord).where(
                    tuple_(SnoozeRecord.subject_key, SnoozeRecord.rule_id).in_(expired)
                )
            )
        return len(rows)


def from_settings(store: FeedbackStore, days: float, key: SecretStr | None) -> Snoozes | None:
    """The snooze store when the local policy turns it on; None (no lookups at all) when off."""
    if days <= 0 or key is None:
        return None
    return Snoozes(store, key, days)
