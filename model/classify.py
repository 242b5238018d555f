"""Clause classifiers: section, family and intents with scores, loaded from an artifact folder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from resolute.model.artifact import ModelError, default_model_path, read_meta
from resolute.model.features import BinaryRows, ClauseVectorizer, Vocabulary
from resolute.model.intent_rules import rule_features
from resolute.model.labels import LabelSet, load_labels
from resolute.model.lead_thesaurus import THESAURUS_FILE, FamiliarWords, LeadThesaurus
from resolute.model.quantize import dequantize_rows
from resolute.model.records import OPERATIVE, PREAMBULAR
from resolute.model.static_embeddings import StaticEmbeddings

MAX_INTENTS = 3
CHUNK = 512  # clauses classified together (measured: 400-500 ran about 15 % faster than 2,000)


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


def _small_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for the small matrices of one chunk, without BLAS: its threads took as much CPU again
    as the whole prediction (measured), and would compete with the worker processes of a bulk run."""
    return np.einsum("ij,jk->ik", a, b)


def decide_intents(probabilities: np.ndarray, names: Sequence[str], thresholds: np.ndarray) -> tuple[str, ...]:
    """Intents over their thresholds, best first, at most three; the best one when none passes."""
    return _decide_all(np.asarray(probabilities)[None, :], names, thresholds)[0]


def _decide_all(probabilities: np.ndarray, names: Sequence[str], thresholds: np.ndarray) -> list[tuple[str, ...]]:
    """``decide_intents`` for every row at once."""
    order = np.argsort(-probabilities, axis=1)
    passes = np.take_along_axis(probabilities >= thresholds, order, axis=1)
    decided = []
    for ranked, passed in zip(order.tolist(), passes.tolist(), strict=True):
        chosen = tuple(names[j] for j, ok in zip(ranked, passed, strict=True) if ok)[:MAX_INTENTS]
        decided.append(chosen or (names[ranked[0]],))
    return decided


def _rounded(scores: np.ndarray) -> list:
    """Scores as Python floats with four decimals (a whole array at once)."""
    return np.round(scores.astype(np.float64), 4).tolist()


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
    n = len(section_p)
    known = sections if sections is not None else [None] * n
    operative = [s == OPERATIVE or (s is None and p >= 0.5) for s, p in zip(known, section_p.tolist(), strict=True)]
    best = np.argmax(family_p, axis=1)
    family_scores = _rounded(family_p[np.arange(n), best])
    section_p = section_p.astype(np.float64)
    section_scores = _rounded(np.where(operative, section_p, 1.0 - section_p))
    rows = np.flatnonzero(operative)
    decided = iter(_decide_all(intent_p[rows], labels.intents, thresholds)) if len(rows) else iter(())
    intent_rows = iter(_rounded(intent_p[rows]))
    predictions = []
    for i, family in enumerate(best.tolist()):
        intents: tuple[str, ...] = ()
        intent_scores: dict[str, float] = {}
        if operative[i]:
            intents = next(decided)
            intent_scores = dict(zip(labels.intents, next(intent_rows), strict=True))
        scores: dict[str, object] = {
            "section": section_scores[i],
            "family": family_scores[i],
            "intents": intent_scores,
        }
        section = OPERATIVE if operative[i] else PREAMBULAR
        predictions.append(Prediction(section, labels.families[family], intents, scores))
    return predictions


