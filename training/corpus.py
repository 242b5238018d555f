"""Build the clause corpus: the raw corpus's AKN resolutions -> a ``datasets.DatasetDict``, one row per clause.

Documents are split by session or year (``split_of``), never by clause: the acceptance set is later
sessions (GA 80, SC 2025-26, HRC 59-60), so test and validation are the latest sessions here.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from resolute.model.readers import read_bytes
from resolute.model.records import Document, ReadError
from resolute.training.corpus_sources import (
    ENV_VAR,
    DocMeta,
    Metadata,
    default_raw_root,
    ga_part_of,
    iter_raw_files,
    load_metadata,
    normalise_symbol,
    repo_root,
)
from resolute.training.silver import OTHER, SilverFamilies

if TYPE_CHECKING:
    from datasets import DatasetDict, Features

SPLITS = ("train", "validation", "test")
BODIES = ("GA", "SC", "HRC")
TEST_SESSIONS = {"GA": 79, "SC": 2024, "HRC": 58}
VALIDATION_SESSIONS = {"GA": 78, "SC": 2023, "HRC": 57}
GA_SESSION_OPENS = (9, 10)  # (month, day): a regular GA session opens about the second Tuesday of September

_GA = re.compile(r"^A/RES/((?:ES-|S-)?)(\d+)/\d+")
_SC_RES = re.compile(r"^S/RES/\d+ \((\d{4})\)$")
_SC_DRAFT = re.compile(r"^S/(\d{4})/\d+")
_HRC = re.compile(r"^A/HRC/RES/(\d+)/\d+")


def split_of(body: str, session_or_year: int | str) -> str:
    """The split of a document by its body's regular session (GA, HRC) or year (SC).

    test: GA session 79, SC 2024, HRC session 58, and any later one (never train on the newest);
    validation: GA 78, SC 2023, HRC 57; train: everything earlier.
    """
    if body not in TEST_SESSIONS:
        raise ValueError(f"unknown body {body!r} (expected one of {', '.join(BODIES)})")
    value = int(session_or_year)
    if value >= TEST_SESSIONS[body]:
        return "test"
    if value == VALIDATION_SESSIONS[body]:
        return "validation"
    return "train"


def ga_session_of_date(iso_date: str) -> int:
    """The regular GA session open on a date: session N opens in September of 1945 + N (taken as 10 September).

    Used for emergency special sessions (ES-10, ES-11), whose resolutions span several regular sessions.
    """
    year, month, day = (int(p) for p in iso_date[:10].split("-"))
    return year - 1945 if (month, day) >= GA_SESSION_OPENS else year - 1946


@dataclass(frozen=True)
class DocInfo:
    """What the corpus knows of one document besides its paragraphs."""

    source: str  # path relative to the raw root
    symbol: str
    body: str
    session: str  # GA/HRC session as written in the symbol ("79", "ES-11"), SC year ("2024")
    year: int | None  # year of adoption (SC: the year in the symbol)
    date: str | None
    split: str
    adopted: bool
    content_hash: str
    meta: DocMeta | None = None


@dataclass
class BuildReport:
    """Counts of one corpus build, for the CLI to render (the library never prints)."""

    raw: Path
    out: Path | None = None
    documents: Counter[tuple[str, str]] = field(default_factory=Counter)  # (body, split) -> documents
    clauses: Counter[tuple[str, str]] = field(default_factory=Counter)  # (body, split) -> clauses
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (dropped source, kept source)
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    failures: list[ReadError] = field(default_factory=list)
    with_metadata: int = 0
    matched: int = 0  # clauses whose silver family was found
    unmatched: Counter[str] = field(default_factory=Counter)  # lead (or "~ first words") -> clauses
    seconds: float = 0.0

    @property
    def total_clauses(self) -> int:
        """Clauses of all bodies and splits."""
        return sum(self.clauses.values())

    @property
    def coverage(self) -> float:
        """Share of clauses with a silver family found (not ``other``)."""
        return self.matched / self.total_clauses if self.total_clauses else 0.0


def content_hash(document: Document) -> str:
    """A hash of the clauses (section, number, text): equal for two copies of one resolution."""
    digest = hashlib.sha1(usedforsecurity=False)
    for para in document.paragraphs:
        digest.update(f"{para.section}|{para.number}|{para.text}\n".encode())
    return digest.hexdigest()


def resolution_symbol(document: Document, body: str, source: str, metadata: Metadata) -> tuple[str, DocMeta | None]:
    """The document's symbol in UN form, with the GA part its file name gives, and its metadata record."""
    symbol = normalise_symbol(document.symbol or "")
    if body == "GA" and " " not in symbol and (part := ga_part_of(source)):
        symbol = f"{symbol} {part}"  # parts A/B share the FRBR URI; the file name tells them apart
    meta = metadata.find(symbol)
    return (meta.symbol if meta else symbol), meta


