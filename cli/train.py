"""``resolute train`` and ``resolute evaluate``: data scientists retrain and measure models."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app
from resolute.cli.consoles import console

if TYPE_CHECKING:
    from rich.console import Console


def _err() -> Console:
    return console(stderr=True)


@app.command()
def train(
    backend: str = typer.Option("linear", help="linear (default, shipped) or transformer."),
    config: Path | None = typer.Option(None, exists=True, dir_okay=False, help="A JSON config; default per backend."),
    corpus: Path | None = typer.Option(None, help="The corpus built by `resolute corpus build` (default: corpus/)."),
    gold: Path = typer.Option(Path("data/annotations/intents.jsonl"), help="Gold intent labels."),
    out: Path = typer.Option(Path("runs/model"), help="The artifact folder to write."),
) -> None:
    """Train the clause classifier on the corpus's train split and write an artifact folder."""
    from resolute.training.workflow import load_config, train_model

    if backend not in ("linear", "transformer"):
        _err().print(f"resolute train: unknown backend {backend!r} (linear or transformer)")
        raise typer.Exit(2)
    settings = load_config(backend, config)
    start = time.monotonic()

    def progress(message: str) -> None:
        _err().print(f"[dim]{_elapsed(start)} {message}[/dim]")

    summary = train_model(corpus, backend, settings, out, gold, progress=progress)
    _err().print(
        f"wrote {out} ({summary['train_clauses']} training clauses, {summary.get('features', '?')} features) "
        f"in {_elapsed(start)}"
    )


def _elapsed(start: float) -> str:
    """Minutes and seconds since ``start`` (``time.monotonic``), as "3:07"."""
    minutes, seconds = divmod(int(time.monotonic() - start), 60)
    return f"{minutes}:{seconds:02d}"


@app.command()
def evaluate(
    artifact: Path = typer.Argument(..., help="The model folder to evaluate."),
    split: str = typer.Option("test", help="The corpus split: test or validation."),
    corpus: Path | None = typer.Option(None, help="The corpus built by `resolute corpus build` (default: corpus/)."),
    gold: Path = typer.Option(Path("data/annotations/intents.jsonl"), help="Gold intent labels."),
) -> None:
    """Measure a model on a held-out split; write metrics.json, confusion.png and README.md into it."""
    from resolute.model.artifact import ModelError
    from resolute.model.classify import load_classifier
    from resolute.training.corpus import load_corpus
    from resolute.training.evaluate import evaluate as run_evaluation
    from resolute.training.evaluate import write_report
    from resolute.training.workflow import gold_intents

    try:
        classifier = load_classifier(artifact)
    except ModelError as error:
        _err().print(str(error), markup=False, highlight=False)
        raise typer.Exit(1) from None
    data = load_corpus(corpus)
    if split not in data:
        _err().print(f"resolute evaluate: no split {split!r} in the corpus ({', '.join(data)})")
        raise typer.Exit(2)
    rows = data[split].to_list()
    metrics = run_evaluation(classifier, rows, gold_intents(data, gold, (split,)))
    write_report(artifact, metrics, classifier.meta, split)
    family, robust = metrics["family"], metrics["robustness"]["mixed"]
    sys.stdout.write(
        f"section accuracy {metrics['section_accuracy']:.4f}\n"
        f"family macro-F1 {family['macro_f1']:.4f} (baseline {metrics['family_baseline']['macro_f1']:.4f})\n"
        f"family macro-F1 on perturbed text {robust['model_macro_f1']:.4f} "
        f"(baseline {robust['baseline_macro_f1']:.4f})\n"
    )
    if metrics["intents_gold"]:
        sys.stdout.write(f"intent micro-F1 on gold {metrics['intents_gold']['micro_f1']:.4f}\n")
    sys.stdout.write(f"wrote {artifact / 'metrics.json'}, confusion.png and README.md\n")
