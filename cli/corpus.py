"""``resolute corpus build``: read the raw corpus into the clause dataset that training and evaluation use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app
from resolute.cli.consoles import console

if TYPE_CHECKING:
    from rich.console import Console

    from resolute.training.corpus import BuildReport

corpus_app = typer.Typer(help="Build the clause corpus from the raw AKN resolutions.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


def _out() -> Console:
    return console(soft_wrap=True)


def _err() -> Console:
    return console(stderr=True, soft_wrap=True)


@corpus_app.command("build")
def build(
    raw: Path | None = typer.Option(
        None,
        "--raw",
        envvar="RESOLUTE_CORPUS",
        help="The raw corpus folder (default: ../shared/corpus/raw beside the repository).",
    ),
    out: Path | None = typer.Option(None, "--out", help="Folder to write (default: corpus/ in the repository root)."),
    top: int = typer.Option(15, "--top", min=0, help="How many unmatched leads to list."),
) -> None:
    """Write one row per clause (train / validation / test by session or year) and print a summary.

    Files that cannot be read are skipped and listed on stderr; the rest is written.
    """
    from resolute.training.corpus import build_corpus

    try:
        report = build_corpus(raw, out)
    except (FileNotFoundError, FileExistsError) as error:
        _err().print(f"resolute corpus build: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    for failure in report.failures:
        _err().print(str(failure), markup=False, highlight=False)
    _render(report, top)


def _render(report: BuildReport, top: int) -> None:
    from rich.table import Table

    from resolute.training.corpus import BODIES, SPLITS

    table = Table(title=f"corpus written to {report.out}", title_justify="left")
    for name in ("body", *SPLITS, "all"):
        table.add_column(name, justify="left" if name == "body" else "right")
    for body in (*BODIES, "all"):
        bodies = BODIES if body == "all" else (body,)
        cells = []
        for split in (*SPLITS, None):
            keys = [(b, s) for b in bodies for s in SPLITS if split in (None, s)]
            docs, clauses = (sum(counts[k] for k in keys) for counts in (report.documents, report.clauses))
            cells.append(f"{docs:,} / {clauses:,}")
        table.add_row(body, *cells, style="bold" if body == "all" else None)
    table.caption = "documents / clauses"
    _out().print(table)
    documents = sum(report.documents.values())
    _out().print(f"documents: {documents:,}  clauses: {report.total_clauses:,}  in {report.seconds:.1f} s")
    _out().print(f"with metadata (data_extract): {report.with_metadata:,} of {documents:,} documents")
    _out().print(f"duplicates dropped: {len(report.duplicates)}", highlight=False)
    for dropped, kept in report.duplicates:
        _out().print(f"  {dropped}  (same as {kept})", markup=False, highlight=False)
    _out().print(f"left out: {len(report.excluded)}", highlight=False)
    for source, reason in report.excluded:
        _out().print(f"  {source}  ({reason})", markup=False, highlight=False)
    _out().print(f"files that failed: {len(report.failures)} (listed on stderr)", highlight=False)
    _out().print(f"silver family coverage: {report.coverage:.2%} of clauses (the rest is 'other')")
    if top and report.unmatched:
        leads = Table(title="top unmatched leads (add them to data/lead_lexicon.json)", title_justify="left")
        leads.add_column("lead (~ first words where the clause has none)")
        leads.add_column("clauses", justify="right")
        for lead, count in report.unmatched.most_common(top):
            leads.add_row(lead, str(count))
        _out().print(leads)
