"""Latency of ``resolute suggest`` end to end, the size of what it ships, and how well the compact index ranks.

Each run is a fresh ``python -m resolute.cli suggest CLAUSE --format json`` process (start-up, model,
index and templates loading, classifying, searching and reading the precedent texts from the raw
corpus all counted), for a few invented clauses, with the raw corpus and without it. It prints the
median and worst wall time and the median CPU time, the size of the model folder and of its index
and templates, and the time of each step inside one process.

With ``--quality N`` it also measures the index against exact search: for N paragraphs of the built
corpus it compares the 10 nearest by the asymmetric bit-code score with the 10 nearest by the exact
cosine of the same hashed TF-IDF vectors (recall@10, and the mean cosine of what each returns).

Usage: ``python benchmarks/suggest_latency.py [--model PATH] [--repeat 5] [--quality 300] [--corpus corpus/]``.
Target (issue 6): under 1 second including start-up.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CLAUSES = (
    "Asks the Secretary-General to submit to the General Assembly at its eighty-first session a report on the "
    "implementation of the present resolution;",
    "Remembering its resolution 75/1 on the commemoration of the anniversary of the Organization,",
    "Calls upon all States to cooperate fully with the Special Rapporteur on the protection of lighthouses;",
)


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one CLI process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "resolute.cli", *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def latency(model: Path, repeat: int) -> None:
    """Print wall and CPU times of the CLI with and without the raw corpus."""
    from resolute.model.retrieval import default_corpus_root

    corpus = default_corpus_root()
    settings = [("with corpus", str(corpus))] if corpus and corpus.is_dir() else []
    settings.append(("without corpus", "/nonexistent"))
    for name, root in settings:
        env = {**os.environ, "RESOLUTE_CORPUS": root}
        runs: list[tuple[float, float]] = []
        _run(["suggest", CLAUSES[0], "--model", str(model), "--format", "json"], env)  # warm the file cache
        for _ in range(repeat):
            runs += [_run(["suggest", c, "--model", str(model), "--format", "json"], env) for c in CLAUSES]
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"suggest {name:15s} {len(runs)} runs: wall median {statistics.median(walls):.3f} s, "
            f"worst {max(walls):.3f} s; CPU median {statistics.median(cpus):.3f} s"
        )


def steps(model: Path) -> None:
    """Print the time of each step in one process."""
    started = time.perf_counter()
    from resolute.model.suggest import Suggester

    imported = time.perf_counter()
    suggester = Suggester.load(model)
    loaded = time.perf_counter()
    suggester.suggest(CLAUSES[0], k=5)
    first = time.perf_counter()
    for clause in CLAUSES * 5:
        suggester.suggest(clause, k=5)
    again = (time.perf_counter() - first) / (len(CLAUSES) * 5)
    print(
        f"in one process: import {imported - started:.3f} s, load {loaded - imported:.3f} s, "
        f"first suggestion {first - loaded:.3f} s, then {again * 1000:.1f} ms each"
    )


def sizes(model: Path) -> None:
    """Print the size of the model folder and of the suggest files."""
    from resolute.model.retrieval import INDEX_FILE, PrecedentIndex
    from resolute.model.suggest import TEMPLATES_FILE, load_templates

    total = sum(p.stat().st_size for p in model.iterdir() if p.is_file())
    print(f"model folder {model}: {total / 2**20:.1f} MB")
    if (model / INDEX_FILE).is_file():
        index = PrecedentIndex.load(model / INDEX_FILE)
        size = (model / INDEX_FILE).stat().st_size
        print(
            f"{INDEX_FILE}: {size / 2**20:.2f} MB, {len(index):,} paragraphs of {len(index.symbols):,} documents, "
            f"{index.bits} bits each, {size / max(len(index), 1):.0f} bytes per paragraph"
        )
    if (model / TEMPLATES_FILE).is_file():
        count = len(load_templates(model / TEMPLATES_FILE))
        print(f"{TEMPLATES_FILE}: {(model / TEMPLATES_FILE).stat().st_size / 2**10:.0f} KB, {count:,} templates")


def quality(model: Path, corpus: Path | None, queries: int) -> None:
    """Recall@10 of the bit-code search against exact cosine search over the same hashed vectors."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from resolute.model.retrieval import BUCKETS, IDF_SCALE, INDEX_FILE, PrecedentIndex, feature_buckets
    from resolute.training.corpus import load_corpus

    index = PrecedentIndex.load(model / INDEX_FILE)
    data = load_corpus(corpus)
    texts = {}
    for split in data:
        for symbol, number, text in zip(*(data[split][c] for c in ("symbol", "index", "text")), strict=True):
            texts[symbol, number] = text
    rows = [texts.get((str(index.symbols[d]), int(i))) for d, i in zip(index.document, index.index, strict=True)]
    known = [r for r, t in enumerate(rows) if t is not None]
    idf = index.idf.astype(np.float32) / IDF_SCALE
    columns = [feature_buckets(rows[r]) for r in known]
    values = np.concatenate([idf[c] for c in columns])
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in columns])])
    matrix = csr_matrix((values, np.concatenate(columns), offsets), shape=(len(known), BUCKETS))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = csr_matrix(matrix.multiply(1 / np.maximum(norms, 1e-9)[:, None]))
    rng = np.random.default_rng(0)
    picked = rng.choice(len(known), size=min(queries, len(known)), replace=False)
    position = {r: i for i, r in enumerate(known)}
    recalls, got, best = [], [], []
    for q in picked:
        exact = (matrix[q] @ matrix.T).toarray().ravel()
        exact[q] = -1
        top = set(np.argsort(-exact)[:10].tolist())
        hits = [position[h.row] for h in index.search(rows[known[q]], 11) if h.row != known[q]][:10]
        recalls.append(len(top & set(hits)) / 10)
        got.append(float(exact[hits].mean()))
        best.append(float(exact[list(top)].mean()))
    print(
        f"index quality on {len(picked)} corpus paragraphs: recall@10 {np.mean(recalls):.3f} of exact search; "
        f"mean cosine of the 10 found {np.mean(got):.3f} (exact top 10: {np.mean(best):.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="Model folder (default: the shipped model).")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quality", type=int, default=0, help="Paragraphs to measure the index on (0: skip).")
    parser.add_argument("--corpus", type=Path, default=None, help="The built corpus, for --quality.")
    args = parser.parse_args()
    from resolute.model.artifact import default_model_path

    model = args.model or default_model_path()
    steps(model)  # first, so that it counts the imports
    sizes(model)
    latency(model, args.repeat)
    if args.quality:
        quality(model, args.corpus, args.quality)


if __name__ == "__main__":
    main()