def session_of(symbol: str, date: str | None) -> tuple[str, int | None, int] | None:
    """(session as written, year, session or year that decides the split) of a symbol; None if not a resolution's.

    Emergency and special GA sessions ("ES-11") are split by the regular session open on their date.
    """
    year = int(date[:4]) if date else None
    if match := _GA.match(symbol):
        prefix, number = match.groups()
        if prefix and not date:
            return None
        return prefix + number, year, ga_session_of_date(date) if prefix else int(number)
    if match := _SC_RES.match(symbol) or _SC_DRAFT.match(symbol):
        return match.group(1), int(match.group(1)), int(match.group(1))
    if match := _HRC.match(symbol):
        return match.group(1), year, int(match.group(1))
    return None


def iter_corpus_documents(
    raw: Path | None = None, report: BuildReport | None = None
) -> Iterator[tuple[Document, DocInfo]]:
    """The corpus's resolutions, read and deduplicated, with their metadata and split.

    Files that cannot be read, presidential statements and duplicates (same symbol and clauses as an
    earlier file in source order) are skipped and recorded in ``report`` when one is given.
    """
    raw = Path(raw) if raw is not None else default_raw_root()
    report = report if report is not None else BuildReport(raw=raw)
    metadata = load_metadata(raw)
    seen: dict[tuple[str, str], str] = {}
    for raw_file in iter_raw_files(raw):
        source = raw_file.source
        try:
            document = read_bytes(raw_file.read(), source, kind="akn")
        except ReadError as error:
            report.failures.append(error)
            continue
        except OSError as error:
            report.failures.append(ReadError(source, error.strerror or str(error)))
            continue
        if (document.symbol or "").startswith("S/PRST/"):
            report.excluded.append((source, f"presidential statement {document.symbol}"))
            continue
        body = document.body or raw_file.body
        symbol, meta = resolution_symbol(document, body, source, metadata)
        document.date = document.date or (meta.date if meta else None)
        described = session_of(symbol, document.date)
        if described is None:
            report.failures.append(ReadError(source, f"no resolution symbol with a session or year ({symbol})"))
            continue
        session, year, split_session = described
        key = (symbol, content_hash(document))
        if key in seen:
            report.duplicates.append((source, seen[key]))
            continue
        seen[key] = source
        document.symbol, document.body = symbol, body
        info = DocInfo(
            source=source,
            symbol=symbol,
            body=body,
            session=session,
            year=year,
            date=document.date,
            split=split_of(body, split_session),
            adopted=raw_file.adopted,
            content_hash=key[1],
            meta=meta,
        )
        report.with_metadata += meta is not None
        yield document, info


COLUMNS = (
    "symbol body session year date index section number lead text family subparagraphs source adopted "
    "title adoption_type votes_for votes_against votes_abstaining agenda subjects"
).split()


