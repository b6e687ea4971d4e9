from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hooks.facts import Fact
from hooks.rules import decide
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_EXCEPTION, MRI_URGENCY
from hooks.spinal_metastases.reading.facts import SpineFacts

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
NOTHING_ELSE: dict[str, Any] = {
    "mescc_clinical_suspicion": Fact(False),
    "lhermitte_sign": Fact(False),
    "radicular_pain": Fact("absent"),
    "radicular_deficit": Fact("absent"),
    "local_back_pain_only": Fact(False),
}


def facts(**changes: Any) -> SpineFacts:
    return replace(SpineFacts(now=NOW, **NOTHING_ELSE), **changes)


def deficit(side: str, days: float, progressive: bool) -> dict[str, Any]:
    return {
        "radicular_deficit": Fact(side),
        "deficit_onset": Fact(NOW - timedelta(days=days)),
        "deficit_progressive": Fact(progressive),
    }


CASES = [
    pytest.param(facts(mescc_clinical_suspicion=Fact(True)), "SM-MRI-12h", id="clinical-mescc"),
    pytest.param(facts(lhermitte_sign=Fact(True)), "SM-MRI-12h", id="lhermitte"),
    pytest.param(facts(radicular_pain=Fact("bilateral")), "SM-MRI-12h", id="bilateral-pain"),
    pytest.param(
        facts(**deficit("bilateral", 20, False)),
        "SM-MRI-12h",
        id="bilateral-deficit-even-if-old-and-stable",
    ),
    pytest.param(
        facts(**deficit("unilateral", 3, True)),
        "SM-MRI-24h",
        id="unilateral-deficit-3d-progressive",
    ),
    pytest.param(
        facts(**deficit("unilateral", 7, True)), "SM-MRI-24h", id="exactly-7-days-is-within-7-days"
    ),
    pytest.param(
        facts(**deficit("unilateral", 10, True)),
        "SM-MRI-48h",
        id="unilateral-deficit-10d-progressive",
    ),
    pytest.param(
        facts(radicular_pain=Fact("unilateral")), "SM-MRI-1w", id="unilateral-radicular-pain"
    ),
    pytest.param(
        facts(**deficit("unilateral", 3, False), radicular_pain=Fact("unilateral")),
        "SM-MRI-1w",
        id="stable-deficit-falls-to-pain-window",
    ),
    pytest.param(facts(local_back_pain_only=Fact(True)), "SM-MRI-2w", id="local-back-pain-only"),
    pytest.param(
        facts(radicular_pain=Fact("unilateral"), lhermitte_sign=Fact(True)),
        "SM-MRI-12h",
        id="shortest-window-wins",
    ),
]


@pytest.mark.parametrize(("case", "expected_row"), CASES)
def test_mri_urgency(case: SpineFacts, expected_row: str) -> None:
    decision = decide(MRI_URGENCY, case)
    assert decision.row is not None
    assert decision.row.id == expected_row
    assert decision.undecided == ()


TESTED_ROWS = {case.values[1] for case in CASES} | {"SM-MRI-ASIA-A"}


def test_every_row_has_a_case() -> None:
    assert {case.values[1] for case in CASES} == {row.id for row in MRI_URGENCY.rows}


def test_unknown_onset_is_reported_not_guessed() -> None:
    case = facts(
        radicular_deficit=Fact("unilateral"), deficit_progressive=Fact(True), deficit_onset=Fact()
    )
    decision = decide(MRI_URGENCY, case)
    assert decision.row is None
    assert [row.id for row in decision.undecided] == ["SM-MRI-24h", "SM-MRI-48h"]


def test_nothing_recorded_leaves_every_row_undecided() -> None:
    decision = decide(MRI_URGENCY, SpineFacts(now=NOW))
    assert decision.row is None
    assert [row.id for row in decision.undecided] == [row.id for row in MRI_URGENCY.rows]


def test_no_complaint_gives_no_window() -> None:
    decision = decide(MRI_URGENCY, facts())
    assert decision.row is None
    assert decision.undecided == ()


def _asia(grade: str | None, onset_h_before_presentation: float | None) -> SpineFacts:
    presented = NOW - timedelta(hours=1)
    onset = (
        None
        if onset_h_before_presentation is None
        else presented - timedelta(hours=onset_h_before_presentation)
    )
    return facts(
        asia_grade=Fact(grade), asia_assessed_at=Fact(presented), complete_lesion_onset=Fact(onset)
    )


ASIA_CASES = [
    pytest.param(_asia("asia-a", 49), True, id="asia-a-49h-no-emergency"),
    pytest.param(_asia("asia-a", 47), False, id="asia-a-47h-still-emergency"),
    pytest.param(_asia("asia-b", 100), False, id="incomplete-lesion-still-emergency"),
    pytest.param(_asia("asia-a", None), None, id="asia-a-onset-unknown"),
    pytest.param(_asia(None, 100), None, id="grade-unknown"),
]


@pytest.mark.parametrize(("case", "exception_holds"), ASIA_CASES)
def test_asia_a_exception(case: SpineFacts, exception_holds: bool | None) -> None:
    decision = decide(MRI_EXCEPTION, case)
    if exception_holds:
        assert decision.row is not None
        assert decision.row.id == "SM-MRI-ASIA-A"
    elif exception_holds is None:
        assert decision.row is None
        assert [r.id for r in decision.undecided] == ["SM-MRI-ASIA-A"]
    else:
        assert decision.row is None
        assert decision.undecided == ()
