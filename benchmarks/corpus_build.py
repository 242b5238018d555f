"""Acceptance check: ``resolute corpus build`` over the whole shared corpus, its wall time and peak memory.

Runs the command in a child process (as a user would) into a temporary folder and reports the child's
wall-clock time and peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``, which covers the
child and anything it waited for). Targets: under 3 minutes and under 2 GB on a 2-core machine.

Usage: python benchmarks/corpus_build.py [--raw PATH] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from resolute.training.corpus_sources import default_raw_root

TARGET_SECONDS = 180
TARGET_BYTES = 2 * 1024**3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=None, help="raw corpus folder (default: $RESOLUTE_CORPUS)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here instead of a temporary folder")
    args = parser.parse_args(argv)
    raw = args.raw or default_raw_root()
    if not raw.is_dir():
        print(f"{raw}: raw corpus not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="resolute-corpus-") as scratch:
        out = args.keep or Path(scratch) / "corpus"
        command = [sys.executable, "-m", "resolute.cli", "corpus", "build", "--raw", str(raw), "--out", str(out)]
        env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(Path(scratch) / "hf")}
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
    print(result.stdout)
    if result.stderr.strip():
        print(result.stderr, file=sys.stderr)
    print(f"exit status: {result.returncode}")
    print(f"wall time: {seconds:.1f} s (target < {TARGET_SECONDS} s)")
    print(f"peak memory: {peak / 1024**2:.0f} MB (target < {TARGET_BYTES / 1024**2:.0f} MB)")
    print(f"cores: {os.cpu_count()}")
    ok = result.returncode == 0 and seconds < TARGET_SECONDS and peak < TARGET_BYTES
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
