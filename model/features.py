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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from resolute.model.labels import MODIFIERS
from resolute.model.lead_thesaurus import LEAD_WORDS, LeadThesaurus, lead_index, lead_phrase
from resolute.model.static_embeddings import StaticEmbeddings

_TOKEN = re.compile(r"[a-z][a-z'’\-]*|\d+")
_DIGITS = re.compile(r"\d+")
_SEPARATOR = "\x00"  # joins the clauses of a batch; no token pattern matches it
_BATCH_TOKEN = re.compile(_TOKEN.pattern + "|" + _SEPARATOR)  # the tokens and the separators
_CLOSERS = " \t\n”\"’')]"
_PAIR = 1 << 21  # word ids stay below this, so a pair of ids packs into one int
_DOT_ROWS = 32  # rows whose gathered weights are summed at a time (measured: 16-64 beat whole chunks)
_CACHE = 50_000  # opening word pairs (lead words, words with static vectors) whose features are remembered
_LEAD_SPAN = 4 + LEAD_WORDS  # the tokens that hold a lead phrase after its modifiers
CONTEXT_WORDS = 3  # words after the lead word whose vectors make the context columns
CONTEXT_STOPWORDS = frozenset("to of the in its their a an with on upon for at by that and as into from".split())


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, every digit run replaced by ``0``."""
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


@dataclass(frozen=True, eq=False)
class TokenBatch:
    """The tokens of many clauses in one list; clause ``i`` is ``tokens[starts[i]:ends[i]]``."""

    tokens: list[str]
    ids: np.ndarray  # word id of every token, -1 when unknown, -2 for the separators between clauses
    starts: np.ndarray
    ends: np.ndarray


def tokenize_batch(texts: Sequence[str], word_ids: dict[str, int] | None = None) -> TokenBatch:
    """``tokenize`` over many clauses at once (one regex pass), with the tokens' word ids."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # a text holds the separator itself
        joined = _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts)
    tokens = _BATCH_TOKEN.findall(joined.lower())
    lookup = word_ids if word_ids is not None else {_SEPARATOR: -2}
    ids = np.fromiter(map(lookup.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
    # Digit runs become "0", as ``tokenize`` writes them: only "0" is a known word with digits, so
    # the others are among the unknown tokens (cheaper than rewriting every digit of the text first).
    zero = lookup.get("0", -1)
    for i in np.flatnonzero(ids == -1).tolist():
        if not "a" <= tokens[i][0] <= "z":
            tokens[i] = "0"
            ids[i] = zero
    breaks = np.flatnonzero(ids == -2)
    starts = np.concatenate([[0], breaks + 1]) if texts else np.zeros(0, dtype=np.int64)
    ends = np.concatenate([breaks, [len(tokens)]]) if texts else np.zeros(0, dtype=np.int64)
    return TokenBatch(tokens, ids, starts, ends)


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


class _HashIndex:
    """Non-negative int64 keys to ``first + their position``, found many at a time: a hash table of
    at most 65,536 buckets (16-bit numbers, which numpy's radix sort orders in a few milliseconds),
    so a lookup reads a few entries where a binary search over the sorted keys reads eighteen (the
    word pairs of the shipped model: about 4 us a clause less)."""

    def __init__(self, keys: np.ndarray, first: int) -> None:
        self._bits = min(16, max(1, int(2 * len(keys)).bit_length()))
        buckets = self._bucket(keys)
        order = np.argsort(buckets.astype(np.uint16), kind="stable")
        self._keys = keys[order]
        self._values = first + order
        self._starts = np.zeros((1 << self._bits) + 1, dtype=np.int64)
        np.cumsum(np.bincount(buckets, minlength=1 << self._bits), out=self._starts[1:])

    def _bucket(self, keys: np.ndarray) -> np.ndarray:
        """Fibonacci hashing: the top bits of the key times 2**64 over the golden ratio."""
        return ((keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - self._bits)).astype(np.int64)

    def find(self, queries: np.ndarray) -> np.ndarray:
        """The value of each query key, -1 for a key not in the index."""
        found = np.full(len(queries), -1, dtype=np.int64)
        buckets = self._bucket(queries)
        at, ends = self._starts[buckets], self._starts[buckets + 1]
        pending = np.flatnonzero(at < ends)
        while len(pending):  # one entry of each pending query's bucket per round
            where = at[pending]
            hit = self._keys[where] == queries[pending]
            found[pending[hit]] = self._values[where[hit]]
            pending = pending[~hit]
            at[pending] += 1
            pending = pending[at[pending] < ends[pending]]
        return found


@dataclass(frozen=True, eq=False)
class BinaryRows:
    """The distinct vocabulary columns of each clause: row ``i`` has ``columns[starts[i]:starts[i + 1]]``,
    in ascending order, and ``norms[i]``, the L2 norm of their IDF values (1 for a row without any)."""

    columns: np.ndarray
    starts: np.ndarray
    norms: np.ndarray

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """The L2-normalised binary TF-IDF rows times ``weights`` (features x outputs) whose rows are
        already multiplied by their feature's IDF: per row, the sum of its columns' weights over its norm."""
        n = len(self.norms)
        out = np.zeros((n, weights.shape[1]), dtype=np.float32)
        for first in range(0, n, _DOT_ROWS):  # a block's gathered weights stay in the processor's cache
            last = min(first + _DOT_ROWS, n)
            starts = self.starts[first : last + 1]
            filled = starts[1:] > starts[:-1]  # reduceat sums from each start to the next: not empty rows
            if filled.any():
                gathered = np.take(weights, self.columns[starts[0] : starts[-1]], axis=0)
                out[first:last][filled] = np.add.reduceat(gathered, starts[:-1][filled] - starts[0], axis=0)
        out /= self.norms[:, None].astype(np.float32)
        return out

    def take(self, rows: np.ndarray) -> BinaryRows:
        """The rows numbered ``rows``, in that order."""
        pieces = [self.columns[self.starts[i] : self.starts[i + 1]] for i in rows.tolist()]
        starts = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum([len(piece) for piece in pieces], out=starts[1:])
        columns = np.concatenate(pieces) if pieces else self.columns[:0]
        return BinaryRows(columns, starts, self.norms[rows])


class ClauseVectorizer:
    """Maps clause texts to binary TF-IDF rows over a fixed vocabulary, a whole batch at a time.

    With ``embeddings``, the static vector of the lead word (scaled by ``embedding_weight``) fills
    extra dense columns after the vocabulary's, and with a ``context_weight`` the mean vector of the
    content words after it fills as many more ("Calls" + "to mind"); with a ``thesaurus``, a misspelt
    lead word is read as the word it misspells and the family the thesaurus gives an unknown lead is
    a feature, so that misspellings and unseen synonyms of standard leads count.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        idf: np.ndarray,
        embeddings: StaticEmbeddings | None = None,
        embedding_weight: float = 0.0,
        thesaurus: LeadThesaurus | None = None,
        context_weight: float = 0.0,
    ) -> None:
        if len(vocabulary.words) >= _PAIR:
            raise ValueError("vocabulary too large")
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float32)
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.context_weight = context_weight
        self._word = {**dict(zip(vocabulary.words, range(len(vocabulary.words)), strict=True)), _SEPARATOR: -2}
        pairs = np.asarray(vocabulary.pairs, dtype=np.int64).reshape(-1, 2)
        self._pair_columns = _HashIndex(pairs[:, 0] * _PAIR + pairs[:, 1], len(vocabulary.words))
        start = len(vocabulary.words) + len(pairs)
        self._other = dict(zip(vocabulary.others, range(start, start + len(vocabulary.others)), strict=True))
        self.thesaurus = thesaurus
        self._lead_families: dict[tuple[str, ...], list[int]] = {}
        self._corrections: dict[str, str | None] = {}
        self._heads: dict[tuple[str, str | None], list[int]] = {}
        self._word_rows: dict[str, int] = {}
        self._word_table: list[np.ndarray] = []
        self._forget_words()

    @property
    def n_features(self) -> int:
        """The number of columns."""
        return len(self.idf) + self._dense_columns

    @property
    def _dense_columns(self) -> int:
        if self.embeddings is None:
            return 0
        return self.embeddings.dims * (2 if self.context_weight else 1)

    def _head_columns(self, first: str, second: str | None) -> list[int]:
        """The columns of ``head_features``, remembered: clauses open with few distinct word pairs."""
        return _remember(
            self._heads,
            (first, second),
            lambda pair: [c for c in map(self._other.get, head_features(*pair)) if c is not None],
        )

    @staticmethod
    def _lead_phrase(tokens: list[str], start: int, end: int) -> tuple[str, ...]:
        """``lead_phrase`` of the clause ``tokens[start:end]``, quicker when it opens with its lead."""
        if tokens[start] not in MODIFIERS:
            return tuple(tokens[start : min(end, start + LEAD_WORDS)])
        return tuple(lead_phrase(tokens[start : min(end, start + _LEAD_SPAN)]))

    def _silent(self, first: str) -> bool:
        """True when the thesaurus gives no feature to a clause that opens with ``first``."""
        assert self.thesaurus is not None
        return first not in MODIFIERS and self.thesaurus.silent(first)

    @staticmethod
    def _lead_positions(batch: TokenBatch) -> list[int | None]:
        """Where each clause's lead word sits in ``batch.tokens`` (``lead_index``), None without one."""
        tokens = batch.tokens
        # Most clauses open with their lead word: only the others need lead_index.
        return [
            start if start < end and tokens[start] not in MODIFIERS else lead_index(tokens, start, end)
            for start, end in zip(batch.starts.tolist(), batch.ends.tolist(), strict=True)
        ]

    def _correct_leads(self, batch: TokenBatch, leads: list[int | None]) -> None:
        """Replace each clause's misspelt lead word by the known word it misspells, with its word id
        (a lead word stays where it was: it is never a sequence or strength word, nor is its correction)."""
        assert self.thesaurus is not None
        tokens, ids, corrections = batch.tokens, batch.ids, self._corrections
        for i in leads:
            if i is None:
                continue
            word = tokens[i]
            corrected = (
                corrections[word] if word in corrections else _remember(corrections, word, self.thesaurus.correction)
            )
            if corrected is not None:
                tokens[i] = corrected
                ids[i] = self._word.get(corrected, -1)

    def _thesaurus_columns(self, phrase: tuple[str, ...]) -> list[int]:
        """The columns of the thesaurus's features for a lead phrase, remembered."""
        assert self.thesaurus is not None
        thesaurus = self.thesaurus
        return _remember(
            self._lead_families,
            phrase,
            lambda tokens: [c for c in map(self._other.get, thesaurus.features(tokens)) if c is not None],
        )

    def _sparse_entries(self, texts: Sequence[str], batch: TokenBatch) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every feature found (repeats included): words, word pairs, opening features."""
        ids = batch.ids
        row_of = np.cumsum(ids == -2)
        known = ids >= 0
        both = known[:-1] & known[1:]
        pair_columns = self._pair_columns.find(ids[:-1][both] * _PAIR + ids[1:][both])
        hit = pair_columns >= 0
        other_columns: list[int] = []
        counts: list[int] = []
        tokens = batch.tokens
        for text, start, end in zip(texts, batch.starts.tolist(), batch.ends.tolist(), strict=True):
            before = len(other_columns)
            if end > start:
                other_columns += self._head_columns(tokens[start], tokens[start + 1] if end - start > 1 else None)
            tail = map(self._other.get, tail_features(text, tokens[start : min(end, start + 3)]))
            other_columns += [c for c in tail if c is not None]
            if self.thesaurus is not None and end > start and not self._silent(tokens[start]):
                other_columns += self._thesaurus_columns(self._lead_phrase(tokens, start, end))
            counts.append(len(other_columns) - before)
        rows = np.concatenate([row_of[known], row_of[:-1][both][hit], np.repeat(np.arange(len(texts)), counts)])
        columns = np.concatenate([ids[known], pair_columns[hit], np.asarray(other_columns, dtype=np.int64)])
        return rows, columns

    def transform_rows(self, texts: Sequence[str]) -> tuple[BinaryRows, np.ndarray | None]:
        """The clauses' distinct vocabulary columns with their TF-IDF norms, and the dense lead-vector
        columns (None without embeddings): numpy only, for inference."""
        rows, dense, _ = self.transform_with_leads(texts)
        return rows, dense

    def lead_words(self, texts: Sequence[str]) -> list[str]:
        """Each clause's lead word, a misspelt one read as the word it misspells ("" without one)."""
        return self._read_leads(tokenize_batch(texts, self._word))[1]

    def _read_leads(self, batch: TokenBatch) -> tuple[list[int | None], list[str]]:
        """Where each clause's lead word sits, misspellings corrected in ``batch``, and the words."""
        leads = self._lead_positions(batch)
        if self.thesaurus is not None:
            self._correct_leads(batch, leads)
        return leads, [batch.tokens[i] if i is not None else "" for i in leads]

    def transform_with_leads(self, texts: Sequence[str]) -> tuple[BinaryRows, np.ndarray | None, list[str]]:
        """``transform_rows`` and ``lead_words`` from one pass over the texts."""
        batch = tokenize_batch(texts, self._word)
        leads, words = self._read_leads(batch)
        rows, columns = self._sparse_entries(texts, batch)
        n_columns = len(self.idf)
        keys = np.sort(rows * n_columns + columns, kind="stable")
        distinct = np.ones(len(keys), dtype=bool)  # binary: a feature counts once however often it occurs
        distinct[1:] = keys[1:] != keys[:-1]
        keys = keys[distinct]
        row_index = keys // n_columns
        columns = keys - row_index * n_columns
        starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_index, minlength=len(texts)), out=starts[1:])
        values = self.idf[columns].astype(np.float64)
        norms = np.sqrt(np.bincount(row_index, weights=values**2, minlength=len(texts)))
        norms[norms == 0] = 1.0
        dense = self._lead_vectors(batch, leads) if self.embeddings is not None else None
        return BinaryRows(columns, starts, norms), dense, words

    def transform_parts(self, texts: Sequence[str]):
        """The sparse binary TF-IDF rows (L2-normalised ``scipy.sparse.csr_matrix``) and the dense
        lead-vector columns (None without embeddings), kept apart so that products need no stacking."""
        from scipy.sparse import csr_matrix

        rows, dense = self.transform_rows(texts)
        row_index = np.repeat(np.arange(len(texts)), np.diff(rows.starts))
        values = self.idf[rows.columns].astype(np.float64) / rows.norms[row_index]
        shape = (len(texts), len(self.idf))
        return csr_matrix((values.astype(np.float32), rows.columns, rows.starts), shape=shape), dense

    def transform(self, texts: Sequence[str]):
        """A ``scipy.sparse.csr_matrix`` of shape (len(texts), n_features): binary TF-IDF, L2-normalised,
        then the lead-vector columns."""
        matrix, dense = self.transform_parts(texts)
        if dense is None:
            return matrix
        from scipy.sparse import csr_matrix, hstack

        return hstack([matrix, csr_matrix(dense)], format="csr")

    def _lead_vectors(self, batch: TokenBatch, leads: list[int | None]) -> np.ndarray:
        """The dense columns of each clause: the scaled static vector of its lead word, then (with a
        ``context_weight``) the scaled mean vector of the content words after it ("to mind", "with
        pleasure"); zeros where a clause has none."""
        assert self.embeddings is not None
        if len(self._word_rows) > _CACHE:  # memory stays bounded
            self._forget_words()
        tokens, rows = batch.tokens, self._word_rows
        span = 1 + CONTEXT_WORDS if self.context_weight else 1
        slots = [0] * (len(batch.starts) * span)  # table rows of each clause's words; row 0 is zeros
        for clause, (i, end) in enumerate(zip(leads, batch.ends.tolist(), strict=True)):
            if i is None:
                continue
            for k, word in enumerate(tokens[i : min(end, i + span)]):
                if k and word in CONTEXT_STOPWORDS:
                    continue
                slots[clause * span + k] = rows[word] if word in rows else self._add_word(word)
        table = np.asarray(self._word_table)
        words = np.asarray(slots, dtype=np.int64).reshape(len(batch.starts), span)
        lead = table[words[:, 0]] * np.float32(self.embedding_weight)
        if not self.context_weight:
            return lead
        context = table[words[:, 1:]].sum(axis=1)
        norms = np.linalg.norm(context, axis=1, keepdims=True)
        context *= np.float32(self.context_weight) / np.where(norms > 0, norms, 1)
        return np.hstack([lead, context])

    def _forget_words(self) -> None:
        """Empty the table of static word vectors but for row 0, the zero row."""
        self._word_rows = {}
        self._word_table = [np.zeros(self.embeddings.dims if self.embeddings else 0, dtype=np.float32)]

    def _add_word(self, word: str) -> int:
        """The table row of a word's static vector, added on first use (0, the zero row, without one)."""
        assert self.embeddings is not None
        vector = self.embeddings.word_vector(word)
        row = 0
        if vector is not None:
            row = len(self._word_table)
            self._word_table.append(vector)
        self._word_rows[word] = row
        return row


