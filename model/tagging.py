"""Bulk tagging: input files -> tagged clause records, in input order, on one or more processes.

``find_inputs`` expands command-line paths (files, folders, globs, ``-``) into ``Input`` items;
``Tagger`` reads, segments and classifies a batch of inputs (one model call per batch);
``TaggingRun`` streams ``FileResult`` items in input order, spreading batches over worker
processes that each hold the model once. Nothing here prints; callers render the results.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from pathlib import Path

from resolute.model.classify import ClauseClassifier, load_classifier
from resolute.model.readers import MAX_BYTES, SUFFIXES, read_bytes
from resolute.model.records import OPERATIVE, Clause, Document, ReadError
from resolute.model.segment import split_clauses

STDIN = "-"
MAX_BATCH = 16  # files per model call and per task sent to a worker
_GLOB = re.compile(r"[*?[]")


@dataclass(frozen=True)
class TaggedClause:
    """One clause as ``resolute tag`` reports it (the fields of ``output.md``, then ``source_hash``)."""

    document: str
    source: str
    index: int
    section: str
    number: str | None
    lead: str
    family: str
    intents: tuple[str, ...]
    text: str
    scores: dict[str, object]
    source_hash: str

    def to_record(self) -> dict[str, object]:
        """The clause as a JSON-ready dict, fields in the contract's order."""
        return {
            "document": self.document,
            "source": self.source,
            "index": self.index,
            "section": self.section,
            "number": self.number,
            "lead": self.lead,
            "family": self.family,
            "intents": list(self.intents),
            "text": self.text,
            "scores": self.scores,
            "source_hash": self.source_hash,
        }


FIELDS = tuple(f.name for f in fields(TaggedClause))


@dataclass(frozen=True)
class Input:
    """One file to tag: a path, or bytes already read (standard input).

    ``known_hash`` is the content hash of the file's lines in a previous output: when the file
    still has it, the file is not tagged again (``FileResult.reused``). ``error`` marks an input
    that cannot be tagged at all (a pattern that matches nothing).
    """

    source: str
    data: bytes | None = None
    known_hash: str | None = None
    error: str | None = None


@dataclass
class FileResult:
    """What tagging one input gave: its clauses (``payload``) or the one-line ``error``."""

    source: str
    source_hash: str | None = None
    document: str | None = None
    clauses: int = 0
    error: str | None = None
    reused: bool = False
    payload: object = None  # encode(list of TaggedClause), or the list itself


Encoder = Callable[[list[TaggedClause]], object]


def source_hash(data: bytes) -> str:
    """The content hash of an input file's bytes (hex, 32 characters)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def document_name(document: Document) -> str:
    """The ``document`` field: the symbol when known, else the file name."""
    if document.symbol:
        return document.symbol
    return "<stdin>" if document.source == STDIN else os.path.basename(document.source) or document.source


# ---------------------------------------------------------------------------- inputs


def _wanted(name: str) -> bool:
    """Whether a file met while walking a folder is one to tag (hidden files and Word lock files aside)."""
    return name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$"))


def _walk(folder: str) -> Iterator[str]:
    """Files to tag below ``folder``, depth first, names sorted at every level."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _wanted(name):
                yield os.path.join(root, name)


