"""``resolute tag``: label every clause of many files, in order, as JSONL, CSV, Parquet or a table."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from resolute.cli.app import app

if TYPE_CHECKING:
    from resolute.cli.resume import EarlierLines
    from resolute.model.tagging import FileResult, Input, Tagger

EXIT_FAILED, EXIT_INTERRUPTED = 1, 130


class Format(str, Enum):
    """Output formats."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    table = "table"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


@app.command()
def tag(
    paths: list[str] = typer.Argument(
        ..., help="Files, folders (every .xml, .xml.gz, .txt and .docx below them), globs, or - for standard input."
    ),
    output_format: Format | None = typer.Option(
        None,
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format. Default: from the --output extension; else a table on a terminal, JSONL otherwise.",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        dir_okay=False,
        help="Write to FILE (complete or not at all) instead of standard output.",
    ),
    jobs: int = typer.Option(_cores(), "--jobs", "-j", min=1, help="Worker processes."),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model folder. Default: the shipped model."),
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Keep the lines of files already in --output (same source, same content) and tag only the others; "
        "continues a run that was interrupted.",
    ),
) -> None:
    """Label every clause of PATHS: section, number, lead, family and intents, with the model's scores.

    One record per clause; files in the order given, folders sorted.

    Exit status: 0 every input tagged; 1 some inputs failed (each named on standard error);
    2 usage error; 130 interrupted (the output file is then left as it was).
    """
    started = time.perf_counter()
    from resolute.cli.writers import LINE_FORMATS, format_for

    fmt = output_format.value if output_format else format_for(output, sys.stdout.isatty())
    if resume and output is None:
        raise typer.BadParameter("needs --output FILE (the output to continue)", param_hint="'--resume'")
    if resume and fmt not in LINE_FORMATS:
        raise typer.BadParameter("works with --format jsonl or csv", param_hint="'--resume'")
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("Parquet needs --output FILE", param_hint="'--format'")
    if output is not None and not output.parent.resolve().is_dir():
        raise typer.BadParameter(f"the folder {output.parent} does not exist", param_hint="'--output'")

    from resolute.cli.resume import EarlierLines, ResumeError, read_previous, resume_path
    from resolute.model.artifact import ModelError
    from resolute.model.tagging import Tagger, find_inputs

    try:
        tagger = Tagger.load(model)
    except ModelError as error:
        raise typer.BadParameter(str(error), param_hint="'--model'") from None
    progress_file = resume_path(output) if output is not None else None
    inputs = list(find_inputs(paths, exclude=[p for p in (output, progress_file) if p is not None]))
    earlier = EarlierLines({})
    if resume:
        try:
            earlier = EarlierLines(read_previous([output, progress_file], fmt))
        except ResumeError as error:
            raise typer.BadParameter(str(error), param_hint="'--resume'") from None
        inputs = [
            replace(i, known_hash=earlier.found[i.source].source_hash) if i.source in earlier.found else i
            for i in inputs
        ]

    report = _Report(len(inputs))
    with _one_interrupt():
        try:
            _tag_all(inputs, tagger, jobs, fmt, output, earlier, report)
        except KeyboardInterrupt:
            report.say(report.interrupted(output))
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # the reader of standard output went away (| head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_FAILED) from None
        except OSError as error:  # the output cannot be written (permissions, disk full)
            report.say(f"error: cannot write the output: {error}")
            raise typer.Exit(EXIT_FAILED) from None
        finally:
            earlier.close()
    report.say(report.summary(time.perf_counter() - started))
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


def _tag_all(
    inputs: list[Input],
    tagger: Tagger,
    jobs: int,
    fmt: str,
    output: Path | None,
    earlier: EarlierLines,
    report: _Report,
) -> None:
    """Tag ``inputs`` into ``output`` (written atomically) or standard output, lines of kept files copied.

    When the run is interrupted, the whole files written so far (and those of the earlier progress
    file that were not reached) are kept in the progress file for ``--resume``; ``output`` is untouched.
    """
    from resolute.cli.resume import resume_path
    from resolute.cli.writers import ENCODERS, AtomicFile, make_writer
    from resolute.model.tagging import TaggingRun

    atomic = AtomicFile(output) if output is not None else None
    writer = make_writer(fmt, atomic.stream if atomic else (None if fmt == "table" else sys.stdout.buffer))
    try:
        with TaggingRun(inputs, tagger, jobs, ENCODERS.get(fmt)) as results, report:
            for result in results:
                entry = earlier.take(result.source)
                if result.reused:
                    writer.copy(earlier.read(entry))
                    result.clauses = entry.clauses
                elif result.error is None:
                    writer.write(result)
                if atomic:
                    atomic.checkpoint()
                report.add(result)
        writer.close()
    except BaseException:
        if atomic and report.done and fmt in ENCODERS:
            progress_file = resume_path(output)
            try:
                atomic.rollback()
                for entry in earlier.left_in(progress_file):
                    writer.copy(earlier.read(entry))
                atomic.checkpoint()
                atomic.keep_as(progress_file)
                report.kept = True
            except OSError:
                atomic.discard()
        elif atomic:
            with suppress(Exception):
                writer.close()  # a Parquet writer would otherwise try to finish a discarded file later
            atomic.discard()
        raise
    if atomic:
        _ignore_interrupts()  # the last step must not be cut in half
        atomic.commit()
        resume_path(output).unlink(missing_ok=True)


def _ignore_interrupts() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _one_interrupt() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt once; further presses are ignored while the run cleans up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Report:
    """Standard error: failed files as they come, a progress bar on a terminal, the summary."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = self.failed = self.reused = self.clauses = 0
        self.kept = False
        self.progress = None
        self.console = None  # rich only on a terminal: elsewhere plain lines, and no 20 ms importing it
        if sys.stderr.isatty():
            from rich.console import Console

            self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        if total > 1 and self.console is not None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("tagging"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files, {task.fields[clauses]:,} clauses"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.task = self.progress.add_task("tag", total=total, clauses=0)

    def __enter__(self) -> _Report:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress:
            self.progress.stop()

    def say(self, message: str) -> None:
        """One line on standard error."""
        if self.console is not None:
            self.console.print(message, markup=False)
        else:
            print(message, file=sys.stderr, flush=True)

    def add(self, result: FileResult) -> None:
        """Count one input; name it with its reason if it failed."""
        if result.error:
            self.failed += 1
            self.say(f"error: {result.error}")
        else:
            self.done += 1
            self.reused += result.reused
            self.clauses += result.clauses
        if self.progress:
            self.progress.update(self.task, advance=1, clauses=self.clauses)

    def summary(self, seconds: float) -> str:
        """Files, clauses, failed files, time and speed."""
        reused = f" ({self.reused:,} kept from the earlier output)" if self.reused else ""
        rate = self.clauses / seconds if seconds > 0 else 0.0
        return (
            f"{_count(self.done, 'file')} tagged{reused}, {_count(self.clauses, 'clause')}, {self.failed:,} failed, "
            f"{seconds:.2f} s, {rate:,.0f} clauses/s"
        )

    def interrupted(self, output: Path | None) -> str:
        """What an interrupted run did and did not write."""
        done = f"interrupted after {self.done + self.failed:,} of {_count(self.total, 'file')}"
        if output is None:
            return done
        if self.kept:
            return f"{done}; {output} was not written. Run the same command with --resume to continue."
        return f"{done}; {output} was not written."


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
