"""The FHIR test server itself (`fixtures/fhir_server.py`): FHIR answers, loading, dates, faults.

Answers and loading are tested in-process on small hand-made charts, so a change of the
fixture data cannot move them; faults that only exist on a connection (trickle, gzip bomb,
flood, latency) on the real server. No test holds a bomb or a flood in memory: they read the
first chunks, or inflate chunk by chunk and count.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from fixtures.fhir_server import (
    BUNDLES,
    FIXTURES_AS_OF,
    FhirTestServer,
    FixtureConflict,
    fixture_bundles,
    main,
    shift_for,
)
from tests.conftest import REPO
from tests.fhir_test_server import RunningFhirServer, asgi_client

SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-nl"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def _condition(rid: str, patient: str, code: str, clinical: str = "active") -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": rid,
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": clinical}]},
        "code": {"coding": [{"system": SCT, "code": code}, {"system": ICD, "code": "C79.5"}]},
        "subject": {"reference": f"Patient/{patient}"},
        "recordedDate": "2026-11-20",
    }


def _observation(rid: str, patient: str, status: str = "final") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": status,
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": {"coding": [{"code": "no-system"}]},
        "subject": {"reference": f"https://ehr.example/fhir/Patient/{patient}/_history/2"},
        "effectiveDateTime": "2026-11-23T08:00:00+01:00",
    }


CHART = [
    {"resourceType": "Patient", "id": "p1"},
    {"resourceType": "Patient", "id": "p2"},
    _condition("c1", "p1", "94503003"),
    _condition("c2", "p1", "363346000", clinical="resolved"),
    _condition("c3", "p2", "94503003"),
    *(_observation(f"o{n}", "p1", "final" if n % 2 else "amended") for n in range(1, 8)),
    {
        "resourceType": "AllergyIntolerance",
        "id": "a1",
        "patient": {"reference": "Patient/p1"},
    },
]


def _bundle(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"resource": r, "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}}
            for r in resources
        ],
    }


def _write(folder: Path, name: str, resources: list[dict[str, Any]]) -> Path:
    path = folder / "service" / f"{name}.transaction.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_bundle(resources)), encoding="utf-8")
    return path


@pytest.fixture
def chart(tmp_path: Path) -> Iterator[tuple[FhirTestServer, TestClient]]:
    server = FhirTestServer([_write(tmp_path, "chart", CHART)], page_size=3)
    with asgi_client(server) as client:
        yield server, client


def _ids(bundle: dict[str, Any]) -> list[str]:
    return [entry["resource"]["id"] for entry in bundle.get("entry", [])]


def _search(client: TestClient, path: str, **params: str) -> dict[str, Any]:
    response = client.get(path, params={"_count": "100", **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle: dict[str, Any] = response.json()
    return bundle


# --- metadata, reads ---------------------------------------------------------------------


def test_metadata_is_an_r4_capability_statement(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    statement = client.get("/metadata").json()
    assert statement["resourceType"] == "CapabilityStatement"
    assert statement["fhirVersion"] == "4.0.1"
    assert statement["kind"] == "instance"
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert {"Condition", "Observation", "MedicationStatement", "Patient"} <= set(resources)
    condition = {p["name"]: p["type"] for p in resources["Condition"]["searchParam"]}
    assert condition == {
        "_id": "token",
        "patient": "reference",
        "subject": "reference",
        "code": "token",
        "category": "token",
        "clinical-status": "token",
        "verification-status": "token",
    }
    assert "subject" not in {p["name"] for p in resources["AllergyIntolerance"]["searchParam"]}


def test_read_and_its_errors(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    assert client.get("/Condition/c1").json() == CHART[2]
    for path, status in (("/Condition/nope", 404), ("/Unknown/c1", 404), ("/Condition/a_b", 400)):
        response = client.get(path)
        assert response.status_code == status, path
        assert response.json()["resourceType"] == "OperationOutcome"
    assert client.delete("/Condition/c1").status_code == 405


# --- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"patient": "p1"},
        {"patient": "Patient/p1"},
        {"patient": "https://other.example/fhir/Patient/p1"},
        {"subject": "Patient/p1"},
        {"subject": "p1"},
        {"patient": "nobody,p1"},
    ],
    ids=["id", "relative", "absolute", "subject", "subject-id", "or"],
)
def test_patient_and_subject_in_every_form(
    chart: tuple[FhirTestServer, TestClient], params: dict[str, str]
) -> None:
    _, client = chart
    assert _ids(_search(client, "/Condition", **params)) == ["c1", "c2"]
    # An absolute, versioned subject reference names the same patient.
    assert len(_ids(_search(client, "/Observation", **params))) == 7


def test_patient_means_a_patient(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    assert _ids(_search(client, "/Condition", patient="Group/p1")) == []
    assert _ids(_search(client, "/Condition", patient="p2")) == ["c3"]
    assert _ids(_search(client, "/AllergyIntolerance", patient="p1")) == ["a1"]


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"code": f"{SCT}|94503003"}, ["c1"]),
        ({"code": "94503003"}, ["c1"]),
        ({"code": f"{ICD}|"}, ["c1", "c2"]),
        ({"code": f"{ICD}|94503003"}, []),
        ({"code": "|94503003"}, []),  # `|code`: a coding without a system
        ({"code": f"{SCT}|94503003,{SCT}|363346000"}, ["c1", "c2"]),
        ({"clinical-status": "resolved"}, ["c2"]),
        ({"clinical-status": f"{CLINICAL}|active"}, ["c1"]),
        ({"_id": "c2,c3"}, ["c2"]),
    ],
)
def test_condition_tokens(
    chart: tuple[FhirTestServer, TestClient], params: dict[str, str], ids: list[str]
) -> None:
    _, client = chart
    assert _ids(_search(client, "/Condition", patient="p1", **params)) == ids


def test_observation_tokens_and_repeats_are_and(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    assert len(_ids(_search(client, "/Observation", category="survey"))) == 7
    assert _ids(_search(client, "/Observation", status="amended")) == ["o2", "o4", "o6"]
    assert _ids(_search(client, "/Observation", code="|no-system", _id="o1")) == ["o1"]
    both = client.get("/Observation", params=[("_id", "o1,o2"), ("_id", "o2,o3")]).json()
    assert _ids(both) == ["o2"]


def test_an_unknown_parameter_is_ignored_recorded_and_left_out_of_self(
    chart: tuple[FhirTestServer, TestClient],
) -> None:
    server, client = chart
    bundle = _search(client, "/Condition", patient="p1", _sort="-date", **{"onset-date": "x"})
    assert _ids(bundle) == ["c1", "c2"]
    assert server.requests[-1].ignored == ("_sort", "onset-date")
    assert "_sort" not in bundle["link"][0]["url"]
    strict = client.get(
        "/Condition", params={"patient": "p1", "_sort": "x"}, headers={"Prefer": "handling=strict"}
    )
    assert strict.status_code == 400
    assert "_sort" in strict.json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize(
    "params",
    [{"code:text": "x"}, {"_count": "-1"}, {"_count": "many"}, {"_offset": "1.5"}],
)
def test_what_the_server_cannot_honour_is_a_400(
    chart: tuple[FhirTestServer, TestClient], params: dict[str, str]
) -> None:
    _, client = chart
    response = client.get("/Condition", params=params)
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"


def test_pages_link_on_until_the_last(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    first = client.get("/Observation", params={"patient": "p1"}).json()  # page size 3
    assert first["type"] == "searchset"
    assert first["total"] == 7
    entry = first["entry"][0]
    assert entry["fullUrl"] == "http://fhir.test/Observation/o1"
    assert entry["search"] == {"mode": "match"}
    seen, bundle, pages = [], first, 0
    while True:
        pages += 1
        seen += _ids(bundle)
        links = {link["relation"]: link["url"] for link in bundle["link"]}
        if "next" not in links:
            break
        bundle = client.get(links["next"]).json()
    assert pages == 3
    assert seen == [f"o{n}" for n in range(1, 8)]
    assert links["self"] == "http://fhir.test/Observation?patient=p1&_count=3&_offset=6"


def test_count_zero_and_the_largest_page(chart: tuple[FhirTestServer, TestClient]) -> None:
    server, client = chart
    counted = client.get("/Observation", params={"_count": "0"}).json()
    assert counted["total"] == 7
    assert "entry" not in counted
    assert [link["relation"] for link in counted["link"]] == ["self"]
    server.max_page_size = 5
    assert len(client.get("/Observation", params={"_count": "50"}).json()["entry"]) == 5


def test_post_search_merges_the_form_with_the_query(
    chart: tuple[FhirTestServer, TestClient],
) -> None:
    server, client = chart
    response = client.post(
        "/Condition/_search?clinical-status=active",
        data={"patient": "Patient/p1"},
        headers={"Accept": "application/json+fhir"},
    )
    assert response.status_code == 200
    assert _ids(response.json()) == ["c1"]
    assert server.requests[-1].params == (("clinical-status", "active"), ("patient", "Patient/p1"))
    assert server.requests[-1].accept == "application/json+fhir"
    assert _ids(client.get("/Condition/_search", params={"patient": "p2"}).json()) == ["c3"]
    wrong = client.post("/Condition/_search", json={"patient": "p1"})
    assert wrong.status_code == 415


def test_a_type_with_nothing_stored_is_an_empty_searchset(
    chart: tuple[FhirTestServer, TestClient],
) -> None:
    _, client = chart
    bundle = _search(client, "/MedicationStatement", patient="p1")
    assert bundle["total"] == 0
    assert "entry" not in bundle
    assert client.get("/Nonsense", params={"patient": "p1"}).status_code == 404


def test_cors_for_a_browser_prefetch(chart: tuple[FhirTestServer, TestClient]) -> None:
    _, client = chart
    origin = "https://sandbox.cds-hooks.org"
    preflight = client.options(
        "/Observation/_search",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    answer = client.get("/Observation", params={"patient": "p1"}, headers={"Origin": origin})
    assert answer.headers["access-control-allow-origin"] == "*"


# --- loading -----------------------------------------------------------------------------


def test_transactions_load_as_puts_and_reset_undoes_them(
    chart: tuple[FhirTestServer, TestClient],
) -> None:
    server, client = chart
    new = [_condition("c1", "p1", "128462008"), _condition("c9", "p1", "94503003")]
    response = client.post(
        "/", content=json.dumps(_bundle(new)), headers={"Content-Type": "application/fhir+json"}
    )
    assert response.status_code == 200
    statuses = [e["response"]["status"] for e in response.json()["entry"]]
    assert statuses == ["200 OK", "201 Created"]
    assert _ids(_search(client, "/Condition", patient="p1")) == ["c1", "c2", "c9"]
    assert client.get("/Condition/c1").json()["code"]["coding"][0]["code"] == "128462008"
    server.reset()
    assert client.get("/Condition/c9").status_code == 404


@pytest.mark.parametrize(
    "entry",
    [
        {"request": {"method": "POST", "url": "Condition"}},
        {"request": {"method": "PUT", "url": "Condition/other"}},
    ],
    ids=["not-a-put", "url-is-not-the-resource"],
)
def test_a_bad_transaction_stores_nothing(
    chart: tuple[FhirTestServer, TestClient], entry: dict[str, Any]
) -> None:
    _, client = chart
    bundle = _bundle([_condition("c8", "p1", "1")])
    bundle["entry"].append({"resource": _condition("c7", "p1", "1"), **entry})
    response = client.post(
        "/", content=json.dumps(bundle), headers={"Content-Type": "application/fhir+json"}
    )
    assert response.status_code == 400
    assert client.get("/Condition/c8").status_code == 404


def test_the_committed_bundles_share_only_identical_resources() -> None:
    """The data as it is: the practitioner in every bundle, and each alarm-budget panel patient's
    chart in the bundle of each hook it is seen on (patient-view, a routine MRI, ...), always the
    same (a differing copy raises FixtureConflict as the server loads)."""
    server = FhirTestServer()
    shared = {key: len(where) for key, where in server.sources.items() if len(where) > 1}
    assert shared.pop(("Practitioner", "prac-oncology-01")) == len(fixture_bundles())
    assert shared, "the panel shares its charts between hooks"
    assert all(rid.startswith("pat-panel-") for _, rid in shared), sorted(shared)[:5]
    assert server.resource_count() == len(server.sources)
    assert all(path.is_relative_to(BUNDLES) for path in fixture_bundles())


def test_the_same_resource_twice_is_fine_a_conflicting_copy_is_not(tmp_path: Path) -> None:
    patient = {"resourceType": "Patient", "id": "p1"}
    same = [_write(tmp_path, "a", [patient]), _write(tmp_path, "b", [patient])]
    assert FhirTestServer(same).resource_count() == 1
    other = _write(tmp_path, "c", [{**patient, "gender": "female"}])
    with pytest.raises(
        FixtureConflict, match=r"Patient/p1 differs between service/a\S* and service/c"
    ):
        FhirTestServer([*same, other])


def test_dates_move_by_the_shift(tmp_path: Path) -> None:
    path = _write(tmp_path, "chart", CHART)
    moved = FhirTestServer([path], shift=timedelta(days=10, hours=2))
    assert moved.read("Condition", "c1")["recordedDate"] == "2026-11-30"  # type: ignore[index]
    observation = moved.read("Observation", "o1")
    assert observation is not None
    assert observation["effectiveDateTime"] == "2026-12-03T10:00:00+01:00"
    assert FhirTestServer([path]).read("Condition", "c1") == CHART[2]


def test_as_of() -> None:
    assert shift_for("fixtures") == timedelta(0)
    moment = datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert shift_for("now", now=moment) == moment - FIXTURES_AS_OF
    assert shift_for("2026-11-24T10:00:00Z") == timedelta(days=1)
    assert shift_for("2026-11-24T10:00:00") == timedelta(days=1)  # no zone: UTC
    with pytest.raises(ValueError, match="--as-of"):
        shift_for("yesterday")


# --- faults, on the real server ---------------------------------------------------------


def _get(running: RunningFhirServer, path: str, **params: str) -> httpx.Response:
    """A GET as the sandbox's page sends it (with its Origin), so CORS headers come back."""
    headers = {"Origin": "https://sandbox.cds-hooks.org"}
    return httpx.get(f"{running.base_url}{path}", params=params, headers=headers, timeout=10)


