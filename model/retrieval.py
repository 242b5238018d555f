"""The precedent index: corpus paragraphs as symbols, positions and bit codes, never as text.

Each paragraph of the corpus is a binary TF-IDF vector over hashed word unigrams and bigrams,
projected on ``bits`` random hyperplanes (SimHash); the index keeps the sign bits only. A query is
projected the same way and scored against the codes without binarising it (asymmetric scoring),
which ranks much like the cosine of the full vectors. Paragraph texts are read from the raw corpus
at run time (``CorpusTexts``) when it is present.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from resolute.model.features import tokenize
from resolute.model.records import OPERATIVE, PREAMBULAR

INDEX_FILE = "precedents.npz"
BUCKETS = 1 << 18  # hashed feature columns
IDF_SCALE = 16.0  # the IDF table is stored as uint8, idf * IDF_SCALE
SECTIONS = (PREAMBULAR, OPERATIVE)
CORPUS_ENV = "RESOLUTE_CORPUS"
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def feature_buckets(text: str) -> np.ndarray:
    """The hashed columns of the word unigrams and bigrams of ``text`` (unique, sorted)."""
    tokens = tokenize(text)
    grams = set(tokens)
    grams.update(f"{a} {b}" for a, b in pairwise(tokens))
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.int64, count=len(grams)) % BUCKETS)


def text_check(text: str) -> int:
    """A 32-bit checksum of a paragraph's text, to tell whether the corpus still holds the indexed text."""
    return zlib.crc32(" ".join(text.split()).encode())


