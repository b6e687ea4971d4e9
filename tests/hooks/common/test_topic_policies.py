"""Every topic setting is documented in docs/local-policy.md and has its env prefix."""

from __future__ import annotations

import pytest
from pydantic_settings import BaseSettings

from hooks.brain_metastases.policy import BrainPolicy
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from hooks.liver_metastases.policy import LiverPolicy
from tests.conftest import REPO

DOC = (REPO / "docs" / "local-policy.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("policy", "prefix"),
    [(BrainPolicy, "CDS_BRAIN_"), (LiverPolicy, "CDS_LIVER_"), (ImmunotherapyPolicy, "CDS_IO_")],
)
def test_every_setting_is_documented(policy: type[BaseSettings], prefix: str) -> None:
    assert policy.model_config.get("env_prefix") == prefix
    for name in policy.model_fields:
        assert f"`{prefix}{name.upper()}`" in DOC, name


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDS_LIVER_PANEL_NAME", "Leverpanel Oost")
    monkeypatch.setenv("CDS_IO_PD1_ATC", '["L01FF"]')
    assert LiverPolicy().panel_name == "Leverpanel Oost"
    assert ImmunotherapyPolicy().pd1_atc == ("L01FF",)
