"""Clause features shared by training and inference: words of the whole clause and its opening.

The family must survive misspelt, lower-case or wrong-form leads, so besides the word unigrams and
bigrams of the whole clause the featurizer adds the opening words by position, character n-grams
of the first two words, the first word's suffix and the closing punctuation. Features map to
columns through a vocabulary learned at training time (words, then word pairs by word id, then
the other features), are weighted by binary TF-IDF and L2-normalised.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from resolute.model.labels import MODIFIERS
from resolute.model.static_embeddings import StaticEmbeddings

_TOKEN = re.compile(r"[a-z][a-z'’\-]*|\d+")
_DIGITS = re.compile(r"\d+")
_CLOSERS = " \t\n”\"’')]"
_PAIR = 1 << 21  # word ids stay below this, so a pair of ids packs into one int
_HEAD_CACHE = 50_000  # opening word pairs whose feature columns are remembered


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, every digit run replaced by ``0``."""
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


def head_features(first: str, second: str | None) -> list[str]:
    """Features of the first two words: positions, the first word's suffixes, character n-grams."""
    features = [f"p0:{first}", f"s2:{first[-2:]}", f"s3:{first[-3:]}"]
    if second is not None:
        features.append(f"p1:{second}")
    head = f" {first} {second} " if second is not None else f" {first} "
    for n in (3, 4, 5):
        features += [f"c:{head[i : i + n]}" for i in range(len(head) - n + 1)]
    return features


def tail_features(text: str, tokens: Sequence[str]) -> list[str]:
    """Features of the third word, the closing punctuation and a lower-case start."""
    features = [f"p2:{tokens[2]}"] if len(tokens) > 2 else []
    features.append(f"end:{text.rstrip(_CLOSERS)[-1:]}")
    if text[:1].islower():
        features.append("lowerstart")
    return features


