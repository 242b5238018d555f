"""``resolute check``: findings by the rule codes of the drafting conventions, a report, a fixed copy."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app

if TYPE_CHECKING:
    from resolute.model.check import CheckReport
    from resolute.model.classify import ClauseClassifier
    from resolute.model.fix import FixResult
    from resolute.model.records import Document

EXIT_ERRORS = 1
_SECTION_STYLE = {"preambular": "cyan", "operative": "green"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}


class Format(str, Enum):
    """Output formats."""

    text = "text"
    json = "json"


def _sniff(data: bytes) -> str:
    """The reader of bytes from standard input."""
    if data[:2] == b"PK":
        return "docx"
    return "akn" if data[:2] == b"\x1f\x8b" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" else "text"


@app.command()
def check(
    draft: str = typer.Argument(
        ..., help="A draft or resolution: .docx, .txt, .xml, .xml.gz, or - for standard input."
    ),
    output_format: Format = typer.Option(
        Format.text, "--format", "-f", case_sensitive=False, help="text: a report; json: the findings as data."
    ),
    fix: Path | None = typer.Option(
        None, "--fix", dir_okay=False, help="Write a copy (.txt or .docx, as the input) with the safe fixes applied."
    ),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model folder. Default: the shipped model."),
) -> None:
    """Check DRAFT against the drafting conventions (rule codes S, P, L, R) and report the findings.

    Exit status: 0 no errors (warnings and suggestions aside); 1 errors found; 2 usage error
    (including a file that cannot be read).
    """
    from resolute.model.artifact import ModelError
    from resolute.model.check import check_document
    from resolute.model.readers import read_bytes
    from resolute.model.records import ReadError

    if model is not None and not model.is_dir():
        raise typer.BadParameter(f"{model}: no such model folder", param_hint="'--model'")
    if fix is not None and draft != "-" and fix.resolve() == Path(draft).resolve():
        raise typer.BadParameter("the fixed copy must not overwrite the input", param_hint="'--fix'")
    try:
        data = sys.stdin.buffer.read() if draft == "-" else Path(draft).read_bytes()
        document = read_bytes(data, draft, _sniff(data) if draft == "-" else None)
    except OSError as error:
        raise typer.BadParameter(f"{draft}: {error.strerror or error}", param_hint="'DRAFT'") from None
    except ReadError as error:
        raise typer.BadParameter(str(error), param_hint="'DRAFT'") from None
    try:
        # the report shows every clause's family; JSON needs the model only for non-standard leads
        # the model runs only when a rule needs it (a non-standard lead); otherwise families come from the leads
        report = check_document(document, lambda: _load(model))
    except ModelError as error:
        raise typer.BadParameter(str(error), param_hint="'--model'") from None
    fixed = _write_fix(data, draft, report, fix) if fix is not None else None
    if output_format == Format.json:
        record = {
            "document": _document_name(document),
            "source": draft,
            "findings": [f.to_record() for f in report.findings],
        }
        typer.echo(json.dumps(record, ensure_ascii=False))
    else:
        _render(report, _document_name(document), fixed, fix)
    if report.errors:
        raise typer.Exit(EXIT_ERRORS)


def _document_name(document: Document) -> str:
    """The ``document`` field as ``resolute tag`` writes it (tagging.document_name, without importing the model)."""
    if document.symbol:
        return document.symbol
    return "<stdin>" if document.source == "-" else Path(document.source).name or document.source


def _load(model: Path | None) -> ClauseClassifier:
    from resolute.model.classify import load_classifier  # numpy and the model only when needed

    return load_classifier(model)


def _write_fix(data: bytes, draft: str, report: CheckReport, output: Path) -> FixResult:
    from resolute.model.fix import FixError, write_fixed

    try:
        return write_fixed(data, draft, report, output)
    except FixError as error:
        raise typer.BadParameter(str(error), param_hint="'--fix'") from None


def _render(report: CheckReport, name: str, fixed: FixResult | None, output: Path | None) -> None:
    """The clauses coloured by section with their family, and the findings beside them."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    by_index: dict[int | None, list] = {}
    for finding in report.findings:
        by_index.setdefault(finding.index, []).append(finding)

    def findings_text(index: int | None) -> Text:
        text = Text()
        for finding in by_index.get(index, []):
            if text:
                text.append("\n")
            text.append(f"{finding.code} ", style=_SEVERITY_STYLE[finding.severity])
            text.append(finding.message)
            if finding.fix:
                text.append(f" → {finding.fix}", style="dim")
        return text

    console.print(Text(name, style="bold"))
    if None in by_index:
        console.print(findings_text(None))
    table = Table(show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("no.", no_wrap=True)
    table.add_column("family", no_wrap=True)
    table.add_column("clause", ratio=3)
    table.add_column("findings", ratio=2)
    for clause, family in zip(report.clauses, report.families, strict=True):
        style = _SECTION_STYLE.get(clause.section, "")
        text = clause.text if len(clause.text) <= 160 else clause.text[:157] + "..."
        body = Text(text, style=style)
        body.stylize("italic bold", 0, min(len(clause.lead), len(text)))
        table.add_row(
            str(clause.index), clause.number or "", Text(family, style=style), body, findings_text(clause.index)
        )
    console.print(table)
    counts = {s: sum(f.severity == s for f in report.findings) for s in ("error", "warning", "info")}
    console.print(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()))
    if fixed is not None:
        console.print(f"wrote {output}: {len(fixed.applied)} fixes applied, {len(fixed.skipped)} left to do by hand")
