"""Adding a service is one package and one line in `hooks.SERVICES`: nothing can be forgotten."""

from __future__ import annotations

import ast
from dataclasses import replace

from hooks import SERVICES, TABLES
from service.cds.contract import CDSService
from service.render import ROOT


def test_every_service_module_is_registered() -> None:
    """The registry holds each package's services as defined, with only their `source` added."""
    registered = {s.id: s for s in SERVICES}
    for path in (ROOT / "hooks").glob("*/service.py"):
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = __import__(module_name, fromlist=["SERVICES"])
        services = [v for v in vars(module).values() if isinstance(v, CDSService)]
        assert services, f"{module_name} defines no CDSService"
        assert all(
            s.id in registered and replace(registered[s.id], source=s.source) == s for s in services
        ), f"{module_name} has an unregistered service"
        assert all(registered[s.id].source is not None for s in services), module_name


def test_service_ids_are_unique_and_rule_ids_are_clinical_model_ids() -> None:
    assert len({s.id for s in SERVICES}) == len(SERVICES)
    for table in TABLES:
        for row in table.rows:
            assert row.id.split("-")[0] in {"SM", "BM", "NET", "IO", "LM"}, row.id


def test_service_package_names_no_guideline() -> None:
    """`service/` is protocol and plumbing: it imports nothing from `hooks/` but the registry."""
    for path in (ROOT / "service").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("hooks.")
            ):
                raise AssertionError(f"{path.name} imports {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "hooks":
                # The entry points that load the registry: the CLI, the zero-argument app
                # factory for other servers, the document renderer and the token CLI.
                assert path.name in {"__main__.py", "app.py", "render.py", "token.py"}, path
