"""The ``resolute`` command line: thin commands that call library functions and render results."""

from __future__ import annotations

from importlib.metadata import version

import typer

app = typer.Typer(
    name="resolute",
    help="Read UN resolutions and drafts, label every clause, check drafting conventions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"resolute {version('resolute')}")
        raise typer.Exit()


@app.callback()
def main_callback(
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """resolute: label the clauses of UN resolutions and drafts."""


# Each command lives in its own module, which registers itself on ``app`` when imported.
from resolute.cli import annotate, check, corpus, serve, suggest, tag, train  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``resolute`` console script."""
    app()


if __name__ == "__main__":
    import resolute.cli.app as registered  # run as a script, the commands sit on the imported module's app

    registered.main()
