"""Throughput of ``resolute tag`` end to end: the test split's AKN files, through the CLI, JSONL to a file.

Each run is a fresh ``python -m resolute.cli tag`` process (start-up, model loading, reading,
segmenting, classifying and writing all counted) on the held-out AKN folders: General Assembly
session 79, Security Council 2024 and Human Rights Council session 58. For 1 and 2 jobs it prints
the wall time, clauses per second, the CPU time of the process tree, and peak memory: the largest
sum of the resident sizes of the CLI process and its workers, sampled (pages shared between
forked workers are counted in each, so this overstates), and the largest single process.

Usage: ``python benchmarks/tag_throughput.py [--model PATH] [--jobs 1,2] [--repeat 3] [--raw PATH]``.
Targets (issue 4): at least 10,000 clauses per second with 2 jobs, peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDERS = (
    "UNxml__GAresolutions/79session/English",
    "UNxml__SCresolutions/2024/English",
    "UNxml__HRCresolutions/58session/English",
)
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> set[int]:
    """All descendants of ``pid`` (one scan of /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stream:
                    fields = stream.read().rsplit(b")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {pid}, True
    while grew:
        found = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return tree - {pid}


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeMemory(threading.Thread):
    """Samples the summed resident size of a process and its descendants until it ends."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        tree: set[int] = set()
        tick = 0
        while not self.done.is_set():
            if tick % 10 == 0:  # finding the workers scans /proc: not at every sample
                tree = _children(self.pid)
            self.peak = max(self.peak, _rss(self.pid) + sum(_rss(p) for p in tree))
            tick += 1
            time.sleep(0.02)


def run_once(folders: list[Path], model: str | None, jobs: int, out: Path) -> dict[str, float]:
    """One CLI run; its figures."""
    command = [
        sys.executable,
        "-m",
        "resolute.cli",
        "tag",
        *map(str, folders),
        "--jobs",
        str(jobs),
        "--output",
        str(out),
    ]
    if model:
        command += ["--model", model]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("resolute tag failed:\n" + "\n".join(stderr.splitlines()[-5:]))
    with out.open("rb") as stream:
        clauses = sum(1 for _ in stream)
    return {
        "wall": wall,
        "clauses": clauses,
        "rate": clauses / wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "tree_mb": sampler.peak / 2**20,
        "process_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    """Run the benchmark and print one line per run and a best-of line per job count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts")
    parser.add_argument("--repeat", type=int, default=3)
    default_raw = os.environ.get("RESOLUTE_CORPUS") or str(REPO.parent / "shared" / "corpus" / "raw")
    parser.add_argument("--raw", default=default_raw, help="the raw corpus folder")
    args = parser.parse_args()
    folders = [Path(args.raw) / f for f in FOLDERS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"missing corpus folders: {', '.join(missing)}")
    n_files = sum(1 for f in folders for p in f.iterdir() if p.name.endswith((".xml", ".xml.gz")))
    print(f"{n_files} AKN files in {len(folders)} folders; {os.cpu_count()} CPUs; model: {args.model or 'shipped'}")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (int(j) for j in args.jobs.split(",")):
            runs = []
            for attempt in range(args.repeat):
                figures = run_once(folders, args.model, jobs, Path(tmp) / "tags.jsonl")
                runs.append(figures)
                print(
                    f"jobs {jobs} run {attempt + 1}: {figures['clauses']:,} clauses in {figures['wall']:.2f} s = "
                    f"{figures['rate']:,.0f} clauses/s; CPU {figures['cpu']:.2f} s; peak memory "
                    f"{figures['tree_mb']:.0f} MB (all processes), {figures['process_mb']:.0f} MB (largest)"
                )
            best = max(runs, key=lambda f: f["rate"])
            peak = max(max(f["tree_mb"], f["process_mb"]) for f in runs)  # samples can miss a short peak
            print(f"jobs {jobs} best: {best['rate']:,.0f} clauses/s ({best['wall']:.2f} s); peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
