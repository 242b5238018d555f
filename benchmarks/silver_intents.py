"""Silver intents over the whole corpus: labelling speed, and precision/recall against the gold labels.

Labels every operative paragraph of the corpus with ``silver_intents_many`` (one core) and prints the
speed. When ``data/annotations/intents.jsonl`` exists, prints precision, recall and F1 per intent and
micro (intent sets), and main-intent accuracy, for all gold labels, the tuning part (train and
validation) and the test part; tune labelling functions against the tuning part only. Without gold
labels, prints the distribution of silver intents.

The corpus is the one ``resolute corpus build`` wrote (``--corpus``, default ``corpus/``), else the raw
corpus read on the fly (``$RESOLUTE_CORPUS``).

Usage: python benchmarks/silver_intents.py [--corpus DIR] [--gold FILE] [--part all|tuning|test]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from resolute.model.intent_rules import silver_intents_many
from resolute.model.labels import load_labels
from resolute.model.records import OPERATIVE
from resolute.training.annotations import load_gold
from resolute.training.corpus import clause_rows, default_corpus_dir, iter_corpus_documents, load_corpus
from resolute.training.corpus_sources import repo_root
from resolute.training.silver import SilverFamilies

COLUMNS = ("symbol", "index", "body", "lead", "text", "family", "split")


def operative_rows(corpus: Path) -> list[dict[str, object]]:
    """Operative paragraphs with the columns the labelling and the gold join need."""
    rows: list[dict[str, object]] = []
    if (corpus / "dataset_dict.json").is_file():
        dataset = load_corpus(corpus)
        for split in dataset:
            data = dataset[split].select_columns(["section", *(c for c in COLUMNS if c != "split")]).to_dict()
            for i, section in enumerate(data.pop("section")):
                if section == OPERATIVE:
                    rows.append({**{c: data[c][i] for c in data}, "split": split})
        return rows
    silver = SilverFamilies()
    for document, info in iter_corpus_documents():
        for row in clause_rows(document, info, silver):
            if row["section"] == OPERATIVE:
                rows.append({**{c: row[c] for c in COLUMNS if c != "split"}, "split": info.split})
    return rows


def scores(pairs: Iterable[tuple[Sequence[str], Sequence[str]]], intents: Sequence[str]) -> list[str]:
    """Table lines: precision, recall, F1 and support per intent and micro; main-intent accuracy."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    n = same_main = 0
    for predicted, gold in pairs:
        p, g = set(predicted), set(gold)
        tp.update(p & g)
        fp.update(p - g)
        fn.update(g - p)
        n += 1
        same_main += bool(predicted) and bool(gold) and predicted[0] == gold[0]

    def line(name: str, t: int, f_p: int, f_n: int) -> str:
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f"  {name:16s} {precision:9.3f} {recall:7.3f} {f1:7.3f} {t + f_n:8d} {t + f_p:9d}"

    lines = [f"  {'intent':16s} {'precision':>9s} {'recall':>7s} {'f1':>7s} {'gold':>8s} {'silver':>9s}"]
    lines += [line(i, tp[i], fp[i], fn[i]) for i in intents]
    lines.append(line("micro", sum(tp.values()), sum(fp.values()), sum(fn.values())))
    lines.append(f"  main intent accuracy: {same_main / n:.3f} over {n} paragraphs" if n else "  no paragraphs")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir(), help="built corpus folder")
    parser.add_argument("--gold", type=Path, default=repo_root() / "data" / "annotations" / "intents.jsonl")
    parser.add_argument(
        "--part", choices=("all", "tuning", "test"), default="all", help="which gold parts to score (tune on tuning)"
    )
    args = parser.parse_args(argv)
    intents = load_labels().intents

    started = time.perf_counter()
    rows = operative_rows(args.corpus)
    print(f"corpus: {len(rows)} operative paragraphs read in {time.perf_counter() - started:.1f} s")

    started = time.process_time()
    silver, _ = silver_intents_many(
        [r["text"] for r in rows], [r["lead"] for r in rows], [r["family"] for r in rows], [r["body"] for r in rows]
    )
    seconds = time.process_time() - started
    print(f"labelling: {len(rows)} paragraphs in {seconds:.1f} s CPU ({len(rows) / seconds:,.0f} per second)")

    if not args.gold.is_file():
        print(f"\ngold labels missing ({args.gold}): distribution of silver intents only")
        main_counts = Counter(found[0] for found in silver)
        any_counts = Counter(i for found in silver for i in found)
        print(f"  {'intent':16s} {'main':>7s} {'share':>6s} {'any':>7s}")
        for intent in intents:
            share = main_counts[intent] / len(rows)
            print(f"  {intent:16s} {main_counts[intent]:7d} {share:6.1%} {any_counts[intent]:7d}")
        sizes = Counter(len(found) for found in silver)
        print("  intents per paragraph: " + ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items())))
        return 0

    by_key = {(str(r["symbol"]), int(r["index"])): found for r, found in zip(rows, silver, strict=True)}
    gold = load_gold(args.gold, rows)
    parts = {
        "all gold": lambda split: args.part == "all",
        "tuning part (train + validation)": lambda split: args.part != "test" and split != "test",
        "test part": lambda split: args.part != "tuning" and split == "test",
    }
    for title, keep in parts.items():
        chosen = [g for g in gold if keep(g["split"])]
        if not chosen:
            continue
        print(f"\nsilver against gold, {title}: {len(chosen)} paragraphs")
        pairs = [(by_key[(str(g["symbol"]), int(g["index"]))], g["intents"]) for g in chosen]
        print("\n".join(scores(pairs, intents)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
