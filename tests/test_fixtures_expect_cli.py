"""`python -m fixtures.expect`: `--check` writes nothing and fails on a stale file; `--only` filters."""

from __future__ import annotations

import pytest

from fixtures import expect
from fixtures.replay import fixture_requests


def test_check_passes_on_the_committed_cards_and_fails_on_a_stale_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    only = "spinal-metastases-order-sign/lhermitte-12h"
    assert expect.main(["--check", "--only", only]) == 0
    path = next(p for s, n, p in fixture_requests() if f"{s}/{n}" == only)
    cards = path.with_name(path.name.replace(".request.json", ".cards.json"))
    committed = cards.read_text(encoding="utf-8")
    try:
        cards.write_text('{"cards": []}\n', encoding="utf-8")
        assert expect.main(["--check", "--only", only, "--only", "brain-*/no-*"]) == 1
        assert capsys.readouterr().out.splitlines() == [f"would change {only}"]
        assert cards.read_text(encoding="utf-8") == '{"cards": []}\n'  # --check wrote nothing
        assert expect.main(["--only", only]) == 0
        assert cards.read_text(encoding="utf-8") == committed
    finally:
        cards.write_text(committed, encoding="utf-8")
