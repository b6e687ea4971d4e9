"""Medication records → which medicines the patient uses now: yes, no or unknown.

Reads MedicationRequests (MP9 MedicatieAfspraak) and MedicationStatements (zib MedicatieGebruik,
home medication: the thrombosis service's acenocoumarol, the GP's omeprazol) with the status
rules of the IO and NET readers (`is_active` of `hooks.fhir_lean`). A record's medicine is its
`medicationCodeableConcept` or the Medication its `medicationReference` names: contained
(`#id`), elsewhere in the call's data (the prefetch Bundle, or read by the service layer),
and classified as `hooks.common.medication_codes` says, ATC first.

"No" only when every list was read completely and every record in use was classified: a
record we cannot classify (coded in G-Standaard only, an RxNorm ingredient, a Medication we
could not find) makes the fact unknown, and the why-trace names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from hooks.codes import ATC, SNOMED, ValueSet, codings
from hooks.common import medication_codes as mc
from hooks.common.lean import Medication, MedicationRequest, MedicationStatement
from hooks.facts import Evidence, Fact
from service.cds.contract import HookCall

MEDICATION_KEYS = ("medications", "medicationStatements")
Record = MedicationRequest | MedicationStatement
Note = tuple[str, str]  # (Dutch, English)
_MODELS: dict[str, type[Record]] = {
    "MedicationRequest": MedicationRequest,
    "MedicationStatement": MedicationStatement,
}
# `Medication/{id}`, relative or absolute, optionally versioned.
_MEDICATION_REF = re.compile(r"(?:^|/)Medication/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")
_WORD = re.compile(r"[a-zà-ÿ]+")


@dataclass(frozen=True)
class Medicine:
    """One medication record with its medicine resolved as far as the data allows."""

    record: Record
    concept: Mapping[str, Any] | None  # the coded medicine: the record's or its Medication's
    form: Mapping[str, Any] | None = None  # Medication.form
    via: str | None = None  # the Medication it was read from: `Medication/x` or `#x`
    unresolved: str | None = None  # a medicationReference that names no Medication we have
    reference_display: str | None = None

    @property
    def in_use(self) -> bool | None:
        """In use now by the IO/NET status rules; None when the record does not say."""
        if self.record.status in (None, "unknown"):
            return None
        return self.record.is_active

    @property
    def routes(self) -> list[Mapping[str, Any]]:
        dosages = (
            self.record.dosage
            if isinstance(self.record, MedicationStatement)
            else self.record.dosage_instruction
        )
        return [d["route"] for d in dosages if isinstance(d.get("route"), dict)]

    def texts(self) -> list[str]:
        """The free text that may name the medicine: `text`, the codings' display."""
        found = [self.reference_display] if self.reference_display else []
        if isinstance(self.concept, Mapping) and isinstance(self.concept.get("text"), str):
            found.append(self.concept["text"])
        found += [
            str(c["display"]) for c in codings(self.concept) if isinstance(c.get("display"), str)
        ]
        return found


@dataclass(frozen=True)
class Reading:
    """One record against one set: in it, not in it, or not to be told (member None)."""

    member: bool | None
    note: Note | None = None
    text_match: bool = False
    # A record that is not in the set but names its medicine (dexamethasone eye drops for the
    # systemic corticosteroids): shown beside a "no", so the reader sees it was seen.
    shown: bool = False


def classify(medicine: Medicine, value_set: ValueSet) -> Reading:
    """Whether the record's medicine is in `value_set`, in systemic use (see medication_codes)."""
    coded = [
        c
        for c in codings(medicine.concept)
        if isinstance(c.get("system"), str) and isinstance(c.get("code"), str)
    ]
    via = _via_note(medicine)
    atc = [c["code"] for c in coded if c["system"] == ATC]
    if atc:  # ATC decides on its own, local use included (S01BA is not H02AB)
        return Reading(any(value_set.matches_coding(ATC, code) for code in atc), via)
    products = [
        mc.RXNORM_PRODUCTS[c["code"]]
        for c in coded
        if c["system"] == mc.RXNORM and c["code"] in mc.RXNORM_PRODUCTS
    ]
    if products:
        return Reading(any(value_set.matches_coding(ATC, p.drug.atc) for p in products), via)
    local_products = [
        mc.RXNORM_LOCAL_PRODUCTS[c["code"]]
        for c in coded
        if c["system"] == mc.RXNORM and c["code"] in mc.RXNORM_LOCAL_PRODUCTS
    ]
    if local_products:  # dexamethasone eye drops: the medicine, but not systemic use
        form = local_products[0].form
        return Reading(
            False,
            (f"niet systemisch: {form[1]}", f"not systemic: {form[0]}"),
            shown=any(value_set.matches_coding(ATC, p.drug.atc) for p in local_products),
        )
    names = _names(medicine)
    administration, label = _administration(medicine)
    if administration == "local":
        return Reading(
            False,
            (f"niet systemisch: {label[1]}", f"not systemic: {label[0]}"),
            shown=_named_in(names, value_set),
        )
    if value_set.matches(medicine.concept):  # a substance code the set lists (SNOMED)
        return Reading(True, via)
    if names and administration == "systemic" and _named_in(names, value_set):
        return _by_name(medicine, names, value_set)
    why = (
        _unresolved_note(medicine.unresolved)
        if medicine.unresolved is not None
        else _unclassified_note(coded, medicine)
    )
    return Reading(None, _join(why, _name_note(names, value_set)))


