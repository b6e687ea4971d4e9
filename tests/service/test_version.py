"""`GET /version`: the package version, the git commit, CDS Hooks 2.0 and each guideline's source."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.version as version_module
from fixtures.replay import fixture_app
from hooks import SERVICES, TABLES
from service.cds.contract import GuidelineSource
from service.render import ROOT, openapi_document
from service.version import VersionInfo, git_commit, package_version, version_info

PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The version and the commit are read once per process: forget them around a test."""
    package_version.cache_clear()
    git_commit.cache_clear()
    yield
    package_version.cache_clear()
    git_commit.cache_clear()


def test_version_needs_no_token_and_says_what_runs() -> None:
    # Authentication on and nobody trusted: discovery is refused, /version is not.
    with TestClient(fixture_app(local_demo=False), raise_server_exceptions=False) as client:
        assert client.get("/cds-services").status_code == 401
        response = client.get("/version")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == version_info(SERVICES)
    assert body["name"] == "metastasis-cds"
    assert body["version"] == PYPROJECT_VERSION == importlib.metadata.version("metastasis-cds")
    assert body["cdsHooksVersion"] == "2.0"
    assert body["commit"] == git_commit()
    # The documented schema is exactly what is sent.
    assert VersionInfo.model_validate(body).model_dump(by_alias=True) == body


def test_every_registered_service_is_under_exactly_one_source() -> None:
    guidelines = version_info(SERVICES)["guidelines"]
    listed = [service_id for g in guidelines for service_id in g["services"]]
    assert sorted(listed) == sorted(s.id for s in SERVICES)
    assert len({g["title"] for g in guidelines}) == len(guidelines)


def test_the_sources_are_what_the_rows_cite_with_only_the_dates_they_give() -> None:
    """Title, kind and URL are the rows' own; no version is invented; each date is the citation's."""
    cited = {row.source.guideline: row.source for table in TABLES for row in table.rows}
    guidelines = {g["title"]: g for g in version_info(SERVICES)["guidelines"]}
    assert set(guidelines) == set(cited)
    for title, entry in guidelines.items():
        source = cited[title]
        assert (entry["kind"], entry["url"]) == (source.strength, source.url)
        assert entry["version"] is None  # none of the sources names a version
        citation = f"{source.guideline} {source.reference or ''}"
        for date in (entry["published"], entry["lastReviewed"]):
            if date is not None:
                assert date[:4] in citation, (title, date)
    dates = {g["kind"]: (g["published"], g["lastReviewed"]) for g in guidelines.values()}
    assert dates == {
        "guideline": ("2015", None),
        "review-article": ("2023-06-01", None),
        "hospital-pathway": (None, None),  # "zonder datum"
        "thesis": ("2019-09", None),
        "research-news": (None, "2025-07-27"),  # "laatst beoordeeld", not a publication date
    }


def test_services_of_one_source_share_an_entry_and_a_service_without_one_is_in_none() -> None:
    source = GuidelineSource(title="T", kind="guideline", published="2020")
    first, second, third = (replace(SERVICES[0], id=f"s{i}", source=source) for i in range(3))
    other = replace(third, id="s3", source=replace(source, title="U"))
    unsourced = replace(third, id="s4", source=None)
    guidelines = version_info([first, second, other, unsourced])["guidelines"]
    assert [(g["title"], g["services"]) for g in guidelines] == [("T", ["s0", "s1"]), ("U", ["s3"])]


def test_the_answer_is_built_once_no_subprocess_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with TestClient(fixture_app()) as client:

        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise AssertionError("a subprocess while answering")

        monkeypatch.setattr(subprocess, "run", refuse)
        answers = [client.get("/version").json() for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.usefixtures("fresh_caches")
def test_without_package_metadata_the_version_comes_from_pyproject(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def not_installed(_name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(_name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert package_version() == PYPROJECT_VERSION
    package_version.cache_clear()
    monkeypatch.setattr(version_module, "ROOT", tmp_path)  # no pyproject.toml either
    assert package_version() is None
    package_version.cache_clear()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "9"\n')
    assert package_version() is None  # another project's version is not ours


@pytest.mark.usefixtures("fresh_caches")
def test_the_commit_is_read_only_from_a_git_checkout_and_never_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert git_commit(plain) is None
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".git").write_text("not a repository\n")
    assert git_commit(broken) is None

    git = shutil.which("git")
    assert git is not None
    repo = tmp_path / "repo"
    repo.mkdir()
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    identity += ["-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], [*identity, "commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run([git, *command], cwd=repo, check=True, capture_output=True)  # noqa: S603
    head = subprocess.run(  # noqa: S603
        [git, "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    assert git_commit(repo) == head
    # Inside a checkout, but not its top: the parents are not searched.
    (repo / "sub").mkdir()
    assert git_commit(repo / "sub") is None

    git_commit.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert git_commit(repo) is None  # no git installed


def test_the_openapi_document_lists_version_as_open() -> None:
    document = json.loads(openapi_document())
    operation = document["paths"]["/version"]["get"]
    assert "security" not in operation  # discovery and the calls carry CDSHooksJWT
    assert "security" in document["paths"]["/cds-services"]["get"]
    assert "no token" in operation["description"].lower()
    assert operation["tags"] == ["operations"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/VersionInfo"}
    properties = document["components"]["schemas"]["VersionInfo"]["properties"]
    assert set(properties) == {"name", "version", "commit", "cdsHooksVersion", "guidelines"}
