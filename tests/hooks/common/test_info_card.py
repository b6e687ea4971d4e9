"""Card assembly shared by the topics: summaries stay under 140 characters, sources are named."""

from __future__ import annotations

from hooks.brain_metastases.treatment import TREATMENT_DECISION
from hooks.common.info_card import card, fit
from tests.hooks.common.support import call
from tests.hooks.policy_said import said


def test_fit_cuts_a_long_summary_at_a_word() -> None:
    long = "Levermetastasen: verwijs naar " + "Een Heel Lang Leverpanel " * 8
    cut = fit(long)
    assert len(cut) < 140
    assert cut.endswith(" …")
    assert fit("kort") == "kort"


def test_card_names_the_source_its_strength_and_no_url() -> None:
    row = TREATMENT_DECISION.rows[0]
    made = card(
        call({}),
        topic=row,
        key="k",
        summary_nl="Samenvatting",
        summary_en="Summary",
        parts=["Tekst", None],
        policies=("CDS_LIVER_RISK_REMINDER",),
        missing=("observations",),
    )
    assert made.source.url is None
    assert made.source.topic is not None
    assert made.source.topic.code == "BM-01"
    assert made.detail is not None
    assert "Nervus 2023; jaargang 8, editie 2" in made.detail
    assert "Soort bron: overzichtsartikel." in made.detail
    assert said("CDS_LIVER_RISK_REMINDER", made.detail)
    assert "CDS_" not in made.detail
    assert "`observations`" in made.detail
    assert "http" not in made.detail
