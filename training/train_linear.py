"""Train the linear backend: shared TF-IDF features, three logistic-regression heads, numpy export.

Training uses scikit-learn; the artifact holds plain numpy weights and the vocabulary, so that
inference needs neither scikit-learn nor unpickling.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from resolute.model.features import ClauseVectorizer, fit_vocabulary
from resolute.model.intent_rules import rule_features
from resolute.model.labels import LabelSet
from resolute.model.lead_thesaurus import THESAURUS_FILE, LeadThesaurus
from resolute.model.quantize import quantize_rows
from resolute.model.records import OPERATIVE
from resolute.model.static_embeddings import StaticEmbeddings
from resolute.training.perturb import AUGMENTATIONS


@dataclass(frozen=True)
class Example:
    """One training clause with its targets; ``intents`` is empty when unknown."""

    text: str
    section: str
    family: str
    intents: tuple[str, ...] = ()
    intent_weight: float = 1.0
    perturbation: str | None = None  # the augmentation that made this copy, None for the original


def augment(examples: Sequence[Example], names: Sequence[str], fraction: float, seed: int) -> list[Example]:
    """Add a perturbed copy of a random ``fraction`` of the examples (typos, case, wrong-form leads)."""
    rng = random.Random(seed)
    extra = []
    for example in examples:
        if rng.random() < fraction:
            name = rng.choice(list(names))
            text = AUGMENTATIONS[name](example.text, rng)
            if text != example.text:
                extra.append(
                    Example(text, example.section, example.family, example.intents, example.intent_weight, name)
                )
    return [*examples, *extra]


def report(message: str, progress: Callable[[str], None] | None) -> None:
    """Pass a progress message to ``progress`` when one is given (training backends share this)."""
    if progress:
        progress(message)


def train_linear(
    examples: Sequence[Example],
    labels: LabelSet,
    config: dict,
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict, list[str]]:
    """Fit the three heads on ``examples`` and write ``weights.npz`` and ``vocabulary.json`` to ``out``.

    Returns a summary (row counts, feature count) for ``meta.json`` and the names of the files written.
    """
    from sklearn.linear_model import LogisticRegression

    seed = int(config["seed"])
    rows = augment(examples, config["augmentations"], float(config["augment_fraction"]), seed)
    report(f"{len(examples)} clauses, {len(rows)} with augmented copies", progress)
    embeddings = StaticEmbeddings.load(config["lead_vectors"]) if config.get("lead_vectors") else None
    thesaurus = None
    if config.get("lead_thesaurus"):  # the static vectors' words are English words, never misspellings
        thesaurus = LeadThesaurus.load(config["lead_thesaurus"], embeddings.index if embeddings else ())
    vocabulary, idf = fit_vocabulary((r.text for r in rows), int(config["min_df"]), thesaurus)
    weight = float(config.get("embedding_weight", 0.0))
    context = float(config.get("context_weight", 0.0)) if embeddings is not None else 0.0
    vectorizer = ClauseVectorizer(vocabulary, idf, embeddings, weight, thesaurus, context)
    features = vectorizer.transform([r.text for r in rows])
    report(f"{features.shape[1]} features", progress)

    max_iter = int(config["max_iter"])
    # A wrong-form lead says nothing about the section the clause sits in: the section head skips those copies.
    form_kept = np.flatnonzero([r.perturbation != "wrong_form_lead" for r in rows])
    is_operative = np.array([rows[i].section == OPERATIVE for i in form_kept], dtype=int)
    section = LogisticRegression(C=float(config["section_C"]), max_iter=max_iter, random_state=seed)
    section.fit(features[form_kept], is_operative)
    report("section head fitted", progress)

    if config.get("unseen_lead_head") and thesaurus is None:
        raise ValueError("the unseen-lead head needs a lead_thesaurus in the config (its known lead words)")
    # The context columns serve the family head (unseen idioms); the intent heads read every column
    # but them (they scored lower with them on gold validation).
    context_columns = embeddings.dims if context else 0
    family_index = {name: i for i, name in enumerate(labels.families)}
    family_y = np.array([family_index[r.family] for r in rows])
    family = LogisticRegression(C=float(config["family_C"]), max_iter=max_iter, random_state=seed)
    # The family head's solver keeps one core busy for minutes: the other heads fit beside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        unseen_job = None
        if config.get("unseen_lead_head"):
            unseen_job = pool.submit(_fit_unseen_lead_head, examples, vectorizer, labels, config, progress)
        intent_job = pool.submit(_fit_intents, rows, features, labels, config, progress, context_columns)
        family.fit(features, family_y)
        report("family head fitted", progress)
        unseen = unseen_job.result() if unseen_job is not None else {}
        intent_coef, intent_intercept = intent_job.result()
    family_coef = np.zeros((len(labels.families), features.shape[1]), dtype=np.float32)
    family_intercept = np.full(len(labels.families), -30.0, dtype=np.float32)
    family_coef[family.classes_] = family.coef_
    family_intercept[family.classes_] = family.intercept_
    thresholds = np.full(len(labels.intents), float(config["intent_threshold"]), dtype=np.float32)

    out.mkdir(parents=True, exist_ok=True)
    files = ["weights.npz", "vocabulary.json"]
    if embeddings is not None:
        embeddings.save(out / "lead_vectors.npz")
        files.append("lead_vectors.npz")
    if thesaurus is not None:
        shutil.copyfile(config["lead_thesaurus"], out / THESAURUS_FILE)
        files.append(THESAURUS_FILE)
    head_weights, head_scale = quantize_rows(np.vstack([section.coef_, family_coef]).T)
    intent_weights, intent_scale = quantize_rows(intent_coef.T)
    np.savez_compressed(  # about half the size; decompressing costs some 0.1 s at loading
        out / "weights.npz",
        idf=idf.astype(np.float32),
        head_weights=head_weights,
        head_scale=head_scale,
        head_bias=np.concatenate([section.intercept_, family_intercept]).astype(np.float32),
        intent_weights=intent_weights,
        intent_scale=intent_scale,
        intent_bias=intent_intercept,
        pairs=vocabulary.pairs,
        intent_thresholds=thresholds,
        embedding_weight=np.float32(weight),
        context_weight=np.float32(context),
        **unseen,
    )
    (out / "vocabulary.json").write_text(json.dumps(vocabulary.strings(), ensure_ascii=False), encoding="utf-8")
    summary = {"train_clauses": len(examples), "train_rows_augmented": len(rows), "features": features.shape[1]}
    return summary, files


UNSEEN_LEAD_AUGMENTATIONS = ("unknown_lead", "real_word_lead", "thesaurus_lead")


def _fit_unseen_lead_head(
    examples: Sequence[Example], vectorizer: ClauseVectorizer, labels: LabelSet, config: dict, progress
) -> dict[str, np.ndarray]:
    """The ``unseen_*`` arrays of ``UnseenLeadHead``, the family head for clauses whose lead word is
    unfamiliar: neither the thesaurus's (``LeadThesaurus.familiar_words``) nor one that opens
    ``min_df`` training clauses (``unseen_openers``; the family head has learnt those), nor one edit
    from them.

    Its rows: every clause led by a word the thesaurus knows, its lead replaced by one of
    ``UNSEEN_LEAD_AUGMENTATIONS`` (clauses without a standard lead to replace are left out), and every
    clause led by another word, as it is, weighted ``unseen_lead_real_weight``: few, and mostly
    ``other`` (annex items such as "Promote the use of ..."), they would otherwise be outvoted by the
    replaced leads. One-vs-rest logistic regressions fitted by stochastic gradient descent over all
    the columns: some 20 s where ``LogisticRegression`` took five minutes."""
    from sklearn.linear_model import SGDClassifier

    assert vectorizer.thesaurus is not None
    familiar = vectorizer.thesaurus.familiar_words()
    seed = int(config["seed"])
    rng = random.Random(seed + 1)
    leads = vectorizer.lead_words([e.text for e in examples])
    known = [word in familiar for word in leads]
    texts, targets, real = [], [], []
    for is_known, example in zip(known, examples, strict=True):
        text = example.text
        if is_known:
            text = AUGMENTATIONS[rng.choice(UNSEEN_LEAD_AUGMENTATIONS)](text, rng)
            if text == example.text:
                continue
        texts.append(text)
        targets.append(labels.families.index(example.family))
        real.append(not is_known)
    weights = np.where(real, float(config["unseen_lead_real_weight"]), 1.0)
    head = SGDClassifier(
        loss="log_loss",
        alpha=float(config["unseen_lead_alpha"]),
        max_iter=int(config["unseen_lead_epochs"]),
        tol=None,
        random_state=seed,
        n_jobs=-1,  # one regression per family, each with its own generator: the same weights on any core count
    )
    head.fit(vectorizer.transform(texts), np.asarray(targets), sample_weight=weights)
    n_columns = vectorizer.n_features
    coef = np.zeros((len(labels.families), n_columns), dtype=np.float32)
    bias = np.full(len(labels.families), -30.0, dtype=np.float32)
    if len(head.classes_) == 2:  # one regression for both: the second class's, and its negation
        coef[head.classes_] = [-head.coef_[0], head.coef_[0]]
        bias[head.classes_] = [-head.intercept_[0], head.intercept_[0]]
    else:
        coef[head.classes_] = head.coef_
        bias[head.classes_] = head.intercept_
    report(f"unseen-lead head fitted on {len(texts)} clauses ({sum(real)} with their own unfamiliar lead)", progress)
    counts = Counter(word for word, is_known in zip(leads, known, strict=True) if word and not is_known)
    openers = sorted(word for word, count in counts.items() if count >= int(config["min_df"]))
    values, scale = quantize_rows(coef.T)
    return {"unseen_weights": values, "unseen_scale": scale, "unseen_bias": bias, "unseen_openers": np.array(openers)}


def _fit_intents(
    rows, features, labels: LabelSet, config: dict, progress, skipped: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """One binary logistic regression per intent, on the original (not augmented) operative clauses
    whose intents are known and weighted above zero, over the shared features but their last
    ``skipped`` columns (weight 0) and the intent rules' votes."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    keep = np.flatnonzero(
        [r.section == OPERATIVE and bool(r.intents) and r.intent_weight > 0 and r.perturbation is None for r in rows]
    )
    n_columns = features.shape[1] + 2 * len(labels.intents)
    coef = np.zeros((len(labels.intents), n_columns), dtype=np.float32)
    intercept = np.full(len(labels.intents), -30.0, dtype=np.float32)
    if not len(keep):
        report("no intent labels: the intent head is empty", progress)
        return coef, intercept
    kept = [rows[i] for i in keep]
    rules = rule_features([r.text for r in kept], [r.family for r in kept])
    read = features.shape[1] - skipped
    used = np.r_[0:read, features.shape[1] : n_columns]  # where the columns of ``subset`` sit in ``coef``
    subset = hstack([features[keep][:, :read], csr_matrix(rules)], format="csr")
    weights = np.array([r.intent_weight for r in kept])
    for j, intent in enumerate(labels.intents):
        y = np.array([intent in r.intents for r in kept], dtype=int)
        if y.min() == y.max():
            intercept[j] = 30.0 if y[0] else -30.0
            continue
        model = LogisticRegression(C=float(config["intent_C"]), max_iter=int(config["max_iter"]))
        model.fit(subset, y, sample_weight=weights)
        coef[j, used] = model.coef_[0]
        intercept[j] = model.intercept_[0]
    report(f"intent heads fitted on {len(kept)} operative clauses", progress)
    return coef, intercept