def clause_rows(document: Document, info: DocInfo, silver: SilverFamilies) -> Iterator[dict[str, object]]:
    """One row per clause (paragraph of the AKN markup), with the document's columns repeated."""
    meta = info.meta or DocMeta(symbol=info.symbol)
    for index, para in enumerate(document.paragraphs):
        yield {
            "symbol": info.symbol,
            "body": info.body,
            "session": info.session,
            "year": info.year,
            "date": info.date,
            "index": index,
            "section": para.section,
            "number": para.number,
            "lead": para.lead,
            "text": para.text,
            "family": silver(para.lead, para.text),
            "subparagraphs": list(para.subparagraphs),
            "source": info.source,
            "adopted": info.adopted,
            "title": meta.title or document.title,
            "adoption_type": meta.adoption_type,
            "votes_for": meta.votes_for,
            "votes_against": meta.votes_against,
            "votes_abstaining": meta.votes_abstaining,
            "agenda": meta.agenda,
            "subjects": list(meta.subjects),
        }


def corpus_features() -> Features:
    """The column types of the corpus."""
    _offline()
    from datasets import Features, Value

    text = Value("string")
    number = Value("int32")
    types = {"year": number, "index": number, "adopted": Value("bool"), "subparagraphs": [text], "subjects": [text]}
    types |= {name: number for name in ("votes_for", "votes_against", "votes_abstaining")}
    return Features({name: types.get(name, text) for name in COLUMNS})


def default_corpus_dir() -> Path:
    """``corpus/`` in the repository root (git-ignored)."""
    return repo_root() / "corpus"


def build_corpus(raw: Path | None = None, out: Path | None = None) -> BuildReport:
    """Read the raw corpus and write the clause DatasetDict (train / validation / test) to ``out``.

    Bad files are skipped and listed in the report; the rest is written. The folder is replaced
    atomically (written to a temporary folder beside it, then renamed).
    """
    started = time.perf_counter()
    raw = Path(raw) if raw is not None else default_raw_root()
    out = Path(out) if out is not None else default_corpus_dir()
    if not raw.is_dir():
        raise FileNotFoundError(f"{raw}: the raw corpus folder does not exist (set --raw or ${ENV_VAR})")
    _check_replaceable(out)
    report = BuildReport(raw=raw, out=out)
    silver = SilverFamilies()
    columns: dict[str, dict[str, list]] = {split: {name: [] for name in COLUMNS} for split in SPLITS}
    for document, info in iter_corpus_documents(raw, report):
        report.documents[info.body, info.split] += 1
        target = columns[info.split]
        for row in clause_rows(document, info, silver):
            for name in COLUMNS:
                target[name].append(row[name])
            report.clauses[info.body, info.split] += 1
            if row["family"] == OTHER:
                report.unmatched[row["lead"] or "~ " + " ".join(row["text"].split()[:3])] += 1
            else:
                report.matched += 1
    _write(columns, out)
    report.seconds = time.perf_counter() - started
    return report


def _check_replaceable(out: Path) -> None:
    is_corpus = (out / "dataset_dict.json").is_file()
    if out.exists() and not is_corpus and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out}: exists and is not a corpus folder; not replacing it")


def _offline() -> None:
    """Keep ``datasets`` and the hub off the network (set before ``datasets`` is first imported)."""
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _write(columns: dict[str, dict[str, list]], out: Path) -> None:
    _offline()
    import datasets

    features = corpus_features()
    corpus = datasets.DatasetDict(
        {split: datasets.Dataset.from_dict(columns[split], features=features) for split in SPLITS}
    )
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        corpus.save_to_disk(str(temporary))
        _replace(temporary, out)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        if bars:
            datasets.enable_progress_bars()


def _replace(new: Path, out: Path) -> None:
    """Move ``new`` to ``out``, replacing an existing ``out`` only once ``new`` is in place."""
    if not out.exists():
        new.rename(out)
        return
    old = new.with_name(new.name + ".old")
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old)


def load_corpus(path: Path | None = None) -> DatasetDict:
    """The corpus written by ``build_corpus`` (never touches the network)."""
    _offline()
    from datasets import load_from_disk

    return load_from_disk(str(path or default_corpus_dir()))
