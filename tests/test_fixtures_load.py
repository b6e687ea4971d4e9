"""`python -m fixtures.load`: the fixture bundles POSTed to a FHIR server, dated as the viewer."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx

from fixtures import load
from fixtures.fhir_server import FIXTURES_AS_OF, FhirTestServer, fixture_bundles, shift_for
from tests.fhir_test_server import running_fhir_server

AS_OF = "2027-02-01T07:15:00Z"


def test_loading_into_an_empty_server_gives_the_data_the_viewer_would_show() -> None:
    reference = FhirTestServer(shift=shift_for(AS_OF))  # loads and shifts the bundles itself
    with running_fhir_server(FhirTestServer(bundles=[])) as empty:
        out = io.StringIO()
        assert load.main(["--fhir", empty.base_url, "--as-of", AS_OF], out) == 0
        assert empty.server.resource_count() == reference.resource_count() > 0
        for resource_type, rid in reference.sources:
            assert empty.server.read(resource_type, rid) == reference.read(resource_type, rid)
        posts = [r for r in empty.server.requests if r.method == "POST"]
    assert len(posts) == len(fixture_bundles())
    assert out.getvalue().startswith(f"loaded {len(posts)} bundles into {empty.base_url}")
    answered = empty.server.read("Observation", "pat-spine-03-ans-0")
    assert answered is not None
    written = FhirTestServer().read("Observation", "pat-spine-03-ans-0")
    assert written is not None
    moved = datetime.fromisoformat(answered["effectiveDateTime"]) - datetime.fromisoformat(
        written["effectiveDateTime"]
    )
    assert moved == datetime.fromisoformat(AS_OF) - FIXTURES_AS_OF


def test_as_of_now_moves_the_dates_by_now_minus_the_fixtures_moment() -> None:
    with running_fhir_server(FhirTestServer(bundles=[])) as empty:
        before = datetime.now(UTC)
        assert load.main(["--fhir", empty.base_url], io.StringIO()) == 0  # --as-of now by default
        after = datetime.now(UTC)
        answered = empty.server.read("Observation", "pat-spine-03-ans-0")
    written = FhirTestServer().read("Observation", "pat-spine-03-ans-0")
    assert answered is not None
    assert written is not None
    moved = datetime.fromisoformat(answered["effectiveDateTime"]) - datetime.fromisoformat(
        written["effectiveDateTime"]
    )
    assert before - FIXTURES_AS_OF - timedelta(seconds=1) <= moved <= after - FIXTURES_AS_OF


def test_as_of_fixtures_loads_the_dates_as_written() -> None:
    with running_fhir_server(FhirTestServer(bundles=[])) as empty:
        assert load.main(["--fhir", empty.base_url, "--as-of", "fixtures"], io.StringIO()) == 0
        assert empty.server.read("Observation", "pat-spine-03-ans-0") == FhirTestServer().read(
            "Observation", "pat-spine-03-ans-0"
        )


@respx.mock
def test_a_refused_bundle_stops_the_run_with_the_servers_diagnostics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    route = respx.post("https://fhir.test.example/r4/").mock(
        return_value=httpx.Response(
            422,
            json={
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "error", "code": "invalid", "diagnostics": "no PUT here"}],
            },
        )
    )
    assert load.main(["--fhir", "https://fhir.test.example/r4"]) == 1
    assert route.call_count == 1  # the first refusal stops the run
    sent = route.calls[0].request
    assert sent.headers["content-type"] == "application/fhir+json"
    first = fixture_bundles()[0]
    assert f"{first.parent.name}/{first.name}: HTTP 422 no PUT here" in capsys.readouterr().err


@respx.mock
def test_an_unreachable_server_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    respx.post("https://fhir.test.example/r4/").mock(side_effect=httpx.ConnectError("refused"))
    assert load.main(["--fhir", "https://fhir.test.example/r4"]) == 1
    assert "ConnectError: refused" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--fhir", "fhir.test.example"], id="not-a-url"),
        pytest.param(["--fhir", "https://fhir.test.example", "--as-of", "soon"], id="bad-as-of"),
    ],
)
def test_bad_arguments_exit_2_before_any_request(argv: list[str]) -> None:
    with respx.mock(assert_all_called=False) as mock:
        assert load.main(argv) == 2
        assert not mock.calls