def test_latency(fhir_test_server: RunningFhirServer) -> None:
    with fhir_test_server.faults(latency_s=0.3):
        started = time.monotonic()
        assert _get(fhir_test_server, "/Patient/pat-spine-03").status_code == 200
        assert time.monotonic() - started >= 0.3
        started = time.monotonic()
        _get(fhir_test_server, "/metadata")
        assert time.monotonic() - started < 0.3  # metadata is never delayed


def test_page_cap(fhir_test_server: RunningFhirServer) -> None:
    with fhir_test_server.faults(page_cap=3):
        bundle = _get(fhir_test_server, "/Observation", patient="pat-spine-03", _count="100").json()
    assert len(bundle["entry"]) == 3
    assert bundle["total"] > 3
    assert "_count=3&_offset=3" in bundle["link"][1]["url"]


def test_status_only_for_some_types_or_narrowed_queries(
    fhir_test_server: RunningFhirServer,
) -> None:
    with fhir_test_server.faults(status=503, types=frozenset({"Observation"})):
        failed = _get(fhir_test_server, "/Observation", patient="pat-spine-03")
        assert _get(fhir_test_server, "/Condition", patient="pat-spine-03").status_code == 200
    assert failed.status_code == 503
    assert failed.headers["retry-after"] == "1"
    assert failed.json()["resourceType"] == "OperationOutcome"
    assert failed.headers["access-control-allow-origin"] == "*"
    with fhir_test_server.faults(status=403, narrowed_only=True):
        query = {"patient": "pat-spine-01"}
        assert _get(fhir_test_server, "/MedicationRequest", **query).status_code == 200
        narrowed = _get(fhir_test_server, "/MedicationRequest", **query, status="active")
        assert narrowed.status_code == 403
        assert narrowed.json()["issue"][0]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("wrong_type", "content_type", "start"),
    [
        ("patient", "application/fhir+json", b'{"resourceType":"Patient","id":"pat-spine-03"}'),
        ("array", "application/fhir+json", b"[]"),
        ("html", "text/html", b"<!doctype html>"),
    ],
)
def test_wrong_type(
    fhir_test_server: RunningFhirServer, wrong_type: Any, content_type: str, start: bytes
) -> None:
    with fhir_test_server.faults(wrong_type=wrong_type):
        response = _get(fhir_test_server, "/Condition", patient="pat-spine-03")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert response.content.startswith(start)