def _by_name(medicine: Medicine, names: Sequence[str], value_set: ValueSet) -> Reading:
    name = next(n for n in names if value_set.matches_coding(ATC, mc.DRUG_NAMES[n].atc))
    return Reading(
        True,
        _join((f"tekstmatch ‘{name}’", f"text match ‘{name}’"), _via_note(medicine)),
        text_match=True,
    )


@dataclass(frozen=True)
class MedicationLists:
    """The medication records of a call, and whether the lists they came from are complete."""

    medicines: tuple[Medicine, ...] = ()
    complete: bool = True
    skipped: int = 0

    def use(self, value_set: ValueSet) -> Fact[bool]:
        """In use now: yes (a coded record, else a text match), no (complete lists, every
        record classified) or unknown, with the records that could not be classified."""
        coded: list[Evidence] = []
        by_text: list[Evidence] = []
        unclear: list[Evidence] = []
        seen: list[Evidence] = []
        for medicine in self.medicines:
            in_use = medicine.in_use
            if in_use is False:
                continue  # stopped, completed, not taken, struck out: not in use, whatever it is
            reading = classify(medicine, value_set)
            if reading.member is False:
                if reading.shown:
                    seen.append(_evidence(medicine, reading.note))
            elif reading.member is True and in_use:
                (by_text if reading.text_match else coded).append(
                    _evidence(medicine, reading.note, text_match=reading.text_match)
                )
            else:
                note = (
                    reading.note
                    if reading.member is None
                    else ("status onbekend", "status unknown")
                )
                unclear.append(_evidence(medicine, note))
        if coded:
            return Fact(True, tuple(coded))
        if by_text:
            return Fact(True, tuple(by_text))
        if unclear or not self.complete:
            return Fact(None, tuple(unclear))
        return Fact(False, tuple(seen))


def medication_lists(call: HookCall, keys: Sequence[str] = MEDICATION_KEYS) -> MedicationLists:
    """The medication records of these prefetch keys; complete only when every key was read
    whole (present, available, no page or entry missing)."""
    complete = True
    resources: list[dict[str, Any]] = []
    for key in keys:
        data = call.data.get(key)
        if data is None or not data.available or data.problem or data.skipped_malformed:
            complete = False
        if data is not None and data.available:
            resources.extend(data.resources)
    pool = (r for d in call.data.values() if d.available for r in d.resources)
    return read_records(resources, pool, complete=complete)


def read_records(
    resources: Iterable[Mapping[str, Any]],
    pool: Iterable[Mapping[str, Any]] | None = None,
    *,
    complete: bool = True,
) -> MedicationLists:
    """The MedicationRequests and MedicationStatements among `resources`, each with its
    medicine; `pool` holds the Medications a reference may name (default: `resources`)."""
    resources = list(resources)
    index = _medications(resources if pool is None else pool)
    medicines: list[Medicine] = []
    seen: set[str] = set()
    skipped = 0
    for raw in resources:
        model = _MODELS.get(str(raw.get("resourceType")))
        if model is None:
            continue
        try:
            record = model.model_validate(raw)
        except ValidationError:
            skipped += 1
            continue
        if record.id is not None and record.reference in seen:
            continue  # the same record in both lists
        seen.add(record.reference)
        medicines.append(_medicine(record, index))
    return MedicationLists(tuple(medicines), complete and not skipped, skipped)


