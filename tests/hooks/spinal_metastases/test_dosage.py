"""Reading a draft order's dosage for the SM-CS02 scheme check: structured elements only."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.spinal_metastases.reading.dosage import (
    Dose,
    is_bolus,
    is_maintenance,
    read_dosage,
    within_scheme,
)

SCT = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
IV, ORAL, SC = "47625008", "26643006", "34206005"


def _mg(value: Any) -> dict[str, Any]:
    return {"value": value, "unit": "mg", "system": UCUM, "code": "mg"}


def _instruction(
    route: str | None = ORAL,
    dose: dict[str, Any] | None = None,
    timing: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    instruction: dict[str, Any] = {
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}
        if timing is None
        else timing,
        "doseAndRate": [{"doseQuantity": _mg(8)}] if dose is None else [dose],
        **extra,
    }
    if route is not None:
        instruction["route"] = {"coding": [{"system": SCT, "code": route}]}
    return instruction


def _read(*instructions: Any) -> tuple[Dose, ...] | None:
    return read_dosage({"dosageInstruction": list(instructions)})


@pytest.mark.parametrize(
    ("instructions", "expected"),
    [
        pytest.param([_instruction()], True, id="8mg-oral-once-daily"),
        pytest.param(
            [_instruction(dose={"doseRange": {"low": _mg(8), "high": _mg(16)}})],
            True,
            id="8-16mg-range",
        ),
        pytest.param(
            [
                _instruction(IV, {"doseQuantity": _mg(10)}, {"repeat": {"count": 1}}),
                _instruction(dose={"doseQuantity": _mg(16)}),
            ],
            True,
            id="bolus-then-oral-in-one-order",
        ),
        pytest.param(
            [
                _instruction(
                    timing={
                        "code": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation",
                                    "code": "QD",
                                }
                            ]
                        }
                    }
                )
            ],
            True,
            id="gts-qd",
        ),
        pytest.param(
            [_instruction(timing={"repeat": {"frequency": 1, "period": 24, "periodUnit": "h"}})],
            True,
            id="every-24-hours",
        ),
        pytest.param([_instruction(dose={"doseQuantity": _mg(4)})], False, id="4mg-too-low"),
        pytest.param([_instruction(dose={"doseQuantity": _mg(20)})], False, id="20mg-too-high"),
        pytest.param(
            [_instruction(timing={"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}})],
            False,
            id="twice-daily",
        ),
        pytest.param(
            [
                _instruction(
                    IV,
                    {"doseQuantity": _mg(4)},
                    {"repeat": {"frequency": 4, "period": 1, "periodUnit": "d"}},
                )
            ],
            False,
            id="4mg-iv-4dd",
        ),
        pytest.param([_instruction(SC)], False, id="subcutaneous"),
    ],
)
def test_the_scheme_is_read_from_structured_dosage(
    instructions: list[dict[str, Any]], expected: bool
) -> None:
    doses = _read(*instructions)
    assert doses is not None
    assert within_scheme(doses) is expected


@pytest.mark.parametrize(
    "instruction",
    [
        pytest.param({"text": "1 dd 8 mg p.o."}, id="text-only"),
        pytest.param(_instruction(route=None), id="no-route"),
        pytest.param(_instruction(timing={}), id="no-timing-read"),
        pytest.param({**_instruction(), "timing": None}, id="timing-null"),
        pytest.param(
            _instruction(
                dose={"doseQuantity": {"value": 8, "unit": "mL", "system": UCUM, "code": "mL"}}
            ),
            id="millilitres",
        ),
        pytest.param(_instruction(dose={"doseQuantity": _mg("8")}), id="value-a-string"),
        pytest.param(_instruction(dose={"doseQuantity": _mg(True)}), id="value-a-boolean"),
        pytest.param(
            _instruction(dose={"doseRange": {"low": _mg(16), "high": _mg(8)}}), id="range-reversed"
        ),
        pytest.param(
            _instruction(
                timing={
                    "repeat": {"frequency": 1, "frequencyMax": 2, "period": 1, "periodUnit": "d"}
                }
            ),
            id="frequency-max",
        ),
        pytest.param(
            _instruction(timing={"repeat": {"frequency": 1, "period": 1, "periodUnit": "mo"}}),
            id="per-month",
        ),
        pytest.param(_instruction(asNeededBoolean=True), id="as-needed"),
        pytest.param({**_instruction(), "doseAndRate": "8 mg"}, id="dose-and-rate-a-string"),
        pytest.param("8 mg", id="instruction-a-string"),
    ],
)
def test_what_cannot_be_read_is_unknown_never_a_guess(instruction: Any) -> None:
    assert _read(instruction) is None
    assert _read(_instruction(), instruction) is None  # one unreadable makes the whole unknown


def test_no_dosage_is_unknown() -> None:
    assert read_dosage({}) is None
    assert read_dosage({"dosageInstruction": []}) is None
    assert read_dosage({"dosageInstruction": {"text": "x"}}) is None


def test_the_two_parts_of_the_scheme() -> None:
    bolus = Dose("intravenous", 10, 10, None)
    assert is_bolus(bolus)
    assert not is_maintenance(bolus)
    assert is_maintenance(Dose("oral", 8, 16, 1))
    assert not is_bolus(Dose("intravenous", 10, 10, 1))
    assert Dose("oral", 4, 4, 1).describe("nl") == "4 mg p.o., 1× per dag"
    assert bolus.describe("en") == "10 mg i.v., single dose"
    assert Dose("other", 8, 16, 2).describe("en") == "8-16 mg another route, 2× a day"
