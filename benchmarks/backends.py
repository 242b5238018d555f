"""Backends side by side on the same test clauses: the transformer (fine-tuned MiniLM) against the linear model.

Trains the transformer with its config (``training/configs/transformer.json``: every gold paragraph and a
family-stratified draw of the rest, one epoch by default, so that a CPU run ends in bounded time) and the
linear model on the same clauses, and compares both with the shipped linear model (or one retrained on the
full split with --train-linear). Every model is evaluated on the same test clauses (the whole test split or a
random sample of it): section accuracy, family macro-F1 on clean and perturbed text beside the rule baseline,
intent micro-F1 on every gold test paragraph and against the intent rules on the operative test clauses,
training seconds, and inference clauses per second (one process, one batch).

    python benchmarks/backends.py [--corpus DIR] [--train-clauses 4000] [--epochs 1] [--test-clauses 1000]
        [--train-linear]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from resolute.model.classify import ClauseClassifier, load_classifier
from resolute.model.intent_rules import silver_intents
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE
from resolute.training.corpus import load_corpus
from resolute.training.evaluate import evaluate, intent_metrics
from resolute.training.train_linear import Example, train_linear
from resolute.training.workflow import (
    GOLD_PATH,
    build_examples,
    fingerprint,
    gold_intents,
    load_config,
    train_model,
    write_artifact_meta,
)


def _silver(row: Mapping) -> tuple[str, ...]:
    return tuple(silver_intents(row["text"], row.get("lead"), row.get("family"), row.get("body"))[0])


def training_examples(corpus, config: dict) -> tuple[list[dict], list[Example]]:
    """The rows and examples that ``train_model`` builds for ``config`` (train split plus the gold
    paragraphs of the other splits in ``gold_splits``), for a run outside it."""
    gold = gold_intents(corpus, GOLD_PATH, tuple(config.get("gold_splits", ["train"])))
    rows = corpus["train"].to_list() + [
        row
        for split in config.get("gold_splits", ["train"])
        if split != "train"
        for row in corpus[split].to_list()
        if (row["symbol"], int(row["index"])) in gold
    ]
    weights = float(config.get("gold_weight", 1.0)), float(config.get("silver_weight", 1.0))
    return rows, build_examples(rows, gold, _silver, *weights)


def timed_train_model(corpus_dir: Path | None, backend: str, config: dict, out: Path) -> float:
    """Train through the workflow (as ``resolute train`` does), printing progress; its seconds."""
    start = time.perf_counter()
    train_model(corpus_dir, backend, config, out, GOLD_PATH, lambda m: print(f"  {m}", flush=True))
    return time.perf_counter() - start


def train_linear_on(corpus, rows: list[dict], config: dict, out: Path) -> float:
    """Train a linear artifact on ``rows`` only (targets as ``config`` says); its seconds."""
    start = time.perf_counter()
    gold = gold_intents(corpus, GOLD_PATH, tuple(config.get("gold_splits", ["train"])))
    weights = float(config.get("gold_weight", 1.0)), float(config.get("silver_weight", 1.0))
    summary, files = train_linear(build_examples(rows, gold, _silver, *weights), load_labels(), config, out)
    write_artifact_meta(out, "linear", config, summary, fingerprint(rows), files)
    return time.perf_counter() - start


def clauses_per_second(classifier: ClauseClassifier, texts: list[str]) -> float:
    """Clauses per second of one batch ``predict`` call (after a short warm-up)."""
    classifier.predict(texts[:32])
    start = time.perf_counter()
    classifier.predict(texts)
    return len(texts) / (time.perf_counter() - start)


def intent_f1(classifier: ClauseClassifier, rows: list[dict], truth: list[list[str]]) -> float | None:
    """Intent micro-F1 of operative ``rows`` against ``truth``; None without rows."""
    if not rows:
        return None
    predicted = classifier.predict([r["text"] for r in rows], [OPERATIVE] * len(rows))
    return intent_metrics(truth, [list(p.intents) for p in predicted], load_labels().intents)["micro_f1"]


def measure(
    classifier: ClauseClassifier, rows: list[dict], gold_rows: list[dict], gold: Mapping, speed_texts: list[str]
) -> dict:
    """Quality on ``rows`` (evaluate; intents against silver), intents on ``gold_rows``, inference speed."""
    metrics = evaluate(classifier, rows, {})
    operative = [r for r in rows if r["section"] == OPERATIVE]
    return {
        "section_accuracy": metrics["section_accuracy"],
        "family_macro_f1": metrics["family"]["macro_f1"],
        "family_baseline_macro_f1": metrics["family_baseline"]["macro_f1"],
        "perturbed": {name: s["model_macro_f1"] for name, s in metrics["robustness"].items()},
        "perturbed_baseline": {name: s["baseline_macro_f1"] for name, s in metrics["robustness"].items()},
        "intents_gold_micro_f1": intent_f1(
            classifier, gold_rows, [list(gold[(r["symbol"], int(r["index"]))]) for r in gold_rows]
        ),
        "intents_silver_micro_f1": intent_f1(classifier, operative, [list(_silver(r)) for r in operative]),
        "clauses_per_second": round(clauses_per_second(classifier, speed_texts), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: corpus/)")
    parser.add_argument("--train-clauses", type=int, default=4000, help="transformer training clauses (about)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--test-clauses", type=int, default=1000, help="random test sample; 0 for the whole split")
    parser.add_argument("--speed-clauses", type=int, default=500, help="test clauses timed for clauses/s")
    parser.add_argument("--linear", default=None, help="the linear artifact to compare (default: the shipped one)")
    parser.add_argument("--train-linear", action="store_true", help="retrain the linear model on the full split")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    from resolute.training.train_transformer import training_subsample

    corpus = load_corpus(args.corpus)
    gold_test = gold_intents(corpus, GOLD_PATH, ("test",))
    test_rows = corpus["test"].to_list()
    gold_rows = [r for r in test_rows if r["section"] == OPERATIVE and (r["symbol"], int(r["index"])) in gold_test]
    if args.test_clauses and args.test_clauses < len(test_rows):
        test_rows = random.Random(7).sample(test_rows, args.test_clauses)
    speed_texts = [r["text"] for r in test_rows[: args.speed_clauses]]

    transformer_config = {**load_config("transformer"), "max_train_clauses": args.train_clauses, "epochs": args.epochs}
    linear_config = load_config("linear")
    rows, examples = training_examples(corpus, transformer_config)
    chosen = {id(e) for e in training_subsample(examples, transformer_config)}
    subsample_rows = [row for row, example in zip(rows, examples, strict=True) if id(example) in chosen]
    print(
        f"training rows {len(rows)}, transformer subsample {len(subsample_rows)}; test clauses {len(test_rows)}, "
        f"gold-intent test paragraphs {len(gold_rows)}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        models: dict[str, tuple[Path | None, float | None, int | None]] = {}
        print(f"transformer: fine-tuning, {args.epochs} epoch(s)", flush=True)
        out = Path(folder, "transformer")
        models["transformer (subsample)"] = (
            out,
            timed_train_model(args.corpus, "transformer", transformer_config, out),
            len(subsample_rows),
        )
        out = Path(folder, "linear-sub")
        models["linear (subsample)"] = (
            out,
            train_linear_on(corpus, subsample_rows, linear_config, out),
            len(subsample_rows),
        )
        if args.train_linear:
            out = Path(folder, "linear-full")
            models["linear (full train)"] = (out, timed_train_model(args.corpus, "linear", linear_config, out), None)
        else:
            models["linear (shipped)" if args.linear is None else "linear (given)"] = (args.linear, None, None)
        for name, (path, seconds, clauses) in models.items():
            print(f"evaluating {name}", flush=True)
            figures = measure(load_classifier(path), test_rows, gold_rows, gold_test, speed_texts)
            results[name] = {"train_clauses": clauses, "train_seconds": seconds and round(seconds, 1), **figures}
            print(f"  {json.dumps(results[name])}", flush=True)

    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (2 cores, shared)")
    header = (
        f"{'model':24s} {'train':>6s} {'train s':>8s} {'section':>8s} {'family':>7s} {'pert.':>7s}"
        f" {'int.gold':>8s} {'int.silv':>8s} {'clauses/s':>10s}"
    )
    print(header)
    for name, r in results.items():
        gold = f"{r['intents_gold_micro_f1']:.4f}" if r["intents_gold_micro_f1"] is not None else "-"
        print(
            f"{name:24s} {r['train_clauses'] or '-':>6} {r['train_seconds'] or '-':>8} {r['section_accuracy']:8.4f}"
            f" {r['family_macro_f1']:7.4f} {r['perturbed']['mixed']:7.4f} {gold:>8s}"
            f" {r['intents_silver_micro_f1']:8.4f} {r['clauses_per_second']:10,.0f}"
        )
    first = next(iter(results.values()))
    print(
        f"{'rule baseline':24s} {'':6s} {'':8s} {'':8s} {first['family_baseline_macro_f1']:7.4f}"
        f" {first['perturbed_baseline']['mixed']:7.4f}"
    )
    print("\nfamily macro-F1 by perturbation")
    for perturbation in first["perturbed"]:
        cells = "  ".join(f"{name} {r['perturbed'][perturbation]:.4f}" for name, r in results.items())
        print(f"  {perturbation:18s} {cells}  baseline {first['perturbed_baseline'][perturbation]:.4f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
