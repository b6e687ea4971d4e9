"""Every local-policy setting is documented, and every setting a card names exists."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.spinal_metastases.policy import SpinePolicy

ROOT = Path(__file__).resolve().parents[3]


def _env_names() -> set[str]:
    return {f"CDS_SPINE_{name.upper()}" for name in SpinePolicy.model_fields}


def test_every_setting_is_in_the_local_policy_document() -> None:
    document = (ROOT / "docs" / "local-policy.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"CDS_SPINE_[A-Z0-9_]+", document))
    expanded = documented | {
        f"CDS_SPINE_PRIORITY_{window}" for window in ("12H", "24H", "48H", "1W", "2W")
    }
    assert _env_names() <= expanded


def test_every_setting_named_in_the_code_exists() -> None:
    named: set[str] = set()
    for path in (ROOT / "hooks" / "spinal_metastases").rglob("*.py"):
        named |= set(re.findall(r"CDS_SPINE_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    named.discard("CDS_SPINE_")  # the env prefix itself
    dynamic = {n for n in named if n.endswith("_")}
    assert named - dynamic <= _env_names()
