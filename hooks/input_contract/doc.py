"""docs/input-contract.md, rendered from the contract (and the spinal reader's fact sources)."""

from __future__ import annotations

from hooks.codes import SNOMED
from hooks.input_contract.facts import CLOSES, FACTS
from hooks.input_contract.model import CODE_SYSTEM_ID, QUESTIONNAIRE_ID
from hooks.spinal_metastases.reading.fact_sources_doc import render_sections
from service.settings import LEGACY_CANONICAL_BASE, PRODUCT_CANONICAL_BASE


def render_markdown() -> str:
    """`docs/input-contract.md`: for every fact, resource, element, code and an example."""
    lines = [
        "# Input contract: facts without a standard code",
        "",
        "Generated from `hooks/input_contract.py` by `make docs`; `tests/test_drift.py` keeps it current.",
        "",
        "Each fact is an `Observation` with `status` final/amended/corrected/preliminary/registered "
        "(or none), ",
        f"`code.coding` = `{{canonical}}/CodeSystem/{CODE_SYSTEM_ID}` | *code* (`{{canonical}}` is the "
        f"product's canonical base `{PRODUCT_CANONICAL_BASE}`, the same in every deployment and never "
        "derived from the host or port; the setting `CDS_CANONICAL_BASE_URL` changes it. Codes under "
        f"`{LEGACY_CANONICAL_BASE}` (the pre-0.2 default) or under the deployment's own "
        "`{CDS_PUBLIC_BASE_URL}/fhir` still count; any other base ending in "
        f"`/CodeSystem/{CODE_SYSTEM_ID}` is not read, and the card and the log say so. The service "
        "serves the CodeSystem and the Questionnaire "
        f"`{QUESTIONNAIRE_ID}` at `{{CDS_PUBLIC_BASE_URL}}/fhir/...`), `subject` = the patient, and "
        "`effectiveDateTime` = when it was assessed. The newest Observation per code wins; an answer "
        "older than the local-policy age limit of its lifetime is not used (see `docs/local-policy.md`): "
        "*neuro* (neurological status, hours), *assessment* (a clinician's assessment, weeks) or "
        "*event* (the date of a past event, never expires). Standard codes are read where they "
        "exist: a coded Condition (e.g. SNOMED 71286001 spinal cord compression) counts even "
        "without an answer here. Where both are recorded, the clinician's answer outranks the "
        "coded record for the fact it answers, except that a recorded gastric ulcer is never "
        "undone by a questionnaire *no* (see *How each fact is read* below).",
        "",
        "Which facts each Wervelmetastasen decision reads, and from which FHIR elements and codes "
        "each is read: [Decisions and the facts they read](#decisions-and-the-facts-they-read), "
        "[How each fact is read](#how-each-fact-is-read).",
        "",
        "| code | clinical model | question (nl) | question (en) | element | example value | lifetime |",
        "|---|---|---|---|---|---|---|",
    ]
    for fact in FACTS:
        answers = ""
        if fact.answers:
            answers = " — answers: " + ", ".join(
                f"`{a.code}` {a.display_en}" + (" (SNOMED)" if a.system == SNOMED else "")
                for a in fact.answers
            )
        lines.append(
            f"| `{fact.code}` | {fact.fact_ids} | {fact.question_nl} | {fact.question_en} "
            f"| `Observation.{fact.element}`{answers} | `{fact.example}` | {fact.lifetime} |"
        )
    lines += [
        "",
        "## Answers that close branches",
        "",
        "A *yes* to one of these sets other facts that are not recorded otherwise (an answer of "
        "their own always wins), so a card does not ask again what the clinician already said:",
        "",
        "| answer *yes* | sets | leaves as recorded |",
        "|---|---|---|",
        "| `local-back-pain-only` | "
        + ", ".join(f"`{code}` = {value}" for code, value in CLOSES["local-back-pain-only"])
        + " (so no bilateral complaint) | `mescc-clinical-suspicion`: *alleen lokale rugpijn* "
        "does not answer the MESCC suspicion |",
        "| `no-neurological-deficit` | "
        + ", ".join(f"`{code}` = {value}" for code, value in CLOSES["no-neurological-deficit"])
        + " (so no bilateral deficit) | `radicular-pain`, `lhermitte-sign`, "
        "`mescc-clinical-suspicion` |",
        "| `gastric-ulcer-history` = *no* | the history of gastric ulcer of SM-CS03 is *no* "
        "instead of unknown (no record is never *no*) | NSAID and anticoagulant use |",
        "| `radicular-pain` or `radicular-deficit` on one side or both (answer or coded "
        "radiculopathy) | `local-back-pain-only` = no (*alleen lokale rugpijn, geen radiculaire "
        "pijn of uitval*) | everything else |",
        "",
        "## Answers recorded by a click",
        "",
        "An undecided MRI window is one question on the card, one suggestion per complaint. For "
        "an issuer with `records_answers: true` (off by default, see README § Authentication) "
        "the suggestion also creates the Observations above that its complaint asserts, with "
        "the clinician as performer and the call's time, so the next call reads the answer "
        "(`hooks/answer_observations.py`). It creates only what the complaint says exactly: "
        "*Eenzijdige uitval, < 7 dagen, progressief* records `radicular-deficit` = `unilateral` "
        "(one side, side not recorded) and `deficit-progressive` = true, never an invented "
        "`deficit-onset`; the next card then asks only the onset. Whichever branch is picked, "
        "the audit records its row (`audit_suggestion`), so feedback names the branch.",
        "",
        "## Example",
        "",
        "```json",
        "{",
        '  "resourceType": "Observation",',
        '  "status": "final",',
        f'  "code": {{"coding": [{{"system": "{{canonical}}/CodeSystem/{CODE_SYSTEM_ID}", "code": "deficit-progressive"}}]}},',
        '  "subject": {"reference": "Patient/pat-spine-01"},',
        '  "effectiveDateTime": "2026-11-23T09:00:00+01:00",',
        '  "valueBoolean": true',
        "}",
        "```",
        "",
    ]
    lines += render_sections()
    return "\n".join(lines)
