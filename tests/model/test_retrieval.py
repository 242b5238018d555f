"""The precedent index: hashed features, hyperplanes, folding of copies, search, and corpus texts."""

from __future__ import annotations

import numpy as np
import pytest

from resolute.model.retrieval import CorpusTexts, PrecedentIndex, build_index, feature_buckets, hyperplanes
from tests.suggest_inputs import documents, write_raw

FAMILIES = ("request", "urge", "other")
TEXTS = [
    "Requests the Secretary-General to report on lighthouses at its next session;",
    "Urges all States to protect lighthouses from storms;",
    "Urges all States to protect desert roads from sandstorms;",
    "Recalling its work on tidal energy,",
    "Requests the Secretary-General to report on lighthouses at its next session;",
]
ROWS = [
    ("A/RES/1/1", "a.xml", 0, "1", "operative", "request"),
    ("A/RES/1/1", "a.xml", 1, "2", "operative", "urge"),
    ("A/RES/1/2", "b.xml", 1, "1", "operative", "urge"),
    ("A/RES/1/2", "b.xml", 0, None, "preambular", "other"),
    ("A/RES/1/3", "c.xml", 0, "1", "operative", "request"),
]


@pytest.fixture
def index() -> PrecedentIndex:
    return build_index(TEXTS, ROWS, FAMILIES, bits=256)


def test_features_ignore_case_and_the_value_of_numbers():
    assert np.array_equal(feature_buckets("Decides on 12 May"), feature_buckets("decides ON 30 may"))
    assert not np.array_equal(feature_buckets("Decides on May"), feature_buckets("Requests on May"))


def test_hyperplanes_are_fixed_signs_and_balanced():
    planes = hyperplanes(np.arange(2000), 128, seed=3)
    assert set(np.unique(planes)) == {-1.0, 1.0}
    assert abs(planes.mean()) < 0.02
    assert np.array_equal(planes, hyperplanes(np.arange(2000), 128, seed=3))
    assert not np.array_equal(planes, hyperplanes(np.arange(2000), 128, seed=4))


def test_same_words_are_folded_into_the_latest_copy(index):
    assert len(index) == 4
    row = int(np.flatnonzero(index.copies == 2)[0])
    assert index.symbols[index.document[row]] == "A/RES/1/3"
    assert index.number[index.section == 0].tolist() == [-1]


def test_search_ranks_the_same_text_first_with_a_cosine_like_score(index):
    hits = index.search("Urges all States to protect lighthouses from storms;", k=3)
    assert [int(index.index[h.row]) for h in hits][:1] == [1]
    assert index.symbols[index.document[hits[0].row]] == "A/RES/1/1"
    assert hits[0].score > 0.8
    assert hits[0].score > hits[1].score > hits[-1].score


def test_search_keeps_to_the_section_and_k(index):
    hits = index.search("Recalling its work on tidal energy,", k=10, section="operative")
    assert len(hits) == 3
    assert all(index.section[h.row] == 1 for h in hits)
    assert index.search("", k=3) == []
    assert index.search("Urges all States", k=0) == []


def test_save_and_load_give_the_same_index(index, tmp_path):
    index.save(tmp_path / "p.npz")
    loaded = PrecedentIndex.load(tmp_path / "p.npz")
    assert loaded.bits == 256 and loaded.seed == index.seed
    assert np.array_equal(loaded.codes, index.codes)
    assert loaded.symbols.tolist() == index.symbols.tolist()
    query = "Urges all States to protect lighthouses"
    assert loaded.search(query, 2) == index.search(query, 2)


def test_the_index_holds_no_paragraph_text(index, tmp_path):
    index.save(tmp_path / "p.npz")
    with np.load(tmp_path / "p.npz", allow_pickle=False) as data:
        strings = {name for name in data.files if data[name].dtype.kind == "U"}
    assert strings == {"symbols", "sources", "families"}


def test_bits_must_fill_bytes():
    with pytest.raises(ValueError, match="multiple of 8"):
        build_index(TEXTS, ROWS, FAMILIES, bits=100)


def test_corpus_texts_from_zip_members_plain_and_gzip_files(tmp_path):
    corpus = CorpusTexts(write_raw(tmp_path / "raw"))
    assert corpus.available
    for _symbol, source, preamble, operative in documents()[:3]:
        assert corpus.text(source, 0) == preamble[0]
        assert corpus.text(source, len(preamble) + 1) == operative[1]
        assert corpus.text(source, 99) is None


def test_corpus_texts_missing_or_changed_give_none(tmp_path):
    source = documents()[1][1]
    assert not CorpusTexts(tmp_path / "absent").available
    assert CorpusTexts(tmp_path / "absent").text(source, 0) is None
    assert CorpusTexts(None).text(source, 0) is None
    corpus = CorpusTexts(write_raw(tmp_path / "raw"))
    assert corpus.text("UNxml__GAresolutions/nothing.xml", 0) is None
    assert corpus.text(source, 0, check=12345) is None