def _remember(cache: dict, key, make: Callable):
    """``cache[key]``, made by ``make(key)`` on first use; a full cache starts afresh (memory stays bounded)."""
    if key not in cache:
        if len(cache) >= _CACHE:
            cache.clear()
        cache[key] = make(key)
    return cache[key]


def correct_lead(tokens: list[str], thesaurus: LeadThesaurus) -> None:
    """Replace the lead word of a clause's tokens by the known word it misspells, if it does."""
    i = lead_index(tokens)
    if i is not None and (corrected := thesaurus.correction(tokens[i])) is not None:
        tokens[i] = corrected


def fit_vocabulary(
    texts: Iterable[str], min_df: int = 2, thesaurus: LeadThesaurus | None = None
) -> tuple[Vocabulary, np.ndarray]:
    """Learn the vocabulary (features seen in at least ``min_df`` clauses) and the smoothed IDF;
    with a ``thesaurus``, misspelt leads are read as the words they misspell, and the family the
    thesaurus gives an unknown lead is a feature too."""
    word_df: dict[str, int] = {}
    pair_df: dict[tuple[str, str], int] = {}
    other_df: dict[str, int] = {}
    n_docs = 0
    for text in texts:
        n_docs += 1
        tokens = tokenize(text)
        if thesaurus is not None:
            correct_lead(tokens, thesaurus)
        for t in set(tokens):
            word_df[t] = word_df.get(t, 0) + 1
        for p in set(itertools.pairwise(tokens)):
            pair_df[p] = pair_df.get(p, 0) + 1
        features = set(opening_features(text, tokens))
        if thesaurus is not None:
            features.update(thesaurus.features(lead_phrase(tokens[:_LEAD_SPAN])))
        for f in features:
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
