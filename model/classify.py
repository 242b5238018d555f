"""Clause classifiers: section, family and intents with scores, loaded from an artifact folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from resolute.model.artifact import ModelError, default_model_path, read_meta
from resolute.model.features import ClauseVectorizer, Vocabulary
from resolute.model.intent_rules import rule_features
from resolute.model.labels import LabelSet, load_labels
from resolute.model.records import OPERATIVE, PREAMBULAR
from resolute.model.static_embeddings import StaticEmbeddings

MAX_INTENTS = 3


@dataclass(frozen=True)
class Prediction:
    """The labels of one clause and the model's confidence in each."""

    section: str
    family: str
    intents: tuple[str, ...]
    scores: dict[str, object]


class ClauseClassifier(Protocol):
    """What every backend offers."""

    meta: dict

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[Prediction]:
        """Label clause texts; a known section (from the markup or the segmenter) is kept."""
        ...


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


def decide_intents(probabilities: np.ndarray, names: Sequence[str], thresholds: np.ndarray) -> tuple[str, ...]:
    """Intents over their thresholds, best first, at most three; the best one when none passes."""
    order = np.argsort(-probabilities)
    chosen = [names[i] for i in order if probabilities[i] >= thresholds[i]][:MAX_INTENTS]
    return tuple(chosen) if chosen else (names[order[0]],)


def assemble_predictions(
    section_p: np.ndarray,
    family_p: np.ndarray,
    intent_p: np.ndarray,
    sections: Sequence[str | None] | None,
    labels: LabelSet,
    thresholds: np.ndarray,
) -> list[Prediction]:
    """Turn the probabilities of the three heads into Predictions (shared by every backend).

    ``section_p`` is the probability of the operative section for each clause.
    """
    predictions = []
    for i in range(len(section_p)):
        known = sections[i] if sections is not None else None
        section = known or (OPERATIVE if section_p[i] >= 0.5 else PREAMBULAR)
        best = int(np.argmax(family_p[i]))
        intents: tuple[str, ...] = ()
        intent_scores: dict[str, float] = {}
        if section == OPERATIVE:
            intents = decide_intents(intent_p[i], labels.intents, thresholds)
            intent_scores = {name: round(float(intent_p[i][j]), 4) for j, name in enumerate(labels.intents)}
        section_score = float(section_p[i]) if section == OPERATIVE else 1.0 - float(section_p[i])
        scores: dict[str, object] = {
            "section": round(section_score, 4),
            "family": round(float(family_p[i][best]), 4),
            "intents": intent_scores,
        }
        predictions.append(Prediction(section, labels.families[best], intents, scores))
    return predictions


class LinearClauseClassifier:
    """The linear backend: TF-IDF features and logistic-regression weights held as numpy arrays."""

    def __init__(self, folder: Path, meta: dict, labels: LabelSet) -> None:
        self.folder = folder
        self.meta = meta
        self.labels = labels
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            arrays = {name: weights[name] for name in weights.files}
        strings = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        vocabulary = Vocabulary(tuple(strings["words"]), arrays["pairs"], tuple(strings["others"]))
        embeddings = None
        if (folder / "lead_vectors.npz").is_file() and "lead_vectors.npz" in meta.get("files", {}):
            embeddings = StaticEmbeddings.load(folder / "lead_vectors.npz")
        weight = float(arrays["embedding_weight"]) if "embedding_weight" in arrays else 0.0
        self.vectorizer = ClauseVectorizer(vocabulary, arrays["idf"], embeddings, weight)
        # Section and family share one matrix, stored (features x outputs) so a product copies nothing.
        self.head_weights = arrays["head_weights"].astype(np.float32)
        self.head_bias = arrays["head_bias"].astype(np.float32)
        self.intent_weights = arrays["intent_weights"].astype(np.float32)
        self.intent_bias = arrays["intent_bias"].astype(np.float32)
        self.intent_thresholds = arrays["intent_thresholds"].astype(np.float32)

    def probabilities(
        self, texts: Sequence[str], sections: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities of the operative section, of each family and of each intent.

        Intents are computed for operative clauses only (known, or predicted when unknown); the
        others get zeros.
        """
        features = self.vectorizer.transform(texts)
        scores = features @ self.head_weights + self.head_bias
        section = _sigmoid(scores[:, 0])
        family = _softmax(scores[:, 1:])
        intents = np.zeros((len(texts), len(self.labels.intents)), dtype=np.float32)
        known = sections if sections is not None else [None] * len(texts)
        rows = [i for i, s in enumerate(known) if s == OPERATIVE or (s is None and section[i] >= 0.5)]
        if rows:
            from scipy.sparse import csr_matrix, hstack

            names = self.labels.families
            rules = rule_features([texts[i] for i in rows], [names[int(np.argmax(family[i]))] for i in rows])
            operative = hstack([features[rows], csr_matrix(rules)], format="csr")
            intents[rows] = _sigmoid(operative @ self.intent_weights + self.intent_bias)
        return section, family, intents

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[Prediction]:
        """Label clause texts; a known section (from the markup or the segmenter) is kept."""
        if not texts:
            return []
        section, family, intents = self.probabilities(texts, sections)
        return assemble_predictions(section, family, intents, sections, self.labels, self.intent_thresholds)


def load_classifier(path: str | Path | None = None) -> ClauseClassifier:
    """Load the classifier in ``path`` (default: the shipped model), verifying it first."""
    folder = Path(path) if path is not None else default_model_path()
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such model folder")
    labels = load_labels()
    meta = read_meta(folder, labels)
    backend = meta.get("backend")
    if backend == "linear":
        return LinearClauseClassifier(folder, meta, labels)
    if backend == "transformer":
        try:
            from resolute.model.transformer import TransformerClauseClassifier
        except ImportError as error:
            raise ModelError(
                f"{folder}: a transformer model needs the extra: pip install 'resolute[transformer]' ({error})"
            ) from None
        return TransformerClauseClassifier(folder, meta, labels)
    raise ModelError(f"{folder}: unknown model backend {backend!r}")
