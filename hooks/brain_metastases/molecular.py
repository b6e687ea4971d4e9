"""The molecular findings on the brain-metastases cards, and what the source leaves open for NSCLC.

The article names BRAF inhibitors for BRAF-mutated melanoma and checkpoint inhibitors for NSCLC,
but no targetable alteration in NSCLC. So for NSCLC the card lists the variants the record
gives, each with its result and the record it came from, says that the source does not name
which alterations are targetable, and leaves the weighing (BM-06) to the multidisciplinary
meeting. Absent results are listed as absent; a gene without a result is unknown.
"""

from __future__ import annotations

from dataclasses import replace

from hooks.brain_metastases.facts import BrainFacts, VariantFinding
from hooks.brain_metastases.treatment import nsclc_with_recorded_variant, weighing_facts
from hooks.cards import t
from hooks.rules import Row
from service.cds.contract import Language

_RESULT = {
    True: ("aanwezig", "present"),
    False: ("afwezig", "absent"),
    None: ("de uitslag zegt aanwezig noch afwezig", "the result says neither present nor absent"),
}


def as_shown(row: Row[BrainFacts], facts: BrainFacts) -> Row[BrainFacts]:
    """BM-06 as the card shows it: with the facts of the branch it rests on (melanoma or NSCLC)."""
    return replace(row, facts=weighing_facts(facts)) if row.id == "BM-06" else row


def findings_block(facts: BrainFacts, language: Language) -> str | None:
    """The recorded variants, for a primary that is or may be NSCLC; None when there are none."""
    if facts.nsclc.value is False or not facts.variant_findings:
        return None
    lines = [
        t(
            language,
            "**Moleculaire bevindingen in het dossier** (genetische-variantbepaling, LOINC 69548-6; nieuwste uitslag per gen):",
            "**Molecular findings in the record** (genetic variant assessment, LOINC 69548-6; newest result per gene):",
        ),
        *(_line(f, language) for f in facts.variant_findings),
        t(
            language,
            "*Een gen dat hier niet staat, is niet bepaald of niet vastgelegd: onbekend, niet negatief.*",
            "*A gene not listed here was not tested or not recorded: unknown, not negative.*",
        ),
    ]
    return "\n".join(lines)


def _line(finding: VariantFinding, language: Language) -> str:
    name = finding.gene
    if finding.listed and finding.hgnc_id:
        name += f" ({finding.hgnc_id})"
    if finding.record_text:
        name += t(
            language,
            f" (in het dossier: {finding.record_text})",
            f" (record: {finding.record_text})",
        )
    notes = []
    if not finding.coded:
        notes.append(
            t(
                language,
                "tekstmatch: het gen staat alleen als tekst in het dossier, zonder HGNC-code",
                "text match: the record names the gene as text only, without an HGNC code",
            )
        )
    if not finding.listed:
        notes.append(
            t(
                language,
                "niet meegeteld voor BM-06: een gen buiten de lijst die deze service leest",
                "not counted for BM-06: a gene outside the list this service reads",
            )
        )
    result = t(language, *_RESULT[finding.present])
    line = f"- {name}: **{result}** — {finding.source}"
    return line + (f" *({'; '.join(notes)})*" if notes else "")


def weighing_note(facts: BrainFacts, language: Language) -> str | None:
    """What the source leaves open when BM-06 rests on an NSCLC variant; None otherwise."""
    if nsclc_with_recorded_variant(facts) is not True:
        return None
    return t(
        language,
        "*Bij NSCLC noemt de bron niet welke moleculaire veranderingen met doelgerichte therapie te behandelen zijn: of de vastgelegde bevinding daarvoor in aanmerking komt en hoe de verschillen wegen, laat deze kaart aan het multidisciplinair overleg (MDO).*",
        "*For NSCLC the source does not name which molecular alterations targeted therapy can treat: whether the recorded finding qualifies and how the differences weigh, this card leaves to the multidisciplinary meeting (MDT).*",
    )
