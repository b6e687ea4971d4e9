"""Local policy on cards in words: every setting has them, no card shows a setting's name."""

from __future__ import annotations

import json

from pydantic_settings import BaseSettings

from fixtures.build import FIXTURES
from hooks import local_value_sets
from hooks.brain_metastases.policy import BrainPolicy
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from hooks.liver_metastases.policy import LiverPolicy
from hooks.policy_words import APPENDIX_END, APPENDIX_START, POLICY_WORDS, appendix
from hooks.spinal_metastases.policy import SpinePolicy
from tests.conftest import REPO


def _settings(policy: type[BaseSettings]) -> set[str]:
    prefix = str(policy.model_config.get("env_prefix"))
    return {f"{prefix}{name.upper()}" for name in policy.model_fields}


def test_every_local_policy_setting_has_words() -> None:
    every = set().union(
        *(_settings(p) for p in (SpinePolicy, BrainPolicy, LiverPolicy, ImmunotherapyPolicy))
    )
    every.add(local_value_sets.SETTING)
    assert every - POLICY_WORDS.keys() == set()
    assert POLICY_WORDS.keys() - every == set()  # no words for a setting that does not exist


def test_no_card_shows_a_setting_name_or_a_repository_path() -> None:
    checked = 0
    for path in sorted(FIXTURES.glob("*/*.cards.json")):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        assert "CDS_" not in text, path.name
        assert "docs/local-policy.md" not in text, path.name
        checked += 1
    assert checked > 100


def test_the_local_policy_document_lists_the_words_of_every_setting() -> None:
    document = (REPO / "docs" / "local-policy.md").read_text(encoding="utf-8")
    start, end = document.index(APPENDIX_START), document.index(APPENDIX_END) + len(APPENDIX_END)
    assert document[start:end] == appendix(), "regenerate the appendix from hooks/policy_words.py"
