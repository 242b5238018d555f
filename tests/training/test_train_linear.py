"""Training on a tiny corpus gives an artifact that loads and predicts; evaluate writes its files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from resolute.model.artifact import ModelError
from resolute.model.classify import load_classifier
from resolute.model.labels import load_labels
from resolute.model.static_embeddings import StaticEmbeddings
from resolute.training.evaluate import evaluate, held_out_in_thesaurus, write_report
from resolute.training.train_linear import Example, augment, train_linear
from resolute.training.workflow import write_artifact_meta
from tests.tiny_corpus import CLAUSES, TINY_CONFIG, tiny_examples


def test_artifact_holds_meta_with_hashes_and_labels(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "meta.json").read_text())
    assert meta["backend"] == "linear"
    assert set(meta["files"]) == {"weights.npz", "vocabulary.json"}
    assert meta["training_data"] == "tiny"
    assert "scikit-learn" in meta["libraries"]


def test_augmentation_adds_perturbed_copies_with_the_same_labels() -> None:
    examples = [Example(text, section, family, intents) for text, section, family, intents in CLAUSES]
    rows = augment(examples, ["lower_case"], fraction=1.0, seed=0)
    copies = rows[len(examples) :]
    assert len(copies) == len(examples)
    assert all(c.text == c.text.lower() and c.perturbation == "lower_case" for c in copies)
    assert [c.family for c in copies] == [e.family for e in examples]


def test_evaluate_writes_metrics_confusion_and_card(tiny_model: Path, tmp_path: Path) -> None:
    rows = [
        {"symbol": "X/RES/1", "index": i, "text": text, "section": section, "family": family, "body": "GA"}
        for i, (text, section, family, _) in enumerate(CLAUSES)
    ]
    gold = {("X/RES/1", i): intents for i, (_, section, _, intents) in enumerate(CLAUSES) if intents}
    classifier = load_classifier(tiny_model)
    metrics = evaluate(classifier, rows, gold)
    assert metrics["clauses"] == len(CLAUSES)
    assert 0.0 <= metrics["family"]["macro_f1"] <= 1.0
    assert set(metrics["robustness"]) >= {"typo_in_lead", "lower_case", "held_out_synonym", "mixed"}
    assert metrics["intents_gold"]["n"] == len(gold)
    write_report(tmp_path, metrics, classifier.meta, "test")
    assert json.loads((tmp_path / "metrics.json").read_text())["clauses"] == len(CLAUSES)
    assert (tmp_path / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Limitations" in (tmp_path / "README.md").read_text()


def test_a_thesaurus_travels_with_the_model_and_its_family_counts(tmp_path: Path) -> None:
    thesaurus = tmp_path / "thesaurus.json"
    words = {"remembering": "recall", "solicits": "request"}
    leads = ["recalling", "requests"]
    thesaurus.write_text(json.dumps({"version": 1, "source": "test", "words": words, "lead_words": leads}))
    out = tmp_path / "model"
    config = {**TINY_CONFIG, "lead_thesaurus": str(thesaurus)}
    summary, files = train_linear(tiny_examples(), load_labels(), config, out)
    write_artifact_meta(out, "linear", config, summary, "tiny", files)
    assert "lead_thesaurus.json" in json.loads((out / "meta.json").read_text())["files"]
    classifier = load_classifier(out)
    assert classifier.vectorizer.thesaurus.words == words and classifier.vectorizer.thesaurus.lead_words == set(leads)
    coverage = held_out_in_thesaurus(classifier)
    assert coverage["listed"] == coverage["listed_with_their_family"] == 2  # both are held-out synonyms
    (out / "lead_thesaurus.json").write_text(json.dumps({"version": 1, "source": "changed", "words": {}}))
    with pytest.raises(ModelError, match=r"lead_thesaurus\.json does not match"):
        load_classifier(out)


def test_lead_and_context_vectors_travel_with_the_model(tmp_path: Path) -> None:
    pieces = ["recall", "##ing", "request", "##s", "report", "mind"]
    table = StaticEmbeddings(pieces, np.eye(6, 4, dtype=np.float32) + 0.1)
    table.save(tmp_path / "vectors.npz")
    vectors = {"lead_vectors": str(tmp_path / "vectors.npz"), "embedding_weight": 0.5, "context_weight": 0.25}
    config = {**TINY_CONFIG, **vectors}
    out = tmp_path / "model"
    summary, files = train_linear(tiny_examples(), load_labels(), config, out)
    write_artifact_meta(out, "linear", config, summary, "tiny", files)
    classifier = load_classifier(out)
    vectorizer = classifier.vectorizer
    assert (vectorizer.embedding_weight, vectorizer.context_weight) == (0.5, 0.25)
    assert vectorizer.n_features == len(vectorizer.idf) + 2 * table.dims
    assert summary["features"] == vectorizer.n_features
    assert classifier.predict(["Requests a report on the matter;"])[0].section == "operative"
    with np.load(out / "weights.npz") as weights:  # the intent heads do not read the context columns
        context_rows = weights["intent_weights"][vectorizer.n_features - table.dims : vectorizer.n_features]
        lead_rows = weights["intent_weights"][len(vectorizer.idf) : vectorizer.n_features - table.dims]
    assert not context_rows.any() and lead_rows.any()


def _thesaurus_config(tmp_path: Path) -> dict:
    thesaurus = tmp_path / "thesaurus.json"
    leads = ["recalling", "requests", "decides", "urges", "welcoming", "noting", "reaffirming", "reaffirms"]
    thesaurus.write_text(json.dumps({"version": 1, "source": "test", "words": {}, "lead_words": leads}))
    head = {"unseen_lead_head": True, "unseen_lead_alpha": 1e-4, "unseen_lead_epochs": 20, "unseen_lead_real_weight": 2}
    return {**TINY_CONFIG, **head, "lead_thesaurus": str(thesaurus)}


def test_the_unseen_lead_head_takes_over_only_the_clauses_whose_lead_is_unknown(tmp_path: Path) -> None:
    config = _thesaurus_config(tmp_path)
    summary, files = train_linear(tiny_examples(), load_labels(), config, tmp_path)
    write_artifact_meta(tmp_path, "linear", config, summary, "tiny", files)
    classifier = load_classifier(tmp_path)
    assert classifier.unseen is not None
    texts = [
        "Requests the Secretary-General to report on tidal energy;",
        "Requets the Secretary-General to report on tidal energy;",  # misspelt: read as "requests"
        "Commends the Secretary-General for the report on tidal energy;",  # opens a training clause
        "Glorbs the Secretary-General to report on tidal energy;",
        "",
    ]
    _, with_head, _ = classifier.probabilities(texts)
    classifier.unseen = None
    _, without, _ = classifier.probabilities(texts)
    assert np.allclose(with_head[:3], without[:3])
    assert not np.allclose(with_head[3], without[3]) and not np.allclose(with_head[4], without[4])
    assert np.allclose(with_head.sum(axis=1), 1.0)


def test_the_unseen_lead_head_needs_the_thesaurus_known_lead_words(tmp_path: Path) -> None:
    config = {key: value for key, value in _thesaurus_config(tmp_path).items() if key != "lead_thesaurus"}
    with pytest.raises(ValueError, match="lead_thesaurus"):
        train_linear(tiny_examples(), load_labels(), config, tmp_path / "model")


def test_an_unseen_lead_head_of_two_families_gives_both_their_probabilities(tmp_path: Path) -> None:
    examples = [e for e in tiny_examples() if e.family in ("recall", "request")]
    config = _thesaurus_config(tmp_path)
    summary, files = train_linear(examples, load_labels(), config, tmp_path)
    write_artifact_meta(tmp_path, "linear", config, summary, "tiny", files)
    classifier = load_classifier(tmp_path)
    families = classifier.labels.families
    texts = ["Glorbs the Secretary-General to submit a report on the implementation;", "Glorbing its resolution 12/34,"]
    _, family, _ = classifier.probabilities(texts)
    pair = [families.index("recall"), families.index("request")]
    assert np.allclose(family[:, pair].sum(axis=1), 1.0, atol=1e-4)
    assert [families[i] for i in family.argmax(axis=1)] == ["request", "recall"]
