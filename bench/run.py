"""`make bench`: our service against the framework's own ceiling, in one run on this machine.

1. The ceiling (`bench/ceiling.py`) and our service (`python -m service --local-demo`: the
   production server settings, audit trail and JSON logging on, authentication off) each run
   as one uvicorn worker; so does our service without its guideline work (`bench/shell.py`),
   to tell the cost of the service around the guideline from the guideline's own.
2. wrk (one thread, on the other core) drives each with the same fixture calls, an order-sign
   and a patient-view, at 16 and 64 connections, in rounds taken in turn (the medians count);
   we print requests/s, p50 and p99, the ratio ours / ceiling, and the time per call split
   into framework, service and guideline.
3. The order-sign call again with 10, 100, 1,000 and 5,000 Observations in its prefetch, one
   call at a time: the median latency per size.
4. The worker's RSS after start-up and after every load run (flat = no leak), the first call
   after start-up, and the cost of verifying an ES384 and an RS384 JWT.
5. `--workers 2` against `--workers 1` (`bench/workers.py`), authentication off and on, and
   what the request id and the metrics add to a call (`bench/overhead.py`), and what the
   snooze lookup adds when snoozing is on (`bench/snooze_cost.py`).
6. Hostile FHIR servers (`bench/hostile.py`): `/healthz` p99 while a gzip bomb, a flood, a
   huge Bundle, a trickle or a wrong type is read, and the worker's RSS over those calls.
7. Long histories (`bench/long_history.py`): the fallback series against a mock FHIR server
   (0/20/50 ms, 37 to 50,000 Observations, pages of 20 and 100) and the prefetch series up to
   the body limit against the `orjson.loads` floor, with a concurrent `/healthz` probe.

Figures only: nothing here passes or fails a build. Trust the ratios over the absolutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench import hostile, jwt_cost, long_history, overhead, snooze_cost, workers
from bench.harness import Load
from bench.harness import median_load as _median_load
from bench.harness import serve as _serve
from bench.harness import wrk as _wrk
from bench.workload import (
    ORDER_SIGN,
    PATIENT_VIEW,
    condition_count,
    load_request,
    observation_count,
    with_observations,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"

# The targets, printed beside the figures (never asserted).
TARGET_RATIO = 0.5
TARGET_P99_MS = 20.0
TARGET_5000_MS = 150.0
# "Flat": what the worker gains over the load runs (tens of thousands of calls) stays within this.
FLAT_MB = 16.0


def _post(client: httpx.Client, url: str, body: bytes) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = client.post(url, content=body, headers={"Content-Type": "application/json"})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return elapsed, answer


def _median_ms(client: httpx.Client, url: str, body: bytes, repeat: int) -> tuple[float, int]:
    """Median latency of `repeat` calls one at a time, and the number of cards answered."""
    _post(client, url, body)
    samples = []
    cards = 0
    for _ in range(repeat):
        elapsed, answer = _post(client, url, body)
        samples.append(elapsed)
        cards = len(answer["cards"])
    return statistics.median(samples) * 1000, cards


def _print(line: str = "") -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument(
        "--rounds", type=int, default=3, help="wrk runs per server and load, taken in turn"
    )
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--sizes", default="10,100,1000,5000", help="Observations per call")
    parser.add_argument("--repeat", type=int, default=15, help="calls per prefetch size")
    parser.add_argument("--jwt-tokens", type=int, default=500)
    parser.add_argument(
        "--no-workers", action="store_true", help="leave out 2 workers against 1 (part 5)"
    )
    parser.add_argument(
        "--no-hostile", action="store_true", help="leave out the hostile FHIR servers (part 6)"
    )
    parser.add_argument(
        "--no-long-history", action="store_true", help="leave out the long histories (part 7)"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        _print("wrk is not installed: `make bench` installs Debian's wrk")
        return 2
    connections = [int(c) for c in args.connections.split(",")]
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    calls = {name: load_request(*name) for name in (ORDER_SIGN, PATIENT_VIEW)}
    bodies = {}
    for (service_id, scenario), request in calls.items():
        bodies[service_id] = work / f"{scenario}.json"
        bodies[service_id].write_bytes(orjson.dumps(request))

    _print(f"# make bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    _print(
        f"machine: {os.cpu_count()} cores, {_memory_gib():.0f} GiB, Python "
        f"{platform.python_version()}; one uvicorn worker each (uvloop + httptools); "
        f"wrk -t1, {args.rounds} rounds of {args.seconds} s per server and load, taken in turn "
        "(medians)"
    )
    for (service_id, scenario), request in calls.items():
        _print(
            f"- {service_id} / {scenario}: {condition_count(request)} Conditions, "
            f"{observation_count(request)} Observations, {bodies[service_id].stat().st_size / 1024:.0f} KB"
        )

    python = sys.executable
    ours_env = {
        "CDS_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "CDS_VIEWER_ENABLED": "false",
        "CDS_LOG_LEVEL": "INFO",
    }
    with _serve(
        "our service",
        [python, "-m", "service", "--host", "127.0.0.1", "--local-demo"],
        ours_env,
        OUT / "service.log",
    ) as ours:
        http = httpx.Client(timeout=30)
        first_ms, _ = _post(
            http,
            f"{ours.url}/cds-services/{ORDER_SIGN[0]}",
            bodies[ORDER_SIGN[0]].read_bytes(),
        )
        answers: dict[str, str] = {}
        for service_id, body in bodies.items():
            _, answer = _post(http, f"{ours.url}/cds-services/{service_id}", body.read_bytes())
            answers[service_id] = orjson.dumps(answer).decode()
        warm_ms, _ = _median_ms(
            http, f"{ours.url}/cds-services/{ORDER_SIGN[0]}", bodies[ORDER_SIGN[0]].read_bytes(), 20
        )
        (work / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
        with (
            _serve(
                "ceiling",
                [python, "-m", "bench.ceiling", "--answers", str(work / "answers.json")],
                {},
                OUT / "ceiling.log",
            ) as ceiling,
            _serve(
                "shell",
                [python, "-m", "bench.shell", "--host", "127.0.0.1", "--local-demo"],
                {**ours_env, "CDS_DATABASE_URL": f"sqlite:///{work / 'shell.sqlite3'}"},
                OUT / "shell.log",
            ) as shell,
        ):
            rss = [("after start-up and 22 calls", ours.rss_mb())]
            loads: dict[tuple[str, str, int], Load] = {}
            servers = (ceiling, shell, ours)
            for service_id, body in bodies.items():
                for server in servers:
                    _wrk(server, service_id, body, connections[0], 2)  # warm-up
                for count in connections:
                    # Rounds in turn, not one long run each: this machine's speed drifts over
                    # a minute, and a ratio of runs taken at different moments drifts with it.
                    rounds: dict[str, list[Load]] = {}
                    for turn in range(args.rounds):
                        # Each server leads a round in turn: none always runs first or last.
                        lead = turn % len(servers)
                        for server in servers[lead:] + servers[:lead]:
                            rounds.setdefault(server.name, []).append(
                                _wrk(server, service_id, body, count, args.seconds)
                            )
                    for name, taken in rounds.items():
                        loads[(name, service_id, count)] = _median_load(taken)
                    rss.append((f"after {service_id} at {count} connections", ours.rss_mb()))
            series = []
            base = calls[ORDER_SIGN]
            for size in sizes:
                body_bytes = orjson.dumps(with_observations(base, size))
                ours_ms, cards = _median_ms(
                    http, f"{ours.url}/cds-services/{ORDER_SIGN[0]}", body_bytes, args.repeat
                )
                ceiling_ms, _ = _median_ms(
                    http, f"{ceiling.url}/cds-services/{ORDER_SIGN[0]}", body_bytes, args.repeat
                )
                series.append((size, len(body_bytes), ours_ms, ceiling_ms, cards))
            rss.append(("after the prefetch-size series", ours.rss_mb()))
        # A bare endpoint that spends our own time per call: at 64 connections one worker is
        # saturated either way, and its tail shows what the server, not our code, does then.
        ours16 = loads[("our service", ORDER_SIGN[0], connections[0])]
        burn_ms = (
            1000 / ours16.requests_per_s
            - 1000 / loads[("ceiling", ORDER_SIGN[0], connections[0])].requests_per_s
        )
        with _serve(
            "ceiling",
            [
                python,
                "-m",
                "bench.ceiling",
                "--answers",
                str(work / "answers.json"),
                "--burn-ms",
                f"{burn_ms:.3f}",
            ],
            {},
            OUT / "ceiling-burn.log",
        ) as slow:
            _wrk(slow, ORDER_SIGN[0], bodies[ORDER_SIGN[0]], connections[0], 2)
            as_slow = (
                burn_ms,
                _wrk(slow, ORDER_SIGN[0], bodies[ORDER_SIGN[0]], connections[-1], args.seconds),
            )
        http.close()
        answered, dropped = _count_logged(OUT / "service.log")
    jwt = jwt_cost.measure(args.jwt_tokens, work)
    extra = _overhead_report(overhead.measure()) + snooze_cost.report(snooze_cost.measure())
    if not args.no_workers:
        runs, store = workers.measure(
            python,
            ORDER_SIGN[0],
            bodies[ORDER_SIGN[0]],
            connections,
            args.seconds,
            args.rounds,
            work,
            OUT,
        )
        extra = workers.report(runs, store, ORDER_SIGN[0]) + extra
    if not args.no_hostile:
        extra += hostile.report(hostile.measure(python, work, OUT))
    if not args.no_long_history:
        extra += long_history.report(long_history.measure(python, work, OUT))
    report = _report(
        loads, connections, series, rss, first_ms * 1000, warm_ms, jwt, (answered, dropped), as_slow
    )
    report += "\n" + "\n".join(extra)
    _print(report)
    (OUT / "latest.md").write_text(report + "\n", encoding="utf-8")
    _print(f"\n(also written to {OUT.relative_to(ROOT) / 'latest.md'}; server logs beside it)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _memory_gib() -> float:
    meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
    return int(meminfo.splitlines()[0].split()[1]) / 1024 / 1024


def _count_logged(log: Path) -> tuple[int, int]:
    """Hook calls our service logged as answered (proof the load hit the real code path) and
    audit records it logged as dropped (the audit writer fell behind)."""
    answered = dropped = 0
    for line in log.read_bytes().splitlines():
        if b'"hook call answered"' in line:
            answered += 1
        elif b'"audit queue full; record dropped"' in line:
            dropped += 1
    return answered, dropped


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"


def _report(
    loads: dict[tuple[str, str, int], Load],
    connections: list[int],
    series: list[tuple[int, int, float, float, int]],
    rss: list[tuple[str, float]],
    first_ms: float,
    warm_ms: float,
    jwt: list[jwt_cost.JwtCost],
    logged: tuple[int, int],
    as_slow: tuple[float, Load],
) -> str:
    lines = [
        "",
        "## Throughput and latency (ours vs. the framework ceiling)",
        "",
        "| call | conn | ceiling req/s | ours req/s | ratio | ceiling p50 / p99 ms | ours p50 / p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for service_id in (ORDER_SIGN[0], PATIENT_VIEW[0]):
        for count in connections:
            ceiling, ours = (
                loads[("ceiling", service_id, count)],
                loads[("our service", service_id, count)],
            )
            lines.append(
                f"| {service_id} | {count} | {ceiling.requests_per_s:,.0f} | "
                f"{ours.requests_per_s:,.0f} | **{ours.requests_per_s / ceiling.requests_per_s:.2f}** | "
                f"{ceiling.p50_ms:.1f} / {ceiling.p99_ms:.1f} | {ours.p50_ms:.1f} / {ours.p99_ms:.1f} | "
                f"{ceiling.errors} / {ours.errors} |"
            )
    lines += [
        "",
        f"## Where the time per call goes ({connections[0]} connections, 1 / requests per s)",
        "",
        "| call | ours ms | framework (the ceiling) | service around the guideline | "
        "guideline | ours without the guideline |",
        "|---|---|---|---|---|---|",
    ]
    for service_id in (ORDER_SIGN[0], PATIENT_VIEW[0]):
        ceiling, shell, ours = (
            loads[(name, service_id, connections[0])]
            for name in ("ceiling", "shell", "our service")
        )
        ceiling_ms, shell_ms, ours_ms = (1000 / x.requests_per_s for x in (ceiling, shell, ours))
        lines.append(
            f"| {service_id} | {ours_ms:.2f} | {ceiling_ms:.2f} | "
            f"{shell_ms - ceiling_ms:.2f} | {ours_ms - shell_ms:.2f} | "
            f"{shell.requests_per_s:,.0f} req/s, ratio {ceiling_ms / shell_ms:.2f}, "
            f"p99 {shell.p99_ms:.1f} ms |"
        )
    lines += [
        "",
        "The service around the guideline: request and context checks, prefetch reading, the "
        "relevance check, the cards' JSON, the audit record and the log line (`bench/shell.py` "
        "answers with the cards of its first call). The guideline: facts, decision tables, "
        "cards and their R4B-checked proposals.",
    ]
    burn_ms, slow = as_slow
    lines += [
        "",
        f"A bare endpoint that spends our extra time per call ({burn_ms:.2f} ms of CPU) at "
        f"{connections[-1]} connections: {slow.requests_per_s:,.0f} req/s, p50 / p99 "
        f"{slow.p50_ms:.1f} / {slow.p99_ms:.1f} ms. One saturated worker has that tail whatever "
        "runs in it; more connections than it can serve need more workers or instances.",
    ]
    lines += [
        "",
        "## Cost against prefetch size (order-sign, one call at a time, median)",
        "",
        "| Observations | body KB | ours ms | ceiling ms | ours - ceiling, µs per Observation | cards |",
        "|---|---|---|---|---|---|",
    ]
    for size, body_bytes, ours_ms, ceiling_ms, cards in series:
        lines.append(
            f"| {size:,} | {body_bytes / 1024:,.0f} | {ours_ms:.1f} | {ceiling_ms:.1f} | "
            f"{(ours_ms - ceiling_ms) * 1000 / size:.0f} | {cards} |"
        )
    lines += ["", "## Memory of our worker (RSS)", ""]
    lines += [f"- {label}: {mb:.0f} MB" for label, mb in rss]
    lines += [
        "",
        "## Start-up and authentication",
        "",
        f"- first order-sign call after start-up: {first_ms:.1f} ms; warm median: {warm_ms:.1f} ms",
    ]
    for cost in jwt:
        lines.append(
            f"- {cost.alg} JWT, JWKS cached: {cost.verifier_ms:.3f} ms per call with every check "
            f"(signature alone {cost.signature_ms:.3f} ms)"
        )
    lines.append(
        f"- hook calls our service logged as answered during the run: {logged[0]:,}; "
        f"audit records dropped: {logged[1]:,}"
    )
    order16 = (
        loads[("our service", ORDER_SIGN[0], connections[0])],
        loads[("ceiling", ORDER_SIGN[0], connections[0])],
    )
    largest = series[-1]
    lines += [
        "",
        "## Targets (one worker, 2 cores)",
        "",
        f"- throughput ratio ≥ {TARGET_RATIO} on order-sign at {connections[0]} connections: "
        f"{order16[0].requests_per_s / order16[1].requests_per_s:.2f} ({_mark(order16[0].requests_per_s / order16[1].requests_per_s >= TARGET_RATIO)})",
        f"- p99 ≤ {TARGET_P99_MS:.0f} ms at {connections[0]} connections: order-sign "
        f"{order16[0].p99_ms:.1f} ms ({_mark(order16[0].p99_ms <= TARGET_P99_MS)}), patient-view "
        f"{loads[('our service', PATIENT_VIEW[0], connections[0])].p99_ms:.1f} ms "
        f"({_mark(loads[('our service', PATIENT_VIEW[0], connections[0])].p99_ms <= TARGET_P99_MS)})",
        f"- {largest[0]:,} Observations ≤ {TARGET_5000_MS:.0f} ms: {largest[2]:.1f} ms "
        f"({_mark(largest[2] <= TARGET_5000_MS)})",
        f"- memory flat: {rss[0][1]:.0f} → {rss[-2][1]:.0f} MB over the load runs "
        f"({_mark(rss[-2][1] - rss[0][1] <= FLAT_MB)}: within {FLAT_MB:.0f} MB), "
        f"{rss[-1][1]:.0f} MB after the prefetch-size series (bodies of up to "
        f"{largest[1] / 1024 / 1024:.1f} MB)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())


def _overhead_report(cost: overhead.Overhead) -> list[str]:
    return [
        "",
        "## What the request id and the metrics add to a call (bench/overhead.py)",
        "",
        f"- request id: {cost.request_id_us:.1f} µs a request (a new UUID4), "
        f"{cost.request_id_given_us:.1f} µs when the caller's `X-Request-ID` is kept",
        f"- metrics of one call (counter, latency histogram, one card): {cost.metrics_us:.1f} µs "
        f"in one process, {cost.metrics_workers_us:.1f} µs with --workers N (memory-mapped files)",
    ]
