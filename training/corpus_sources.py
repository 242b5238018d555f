"""The raw corpus on disk: which files it holds, their metadata, and the forms of their symbols.

The raw corpus is ``../shared/corpus/raw`` beside the repository (or ``$RESOLUTE_CORPUS``), laid out as
SOURCES.md describes: one folder per source repository, AKN files compressed one by one, and
``data_extract/*.json(.gz)`` metadata in JSON Lines. Nothing here parses AKN; see ``resolute.model.readers``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ENV_VAR = "RESOLUTE_CORPUS"

# (glob under the raw root, body, adopted). Presidential statements (SC/PRST/...) are not listed.
_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("UNxml__GAresolutions/*session/English/*.xml*", "GA", True),
    ("UNxml__GAresolutions/*session/*.zip", "GA", True),
    ("UNxml__GAresolutions/Emergency sessions/*/English/*.xml*", "GA", True),
    ("UNxml__SCresolutions/Pre-2020/*/*.xml*", "SC", True),
    ("UNxml__SCresolutions/[0-9][0-9][0-9][0-9]/English/*.xml*", "SC", True),
    ("UNxml__SCresolutions/Not adopted/English/*.xml*", "SC", False),
    ("UNxml__HRCresolutions/*session/English/*.xml*", "HRC", True),
)
_METADATA = ("UNxml__GAresolutions", "UNxml__SCresolutions", "UNxml__HRCresolutions")
_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_DATE_TEXT = re.compile(r"(\d{1,2})\s*([A-Za-z]+)\s+(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GA_PART = re.compile(r"^(?:A_RES_)?\d+_\d+[ _]?([A-D])(?:-?([A-D]))?(?:[-_ ]|E?$)")


def repo_root() -> Path:
    """The repository this package sits in (the folder with pyproject.toml), else the working folder."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    return Path.cwd()


def default_raw_root() -> Path:
    """``$RESOLUTE_CORPUS``, else ``../shared/corpus/raw`` relative to the repository root."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else repo_root().parent / "shared" / "corpus" / "raw"


@dataclass(frozen=True)
class RawFile:
    """One resolution file of the raw corpus (a file on disk, or a member of a zip archive)."""

    source: str  # path relative to the raw root; a zip member is "archive.zip!member"
    body: str  # "GA", "SC" or "HRC" by folder
    adopted: bool  # False for the Security Council's draft resolutions that were not adopted
    path: Path
    member: str | None = None

    def read(self) -> bytes:
        """The file's bytes, still gzip-compressed where the file is."""
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(self.member)


def iter_raw_files(raw: Path) -> Iterator[RawFile]:
    """The resolution files under ``raw`` in a stable order (sorted by source path).

    A zip archive that cannot be opened is yielded as itself, so that reading it reports the error.
    """
    found: list[RawFile] = []
    for pattern, body, adopted in _PATTERNS:
        for path in raw.glob(pattern):
            relative = path.relative_to(raw).as_posix()
            if path.suffix.lower() != ".zip":
                if path.is_file() and path.name.lower().endswith((".xml", ".xml.gz")):
                    found.append(RawFile(relative, body, adopted, path))
                continue
            try:
                with zipfile.ZipFile(path) as archive:
                    members = [n for n in archive.namelist() if n.lower().endswith(".xml")]
            except (OSError, zipfile.BadZipFile):
                found.append(RawFile(relative, body, adopted, path))
                continue
            found.extend(RawFile(f"{relative}!{m}", body, adopted, path, m) for m in members)
    yield from sorted(found, key=lambda f: f.source)


def normalise_symbol(symbol: str) -> str:
    """The UN form of a document symbol: ``s/res/2334(2016)`` -> ``S/RES/2334 (2016)``.

    Upper case, underscores read as slashes, white space folded, one space before an SC year and
    before a GA part letter (``A/RES/75/242B`` -> ``A/RES/75/242 B``), no trailing full stop.
    """
    text = " ".join(symbol.replace("\u00a0", " ").upper().replace("_", "/").split()).rstrip(".")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"^(S/RES/\d+)\s*\((\d{4})\)$", r"\1 (\2)", text)
    return re.sub(r"^(A/RES/(?:ES-|S-)?\d+/\d+)\s*([A-D](?:-[A-D])?)$", r"\1 \2", text)


