"""Radioembolisatie bij NET met levermetastasen (NET-*, clinical model §1.3).

Evidence statements from a thesis summary, not recommendations: information cards only, to
discuss liver-directed treatment in the multidisciplinary team; never an order.
"""

from __future__ import annotations

from hooks.common.options import OptionTable
from hooks.neuroendocrine_liver.facts import NetFacts
from hooks.neuroendocrine_liver.sources import samenvatting
from hooks.rules import DecisionTable, Row, Truth, all_of


def net_with_liver_metastases(f: NetFacts) -> Truth:
    """NET-patiënt die bekend is met leveruitzaaiingen."""
    return all_of(f.net.value, f.liver_metastases.value)


def functioning_net_with_liver_metastases(f: NetFacts) -> Truth:
    """Hormoonproducerende (functionerende) NET met leveruitzaaiingen, met klachten zoals frequente diarree en flushing."""
    return all_of(f.net.value, f.liver_metastases.value, f.functioning.value)


def on_or_planned_lutetium(f: NetFacts) -> Truth:
    """NET met leveruitzaaiingen, met systemische 177Lu-DOTATATE gegeven of gepland."""
    return all_of(f.net.value, f.liver_metastases.value, f.lutetium_dotatate.value)


LIVER_DIRECTED = DecisionTable[NetFacts](
    id="net.liver-directed",
    question_nl="Is levergerichte behandeling van NET-levermetastasen een gespreksonderwerp voor het MDO?",
    question_en="Is liver-directed treatment of NET liver metastases a topic for the MDT?",
    rows=(
        Row(
            id="NET-01",
            when=net_with_liver_metastases,
            facts=("net", "liver_metastases"),
            advice_nl="Slechts 20-30% van de NET-patiënten met leveruitzaaiingen komt in aanmerking voor curatieve resectie; bespreek andere levergerichte behandeling in het multidisciplinair overleg",
            advice_en="Only 20-30% of NET patients with liver metastases are candidates for curative resection; discuss other liver-directed treatment in the multidisciplinary meeting",
            indicator="info",
            source=samenvatting(
                "Als een NET patiënt eenmaal bekend is met leveruitzaaiingen, komt slechts 20-30% van de patiënten in aanmerking voor eventuele curatieve resectie van de ziekte."
            ),
        ),
    ),
)

RADIOEMBOLIZATION = OptionTable[NetFacts](
    id="net.radioembolization",
    question_nl="Wat zegt het proefschrift over radioembolisatie voor deze patiënt?",
    question_en="What does the thesis say about radioembolization for this patient?",
    rows=(
        Row(
            id="NET-03",
            when=net_with_liver_metastases,
            facts=("net", "liver_metastases"),
            advice_nl="Radioembolisatie (radioactieve microsferen van ongeveer 30 micrometer via de leverslagader) laat veelbelovende resultaten zien: tumorstabilisatie of -krimp, verlichting van hormoongerelateerde klachten en goede mediane overleving",
            advice_en="Radioembolization (radioactive microspheres of about 30 micrometres via the hepatic artery) shows promising results: tumour stabilisation or shrinkage, relief of hormone-related symptoms and good median survival",
            indicator="info",
            source=samenvatting(
                "Radioembolisatie in NET laat veelbelovende resultaten zien met tumor stabilisatie of tumor krimp, verlichting van NET hormoon gerelateerde klachten, en goede mediane overleving."
            ),
        ),
        Row(
            id="NET-02",
            when=functioning_net_with_liver_metastases,
            facts=("net", "liver_metastases", "functioning"),
            advice_nl="Functionerende NET (invaliderende klachten zoals frequente diarree en flushing): radioembolisatie geeft verlichting van de hormoongerelateerde klachten",
            advice_en="Functioning NET (disabling symptoms such as frequent diarrhoea and flushing): radioembolization relieves the hormone-related symptoms",
            indicator="info",
            source=samenvatting(
                "een hormoonproducerende, oftewel functionerende NET, die zorgt voor invaliderende klachten zoals frequente diarree en opvliegers (flushing). … verlichting van NET hormoon gerelateerde klachten"
            ),
        ),
        Row(
            id="NET-04",
            when=on_or_planned_lutetium,
            facts=("net", "liver_metastases", "lutetium_dotatate"),
            advice_nl="De combinatie van radioembolisatie met systemische 177Lu-DOTATATE is veilig en effectief, zonder significante verandering in de kwaliteit van leven",
            advice_en="Combining radioembolization with systemic 177Lu-DOTATATE is safe and effective, without significant change in quality of life",
            indicator="info",
            source=samenvatting(
                "De combinatie van radioembolisatie met systemische 177Lu-DOTATATE behandeling is veilig en effectief, zonder significante veranderingen in de kwaliteit van leven."
            ),
        ),
    ),
)

TABLES = (LIVER_DIRECTED, RADIOEMBOLIZATION)
