"""The ``resolute`` command line: thin commands that call library functions and render results."""

from __future__ import annotations

import atexit
import os
import sys
from contextlib import suppress

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
        from importlib.metadata import version

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
    """Entry point of the ``resolute`` console script.

    When the command is done, the exit handlers run and the streams are flushed, then the process
    ends at once: the interpreter's own teardown would free the loaded model object by object
    (about 70 ms of every run), which the operating system does in no time.
    """
    try:
        app()
        code: object = 0
    except SystemExit as done:
        code = done.code
    atexit._run_exitfuncs()
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can be written
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    import resolute.cli.app as registered  # run as a script, the commands sit on the imported module's app

    registered.main()