def _medications(resources: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {
        str(r["id"]): r
        for r in resources
        if r.get("resourceType") == "Medication" and isinstance(r.get("id"), str)
    }


def _medicine(record: Record, index: Mapping[str, Mapping[str, Any]]) -> Medicine:
    if record.medication_codeable_concept is not None:
        return Medicine(record, record.medication_codeable_concept)
    reference = record.medication_reference or {}
    text = reference.get("reference")
    display = reference.get("display") if isinstance(reference.get("display"), str) else None
    if not isinstance(text, str):
        return Medicine(record, None, reference_display=display)
    raw: Mapping[str, Any] | None
    if text.startswith("#"):
        raw = next(
            (
                c
                for c in record.contained
                if c.get("resourceType") == "Medication" and c.get("id") == text[1:]
            ),
            None,
        )
    else:
        match = _MEDICATION_REF.search(text.strip())
        raw = index.get(match.group(1)) if match else None
    medication = _parse_medication(raw)
    if medication is None:
        return Medicine(record, None, unresolved=text, reference_display=display)
    return Medicine(record, medication.code, medication.form, via=text, reference_display=display)


def _parse_medication(raw: Mapping[str, Any] | None) -> Medication | None:
    if raw is None:
        return None
    try:
        return Medication.model_validate(raw)
    except ValidationError:
        return None


def _administration(
    medicine: Medicine,
) -> tuple[Literal["systemic", "local"] | None, tuple[str, str]]:
    """Systemic or local use by the coded route(s) and dose form, with its label (en, nl);
    None when neither is coded or they disagree."""
    systemic: tuple[str, str] | None = None
    local: tuple[str, str] | None = None
    for concept in (*medicine.routes, medicine.form):
        for coding in codings(concept):
            if coding.get("system") != SNOMED:
                continue
            code = coding.get("code")
            if code in mc.LOCAL_ROUTES or code in mc.LOCAL_FORMS:
                local = mc.LOCAL_ROUTES.get(code) or mc.LOCAL_FORMS[code]
            elif code in mc.SYSTEMIC_ROUTES or code in mc.SYSTEMIC_FORMS:
                systemic = mc.SYSTEMIC_ROUTES.get(code) or mc.SYSTEMIC_FORMS[code]
    if local and not systemic:
        return "local", local
    if systemic and not local:
        return "systemic", systemic
    return None, ("", "")


def _names(medicine: Medicine) -> list[str]:
    """The medicines named in the record's text, in order, each once."""
    found: dict[str, None] = {}
    for text in medicine.texts():
        for word in _WORD.findall(text.lower()):
            if word in mc.DRUG_NAMES:
                found[word] = None
    return list(found)


def _named_in(names: Sequence[str], value_set: ValueSet) -> bool:
    return any(value_set.matches_coding(ATC, mc.DRUG_NAMES[n].atc) for n in names)


def evidence_of(medicine: Medicine, reading: Reading) -> Evidence:
    """The record as the why-trace shows it: with how it was read (text match, via Medication)."""
    return _evidence(medicine, reading.note, text_match=reading.text_match)


def _evidence(medicine: Medicine, note: Note | None, *, text_match: bool = False) -> Evidence:
    return Evidence(medicine.record.reference, medicine.record.date, note, text_match)


def _via_note(medicine: Medicine) -> Note | None:
    if medicine.via is None:
        return None
    via = (
        f"via Medication {medicine.via}" if medicine.via.startswith("#") else f"via {medicine.via}"
    )
    return via, via


def _unresolved_note(reference: str) -> Note:
    return (
        f"medicationReference {reference} niet gevonden: niet te classificeren",
        f"medicationReference {reference} not found: cannot be classified",
    )


def _unclassified_note(coded: Sequence[Mapping[str, Any]], medicine: Medicine) -> Note:
    """Why a coded (or uncoded) record could not be classified, naming its code systems."""
    if not coded and not medicine.texts():
        return "geen geneesmiddel vastgelegd", "no medicine recorded"
    if not coded:
        return (
            "alleen tekst, geen code: niet te classificeren",
            "text only, no code: cannot be classified",
        )
    parts_nl: list[str] = []
    parts_en: list[str] = []
    for system, code in dict.fromkeys((str(c["system"]), str(c["code"])) for c in coded):
        if system in mc.G_STANDAARD:
            name = f"G-Standaard {mc.G_STANDAARD[system]} {code}"
        elif system == mc.RXNORM and code in mc.RXNORM_INGREDIENTS:
            parts_nl.append(f"RxNorm {code} is een ingrediënt zonder toedieningsvorm")
            parts_en.append(f"RxNorm {code} is an ingredient without a dose form")
            continue
        elif system == mc.RXNORM:
            name = f"RxNorm {code}"
        else:
            name = f"{system} {code}"
        parts_nl.append(name)
        parts_en.append(name)
    return (
        f"gecodeerd als {', '.join(parts_nl)}: niet te classificeren",
        f"coded as {', '.join(parts_en)}: cannot be classified",
    )


def _name_note(names: Sequence[str], value_set: ValueSet) -> Note | None:
    """The names of the set's medicines found in the text of a record we could not classify."""
    names = [n for n in names if _named_in((n,), value_set)]
    if not names:
        return None
    listed = ", ".join(f"‘{n}’" for n in names)
    return (
        f"naam {listed} herkend, maar geen systemische toedieningsweg of -vorm vastgelegd",
        f"name {listed} recognised, but no systemic route or dose form recorded",
    )


def _join(*notes: Note | None) -> Note | None:
    present = [n for n in notes if n is not None]
    if not present:
        return None
    return "; ".join(n[0] for n in present), "; ".join(n[1] for n in present)