def test_trickle_sends_small_chunks_slowly(fhir_test_server: RunningFhirServer) -> None:
    chunks: list[bytes] = []
    with fhir_test_server.faults(trickle_chunk_bytes=64, trickle_interval_s=0.05):
        started = time.monotonic()
        with httpx.stream(
            "GET", f"{fhir_test_server.base_url}/Patient/pat-spine-03", timeout=10
        ) as response:
            chunks.extend(response.iter_raw())
        elapsed = time.monotonic() - started
    body = b"".join(chunks)
    pieces = -(-len(body) // 64)
    assert pieces >= 4
    assert elapsed >= (pieces - 1) * 0.05 * 0.9
    assert len(chunks) > 1  # it arrives piecemeal
    assert max(map(len, chunks)) <= 64 * 2
    assert json.loads(body)["id"] == "pat-spine-03"


def test_gzip_bomb_inflates_beyond_its_size_from_a_small_body(
    fhir_test_server: RunningFhirServer,
) -> None:
    size = 256 << 20
    inflate = zlib.decompressobj(wbits=31)
    compressed = inflated = 0
    head = tail = b""
    with (
        fhir_test_server.faults(gzip_bomb_bytes=size),
        httpx.stream("GET", f"{fhir_test_server.base_url}/Condition", timeout=30) as response,
    ):
        assert response.headers["content-encoding"] == "gzip"
        assert "content-length" not in response.headers
        for chunk in response.iter_raw():  # raw: httpx must not inflate it for us
            compressed += len(chunk)
            data = chunk
            while data:
                out = inflate.decompress(data, 1 << 20)
                inflated += len(out)
                head = head or out[:64]
                tail = (tail + out)[-16:]
                data = inflate.unconsumed_tail
    assert inflate.eof  # the trailer's CRC-32 and length are right: a valid gzip stream
    assert inflated >= size
    assert compressed * 500 < inflated
    assert head.startswith(b'{"resourceType":"Bundle"')
    assert tail.rstrip().endswith(b"]}")


def _first_bytes(running: RunningFhirServer, path: str, wanted: int) -> tuple[bytes, int]:
    """The first `wanted` raw bytes of a streamed answer, then the connection is dropped."""
    got = b""
    with httpx.stream("GET", f"{running.base_url}{path}", timeout=10) as response:
        for chunk in response.iter_raw():
            got += chunk
            if len(got) >= wanted:
                break
        return got, response.status_code


def _streams_end(running: RunningFhirServer) -> bool:
    deadline = time.monotonic() + 5
    while running.server.open_streams and time.monotonic() < deadline:
        time.sleep(0.02)
    return running.server.open_streams == 0


def test_a_terabyte_bomb_costs_the_server_nothing_until_read(
    fhir_test_server: RunningFhirServer,
) -> None:
    with fhir_test_server.faults(gzip_bomb_bytes=1 << 40):
        start, status = _first_bytes(fhir_test_server, "/Condition", 64 << 10)
    assert status == 200
    assert len(zlib.decompressobj(wbits=31).decompress(start, 64 << 20)) == 64 << 20
    assert _streams_end(fhir_test_server)  # dropping the connection ended the stream
    assert _get(fhir_test_server, "/metadata").status_code == 200


def test_flood_is_a_valid_bundle_of_that_many_entries(fhir_test_server: RunningFhirServer) -> None:
    with fhir_test_server.faults(flood_entries=250):
        bundle = _get(fhir_test_server, "/Condition", patient="pat-spine-03").json()
    assert bundle["total"] == 250
    ids = [entry["resource"]["id"] for entry in bundle["entry"]]
    assert len(ids) == len(set(ids)) == 250
    assert ids[0] == "pat-spine-03-htn-flood-0"


def test_an_endless_flood_stops_when_the_client_goes(fhir_test_server: RunningFhirServer) -> None:
    with fhir_test_server.faults(flood_entries=10**12):
        start, status = _first_bytes(
            fhir_test_server, "/Observation?patient=pat-spine-03", 256 << 10
        )
    assert status == 200
    assert start.startswith(b'{"resourceType":"Bundle","type":"searchset","total":1000000000000')
    assert start.count(b'"fullUrl"') > 100
    assert _streams_end(fhir_test_server)


# --- the runner --------------------------------------------------------------------------


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "--as-of now|ISO|fixtures" in text
    assert "--gzip-bomb" in text


def test_the_runner_serves_the_fixtures_as_of_now() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    runner = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "fixtures.fhir_server", "--port", str(port), "--as-of", "now"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/metadata", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        served = httpx.get(f"{base}/Condition/pat-spine-03-htn", timeout=5).json()
    finally:
        runner.terminate()
        _, stderr = runner.communicate(timeout=10)
    as_written = FhirTestServer().read("Condition", "pat-spine-03-htn")
    assert as_written is not None
    moved = datetime.fromisoformat(served["recordedDate"]) - datetime.fromisoformat(
        as_written["recordedDate"]
    )
    expected = (datetime.now(UTC) - FIXTURES_AS_OF).days
    assert abs(moved.days - expected) <= 1
    assert b"FHIR R4 test server on http://127.0.0.1:" in stderr
