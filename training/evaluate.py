"""Evaluate a model on a held-out split: per-class metrics, baseline, robustness, intents vs gold."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from resolute.model.classify import ClauseClassifier
from resolute.model.features import tokenize
from resolute.model.labels import LabelSet, load_labels
from resolute.model.lead_thesaurus import LeadThesaurus, lead_phrase
from resolute.model.records import OPERATIVE
from resolute.training.perturb import AUGMENTATIONS, HELD_OUT_SYNONYMS, held_out_synonym

PERTURBATIONS = ("typo_in_lead", "lower_case", "wrong_form_lead", "held_out_synonym", "remove_numbers")


def per_class(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict:
    """Precision, recall, F1 and support per class, with macro (over classes present) and micro F1."""
    from sklearn.metrics import precision_recall_fscore_support

    present = [c for c in classes if c in set(truth)]
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=present, zero_division=0)
    table = {c: {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(s[i])} for i, c in enumerate(present)}
    micro = float(np.mean([a == b for a, b in zip(truth, predicted, strict=True)])) if truth else 0.0
    return {"per_class": _rounded(table), "macro_f1": round(float(np.mean(f)), 4), "micro_f1": round(micro, 4)}


def rule_baseline(text: str, labels: LabelSet) -> str:
    """The family by lead lookup in labels.json (the opening words), ``other`` when nothing matches."""
    return labels.family_of_lead(" ".join(text.split()[:6])) or "other"


def perturb(texts: Sequence[str], families: Sequence[str], sections: Sequence[str], name: str, seed: int) -> list[str]:
    """Apply one named perturbation to every clause (unchanged where it does not apply)."""
    rng = random.Random(seed)
    if name == "held_out_synonym":
        return [held_out_synonym(t, rng, f, s) for t, f, s in zip(texts, families, sections, strict=True)]
    return [AUGMENTATIONS[name](t, rng) for t in texts]


def intent_metrics(truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], intents: Sequence[str]) -> dict:
    """Micro-F1 over intent sets, per-intent P/R/F1, and main-intent accuracy."""
    tp = fp = fn = 0
    table = {}
    for intent in intents:
        a = sum(1 for t, p in zip(truth, predicted, strict=True) if intent in t and intent in p)
        b = sum(1 for t, p in zip(truth, predicted, strict=True) if intent not in t and intent in p)
        c = sum(1 for t, p in zip(truth, predicted, strict=True) if intent in t and intent not in p)
        tp, fp, fn = tp + a, fp + b, fn + c
        prec = a / (a + b) if a + b else 0.0
        rec = a / (a + c) if a + c else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table[intent] = {"precision": prec, "recall": rec, "f1": f1, "support": a + c}
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    main = np.mean([bool(t) and bool(p) and t[0] == p[0] for t, p in zip(truth, predicted, strict=True)])
    return {
        "n": len(truth),
        "micro_f1": round(micro, 4),
        "main_intent_accuracy": round(float(main), 4) if truth else None,
        "per_intent": _rounded(table),
    }


def evaluate(
    classifier: ClauseClassifier,
    rows: Sequence[Mapping],
    gold: Mapping[tuple[str, int], Sequence[str]],
    seed: int = 7,
) -> dict:
    """All metrics of ``classifier`` on ``rows`` (a held-out split) and the gold intents among them."""
    labels = load_labels()
    texts = [r["text"] for r in rows]
    families = [r["family"] for r in rows]
    sections = [r["section"] for r in rows]
    bodies = [r["body"] for r in rows]
    predictions = classifier.predict(texts)
    predicted_families = [p.family for p in predictions]
    metrics: dict = {
        "clauses": len(rows),
        "section_accuracy": round(
            float(np.mean([p.section == s for p, s in zip(predictions, sections, strict=True)])), 4
        ),
        "family": per_class(families, predicted_families, labels.families),
        "family_baseline": per_class(families, [rule_baseline(t, labels) for t in texts], labels.families),
        "family_by_body": {},
    }
    for body in sorted(set(bodies)):
        idx = [i for i, b in enumerate(bodies) if b == body]
        truth = [families[i] for i in idx]
        scores = per_class(truth, [predicted_families[i] for i in idx], labels.families)
        metrics["family_by_body"][body] = {"clauses": len(idx), **{k: scores[k] for k in ("macro_f1", "micro_f1")}}
    metrics["robustness"] = robustness(classifier, texts, families, sections, labels, seed)
    metrics["held_out_in_thesaurus"] = held_out_in_thesaurus(classifier)
    metrics["intents_gold"] = _gold_intents(classifier, rows, predictions, gold, labels)
    metrics["confusion"] = _confusion(families, predicted_families, labels.families)
    return metrics


def held_out_in_thesaurus(classifier) -> dict | None:
    """How many held-out synonyms the model's lead thesaurus lists, and with their own family: the
    held-out row measures that coverage as much as the model's reading of the rest of the clause."""
    thesaurus = getattr(getattr(classifier, "vectorizer", None), "thesaurus", None)
    if thesaurus is None:
        return None
    pairs = [(p, f) for f, by in HELD_OUT_SYNONYMS.items() for listed in by.values() for p in listed]
    return thesaurus_coverage(thesaurus, pairs)


