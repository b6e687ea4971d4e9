"""The viewer's routes over HTTP: when they exist, what they serve, and how they fail."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app, fixture_requests, load
from service.viewer.bundles import transaction_bundle
from service.viewer.router import STATIC_DIR


def _client(**settings: Any) -> TestClient:
    return TestClient(fixture_app(**settings), raise_server_exceptions=False)


@pytest.fixture
def viewer() -> Iterator[TestClient]:
    with _client(local_demo=True) as client:
        yield client


@pytest.mark.parametrize(
    ("settings", "served"),
    [
        pytest.param({"local_demo": False}, False, id="production-default-off"),
        pytest.param({"local_demo": True}, True, id="local-demo-default-on"),
        pytest.param({"local_demo": True, "viewer_enabled": False}, False, id="switched-off"),
        pytest.param({"local_demo": False, "viewer_enabled": True}, True, id="switched-on"),
    ],
)
def test_the_viewer_is_on_in_local_demo_mode_and_switchable(
    settings: dict[str, Any], served: bool
) -> None:
    with _client(**settings) as client:
        response = client.get("/viewer")
        assert (response.status_code == 200) is served
        if not served:
            assert response.status_code == 404
            assert response.json()["resourceType"] == "OperationOutcome"
            assert client.get("/viewer/api/fixtures").status_code == 404


def test_the_page_is_html_with_a_strict_content_security_policy(viewer: TestClient) -> None:
    response = viewer.get("/viewer")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<script type="module" src="/viewer/static/viewer.js">' in response.text
    assert viewer.get("/viewer/", follow_redirects=False).headers["location"] == "/viewer"


def _referenced_files() -> set[str]:
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    names = set(re.findall(r'(?:src|href)="/viewer/static/([^"]+)"', page))
    for script in STATIC_DIR.glob("*.js"):
        names |= set(re.findall(r'from "\./([^"]+)"', script.read_text(encoding="utf-8")))
    return names


def test_every_file_the_page_loads_is_served_with_its_media_type(viewer: TestClient) -> None:
    names = _referenced_files()
    assert {"viewer.js", "viewer.css", "markdown.js", "cards.js"} <= names
    for name in names:
        response = viewer.get(f"/viewer/static/{name}")
        assert response.status_code == 200, name
        expected = "text/javascript" if name.endswith(".js") else "text/css"
        assert response.headers["content-type"].startswith(expected)
        etag = response.headers["etag"]
        assert (
            viewer.get(f"/viewer/static/{name}", headers={"If-None-Match": etag}).status_code == 304
        )


@pytest.mark.parametrize(
    "name", ["nope.js", "..%2F__init__.py", "router.py", "%2E%2E%2Fsettings.py"]
)
def test_only_the_shipped_static_files_are_served(viewer: TestClient, name: str) -> None:
    response = viewer.get(f"/viewer/static/{name}")
    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"


def test_the_page_loads_nothing_from_elsewhere() -> None:
    """No CDN, no external fonts or scripts: only the package's own files."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    for css in STATIC_DIR.glob("*.css"):
        assert not re.search(
            r"@import|url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")
        )
    for script in STATIC_DIR.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"""import\s*(?:[^"']*from\s*)?["'](?:https?:)?//""", text)
        assert "innerHTML" not in text
        assert "insertAdjacentHTML" not in text
        assert "eval(" not in text


def test_the_viewer_stays_out_of_the_openapi_document(viewer: TestClient) -> None:
    paths = viewer.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/viewer")]


def test_config_tells_the_page_about_this_deployment(viewer: TestClient) -> None:
    assert viewer.get("/viewer/api/config").json() == {
        "defaultLanguage": "nl",
        "localDemo": True,
        "signing": False,
        "issuer": None,
        "issuerTrusted": False,
        "fixtures": True,
    }


def test_the_fixture_list_is_every_fixture_request(viewer: TestClient) -> None:
    listed = viewer.get("/viewer/api/fixtures").json()["fixtures"]
    expected = []
    for service_id, scenario, path in fixture_requests():
        request = load(path)
        expected.append(
            {
                "serviceId": service_id,
                "scenario": scenario,
                "hook": request["hook"],
                "patientId": request["context"]["patientId"],
            }
        )
    assert listed == expected
    service_id, scenario, path = next(iter(fixture_requests()))
    assert viewer.get(f"/viewer/api/fixtures/{service_id}/{scenario}").json() == load(path)


@pytest.mark.parametrize(
    "path",
    [
        "/viewer/api/fixtures/spinal-metastases-order-sign/no-such-scenario",
        "/viewer/api/fixtures/no-such-service/lhermitte-12h",
        "/viewer/api/fixtures/..%2F..%2Fpyproject/toml",
        "/viewer/api/fixtures/spinal-metastases-order-sign/..%2Flhermitte-12h",
    ],
)
def test_an_unknown_fixture_is_a_404_operation_outcome(viewer: TestClient, path: str) -> None:
    response = viewer.get(path)
    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_fixture_downloads_as_a_transaction_bundle(viewer: TestClient) -> None:
    service_id, scenario, path = next(iter(fixture_requests()))
    response = viewer.get(f"/viewer/api/fixtures/{service_id}/{scenario}/transaction.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    assert f'filename="{scenario}.transaction.json"' in response.headers["content-disposition"]
    assert response.json() == transaction_bundle(load(path))


def test_without_a_fixtures_folder_the_viewer_still_works(tmp_path: Path) -> None:
    with _client(local_demo=True, viewer_fixtures_dir=tmp_path / "absent") as client:
        assert client.get("/viewer").status_code == 200
        assert client.get("/viewer/api/fixtures").json() == {"fixtures": []}
        assert client.get("/viewer/api/config").json()["fixtures"] is False


def test_unreadable_fixture_files_are_left_out(tmp_path: Path) -> None:
    good = tmp_path / "some-service" / "good.request.json"
    good.parent.mkdir()
    good.write_text(
        json.dumps({"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p1"}}),
        encoding="utf-8",
    )
    (tmp_path / "some-service" / "broken.request.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "some-service" / "no-patient.request.json").write_text(
        json.dumps({"hook": "patient-view", "context": {}}), encoding="utf-8"
    )
    with _client(local_demo=True, viewer_fixtures_dir=tmp_path) as client:
        assert client.get("/viewer/api/fixtures").json()["fixtures"] == [
            {
                "serviceId": "some-service",
                "scenario": "good",
                "hook": "patient-view",
                "patientId": "p1",
            }
        ]
        assert client.get("/viewer/api/fixtures/some-service/broken").status_code == 404


def test_the_serve_command_prints_the_viewer_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    import service.__main__ as main_module

    started: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **kw: started.append(kw["port"]))
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite://")
    assert main_module.main(["--host", "127.0.0.1", "--port", "9123", "--local-demo"]) == 0
    assert "card viewer: http://127.0.0.1:9123/viewer" in capsys.readouterr().out
    assert started == [9123]
