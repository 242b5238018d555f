"""The training workflow: corpus rows -> examples with targets -> a backend -> an artifact folder."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from importlib import metadata, resources
from pathlib import Path

from resolute.model.artifact import write_meta
from resolute.model.labels import LabelSet, load_labels
from resolute.model.records import OPERATIVE
from resolute.training.perturb import opens_with_held_out_synonym
from resolute.training.train_linear import Example

DEFAULT_CONFIGS = {"linear": "linear.json", "transformer": "transformer.json"}
LIBRARIES = ("resolute", "numpy", "scikit-learn", "datasets", "transformers", "torch")


def load_config(backend: str, path: str | Path | None = None) -> dict:
    """The training config: ``path`` when given, else the backend's default in ``training/configs``."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    name = DEFAULT_CONFIGS[backend]
    return json.loads(resources.files("resolute.training").joinpath("configs", name).read_text(encoding="utf-8"))


def fingerprint(rows: Iterable[Mapping]) -> str:
    """A short hash of the training rows (symbol, index, text, targets) that identifies the data."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{row['symbol']}\t{row['index']}\t{row['text']}\t{row.get('family')}\n".encode())
    return digest.hexdigest()[:16]


def build_examples(
    rows: Iterable[Mapping],
    gold: Mapping[tuple[str, int], tuple[str, ...]],
    silver: Callable[[Mapping], tuple[str, ...]],
    gold_weight: float,
    silver_weight: float = 1.0,
) -> list[Example]:
    """Examples from corpus rows: silver family, and intents from gold or else silver, each weighted."""
    examples = []
    for row in rows:
        intents: tuple[str, ...] = ()
        weight = silver_weight
        if row["section"] == OPERATIVE:
            key = (row["symbol"], int(row["index"]))
            if key in gold:
                intents, weight = tuple(gold[key]), gold_weight
            elif silver_weight > 0:
                intents = tuple(silver(row))
        examples.append(Example(row["text"], row["section"], row["family"], intents, weight))
    return examples


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape a model, for ``meta.json``."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def write_artifact_meta(
    out: Path,
    backend: str,
    config: dict,
    summary: dict,
    data_fingerprint: str,
    files: list[str],
    labels: LabelSet | None = None,
) -> None:
    """Write ``meta.json`` for a freshly trained model folder."""
    labels = labels or load_labels()
    meta = {
        "backend": backend,
        "labels_version": labels.version,
        "sections": list(labels.sections),
        "families": list(labels.families),
        "intents": list(labels.intents),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "training_data": data_fingerprint,
        "libraries": library_versions(),
        "config": config,
        "summary": summary,
    }
    write_meta(out, meta, files)


GOLD_PATH = Path("data/annotations/intents.jsonl")


GoldIntents = dict[tuple[str, int], tuple[str, ...]]


def gold_intents(corpus, path: Path, splits: tuple[str, ...]) -> GoldIntents:
    """Gold intents of the labelled paragraphs in ``splits``, checked against every split of ``corpus``."""
    if not path.is_file():
        return {}
    from resolute.training.annotations import load_gold

    rows = ({**row, "split": name} for name in corpus for row in corpus[name].to_list())
    joined = load_gold(path, rows)
    return {(str(g["symbol"]), int(g["index"])): tuple(g["intents"]) for g in joined if g["split"] in splits}


def train_model(
    corpus_dir: Path | None,
    backend: str,
    config: dict,
    out: Path,
    gold_path: Path = GOLD_PATH,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Train ``backend`` on the corpus's train split (gold intents weighted over silver) into ``out``."""
    from resolute.model.intent_rules import silver_intents
    from resolute.training.corpus import load_corpus

    corpus = load_corpus(corpus_dir)
    gold_splits = tuple(config.get("gold_splits", ["train"]))
    if "test" in gold_splits:
        raise ValueError("the test split's gold labels are never trained on")
    gold = gold_intents(corpus, gold_path, gold_splits)
    # The train split, plus the gold-labelled paragraphs of other splits that the config names.
    train_rows = corpus["train"].to_list() + [
        row
        for split in gold_splits
        if split != "train"
        for row in corpus[split].to_list()
        if (row["symbol"], int(row["index"])) in gold
    ]
    # The held-out row of ``evaluate`` measures leads that the training data lacks.
    train_rows = [row for row in train_rows if not opens_with_held_out_synonym(row["text"])]
    if progress:
        progress(f"{len(train_rows)} training clauses, {len(gold)} with gold intents")

    def silver(row: Mapping) -> tuple[str, ...]:
        return tuple(silver_intents(row["text"], row.get("lead"), row.get("family"), row.get("body"))[0])

    examples = build_examples(
        train_rows, gold, silver, float(config.get("gold_weight", 1.0)), float(config.get("silver_weight", 1.0))
    )
    if backend == "linear":
        from resolute.training.train_linear import train_linear

        summary, files = train_linear(examples, load_labels(), config, out, progress)
    else:
        from resolute.training.train_transformer import train_transformer

        summary, files = train_transformer(examples, load_labels(), config, out, progress)
    summary["gold_intent_clauses"] = len(gold)
    write_artifact_meta(out, backend, config, summary, fingerprint(train_rows), files)
    return summary
