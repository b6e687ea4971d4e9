"""`make bench`, hostile FHIR servers: does reading one hold up other requests or keep memory?

Our service (`python -m service --local-demo`, production server settings) is called with an
order-sign that prefetches nothing, so every key is read from `fhirServer`: the repository's
FHIR test server (`python -m fixtures.fhir_server`) in one fault mode at a time: a gzip bomb,
an endless flood, a 20,000-entry Bundle, a trickled body and a Patient where a Bundle belongs,
and for comparison the same server answering honestly. While two clients keep calling, a
third asks `/healthz` every 20 ms: its p99 is what a hostile answer costs everybody else. The
worker's RSS is taken before the series, after each mode's calls and once idle at the end.

Targets (issue 19, printed beside the figures, never asserted): `/healthz` p99 ≤ 50 ms while a
hostile server is read, and RSS at most +100 MB after the repeated hostile calls. The bare
figure of the same run is `/healthz` with no hook call in flight.

`python -m bench.hostile` runs this part alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from bench.harness import ROOT, Server, free_port, serve
from bench.workload import ORDER_SIGN, load_request

TARGET_HEALTHZ_P99_MS = 50.0
TARGET_RSS_GROWTH_MB = 100.0
HEALTHZ_INTERVAL_S = 0.02
CALLERS = 2

# (name, fault flags of `python -m fixtures.fhir_server`)
MODES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("honest server", ()),
    ("gzip bomb, 512 MiB inflated", ("--gzip-bomb", "512M")),
    ("endless flood", ("--flood", str(10**9))),
    ("20,000-entry Bundle", ("--flood", "20000")),
    ("trickle, 64 B every 10 ms", ("--trickle", "64", "--trickle-interval", "0.01")),
    ("Patient where a Bundle belongs", ("--wrong-type", "patient")),
)


@dataclass(frozen=True)
class ModeRun:
    name: str
    calls: int
    statuses: str
    call_p50_ms: float
    healthz_p50_ms: float
    healthz_p99_ms: float
    rss_after_mb: float


@dataclass(frozen=True)
class HostileRuns:
    idle_healthz_p99_ms: float
    rss_before_mb: float
    rss_idle_mb: float
    runs: tuple[ModeRun, ...]

    @property
    def worst_p99_ms(self) -> float:
        return max(r.healthz_p99_ms for r in self.runs if r.name != MODES[0][0])

    @property
    def growth_mb(self) -> float:
        return max(self.rss_idle_mb, *(r.rss_after_mb for r in self.runs)) - self.rss_before_mb


def _healthz_ms(url: str, seconds: float) -> list[float]:
    """`/healthz` latencies, one request every HEALTHZ_INTERVAL_S for `seconds`."""
    samples = []
    with httpx.Client(timeout=30) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            client.get(f"{url}/healthz").raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
            time.sleep(HEALTHZ_INTERVAL_S)
    return samples


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) > 1 else samples[0]


def _run_mode(ours: Server, name: str, body: bytes, seconds: float) -> ModeRun:
    """CALLERS clients calling for `seconds` while `/healthz` is sampled."""
    stop = threading.Event()
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def call() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                started = time.perf_counter()
                response = client.post(
                    f"{ours.url}/cds-services/{ORDER_SIGN[0]}",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
                with lock:
                    statuses[response.status_code] += 1
                    latencies.append((time.perf_counter() - started) * 1000)

    callers = [threading.Thread(target=call, daemon=True) for _ in range(CALLERS)]
    for caller in callers:
        caller.start()
    time.sleep(0.5)  # the callers are under way before the first sample
    healthz = _healthz_ms(ours.url, seconds)
    stop.set()
    for caller in callers:
        caller.join(60)
    return ModeRun(
        name=name,
        calls=sum(statuses.values()),
        statuses=", ".join(f"{count}×{status}" for status, count in sorted(statuses.items())),
        call_p50_ms=statistics.median(latencies) if latencies else float("nan"),
        healthz_p50_ms=statistics.median(healthz),
        healthz_p99_ms=_p99(healthz),
        rss_after_mb=ours.rss_mb(),
    )


def measure(python: str, work: Path, out: Path, seconds: float = 6.0) -> HostileRuns:
    """Every mode in turn against one service process, reading the FHIR server on one port."""
    fhir_port = free_port()
    fhir_url = f"http://127.0.0.1:{fhir_port}"
    request = load_request(*ORDER_SIGN)
    request.pop("prefetch", None)
    request["fhirServer"] = fhir_url
    body = orjson.dumps(request)
    env = {
        "CDS_DATABASE_URL": f"sqlite:///{work / 'hostile.sqlite3'}",
        "CDS_VIEWER_ENABLED": "false",
        "CDS_LOG_LEVEL": "WARNING",
        "CDS_FHIR_SERVER_ALLOWLIST": orjson.dumps([fhir_url]).decode(),
    }
    command = [python, "-m", "service", "--host", "127.0.0.1", "--local-demo"]
    runs = []
    with serve("our service", command, env, out / "hostile-service.log") as ours:
        idle = _p99(_healthz_ms(ours.url, 3))
        rss_before = ours.rss_mb()
        for number, (name, flags) in enumerate(MODES, 1):
            fhir = [sys.executable, "-m", "fixtures.fhir_server", *flags]
            log = out / f"hostile-fhir-{number}.log"  # one log per fault mode
            with serve("the FHIR test server", fhir, {}, log, port=fhir_port, ready="/metadata"):
                runs.append(_run_mode(ours, name, body, seconds))
        time.sleep(2)
        rss_idle = ours.rss_mb()
    return HostileRuns(idle, rss_before, rss_idle, tuple(runs))


def report(result: HostileRuns) -> list[str]:
    """The hostile-server series as Markdown lines."""
    p99_met = result.worst_p99_ms <= TARGET_HEALTHZ_P99_MS
    rss_met = result.growth_mb <= TARGET_RSS_GROWTH_MB
    lines = [
        "",
        "## Hostile FHIR servers",
        "",
        f"{CALLERS} clients call an order-sign that prefetches nothing while `/healthz` is asked "
        f"every {HEALTHZ_INTERVAL_S * 1000:.0f} ms; bare `/healthz` p99, no call in flight: "
        f"{result.idle_healthz_p99_ms:.1f} ms. RSS before the series: "
        f"{result.rss_before_mb:.0f} MB.",
        "",
        "| FHIR server | calls (status) | call p50 | /healthz p50 | /healthz p99 | RSS after |",
        "|---|---|---|---|---|---|",
    ]
    for run in result.runs:
        lines.append(
            f"| {run.name} | {run.calls} ({run.statuses}) | {run.call_p50_ms:.0f} ms | "
            f"{run.healthz_p50_ms:.1f} ms | {run.healthz_p99_ms:.1f} ms | "
            f"{run.rss_after_mb:.0f} MB |"
        )
    lines += [
        "",
        f"- worst `/healthz` p99 while a hostile server is read: {result.worst_p99_ms:.1f} ms "
        f"(target ≤ {TARGET_HEALTHZ_P99_MS:.0f} ms): {'met' if p99_met else 'MISSED'}",
        f"- RSS growth over the series, highest point: {result.growth_mb:+.0f} MB, idle at the "
        f"end {result.rss_idle_mb:.0f} MB (target ≤ +{TARGET_RSS_GROWTH_MB:.0f} MB): "
        f"{'met' if rss_met else 'MISSED'}",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hostile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="calls per fault mode")
    args = parser.parse_args(argv)
    out = ROOT / "out" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as work:
        lines = report(measure(sys.executable, Path(work), out, args.seconds))
    print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
