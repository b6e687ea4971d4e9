"""Rules over thousands of resources run off the event loop, so other requests are served."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.cds.call import EVALUATE_INLINE_MAX
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card
from service.settings import Settings

threads: list[str] = []


def _evaluate(call: HookCall) -> Sequence[Card]:
    threads.append(threading.current_thread().name)
    return ()


SERVICE = CDSService(
    id="offload-probe",
    hook="patient-view",
    title="probe",
    description="records where its rules ran",
    evaluate=_evaluate,
    prefetch={"conditions": "Condition?patient={{context.patientId}}"},
)


def _request(count: int) -> dict[str, Any]:
    entries = [
        {
            "resource": {
                "resourceType": "Condition",
                "id": f"c{n}",
                "subject": {"reference": "Patient/p"},
            }
        }
        for n in range(count)
    ]
    return {
        "hook": "patient-view",
        "hookInstance": f"offload-{count}",
        "context": {"patientId": "p", "userId": "Practitioner/u"},
        "prefetch": {"conditions": {"resourceType": "Bundle", "entry": entries}},
    }


@pytest.mark.parametrize(("count", "on_the_loop"), [(3, True), (EVALUATE_INLINE_MAX + 1, False)])
def test_rules_over_many_resources_run_in_a_worker_thread(count: int, on_the_loop: bool) -> None:
    app = create_app(Settings(database_url="sqlite://", local_demo=True), [SERVICE])
    threads.clear()
    with TestClient(app) as client:
        loop_thread = client.portal.call(_async_thread_name)  # type: ignore[union-attr]
        response = client.post("/cds-services/offload-probe", json=_request(count))
    assert response.status_code == 200, response.text
    assert (threads == [loop_thread]) is on_the_loop


async def _async_thread_name() -> str:
    return threading.current_thread().name
