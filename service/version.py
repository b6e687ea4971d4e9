"""`GET /version`: what is running: the package version, its git commit, the CDS Hooks version
and the source (with its version or date) behind each registered service.

No token, like `/healthz`: it holds no patient data. The answer is built once, when the app is
made; the git commit is read at most once per process, and only from a git checkout.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from service.cds.contract import CDSService, GuidelineSource

DISTRIBUTION = "metastasis-cds"
CDS_HOOKS_VERSION = "2.0"
# The checkout this package runs from (when it is one): the folder that holds service/.
ROOT = Path(__file__).resolve().parents[1]
_COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")  # SHA-1 or SHA-256 object names


@lru_cache(maxsize=1)
def package_version() -> str | None:
    """The installed distribution's version, else pyproject.toml's beside the code; None if neither."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        with (ROOT / "pyproject.toml").open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    version = project.get("version") if project.get("name") == DISTRIBUTION else None
    return version if isinstance(version, str) else None


@lru_cache(maxsize=4)
def git_commit(root: Path = ROOT) -> str | None:
    """`git rev-parse HEAD` of `root` when `root` itself is a git checkout; None otherwise.

    Never raises: no `.git`, no git, a git that refuses the folder or takes too long all give
    None. The parents of `root` are not searched, so a wheel installed into a virtualenv inside
    some other checkout does not report that checkout's commit.
    """
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command on our own folder, no shell
            [git, "rev-parse", "--verify", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and _COMMIT.match(commit) else None


def _source(source: GuidelineSource, service_ids: list[str]) -> dict[str, Any]:
    return {
        "title": source.title,
        "kind": source.kind,
        "version": source.version,
        "published": source.published,
        "lastReviewed": source.last_reviewed,
        "url": source.url,
        "services": service_ids,
    }


def version_info(services: Iterable[CDSService]) -> dict[str, Any]:
    """The `/version` answer (and `python -m service --version`'s) for these services.

    One `guidelines` entry per distinct source, in registry order, with the ids of the services
    that cite it; a service that names no source is in none.
    """
    by_source: dict[GuidelineSource, list[str]] = {}
    for service in services:
        if service.source is not None:
            by_source.setdefault(service.source, []).append(service.id)
    return {
        "name": DISTRIBUTION,
        "version": package_version(),
        "commit": git_commit(),
        "cdsHooksVersion": CDS_HOOKS_VERSION,
        "guidelines": [_source(source, ids) for source, ids in by_source.items()],
    }


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class GuidelineVersion(_Camel):
    """A source the services implement, with only the version and dates the source itself gives."""

    title: str
    kind: str = Field(examples=["guideline", "review-article", "thesis", "research-news"])
    version: str | None = Field(description="The version the source names; null when it names none")
    published: str | None = Field(
        description="Publication date, ISO 8601 as precise as the source gives it (2015, 2019-09)"
    )
    last_reviewed: str | None = Field(description="The date the source says it was last reviewed")
    url: str | None = Field(description="Only where the source gives one")
    services: list[str] = Field(description="Ids of the CDS services that cite this source")


class VersionInfo(_Camel):
    """What is running; the same for every caller, never patient data."""

    name: str = Field(examples=[DISTRIBUTION])
    version: str | None = Field(description="The package version", examples=["0.1.0"])
    commit: str | None = Field(description="The git commit, when the service runs from a checkout")
    cds_hooks_version: str = Field(examples=[CDS_HOOKS_VERSION])
    guidelines: list[GuidelineVersion]


def version_router(services: Iterable[CDSService]) -> APIRouter:
    """The `/version` route, its answer built now, once."""
    body = orjson.dumps(version_info(services))
    router = APIRouter(tags=["operations"])

    @router.get("/version", summary="Version", response_model=VersionInfo)
    async def version() -> Response:
        """The service's version and git commit, the CDS Hooks version and each guideline's source.

        Needs no token, like `/healthz` and `/readyz`: the answer is the same for every caller
        and holds no patient data.
        """
        return Response(body, media_type="application/json")

    return router