def ga_part_of(source: str) -> str | None:
    """The part a GA file name gives: ``75_245B_E.xml`` -> "B", ``A_RES_78_254AC-2326242E.xml`` -> "A-C"."""
    name = source.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
    match = _GA_PART.match(name)
    if not match:
        return None
    first, last = match.groups()
    return f"{first}-{last}" if last else first


def parse_date(text: str | None) -> str | None:
    """An ISO date from the metadata's forms ("22 September 2024", "on10 January 2024", "2024-01-30 00:00:00")."""
    if not text:
        return None
    text = text.replace("\u00a0", " ")
    match = _DATE_ISO.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DATE_TEXT.search(text)
        if not match or match.group(2).lower() not in _MONTHS:
            return None
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class DocMeta:
    """The metadata of one resolution from ``data_extract``."""

    symbol: str
    title: str | None = None
    date: str | None = None
    adoption_type: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None
    agenda: str | None = None
    subjects: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, record: dict) -> DocMeta:
        """Pick and clean the fields of one GA, SC or HRC metadata record."""
        counts = [_count(record.get(f"MS_{k}_count")) for k in ("in_favour", "against", "abstaining")]
        if not any(counts):  # "0", "0", "0" for adoption without a vote
            counts = [None, None, None]
        subjects = tuple(s[0].strip() for s in record.get("subjects") or () if len(s) > 1 and s[1] == "UNBIS Thesaurus")
        return cls(
            symbol=normalise_symbol(record["symbol"]),
            title=_clean(record.get("title") or record.get("resolution_title")),
            date=parse_date(record.get("adoption_date")),
            adoption_type=_clean(record.get("adoption_type")),
            votes_for=counts[0],
            votes_against=counts[1],
            votes_abstaining=counts[2],
            agenda=_clean(record.get("agenda_item_name")),
            subjects=subjects,
        )


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _count(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def iter_metadata_records(path: Path) -> Iterator[dict]:
    """The records of one ``data_extract`` file: JSON Lines, some lines wrapped in stray quotes (HRC)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            line = line.strip().strip('"').strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("symbol"):
                yield record


class Metadata:
    """Metadata records by normalised symbol (the first record of a symbol wins)."""

    def __init__(self, records: Iterable[DocMeta]) -> None:
        self.by_symbol: dict[str, DocMeta] = {}
        for meta in records:
            self.by_symbol.setdefault(meta.symbol, meta)
        self._parts: dict[str, list[DocMeta]] = {}
        for symbol, meta in self.by_symbol.items():
            base, _, part = symbol.partition(" ")
            if symbol.startswith("A/RES/") and part:
                self._parts.setdefault(base, []).append(meta)

    def __len__(self) -> int:
        return len(self.by_symbol)

    def find(self, symbol: str) -> DocMeta | None:
        """The record of ``symbol``; for a GA symbol without a part that has no record, the one record of its parts.

        ``A/RES/77/128`` finds ``A/RES/77/128 A-B`` (a file holding both parts, named by the base symbol).
        """
        symbol = normalise_symbol(symbol)
        found = self.by_symbol.get(symbol)
        if found is None and " " not in symbol:
            parts = self._parts.get(symbol, [])
            found = parts[0] if len(parts) == 1 else None
        return found


def load_metadata(raw: Path) -> Metadata:
    """Metadata of every resolution under ``raw`` (``data_extract`` of GA, SC and HRC)."""
    return Metadata(
        DocMeta.from_record(record)
        for source in _METADATA
        for path in sorted((raw / source / "data_extract").glob("*.json*"))
        for record in iter_metadata_records(path)
    )
