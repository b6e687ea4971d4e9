"""Our service without its guideline work: where the time between ceiling and ours goes.

`python -m bench.shell --host 127.0.0.1 --local-demo --port P` is `python -m service` with the
same arguments, settings, app, audit trail, log line and server options, except that each CDS
service answers every call with the cards it decided for its first call. What it still spends
beyond the ceiling is the service around the guideline: the request and context checks,
reading the prefetch, the relevance check, serialising the cards, the audit record and the log
line. Ours minus this is the guideline itself: reading the facts, the decision tables, the
cards and their FHIR proposals.

A benchmark instrument only: the benchmark sends one body per service, so "the cards of the
first call" are the right cards for every call it makes. No real deployment may answer so.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

import service.__main__ as server
from hooks import SERVICES
from service.cds.contract import CDSService, HookCall
from service.cds.models import Card


def remembering(service: CDSService) -> CDSService:
    """`service`, answering every call with the cards of its first call."""
    decided: list[Sequence[Card]] = []

    def evaluate(call: HookCall) -> Sequence[Card]:
        if not decided:
            decided.append(tuple(service.evaluate(call)))
        return decided[0]

    return dataclasses.replace(service, evaluate=evaluate)


def main(argv: list[str] | None = None) -> int:
    return server.main(argv, tuple(remembering(s) for s in SERVICES))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
