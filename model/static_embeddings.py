"""Static word vectors for the opening word of a clause, so that unseen synonyms of standard leads
("Remembering" for "Recalling") land near the forms they resemble.

The table holds one vector per WordPiece token of all-MiniLM-L6-v2 (Apache-2.0), distilled at build
time by ``resolute.training.static_embeddings``; a word's vector is the mean of its pieces' vectors
(greedy longest-match WordPiece), as model2vec does. Lookup needs numpy only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_MAX_WORD = 40


class StaticEmbeddings:
    """A WordPiece vocabulary with one unit vector per piece."""

    def __init__(self, pieces: list[str], vectors: np.ndarray) -> None:
        self.index = dict(zip(pieces, range(len(pieces)), strict=True))
        self.vectors = np.asarray(vectors, dtype=np.float32)

    @property
    def dims(self) -> int:
        """The number of dimensions."""
        return self.vectors.shape[1]

    @classmethod
    def load(cls, path: str | Path) -> StaticEmbeddings:
        """Read a table written by ``save`` (``.npz``, no pickled objects)."""
        with np.load(path, allow_pickle=False) as data:
            return cls(data["pieces"].tolist(), data["vectors"])

    def save(self, path: str | Path) -> None:
        """Write the table as ``.npz`` (float16 vectors; uncompressed, as they barely compress)."""
        pieces = sorted(self.index, key=self.index.__getitem__)
        np.savez(path, pieces=np.array(pieces), vectors=self.vectors.astype(np.float16))

    def pieces(self, word: str) -> list[int]:
        """Greedy longest-match WordPiece ids of a lower-case word; empty when it cannot be split."""
        word = word[:_MAX_WORD]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    ids.append(self.index[piece])
                    break
                end -= 1
            if end == start:
                return []
            start = end
        return ids

    def word_vector(self, word: str) -> np.ndarray | None:
        """The unit vector of a word (mean of its pieces), or None when it has no pieces."""
        ids = self.pieces(word.lower())
        if not ids:
            return None
        vector = self.vectors[ids].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else None
