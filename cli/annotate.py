"""``resolute annotate``: label operative paragraphs by key and append them to the gold intent file."""

from __future__ import annotations

import getpass
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app
from resolute.cli.consoles import console

if TYPE_CHECKING:
    from rich.console import Console

    from resolute.training.annotate import AnnotationSession, Candidate

EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


def _out() -> Console:
    return console(highlight=False)


def _err() -> Console:
    return console(stderr=True, soft_wrap=True, highlight=False)


@app.command()
def annotate(
    corpus: Path | None = typer.Option(None, help="The corpus built by `resolute corpus build` (default: corpus/)."),
    gold: Path = typer.Option(Path("data/annotations/intents.jsonl"), help="The gold file to extend."),
    split: str = typer.Option("train", help="The corpus split to draw from: train, validation or test."),
    pattern: str | None = typer.Option(None, "--filter", help="Only paragraphs matching this regex (any case)."),
    family: str | None = typer.Option(None, help="Only paragraphs of this (silver) family, e.g. request."),
    by: str = typer.Option("uncertainty", help="Order: uncertainty (the model's least sure first) or random."),
    pool: int = typer.Option(2000, min=1, help="With --by uncertainty: how many paragraphs the model scores."),
    seed: int = typer.Option(0, help="Seed of the random draw."),
    model: Path | None = typer.Option(None, help="The model folder that suggests intents (default: shipped)."),
    annotator: str | None = typer.Option(None, help="Name written with each label (default: your user name)."),
) -> None:
    """Label operative paragraphs that the gold file lacks, one per screen, by key.

    Type the keys of one to three intents, main first, then Enter to save: `rp` is report + position.

    A repeated key toggles its intent off; text after `#` is kept as a note.

    `u` undoes the last saved label (removes its line), `s` skips, `q` quits.

    Each label is on disk before the next paragraph shows: Ctrl-C (exit 130) never loses one.
    """
    try:
        session, classifier = _open_session(corpus, gold, split, pattern, family, by, pool, seed, model, annotator)
        _run(session, classifier)
    except KeyboardInterrupt:
        _err().print(f"\ninterrupted; labels saved so far are in {gold}", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _open_session(
    corpus: Path | None,
    gold: Path,
    split: str,
    pattern: str | None,
    family: str | None,
    by: str,
    pool: int,
    seed: int,
    model: Path | None,
    annotator: str | None,
):
    from resolute.model.artifact import ModelError
    from resolute.model.classify import load_classifier
    from resolute.model.labels import load_labels
    from resolute.training.annotate import ORDERS, AnnotationSession, candidate_rows, choose_candidates, labelled_keys
    from resolute.training.annotations import SPLITS, AnnotationError
    from resolute.training.corpus import load_corpus

    problems = []
    if split not in SPLITS:
        problems.append(f"--split must be one of {', '.join(SPLITS)}")
    if by not in ORDERS:
        problems.append(f"--by must be one of {', '.join(ORDERS)}")
    if family is not None and family not in load_labels().families:
        problems.append(f"unknown family {family!r}")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append(f"--filter is not a valid regex ({error})")
    if problems:
        _fail("; ".join(problems), EXIT_USAGE)
    try:
        done = labelled_keys(gold)
    except AnnotationError as error:
        _fail(f"{error} (fix the gold file before extending it)", EXIT_FAILED)
    try:
        data = load_corpus(corpus)
    except FileNotFoundError:
        _fail(f"no corpus at {corpus or 'corpus/'}; run `resolute corpus build` first", EXIT_FAILED)
    if split not in data:
        _fail(f"no split {split!r} in the corpus ({', '.join(data)})", EXIT_FAILED)
    try:
        classifier = load_classifier(model)
    except ModelError as error:
        _fail(str(error), EXIT_FAILED)
    columns = data[split].select_columns(["symbol", "index", "section", "text", "family", "body"])
    rows = candidate_rows(columns, done, pattern, family)
    if by == "uncertainty" and len(rows) > 1:
        _err().print(f"scoring {min(pool, len(rows))} of {len(rows)} paragraphs with the model ...", markup=False)
    candidates = choose_candidates(rows, split, classifier, by, pool, seed)
    name = annotator or _user_name()
    return AnnotationSession(gold, candidates, name), classifier


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "annotator"


def _fail(message: str, code: int) -> None:
    _err().print(f"resolute annotate: {message}", markup=False)
    raise typer.Exit(code)


def _run(session: AnnotationSession, classifier) -> None:
    from resolute.training.annotate import with_suggestion

    shown = None
    while True:
        candidate = session.current
        if candidate is None:
            break
        if candidate is not shown:
            candidate = session.queue[session.position] = with_suggestion(candidate, classifier)
            _show(candidate, session)
            shown = candidate
        _out().print("keys> ", end="", markup=False)
        line = sys.stdin.readline()
        if not line:  # end of input: as q
            _out().print()
            break
        outcome = session.handle(line)
        if outcome.message:
            from rich.text import Text

            style = "red" if outcome.action == "error" else "green"
            _out().print(Text(outcome.message, style=style))
        if outcome.action == "undone":
            shown = None
        if outcome.action == "quit":
            break
    if session.current is None and not session.finished:
        _out().print("no paragraph left to label")
    _out().print(
        f"{len(session.saved)} saved, {session.skipped} skipped, {session.undone} undone; gold file {session.gold}",
        markup=False,
    )


def _show(candidate: Candidate, session: AnnotationSession) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from resolute.training.annotate import INTENT_KEYS

    where = " · ".join(str(part) for part in (candidate.split, candidate.body, candidate.family) if part)
    title = f"{candidate.symbol} #{candidate.index}  ({where})  {session.remaining} left"
    _out().print(Panel(Text(candidate.text), title=Text(title), title_align="left"))
    if candidate.scores:
        top = sorted(candidate.scores.items(), key=lambda item: -item[1])[:4]
        shown = ", ".join(f"{name} {score:.2f}" for name, score in top)
        margin = f"; margin {candidate.uncertainty:.4f}" if candidate.uncertainty is not None else ""
        _out().print(Text(f"model: {', '.join(candidate.suggested) or '-'}  ({shown}{margin})", style="cyan"))
    keys = [f"{key} {intent:<16}" for key, intent in INTENT_KEYS.items()]
    _out().print(Text("\n".join("".join(keys[i : i + 4]).rstrip() for i in range(0, len(keys), 4)), style="dim"))
    _out().print(Text("Enter saves (main intent first)  u undo  s skip  q quit  #note", style="dim"))