def hyperplanes(buckets: np.ndarray, bits: int, seed: int) -> np.ndarray:
    """The ``+1``/``-1`` entries of the random hyperplanes for ``buckets``: shape (len(buckets), bits).

    Each run of 64 entries is the bits of a SplitMix64 hash of (seed, bucket, run), so no table is stored.
    """
    words = -(-bits // 64)
    keys = np.asarray(buckets, dtype=np.uint64)[:, None] * np.uint64(words) + np.arange(words, dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = keys + (np.uint64(seed) << np.uint64(40)) + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    signs = np.unpackbits(x.astype("<u8").view(np.uint8), axis=1)[:, :bits]
    return signs.astype(np.float32) * 2 - 1


def project(bucket_lists: Sequence[np.ndarray], idf: np.ndarray, bits: int, seed: int) -> np.ndarray:
    """Project binary TF-IDF vectors (L2-normalised) on the hyperplanes: shape (len(bucket_lists), bits)."""
    if not bucket_lists:
        return np.zeros((0, bits), dtype=np.float32)
    lengths = np.fromiter((len(b) for b in bucket_lists), dtype=np.int64, count=len(bucket_lists))
    columns = np.concatenate([np.asarray(b, dtype=np.int64) for b in bucket_lists])
    used, inverse = np.unique(columns, return_inverse=True)
    planes = hyperplanes(used, bits, seed)
    weights = idf[columns].astype(np.float32)
    rows = np.repeat(np.arange(len(bucket_lists)), lengths)
    norms = np.sqrt(np.bincount(rows, weights=weights.astype(np.float64) ** 2, minlength=len(bucket_lists)))
    norms[norms == 0] = 1.0
    weights = weights / norms[rows].astype(np.float32)
    if len(bucket_lists) == 1:
        return (weights @ planes[inverse])[None, :]
    from scipy.sparse import csr_matrix

    offsets = np.concatenate([[0], np.cumsum(lengths)])
    matrix = csr_matrix((weights, inverse, offsets), shape=(len(bucket_lists), len(used)))
    return np.asarray(matrix @ planes, dtype=np.float32)


@dataclass(frozen=True)
class Hit:
    """One indexed paragraph found for a query, with its score (about the cosine of the two texts)."""

    row: int
    score: float


@dataclass
class PrecedentIndex:
    """Corpus paragraphs by document symbol, source file and position, with their bit codes.

    Per document: ``symbols`` and ``sources`` (path relative to the raw corpus root). Per row:
    ``document``, ``index`` (clause index), ``number`` (operative number, -1 when none), ``section``
    (0 preambular, 1 operative), ``family`` (index into ``families``), ``copies`` (paragraphs of
    the corpus with the same words, folded into this row), ``check`` (``text_check``) and ``codes``.
    """

    symbols: np.ndarray
    sources: np.ndarray
    families: np.ndarray
    document: np.ndarray
    index: np.ndarray
    number: np.ndarray
    section: np.ndarray
    family: np.ndarray
    copies: np.ndarray
    check: np.ndarray
    codes: np.ndarray
    idf: np.ndarray  # uint8, idf * IDF_SCALE per bucket
    seed: int = 0

    @property
    def bits(self) -> int:
        """The length of the codes in bits."""
        return int(self.codes.shape[1]) * 8

    def __len__(self) -> int:
        return len(self.document)

    def save(self, path: str | Path) -> None:
        """Write the index as one compressed ``.npz`` (no pickled objects)."""
        arrays = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "seed"}
        np.savez_compressed(path, seed=np.int64(self.seed), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> PrecedentIndex:
        """Read an index written by ``save``."""
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        seed = int(arrays.pop("seed"))
        return cls(**arrays, seed=seed)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The projections of ``texts`` (before binarising)."""
        idf = self.idf.astype(np.float32) / IDF_SCALE
        return project([feature_buckets(t) for t in texts], idf, self.bits, self.seed)

    def search(self, text: str, k: int = 5, section: str | None = None) -> list[Hit]:
        """The ``k`` rows nearest to ``text``, best first; only rows of ``section`` when given."""
        query = self.embed([text])[0]
        norm = float(np.linalg.norm(query))
        if k <= 0 or norm == 0.0:
            return []
        # score = query . (2 * bits - 1), summed one code byte at a time through a 256-entry table
        signs = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(np.float32) * 2 - 1
        table = signs @ query.reshape(-1, 8).T  # (256 byte values, code bytes)
        scores = np.zeros(len(self), dtype=np.float32)
        for byte in range(self.codes.shape[1]):
            scores += table[self.codes[:, byte], byte]
        if section is not None:
            scores[self.section != SECTIONS.index(section)] = -np.inf
        k = min(k, int(np.isfinite(scores).sum()))
        best = np.argpartition(-scores, k - 1)[:k] if k else np.array([], dtype=np.int64)
        best = best[np.argsort(-scores[best], kind="stable")]
        scale = np.sqrt(np.pi / 2) / self.bits  # E[(u . h) sign(x . h)] = sqrt(2/pi) cos(u, x) for unit u, x
        return [Hit(int(r), float(scores[r] * scale)) for r in best]


def build_index(
    texts: Iterable[str],
    rows: Sequence[tuple[str, str, int, str | None, str, str]],
    families: Sequence[str],
    bits: int = 512,
    seed: int = 0,
) -> PrecedentIndex:
    """An index of paragraphs: ``texts`` with, for each, (symbol, source, index, number, section, family).

    Paragraphs with the same words (numbers aside) are folded into the latest of them (the last
    given), which counts the copies.
    """
    if bits % 8:
        raise ValueError("bits must be a multiple of 8")
    texts = list(texts)
    if len(texts) != len(rows):
        raise ValueError("one row of metadata per text")
    keep: dict[tuple[str, str], int] = {}
    copies: dict[int, int] = {}
    for i, (text, row) in enumerate(zip(texts, rows, strict=True)):
        key = (row[4], " ".join(tokenize(text)))
        previous = keep.get(key)
        keep[key] = i
        copies[i] = copies.pop(previous, 0) + 1 if previous is not None else 1
    kept = sorted(keep.values())
    buckets = [feature_buckets(texts[i]) for i in kept]
    df = np.bincount(np.concatenate(buckets) if buckets else np.zeros(0, dtype=np.int64), minlength=BUCKETS)
    idf = np.log((1 + len(kept)) / (1 + df)) + 1.0
    idf_q = np.clip(np.round(idf * IDF_SCALE), 0, 255).astype(np.uint8)
    idf = idf_q.astype(np.float32) / IDF_SCALE
    projections = np.zeros((len(kept), bits), dtype=np.float32)
    for start in range(0, len(kept), 2048):  # bounded memory: hyperplanes of one chunk's columns at a time
        projections[start : start + 2048] = project(buckets[start : start + 2048], idf, bits, seed)
    documents: dict[tuple[str, str], int] = {}
    for i in kept:
        documents.setdefault((rows[i][0], rows[i][1]), len(documents))
    family_id = {f: j for j, f in enumerate(families)}
    return PrecedentIndex(
        symbols=np.array([s for s, _ in documents], dtype=str),
        sources=np.array([s for _, s in documents], dtype=str),
        families=np.array(list(families), dtype=str),
        document=np.array([documents[rows[i][0], rows[i][1]] for i in kept], dtype=np.int32),
        index=np.array([rows[i][2] for i in kept], dtype=np.int16),
        number=np.array([_number(rows[i][3]) for i in kept], dtype=np.int16),
        section=np.array([SECTIONS.index(rows[i][4]) for i in kept], dtype=np.int8),
        family=np.array([family_id.get(rows[i][5], len(families) - 1) for i in kept], dtype=np.int8),
        copies=np.array([min(copies[i], 65535) for i in kept], dtype=np.uint16),
        check=np.array([text_check(texts[i]) for i in kept], dtype=np.uint32),
        codes=np.packbits(projections > 0, axis=1) if kept else np.zeros((0, bits // 8), dtype=np.uint8),
        idf=idf_q,
        seed=seed,
    )


def _number(number: str | None) -> int:
    try:
        return int(str(number).strip(" ."))
    except ValueError:
        return -1


def default_corpus_root() -> Path | None:
    """``$RESOLUTE_CORPUS``, else ``../shared/corpus/raw`` beside the repository when it exists."""
    value = os.environ.get(CORPUS_ENV)
    if value:
        return Path(value)
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return folder.parent / "shared" / "corpus" / "raw"
    return None


class CorpusTexts:
    """Paragraph texts read from the raw corpus by source path and clause index (AKN files, or zip members)."""

    def __init__(self, root: str | Path | None) -> None:
        self.root = Path(root) if root is not None else None

    @property
    def available(self) -> bool:
        """Whether the corpus folder exists."""
        return self.root is not None and self.root.is_dir()

    def text(self, source: str, index: int, check: int | None = None) -> str | None:
        """The text of paragraph ``index`` of ``source``; None when missing, unreadable or changed."""
        if not self.available:
            return None
        paragraphs = self._paragraphs(source)
        if paragraphs is None or not 0 <= index < len(paragraphs):
            return None
        text = paragraphs[index]
        return text if check is None or text_check(text) == check else None

    @lru_cache(maxsize=64)  # noqa: B019 - one reader per command; the cache dies with it
    def _paragraphs(self, source: str) -> tuple[str, ...] | None:
        from resolute.model.readers import read_bytes
        from resolute.model.records import ReadError

        assert self.root is not None
        path, _, member = source.partition("!")
        try:
            if member:
                with zipfile.ZipFile(self.root / path) as archive:
                    data = archive.read(member)
            else:
                data = (self.root / path).read_bytes()
            document = read_bytes(data, source, kind="akn")
        except (OSError, KeyError, zipfile.BadZipFile, ReadError):
            return None
        return tuple(p.text for p in document.paragraphs)
