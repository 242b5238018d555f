"""``resolute suggest``: the labels, standard leads, corpus precedents and formulas for one clause.

``resolute suggest-index`` builds the precedent index and the formula templates that ship with a model.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app
from resolute.cli.consoles import console

if TYPE_CHECKING:
    from rich.console import Console

    from resolute.model.records import Clause
    from resolute.model.suggest import Suggestion


def _err() -> Console:
    return console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, Enum):
    """Output formats."""

    json = "json"
    table = "table"


@app.command()
def suggest(
    text: str | None = typer.Argument(None, help="The clause, e.g. 'Asks the Secretary-General to report ...'."),
    draft: Path | None = typer.Option(None, "--draft", "-d", dir_okay=False, help="Take the clause from this draft."),
    paragraph: str | None = typer.Option(
        None, "--paragraph", "-p", help="With --draft: the operative number (3) or PP2 for the second preambular one."
    ),
    k: int = typer.Option(5, "--k", "-k", min=0, max=100, help="How many precedents."),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model folder. Default: the shipped model."),
    corpus: Path | None = typer.Option(
        None,
        "--corpus",
        help="The raw corpus, to show precedent texts. Default: $RESOLUTE_CORPUS or ../shared/corpus/raw.",
    ),
    output_format: Format | None = typer.Option(
        None, "--format", "-f", case_sensitive=False, help="Default: a table on a terminal, JSON otherwise."
    ),
) -> None:
    """Suggest for one clause: section, family and intents, the standard leads of its family, the most similar
    corpus paragraphs (with their symbols and undocs.org links), and the formulas of the corpus that fit it.

    Exit status: 0 done; 1 the draft or the model cannot be read; 2 usage error.
    """
    if (text is None) == (draft is None):
        raise typer.BadParameter("give a clause TEXT or --draft FILE with --paragraph N", param_hint="TEXT")
    if draft is not None and paragraph is None:
        raise typer.BadParameter("--draft needs --paragraph N (operative number) or PPn", param_hint="'--paragraph'")
    from resolute.model.artifact import ModelError
    from resolute.model.records import ReadError
    from resolute.model.suggest import Suggester

    try:
        clause: str | Clause = text if text is not None else _draft_clause(draft, paragraph)
        suggester = Suggester.load(model, corpus)
    except (ReadError, ModelError) as error:
        _err().print(f"error: {error}", markup=False)
        raise typer.Exit(1) from None
    result = suggester.suggest(clause, k=k)
    fmt = output_format.value if output_format else ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        typer.echo(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        _render(result, console(highlight=False))


def _draft_clause(draft: Path, paragraph: str) -> Clause:
    from resolute.model.readers import read_document
    from resolute.model.records import OPERATIVE, PREAMBULAR, ReadError
    from resolute.model.segment import split_clauses

    clauses = split_clauses(read_document(draft))
    wanted = paragraph.strip().upper().removeprefix("OP")
    if wanted.startswith("PP") and wanted[2:].isdigit():
        preamble = [c for c in clauses if c.section == PREAMBULAR]
        position = int(wanted[2:])
        if 1 <= position <= len(preamble):
            return preamble[position - 1]
    else:
        for clause in clauses:
            if clause.section == OPERATIVE and (clause.number or "").strip(". ").upper() == wanted:
                return clause
    raise ReadError(str(draft), f"no paragraph {paragraph} (operative numbers, or PP1, PP2, ... for the preamble)")


def _render(result: Suggestion, console: Console) -> None:
    from rich.table import Table

    intents = ", ".join(f"{i} {result.scores['intents'][i]:.2f}" for i in result.intents) or "-"
    console.print(f"[bold]{result.lead or result.text[:40]}[/bold]  {result.section} {result.scores['section']:.2f}")
    console.print(f"family: [bold]{result.family}[/bold] {result.scores['family']:.2f}   intents: {intents}")
    console.print(f"standard leads: {', '.join(result.standard_leads) or '-'}")
    precedents = Table(title="Precedents", title_justify="left", show_lines=False, expand=True)
    for column, options in (
        ("score", {"justify": "right"}),
        ("symbol", {"no_wrap": True}),
        ("paragraph", {}),
        ("text" if result.corpus else "link", {"ratio": 1, "overflow": "fold"}),
    ):
        precedents.add_column(column, **options)
    for p in result.precedents:
        place = p.paragraph + (f" (x{p.copies})" if p.copies > 1 else "")
        precedents.add_row(f"{p.score:.2f}", p.symbol, place, p.text if p.text is not None else p.link)
    console.print(precedents)
    templates = Table(title="Formulas", title_justify="left", expand=True)
    templates.add_column("documents", justify="right")
    templates.add_column("intent")
    templates.add_column("pattern", ratio=1)
    for t in result.templates:
        templates.add_row(str(t.documents), t.intent or "-", t.pattern)
    console.print(templates)


@app.command("suggest-index")
def suggest_index(
    out: Path = typer.Argument(..., file_okay=False, help="The folder to write; a model folder gets them listed."),
    corpus: Path | None = typer.Option(None, help="The corpus built by `resolute corpus build` (default: corpus/)."),
    bits: int = typer.Option(512, min=64, max=4096, help="Bits per paragraph code (a multiple of 8)."),
    min_documents: int = typer.Option(5, min=2, help="A formula must occur in this many documents."),
) -> None:
    """Build the precedent index (precedents.npz: symbols, positions, bit codes, no text) and the formula
    templates (templates.json) from the corpus into OUT; in a model folder, both are added to meta.json.
    """
    from resolute.training.corpus import load_corpus
    from resolute.training.precedents import MiningConfig, build_precedents, corpus_rows

    if bits % 8:
        raise typer.BadParameter("must be a multiple of 8", param_hint="'--bits'")
    try:
        data = load_corpus(corpus)
    except FileNotFoundError as error:
        _err().print(f"error: no corpus ({error}); run `resolute corpus build` first", markup=False)
        raise typer.Exit(1) from None
    rows = corpus_rows(data)
    report = build_precedents(rows, out, bits=bits, config=MiningConfig(min_documents=min_documents))
    _err().print(
        f"wrote {report.out}: {report.indexed:,} paragraphs indexed of {report.paragraphs:,} "
        f"({report.documents:,} documents, {report.index_bytes / 2**20:.1f} MB), {report.templates:,} templates "
        f"({report.templates_bytes / 2**10:.0f} KB)" + ("; listed in meta.json" if report.registered else ""),
        markup=False,
    )