def thesaurus_coverage(thesaurus: LeadThesaurus, pairs: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Of the (lead phrase, family) ``pairs``: how many phrases, how many the thesaurus lists, and how
    many it lists with their family."""
    found = [thesaurus.synonym_family(lead_phrase(tokenize(phrase))) for phrase, _ in pairs]
    return {
        "phrases": len(pairs),
        "listed": sum(f is not None for f in found),
        "listed_with_their_family": sum(f == family for f, (_, family) in zip(found, pairs, strict=True)),
    }


def robustness(classifier, texts, families, sections, labels: LabelSet, seed: int) -> dict:
    """Family macro-F1 of the model and of the rule baseline on each perturbation of the texts."""
    table = {}
    mixed = list(texts)
    rng = random.Random(seed)
    choice = [rng.choice(PERTURBATIONS) for _ in texts]
    for name in PERTURBATIONS:
        changed = perturb(texts, families, sections, name, seed)
        for i, c in enumerate(choice):
            if c == name:
                mixed[i] = changed[i]
        table[name] = _perturbed_scores(classifier, texts, changed, families, labels)
    table["mixed"] = _perturbed_scores(classifier, texts, mixed, families, labels)
    return table


def _perturbed_scores(classifier, texts, changed, families, labels: LabelSet) -> dict:
    idx = [i for i, (a, b) in enumerate(zip(texts, changed, strict=True)) if a != b]
    truth = [families[i] for i in idx]
    subset = [changed[i] for i in idx]
    model = per_class(truth, [p.family for p in classifier.predict(subset)], labels.families)
    baseline = per_class(truth, [rule_baseline(t, labels) for t in subset], labels.families)
    return {
        "clauses_changed": len(idx),
        "model_macro_f1": model["macro_f1"],
        "model_micro_f1": model["micro_f1"],
        "baseline_macro_f1": baseline["macro_f1"],
        "baseline_micro_f1": baseline["micro_f1"],
    }


def _gold_intents(classifier, rows, predictions, gold, labels: LabelSet) -> dict | None:
    idx = [i for i, r in enumerate(rows) if r["section"] == OPERATIVE and (r["symbol"], int(r["index"])) in gold]
    if not idx:
        return None
    truth = [list(gold[(rows[i]["symbol"], int(rows[i]["index"]))]) for i in idx]
    operative = classifier.predict([rows[i]["text"] for i in idx], [OPERATIVE] * len(idx))
    return intent_metrics(truth, [list(p.intents) for p in operative], labels.intents)


def _confusion(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict:
    from sklearn.metrics import confusion_matrix

    present = [c for c in classes if c in set(truth) | set(predicted)]
    matrix = confusion_matrix(truth, predicted, labels=present)
    return {"labels": present, "matrix": matrix.tolist()}


def plot_confusion(confusion: dict, path: Path) -> None:
    """Save the family confusion matrix (row-normalised) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = confusion["labels"]
    matrix = np.asarray(confusion["matrix"], dtype=float)
    norm = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(11, 9))
    image = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(names)), names, rotation=90)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted family")
    ax.set_ylabel("silver family")
    for i in range(len(names)):
        for j in range(len(names)):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    int(matrix[i, j]),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if norm[i, j] > 0.5 else "black",
                )
    fig.colorbar(image, ax=ax, fraction=0.04)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(folder: Path, metrics: dict, meta: Mapping, split: str) -> None:
    """Write ``metrics.json``, ``confusion.png`` and the model card ``README.md`` into ``folder``."""
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    plot_confusion(metrics["confusion"], folder / "confusion.png")
    from resolute.training.model_card import model_card

    (folder / "README.md").write_text(model_card(metrics, meta, split), encoding="utf-8")


def _accuracy(predicted: Sequence[str], truth: Sequence[str]) -> float:
    return round(float(np.mean([a == b for a, b in zip(predicted, truth, strict=True)])), 4) if truth else 0.0


def _rounded(table: dict) -> dict:
    return {k: {m: (round(float(v), 4) if m != "support" else v) for m, v in d.items()} for k, d in table.items()}
