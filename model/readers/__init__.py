"""Readers: one per format, each returning a Document. ``read_document`` picks one by extension."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

from resolute.model.records import Document, ReadError

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".xml", ".xml.gz", ".txt", ".docx")


def kind_of(name: str) -> str | None:
    """The reader kind ("akn", "text", "docx") for a file name, or None when unknown."""
    lower = name.lower()
    if lower.endswith((".xml", ".xml.gz", ".akn")):
        return "akn"
    if lower.endswith((".txt", ".text")) or lower == "-":
        return "text"
    if lower.endswith(".docx"):
        return "docx"
    return None


def read_bytes(data: bytes, source: str, kind: str | None = None) -> Document:
    """Read a document from its bytes; ``kind`` defaults to the one named by ``source``'s extension."""
    kind = kind or kind_of(source)
    if kind is None:
        raise ReadError(source, "unknown file type (expected .xml, .xml.gz, .txt or .docx)")
    if not data.strip():
        raise ReadError(source, "the file is empty")
    if source.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
    if kind == "akn":
        from resolute.model.readers.akn import read_akn

        return read_akn(data, source)
    if kind == "docx":
        from resolute.model.readers.docx import read_docx

        return read_docx(data, source)
    from resolute.model.readers.text import read_text

    return read_text(data, source)


def read_document(path: str | Path, kind: str | None = None) -> Document:
    """Read the file at ``path``; raises ReadError with a one-line reason naming the file."""
    source = str(path)
    path = Path(path)
    if path.is_dir():
        raise ReadError(source, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(source, f"too large ({size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB)")
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(source, error.strerror or str(error)) from None
    return read_bytes(data, source, kind)


def _gunzip(data: bytes, source: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ReadError(source, f"broken gzip data ({error})") from None
    if len(out) > MAX_BYTES:
        raise ReadError(source, "too large once decompressed")
    return out


__all__ = ["SUFFIXES", "kind_of", "read_bytes", "read_document"]
