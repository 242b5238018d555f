"""Output of ``resolute tag``: JSONL, CSV, Parquet and table writers, and files written atomically.

JSONL and CSV lines are encoded in the worker processes (``ENCODERS``); the writers in the main
process only append them. ``AtomicFile`` writes under a hidden temporary name in the target's
folder and renames it over the target when the run is complete.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

import orjson

from resolute.model.tagging import FIELDS, FileResult, TaggedClause

FORMATS = ("jsonl", "csv", "parquet", "table")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}
LINE_FORMATS = ("jsonl", "csv")  # formats whose files can be resumed line by line
_JSON_LINE = orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY
PARQUET_ROWS = 50_000  # rows per Parquet row group (the writer's memory bound)


def encode_jsonl(clauses: list[TaggedClause]) -> bytes:
    """One JSON object per clause, one per line (compact UTF-8, as orjson writes it: a third of the
    standard library's time)."""
    dumps = orjson.dumps
    return b"".join([dumps(c.to_record(), option=_JSON_LINE) for c in clauses])


def csv_row(clause: TaggedClause) -> list[object]:
    """A clause as a CSV row: lists and objects as JSON, a missing number as an empty cell."""
    record = clause.to_record()
    record["intents"] = orjson.dumps(record["intents"]).decode("utf-8")
    record["scores"] = orjson.dumps(record["scores"], option=orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")
    return list(record.values())


def encode_csv(clauses: list[TaggedClause]) -> bytes:
    """CSV lines of ``clauses`` (no header)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_row(c) for c in clauses)
    return buffer.getvalue().encode("utf-8")


CSV_HEADER = (",".join(FIELDS) + "\n").encode("utf-8")
ENCODERS = {"jsonl": encode_jsonl, "csv": encode_csv}


class Writer(Protocol):
    """Receives the tagged files in order."""

    def write(self, result: FileResult) -> None:
        """Write the clauses of one tagged file."""

    def copy(self, data: bytes) -> None:
        """Write lines kept from a previous output (line formats only)."""

    def close(self) -> None:
        """Finish the output (footers, buffered rows); the stream stays open."""


class LineWriter:
    """JSONL or CSV: the payloads are already encoded lines."""

    def __init__(self, stream: BinaryIO, header: bytes = b"") -> None:
        self.stream = stream
        stream.write(header)

    def write(self, result: FileResult) -> None:
        """Append the file's lines."""
        self.stream.write(result.payload)

    def copy(self, data: bytes) -> None:
        """Append lines kept from a previous output."""
        self.stream.write(data)

    def close(self) -> None:
        """Flush the stream."""
        self.stream.flush()


class ParquetWriter:
    """Parquet with typed columns (``intents`` a list, ``scores`` a struct with an intent map)."""

    def __init__(self, stream: BinaryIO) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            raise RuntimeError("Parquet output needs pyarrow: pip install pyarrow") from None
        self.pa = pa
        self.schema = pa.schema(
            [
                ("document", pa.string()),
                ("source", pa.string()),
                ("index", pa.int64()),
                ("section", pa.string()),
                ("number", pa.string()),
                ("lead", pa.string()),
                ("family", pa.string()),
                ("intents", pa.list_(pa.string())),
                ("text", pa.string()),
                (
                    "scores",
                    pa.struct(
                        [
                            ("section", pa.float64()),
                            ("family", pa.float64()),
                            ("intents", pa.map_(pa.string(), pa.float64())),
                        ]
                    ),
                ),
                ("source_hash", pa.string()),
            ]
        )
        self.writer = pq.ParquetWriter(stream, self.schema)
        self.rows: list[dict[str, object]] = []

    def write(self, result: FileResult) -> None:
        """Buffer the file's rows; a full row group is written out."""
        for clause in result.payload:
            record = clause.to_record()
            scores = record["scores"]
            record["scores"] = {**scores, "intents": list(scores["intents"].items())}
            self.rows.append(record)
        if len(self.rows) >= PARQUET_ROWS:
            self._flush()

    def copy(self, data: bytes) -> None:  # pragma: no cover - refused before any run
        raise NotImplementedError("Parquet output cannot be resumed")

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        """Write the last row group and the footer."""
        self._flush()
        self.writer.close()


class TableWriter:
    """A readable rich table per document; a rule separates the preamble from the operative part."""

    def __init__(self, stream: BinaryIO | None) -> None:
        from rich.console import Console

        self.text = None
        if stream is None:
            self.console = Console(highlight=False)
        else:
            self.text = io.TextIOWrapper(stream, encoding="utf-8", write_through=True)
            self.console = Console(file=self.text, width=140, color_system=None, highlight=False)

    def write(self, result: FileResult) -> None:
        """Print the file's clauses."""
        from rich import box
        from rich.table import Table

        table = Table(title=f"{result.document} ({result.source})", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("no.", justify="right", no_wrap=True)
        table.add_column("lead", style="italic", no_wrap=True, max_width=22, overflow="ellipsis")
        table.add_column("family", no_wrap=True)
        table.add_column("intents", max_width=16)
        table.add_column("text", ratio=1)
        clauses = result.payload
        for i, c in enumerate(clauses):
            last_of_preamble = (
                c.section == "preambular" and i + 1 < len(clauses) and clauses[i + 1].section != c.section
            )
            number = c.number or ("" if c.section == "operative" else "pp")
            table.add_row(number, c.lead, c.family, ", ".join(c.intents), c.text, end_section=last_of_preamble)
        self.console.print(table, markup=False)

    def copy(self, data: bytes) -> None:  # pragma: no cover - refused before any run
        raise NotImplementedError("a table cannot be resumed")

    def close(self) -> None:
        """Flush the console's file (and let go of the stream under it)."""
        self.console.file.flush()
        if self.text is not None:
            self.text.detach()


def make_writer(fmt: str, stream: BinaryIO | None) -> Writer:
    """The writer of ``fmt`` on a binary ``stream`` (None: the terminal, for tables)."""
    if fmt == "table":
        return TableWriter(stream)
    assert stream is not None
    if fmt == "parquet":
        return ParquetWriter(stream)
    return LineWriter(stream, CSV_HEADER if fmt == "csv" else b"")


def format_for(output: Path | None, terminal: bool) -> str:
    """The default format: by the output's extension, else a table on a terminal, else JSONL."""
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl")
    return "table" if terminal else "jsonl"


class AtomicFile:
    """A binary file written under a hidden temporary name beside ``target``.

    ``commit`` renames it over the target when complete; ``keep_as`` saves what was written up
    to the last ``checkpoint`` under another name (the progress of an interrupted run);
    ``discard`` removes it. The target is never seen half written.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        self.temp = Path(name)
        self.stream: BinaryIO = os.fdopen(fd, "wb")
        self.safe = 0

    def checkpoint(self) -> None:
        """Mark everything written so far as complete."""
        self.safe = self.stream.tell()

    def _finish(self, destination: Path, size: int | None = None) -> None:
        self.stream.flush()
        if size is not None:
            self.stream.truncate(size)
        os.fsync(self.stream.fileno())
        self.stream.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)
        os.replace(self.temp, destination)

    def commit(self) -> None:
        """Put the complete file in place of the target."""
        self._finish(self.target)

    def rollback(self) -> None:
        """Drop what was written after the last checkpoint (an interrupted write)."""
        self.stream.flush()
        self.stream.truncate(self.safe)
        self.stream.seek(self.safe)

    def keep_as(self, destination: Path) -> None:
        """Save what was written up to the last checkpoint as ``destination``."""
        try:
            self._finish(destination, self.safe)
        except OSError:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file."""
        self.stream.close()
        self.temp.unlink(missing_ok=True)
