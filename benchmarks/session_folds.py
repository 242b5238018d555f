"""Family figures on session folds of the train split, for choosing changes that the validation
split cannot judge.

The validation split holds 19 ``other`` clauses, so a change that moves ``other`` can look good
there and fail on the 65 of the test split. Each fold here holds out whole sessions of the train
split (GA 76, SC 2021, HRC 55: 86 ``other`` clauses; GA 74, SC 2017, HRC 54: 105), trains the
linear backend on the rest (gold intents of the rest only) and prints, on the held-out sessions:
family macro-F1 on clean text, the F1 of ``other``, and family macro-F1 on a mix of perturbations
(typos, lower case, wrong-form leads, numbers removed and our development idioms, as in
``benchmarks/dev_synonyms.py``; the test split's held-out synonyms stay out), averaged over three
seeds. One training per config and fold: about four and a half minutes each on two cores.

Usage: ``python benchmarks/session_folds.py [CONFIG ...] [--corpus DIR]`` (default: the shipped config).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
from pathlib import Path

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from datasets import DatasetDict

from resolute.model.classify import load_classifier
from resolute.model.labels import load_labels
from resolute.training.corpus import load_corpus
from resolute.training.evaluate import per_class, perturb
from resolute.training.perturb import development_synonym, development_synonyms
from resolute.training.workflow import GOLD_PATH, load_config, train_model

FOLDS = (
    {("GA", "76"), ("SC", "2021"), ("HRC", "55")},
    {("GA", "74"), ("SC", "2017"), ("HRC", "54")},
)
PERTURBATIONS = ("typo_in_lead", "lower_case", "wrong_form_lead", "remove_numbers")
SEEDS = (0, 1, 2)


def fold_corpus(train, held: set[tuple[str, str]], folder: Path):
    """Save in ``folder`` the train split with ``held`` sessions as its validation and test splits;
    returns those held-out clauses."""
    sessions = list(zip(train["body"], train["session"], strict=True))
    inside = [i for i, s in enumerate(sessions) if s in held]
    outside = [i for i, s in enumerate(sessions) if s not in held]
    held_out = train.select(inside)
    DatasetDict({"train": train.select(outside), "validation": held_out, "test": held_out}).save_to_disk(folder)
    return held_out


def fold_gold(held_symbols: set[str], path: Path) -> Path:
    """The gold intents of the train split outside the held-out documents, written to ``path``."""
    lines = GOLD_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        line for line in lines if (row := json.loads(line))["split"] == "train" and row["symbol"] not in held_symbols
    ]
    path.write_text("".join(kept), encoding="utf-8")
    return path


def mixed_texts(texts, families, sections, seed: int) -> tuple[list[str], list[str]]:
    """Each clause under one perturbation drawn at random (or a development idiom), changed clauses only."""
    rng = random.Random(seed)
    idioms = development_synonyms()
    changed = {name: perturb(texts, families, sections, name, seed) for name in PERTURBATIONS}
    changed["idiom"] = [development_synonym(t, rng, f, idioms) or t for t, f in zip(texts, families, strict=True)]
    choice = [rng.choice(list(changed)) for _ in texts]
    mixed = [changed[name][i] for i, name in enumerate(choice)]
    kept = [i for i, (a, b) in enumerate(zip(texts, mixed, strict=True)) if a != b]
    return [mixed[i] for i in kept], [families[i] for i in kept]


def scores(model: Path, held_out) -> dict:
    """Clean macro-F1, ``other`` F1 and mixed macro-F1 (mean over ``SEEDS``) of ``model`` on ``held_out``."""
    classifier = load_classifier(model)
    families = load_labels().families
    texts, truth, sections = list(held_out["text"]), list(held_out["family"]), list(held_out["section"])
    clean = per_class(truth, [p.family for p in classifier.predict(texts)], families)
    mixed = []
    for seed in SEEDS:
        changed, changed_truth = mixed_texts(texts, truth, sections, seed)
        mixed.append(per_class(changed_truth, [p.family for p in classifier.predict(changed)], families)["macro_f1"])
    other = clean["per_class"].get("other", {}).get("f1", float("nan"))
    return {"clean": clean["macro_f1"], "other": other, "mixed": statistics.mean(mixed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="*", default=[None], help="training configs (default: the shipped one)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: corpus/)")
    args = parser.parse_args()
    train = load_corpus(args.corpus)["train"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for f, held in enumerate(FOLDS):
            corpus = work / f"fold{f}"
            held_out = fold_corpus(train, held, corpus)
            gold = fold_gold(set(held_out["symbol"]), work / f"gold{f}.jsonl")
            names = ", ".join(f"{body} {session}" for body, session in sorted(held))
            print(f"fold {f + 1}: {names}: {len(held_out):,} clauses, {held_out['family'].count('other')} other")
            for c, config_path in enumerate(args.configs):
                config = {**load_config("linear", config_path), "gold_splits": ["train"]}
                model = work / f"model{f}_{c}"
                train_model(corpus, "linear", config, model, gold)
                s = scores(model, held_out)
                print(
                    f"  {config_path or 'shipped config'}: clean macro-F1 {s['clean']:.4f}, other F1 {s['other']:.3f}, "
                    f"mixed macro-F1 {s['mixed']:.4f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
