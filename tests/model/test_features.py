"""Clause features: the opening survives typos; rows are L2-normalised; unknown features are ignored."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from resolute.model.features import (
    ClauseVectorizer,
    Vocabulary,
    _HashIndex,
    fit_vocabulary,
    opening_features,
    tokenize,
    tokenize_batch,
)
from resolute.model.lead_thesaurus import LeadThesaurus, lead_phrase

TEXTS = [
    "Recalling its resolution 12/34 on coastal fisheries,",
    "Requests the Secretary-General to report on coastal fisheries;",
    "Requests the Secretary-General to report on rural libraries;",
]


def test_tokens_are_lower_case_with_digits_folded() -> None:
    assert tokenize("Recalling its resolution 12/34,") == ["recalling", "its", "resolution", "0", "0"]


def test_a_misspelt_lead_shares_character_ngrams_with_the_right_one() -> None:
    right = set(opening_features("Recalling its work,", tokenize("Recalling its work,")))
    typo = set(opening_features("Recaling its work,", tokenize("Recaling its work,")))
    shared = {f for f in right & typo if f.startswith("c:")}
    assert len(shared) >= 5
    assert "end:," in right


def test_rows_are_normalised_and_unknown_features_ignored() -> None:
    vocabulary, idf = fit_vocabulary(TEXTS, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf)
    matrix = vectorizer.transform([*TEXTS, "zzz qqq"])
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert np.allclose(norms[:3], 1.0)
    assert matrix.shape == (4, len(vocabulary))
    assert matrix[3].nnz <= 2  # only punctuation-free "end:" style features may match


def test_the_thesaurus_family_of_an_unknown_lead_is_a_feature_and_a_misspelt_lead_is_read_right() -> None:
    thesaurus = LeadThesaurus({"remembering": "recall"}, ["recalling", "requests"])
    texts = [*TEXTS, "Remembering the fisheries,"]
    vocabulary, idf = fit_vocabulary([*texts, "Recallign the fisheries,"], min_df=1, thesaurus=thesaurus)
    assert "t:recall" in vocabulary.others and "recallign" not in vocabulary.words  # read as "recalling"
    vectorizer = ClauseVectorizer(vocabulary, idf, thesaurus=thesaurus)
    synonym = len(vocabulary.words) + len(vocabulary.pairs) + vocabulary.others.index("t:recall")
    matrix = vectorizer.transform(["Also remembering the fisheries,", "Recalling it,", "Also recallin the work,"])
    assert matrix[0, synonym] > 0 and matrix[1, synonym] == 0
    misspelt = vectorizer.transform(["Also recallin the work,"]).toarray()
    assert np.array_equal(misspelt, vectorizer.transform(["Also recalling the work,"]).toarray())


def test_min_df_drops_rare_features() -> None:
    vocabulary, _ = fit_vocabulary(TEXTS, min_df=2)
    assert "requests" in vocabulary.words
    assert "recalling" not in vocabulary.words


@given(st.lists(st.text(alphabet="ab0٣9 -'’,;\x00Z", max_size=30), max_size=6), st.booleans())
def test_batch_tokens_are_the_single_text_tokens_with_their_word_ids(texts: list[str], with_words: bool) -> None:
    words = {"a": 0, "ab": 1, "0": 2} if with_words else None
    batch = tokenize_batch(texts, None if words is None else {**words, "\x00": -2})
    for text, start, end in zip(texts, batch.starts.tolist(), batch.ends.tolist(), strict=True):
        expected = tokenize(text.replace("\x00", " "))
        assert batch.tokens[start:end] == expected
        known = words or {}
        assert batch.ids[start:end].tolist() == [known.get(t, -1) for t in expected]


def test_binary_rows_times_idf_scaled_weights_equal_the_sparse_product() -> None:
    texts = [*TEXTS, "", "zzz qqq", "Requests requests the the report report;"] * 12  # rows summed in blocks
    texts[31] = texts[32] = texts[63] = ""  # empty rows at the ends of blocks
    vocabulary, idf = fit_vocabulary(TEXTS, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf)
    weights = np.random.default_rng(0).standard_normal((len(vocabulary), 5)).astype(np.float32)
    rows, _ = vectorizer.transform_rows(texts)
    product = rows.dot(weights * idf[:, None])
    expected = vectorizer.transform(texts) @ weights
    assert product.shape == (len(texts), 5)
    assert np.allclose(product, expected, atol=1e-5)
    assert not product[3].any()  # an empty clause has no features


def test_taking_rows_gives_their_products_in_the_order_asked() -> None:
    texts = [*TEXTS, "", "Requests requests the the report report;"]
    vocabulary, idf = fit_vocabulary(TEXTS, min_df=1)
    rows, _ = ClauseVectorizer(vocabulary, idf).transform_rows(texts)
    weights = np.random.default_rng(1).standard_normal((len(vocabulary), 3)).astype(np.float32)
    picked = np.array([4, 0, 3, 0])
    assert np.allclose(rows.take(picked).dot(weights), rows.dot(weights)[picked], atol=1e-6)
    assert rows.take(np.array([], dtype=np.int64)).dot(weights).shape == (0, 3)


def test_lead_words_skip_modifiers_and_read_a_misspelt_lead_as_the_word() -> None:
    thesaurus = LeadThesaurus({}, ["recalling", "requests"])
    vocabulary, idf = fit_vocabulary(TEXTS, min_df=1)
    vectorizer = ClauseVectorizer(vocabulary, idf, thesaurus=thesaurus)
    texts = ["Also further recallng the work,", "Requests a report;", "", "Hails the accord;"]
    assert vectorizer.lead_words(texts) == ["recalling", "requests", "", "hails"]
    assert vectorizer.transform_with_leads(texts)[2] == vectorizer.lead_words(texts)


@given(
    st.sets(st.integers(0, 2**42), max_size=300),
    st.lists(st.integers(0, 2**42), max_size=50),
    st.integers(0, 1000),
)
def test_the_hash_index_finds_exactly_its_keys(keys: set[int], others: list[int], first: int) -> None:
    stored = np.array(sorted(keys), dtype=np.int64)
    index = _HashIndex(stored, first)
    queries = np.array([*stored.tolist(), *others], dtype=np.int64)
    expected = {key: first + position for position, key in enumerate(stored.tolist())}
    assert index.find(queries).tolist() == [expected.get(q, -1) for q in queries.tolist()]


LEAD_WORDS_POOL = ["also", "further", "recalls", "remembering", "points", "out", "the"]


@given(st.lists(st.sampled_from(LEAD_WORDS_POOL), max_size=6))
def test_the_vectorizer_gives_a_clause_the_thesaurus_features_of_its_lead_phrase(words: list[str]) -> None:
    thesaurus = LeadThesaurus({"remembering": "recall", "points out": "emphasize"}, ["recalls"])
    others = ("t:emphasize", "t:recall")
    vocabulary = Vocabulary((), np.zeros((0, 2), dtype=np.int32), others)
    vectorizer = ClauseVectorizer(vocabulary, np.ones(len(others), dtype=np.float32), thesaurus=thesaurus)
    text = " ".join(words)
    rows, _ = vectorizer.transform_rows([text])
    assert {others[c] for c in rows.columns.tolist()} == set(thesaurus.features(lead_phrase(tokenize(text))))
