"""Static lead vectors: WordPiece lookup, saving and loading, and the dense columns they add."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from resolute.model.features import ClauseVectorizer, fit_vocabulary, lead_word
from resolute.model.static_embeddings import StaticEmbeddings


def _table() -> StaticEmbeddings:
    pieces = ["recall", "##ing", "remember", "request", "##s"]
    vectors = np.array([[1, 0, 0], [0, 0, 1], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32)
    return StaticEmbeddings(pieces, vectors)


def test_words_split_into_longest_pieces() -> None:
    table = _table()
    assert table.pieces("recalling") == [0, 1]
    assert table.pieces("requests") == [3, 4]
    assert table.pieces("xyz") == []
    assert table.word_vector("xyz") is None
    assert np.isclose(np.linalg.norm(table.word_vector("Remembering")), 1.0)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    table = _table()
    table.save(tmp_path / "vectors.npz")
    loaded = StaticEmbeddings.load(tmp_path / "vectors.npz")
    assert loaded.index == table.index
    assert np.allclose(loaded.vectors, table.vectors, atol=1e-3)


def test_lead_word_skips_sequence_words() -> None:
    assert lead_word(["also", "further", "requests", "the"]) == "requests"


def test_vectorizer_appends_scaled_lead_vectors() -> None:
    texts = ["Recalling its work,", "Requests a report;"]
    vocabulary, idf = fit_vocabulary(texts, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf, _table(), 0.5)
    matrix = vectorizer.transform([*texts, "Remembering its work,"]).toarray()
    assert matrix.shape[1] == len(vocabulary) + 3
    dense = matrix[:, -3:]
    assert np.isclose(np.linalg.norm(dense[0]), 0.5)
    assert dense[2] @ dense[0] > dense[2] @ dense[1]  # "remembering" sits nearer "recalling"
