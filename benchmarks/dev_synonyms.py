"""Family F1 on validation clauses whose standard lead is replaced by an idiom or synonym of our
development list (``data/dev_synonyms.json``), for choosing robustness measures without the test split.

The test split's held-out synonyms (``training/perturb.py``) are kept for ``resolute evaluate``; the
two lists share no phrase. Prints, per model: the changed clauses, micro and macro family F1.

Usage: ``python benchmarks/dev_synonyms.py [MODEL ...] [--corpus DIR] [--seed N]`` (default: the shipped model).
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from sklearn.metrics import f1_score

from resolute.model.classify import load_classifier
from resolute.training.corpus import load_corpus
from resolute.training.perturb import development_synonym, development_synonyms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=[None], help="model folders (default: the shipped model)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: corpus/)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        synonyms = development_synonyms()
    except ValueError as error:
        raise SystemExit(str(error)) from None
    validation = load_corpus(args.corpus)["validation"]
    rng = random.Random(args.seed)
    texts, gold = [], []
    for text, family in zip(validation["text"], validation["family"], strict=True):
        if (changed := development_synonym(text, rng, family, synonyms)) is not None:
            texts.append(changed)
            gold.append(family)
    print(f"{len(texts):,} validation clauses with a development synonym for their lead")
    for model in args.models:
        classifier = load_classifier(model)
        found = [p.family for p in classifier.predict(texts)]
        micro = sum(f == g for f, g in zip(found, gold, strict=True)) / len(gold)
        macro = f1_score(gold, found, average="macro")
        print(f"{model or 'shipped model'}: family micro-F1 {micro:.4f}, macro-F1 {macro:.4f}")


if __name__ == "__main__":
    main()