def find_inputs(
    paths: Iterable[str],
    exclude: Iterable[str | Path] = (),
    read_stdin: Callable[[], bytes] | None = None,
) -> Iterator[Input]:
    """Expand command-line paths into inputs, in the order given, each file once.

    A folder gives every ``.xml``, ``.xml.gz``, ``.txt`` and ``.docx`` below it (sorted); a
    pattern with ``*``, ``?`` or ``[`` that names no file is expanded as a glob (``**`` included);
    ``-`` reads standard input. Files in ``exclude`` (the output being written) are skipped.
    A pattern or folder with nothing to tag gives an ``Input`` with an ``error``.
    """
    seen = {os.path.abspath(p) for p in exclude}

    def once(path: str) -> bool:
        key = os.path.abspath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if path == STDIN:
            yield Input(STDIN, data=(read_stdin or sys.stdin.buffer.read)())
        elif os.path.isdir(path):
            found = list(_walk(path))
            if not found:
                yield Input(path, error=f"no {', '.join(SUFFIXES)} files in this folder")
            yield from (Input(f) for f in found if once(f))
        elif not os.path.exists(path) and _GLOB.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Input(path, error="no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from (Input(f) for f in _walk(match) if once(f))
                elif once(match):
                    yield Input(match)
        elif once(path):
            yield Input(path)


def _read(path: str) -> bytes:
    """The bytes of the file at ``path``; ReadError with a one-line reason when it cannot be read."""
    try:
        if os.path.isdir(path):
            raise ReadError(path, "is a directory, not a file")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ReadError(path, f"too large ({size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB)")
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as error:
        raise ReadError(path, error.strerror or str(error)) from None


def _sniff(data: bytes) -> str:
    """The reader kind of bytes with no file name (standard input)."""
    if data[:2] == b"PK":
        return "docx"
    if data[:2] == b"\x1f\x8b" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return "akn"
    return "text"


# ---------------------------------------------------------------------------- tagging


class Tagger:
    """Reads, segments and classifies inputs with one classifier."""

    def __init__(self, classifier: ClauseClassifier, model: str | Path | None = None) -> None:
        self.classifier = classifier
        self.model = model  # where the classifier came from, for worker processes that load their own

    @classmethod
    def load(cls, model: str | Path | None = None) -> Tagger:
        """A tagger with the model in ``model`` (default: the shipped model); raises ModelError."""
        return cls(load_classifier(model), model)

    def tag_document(self, document: Document, content_hash: str) -> list[TaggedClause]:
        """The tagged clauses of one document."""
        return self._tag([(document, split_clauses(document), content_hash)])[0]

    def tag_batch(self, inputs: Sequence[Input], encode: Encoder | None = None) -> list[FileResult]:
        """Tag ``inputs`` with one model call; a file that fails gets its ``error`` and no clauses."""
        results = [FileResult(item.source) for item in inputs]
        pending: list[tuple[FileResult, Document, list[Clause], str]] = []
        for item, result in zip(inputs, results, strict=True):
            if item.error:
                result.error = f"{item.source}: {item.error}"
                continue
            try:
                data = item.data if item.data is not None else _read(item.source)
                result.source_hash = source_hash(data)
                if result.source_hash == item.known_hash:
                    result.reused = True
                    continue
                document = read_bytes(data, item.source, _sniff(data) if item.source == STDIN else None)
                clauses = split_clauses(document)
            except ReadError as error:
                result.error = str(error)
                continue
            except Exception as error:  # a reader bug must not stop a run of thousands of files
                reason = " ".join(str(error).split())
                result.error = f"{item.source}: unexpected error ({type(error).__name__}: {reason})"
                continue
            result.document = document_name(document)
            pending.append((result, document, clauses, result.source_hash))
        for (result, _, clauses, _), tagged in zip(pending, self._tag_isolated(pending), strict=True):
            if isinstance(tagged, Exception):
                reason = " ".join(str(tagged).split())
                result.error = f"{result.source}: the model failed on this file ({type(tagged).__name__}: {reason})"
                continue
            result.clauses = len(clauses)
            result.payload = encode(tagged) if encode else tagged
        return results

    def _tag_isolated(self, pending: list) -> list[list[TaggedClause] | Exception]:
        """Tag all files at once; if the model fails, file by file so only the culprit fails."""
        try:
            return self._tag([(d, c, h) for _, d, c, h in pending])
        except Exception:
            out: list[list[TaggedClause] | Exception] = []
            for _, document, clauses, content_hash in pending:
                try:
                    out.append(self._tag([(document, clauses, content_hash)])[0])
                except Exception as error:
                    out.append(error)
            return out

    def _tag(self, items: Sequence[tuple[Document, list[Clause], str]]) -> list[list[TaggedClause]]:
        texts = [c.text for _, clauses, _ in items for c in clauses]
        sections = [c.section for _, clauses, _ in items for c in clauses]
        predictions = iter(self.classifier.predict(texts, sections))
        out = []
        for document, clauses, content_hash in items:
            name = document_name(document)
            tagged = []
            for clause, prediction in zip(clauses, islice(predictions, len(clauses)), strict=True):
                tagged.append(
                    TaggedClause(
                        document=name,
                        source=document.source,
                        index=clause.index,
                        section=prediction.section,
                        number=clause.number if prediction.section == OPERATIVE else None,
                        lead=clause.lead,
                        family=prediction.family,
                        intents=prediction.intents,
                        text=clause.text,
                        scores=prediction.scores,
                        source_hash=content_hash,
                    )
                )
            out.append(tagged)
        return out


# ---------------------------------------------------------------------------- running

_WORKER: Tagger | None = None


def _start_worker(model: str | Path | None) -> None:
    """Worker set-up: Ctrl-C is the parent's business; the model is loaded once (inherited on fork)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _WORKER is None:
        _WORKER = Tagger.load(model)


def _work(batch: Sequence[Input], encode: Encoder | None) -> list[FileResult]:
    assert _WORKER is not None
    return _WORKER.tag_batch(batch, encode)


def batch_size(n_inputs: int, jobs: int) -> int:
    """Files per batch: enough batches to keep ``jobs`` processes busy, at most ``MAX_BATCH``."""
    return max(1, min(MAX_BATCH, -(-n_inputs // (4 * max(1, jobs)))))


def split_batches(inputs: Sequence[Input], jobs: int) -> list[Sequence[Input]]:
    """``inputs`` in consecutive batches of ``batch_size`` files, in order.

    With several jobs the last ``jobs`` batches' worth of files come in quarter batches, so that
    the workers finish together rather than all but one waiting for a long last batch.
    """
    size = batch_size(len(inputs), jobs)
    end = len(inputs) if jobs <= 1 else max(0, len(inputs) - jobs * size)
    small = max(1, size // 4)
    return [inputs[i : min(i + size, end)] for i in range(0, end, size)] + [
        inputs[i : i + small] for i in range(end, len(inputs), small)
    ]


class TaggingRun:
    """Tag ``inputs`` and yield a ``FileResult`` per input, in input order.

    With ``jobs`` > 1 the batches go to a pool of worker processes (started on entering the
    ``with`` block, before the caller starts any thread); at most a few batches per worker are in
    flight, so memory stays bounded however many inputs there are. ``encode`` runs in the workers
    on each file's clauses (to send compact payloads back); leaving the block stops the workers.
    """

    def __init__(self, inputs: Sequence[Input], tagger: Tagger, jobs: int = 1, encode: Encoder | None = None) -> None:
        self.batches = split_batches(inputs, jobs)
        self.tagger = tagger
        self.jobs = min(jobs, len(self.batches))
        self.encode = encode
        self.pool = None

    def __enter__(self) -> Iterator[FileResult]:
        if self.jobs > 1:
            self.pool = self._start_pool()
            return self._parallel()
        return (result for batch in self.batches for result in self.tagger.tag_batch(batch, self.encode))

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def _start_pool(self):
        global _WORKER
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        _WORKER = self.tagger  # a forked worker inherits the loaded model
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        gc.freeze()  # the workers' collections then leave the inherited objects (and their pages) alone
        try:
            return context.Pool(self.jobs, initializer=_start_worker, initargs=(self.tagger.model,))
        finally:
            gc.unfreeze()
            if main:
                signal.signal(signal.SIGINT, previous)

    def _parallel(self) -> Iterator[FileResult]:
        batches = iter(self.batches)
        window = deque(self.pool.apply_async(_work, (b, self.encode)) for b in islice(batches, 3 * self.jobs))
        while window:
            results = window.popleft().get()
            following = next(batches, None)
            if following is not None:
                window.append(self.pool.apply_async(_work, (following, self.encode)))
            yield from results
