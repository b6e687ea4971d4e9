"""Whether a card names a local-policy setting: in its words (either language), never by name."""

from __future__ import annotations

from hooks.policy_words import POLICY_WORDS


def said(setting: str, detail: str | None) -> bool:
    text = detail or ""
    assert setting not in text, f"the card shows the setting's name {setting}"
    return any(words in text for words in POLICY_WORDS[setting])
