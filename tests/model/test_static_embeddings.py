"""Static lead vectors: WordPiece lookup, saving and loading, and the dense columns they add."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from resolute.model.features import ClauseVectorizer, fit_vocabulary
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


def test_the_lead_vector_skips_sequence_words() -> None:
    texts = ["Requests a report;", "Also further requests a report;"]
    vocabulary, idf = fit_vocabulary(texts, min_df=1)
    dense = ClauseVectorizer(vocabulary, idf, _table(), 0.5).transform(texts).toarray()[:, -3:]
    assert np.allclose(dense[0], dense[1]) and np.isclose(np.linalg.norm(dense[0]), 0.5)


def test_vectorizer_appends_scaled_lead_vectors() -> None:
    texts = ["Recalling its work,", "Requests a report;"]
    vocabulary, idf = fit_vocabulary(texts, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf, _table(), 0.5)
    matrix = vectorizer.transform([*texts, "Remembering its work,"]).toarray()
    assert matrix.shape[1] == len(vocabulary) + 3
    dense = matrix[:, -3:]
    assert np.isclose(np.linalg.norm(dense[0]), 0.5)
    assert dense[2] @ dense[0] > dense[2] @ dense[1]  # "remembering" sits nearer "recalling"


def test_context_columns_hold_the_words_after_the_lead() -> None:
    texts = ["Recalling its work,", "Brings to remembering the past,", "Requests a report;"]
    vocabulary, idf = fit_vocabulary(texts, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf, _table(), 0.5, context_weight=0.25)
    dense = vectorizer.transform(texts).toarray()[:, -6:]
    assert vectorizer.n_features == len(vocabulary) + 6
    lead, context = dense[:, :3], dense[:, 3:]
    assert not context[0].any() and not context[2].any()  # "its work": a link word and a word without pieces
    assert not lead[1].any() and np.isclose(np.linalg.norm(context[1]), 0.25)  # "brings" has no pieces
    assert context[1] @ lead[0] > context[1] @ lead[2]  # "remembering" after the lead sits nearer "recalling"


def test_a_full_word_table_starts_afresh_with_the_same_columns(monkeypatch) -> None:
    texts = ["Recalling its work,", "Brings to remembering the past,", "Requests a report;"]
    vocabulary, idf = fit_vocabulary(texts, min_df=1)
    expected = ClauseVectorizer(vocabulary, idf, _table(), 0.5, context_weight=0.25).transform(texts).toarray()
    monkeypatch.setattr("resolute.model.features._CACHE", 1)
    vectorizer = ClauseVectorizer(vocabulary, idf, _table(), 0.5, context_weight=0.25)
    for text, row in zip(texts * 2, [*expected, *expected], strict=True):
        assert np.allclose(vectorizer.transform([text]).toarray()[0], row)
    assert len(vectorizer._word_rows) <= 3  # forgotten: the texts hold seven distinct content words
