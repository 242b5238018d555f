"""Classifier acceptance figures on the session/year test split (issue: train, evaluate, ship).

Prints: section accuracy; family macro-F1 on clean and perturbed text beside the rule baseline;
intent micro-F1 on the gold test part beside the annotators' agreement; inference clauses per
second in batch with 1 and 2 processes; and, with --train, linear training time on the full corpus.

    python benchmarks/classifier.py [--model PATH] [--corpus DIR] [--train]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from resolute.model.classify import load_classifier
from resolute.training.corpus import load_corpus
from resolute.training.evaluate import evaluate
from resolute.training.workflow import GOLD_PATH, gold_intents, load_config, train_model

AGREEMENT = Path("data/annotations/agreement.json")
_worker = None


def _init(model: str | None) -> None:
    global _worker
    _worker = load_classifier(model)


def _predict(texts: list[str]) -> tuple[int, float]:
    start = time.process_time()
    done = len(_worker.predict(texts))
    return done, time.process_time() - start


def throughput(model: str | None, texts: list[str], jobs: int, batch: int = 2000) -> tuple[float, float]:
    """Clauses per second of ``predict`` in batches over ``jobs`` processes (model loading excluded), and
    clauses per CPU-second of one process (what a machine shared with other work still shows)."""
    chunks = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(model,)) as pool:
        list(pool.map(_predict, chunks[:jobs]))  # warm up every worker
        start = time.perf_counter()
        counts, seconds = zip(*pool.map(_predict, chunks), strict=True)
        return sum(counts) / (time.perf_counter() - start), sum(counts) / sum(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="artifact folder (default: the shipped model)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: corpus/)")
    parser.add_argument("--train", action="store_true", help="also time linear training on the full corpus")
    args = parser.parse_args()

    if args.train:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            train_model(args.corpus, "linear", load_config("linear"), Path(folder), GOLD_PATH)
            elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"linear training on the full train split: {elapsed:.1f} s wall, peak memory {peak:.0f} MB")

    corpus = load_corpus(args.corpus)
    rows = corpus["test"].to_list()
    classifier = load_classifier(args.model)
    metrics = evaluate(classifier, rows, gold_intents(corpus, GOLD_PATH, ("test",)))
    family, baseline, mixed = metrics["family"], metrics["family_baseline"], metrics["robustness"]["mixed"]
    print(f"test split: {metrics['clauses']} clauses (GA 79, SC 2024, HRC 58)")
    print(f"section accuracy            {metrics['section_accuracy']:.4f}   (target >= 0.995)")
    print(
        f"family macro-F1, clean      {family['macro_f1']:.4f}   rule baseline {baseline['macro_f1']:.4f}"
        "   (target >= 0.98)"
    )
    print(
        f"family macro-F1, perturbed  {mixed['model_macro_f1']:.4f}   rule baseline "
        f"{mixed['baseline_macro_f1']:.4f}   (target >= 0.95)"
    )
    for name, scores in metrics["robustness"].items():
        print(
            f"  {name:18s} model {scores['model_macro_f1']:.4f}  baseline {scores['baseline_macro_f1']:.4f}"
            f"  ({scores['clauses_changed']} clauses changed)"
        )
    gold = metrics["intents_gold"]
    agreement = json.loads(AGREEMENT.read_text()) if AGREEMENT.is_file() else None
    if gold:
        beside = f"   annotators' agreement micro-F1 {agreement['micro_f1']:.4f}" if agreement else ""
        print(f"intent micro-F1 (gold test, {gold['n']} paragraphs) {gold['micro_f1']:.4f}{beside}   (target >= 0.85)")
    else:
        print("intent micro-F1: no gold test labels yet")
    texts = [r["text"] for r in rows]
    for jobs in (1, 2):
        wall, per_cpu = throughput(args.model, texts, jobs)
        print(
            f"inference, {jobs} process(es): {wall:,.0f} clauses/s ({per_cpu:,.0f} per CPU-second of a process)"
            + ("   (target >= 20,000 on 2 cores)" if jobs == 2 else "")
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
