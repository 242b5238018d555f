"""Load on ``resolute serve``: concurrent clients posting a 60-paragraph draft to ``/api/check``.

Starts ``resolute serve`` on 127.0.0.1 (a free port; loopback only) as its own process with the
model loaded once (in each of WORKERS processes), waits until it answers, warms it up for WARMUP
seconds (so that every worker has loaded its model before the measured connections are opened: a
kept-alive connection stays with the worker that accepted it), then runs CLIENTS closed-loop clients
(threads with ``http.client``; each sends the next request when the previous answer has come, on one
kept-alive connection) for DURATION seconds. Prints the latency percentiles, the throughput, the error
count (any answer but 200, or a failed connection) and the clients' own CPU time per answer (they share
the cores with the server), with the machine's load average before and after; exits 1 on an error.

Usage: ``python benchmarks/serve_load.py [--clients 20] [--duration 30] [--workers 1] [--warmup 5] [--model PATH]``.
Target (issue 7): p50 under 100 ms, no errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

MAX_CLIENTS, MAX_DURATION = 200, 600  # bounds on what one run may ask of the machine
HOST = "127.0.0.1"


def draft(paragraphs: int = 60) -> str:
    """An invented draft of ``paragraphs`` clauses (a third preambular), with a few convention errors."""
    preamble = paragraphs // 3
    lines = ["The General Assembly,", ""]
    for i in range(preamble):
        lead = "Recalling" if i % 3 == 0 else "Noting with concern" if i % 3 == 1 else "Welcoming"
        lines += [f"{lead} the work of the regional commission on desert roads in its session number {i + 1},", ""]
    for n in range(1, paragraphs - preamble + 1):
        lead = "Requests the Secretary General" if n % 7 == 0 else "Encourages Member States"
        end = "." if n == paragraphs - preamble else ";"
        lines += [f"{n}. {lead} to support the trust fund for rural libraries in district {n}{end}", ""]
    return "\n".join(lines)


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, model: Path | None, workers: int) -> subprocess.Popen:
    """``resolute serve`` on 127.0.0.1:``port`` with ``workers`` processes, once it answers."""
    command = [sys.executable, "-m", "resolute.cli", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    if model is not None:
        command += ["--model", str(model)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def client(port: int, body: bytes, until: float, latencies: list[float], errors: list[str]) -> None:
    """One closed-loop client until ``until`` (monotonic seconds)."""
    headers = {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/check", body, headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                errors.append(f"HTTP {answer.status}")
                continue
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()


def load(port: int, body: bytes, clients: int, seconds: float) -> tuple[list[float], list[str], float, float]:
    """``clients`` closed-loop clients for ``seconds``: latencies (s), errors, wall and CPU seconds (this process)."""
    latencies: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, body, until, latencies, errors)) for _ in range(clients)]
    started, cpu = time.perf_counter(), _cpu_seconds()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started, _cpu_seconds() - cpu


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load.")
    parser.add_argument("--workers", type=int, default=1, help="Server processes (resolute serve --workers).")
    parser.add_argument("--warmup", type=float, default=5.0, help="Seconds of load before the measured run.")
    parser.add_argument("--model", type=Path, default=None, help="Model folder. Default: the shipped model.")
    args = parser.parse_args()
    if not (
        1 <= args.clients <= MAX_CLIENTS
        and 0 < args.duration <= MAX_DURATION
        and 0 <= args.warmup <= MAX_DURATION
        and 1 <= args.workers <= 64
    ):
        parser.error(f"--clients 1..{MAX_CLIENTS}, --duration and --warmup up to {MAX_DURATION} s, --workers 1..64")
    body = json.dumps({"text": draft()}).encode("utf-8")
    port = free_port()
    server = start_server(port, args.model, args.workers)
    try:
        check = http.client.HTTPConnection(HOST, port, timeout=30)
        check.request("POST", "/api/check", body, {"Content-Type": "application/json"})
        first = json.loads(check.getresponse().read())
        check.close()
        print(
            f"draft: 60 paragraphs, {len(body):,} bytes, {len(first['findings'])} findings; {os.cpu_count()} cores, "
            f"{args.workers} server worker(s)"
        )
        warm_errors: list[str] = []
        if args.warmup:
            warm, warm_errors, _, _ = load(port, body, args.clients, args.warmup)
            print(f"warm-up {args.warmup:g} s: {len(warm):,} answers, {len(warm_errors)} errors (not measured)")
        before = os.getloadavg()[0]
        latencies, errors, elapsed, cpu = load(port, body, args.clients, args.duration)
        after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    rate = len(ms) / elapsed
    print(f"{args.clients} clients, {elapsed:.1f} s: {len(ms):,} answers ({rate:,.0f}/s), {len(errors)} errors")
    if ms:
        print(
            f"latency ms: p50 {percentile(ms, 0.5):.1f}, p90 {percentile(ms, 0.9):.1f}, "
            f"p99 {percentile(ms, 0.99):.1f}, max {max(ms):.1f}, mean {statistics.fmean(ms):.1f}"
        )
        print(
            f"client CPU {cpu * 1000 / len(ms):.2f} ms per answer; load average {before:.2f} before, {after:.2f} after"
        )
    for reason in sorted(set(errors + warm_errors))[:5]:
        print(f"error: {reason} (x{(errors + warm_errors).count(reason)})")
    if errors or warm_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
