"""Resuming ``resolute tag --output FILE``: which files earlier outputs already hold, and where.

A complete run leaves FILE; an interrupted one leaves its whole files in a hidden resume file
beside it (``resume_path``). Both are line formats (JSONL or CSV) whose lines carry ``source``
and ``source_hash``; the lines of one file are consecutive, so each file is a byte range that a
resumed run copies instead of tagging the file again.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from resolute.cli.writers import CSV_HEADER
from resolute.model.tagging import FIELDS

_SOURCE, _INDEX, _HASH = FIELDS.index("source"), FIELDS.index("index"), FIELDS.index("source_hash")


class ResumeError(Exception):
    """An earlier output that cannot be resumed from; the message is one line naming the file."""


@dataclass(frozen=True)
class Previous:
    """The lines of one input file in an earlier output."""

    source_hash: str
    path: Path
    start: int
    end: int
    clauses: int


def resume_path(output: Path) -> Path:
    """Where an interrupted run keeps its progress: a hidden file beside the output."""
    return output.with_name(f".{output.name}.resume")


def _keys(path: Path, fmt: str, stream) -> Iterator[tuple[int, bytes, tuple[str, str, int] | None]]:
    """(offset, line, (source, source_hash, index)) for each line; the key is None for a torn last line."""
    offset = 0
    if fmt == "csv":
        header = stream.readline()
        if header not in (b"", CSV_HEADER):
            raise ResumeError(f"{path}: not a CSV written by resolute tag (unexpected header)")
        offset = len(header)
    for number, line in enumerate(stream, start=2 if fmt == "csv" else 1):
        if not line.endswith(b"\n"):
            yield offset, line, None
            return
        try:
            if fmt == "csv":
                row = next(csv.reader([line.decode("utf-8")]))
                key = (row[_SOURCE], row[_HASH], int(row[_INDEX])) if len(row) == len(FIELDS) else None
            else:
                record = json.loads(line)
                key = (record["source"], record["source_hash"], record["index"]) if isinstance(record, dict) else None
        except (ValueError, KeyError, StopIteration):
            key = None
        if key is None or not (isinstance(key[0], str) and isinstance(key[1], str) and isinstance(key[2], int)):
            raise ResumeError(f"{path}: line {number} is not a line of resolute tag --format {fmt}")
        yield offset, line, key
        offset += len(line)


def _scan(path: Path, fmt: str) -> dict[str, Previous]:
    """The files in one earlier output; a file whose lines do not run from index 0 without gaps is left out."""
    found: dict[str, Previous] = {}
    group: list = []  # [source, hash, start, end, clauses, whole]

    def close() -> None:
        if group and group[5]:
            found[group[0]] = Previous(group[1], path, group[2], group[3], group[4])

    with path.open("rb") as stream:
        for offset, line, key in _keys(path, fmt, stream):
            if key is None:  # a torn line: its file may be incomplete, so it is not kept
                group = []
                break
            source, content_hash, index = key
            if group and (group[0], group[1]) == (source, content_hash):
                group[3] = offset + len(line)
                group[5] = group[5] and index == group[4]
                group[4] += 1
                continue
            close()
            group = [source, content_hash, offset, offset + len(line), 1, index == 0]
    close()
    return found


def read_previous(paths: Iterable[Path], fmt: str) -> dict[str, Previous]:
    """The files held by the earlier outputs ``paths`` (those that exist), by source; later paths win."""
    found: dict[str, Previous] = {}
    for path in paths:
        if path.is_file():
            found.update(_scan(path, fmt))
    return found


class EarlierLines:
    """The files of earlier outputs that this run has not reached yet, and a way to copy their lines."""

    def __init__(self, found: dict[str, Previous]) -> None:
        self.found = found
        self._open: dict[Path, BinaryIO] = {}

    def take(self, source: str) -> Previous | None:
        """The earlier lines of ``source``, which this run now either keeps or replaces."""
        return self.found.pop(source, None)

    def read(self, entry: Previous) -> bytes:
        """The bytes of ``entry``'s lines."""
        if entry.path not in self._open:
            self._open[entry.path] = entry.path.open("rb")
        stream = self._open[entry.path]
        stream.seek(entry.start)
        return stream.read(entry.end - entry.start)

    def left_in(self, path: Path | None) -> list[Previous]:
        """The entries of ``path`` not reached by this run."""
        return [entry for entry in self.found.values() if entry.path == path]

    def close(self) -> None:
        """Close the earlier outputs."""
        for stream in self._open.values():
            stream.close()
        self._open.clear()