class UnseenLeadHead:
    """The family head for clauses whose lead word is unfamiliar ("Hails ...", a heading): no known
    lead word, no word that opens clauses of the training data, nor a misspelling of one
    (``FamiliarWords``). One-vs-rest logistic regressions trained on clauses whose standard lead
    was replaced (a made-up word, an unfamiliar English word, a thesaurus lead), so that they read the
    rest of the clause. Their probabilities replace the family head's for those clauses."""

    def __init__(self, familiar: FamiliarWords, sparse: np.ndarray, dense: np.ndarray, bias: np.ndarray) -> None:
        self.familiar = familiar
        self.sparse = sparse
        self.dense = dense
        self.bias = bias

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], thesaurus: LeadThesaurus) -> UnseenLeadHead:
        """The head stored in ``weights.npz`` (its ``unseen_*`` arrays), with the thesaurus that knows the leads."""
        vocabulary = len(arrays["idf"])
        values, scale = arrays["unseen_weights"], arrays["unseen_scale"]
        sparse = dequantize_rows(values[:vocabulary], scale[:vocabulary] * arrays["idf"])
        dense = dequantize_rows(values[vocabulary:], scale[vocabulary:])
        familiar = thesaurus.familiar_words(arrays["unseen_openers"].tolist())
        return cls(familiar, sparse, dense, arrays["unseen_bias"].astype(np.float32))

    def replace(self, family: np.ndarray, rows: BinaryRows, dense: np.ndarray | None, leads: list[str]) -> None:
        """Put this head's probabilities in ``family`` for the clauses whose lead word is unfamiliar."""
        familiar = self.familiar
        unseen = np.flatnonzero([word not in familiar for word in leads])
        if not len(unseen):
            return
        scores = rows.take(unseen).dot(self.sparse) + self.bias
        if dense is not None:
            scores += _small_product(dense[unseen], self.dense)
        one_vs_rest = _sigmoid(scores)
        family[unseen] = one_vs_rest / one_vs_rest.sum(axis=1, keepdims=True)


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
        context = float(arrays["context_weight"]) if "context_weight" in arrays else 0.0
        thesaurus = None
        if THESAURUS_FILE in meta.get("files", {}):
            thesaurus = LeadThesaurus.load(folder / THESAURUS_FILE, embeddings.index if embeddings else ())
        self.vectorizer = ClauseVectorizer(vocabulary, arrays["idf"], embeddings, weight, thesaurus, context)
        self._set_weights(arrays)
        self.unseen = None
        if "unseen_weights" in arrays:
            if thesaurus is None:
                raise ModelError(f"{folder}: the unseen-lead head needs {THESAURUS_FILE}")
            self.unseen = UnseenLeadHead.from_arrays(arrays, thesaurus)

    def _set_weights(self, arrays: dict[str, np.ndarray]) -> None:
        """The heads' weights in three blocks, each (features x outputs) so that a product copies nothing:
        the vocabulary columns (multiplied by their IDF, as ``BinaryRows.dot`` expects), the lead-vector
        columns and the intent rules' columns. Outputs: the section, the families, then the intents."""
        idf = arrays["idf"]
        vocabulary, embedded = len(idf), self.vectorizer.n_features  # the ends of the first two blocks
        head_values, head_scale = arrays["head_weights"], arrays["head_scale"]
        intent_values, intent_scale = arrays["intent_weights"], arrays["intent_scale"]
        self.sparse_weights = np.hstack(
            [
                dequantize_rows(head_values[:vocabulary], head_scale[:vocabulary] * idf),
                dequantize_rows(intent_values[:vocabulary], intent_scale[:vocabulary] * idf),
            ]
        )
        self.dense_weights = np.hstack(
            [
                dequantize_rows(head_values[vocabulary:embedded], head_scale[vocabulary:embedded]),
                dequantize_rows(intent_values[vocabulary:embedded], intent_scale[vocabulary:embedded]),
            ]
        )
        self.rule_weights = dequantize_rows(intent_values[embedded:], intent_scale[embedded:])
        self.bias = np.concatenate([arrays["head_bias"], arrays["intent_bias"]]).astype(np.float32)
        self.intent_thresholds = arrays["intent_thresholds"].astype(np.float32)

    def probabilities(
        self, texts: Sequence[str], sections: Sequence[str | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities of the operative section, of each family and of each intent.

        Intents are computed for operative clauses only (known, or predicted when unknown); the
        others get zeros.
        """
        rows, dense, leads = self.vectorizer.transform_with_leads(texts)
        scores = rows.dot(self.sparse_weights)
        if dense is not None:
            scores += _small_product(dense, self.dense_weights)
        scores += self.bias
        n_families = len(self.labels.families)
        section = _sigmoid(scores[:, 0])
        family = _softmax(scores[:, 1 : 1 + n_families])
        if self.unseen is not None:
            self.unseen.replace(family, rows, dense, leads)
        intents = np.zeros((len(texts), len(self.labels.intents)), dtype=np.float32)
        known = sections if sections is not None else [None] * len(texts)
        operative = [i for i, s in enumerate(known) if s == OPERATIVE or (s is None and section[i] >= 0.5)]
        if operative:
            names = self.labels.families
            best = np.argmax(family[operative], axis=1).tolist()
            rules = rule_features([texts[i] for i in operative], [names[b] for b in best])
            logits = scores[operative, 1 + n_families :] + _small_product(rules, self.rule_weights)
            intents[operative] = _sigmoid(logits)
        return section, family, intents

    def predict(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[Prediction]:
        """Label clause texts; a known section (from the markup or the segmenter) is kept.

        Texts go through in chunks of ``CHUNK``: the arrays of a chunk stay in the processor's cache.
        """
        predictions: list[Prediction] = []
        for start in range(0, len(texts), CHUNK):
            part = texts[start : start + CHUNK]
            known = sections[start : start + CHUNK] if sections is not None else None
            section, family, intents = self.probabilities(part, known)
            predictions += assemble_predictions(section, family, intents, known, self.labels, self.intent_thresholds)
        return predictions


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