def opening_features(text: str, tokens: Sequence[str]) -> list[str]:
    """Features of the clause's opening and closing: positions, suffixes, character n-grams, punctuation."""
    head = head_features(tokens[0], tokens[1] if len(tokens) > 1 else None) if tokens else []
    return head + tail_features(text, tokens)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Column names: words, word pairs (rows of two word ids) and other features, in this order."""

    words: tuple[str, ...]
    pairs: np.ndarray  # shape (n, 2), int32 word ids
    others: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.words) + len(self.pairs) + len(self.others)

    def strings(self) -> dict[str, list[str]]:
        """The words and other features, JSON-ready (the pairs are stored as an array)."""
        return {"words": list(self.words), "others": list(self.others)}


def lead_word(tokens: Sequence[str]) -> str | None:
    """The first word that is not a sequence or strength word ("Also further recalls" -> "recalls")."""
    return next((t for t in tokens[:4] if t not in MODIFIERS), None)


class ClauseVectorizer:
    """Maps clause texts to binary TF-IDF rows over a fixed vocabulary.

    With ``embeddings``, the static vector of the lead word (scaled by ``embedding_weight``) fills
    extra dense columns after the vocabulary's, so that unseen synonyms of standard leads count.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        idf: np.ndarray,
        embeddings: StaticEmbeddings | None = None,
        embedding_weight: float = 0.0,
    ) -> None:
        if len(vocabulary.words) >= _PAIR:
            raise ValueError("vocabulary too large")
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float32)
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self._word = dict(zip(vocabulary.words, range(len(vocabulary.words)), strict=True))
        start = len(vocabulary.words)
        pairs = np.asarray(vocabulary.pairs, dtype=np.int64).reshape(-1, 2)
        keys = (pairs[:, 0] * _PAIR + pairs[:, 1]).tolist()
        self._pair = dict(zip(keys, range(start, start + len(keys)), strict=True))
        start += len(keys)
        self._other = dict(zip(vocabulary.others, range(start, start + len(vocabulary.others)), strict=True))
        self._heads: dict[tuple[str, str | None], list[int]] = {}

    @property
    def n_features(self) -> int:
        """The number of columns."""
        return len(self.idf) + (self.embeddings.dims if self.embeddings else 0)

    def columns(self, text: str) -> set[int]:
        """The columns of the features present in ``text``."""
        tokens = tokenize(text)
        ids = [self._word.get(t, -1) for t in tokens]
        found = {i for i in ids if i >= 0}
        pairs = [a * _PAIR + b for a, b in itertools.pairwise(ids) if a >= 0 and b >= 0]
        found.update(map(self._pair.get, pairs))
        if tokens:
            found.update(self._head_columns(tokens[0], tokens[1] if len(tokens) > 1 else None))
        found.update(map(self._other.get, tail_features(text, tokens)))
        found.discard(None)
        return found

    def _head_columns(self, first: str, second: str | None) -> list[int]:
        """The columns of ``head_features``, remembered: clauses open with few distinct word pairs."""
        key = (first, second)
        cached = self._heads.get(key)
        if cached is None:
            if len(self._heads) >= _HEAD_CACHE:
                self._heads.clear()
            cached = [c for c in map(self._other.get, head_features(first, second)) if c is not None]
            self._heads[key] = cached
        return cached

    def transform(self, texts: Sequence[str]):
        """A ``scipy.sparse.csr_matrix`` of shape (len(texts), n_features): binary TF-IDF, L2-normalised."""
        from scipy.sparse import csr_matrix

        columns: list[int] = []
        indptr = [0]
        for text in texts:
            columns.extend(self.columns(text))
            indptr.append(len(columns))
        cols = np.asarray(columns, dtype=np.int32)
        values = self.idf[cols]
        counts = np.diff(indptr)
        rows = np.repeat(np.arange(len(texts)), counts)
        norms = np.sqrt(np.bincount(rows, weights=values.astype(np.float64) ** 2, minlength=len(texts)))
        norms[norms == 0] = 1.0
        values = (values / norms[rows]).astype(np.float32)
        shape = (len(texts), len(self.idf))
        matrix = csr_matrix((values, cols, np.asarray(indptr, dtype=np.int64)), shape=shape)
        if self.embeddings is None:
            return matrix
        from scipy.sparse import hstack

        return hstack([matrix, csr_matrix(self.lead_vectors(texts))], format="csr")

    def lead_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """The scaled static vector of each clause's lead word (zeros when it has none)."""
        assert self.embeddings is not None
        dense = np.zeros((len(texts), self.embeddings.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            word = lead_word(tokenize(text[:80]))
            vector = self.embeddings.word_vector(word) if word else None
            if vector is not None:
                dense[row] = vector * self.embedding_weight
        return dense


def fit_vocabulary(texts: Iterable[str], min_df: int = 2) -> tuple[Vocabulary, np.ndarray]:
    """Learn the vocabulary (features seen in at least ``min_df`` clauses) and the smoothed IDF."""
    word_df: dict[str, int] = {}
    pair_df: dict[tuple[str, str], int] = {}
    other_df: dict[str, int] = {}
    n_docs = 0
    for text in texts:
        n_docs += 1
        tokens = tokenize(text)
        for t in set(tokens):
            word_df[t] = word_df.get(t, 0) + 1
        for p in set(itertools.pairwise(tokens)):
            pair_df[p] = pair_df.get(p, 0) + 1
        for f in set(opening_features(text, tokens)):
            other_df[f] = other_df.get(f, 0) + 1
    words = tuple(sorted(w for w, c in word_df.items() if c >= min_df))
    word_id = {w: i for i, w in enumerate(words)}
    kept_pairs = sorted(p for p, c in pair_df.items() if c >= min_df and p[0] in word_id and p[1] in word_id)
    others = tuple(sorted(f for f, c in other_df.items() if c >= min_df))
    df = [word_df[w] for w in words] + [pair_df[p] for p in kept_pairs] + [other_df[f] for f in others]
    idf = np.log((1 + n_docs) / (1 + np.asarray(df, dtype=np.float64))) + 1.0
    pairs = np.array([(word_id[a], word_id[b]) for a, b in kept_pairs], dtype=np.int32).reshape(-1, 2)
    vocabulary = Vocabulary(words, pairs, others)
    return vocabulary, idf.astype(np.float32)
